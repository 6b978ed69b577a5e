"""The engine as it was before it was optimised: the oracle of ``test_engine_fast.py``.

A plain interpreter, kept verbatim from the engine before its evaluation was compiled
and its reasons and trace made lazy (commit e62ddb8, with the market view, confirmation
and practice-text changes made since on main, and since 3 December 2026 a relaxation
offered only when the relaxed request's whole answer ranks its sender): every rule for
every sender,
each reason rendered with the regular expression, the full trace built at once, no
memo. The optimised engine must give equal answers; this copy exists only to prove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from advisor.engine import facts as f
from advisor.engine.changes import dated_changes
from advisor.engine.core import Engine
from advisor.engine.evaluate import Outcome, compile_condition, render_template
from advisor.engine.language import FactValue, placeholders, referenced_facts
from advisor.engine.market import market_offer, practice_firsts, practice_text
from advisor.engine.ranking import REPLIES_UNCONFIRMED, UNCONFIRMED, tie_of, without_unconfirmed
from advisor.engine.ranking import rank as rank_candidates
from advisor.engine.relax import (
    _FIELD_ORDER,
    _conflict_summary,
    _relax,
    _relaxation_text,
    _shown_value,
    _stricter,
    relaxed_intake,
)
from advisor.engine.results import (
    Candidate,
    Change,
    Conflicts,
    Exclusion,
    Reason,
    Recommendation,
    Relaxation,
    Severity,
    TraceEntry,
)
from advisor.engine.results import (
    Requirement as CustomerRequirement,
)
from advisor.engine.traffic import classify_traffic
from advisor.intake import Intake
from advisor.knowledge import (
    Effect,
    KnowledgeBase,
    Registration,
    Requirement,
    RequirementKind,
    Rule,
    SenderAttributes,
    Sourced,
    dated,
)
from advisor.knowledge.countries import REGISTRATION_KINDS
from advisor.vocab import Availability, Entity, SenderId


def _because(rule: Rule, text: str, severity: Severity, cited: tuple[str, ...] = ()) -> Reason:
    sources = tuple(dict.fromkeys((*rule.source, *cited)))
    return Reason(rule.id, text, severity, sources, rule.as_of.isoformat())


def _fact_reason(rule: str, text: str, fact: Sourced, severity: Severity = "info") -> Reason:
    return Reason(rule, text, severity, fact.source, fact.as_of.isoformat())


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


@dataclass
class _Tally:
    score: int = 0
    excluded: list[Reason] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    caveats: list[Reason] = field(default_factory=list)


def _apply(
    rule: Rule,
    outcome: Outcome,
    facts: dict[str, FactValue],
    tally: _Tally,
    cited: tuple[str, ...],
    availability_sources: tuple[str, ...],
) -> None:
    if outcome.value is None:
        # Undecided: say so only when a fact about the world (not an unanswered question)
        # stopped it, and the rule knows how to say it.
        if rule.unknown and not any(name.startswith("intake.") for name in outcome.unknown):
            text = render_template(rule.unknown, facts)
            tally.caveats.append(_because(rule, text, "warning", cited))
        return
    if not outcome.value:
        return
    if "sender.availability" in referenced_facts(rule.when):
        cited = (*availability_sources, *cited)
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
        case Effect.CAVEAT | Effect.WARN:
            tally.caveats.append(reason)


def _unique(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    seen: dict[str, Reason] = {}
    for reason in reasons:
        seen.setdefault(reason.text, reason)
    return tuple(seen.values())


def unmarked(text: str) -> str:
    """A matrix cell without its footnote marks (``Instant****`` -> ``Instant``)."""
    return text.rstrip("*").rstrip()


def _requirement_reason(requirement: Requirement, severity: Severity = "warning") -> Reason:
    return _fact_reason(
        f"country-{requirement.kind.value.replace('_', '-')}",
        requirement.text,
        requirement,
        severity,
    )


def _provider_ban(requirement: Requirement, kb: KnowledgeBase) -> Reason:
    names = ", ".join(kb.providers[p].name for p in requirement.providers)
    text = f"Not with {names}: {requirement.text.rstrip('.')}."
    return _fact_reason("country-provider-ban", text, requirement, "warning")


def _registration(attributes: SenderAttributes, requirements: list[Requirement]) -> Registration:
    """The sender's registration with the country's registrations added as steps."""
    extra = [r for r in requirements if r.kind in REGISTRATION_KINDS]
    if not extra:
        return attributes.registration
    base = attributes.registration
    steps = [
        *base.steps,
        *(
            f"{r.text.rstrip('.')} ({r.lead_time.text if r.lead_time else 'time unknown'})"
            for r in extra
        ),
    ]
    return base.model_copy(
        update={
            "required": True,
            "steps": tuple(dict.fromkeys(steps)),
            "source": tuple(dict.fromkeys((*base.source, *(s for r in extra for s in r.source)))),
        }
    )


def _planning(attributes: SenderAttributes) -> list[Reason]:
    """What a sales engineer must plan for: lead time, registration, fees."""
    fees = (
        f"Fees: recurring: {unmarked(attributes.recurring_fees.text)}; "
        f"additional carrier fees: {unmarked(attributes.carrier_fees.text)}."
    )
    lead, registration = attributes.lead_time, attributes.registration
    return [
        _fact_reason("lead-time", f"Lead time to go live: {lead.text}.", lead),
        *(
            _fact_reason("registration", f"Registration: {step.rstrip('.')}.", registration)
            for step in registration.steps
        ),
        _fact_reason("fees", fees, attributes.recurring_fees),
    ]


class ReferenceEngine(Engine):
    """The engine with the evaluation it had before, and no memo of answers."""

    def __init__(self, kb: KnowledgeBase) -> None:
        super().__init__(kb)
        self._reference_intake_rules = [
            (rule, compile_condition(rule.when)) for rule in kb.rules if rule.scope == "intake"
        ]
        self._reference_sender_rules = [
            (rule, compile_condition(rule.when), rule_attributes(rule))
            for rule in kb.rules
            if rule.scope == "sender"
        ]

    def recommend(self, intake: Intake) -> Recommendation:
        return self._recommend(intake)

    def evaluate(
        self, intake: Intake
    ) -> tuple[list[Candidate], list[Exclusion], list[Reason], list[TraceEntry]]:
        kb = self.kb
        country = kb.countries[intake.country]
        context = f.context_for(intake)
        base = {
            **f.intake_facts(intake, kb),
            **f.country_facts(kb, intake.country, country, context),
        }
        trace: list[TraceEntry] = []
        warnings: list[Reason] = []
        for rule, condition in self._reference_intake_rules:
            outcome = condition(base)
            trace.append(_trace(rule, None, outcome))
            if outcome.value:
                warnings.append(_because(rule, render_template(rule.reason, base), rule.severity))
        candidates: list[Candidate] = []
        exclusions: list[Exclusion] = []
        firsts = practice_firsts(country, intake)

        def name_of(sender: SenderId) -> str:
            return self.resolved(sender, intake.country, context).name

        for sender_id in sorted(kb.senders):  # sorted: no answer depends on the file's order
            resolved = self.resolved(sender_id, intake.country, context)
            offer = market_offer(kb, resolved, intake.country, intake)
            if offer.no_replies_from:
                resolved = f.for_replies(kb, resolved, offer.providers)
            requirements = f.applicable_requirements(country, intake, sender_id)
            lead = f.with_registrations(resolved.attributes.lead_time, requirements)
            practice = f.practice_rank(country, intake, sender_id)
            facts = {**base, **f.sender_facts(kb, resolved, intake, lead, practice is not None)}
            attributes = resolved.attributes.model_copy(
                update={
                    "lead_time": lead,
                    "registration": _registration(resolved.attributes, requirements),
                }
            )
            availability_sources = tuple(
                s for claim in resolved.availability.claims for s in claim.source
            )
            tally = _Tally()
            for requirement in requirements:
                if requirement.kind is not RequirementKind.BAN:
                    continue
                if requirement.providers and intake.provider is None:
                    # Without a provider, one provider's ban is what to avoid, not a verdict.
                    tally.caveats.append(_provider_ban(requirement, kb))
                else:
                    tally.excluded.append(_requirement_reason(requirement))
            for rule, condition, cites in self._reference_sender_rules:
                outcome = condition(facts)
                trace.append(_trace(rule, sender_id, outcome))
                cited = tuple(s for name in cites for s in getattr(attributes, name).source)
                _apply(rule, outcome, facts, tally, cited, availability_sources)
            if tally.excluded:
                exclusions.append(
                    Exclusion(
                        sender_id,
                        resolved.name,
                        _unique(tally.excluded),
                        tuple(reason.rule for reason in tally.excluded),
                    )
                )
                continue
            reasons = list(tally.reasons)
            if practice is not None:
                rank, entry = practice
                text = practice_text(kb, country, sender_id, rank, firsts, name_of)
                reasons.insert(0, _fact_reason("country-practice", text, entry))
            notes = [
                _requirement_reason(r)
                for r in requirements
                if r.kind
                in (RequirementKind.PREFIX, RequirementKind.QUIET_HOURS, RequirementKind.CONTENT)
            ]
            candidates.append(
                Candidate(
                    sender=sender_id,
                    name=resolved.name,
                    score=tally.score,
                    reasons=_unique(reasons),
                    caveats=_unique([*tally.caveats, *notes, *_planning(attributes)]),
                    attributes=attributes,
                    summary=resolved.sender.summary,
                    practice_rank=practice[0] if practice else None,
                    providers=offer.providers,
                    not_offered_by=offer.not_offered_by,
                    no_replies_from=offer.no_replies_from,
                    first_for=firsts.get(sender_id, ()),
                    confirmed=resolved.availability.value is not Availability.UNKNOWN
                    and not any(reason.rule == REPLIES_UNCONFIRMED for reason in tally.caveats),
                )
            )
        ranked, exclusions = without_unconfirmed(rank_candidates(candidates), exclusions)
        return ranked, exclusions, warnings, trace

    def _local_options(self, intake: Intake, exclusions: list[Exclusion]) -> list[Exclusion]:
        """Mark the excluded senders a business registered in the country could use."""
        if intake.entity is Entity.LOCAL:
            return exclusions
        context = f.context_for(intake)
        better = {
            exclusion.sender
            for exclusion in exclusions
            if dated.better_for_buyer(
                self.resolved(exclusion.sender, intake.country, context).local_availability,
                self.resolved(exclusion.sender, intake.country, context).availability.value,
            )
        }
        if not better:
            return exclusions
        local = self.evaluate(intake.model_copy(update={"entity": Entity.LOCAL}))[0]
        fits_locally = {c.sender for c in local} & better
        return [e._replace(local_entity_could=e.sender in fits_locally) for e in exclusions]

    def _recommend(self, intake: Intake) -> Recommendation:
        candidates, exclusions, warnings, trace = self.evaluate(intake)
        exclusions = self._local_options(intake, exclusions)
        traffic_class, evidence = classify_traffic(intake.profile, self.kb.p2p_profile)
        conflicts = None if candidates else conflicts_of(self, intake, exclusions)
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
            evaluated_on=intake.evaluated_on,
            changes=tuple(
                dated_changes(
                    self.kb,
                    intake,
                    candidates,
                    lambda sender: (
                        self.resolved(sender, intake.country, f.context_for(intake)).name
                    ),
                )
            ),
            tie=tie_of(candidates),
        )


def _trace(rule: Rule, sender: SenderId | None, outcome: Outcome) -> TraceEntry:
    if outcome.value is None:
        return TraceEntry(rule.id, sender, "undecided", rule.effect, tuple(sorted(outcome.unknown)))
    return TraceEntry(rule.id, sender, "fired" if outcome.value else "not fired", rule.effect)


def conflicts_of(engine: Engine, intake: Intake, exclusions: list[Exclusion]) -> Conflicts:
    """What the engine said when nothing fits, as it was before it kept the ids of the
    rules that exclude a sender and the facts it had already read."""
    kb = engine.kb
    rules = {rule.id: rule for rule in kb.rules}
    requirement_senders: dict[str, list[SenderId]] = {}
    relaxations: list[Relaxation] = []
    unavailable: list[SenderId] = []
    unconfirmed: list[SenderId] = []
    no_replies: list[SenderId] = []
    country = kb.countries[intake.country]
    context = f.context_for(intake)
    base = {
        **f.intake_facts(intake, kb),
        **f.country_facts(kb, intake.country, country, context),
    }
    for exclusion in exclusions:
        resolved = engine.resolved(exclusion.sender, intake.country, context)
        offer = market_offer(kb, resolved, intake.country, intake)
        if offer.no_replies_from:  # as the evaluation reads the sender (two-way figures)
            resolved = f.for_replies(kb, resolved, offer.providers)
        requirements = f.applicable_requirements(country, intake, exclusion.sender)
        lead = f.with_registrations(resolved.attributes.lead_time, requirements)
        practice = f.practice_rank(country, intake, exclusion.sender) is not None
        facts = {**base, **f.sender_facts(kb, resolved, intake, lead, practice)}
        proposals = [
            _relax(rules[reason.rule], facts, intake) if reason.rule in rules else None
            for reason in exclusion.reasons
        ]
        if any(proposal is None for proposal in proposals):
            # Ruled out by the country or the sender itself: no requirement is to blame.
            unavailable.append(exclusion.sender)
            if all(reason.rule == UNCONFIRMED for reason in exclusion.reasons):
                unconfirmed.append(exclusion.sender)
            elif all(reason.rule == REPLIES_UNCONFIRMED for reason in exclusion.reasons):
                no_replies.append(exclusion.sender)
            continue
        changes: dict[str, Any] = {}
        for proposal in proposals:
            for name, value in (proposal or {}).items():
                requirement_senders.setdefault(name, []).append(exclusion.sender)
                changes[name] = _stricter(name, changes.get(name), value)
        relaxed = relaxed_intake(intake, changes)
        if exclusion.sender in {candidate.sender for candidate in engine.evaluate(relaxed)[0]}:
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
        CustomerRequirement(
            name, _shown_value(getattr(intake, name)), tuple(dict.fromkeys(senders))
        )
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
