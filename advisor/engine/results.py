"""What the engine returns: plain, immutable records a view can render without the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from advisor.intake import Intake
from advisor.knowledge import Country, Effect, LeadTime, Registration, SenderAttributes
from advisor.vocab import SenderId, TrafficClass

Severity = Literal["info", "warning"]


class Reason(NamedTuple):
    """Why: the rule (or fact) behind a reason, caveat or warning, with its sources."""

    rule: str
    text: str
    severity: Severity = "info"
    sources: tuple[str, ...] = ()
    as_of: str = ""


class TraceEntry(NamedTuple):
    """One rule evaluated for one sender (or for the request)."""

    rule: str
    sender: SenderId | None
    outcome: Literal["fired", "not fired", "undecided"]
    effect: Effect
    unknown: tuple[str, ...] = ()


class Candidate(NamedTuple):
    sender: SenderId
    name: str
    score: int
    #: a tuple, or a :class:`~advisor.engine.lazy.Lazy` one built when first read.
    reasons: Sequence[Reason]
    caveats: Sequence[Reason]
    #: the sender's attributes in the country, registrations included in its lead time.
    attributes: SenderAttributes
    summary: str
    #: its place in the country's documented practice for this traffic (None: not named).
    practice_rank: int | None = None
    #: the providers that offer it (empty: any; "country" facts hold for every provider).
    providers: tuple[str, ...] = ()
    #: False when no source says the buyer can have it (availability unknown).
    confirmed: bool = True
    #: the providers whose pages say it cannot be had (the market view names them).
    not_offered_by: tuple[str, ...] = ()
    #: the providers that sell it but say replies do not reach it (two-way traffic).
    no_replies_from: tuple[str, ...] = ()
    #: when providers' country guidance disagrees: the providers naming it first.
    first_for: tuple[str, ...] = ()

    @property
    def lead_time(self) -> LeadTime:
        return self.attributes.lead_time

    @property
    def registration(self) -> Registration:
        return self.attributes.registration


class Exclusion(NamedTuple):
    sender: SenderId
    name: str
    reasons: Sequence[Reason]
    #: the ids of the rules and requirements that exclude it (those of ``reasons``,
    #: known without writing their texts; found when first read).
    rules: Sequence[str]
    #: True when a business registered in the country could use it (the buyer cannot).
    local_entity_could: bool = False


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


class UpcomingChange(NamedTuple):
    """A fact of the country that changes on a date: before go-live, or after it."""

    on: dt.date
    sender: SenderId | None
    text: str
    before_go_live: bool
    sources: tuple[str, ...]


class Tie(NamedTuple):
    """The first choice rests on a tie: how it was broken, or that it could not be."""

    senders: tuple[SenderId, ...]
    #: the criterion that separated them (lead time, cost, throughput), or None: a true tie.
    broken_by: str | None
    text: str


class Recommendation(NamedTuple):
    intake: Intake
    country: Country
    traffic_class: TrafficClass | None
    traffic_evidence: str
    recommendations: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]
    warnings: tuple[Reason, ...]
    #: a tuple, or a :class:`~advisor.engine.lazy.Lazy` one built when first read.
    trace: Sequence[TraceEntry]
    conflicts: Conflicts | None = None
    kb_as_of: str = ""
    #: the day the country was read for: the go-live day, or today when it is not known.
    evaluated_on: dt.date | None = None
    changes: tuple[UpcomingChange, ...] = ()
    tie: Tie | None = None

    @property
    def fits(self) -> bool:
        return bool(self.recommendations)

    @property
    def best(self) -> Candidate | None:
        return self.recommendations[0] if self.recommendations else None

    @property
    def local_entity_options(self) -> tuple[Exclusion, ...]:
        """What a local subsidiary could use that the buyer cannot."""
        return tuple(exclusion for exclusion in self.excluded if exclusion.local_entity_could)
