"""Reasons, caveats and the trace: written only when an output reads them.

Evaluating a sender decides its score and whether it is excluded, and notes which rules
fired or were left undecided (:class:`SenderRun`); the texts those rules say, the sources
they cite and the trace of every rule are made from those notes on first use
(:class:`~advisor.engine.lazy.Lazy`), exactly as an eager engine would have made them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from advisor.engine.evaluate import Outcome
from advisor.engine.here import SenderHere
from advisor.engine.language import FactValue
from advisor.engine.market import practice_text
from advisor.engine.numbers import sender_number_facts
from advisor.engine.results import Reason, Severity, TraceEntry
from advisor.engine.rules import CompiledRule
from advisor.intake import Intake
from advisor.knowledge import (
    Country,
    Effect,
    KnowledgeBase,
    Requirement,
    RequirementKind,
    Rule,
    SenderAttributes,
    Sourced,
)
from advisor.vocab import SenderId

Facts = dict[str, FactValue]


def because(rule: Rule, text: str, severity: Severity, cited: tuple[str, ...] = ()) -> Reason:
    sources = tuple(dict.fromkeys((*rule.source, *cited)))
    return Reason(rule.id, text, severity, sources, rule.as_of.isoformat())


def _fact_reason(rule: str, text: str, fact: Sourced, severity: Severity = "info") -> Reason:
    return Reason(rule, text, severity, fact.source, fact.as_of.isoformat())


def unique(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """The reasons without a repeated text (the first of each is kept)."""
    seen: dict[str, Reason] = {}
    for reason in reasons:
        seen.setdefault(reason.text, reason)
    return tuple(seen.values())


def unmarked(text: str) -> str:
    """A matrix cell without its footnote marks (``Instant****`` -> ``Instant``)."""
    return text.rstrip("*").rstrip()


def requirement_rule(requirement: Requirement) -> str:
    """The id a country's requirement is cited under (``country-ban``, ...)."""
    return f"country-{requirement.kind.value.replace('_', '-')}"


def _requirement_reason(requirement: Requirement, severity: Severity = "warning") -> Reason:
    return _fact_reason(requirement_rule(requirement), requirement.text, requirement, severity)


def _provider_ban(requirement: Requirement, kb: KnowledgeBase) -> Reason:
    names = ", ".join(kb.providers[p].name for p in requirement.providers)
    text = f"Not with {names}: {requirement.text.rstrip('.')}."
    return _fact_reason("country-provider-ban", text, requirement, "warning")


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


def trace_entry(rule: Rule, sender: SenderId | None, outcome: Outcome) -> TraceEntry:
    if outcome.value is None:
        return TraceEntry(rule.id, sender, "undecided", rule.effect, tuple(sorted(outcome.unknown)))
    return TraceEntry(rule.id, sender, "fired" if outcome.value else "not fired", rule.effect)


#: what each effect of a rule that fired says of a sender
_KIND = {
    Effect.EXCLUDE: "excluded",
    Effect.PREFER: "reasons",
    Effect.PENALISE: "caveats",
    Effect.CAVEAT: "caveats",
    Effect.WARN: "caveats",
}


#: the country's requirements a sender's caveats note (a prefix, quiet hours, content)
_NOTED = (RequirementKind.PREFIX, RequirementKind.QUIET_HOURS, RequirementKind.CONTENT)


