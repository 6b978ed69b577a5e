"""The facts the rules read: of the request, of the country, and of each sender there.

A sender "as it works in a country" starts from the sender matrix, takes the
variant for the country (the domestic long code outside the US), then the
country's claims read for the provider, buyer and day (:mod:`advisor.knowledge.dated`),
and the provider's own per-sender defaults where it has them.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from advisor.engine.elsewhere import elsewhere_facts, unknown_for
from advisor.engine.language import LOCAL_ONLY, FactValue
from advisor.engine.numbers import sender_number_facts
from advisor.engine.traffic import classify_traffic
from advisor.intake import Intake
from advisor.knowledge import (
    Country,
    KnowledgeBase,
    LeadTime,
    Requirement,
    Sender,
    SenderAttributes,
    Throughput,
    TimeUnit,
    dated,
)
from advisor.knowledge.countries import (
    REGISTRATION_KINDS,
    CountrySender,
    LeadTimeClaim,
    Practice,
)
from advisor.knowledge.provenance import borrowed_from, own_steps
from advisor.vocab import (
    Availability,
    Entity,
    SenderId,
    TrafficClass,
    UseCase,
    YesNo,
)


class ResolvedSender(NamedTuple):
    """A sender as it works in one country, for one provider (or any), buyer and day."""

    id: SenderId
    name: str
    sender: Sender
    attributes: SenderAttributes
    traffic_class: TrafficClass
    registered: bool
    availability: dated.Resolved
    #: what a local entity could have, when the buyer is an international business.
    local_availability: Availability | None
    replies: YesNo
    #: the throughput the sources give before it is checked against who sells the sender
    #: (None: ``attributes.throughput``); see :func:`for_replies`.
    claimed_throughput: Throughput | None = None
    #: the other providers' lead-time claims, when the provider's own lead time is unknown
    #: (see :mod:`advisor.engine.elsewhere`).
    lead_time_elsewhere: tuple[LeadTimeClaim, ...] = ()


def context_for(intake: Intake) -> dated.Context:
    return dated.Context(on=intake.evaluated_on, entity=intake.entity, provider=intake.provider)


def resolve_sender(
    kb: KnowledgeBase,
    sender_id: SenderId,
    country_code: str,
    context: dated.Context | None = None,
) -> ResolvedSender:
    """The sender in a country; without a context: today, an international buyer, any provider."""
    context = context or dated.Context(on=dt.date.today())
    sender = kb.senders[sender_id]
    attributes = sender.attributes
    name, traffic_class, registered = sender.name, sender.traffic_class, sender.registered
    rules_country = kb.countries[country_code].rules_country(country_code, sender_id)
    variant = sender.variant_for(rules_country)
    if variant is not None:
        attributes = variant.overrides.apply(attributes)
        name = variant.name
        traffic_class = variant.traffic_class or traffic_class
        registered = variant.registered if variant.registered is not None else registered
    entry = kb.country_sender(country_code, sender_id)
    changes: dict[str, object] = {}
    lead = dated.lead_time(entry, context)
    elsewhere: tuple[LeadTimeClaim, ...] = ()
    if lead is not None:
        changes["lead_time"] = lead
    elif context.provider is not None and not attributes.lead_time.known:
        elsewhere = dated.lead_time_elsewhere(entry, context)
        if elsewhere:
            provider = kb.providers[context.provider].name
            changes["lead_time"] = unknown_for(provider, attributes.lead_time, elsewhere)
    claimed = _throughput(kb, sender_id, country_code, entry, context) or attributes.throughput
    sellers = (context.provider,) if context.provider else dated.offering(entry, context)
    throughput = _own_figure(kb, claimed, sellers)
    if throughput is not attributes.throughput:
        changes["throughput"] = throughput
    registration = dated.registration(entry, context)
    if registration is not None:
        changes["registration"] = registration
    own = own_steps(kb, registration or attributes.registration, context.provider)
    if own is not None:
        changes["registration"] = own
    if changes:
        attributes = attributes.model_copy(update=changes)
    local = None
    if context.entity is Entity.INTERNATIONAL:
        local_context = dated.Context(context.on, Entity.LOCAL, context.provider)
        local = dated.availability(entry, local_context).value
    replies, _ = dated.two_way(entry, context)
    return ResolvedSender(
        sender_id,
        name,
        sender,
        attributes,
        traffic_class,
        registered,
        dated.availability(entry, context),
        local,
        replies,
        claimed,
        elsewhere,
    )


def for_replies(
    kb: KnowledgeBase, resolved: ResolvedSender, providers: tuple[str, ...]
) -> ResolvedSender:
    """The sender for two-way traffic in the market view, its throughput the figure of a
    provider in ``providers`` (those that sell it and do not say replies fail to reach
    it), or unknown: a provider whose page says replies fail is not who the customer
    will buy two-way traffic from, so its figure is not the answer's (JM's international
    long code: Twilio's 10 MPS, but only Bird's replies are not denied)."""
    if not providers:
        return resolved
    claimed = resolved.claimed_throughput or resolved.attributes.throughput
    throughput = _own_figure(kb, claimed, providers)
    if throughput.default_mps == resolved.attributes.throughput.default_mps and (
        throughput.text == resolved.attributes.throughput.text
    ):
        return resolved
    attributes = resolved.attributes.model_copy(update={"throughput": throughput})
    return resolved._replace(attributes=attributes)


def joined(names: list[str], word: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C`` (or with ``or``)."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def _own_figure(
    kb: KnowledgeBase, throughput: Throughput, sellers: tuple[str | None, ...]
) -> Throughput:
    """A figure resting only on the pages of providers that do not sell the sender is unknown.

    For one provider, its own figure or the market's (never another provider's); for the
    market, a figure of one of the providers that offer the sender (or the market's). With
    no seller known, or the country's own offer (None), the figure stands.
    """
    if not sellers or None in sellers:
        return throughput
    borrowed = [borrowed_from(kb, p, throughput.source) for p in sellers if p is not None]
    if any(publisher is None for publisher in borrowed):
        return throughput
    names = joined([kb.providers[p].name for p in sellers if p is not None], "or")
    return throughput.model_copy(
        update={
            "text": f"unknown at {names} ({borrowed[0]}: {throughput.text})",
            "default_mps": None,
            "max_mps": None,
        }
    )


def _throughput(
    kb: KnowledgeBase,
    sender_id: SenderId,
    country_code: str,
    entry: CountrySender,
    context: dated.Context,
) -> Throughput | None:
    claim = dated.throughput(entry, context)
    provider = kb.providers.get(context.provider) if context.provider else None
    rate = kb.sender_rate(provider, sender_id, country_code) if provider else None
    if rate is not None and (claim is None or context.provider not in claim.providers):
        return Throughput(
            text=f"{rate.text} ({provider.name if provider else context.provider})",
            kind="fixed",
            default_mps=rate.default_mps,
            max_mps=rate.max_mps,
            raise_how=rate.raise_how,
            adding_senders=rate.adding_senders,
            source=rate.source,
            as_of=rate.as_of,
            note=rate.note,
        )
    return claim  # a claim is a throughput with its scope: it serves as one as it is


def availability_value(resolved: ResolvedSender) -> str | None:
    """``sender.availability``: the buyer's availability, ``local_only`` when only locals can."""
    value = resolved.availability.value
    if value is Availability.NO and resolved.local_availability not in (
        None,
        Availability.NO,
        Availability.UNKNOWN,
    ):
        return LOCAL_ONLY
    return None if value is Availability.UNKNOWN else value.value


def availability_note(availability: dated.Resolved) -> str | None:
    """``sender.availability_note``: the notes of the claims that give the availability.

    A ``partial`` claim's note says on which networks the sender is shown as sent (FJ:
    "only Vodafone Fiji delivers ..."); each note is said once, without its final stop.
    """
    notes = (claim.note.strip().rstrip(".").strip() for claim in availability.claims)
    return "; ".join(dict.fromkeys(note for note in notes if note)) or None


def practice_rank(
    country: Country, intake: Intake, sender: SenderId
) -> tuple[int, Practice] | None:
    """The sender's place in the country's documented practice for this traffic."""
    context = context_for(intake)
    for entry in country.practice:
        if not entry.covers(intake.use_case, intake.direction):
            continue
        if not entry.holds_for(context.entity, context.on):
            continue
        if (
            entry.providers
            and intake.provider is not None
            and intake.provider not in entry.providers
        ):
            continue
        if sender in entry.senders:
            return entry.senders.index(sender), entry
    return None


def applicable_requirements(
    country: Country, intake: Intake, sender: SenderId
) -> list[Requirement]:
    return [
        requirement
        for requirement in dated.requirements(country, context_for(intake))
        if requirement.applies_to(sender, intake.use_case)
    ]


def with_registrations(lead: LeadTime, requirements: list[Requirement]) -> LeadTime:
    """The lead time once the country's registrations are counted (they run side by side)."""
    registrations = [r for r in requirements if r.kind in REGISTRATION_KINDS]
    if not registrations:
        return lead
    mins = [lead.days("min")] + [
        r.lead_time.days("min") if r.lead_time else None for r in registrations
    ]
    maxes = [lead.days("max")] + [
        r.lead_time.days("max") if r.lead_time else None for r in registrations
    ]
    known_mins = [value for value in mins if value is not None]
    parts = [lead.text] + [
        f"{r.title}: {r.lead_time.text if r.lead_time else 'time not stated'}"
        for r in registrations
    ]
    return LeadTime(
        text="; ".join(parts),
        min=max(known_mins) if known_mins else None,
        max=None if None in maxes else max(value for value in maxes if value is not None),
        unit=TimeUnit.DAYS,
        source=tuple(dict.fromkeys((*lead.source, *(s for r in registrations for s in r.source)))),
        as_of=max((lead.as_of, *(r.as_of for r in registrations))),
    )


# --- Facts ---------------------------------------------------------------------------------------


def country_facts(
    kb: KnowledgeBase, code: str, country: Country, context: dated.Context
) -> dict[str, FactValue]:
    entry = kb.country_sender(code, SenderId.ALPHANUMERIC_DYNAMIC)
    dynamic = dated.availability(entry, context).value
    return {
        "country.code": code,
        "country.name": country.name,
        "country.reviewed": country.reviewed,
        "country.alpha_dynamic_delivered": None
        if dynamic is Availability.UNKNOWN
        else dynamic.value,
    }


def intake_facts(intake: Intake, kb: KnowledgeBase) -> dict[str, FactValue]:
    traffic_class, evidence = classify_traffic(intake.profile, kb.p2p_profile)
    provider = kb.providers.get(intake.provider) if intake.provider else None
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
        "intake.entity": intake.entity.value,
        "intake.buyer": (
            "an international business"
            if intake.entity is Entity.INTERNATIONAL
            else "a business registered in the country"
        ),
        "intake.provider": provider.name if provider else "any provider",
    }


