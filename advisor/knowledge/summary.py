"""A country's claims summed up for one provider (or any), buyer and day: one value per fact.

The per-country tables (``advisor countries``, ``docs/countries.md``) and their JSON
show a country as a row of plain values (short code yes/no, alphanumeric supported,
registration required, ...). Those values are derived here from the claims, never
stored beside them: the claims are the one source of truth, and a ban of every use case
(France's and Malaysia's long numbers are person-to-person only) says "no" whatever the
claims of who sells the sender.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from advisor.knowledge import dated
from advisor.knowledge.base import LeadTime
from advisor.knowledge.countries import Country, Requirement
from advisor.knowledge.model import KnowledgeBase
from advisor.vocab import Availability, Entity, SenderId, UseCase, YesNo


class AlphaSupport(StrEnum):
    YES = "yes"
    PARTIAL = "partial"
    NO = "no"
    UNKNOWN = "unknown"


class AlphaRegistration(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    NONE = "none"
    UNKNOWN = "unknown"


class Delivery(StrEnum):
    """What happens to a sender ID the country does not take as sent."""

    YES = "yes"
    OVERWRITTEN = "overwritten"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class SenderSummary:
    status: Availability
    #: the providers behind the status (None: the country itself, any provider).
    providers: tuple[str | None, ...]
    #: an international business cannot have it, a local entity can.
    local_only: bool
    replies: YesNo
    #: the country's own lead time, when it has one.
    lead_time: LeadTime | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CountrySummary:
    senders: dict[SenderId, SenderSummary]
    context: dated.Context

    def status(self, sender: SenderId) -> Availability:
        return self.senders[sender].status

    def _yes_no(self, sender: SenderId) -> YesNo:
        status = self.status(sender)
        if status is Availability.UNKNOWN:
            return YesNo.UNKNOWN
        return YesNo.NO if status is Availability.NO else YesNo.YES

    @property
    def short_code(self) -> YesNo:
        return self._yes_no(SenderId.SHORT_CODE)

    @property
    def toll_free_sms(self) -> YesNo:
        return self._yes_no(SenderId.TOLL_FREE)

    @property
    def domestic_long_code_sms(self) -> YesNo:
        return self._yes_no(SenderId.LONG_CODE)

    @property
    def domestic_long_code_two_way(self) -> YesNo:
        return self.senders[SenderId.LONG_CODE].replies

    @property
    def alpha_supported(self) -> AlphaSupport:
        values = {
            self.status(SenderId.ALPHANUMERIC_REGISTERED),
            self.status(SenderId.ALPHANUMERIC_DYNAMIC),
        }
        if Availability.YES in values:
            return AlphaSupport.YES
        if values & {Availability.PARTIAL, Availability.OVERWRITTEN}:
            return AlphaSupport.PARTIAL
        if values == {Availability.NO}:
            return AlphaSupport.NO
        return AlphaSupport.UNKNOWN

    @property
    def alpha_registration(self) -> AlphaRegistration:
        registered = self.status(SenderId.ALPHANUMERIC_REGISTERED)
        dynamic = self.status(SenderId.ALPHANUMERIC_DYNAMIC)
        can_register = registered in (Availability.YES, Availability.PARTIAL)
        if can_register and dynamic in (Availability.NO, Availability.OVERWRITTEN):
            return AlphaRegistration.REQUIRED
        if can_register and dynamic in (Availability.YES, Availability.PARTIAL):
            return AlphaRegistration.OPTIONAL
        if registered is Availability.NO and dynamic in (Availability.YES, Availability.PARTIAL):
            return AlphaRegistration.NONE
        return AlphaRegistration.UNKNOWN

    @property
    def alpha_dynamic_delivered(self) -> Delivery:
        return _delivery(self.status(SenderId.ALPHANUMERIC_DYNAMIC))

    @property
    def international_long_code(self) -> Delivery:
        return _delivery(self.status(SenderId.LONG_CODE_INTERNATIONAL))

    @property
    def two_way_options(self) -> tuple[SenderId, ...]:
        """Senders the buyer can have here whose replies a source confirms."""
        return tuple(
            sender
            for sender, summary in self.senders.items()
            if summary.replies is YesNo.YES and summary.status is not Availability.NO
        )


def _delivery(status: Availability) -> Delivery:
    match status:
        case Availability.YES | Availability.PARTIAL:
            return Delivery.YES
        case Availability.OVERWRITTEN:
            return Delivery.OVERWRITTEN
        case Availability.NO:
            return Delivery.NO
    return Delivery.UNKNOWN


def summarise(kb: KnowledgeBase, code: str, context: dated.Context | None = None) -> CountrySummary:
    """The country for one provider (or any), buyer and day (default: today, abroad, any)."""
    context = context or dated.Context(on=dt.date.today())
    local = dated.Context(context.on, Entity.LOCAL, context.provider)
    banned = _banned(kb.countries[code], context)
    senders: dict[SenderId, SenderSummary] = {}
    for sender in SenderId:
        if sender in banned:
            ban = banned[sender]
            senders[sender] = SenderSummary(Availability.NO, (), False, YesNo.NO, None, ban.source)
            continue
        entry = kb.country_sender(code, sender)
        resolved = dated.availability(entry, context)
        local_only = (
            context.entity is Entity.INTERNATIONAL
            and resolved.value is Availability.NO
            and dated.availability(entry, local).value
            in (Availability.YES, Availability.PARTIAL, Availability.OVERWRITTEN)
        )
        replies, reply_claims = dated.two_way(entry, context)
        lead = dated.lead_time(entry, context)
        sources = (
            *(s for claim in resolved.claims for s in claim.source),
            *(s for claim in reply_claims for s in claim.source),
            *(lead.source if lead else ()),
        )
        senders[sender] = SenderSummary(
            resolved.value,
            resolved.providers,
            local_only,
            replies,
            lead,
            tuple(dict.fromkeys(sources)),
        )
    return CountrySummary(senders, context)


def _banned(country: Country, context: dated.Context) -> dict[SenderId, Requirement]:
    """The senders a ban of the country rules out for every use case in this context: a
    ban of the country itself, or one of the provider asked for (whatever its claims say,
    the sender cannot carry the traffic)."""
    found: dict[SenderId, Requirement] = {}
    for requirement in dated.requirements(country, context):
        every_use_case = set(requirement.use_cases or UseCase) == set(UseCase)
        if not (every_use_case and requirement.excludes(context.provider is None)):
            continue
        for sender in requirement.senders or tuple(SenderId):
            found.setdefault(sender, requirement)
    return found


def cited(country: Country) -> tuple[str, ...]:
    """Every source id the country's claims cite, in first-cited order."""
    return country.cited()


def last_asserted(country: Country) -> dt.date | None:
    """The newest ``as_of`` of the country's claims."""
    return country.last_asserted()
