"""The engine: the knowledge base's rules applied to a customer's requirements.

``recommend(intake, kb)`` resolves every sender as it works in the destination
country, computes the facts the rules may use, evaluates every rule for every
sender (and the intake rules once), and returns a :class:`Recommendation`: ranked
candidates with their reasons and caveats, every excluded sender with the rules
that excluded it, warnings, the full trace, and, when nothing fits, the
conflicting requirements and what relaxing each would allow.

The engine never prints and never imports the CLI; it is memoised per intake.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from advisor.intake import Intake, TrafficProfile
from advisor.knowledge import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    Country,
    Effect,
    FactRef,
    KnowledgeBase,
    LeadTime,
    P2PProfile,
    Registration,
    Rule,
    Sender,
    SenderAttributes,
    Sourced,
    Throughput,
    Volume,
)
from advisor.render.cells import format_cell
from advisor.rules import (
    FactValue,
    Outcome,
    compile_condition,
    evaluate,
    placeholders,
    referenced_facts,
    render_template,
)
from advisor.vocab import Direction, SenderId, TrafficClass, UseCase

Severity = Literal["info", "warning"]


# --- Senders as they work in one country --------------------------------------------------------


class ResolvedSender(NamedTuple):
    """A sender with its variant and the country's overrides applied."""

    id: SenderId
    name: str
    sender: Sender
    attributes: SenderAttributes
    traffic_class: TrafficClass
    registered: bool


def resolve_sender(kb: KnowledgeBase, sender_id: SenderId, country_code: str) -> ResolvedSender:
    sender = kb.senders[sender_id]
    attributes = sender.attributes
    name = sender.name
    traffic_class = sender.traffic_class
    registered = sender.registered
    variant = next((v for v in sender.variants if v.applies_to(country_code)), None)
    if variant is not None:
        attributes = variant.overrides.apply(attributes)
        name = variant.name
        traffic_class = variant.traffic_class or traffic_class
        registered = variant.registered if variant.registered is not None else registered
    overrides = kb.countries[country_code].senders.get(sender_id)
    if overrides is not None:
        attributes = overrides.apply(attributes)
    return ResolvedSender(sender_id, name, sender, attributes, traffic_class, registered)


# --- Traffic class from the P2P profile ----------------------------------------------------------


def classify_traffic(profile: TrafficProfile, p2p: P2PProfile) -> tuple[TrafficClass | None, str]:
    """P2P or A2P from the per-number profile (None when no figure is given), with evidence."""
    checks = (
        ("messages_per_minute", "messages a minute", p2p.messages_per_minute_max, "above"),
        ("messages_per_day", "messages a day", p2p.messages_per_day_max, "above"),
        ("unique_recipients", "unique recipients", p2p.unique_recipients_max, "above"),
        ("inbound_outbound_ratio", "inbound per outbound", p2p.inbound_outbound_ratio_min, "below"),
    )
    beyond: list[str] = []
    within: list[str] = []
    for name, words, bound, side in checks:
        value = getattr(profile, name)
        if value is None:
            continue
        shown = f"{format_cell(value)} {words}"
        outside = value > bound if side == "above" else value < bound
        limit = f"P2P {'max' if side == 'above' else 'min'} {format_cell(bound)}"
        (beyond if outside else within).append(f"{shown}, {limit}")
    if beyond:
        return TrafficClass.A2P, "; ".join(beyond) + " per number"
    if within:
        return TrafficClass.P2P, "; ".join(within) + " per number"
    return None, ""


# --- Facts ---------------------------------------------------------------------------------------


def _country_facts(code: str, country: Country) -> dict[str, FactValue]:
    def known(value: str) -> str | None:
        return None if value == "unknown" else value

    return {
        "country.code": code,
        "country.name": country.name,
        "country.alpha_supported": known(country.alpha_supported.value),
        "country.alpha_registration": known(country.alpha_registration.value),
        "country.alpha_dynamic_delivered": known(country.alpha_dynamic_delivered.value),
        "country.domestic_long_code_sms": known(country.domestic_long_code_sms.value),
        "country.domestic_long_code_two_way": known(country.domestic_long_code_two_way.value),
        "country.international_long_code": known(country.international_long_code.value),
        "country.short_code": known(country.short_code.value),
        "country.toll_free_sms": known(country.toll_free_sms.value),
    }


