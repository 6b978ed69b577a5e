"""The rule language: conditions over named facts, and the registry of those facts.

A rule's condition is a tree of ``all`` / ``any`` / ``not`` nodes over comparisons
of one *fact* with a literal or another fact (``{fact: intake.mps, gt: {fact:
sender.max_mps}}``). Facts form a closed registry (:data:`FACTS`): every name a
rule may use, with its type. Operators form a closed set. Nothing here imports the
knowledge base: the knowledge base's rules are written in this language, and the
engine evaluates them (:mod:`advisor.engine.evaluate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from advisor.vocab import (
    AddingSenders,
    Availability,
    Direction,
    Entity,
    Fees,
    Priority,
    SenderId,
    SenderKind,
    TrafficClass,
    UseCase,
    VoiceSupport,
)

_CONFIG = ConfigDict(frozen=True, extra="forbid", defer_build=True, populate_by_name=True)

#: Deeper conditions are refused on load: no rule needs more than a few levels.
MAX_DEPTH = 12

Literal_ = Annotated[str, Field(max_length=200)] | int | float | bool


class FactRef(BaseModel):
    model_config = _CONFIG

    fact: str = Field(max_length=80)


Operand = FactRef | Literal_ | tuple[Literal_, ...]

OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "known")


class Compare(BaseModel):
    """``{fact: intake.mps, gt: {fact: sender.max_mps}}``: one fact, one operator."""

    model_config = _CONFIG

    fact: str = Field(max_length=80)
    eq: Operand | None = None
    ne: Operand | None = None
    lt: Operand | None = None
    le: Operand | None = None
    gt: Operand | None = None
    ge: Operand | None = None
    in_: tuple[Literal_, ...] | None = Field(default=None, alias="in")
    not_in: tuple[Literal_, ...] | None = None
    known: bool | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Compare:
        given = [name for name in OPERATORS if self.operand(name) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a comparison needs exactly one operator of {', '.join(OPERATORS)}; "
                f"got {', '.join(given) or 'none'}"
            )
        return self

    def operand(self, name: str) -> Operand | None:
        value: Operand | None = getattr(self, "in_" if name == "in" else name)
        return value

    @property
    def operator(self) -> str:
        for name, attribute in _ATTRIBUTES:  # a loop, not a generator: relaxing reads it often
            if getattr(self, attribute) is not None:
                return name
        raise ValueError("a comparison without an operator")  # pragma: no cover - validated


#: each operator and the attribute that holds its operand
_ATTRIBUTES = tuple((name, "in_" if name == "in" else name) for name in OPERATORS)


class AllOf(BaseModel):
    model_config = _CONFIG

    all: tuple[Condition, ...] = Field(min_length=1, max_length=50)


class AnyOf(BaseModel):
    model_config = _CONFIG

    any: tuple[Condition, ...] = Field(min_length=1, max_length=50)


class NotOf(BaseModel):
    model_config = _CONFIG

    not_: Condition = Field(alias="not")


def _depth(value: Any, limit: int) -> int:
    """How deep a raw condition nests, counting no further than ``limit``."""
    if limit <= 0:
        return 0
    if isinstance(value, dict):
        return 1 + max((_depth(item, limit - 1) for item in value.values()), default=0)
    if isinstance(value, list | tuple):
        return max((_depth(item, limit) for item in value), default=0)
    return 0


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return {AllOf: "<all>", AnyOf: "<any>", NotOf: "<not>", Compare: "<compare>"}.get(
            type(value)
        )
    if isinstance(value, dict):
        # Refuse a deep tree before pydantic recurses into it (a hostile file nests 200 deep).
        if _depth(value, 2 * MAX_DEPTH + 2) > 2 * MAX_DEPTH:
            return None
        for key in ("all", "any", "not"):
            if key in value:
                return f"<{key}>"
        if "fact" in value:
            return "<compare>"
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("<all>")]
    | Annotated[AnyOf, Tag("<any>")]
    | Annotated[NotOf, Tag("<not>")]
    | Annotated[Compare, Tag("<compare>")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message=(
            f"expected a condition: all, any, not, or fact with an operator, "
            f"nested at most {MAX_DEPTH} deep"
        ),
    ),
]


# --- The registry of facts -----------------------------------------------------------------------

FactValue = str | float | bool | None
Kind = Literal["enum", "number", "bool", "text"]


@dataclass(frozen=True, slots=True)
class FactSpec:
    kind: Kind
    description: str
    values: frozenset[str] = frozenset()


def _enum(values: type[StrEnum], description: str) -> FactSpec:
    """An enum fact; an ``unknown`` member arrives as an unknown value (None)."""
    known = frozenset(member.value for member in values if member.value != "unknown")
    return FactSpec("enum", description, known)


#: How the engine reports a sender it may not use because of who the buyer is.
LOCAL_ONLY = "local_only"

#: Every fact a rule may name. ``intake.*`` facts come from the customer's answers,
#: ``country.*`` from the destination country, ``sender.*`` from the candidate sender
#: as it works in that country, for that provider and buyer, on the go-live day.
FACTS: dict[str, FactSpec] = {
    "intake.use_case": _enum(UseCase, "conversational, transactional, promotional or otp"),
    "intake.direction": _enum(Direction, "one-way or two-way"),
    "intake.mps": FactSpec("number", "peak throughput needed, segments per second"),
    "intake.daily_volume": FactSpec("number", "messages per day"),
    "intake.lead_time_days": FactSpec("number", "days until go-live"),
    "intake.priority": _enum(Priority, "deliverability or cost"),
    "intake.voice": FactSpec("bool", "voice needed on the same number"),
    "intake.traffic_class": _enum(TrafficClass, "p2p or a2p, from the traffic profile"),
    "intake.traffic_evidence": FactSpec("text", "the profile figures behind the class"),
    "intake.time_sensitive": FactSpec("bool", "one-time passcodes and other urgent messages"),
    "intake.entity": _enum(Entity, "the buyer: an international business or a local entity"),
    "intake.buyer": FactSpec("text", "the buyer in words"),
    "intake.provider": FactSpec("text", "the provider's name, or 'any provider'"),
    "country.code": FactSpec("text", "ISO 3166 alpha-2 code"),
    "country.name": FactSpec("text", "country name"),
    "country.reviewed": FactSpec("bool", "checked by hand against current sources"),
    "country.alpha_dynamic_delivered": _enum(
        Availability, "what becomes of an unregistered alphanumeric sender ID"
    ),
    "sender.id": _enum(SenderId, "sender id"),
    "sender.name": FactSpec("text", "sender name as it works in this country"),
    "sender.kind": _enum(SenderKind, "numeric or alphanumeric"),
    "sender.local": FactSpec("bool", "local to the destination country"),
    "sender.registered": FactSpec("bool", "registered or verified before sending"),
    "sender.availability": FactSpec(
        "enum",
        "whether the buyer can use it here: yes, partial, overwritten, no, or local_only "
        "(only a local entity can)",
        frozenset({*(a.value for a in Availability if a.value != "unknown"), LOCAL_ONLY}),
    ),
    "sender.availability_note": FactSpec(
        "text", "what the sources behind its availability add (for partial: which networks)"
    ),
    "sender.available_from": FactSpec("text", "the providers that offer it, in words"),
    "sender.refused_by": FactSpec(
        "text", "whose pages say it cannot be had: the provider, or in the market view who says so"
    ),
    "sender.two_way": FactSpec("bool", "a sender of this kind can receive replies"),
    "sender.replies": FactSpec("bool", "replies reach it in this country"),
    "sender.practice": FactSpec("bool", "providers' country guidance names it for this traffic"),
    "sender.voice": _enum(VoiceSupport, "voice on the same sender"),
    "sender.traffic_class": _enum(TrafficClass, "p2p-class or a2p-class sender"),
    "sender.default_mps": FactSpec("number", "MPS without extra steps"),
    "sender.max_mps": FactSpec("number", "most MPS one sender can get"),
    "sender.mps_text": FactSpec("text", "the throughput as the matrix states it"),
    "sender.mps_route": FactSpec("text", "how to reach the MPS needed"),
    "sender.numbers_needed": FactSpec("number", "senders of this kind needed at default MPS"),
    "sender.adding_senders": _enum(AddingSenders, "what more senders of this kind do"),
    "sender.volume_limited": FactSpec("bool", "a daily volume cap applies"),
    "sender.daily_cap_max": FactSpec("number", "highest daily cap without review"),
    "sender.volume_route": FactSpec("text", "the tier that covers the daily volume"),
    "sender.over_cap": FactSpec("text", "what it takes to exceed the daily cap"),
    "sender.lead_time_min_days": FactSpec("number", "fewest days to go live"),
    "sender.lead_time_max_days": FactSpec("number", "most days to go live"),
    "sender.lead_time_text": FactSpec("text", "lead time as the source states it"),
    "sender.lead_time_elsewhere_min_days": FactSpec(
        "number", "fewest days any other provider states, when the provider states none"
    ),
    "sender.lead_time_elsewhere_text": FactSpec(
        "text", "the other providers' lead times, when the provider states none"
    ),
    "sender.recurring_fees": _enum(Fees, "recurring fees"),
    "sender.carrier_fees": _enum(Fees, "additional carrier fees"),
    "sender.registration_text": FactSpec("text", "the registration path"),
}

INTAKE_PREFIX = "intake."
SENDER_PREFIX = "sender."


# --- Walking a condition -------------------------------------------------------------------------


def comparisons(condition: Condition) -> Iterable[Compare]:
    """Every comparison in a condition tree, in order."""
    match condition:
        case Compare():
            yield condition
        case AllOf(all=parts) | AnyOf(any=parts):
            for part in parts:
                yield from comparisons(part)
        case NotOf(not_=inner):
            yield from comparisons(inner)


def referenced_facts(condition: Condition) -> frozenset[str]:
    names: set[str] = set()
    for node in comparisons(condition):
        names.add(node.fact)
        operand = node.operand(node.operator)
        if isinstance(operand, FactRef):
            names.add(operand.fact)
    return frozenset(names)


_PLACEHOLDER = re.compile(r"\{([a-z_]+\.[a-z_]+)\}")


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def template_parts(template: str) -> list[str]:
    """The text between placeholders and the placeholders' fact names, alternating
    (``"a {x.y} b"`` -> ``["a ", "x.y", " b"]``): a template split once, filled many times."""
    return _PLACEHOLDER.split(template)


def fill(template: str, value_of: Any) -> str:
    """Fill ``{fact.name}`` placeholders with ``value_of(name)``; nothing else is read."""
    return _PLACEHOLDER.sub(lambda match: value_of(match.group(1)), template)


# --- Checking conditions when they are loaded ----------------------------------------------------


def _items(value: object) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else (value,)


def _literal_problem(spec: FactSpec, value: object) -> str | None:
    """Why ``value`` cannot be compared with a fact of this kind, or None."""
    if spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number, got {value!r}"
    elif spec.kind == "bool":
        if not isinstance(value, bool):
            return f"expected true or false, got {value!r}"
    elif spec.kind == "enum":
        if not isinstance(value, str) or value not in spec.values:
            allowed = ", ".join(sorted(spec.values))
            return f"expected one of {allowed}, got {value!r}"
    elif not isinstance(value, str):
        return f"expected text, got {value!r}"
    return None


def _scope_problem(fact: str, scope: str) -> str | None:
    if scope == "intake" and fact.startswith(SENDER_PREFIX):
        return "a request-wide (intake) rule cannot use sender facts"
    return None


def _check_compare(node: Compare, path: str, scope: str) -> list[str]:
    spec = FACTS.get(node.fact)
    if spec is None:
        return [f"{path}.fact: unknown fact {node.fact!r}"]
    problems: list[str] = []
    problem = _scope_problem(node.fact, scope)
    if problem:
        problems.append(f"{path}.fact: {problem}")
    name = node.operator
    operand = node.operand(name)
    where = f"{path}.{name}"
    if name in ("lt", "le", "gt", "ge") and spec.kind != "number":
        problems.append(f"{where}: {name} compares numbers; {node.fact} is {spec.kind}")
    if name in ("in", "not_in") and spec.kind not in ("enum", "text"):
        problems.append(f"{where}: {name} needs an enum or text fact; {node.fact} is {spec.kind}")
    if isinstance(operand, FactRef):
        other = FACTS.get(operand.fact)
        if other is None:
            problems.append(f"{where}.fact: unknown fact {operand.fact!r}")
        elif other.kind != spec.kind:
            problems.append(
                f"{where}.fact: cannot compare {node.fact} ({spec.kind}) "
                f"with {operand.fact} ({other.kind})"
            )
        elif _scope_problem(operand.fact, scope):
            problems.append(f"{where}.fact: {_scope_problem(operand.fact, scope)}")
    elif name != "known":
        for index, item in enumerate(_items(operand)):
            problem = _literal_problem(spec, item)
            if problem:
                suffix = f"[{index}]" if isinstance(operand, tuple) else ""
                problems.append(f"{where}{suffix}: {problem}")
    return problems


def check_condition(condition: Condition, path: str, scope: str, depth: int = 1) -> list[str]:
    """Every problem in a condition tree, each naming its YAML path."""
    if depth > MAX_DEPTH:
        return [f"{path}: nested more than {MAX_DEPTH} deep"]
    match condition:
        case Compare():
            return _check_compare(condition, path, scope)
        case AllOf(all=parts):
            return [
                problem
                for index, part in enumerate(parts)
                for problem in check_condition(part, f"{path}.all[{index}]", scope, depth + 1)
            ]
        case AnyOf(any=parts):
            return [
                problem
                for index, part in enumerate(parts)
                for problem in check_condition(part, f"{path}.any[{index}]", scope, depth + 1)
            ]
        case NotOf(not_=inner):
            return check_condition(inner, f"{path}.not", scope, depth + 1)
    return [f"{path}: not a condition"]  # pragma: no cover


def check_text(template: str, path: str, scope: str) -> list[str]:
    """Problems with the ``{fact}`` placeholders of a reason text."""
    problems = []
    for name in placeholders(template):
        if name not in FACTS:
            problems.append(f"{path}: unknown fact {{{name}}} in the text")
        elif _scope_problem(name, scope):
            problems.append(f"{path}: {_scope_problem(name, scope)}")
    return problems
