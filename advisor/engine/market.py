"""The market view (no provider given): who sells a sender, and whose guidance and figures hold.

Without a provider the advisor answers for the market, and a sales engineer must not
promise one provider what only another sells: each answer names the providers that
offer the sender and those whose pages say they do not; providers' country guidance
that disagrees is said as a disagreement (who says what); a figure is shown only when
a provider that offers the sender states it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from advisor.engine.facts import ResolvedSender, context_for, joined
from advisor.intake import Intake
from advisor.knowledge import Country, KnowledgeBase, dated
from advisor.vocab import Availability, Direction, SenderId, YesNo


class MarketOffer(NamedTuple):
    """Who sells a sender, for the market view (no provider given)."""

    #: the providers that offer it, and (two-way) do not say that replies fail.
    providers: tuple[str, ...]
    #: the providers whose pages say it cannot be had.
    not_offered_by: tuple[str, ...]
    #: the providers that sell it but say replies do not reach it (two-way traffic).
    no_replies_from: tuple[str, ...]


def market_offer(
    kb: KnowledgeBase, resolved: ResolvedSender, country_code: str, intake: Intake
) -> MarketOffer:
    """Which providers do and do not offer the sender; with a provider, that provider's say."""
    offered = resolved.availability.value in dated.OFFERED
    best = tuple(p for p in resolved.availability.providers if p is not None and offered)
    if intake.provider is not None:
        return MarketOffer(best, (), ())
    context = context_for(intake)
    entry = kb.country_sender(country_code, resolved.id)
    found = dated.by_provider(entry.available, context.entity, context.on)
    refused = tuple(p for p, claim in found.items() if p and claim.value is Availability.NO)
    if intake.direction is not Direction.TWO_WAY:
        return MarketOffer(best, refused, ())
    sellers = dated.offering(entry, context)
    deny = tuple(
        p
        for p in sellers
        if p is not None
        and (claim := dated.pick(entry.two_way, context.entity, context.on, p)) is not None
        and claim.value is YesNo.NO
    )
    kept = tuple(p for p in best if p not in deny) or tuple(
        p for p in sellers if p is not None and p not in deny
    )
    return MarketOffer(kept, refused, deny)


def practice_firsts(country: Country, intake: Intake) -> dict[SenderId, tuple[str, ...]]:
    """When providers' guidance for this traffic names different senders first (the market
    view only): each sender named first and the providers naming it; empty when they agree."""
    if intake.provider is not None:
        return {}
    context = context_for(intake)
    firsts: dict[SenderId, set[str]] = {}
    for entry in country.practice:
        if entry.covers(intake.use_case, intake.direction) and entry.holds_for(
            context.entity, context.on
        ):
            firsts.setdefault(entry.senders[0], set()).update(entry.providers)
    if len(firsts) < 2:
        return {}
    return {sender: tuple(sorted(providers)) for sender, providers in firsts.items()}


def provider_names(kb: KnowledgeBase, providers: tuple[str, ...], word: str = "and") -> str:
    """``Twilio``, ``Twilio and Bird``, ``AWS End User Messaging, Bird and Twilio``."""
    names = [kb.providers[p].name if p in kb.providers else p for p in providers]
    return joined(names, word) if names else "the country's sources"


def practice_text(
    kb: KnowledgeBase,
    country: Country,
    sender: SenderId,
    rank: int,
    firsts: dict[SenderId, tuple[str, ...]],
    name_of: Callable[[SenderId], str],
) -> str:
    """Why the country's guidance counts for this sender, or who says what when it disagrees."""
    if sender not in firsts:
        first = " first" if rank == 0 else ""
        name = name_of(sender)
        return f"Providers' guidance for {country.name} names {name} for this traffic{first}."
    ordered = [sender, *(other for other in firsts if other is not sender)]
    said = "; ".join(
        f"{provider_names(kb, firsts[other])} "
        f"{'names' if len(firsts[other]) <= 1 else 'name'} {name_of(other)} first"
        for other in ordered
    )
    return f"Providers' guidance for {country.name} disagrees: {said}."