def _intake_facts(intake: Intake, kb: KnowledgeBase) -> dict[str, FactValue]:
    traffic_class, evidence = classify_traffic(intake.profile, kb.p2p_profile)
    return {
        "intake.use_case": intake.use_case.value,
        "intake.direction": intake.direction.value,
        "intake.mps": intake.mps,
        "intake.daily_volume": intake.daily_volume,
        "intake.lead_time_days": intake.lead_time_days,
        "intake.priority": intake.priority.value,
        "intake.voice": intake.voice,
        "intake.traffic_class": traffic_class.value if traffic_class else None,
        "intake.traffic_evidence": evidence or None,
        "intake.time_sensitive": intake.use_case is UseCase.OTP,
    }


def mps_route(throughput: Throughput, mps: float | None) -> str | None:
    """How one sender reaches ``mps``: the trust-score tier, or the documented way to raise it."""
    if mps is None:
        return None
    if throughput.kind == "trust_score":
        fitting = [tier for tier in throughput.tiers if tier.mps >= mps]
        if not fitting:
            return None
        tier = min(fitting, key=lambda tier: tier.mps)
        return f"a brand trust score of {tier.trust_score} ({format_cell(tier.mps)} MPS)"
    return throughput.raise_how or None


def volume_route(volume: Volume, daily: int | None) -> str | None:
    """The volume tier a daily volume needs, when it is above the baseline tier."""
    if daily is None or not volume.tiers:
        return None
    baseline = max((t.daily_cap for t in volume.tiers if t.baseline), default=0)
    if daily <= baseline:
        return None
    fitting = [tier for tier in volume.tiers if tier.daily_cap >= daily]
    if not fitting:
        return None
    tier = min(fitting, key=lambda tier: tier.daily_cap)
    return (
        f"a {tier.label} brand (trust score {tier.trust_score}: "
        f"{format_cell(tier.daily_cap)} a day)"
    )


def _sender_facts(
    resolved: ResolvedSender, country: Country, intake: Intake
) -> dict[str, FactValue]:
    attributes = resolved.attributes
    throughput = attributes.throughput
    lead = attributes.lead_time
    numbers_needed: float | None = None
    if intake.mps is not None and throughput.default_mps:
        numbers_needed = float(math.ceil(intake.mps / throughput.default_mps))
    confirmed = resolved.id in country.two_way_options or (
        resolved.id is SenderId.LONG_CODE and country.domestic_long_code_two_way.value == "yes"
    )

    def known(value: str) -> str | None:
        return None if value == "unknown" else value

    return {
        "sender.id": resolved.id.value,
        "sender.name": resolved.name,
        "sender.kind": resolved.sender.kind.value,
        "sender.local": resolved.sender.local,
        "sender.registered": resolved.registered,
        "sender.two_way": attributes.direction.two_way,
        "sender.two_way_confirmed": confirmed,
        "sender.voice": known(attributes.voice.value.value),
        "sender.traffic_class": resolved.traffic_class.value,
        "sender.default_mps": throughput.default_mps,
        "sender.max_mps": throughput.max_mps,
        "sender.mps_text": throughput.text,
        "sender.mps_route": mps_route(throughput, intake.mps),
        "sender.numbers_needed": numbers_needed,
        "sender.adding_senders": throughput.adding_senders.value,
        "sender.volume_limited": attributes.volume.limited,
        "sender.daily_cap_max": attributes.volume.daily_cap_max,
        "sender.volume_route": volume_route(attributes.volume, intake.daily_volume),
        "sender.over_cap": attributes.volume.over_cap or None,
        "sender.lead_time_min_days": lead.days("min"),
        "sender.lead_time_max_days": lead.days("max"),
        "sender.lead_time_text": lead.text,
        "sender.recurring_fees": known(attributes.recurring_fees.value.value),
        "sender.carrier_fees": known(attributes.carrier_fees.value.value),
        "sender.registration_text": attributes.registration.text,
    }


# --- Results -------------------------------------------------------------------------------------


class Reason(NamedTuple):
    """Why: the rule (or attribute) behind a reason, caveat or warning, with its sources."""

    rule: str
    text: str
    severity: Severity = "info"
    sources: tuple[str, ...] = ()
    as_of: str = ""


def _because(rule: Rule, text: str, severity: Severity, cited: tuple[str, ...] = ()) -> Reason:
    sources = tuple(dict.fromkeys((*rule.source, *cited)))
    return Reason(rule.id, text, severity, sources, rule.as_of.isoformat())


