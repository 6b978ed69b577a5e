"""What a multi-country plan holds: plain, immutable records a view renders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from advisor.report import Report
from advisor.vocab import SenderId


@dataclass(frozen=True, slots=True)
class GoLive:
    """When one destination can go live with its first choice."""

    #: today plus the longest the sender's lead time can take (registrations counted in);
    #: None when nothing fits or the lead time is unknown.
    ready_on: dt.date | None
    #: the go-live day asked for (``--go-live`` or ``--lead-time-days``); None: not given.
    wanted: dt.date | None
    #: True when ``ready_on`` is on or before ``wanted``; None when either is unknown.
    on_time: bool | None


@dataclass(frozen=True, slots=True)
class Destination:
    """One country of the plan: the same answer ``advisor report`` gives for it."""

    report: Report
    go_live: GoLive
    #: where the destination was given: ``--country`` or ``FILE: line N``.
    origin: str = "--country"

    @property
    def country(self) -> str:
        return self.report.recommendation.intake.country

    @property
    def sender(self) -> SenderId | None:
        best = self.report.recommendation.best
        return best.sender if best is not None else None


@dataclass(frozen=True, slots=True)
class PoolSender:
    """The senders of one kind to put in the pool for one destination."""

    country: str
    sender: SenderId
    name: str
    #: always 1: more senders of one kind would only spread one campaign (snowshoeing), or
    #: add nothing where throughput is set per campaign.
    count: int
    mps_per_sender: float | None
    mps_needed: float | None
    #: None when either figure is unknown.
    meets_mps: bool | None
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PoolSettingAdvice:
    id: str
    title: str
    reason: str
    #: the destinations that make it apply.
    countries: tuple[str, ...]
    sources: tuple[str, ...]
    as_of: str


@dataclass(frozen=True, slots=True)
class Pool:
    #: the provider the pool is at; None: no --provider was given.
    provider: str | None
    #: the provider's name for a pool (a Messaging Service); None: unknown or no provider.
    name: str | None
    text: str
    senders: tuple[PoolSender, ...]
    settings: tuple[PoolSettingAdvice, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OptOutFact:
    scope: str
    providers: tuple[str, ...]
    senders: tuple[SenderId, ...]
    countries: tuple[str, ...]
    pooled: bool | None
    text: str
    consequence: str
    sources: tuple[str, ...]
    as_of: str


@dataclass(frozen=True, slots=True)
class OptOutScope:
    provider: str | None
    #: how far a STOP reaches when the senders are pooled at the provider; None: unknown.
    scope: str | None
    #: what follows for a pooled customer, in a sentence or two.
    text: str
    facts: tuple[OptOutFact, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    customer: str
    provider: str | None
    destinations: tuple[Destination, ...]
    pool: Pool
    opt_out: OptOutScope
    #: the day every destination can be live; None when one has no sender or an unknown time.
    ready_on: dt.date | None
    kb_as_of: str

    @property
    def fits(self) -> bool:
        """Every destination has a sender."""
        return all(destination.sender is not None for destination in self.destinations)
