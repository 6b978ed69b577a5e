"""Which claim holds: for a provider, a buyer and a day.

A fact about a country is a list of claims (:mod:`advisor.knowledge.countries`).
For one provider, the claims that hold are those about the country itself and
those naming that provider, for the buyer, on the day. Among them the one that
took effect last wins; at the same date, a claim naming the buyer beats one for
either buyer, and a claim naming the provider beats one about the country. So a
regulation that takes effect on a date overrides every older statement, and a
provider's own page overrides a general statement of the same age.

Without a provider, the advisor answers for the market: a sender is available when
some provider offers it (the providers are named), and its other facts are those of
the providers that offer it, combined when they differ (the widest lead time, the
lowest throughput).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple, TypeVar

from advisor.knowledge.base import LeadTime, TimeUnit
from advisor.knowledge.countries import (
    AvailabilityClaim,
    Country,
    CountrySender,
    LeadTimeClaim,
    RegistrationClaim,
    Requirement,
    Scope,
    ThroughputClaim,
    TwoWayClaim,
)
from advisor.vocab import Availability, Entity, SenderId, YesNo

C = TypeVar("C", bound=Scope)


class Context(NamedTuple):
    """For whom and when the country is read (a tuple: engines key their memos on it,
    and a tuple hashes and compares without a call of ours)."""

    on: dt.date
    entity: Entity = Entity.INTERNATIONAL
    #: one provider's view; None: the market (any provider).
    provider: str | None = None


def _rank(claim: Scope) -> tuple[dt.date, bool, bool]:
    return (claim.effective or dt.date.min, claim.entity is not None, bool(claim.providers))


def pick(claims: Sequence[C], entity: Entity, on: dt.date, provider: str | None) -> C | None:
    """The claim that holds for one provider (None: only claims about the country itself)."""
    best: C | None = None
    for claim in claims:
        if not claim.holds_for(entity, on):
            continue
        if claim.providers and (provider is None or provider not in claim.providers):
            continue
        if best is None or _rank(claim) > _rank(best):
            best = claim
    return best


def named_providers(claims: Iterable[Scope]) -> list[str]:
    return sorted({provider for claim in claims for provider in claim.providers})


def by_provider(claims: Sequence[C], entity: Entity, on: dt.date) -> dict[str | None, C]:
    """The claim that holds for each provider the claims name, and (None) for any other."""
    found: dict[str | None, C] = {}
    for provider in (None, *named_providers(claims)):
        claim = pick(claims, entity, on, provider)
        if claim is not None:
            found[provider] = claim
    return found


# --- Availability --------------------------------------------------------------------------------

#: Best first: what a customer free to choose a provider can get.
_PREFERENCE = (
    Availability.YES,
    Availability.PARTIAL,
    Availability.OVERWRITTEN,
    Availability.UNKNOWN,
    Availability.NO,
)


#: Best first for a buyer comparing two answers: unknown is no better than "no".
_FOR_BUYER = (
    Availability.YES,
    Availability.PARTIAL,
    Availability.OVERWRITTEN,
    Availability.NO,
    Availability.UNKNOWN,
)


def better_for_buyer(first: Availability | None, second: Availability | None) -> bool:
    """True when ``first`` is known and better than ``second`` (e.g. a local entity's offer).

    Unlike :data:`_PREFERENCE` (the market's best guess, where unknown may still be
    available), an unknown here is never better than anything.
    """
    if first is None or first is Availability.UNKNOWN:
        return False
    rank = _FOR_BUYER.index
    return second is None or rank(first) < rank(second)


class Resolved(NamedTuple):
    """Whether a sender can be had, from which providers, and the claims that say so."""

    value: Availability
    #: the providers whose claims give the value; None stands for "the country itself".
    providers: tuple[str | None, ...]
    claims: tuple[AvailabilityClaim, ...]


UNKNOWN = Resolved(Availability.UNKNOWN, (), ())


def availability(entry: CountrySender, context: Context) -> Resolved:
    """Whether the sender can be had for this context."""
    claims = entry.available
    if context.provider is not None:
        claim = pick(claims, context.entity, context.on, context.provider)
        if claim is None:
            return UNKNOWN
        return Resolved(claim.value, (context.provider,), (claim,))
    found = by_provider(claims, context.entity, context.on)
    if not found:
        return UNKNOWN
    best = min((claim.value for claim in found.values()), key=_PREFERENCE.index)
    providers = tuple(p for p, claim in found.items() if claim.value is best)
    supporting = tuple(dict.fromkeys(claim for claim in found.values() if claim.value is best))
    return Resolved(best, providers, supporting)


def _claims_for(claims: Sequence[C], entry: CountrySender, context: Context) -> list[C]:
    """The claims of one fact that describe the sender as the customer would get it.

    For one provider, its own. For the market, those of the providers that offer the
    sender; when the offer is the country's (no provider named), those of every provider
    the fact names, except one that does not offer the sender.
    """
    if context.provider is not None:
        offering: tuple[str | None, ...] = (context.provider,)
    else:
        resolved = availability(entry, context)
        offering = resolved.providers or (None,)
        if None in offering:
            sold = by_provider(entry.available, context.entity, context.on)
            others = tuple(
                provider
                for provider in named_providers(claims)
                if provider not in sold or sold[provider].value is resolved.value
            )
            offering = (*offering, *others)
    found = (pick(claims, context.entity, context.on, provider) for provider in offering)
    return list(dict.fromkeys(claim for claim in found if claim is not None))


# --- The other facts of a sender -----------------------------------------------------------------


#: What a provider's availability claim says when it offers the sender.
OFFERED = (Availability.YES, Availability.PARTIAL, Availability.OVERWRITTEN)


def offering(entry: CountrySender, context: Context) -> tuple[str | None, ...]:
    """Every provider (None: the country's own claims) whose claim offers the sender."""
    found = by_provider(entry.available, context.entity, context.on)
    return tuple(provider for provider, claim in found.items() if claim.value in OFFERED)


def two_way(entry: CountrySender, context: Context) -> tuple[YesNo, tuple[TwoWayClaim, ...]]:
    """Whether replies reach the sender: yes when one offering provider says so.

    For the market, every provider named as selling the sender has a say, and one that
    sells it without saying whether replies reach it leaves the answer unknown: one
    provider's "no" does not speak for another that sells the sender. Where the offer
    is the country's own (no provider named), the providers that speak of replies do.
    """
    claims = _claims_for(entry.two_way, entry, context)
    silent = False
    if context.provider is None:
        sellers = offering(entry, context) or (None,)
        named = [provider for provider in sellers if provider is not None]
        said = [pick(entry.two_way, context.entity, context.on, p) for p in named]
        silent = any(claim is None for claim in said)
        own = [claim for claim in said if claim is not None]
        claims = list(dict.fromkeys([*own, *(claims if None in sellers else ())]))
    values = {claim.value for claim in claims}
    for value in (YesNo.YES, YesNo.UNKNOWN):
        if value in values:
            return value, tuple(c for c in claims if c.value is value)
    if values == {YesNo.NO} and not silent:
        return YesNo.NO, tuple(claims)
    return YesNo.UNKNOWN, ()


def lead_time(entry: CountrySender, context: Context) -> LeadTime | None:
    """The lead time, the widest range when the offering providers differ."""
    claims = _claims_for(entry.lead_time, entry, context)
    if not claims:
        return None
    # A claim is a lead time with its scope: it serves as one as it is.
    return claims[0] if len(claims) == 1 else combine_durations(claims)


def lead_time_elsewhere(entry: CountrySender, context: Context) -> tuple[LeadTimeClaim, ...]:
    """What the other providers' pages say of the lead time, when the context's provider
    (and the country's own sources) say nothing: evidence to weigh, never its figure.
    Every provider's claim counts, also one for a partial offer: it times the same
    operators' review.

    Empty for the market view and for a provider a claim speaks for.
    """
    provider = context.provider
    if provider is None or pick(entry.lead_time, context.entity, context.on, provider):
        return ()
    found = by_provider(entry.lead_time, context.entity, context.on)
    return tuple(dict.fromkeys(claim for named, claim in found.items() if named is not None))


def combine_durations(claims: Sequence[LeadTime]) -> LeadTime:
    """One lead time covering several: the earliest minimum and the latest maximum, in days.

    A bound that one of them leaves out is unknown for the whole.
    """
    mins = [claim.days("min") for claim in claims]
    maxes = [claim.days("max") for claim in claims]
    # A bound one provider leaves out is unknown for the market: it could be the extreme.
    return LeadTime(
        text="; ".join(dict.fromkeys(claim.text for claim in claims)),
        min=None if None in mins else min(value for value in mins if value is not None),
        max=None if None in maxes else max(value for value in maxes if value is not None),
        unit=TimeUnit.DAYS,
        source=tuple(dict.fromkeys(s for claim in claims for s in claim.source)),
        as_of=max(claim.as_of for claim in claims),
    )


def throughput(entry: CountrySender, context: Context) -> ThroughputClaim | None:
    """The throughput; when the offering providers differ, the lowest default."""
    claims = _claims_for(entry.throughput, entry, context)
    if not claims:
        return None
    return min(claims, key=lambda claim: (claim.default_mps is None, claim.default_mps or 0))


def registration(entry: CountrySender, context: Context) -> RegistrationClaim | None:
    """The registration path; when the offering providers differ, every step of each."""
    claims = _claims_for(entry.registration, entry, context)
    if not claims:
        return None
    if len(claims) == 1:
        return claims[0]
    first = claims[0]
    return first.model_copy(
        update={
            "text": "; ".join(dict.fromkeys(claim.text for claim in claims)),
            "required": any(claim.required for claim in claims),
            "steps": tuple(dict.fromkeys(step for claim in claims for step in claim.steps)),
            "source": tuple(dict.fromkeys(s for claim in claims for s in claim.source)),
            "as_of": max(claim.as_of for claim in claims),
            "providers": (),
        }
    )


# --- Requirements --------------------------------------------------------------------------------


def requirements(country: Country, context: Context) -> list[Requirement]:
    """The requirements that hold for this context, in file order.

    A requirement naming providers holds only for them; without a provider (the
    market view) it is kept, since the customer may end up with that provider.
    """
    return [
        requirement
        for requirement in country.requirements
        if requirement.holds_for(context.entity, context.on)
        and (
            not requirement.providers
            or context.provider is None
            or context.provider in requirement.providers
        )
    ]


# --- Changes on a date ---------------------------------------------------------------------------


class DatedChange(NamedTuple):
    """A claim that starts or stops holding between two days."""

    on: dt.date
    #: the sender whose availability changes; None for a country requirement.
    sender: SenderId | None
    starts: bool
    claim: AvailabilityClaim | Requirement
    before: Availability | None
    after: Availability | None


def changes(country: Country, context: Context, start: dt.date, end: dt.date) -> list[DatedChange]:
    """Every dated claim that starts or stops holding after ``start`` and by ``end``, by date."""
    found: list[DatedChange] = []
    for sender_id, entry in country.senders.items():
        for claim in entry.available:
            for day, starts in ((claim.effective, True), (claim.until, False)):
                if day is None or not start < day <= end:
                    continue
                before = availability(entry, _on(context, day - dt.timedelta(days=1))).value
                after = availability(entry, _on(context, day)).value
                if before is not after:
                    found.append(DatedChange(day, sender_id, starts, claim, before, after))
    for requirement in country.requirements:
        if requirement.entity not in (None, context.entity):
            continue
        if requirement.providers and context.provider not in (None, *requirement.providers):
            continue
        for day, starts in ((requirement.effective, True), (requirement.until, False)):
            if day is not None and start < day <= end:
                found.append(DatedChange(day, None, starts, requirement, None, None))
    return sorted(found, key=lambda change: (change.on, change.sender or "", change.starts))


def _on(context: Context, day: dt.date) -> Context:
    return Context(on=day, entity=context.entity, provider=context.provider)