#: The sender attribute each sender fact is read from, so a reason can cite the figure's source.
FACT_ATTRIBUTE = {
    "sender.two_way": "direction",
    "sender.voice": "voice",
    "sender.default_mps": "throughput",
    "sender.max_mps": "throughput",
    "sender.mps_text": "throughput",
    "sender.mps_route": "throughput",
    "sender.numbers_needed": "throughput",
    "sender.adding_senders": "throughput",
    "sender.volume_limited": "volume",
    "sender.daily_cap_max": "volume",
    "sender.volume_route": "volume",
    "sender.over_cap": "volume",
    "sender.lead_time_min_days": "lead_time",
    "sender.lead_time_max_days": "lead_time",
    "sender.lead_time_text": "lead_time",
    "sender.recurring_fees": "recurring_fees",
    "sender.carrier_fees": "carrier_fees",
    "sender.registration_text": "registration",
}


def rule_attributes(rule: Rule) -> tuple[str, ...]:
    """The sender attributes whose figures a rule reads or quotes, in a stable order."""
    names = {
        FACT_ATTRIBUTE[fact]
        for fact in (*referenced_facts(rule.when), *placeholders(rule.reason))
        if fact in FACT_ATTRIBUTE
    }
    return tuple(sorted(names))


def _attribute_sources(
    attribute_names: tuple[str, ...], attributes: SenderAttributes
) -> tuple[str, ...]:
    cited: list[str] = []
    for name in attribute_names:
        fact: Sourced = getattr(attributes, name)
        cited.extend(fact.source)
    return tuple(cited)


def _fact_reason(rule: str, text: str, fact: Sourced) -> Reason:
    return Reason(rule, text, "info", fact.source, fact.as_of.isoformat())


class TraceEntry(NamedTuple):
    """One rule evaluated for one sender (or for the intake)."""

    rule: str
    sender: SenderId | None
    outcome: Literal["fired", "not fired", "undecided"]
    effect: Effect
    unknown: tuple[str, ...] = ()


class Candidate(NamedTuple):
    sender: SenderId
    name: str
    score: int
    reasons: tuple[Reason, ...]
    caveats: tuple[Reason, ...]
    attributes: SenderAttributes
    summary: str

    @property
    def lead_time(self) -> LeadTime:
        return self.attributes.lead_time

    @property
    def registration(self) -> Registration:
        return self.attributes.registration


class Exclusion(NamedTuple):
    sender: SenderId
    name: str
    reasons: tuple[Reason, ...]


class Change(NamedTuple):
    field: str
    before: Any
    after: Any


class Relaxation(NamedTuple):
    sender: SenderId
    name: str
    changes: tuple[Change, ...]
    text: str


class Requirement(NamedTuple):
    """A requirement of the customer's and the senders it rules out."""

    field: str
    value: Any
    excludes: tuple[SenderId, ...]


class Conflicts(NamedTuple):
    summary: str
    requirements: tuple[Requirement, ...]
    relaxations: tuple[Relaxation, ...]
    #: senders ruled out by the country alone: no change of requirements brings them back.
    unavailable: tuple[SenderId, ...]


class Recommendation(NamedTuple):
    intake: Intake
    country: Country
    traffic_class: TrafficClass | None
    traffic_evidence: str
    recommendations: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]
    warnings: tuple[Reason, ...]
    trace: tuple[TraceEntry, ...]
    conflicts: Conflicts | None = None
    kb_as_of: str = ""

    @property
    def fits(self) -> bool:
        return bool(self.recommendations)

    @property
    def best(self) -> Candidate | None:
        return self.recommendations[0] if self.recommendations else None


# --- Evaluation ----------------------------------------------------------------------------------


@dataclass
class _Tally:
    score: int = 0
    excluded: list[Reason] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    caveats: list[Reason] = field(default_factory=list)


def _is_world_fact(name: str) -> bool:
    return not name.startswith("intake.")


def _apply(
    rule: Rule,
    outcome: Outcome,
    facts: dict[str, FactValue],
    tally: _Tally,
    attributes: SenderAttributes,
    cites: tuple[str, ...],
) -> None:
    if outcome.value is None:
        # Undecided: say so only when a fact about the world (not an unanswered question)
        # stopped it, and the rule knows how to say it.
        if rule.unknown and all(_is_world_fact(name) for name in outcome.unknown):
            cited = _attribute_sources(cites, attributes)
            tally.caveats.append(
                _because(rule, render_template(rule.unknown, facts), "warning", cited)
            )
        return
    if not outcome.value:
        return
    cited = _attribute_sources(cites, attributes)
    reason = _because(rule, render_template(rule.reason, facts), rule.severity, cited)
    match rule.effect:
        case Effect.EXCLUDE:
            tally.excluded.append(reason)
        case Effect.PREFER:
            tally.score += rule.weight
            tally.reasons.append(reason)
        case Effect.PENALISE:
            tally.score -= rule.weight
            tally.caveats.append(reason)
        case Effect.CAVEAT:
            tally.caveats.append(reason)
        case Effect.WARN:  # pragma: no cover - intake rules only; checked on load
            tally.caveats.append(reason)


