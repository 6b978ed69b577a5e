"""A country as a reviewer checks it: sources, review date, then each fact with its scope.

A country's facts are *claims*. Each claim states one value and says for whom it
holds: which providers (none listed: the country itself, whatever the provider),
which buyer (an ``international`` business, a ``local`` entity, or either), and
from which date (``effective``) until which date (``until``). A regulation that
becomes mandatory on a date is a second claim with that ``effective`` date; how
claims are picked for a request is in :mod:`advisor.knowledge.dated`.

The file ``data/countries/ES.yaml`` holds Spain::

    ES:
      name: Spain
      review: {status: reviewed, date: 2026-12-02}
      sources:
        es-aws-registration: {title: ..., url: ..., publisher: AWS, read: 2026-12-02}
      senders:
        alphanumeric_dynamic:
          available:
            - {value: "yes", source: [...], as_of: 2025-11-01}
            - {value: "no", effective: 2026-09-15, source: [...], as_of: 2026-11-20}
      requirements: [...]
      practice: [...]
"""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from advisor.knowledge.base import (
    CountryCode,
    Duration,
    LeadTime,
    Model,
    ProviderId,
    Registration,
    Source,
    Sourced,
    SourceId,
    Throughput,
    yaml_booleans,
)
from advisor.vocab import Availability, Direction, Entity, SenderId, UseCase, YesNo

RequirementId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]


class Scope(Model):
    """For whom and when a claim holds."""

    #: the providers whose documentation states it; empty: the country itself (any provider).
    providers: tuple[ProviderId, ...] = ()
    #: the buyer it holds for; null: both an international business and a local entity.
    entity: Entity | None = None
    #: the first day it holds (null: as far back as the source goes).
    effective: dt.date | None = None
    #: the first day it no longer holds (null: until further notice).
    until: dt.date | None = None

    @model_validator(mode="after")
    def _dates_ordered(self) -> "Scope":
        if self.effective and self.until and self.until <= self.effective:
            raise ValueError(f"until {self.until} is not after effective {self.effective}")
        return self

    def holds_for(self, entity: Entity, on: dt.date) -> bool:
        """True when the claim holds for this buyer on this day (whatever the provider)."""
        if self.entity is not None and self.entity is not entity:
            return False
        if self.effective is not None and on < self.effective:
            return False
        return self.until is None or on < self.until


class AvailabilityClaim(Scope, Sourced):
    value: Annotated[Availability, BeforeValidator(yaml_booleans)]


class TwoWayClaim(Scope, Sourced):
    """Whether replies reach the sender in this country."""

    value: Annotated[YesNo, BeforeValidator(yaml_booleans)]


class LeadTimeClaim(Scope, LeadTime):
    pass


class ThroughputClaim(Scope, Throughput):
    pass


class RegistrationClaim(Scope, Registration):
    pass


class CountrySender(Model):
    """What is known of one sender type in one country, each fact a list of claims."""

    available: tuple[AvailabilityClaim, ...] = ()
    two_way: tuple[TwoWayClaim, ...] = ()
    lead_time: tuple[LeadTimeClaim, ...] = ()
    throughput: tuple[ThroughputClaim, ...] = ()
    registration: tuple[RegistrationClaim, ...] = ()


class RequirementKind(StrEnum):
    """What a country requirement does to an answer."""

    #: the business must be registered (e.g. India's DLT entity registration): a step.
    ENTITY_REGISTRATION = "entity_registration"
    #: the sender ID or number must be registered: a step.
    SENDER_REGISTRATION = "sender_registration"
    #: every message template must be registered: a step.
    TEMPLATE_REGISTRATION = "template_registration"
    #: the traffic is not allowed: the senders it names are excluded.
    BAN = "ban"
    #: a mandatory prefix or label on the sender or the text: a caveat.
    PREFIX = "prefix"
    #: hours in which the traffic may not be sent: a caveat.
    QUIET_HOURS = "quiet_hours"
    #: another rule on content (language, opt-out wording, ...): a caveat.
    CONTENT = "content"


REGISTRATION_KINDS = frozenset(
    {
        RequirementKind.ENTITY_REGISTRATION,
        RequirementKind.SENDER_REGISTRATION,
        RequirementKind.TEMPLATE_REGISTRATION,
    }
)