def refused_by(kb: KnowledgeBase, resolved: ResolvedSender, intake: Intake) -> str:
    """Whose word it is that the sender cannot be had: the provider, or in the market view
    the providers whose pages say so (every provider, when the country's own sources do)."""
    if intake.provider is not None:
        return kb.providers[intake.provider].name
    named = [p for p in resolved.availability.providers if p is not None]
    if not named or len(named) < len(resolved.availability.providers):
        return "any provider"
    names = joined([kb.providers[p].name for p in named], "or")
    return f"{names} (no other provider's page speaks of it)"


def _known(value: str) -> str | None:
    return None if value == "unknown" else value


def sender_facts(
    kb: KnowledgeBase,
    resolved: ResolvedSender,
    intake: Intake,
    lead: LeadTime,
    practice: bool,
) -> dict[str, FactValue]:
    attributes = resolved.attributes
    throughput = attributes.throughput
    numbers = sender_number_facts(kb, attributes, intake)
    replies = None if resolved.replies is YesNo.UNKNOWN else resolved.replies is YesNo.YES
    providers = [p for p in resolved.availability.providers if p is not None]
    return {
        "sender.id": resolved.id.value,
        "sender.name": resolved.name,
        "sender.kind": resolved.sender.kind.value,
        "sender.local": resolved.sender.local,
        "sender.registered": resolved.registered,
        "sender.availability": availability_value(resolved),
        "sender.availability_note": availability_note(resolved.availability),
        "sender.available_from": ", ".join(kb.providers[p].name for p in providers) or None,
        "sender.refused_by": refused_by(kb, resolved, intake),
        "sender.two_way": attributes.direction.two_way,
        "sender.replies": replies,
        "sender.practice": practice,
        "sender.voice": _known(attributes.voice.value.value),
        "sender.traffic_class": resolved.traffic_class.value,
        "sender.default_mps": numbers["sender.default_mps"],
        "sender.max_mps": throughput.max_mps,
        "sender.mps_text": throughput.text,
        "sender.mps_route": numbers["sender.mps_route"],
        "sender.numbers_needed": numbers["sender.numbers_needed"],
        "sender.adding_senders": throughput.adding_senders.value,
        "sender.volume_limited": attributes.volume.limited,
        "sender.daily_cap_max": attributes.volume.daily_cap_max,
        "sender.volume_route": numbers["sender.volume_route"],
        "sender.over_cap": attributes.volume.over_cap or None,
        "sender.lead_time_min_days": lead.days("min"),
        "sender.lead_time_max_days": lead.days("max"),
        "sender.lead_time_text": lead.text,
        **elsewhere_facts(kb, resolved.lead_time_elsewhere),
        "sender.recurring_fees": _known(attributes.recurring_fees.value.value),
        "sender.carrier_fees": _known(attributes.carrier_fees.value.value),
        "sender.registration_text": attributes.registration.text,
    }
