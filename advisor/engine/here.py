"""A sender in a country for one kind of request: what no rule has to decide.

Requests of one kind (country, provider, buyer, go-live day, use case and direction)
share a :class:`SenderHere`: the sender's facts there, the country's requirements that
apply to it, and its rules specialised in advance to everything the kind decides (a
decision table per rule), so that a request evaluates only what its own figures
decide (:func:`rules_say`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from advisor.engine import facts as f
from advisor.engine.evaluate import Outcome, Specialised, specialise
from advisor.engine.facts import ResolvedSender
from advisor.engine.language import FactValue
from advisor.engine.market import MarketOffer, market_offer
from advisor.engine.numbers import NUMBER_FACTS
from advisor.engine.results import Reason
from advisor.engine.rules import CompiledRule
from advisor.intake import Intake
from advisor.knowledge import (
    Country,
    KnowledgeBase,
    Registration,
    Requirement,
    SenderAttributes,
)
from advisor.knowledge.countries import REGISTRATION_KINDS, Practice

Facts = dict[str, FactValue]
#: The request's facts that the key of :meth:`Engine.here` decides: a sender's rules are
#: evaluated in advance over these, the country's and the sender's facts.
KNOWN_INTAKE = (
    "intake.use_case",
    "intake.direction",
    "intake.time_sensitive",
    "intake.entity",
    "intake.buyer",
    "intake.provider",
)
#: Specialisations a rule keeps (one per combination of the values it reads in advance).
TABLE_SIZE = 16_384
_MISSING = object()
#: A rule with its decision table: the values of the facts it reads that are known in
#: advance -> the rule specialised to them.
Table = dict[tuple[object, ...], Specialised]


def registration_with(
    attributes: SenderAttributes, requirements: list[Requirement]
) -> Registration:
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


#: What a sender's rules said for a request: the rules that fired or were undecided, with
#: their outcomes; its score; whether it is excluded.
Said = tuple[tuple[tuple[CompiledRule, Outcome], ...], int, bool]


@dataclass(frozen=True, slots=True)
class SenderHere:
    """A sender in a country for one kind of request: what no rule has to decide.

    The same for every request with the same country, provider, buyer, go-live day, use
    case and direction, so an engine keeps it.
    """

    resolved: ResolvedSender
    requirements: list[Requirement]
    #: its attributes there, the country's registrations counted in lead time and steps.
    attributes: SenderAttributes
    practice: tuple[int, Practice] | None
    #: the ``sender.*`` facts but those of the request's figures (``NUMBER_FACTS``).
    facts: Facts
    #: its rules that may fire or speak, each decided in advance (an outcome) or not (a
    #: function of the remaining facts), in the file's order.
    steps: tuple[tuple[CompiledRule, Specialised], ...]
    #: the sources of the availability claims (cited by rules that read availability).
    availability_sources: tuple[str, ...]
    #: a country's ban excludes it (not only one provider's, when no provider is given).
    banned: bool
    #: no provider was given: one provider's ban is a caveat, not a verdict.
    any_provider: bool
    #: who sells it (:func:`~advisor.engine.market.market_offer`).
    offer: MarketOffer
    #: the facts its undecided rules read that vary between requests of this kind: the
    #: request's (from its facts) and the sender's figures for them (``NUMBER_FACTS``);
    #: their values are the key of :attr:`runs`.
    residual: tuple[str, ...] = ()
    residual_numbers: tuple[str, ...] = ()
    #: what its rules said, by the values of :attr:`residual`: (events, score, excluded).
    runs: dict[tuple[FactValue, ...], Said] = field(default_factory=dict)
    #: the texts it alone decides (its bans, notes and plans), once written: by name
    #: (see :meth:`~advisor.engine.explain.SenderRun.caveats`).
    texts: dict[str, tuple[Reason, ...]] = field(default_factory=dict)
    #: its figures for a request's (``NUMBER_FACTS``), by the request's MPS, daily
    #: volume, provider and account rate (kept by the engine, see ``Engine._numbers``).
    numbers: dict[tuple[object, ...], Facts] = field(default_factory=dict)


def rules_say(here: SenderHere, facts: Facts) -> Said:
    """What the sender's rules say over ``facts``: events, score, whether excluded."""
    events: list[tuple[CompiledRule, Outcome]] = []
    score = 0
    excluded = here.banned
    for compiled, step in here.steps:
        outcome = step if isinstance(step, Outcome) else step(facts)
        value = outcome.value
        if value:
            events.append((compiled, outcome))
            score += compiled.points
            excluded = excluded or compiled.excludes
        elif value is None and compiled.unknown is not None:
            events.append((compiled, outcome))
    return tuple(events), score, excluded


def sender_here(
    kb: KnowledgeBase,
    resolved: ResolvedSender,
    intake: Intake,
    country: Country,
    base: Facts,
    rules: Iterable[tuple[CompiledRule, Table]],
) -> SenderHere:
    """The sender (``resolved`` for the intake's country and context) for the intake's
    kind of request, its ``rules`` specialised to what the kind decides (``base``: the
    request's and the country's facts)."""
    sender_id = resolved.id
    offer = market_offer(kb, resolved, intake.country, intake)
    if offer.no_replies_from:  # two-way, any provider: figures of those that reply
        resolved = f.for_replies(kb, resolved, offer.providers)
    requirements = f.applicable_requirements(country, intake, sender_id)
    lead = f.with_registrations(resolved.attributes.lead_time, requirements)
    practice = f.practice_rank(country, intake, sender_id)
    any_provider = intake.provider is None
    facts = f.sender_facts(kb, resolved, intake, lead, practice is not None)
    for name in NUMBER_FACTS:  # the request's own: given to each evaluation
        del facts[name]
    known = {name: base[name] for name in KNOWN_INTAKE}
    known.update((name, value) for name, value in base.items() if name.startswith("country."))
    known.update(facts)
    steps = []
    for compiled, table in rules:
        # a decision table per rule: the values of the facts it reads that are known
        # in advance -> the rule specialised to them
        values = tuple(known.get(name, _MISSING) for name in compiled.reads)
        step = table.get(values)
        if step is None:
            if len(table) >= TABLE_SIZE:
                table.clear()
            step = table[values] = specialise(compiled.shape, known)
        if isinstance(step, Outcome) and not (
            step.value or (step.value is None and compiled.unknown is not None)
        ):
            continue  # decided, and says nothing: not fired, or undecided and silent
        steps.append((compiled, step))
    residual = {
        name
        for compiled, step in steps
        if not isinstance(step, Outcome)
        for name in compiled.reads
        if name not in known
    }
    return SenderHere(
        resolved=resolved,
        requirements=requirements,
        attributes=resolved.attributes.model_copy(
            update={
                "lead_time": lead,
                "registration": registration_with(resolved.attributes, requirements),
            }
        ),
        practice=practice,
        facts=facts,
        steps=tuple(steps),
        availability_sources=tuple(
            s for claim in resolved.availability.claims for s in claim.source
        ),
        banned=any(r.excludes(any_provider) for r in requirements),
        any_provider=any_provider,
        offer=offer,
        residual=tuple(sorted(residual - set(NUMBER_FACTS))),
        residual_numbers=tuple(sorted(residual & set(NUMBER_FACTS))),
    )