class Requirement(Scope, Sourced):
    """A country's rule that the engine acts on: a step, a ban or a caveat."""

    id: RequirementId
    kind: RequirementKind
    #: a short name ("DLT entity registration"), shown beside lead times and in timelines.
    title: str = Field(min_length=1, max_length=80)
    #: one sentence, as an instruction ("Register ...") or a statement ("Promotional ...").
    text: str = Field(min_length=1, max_length=600)
    #: the senders it applies to; empty: every sender.
    senders: tuple[SenderId, ...] = ()
    #: the use cases it applies to; empty: every use case.
    use_cases: tuple[UseCase, ...] = ()
    #: how long the registration takes (registration kinds only).
    lead_time: Duration | None = None

    @model_validator(mode="after")
    def _lead_time_for_registrations(self) -> "Requirement":
        if self.lead_time is not None and self.kind not in REGISTRATION_KINDS:
            raise ValueError(f"a {self.kind.value} requirement takes no lead_time")
        return self

    def applies_to(self, sender: SenderId, use_case: UseCase) -> bool:
        return (not self.senders or sender in self.senders) and (
            not self.use_cases or use_case in self.use_cases
        )

    def excludes(self, any_provider: bool) -> bool:
        """A ban that rules its senders out. Without a provider (``any_provider``), one
        provider's ban only warns: the customer may end up with another provider."""
        return self.kind is RequirementKind.BAN and not (self.providers and any_provider)


class Practice(Scope, Sourced):
    """The senders that providers' country guidance recommends for some traffic, best first."""

    use_cases: tuple[UseCase, ...] = ()
    directions: tuple[Direction, ...] = ()
    senders: tuple[SenderId, ...] = Field(min_length=1)

    def covers(self, use_case: UseCase, direction: Direction) -> bool:
        return (not self.use_cases or use_case in self.use_cases) and (
            not self.directions or direction in self.directions
        )


class Review(Model):
    """Whether a person checked the country against current sources, and when."""

    status: Literal["reviewed", "unreviewed"]
    #: the day of the last check against the sources (required when reviewed).
    date: dt.date | None = None
    note: str = ""

    @model_validator(mode="after")
    def _dated(self) -> "Review":
        if self.status == "reviewed" and self.date is None:
            raise ValueError("a reviewed country needs its review date")
        return self


class RulesOf(Sourced):
    """Another country whose sender rules hold here (a US territory follows the US's:
    A2P 10DLC, US short codes and US toll-free numbers): its variants of these senders apply."""

    country: CountryCode
    senders: tuple[SenderId, ...] = Field(min_length=1)


class Country(Model):
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    review: Review
    #: the country whose sender rules hold here, for some senders (None: its own).
    rules_of: RulesOf | None = None
    #: the documents this country's facts cite (ids unique across the knowledge base).
    sources: dict[SourceId, Source] = Field(default_factory=dict)
    senders: dict[SenderId, CountrySender] = Field(default_factory=dict)
    requirements: tuple[Requirement, ...] = ()
    practice: tuple[Practice, ...] = ()
    #: free text for people; nothing that changes an answer may live only here.
    notes: str = ""

    @property
    def reviewed(self) -> bool:
        return self.review.status == "reviewed"

    def sender(self, sender: SenderId) -> CountrySender:
        return self.senders.get(sender) or _NOTHING_KNOWN

    def claims(self) -> list[Sourced]:
        """Every sourced fact of the country, in file order."""
        found: list[Sourced] = []
        for entry in self.senders.values():
            for name in CountrySender.model_fields:
                found.extend(getattr(entry, name))
        found.extend(self.requirements)
        found.extend(self.practice)
        if self.rules_of is not None:
            found.append(self.rules_of)
        return found

    def cited(self) -> tuple[str, ...]:
        """Every source id the country's claims cite, in first-cited order."""
        return tuple(dict.fromkeys(s for claim in self.claims() for s in claim.source))

    def last_asserted(self) -> dt.date | None:
        """The newest ``as_of`` of the country's claims."""
        return max((claim.as_of for claim in self.claims()), default=None)

    def rules_country(self, code: str, sender: SenderId) -> str:
        """The country whose variant of ``sender`` holds here (``code`` itself, or its parent)."""
        rules = self.rules_of
        return rules.country if rules is not None and sender in rules.senders else code


#: built without validation (all its fields are empty tuples): importing the models builds
#: no validator
_NOTHING_KNOWN = CountrySender.model_construct()