def _unique(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    seen: dict[str, Reason] = {}
    for reason in reasons:
        seen.setdefault(reason.text, reason)
    return tuple(seen.values())


def unmarked(text: str) -> str:
    """A matrix cell without its footnote marks (``Instant****`` -> ``Instant``)."""
    return text.rstrip("*").rstrip()


def _caveats(resolved: ResolvedSender, tally: _Tally) -> tuple[Reason, ...]:
    """Rule caveats, then what a sales engineer must plan for: lead time, registration, fees."""
    attributes = resolved.attributes
    fees = (
        f"Fees: recurring: {unmarked(attributes.recurring_fees.text)}; "
        f"additional carrier fees: {unmarked(attributes.carrier_fees.text)}."
    )
    lead, registration = attributes.lead_time, attributes.registration
    planning = [
        _fact_reason("lead-time", f"Lead time to go live: {lead.text}.", lead),
        *(
            _fact_reason("registration", f"Registration: {step}.", registration)
            for step in registration.steps
        ),
        _fact_reason("fees", fees, attributes.recurring_fees),
    ]
    return _unique([*tally.caveats, *planning])


class Engine:
    """Rules over one knowledge base, memoised per intake."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._order = {sender: index for index, sender in enumerate(kb.senders)}
        self._resolved: dict[tuple[SenderId, str], ResolvedSender] = {}
        self._memo: dict[Intake, Recommendation] = {}
        # Each condition compiled once; rules keep the file's order.
        self._intake_rules = [
            (rule, compile_condition(rule.when)) for rule in kb.rules if rule.scope == "intake"
        ]
        self._sender_rules = [
            (rule, compile_condition(rule.when), rule_attributes(rule))
            for rule in kb.rules
            if rule.scope == "sender"
        ]

    def resolved(self, sender: SenderId, country: str) -> ResolvedSender:
        key = (sender, country)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = resolve_sender(self.kb, sender, country)
        return found

    def recommend(self, intake: Intake) -> Recommendation:
        cached = self._memo.get(intake)
        if cached is None:
            cached = self._memo[intake] = self._recommend(intake)
        return cached

    def _evaluate(
        self, intake: Intake
    ) -> tuple[list[Candidate], list[Exclusion], list[Reason], list[TraceEntry]]:
        kb = self.kb
        country = kb.countries[intake.country]
        base = {**_intake_facts(intake, kb), **_country_facts(intake.country, country)}
        trace: list[TraceEntry] = []
        warnings: list[Reason] = []
        for rule, condition in self._intake_rules:
            outcome = condition(base)
            trace.append(_trace(rule, None, outcome))
            if outcome.value:
                warnings.append(_because(rule, render_template(rule.reason, base), rule.severity))
        candidates: list[Candidate] = []
        exclusions: list[Exclusion] = []
        for sender_id in kb.senders:
            resolved = self.resolved(sender_id, intake.country)
            facts = {**base, **_sender_facts(resolved, country, intake)}
            tally = _Tally()
            for rule, condition, cites in self._sender_rules:
                outcome = condition(facts)
                trace.append(_trace(rule, sender_id, outcome))
                _apply(rule, outcome, facts, tally, resolved.attributes, cites)
            if tally.excluded:
                exclusions.append(Exclusion(sender_id, resolved.name, _unique(tally.excluded)))
            else:
                candidates.append(
                    Candidate(
                        sender=sender_id,
                        name=resolved.name,
                        score=tally.score,
                        reasons=_unique(tally.reasons),
                        caveats=_caveats(resolved, tally),
                        attributes=resolved.attributes,
                        summary=resolved.sender.summary,
                    )
                )
        candidates.sort(key=lambda c: (-c.score, self._order[c.sender]))
        return candidates, exclusions, warnings, trace

    def _recommend(self, intake: Intake) -> Recommendation:
        candidates, exclusions, warnings, trace = self._evaluate(intake)
        traffic_class, evidence = classify_traffic(intake.profile, self.kb.p2p_profile)
        conflicts = None if candidates else self._conflicts(intake, exclusions)
        return Recommendation(
            intake=intake,
            country=self.kb.countries[intake.country],
            traffic_class=traffic_class,
            traffic_evidence=evidence,
            recommendations=tuple(candidates),
            excluded=tuple(exclusions),
            warnings=tuple(warnings),
            trace=tuple(trace),
            conflicts=conflicts,
            kb_as_of=self.kb.meta.as_of.isoformat(),
        )

    # --- When nothing fits ----------------------------------------------------------------------

    def _conflicts(self, intake: Intake, exclusions: list[Exclusion]) -> Conflicts:
        rules = {rule.id: rule for rule in self.kb.rules}
        requirement_senders: dict[str, list[SenderId]] = {}
        relaxations: list[Relaxation] = []
        unavailable: list[SenderId] = []
        country = self.kb.countries[intake.country]
        for exclusion in exclusions:
            resolved = self.resolved(exclusion.sender, intake.country)
            facts = {
                **_intake_facts(intake, self.kb),
                **_country_facts(intake.country, country),
                **_sender_facts(resolved, country, intake),
            }
            proposals = [_relax(rules[reason.rule], facts, intake) for reason in exclusion.reasons]
            if any(proposal is None for proposal in proposals):
                # Ruled out by the country or the sender itself: no requirement is to blame.
                unavailable.append(exclusion.sender)
                continue
            changes: dict[str, Any] = {}
            for proposal in proposals:
                for name, value in (proposal or {}).items():
                    requirement_senders.setdefault(name, []).append(exclusion.sender)
                    changes[name] = _stricter(name, changes.get(name), value)
            relaxed = intake.model_copy(update=changes)
            if any(c.sender is exclusion.sender for c in self._evaluate(relaxed)[0]):
                ordered = tuple(
                    Change(name, getattr(intake, name), value)
                    for name, value in sorted(
                        changes.items(), key=lambda item: _FIELD_ORDER[item[0]]
                    )
                )
                relaxations.append(
                    Relaxation(
                        exclusion.sender,
                        exclusion.name,
                        ordered,
                        _relaxation_text(exclusion.name, ordered),
                    )
                )
        requirements = tuple(
            Requirement(name, _shown_value(getattr(intake, name)), tuple(dict.fromkeys(senders)))
            for name, senders in sorted(
                requirement_senders.items(), key=lambda item: _FIELD_ORDER[item[0]]
            )
        )
        return Conflicts(
            summary=_conflict_summary(requirements, unavailable, self.kb, intake),
            requirements=requirements,
            relaxations=tuple(relaxations),
            unavailable=tuple(unavailable),
        )


def _trace(rule: Rule, sender: SenderId | None, outcome: Outcome) -> TraceEntry:
    if outcome.value is None:
        return TraceEntry(rule.id, sender, "undecided", rule.effect, tuple(sorted(outcome.unknown)))
    return TraceEntry(rule.id, sender, "fired" if outcome.value else "not fired", rule.effect)


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
    kb: KnowledgeBase,
    intake: Intake,
) -> str:
    parts = []
    for requirement in requirements:
        words = _REQUIREMENT_WORDS[requirement.field].format(value=format_cell(requirement.value))
        names = ", ".join(str(sender) for sender in requirement.excludes)
        parts.append(f"{words} rules out {names}")
    country = kb.countries[intake.country].name
    if unavailable:
        names = ", ".join(str(sender) for sender in unavailable)
        use_case = intake.use_case.value
        parts.append(f"{names} cannot serve {use_case} traffic in {country} at all")
    return "No sender fits: " + "; ".join(parts) + "." if parts else "No sender fits."


# --- The library entry point ---------------------------------------------------------------------

_ENGINES: dict[int, Engine] = {}


def engine_for(kb: KnowledgeBase) -> Engine:
    """The memoising engine of a knowledge base (one per loaded file)."""
    engine = _ENGINES.get(id(kb))
    if engine is None or engine.kb is not kb:
        engine = _ENGINES[id(kb)] = Engine(kb)
    return engine


def recommend(intake: Intake, kb: KnowledgeBase) -> Recommendation:
    """Ranked senders for ``intake`` with reasons, exclusions, caveats and conflicts."""
    return engine_for(kb).recommend(intake)


__all__ = [
    "Candidate",
    "Change",
    "Conflicts",
    "Engine",
    "Exclusion",
    "Reason",
    "Recommendation",
    "Relaxation",
    "Requirement",
    "ResolvedSender",
    "TraceEntry",
    "classify_traffic",
    "engine_for",
    "recommend",
    "resolve_sender",
]
