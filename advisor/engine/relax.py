"""When nothing fits: which requirements rule the senders out, and what relaxing each allows.

For every excluded sender, each exclusion rule that fired is falsified with the
least change of the customer's requirements (``_falsify`` walks the rule's
condition); the changes are combined and the sender is checked again with the
relaxed requirements: the relaxation is offered only when the answer to the relaxed
request would rank the sender (one no source confirms is ranked only beside one a
source confirms, :meth:`~advisor.engine.core.Engine.ranked_among`). A sender excluded
by the country itself (not sold, blocked, banned for the use case) is *unavailable*:
no relaxation brings it back.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from advisor.engine.evaluate import evaluate
from advisor.engine.language import AllOf, AnyOf, Compare, Condition, FactRef, FactValue
from advisor.engine.ranking import REPLIES_UNCONFIRMED, UNCONFIRMED
from advisor.engine.results import Change, Conflicts, Exclusion, Relaxation, Requirement
from advisor.intake import Intake
from advisor.knowledge import KnowledgeBase, Rule
from advisor.render.cells import format_cell
from advisor.vocab import Direction, SenderId, UseCase

if TYPE_CHECKING:
    from advisor.engine.core import Engine


def conflicts_of(engine: Engine, intake: Intake, exclusions: list[Exclusion]) -> Conflicts:
    kb = engine.kb
    rules = engine.rules
    requirement_senders: dict[str, list[SenderId]] = {}
    relaxations: list[Relaxation] = []
    unavailable: list[SenderId] = []
    unconfirmed: list[SenderId] = []
    no_replies: list[SenderId] = []
    base = engine.base_facts(intake)
    for exclusion in exclusions:
        facts = engine.facts_of(intake, exclusion.sender, base)
        proposals = [
            _relax(rules[rule], facts, intake) if rule in rules else None
            for rule in exclusion.rules
        ]
        if any(proposal is None for proposal in proposals):
            # Ruled out by the country or the sender itself: no requirement is to blame.
            unavailable.append(exclusion.sender)
            if all(rule == UNCONFIRMED for rule in exclusion.rules):
                unconfirmed.append(exclusion.sender)
            elif all(rule == REPLIES_UNCONFIRMED for rule in exclusion.rules):
                no_replies.append(exclusion.sender)
            continue
        changes: dict[str, Any] = {}
        for proposal in proposals:
            for name, value in (proposal or {}).items():
                requirement_senders.setdefault(name, []).append(exclusion.sender)
                changes[name] = _stricter(name, changes.get(name), value)
        relaxed = relaxed_intake(intake, changes)
        if exclusion.sender in engine.ranked_among(relaxed, exclusion.sender):
            ordered = tuple(
                Change(name, getattr(intake, name), value)
                for name, value in sorted(changes.items(), key=lambda item: _FIELD_ORDER[item[0]])
            )
            relaxations.append(
                Relaxation(
                    exclusion.sender,
                    exclusion.name,
                    ordered,
                    _relaxation_text(exclusion.name, ordered),
                )
            )
    requirements_out = tuple(
        Requirement(name, _shown_value(getattr(intake, name)), tuple(dict.fromkeys(senders)))
        for name, senders in sorted(
            requirement_senders.items(), key=lambda item: _FIELD_ORDER[item[0]]
        )
    )
    return Conflicts(
        summary=_conflict_summary(
            requirements_out, unavailable, unconfirmed, no_replies, kb, intake, base
        ),
        requirements=requirements_out,
        relaxations=tuple(relaxations),
        unavailable=tuple(unavailable),
    )


def relaxed_intake(intake: Intake, changes: dict[str, Any]) -> Intake:
    """The intake with some requirements changed (a new lead time moves the go-live day)."""
    data = {**intake.__dict__, **changes}  # its fields as they are: validated again below
    if "lead_time_days" in changes:
        data["go_live"] = None
    return Intake.model_validate(data)


# --- Relaxing requirements -----------------------------------------------------------------------

#: The customer's requirements that may be relaxed, in the order they are shown.
RELAXABLE = ("direction", "voice", "mps", "daily_volume", "lead_time_days")
_FIELD_ORDER = {name: index for index, name in enumerate(RELAXABLE)}


def _relax(rule: Rule, facts: dict[str, FactValue], intake: Intake) -> dict[str, Any] | None:
    """The least change of the intake that makes this (firing) rule stop firing, or None."""
    options = _falsify(rule.when, facts, intake)
    if not options:
        return None
    return min(options, key=lambda proposal: _cost(proposal, intake))


def _falsify(node: Condition, facts: dict[str, FactValue], intake: Intake) -> list[dict[str, Any]]:
    """Alternative intake changes, each making a true ``node`` false; empty: none can."""
    match node:
        case Compare():
            proposal = _relax_comparison(node, facts, intake)
            return [proposal] if proposal else []
        case AllOf(all=parts):
            # false as soon as one true part is made false
            return [
                option
                for part in parts
                if evaluate(part, facts).value is True
                for option in _falsify(part, facts, intake)
            ]
        case AnyOf(any=parts):
            # false only when every true part is made false
            combined: dict[str, Any] = {}
            for part in parts:
                if evaluate(part, facts).value is not True:
                    continue
                options = _falsify(part, facts, intake)
                if not options:
                    return []
                for name, value in min(options, key=lambda o: _cost(o, intake)).items():
                    combined[name] = _stricter(name, combined.get(name), value)
            return [combined] if combined else []
    return []  # a negation is not relaxed: its intake facts would have to become true


def _relax_comparison(
    node: Compare, facts: dict[str, FactValue], intake: Intake
) -> dict[str, Any] | None:
    """The change of one intake fact that makes this comparison false, if there is one."""
    if not node.fact.startswith("intake."):
        return None
    name = node.fact.removeprefix("intake.")
    if name not in RELAXABLE:
        return None
    if name == "direction" and intake.use_case is UseCase.CONVERSATIONAL:
        return None  # conversational messaging is two-way by definition
    operand = node.operand(node.operator)
    bound = facts.get(operand.fact) if isinstance(operand, FactRef) else operand
    match node.operator, bound:
        case "lt", int() | float():
            return {name: math.ceil(bound) if name == "lead_time_days" else bound}
        case "gt", int() | float():
            return {name: int(bound) if name == "daily_volume" else float(bound)}
        case "eq", bool():
            return {name: not bound}
        case "eq", str() if name == "direction" and getattr(intake, name) is Direction.TWO_WAY:
            return {name: Direction.ONE_WAY}
    return None


def _cost(proposal: dict[str, Any], intake: Intake) -> tuple[int, float]:
    """Fewer fields changed first, then the smaller relative change."""
    change = 0.0
    for name, value in proposal.items():
        before = getattr(intake, name)
        if isinstance(value, int | float) and not isinstance(value, bool) and before:
            change += abs(value - before) / abs(before)
    return len(proposal), change


def _stricter(name: str, current: Any, proposed: Any) -> Any:
    """Two changes of one field: keep the one that satisfies both."""
    if current is None:
        return proposed
    if name == "lead_time_days":
        return max(current, proposed)
    if name in ("mps", "daily_volume"):
        return min(current, proposed)
    return proposed


def _shown_value(value: Any) -> Any:
    return value.value if isinstance(value, Direction) else value


def _phrase(change: Change) -> str:
    after = change.after
    match change.field:
        case "lead_time_days":
            weeks = after / 7
            if after >= 14 and float(weeks).is_integer():
                return f"go-live can wait {format_cell(after)} days ({format_cell(weeks)} weeks)"
            return f"go-live can wait {format_cell(after)} days"
        case "mps":
            return f"the peak drops to {format_cell(after)} MPS"
        case "daily_volume":
            return f"the daily volume stays at or below {format_cell(after)}"
        case "direction":
            return "the traffic is one-way (no replies)"
        case "voice":
            return "voice is not needed on the same number"
    return f"{change.field} becomes {after}"  # pragma: no cover - RELAXABLE is closed


def _relaxation_text(name: str, changes: tuple[Change, ...]) -> str:
    return f"{name} fits if " + " and ".join(_phrase(change) for change in changes) + "."


_REQUIREMENT_WORDS = {
    "direction": "two-way messaging",
    "voice": "voice on the same number",
    "mps": "a peak of {value} MPS",
    "daily_volume": "{value} messages a day",
    "lead_time_days": "go-live in {value} days",
}


def _conflict_summary(
    requirements: tuple[Requirement, ...],
    unavailable: list[SenderId],
    unconfirmed: list[SenderId],
    no_replies: list[SenderId],
    kb: KnowledgeBase,
    intake: Intake,
    facts: dict[str, Any],
) -> str:
    parts = []
    for requirement in requirements:
        words = _REQUIREMENT_WORDS[requirement.field].format(value=format_cell(requirement.value))
        names = ", ".join(str(sender) for sender in requirement.excludes)
        parts.append(f"{words} rules out {names}")
    country = kb.countries[intake.country].name
    ruled_out = [s for s in unavailable if s not in unconfirmed and s not in no_replies]
    if ruled_out:
        names = ", ".join(str(sender) for sender in ruled_out)
        use_case = intake.use_case.value
        buyer = facts["intake.buyer"]
        parts.append(f"{names} cannot serve {use_case} traffic in {country} for {buyer}")
    provider = facts["intake.provider"]
    for senders, claim, advice in (
        (unconfirmed, "{names} can be had", "ask the provider before promising any of them"),
        (
            no_replies,
            "replies reach {names}",
            "test replies with the provider before promising two-way traffic",
        ),
    ):
        if senders:
            said = claim.format(names=", ".join(str(sender) for sender in senders))
            parts.append(f"no source confirms that {said} in {country} from {provider}: {advice}")
    lead = "No sender a source confirms fits" if unconfirmed or no_replies else "No sender fits"
    return f"{lead}: " + "; ".join(parts) + "." if parts else f"{lead}."