class SenderRun:
    """One sender evaluated for one request: the rules that fired or were undecided.

    It keeps the request's facts, the sender's and the request's figures apart (the
    first two are shared with other runs) and joins them only when a text is written.
    """

    __slots__ = ("__dict__", "_numbers", "base", "events", "here", "intake", "kb")

    def __init__(
        self,
        kb: KnowledgeBase,
        here: SenderHere,
        base: Facts,
        numbers: Facts | None,
        events: Sequence[tuple[CompiledRule, Outcome]],
        intake: Intake,
    ) -> None:
        self.kb = kb
        self.here = here
        self.base = base
        self._numbers = numbers
        self.events = events
        self.intake = intake

    @property
    def numbers(self) -> Facts:
        """The sender's facts for the request's figures (made when first read)."""
        if self._numbers is None:
            self._numbers = sender_number_facts(self.kb, self.here.resolved.attributes, self.intake)
        return self._numbers

    @property
    def facts(self) -> Facts:
        """Every fact the sender's rules read for this request."""
        return {**self.base, **self.here.facts, **self.numbers}

    def _bans(self, kind: str) -> list[Requirement]:
        """The country's bans that say ``kind`` of the sender: ``excluded`` (a verdict) or
        ``caveats`` (one provider's ban, without a provider: what to avoid)."""
        here = self.here
        return [
            requirement
            for requirement in here.requirements
            if requirement.kind is RequirementKind.BAN
            and ("excluded" if requirement.excludes(here.any_provider) else "caveats") == kind
        ]

    def _events(self, kind: str) -> list[tuple[CompiledRule, Outcome]]:
        """The rules that say ``kind`` (``excluded``, ``reasons`` or ``caveats``) of the
        sender, in order: those that fired, by their effect; an undecided one is a caveat
        when a fact about the world (not an unanswered question) stopped it and the rule
        knows how to say it."""
        return [
            (compiled, outcome)
            for compiled, outcome in self.events
            if (
                _KIND.get(compiled.rule.effect) == kind
                if outcome.value is not None
                else kind == "caveats"
                and compiled.unknown is not None
                and not any(name.startswith("intake.") for name in outcome.unknown)
            )
        ]

    def _here_texts(self, name: str, make: Callable[[], Iterable[Reason]]) -> tuple[Reason, ...]:
        """Texts that only the sender here decides, written once for its kind of request
        (kept with it: :attr:`SenderHere.texts`)."""
        texts = self.here.texts
        found = texts.get(name)
        if found is None:
            found = texts[name] = tuple(make())
        return found

    def _written(self, kind: str) -> list[Reason]:
        """What the sender's bans and rules say of one kind, written: only those texts (a
        batch row reads the first choice's caveats, never its reasons)."""
        here, kb = self.here, self.kb
        written = list(
            self._here_texts(
                f"bans {kind}",
                lambda: [
                    _provider_ban(requirement, kb)
                    if kind == "caveats"
                    else _requirement_reason(requirement)
                    for requirement in self._bans(kind)
                ],
            )
        )
        events = self._events(kind)
        facts = self.facts if events else {}
        for compiled, outcome in events:
            rule = compiled.rule
            cited = tuple(
                s for name in compiled.cites for s in getattr(here.attributes, name).source
            )
            decided = outcome.value is not None
            template = compiled.reason if decided else compiled.unknown
            if template is None:  # pragma: no cover - _events keeps undecided ones that speak
                continue
            if decided and compiled.availability:
                cited = (*here.availability_sources, *cited)
            severity: Severity = rule.severity if decided else "warning"
            written.append(because(rule, template.render(facts), severity, cited))
        return written

    def exclusion_reasons(self) -> tuple[Reason, ...]:
        return unique(self._written("excluded"))

    def exclusion_rules(self) -> tuple[str, ...]:
        """The ids of what excludes the sender (the country's bans, then the rules), in
        the order of :meth:`exclusion_reasons` and without writing their texts."""
        return (
            *(requirement_rule(requirement) for requirement in self._bans("excluded")),
            *(compiled.rule.id for compiled, _ in self._events("excluded")),
        )

    def reasons(
        self,
        country: Country,
        firsts: dict[SenderId, tuple[str, ...]],
        name_of: Callable[[SenderId], str],
    ) -> tuple[Reason, ...]:
        reasons = self._written("reasons")
        practice = self.here.practice
        if practice is not None:
            rank, entry = practice
            sender = self.here.resolved.id
            text = practice_text(self.kb, country, sender, rank, firsts, name_of)
            reasons.insert(0, _fact_reason("country-practice", text, entry))
        return unique(reasons)

    def caveats(self) -> tuple[Reason, ...]:
        here = self.here
        notes = self._here_texts(
            "notes",
            lambda: [
                *(_requirement_reason(r) for r in here.requirements if r.kind in _NOTED),
                *_planning(here.attributes),
            ],
        )
        return unique([*self._written("caveats"), *notes])


def trace(
    intake_rules: Sequence[CompiledRule],
    sender_rules: Sequence[CompiledRule],
    base: Facts,
    runs: Sequence[tuple[SenderId, SenderRun]],
) -> list[TraceEntry]:
    """Every rule for the request, then every rule for every sender, in order."""
    entries = [trace_entry(c.rule, None, c.condition(base)) for c in intake_rules]
    for sender, run in runs:
        facts = run.facts
        entries.extend(trace_entry(c.rule, sender, c.condition(facts)) for c in sender_rules)
    return entries
