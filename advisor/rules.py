"""The condition language of the decision rules, and its evaluator.

A rule's condition is a tree of ``all`` / ``any`` / ``not`` nodes over comparisons
of one *fact* with a literal or another fact (``{fact: intake.mps, gt: {fact:
sender.max_mps}}``). Facts form a closed registry (:data:`FACTS`): every name a
rule may use, with its type. Operators form a closed set dispatched through an
explicit table: there is no ``eval``, no attribute lookup by a name from the
file, and nothing in the YAML can run code.

Evaluation is three-valued (Kleene): a comparison with an unknown fact is
*unknown*, ``all`` is false when any part is false, ``any`` is true when any part
is true, and ``not unknown`` stays unknown. A rule fires only when its condition
is true; an undecided rule is reported with the unknown facts that stopped it.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from advisor.knowledge import (
    AddingSenders,
    AllOf,
    AlphaRegistration,
    AlphaSupport,
    AnyOf,
    Compare,
    Condition,
    Delivery,
    FactRef,
    Fees,
    NotOf,
    Rule,
    SenderKind,
    VoiceSupport,
    YesNo,
)
from advisor.render.cells import format_cell
from advisor.vocab import Direction, Priority, SenderId, TrafficClass, UseCase

FactValue = str | float | bool | None
Facts = Mapping[str, FactValue]
Tri = bool | None

Kind = Literal["enum", "number", "bool", "text"]


@dataclass(frozen=True, slots=True)
class FactSpec:
    kind: Kind
    description: str
    values: frozenset[str] = frozenset()


def _enum(values: type[StrEnum], description: str) -> FactSpec:
    return FactSpec("enum", description, frozenset(member.value for member in values))


def _known(values: type[StrEnum]) -> frozenset[str]:
    return frozenset(member.value for member in values if member.value != "unknown")


def _enum_known(values: type[StrEnum], description: str) -> FactSpec:
    """An enum fact whose ``unknown`` member arrives as an unknown value (None)."""
    return FactSpec("enum", description, _known(values))


#: Every fact a rule may name. ``intake.*`` facts come from the customer's answers,
#: ``country.*`` from the destination country, ``sender.*`` from the candidate sender
#: as it works in that country.
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
    "country.code": FactSpec("text", "ISO 3166 alpha-2 code"),
    "country.name": FactSpec("text", "country name"),
    "country.alpha_supported": _enum_known(AlphaSupport, "alphanumeric sender IDs shown"),
    "country.alpha_registration": _enum_known(AlphaRegistration, "alpha pre-registration"),
    "country.alpha_dynamic_delivered": _enum_known(Delivery, "fate of an unregistered alpha"),
    "country.domestic_long_code_sms": _enum_known(YesNo, "local long codes send A2P SMS"),
    "country.domestic_long_code_two_way": _enum_known(YesNo, "local long codes get replies"),
    "country.international_long_code": _enum_known(Delivery, "fate of a foreign long code"),
    "country.short_code": _enum_known(YesNo, "short codes exist for A2P"),
    "country.toll_free_sms": _enum_known(YesNo, "toll-free SMS exists"),
    "sender.id": _enum(SenderId, "sender id"),
    "sender.name": FactSpec("text", "sender name as it works in this country"),
    "sender.kind": _enum(SenderKind, "numeric or alphanumeric"),
    "sender.local": FactSpec("bool", "local to the destination country"),
    "sender.registered": FactSpec("bool", "registered or verified before sending"),
    "sender.two_way": FactSpec("bool", "can receive replies"),
    "sender.two_way_confirmed": FactSpec("bool", "a source names it as two-way here"),
    "sender.voice": _enum_known(VoiceSupport, "voice on the same sender"),
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
    "sender.recurring_fees": _enum_known(Fees, "recurring fees"),
    "sender.carrier_fees": _enum_known(Fees, "additional carrier fees"),
    "sender.registration_text": FactSpec("text", "the registration path"),
}

INTAKE_PREFIX = "intake."


# --- Evaluation ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """The value of a condition and, when it is unknown, the facts that made it so."""

    value: Tri
    unknown: frozenset[str] = frozenset()


TRUE = Outcome(True)
FALSE = Outcome(False)


def _number(value: FactValue) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


_ORDER: dict[str, Callable[[float, float], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


def _items(value: object) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else (value,)


def _equal(left: object, right: object) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return float(left) == float(right)
    return left == right


Compiled = Callable[[Facts], Outcome]

#: Compiled conditions, by the identity of the condition object (which the loaded
#: knowledge base keeps alive): a condition is compiled once, not once per evaluation.
_COMPILED: dict[int, tuple[Condition, Compiled]] = {}


def evaluate(condition: Condition, facts: Facts) -> Outcome:
    """The three-valued truth of ``condition`` over ``facts``."""
    return compile_condition(condition)(facts)


def compile_condition(condition: Condition) -> Compiled:
    """A condition as a function of the facts, built from the closed operator table.

    Compiling walks the tree once; evaluating then costs a few function calls per
    node. Nothing from the file is executed: each node becomes one of the closures
    below, chosen by the node's type and its operator's name in :data:`_ORDER` /
    :data:`_TESTS`.
    """
    cached = _COMPILED.get(id(condition))
    if cached is not None and cached[0] is condition:
        return cached[1]
    compiled = _compile(condition)
    _COMPILED[id(condition)] = (condition, compiled)
    return compiled


def _unknown(*names: str) -> Outcome:
    return Outcome(None, frozenset(names))


def _compile(condition: Condition) -> Compiled:
    match condition:
        case Compare():
            return _compile_compare(condition)
        case AllOf(all=parts):
            return _compile_all(tuple(_compile(part) for part in parts))
        case AnyOf(any=parts):
            return _compile_any(tuple(_compile(part) for part in parts))
        case NotOf(not_=inner):
            return _compile_not(_compile(inner))
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def _compile_all(parts: tuple[Compiled, ...]) -> Compiled:
    def run(facts: Facts) -> Outcome:
        unknown: list[Outcome] = []
        for part in parts:
            outcome = part(facts)
            if outcome.value is False:
                return FALSE
            if outcome.value is None:
                unknown.append(outcome)
        if unknown:
            return Outcome(None, frozenset().union(*(o.unknown for o in unknown)))
        return TRUE

    return run


def _compile_any(parts: tuple[Compiled, ...]) -> Compiled:
    def run(facts: Facts) -> Outcome:
        unknown: list[Outcome] = []
        for part in parts:
            outcome = part(facts)
            if outcome.value is True:
                return TRUE
            if outcome.value is None:
                unknown.append(outcome)
        if unknown:
            return Outcome(None, frozenset().union(*(o.unknown for o in unknown)))
        return FALSE

    return run


def _compile_not(inner: Compiled) -> Compiled:
    def run(facts: Facts) -> Outcome:
        outcome = inner(facts)
        if outcome.value is None:
            return outcome
        return FALSE if outcome.value else TRUE

    return run


def _test(name: str, literal: object) -> Callable[[FactValue, object], bool]:
    """The comparison function of one operator (the closed set)."""
    if name in _ORDER:
        order = _ORDER[name]
        return lambda left, right: order(_number(left), _number(right))  # type: ignore[arg-type]
    if name == "eq":
        return _equal
    if name == "ne":
        return lambda left, right: not _equal(left, right)
    if name == "in":
        return lambda left, right: any(_equal(left, item) for item in _items(right))
    if name == "not_in":
        return lambda left, right: not any(_equal(left, item) for item in _items(right))
    raise ValueError(f"unknown operator {name!r}")  # pragma: no cover - closed by the schema


def _compile_compare(node: Compare) -> Compiled:
    name = node.operator
    fact = node.fact
    operand = node.operand(name)
    if name == "known":
        wanted = bool(operand)
        return lambda facts: TRUE if (facts.get(fact) is not None) is wanted else FALSE
    if operand is None:  # pragma: no cover - Compare validates that one operator is given
        raise ValueError(f"comparison of {fact} has no operand")
    test = _test(name, operand)
    if isinstance(operand, FactRef):
        other = operand.fact

        def against_fact(facts: Facts) -> Outcome:
            left, right = facts.get(fact), facts.get(other)
            if left is None or right is None:
                return _unknown(*(n for n, v in ((fact, left), (other, right)) if v is None))
            return TRUE if test(left, right) else FALSE

        return against_fact
    literal = operand

    def against_literal(facts: Facts) -> Outcome:
        left = facts.get(fact)
        if left is None:
            return _unknown(fact)
        return TRUE if test(left, literal) else FALSE

    return against_literal


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


@functools.lru_cache(maxsize=1024)
def referenced_facts(condition: Condition) -> frozenset[str]:
    names: set[str] = set()
    for node in comparisons(condition):
        names.add(node.fact)
        operand = node.operand(node.operator)
        if isinstance(operand, FactRef):
            names.add(operand.fact)
    return frozenset(names)


# --- Templates ----------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([a-z_]+\.[a-z_]+)\}")


def render_template(template: str, facts: Facts) -> str:
    """Fill ``{fact.name}`` placeholders; nothing else in the text is interpreted."""
    return _PLACEHOLDER.sub(lambda match: format_cell(facts.get(match.group(1))), template)


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


# --- Checking a rule set when it is loaded ------------------------------------------------------


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


def _check_compare(node: Compare, path: str, scope: str) -> list[str]:
    spec = FACTS.get(node.fact)
    if spec is None:
        return [f"{path}.fact: unknown fact {node.fact!r}"]
    problems: list[str] = []
    if scope == "intake" and not node.fact.startswith(INTAKE_PREFIX):
        problems.append(f"{path}.fact: an intake rule can only use intake facts")
    name = node.operator
    operand = node.operand(name)
    where = f"{path}.{name}"
    if name in _ORDER and spec.kind != "number":
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
        elif scope == "intake" and not operand.fact.startswith(INTAKE_PREFIX):
            problems.append(f"{where}.fact: an intake rule can only use intake facts")
    elif name != "known":
        for index, item in enumerate(_items(operand)):
            problem = _literal_problem(spec, item)
            if problem:
                suffix = f"[{index}]" if isinstance(operand, tuple) else ""
                problems.append(f"{where}{suffix}: {problem}")
    return problems


def _check_condition(condition: Condition, path: str, scope: str) -> list[str]:
    match condition:
        case Compare():
            return _check_compare(condition, path, scope)
        case AllOf(all=parts):
            return [
                problem
                for index, part in enumerate(parts)
                for problem in _check_condition(part, f"{path}.all[{index}]", scope)
            ]
        case AnyOf(any=parts):
            return [
                problem
                for index, part in enumerate(parts)
                for problem in _check_condition(part, f"{path}.any[{index}]", scope)
            ]
        case NotOf(not_=inner):
            return _check_condition(inner, f"{path}.not", scope)
    return [f"{path}: not a condition"]  # pragma: no cover


def check_rules(rules: Iterable[Rule]) -> list[str]:
    """Every problem in a rule set, each naming its YAML path."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, rule in enumerate(rules):
        path = f"rules[{index}]"
        found: list[str] = []
        if rule.id in seen:
            found.append(f"{path}.id: {rule.id!r} is already used by rules[{seen[rule.id]}]")
        seen.setdefault(rule.id, index)
        found.extend(_check_condition(rule.when, f"{path}.when", rule.scope))
        for field in ("reason", "unknown"):
            for name in placeholders(getattr(rule, field)):
                if name not in FACTS:
                    found.append(f"{path}.{field}: unknown fact {{{name}}} in the text")
                elif rule.scope == "intake" and not name.startswith(INTAKE_PREFIX):
                    found.append(f"{path}.{field}: an intake rule can only show intake facts")
        problems.extend(f"{problem} (rule {rule.id})" for problem in found)
    return problems
