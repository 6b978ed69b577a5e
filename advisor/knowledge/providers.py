"""Providers (their limits, queues and error names), the P2P profile and the checklist."""

from typing import Literal

from pydantic import Field

from advisor.knowledge.base import (
    CountryCode,
    Model,
    NonNegative,
    Sourced,
    Url,
)
from advisor.vocab import AddingSenders, SenderId


class Quantity(Sourced):
    value: NonNegative | None
    unit: str


class ProviderError(Model):
    code: str
    http_status: int | None = Field(default=None, ge=100, le=599)
    description: str


class ProviderErrors(Sourced):
    api_concurrency: tuple[ProviderError, ...] = ()
    burst: tuple[ProviderError, ...] = ()
    queue_full: tuple[ProviderError, ...] = ()
    expired: tuple[ProviderError, ...] = ()


class Burst(Sourced):
    """The API's burst rule: how fast the queue can be filled."""

    text: str
    #: burst rate = dequeue rate + this many messages per second.
    plus_mps: NonNegative


class Queue(Sourced):
    scope: Literal["per sender", "account"]
    seconds: NonNegative | None
    text: str = ""


class SenderRate(Sourced):
    """A provider's own default throughput for one sender type, and its queue."""

    text: str = Field(min_length=1)
    default_mps: NonNegative | None
    max_mps: NonNegative | None = None
    raise_how: str = ""
    adding_senders: AddingSenders = AddingSenders.SNOWSHOEING
    #: the most segments the provider queues for one such sender; null when not stated.
    max_queue_segments: NonNegative | None = None
    #: destinations it holds for (empty: all) and destinations it does not hold for.
    countries: tuple[CountryCode, ...] = ()
    except_countries: tuple[CountryCode, ...] = ()

    def applies_to(self, country: str) -> bool:
        if self.countries and country not in self.countries:
            return False
        return country not in self.except_countries


class PoolSetting(Sourced):
    """A setting of a provider's sender pool, and when a plan should turn it on."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    #: why a plan turns it on (shown as the reason).
    text: str = Field(min_length=1)
    #: the pool holds one of these senders (empty: any sender).
    senders: tuple[SenderId, ...] = ()
    #: a destination is one of these countries (empty: any country).
    countries: tuple[CountryCode, ...] = ()


class Pool(Sourced):
    """A provider's sender pool: a Twilio Messaging Service, a Telnyx number pool, ..."""

    name: str = Field(min_length=1)
    text: str = Field(min_length=1)
    settings: tuple[PoolSetting, ...] = ()


class Provider(Model):
    """An SMS provider: the facts of its own that the advisor uses.

    A provider named only in country facts (who sells which sender where) needs no
    more than its name and home page; its capacity figures are unknown until given.
    """

    name: str
    url: Url | None = None
    api_concurrency: Quantity | None = None
    #: the queue as the newest documentation gives it.
    queue: Queue | None = None
    #: what older documents said, newest first, kept with their dates.
    queue_history: tuple[Queue, ...] = ()
    burst: Burst | None = None
    validity_default_seconds: Quantity | None = None
    #: an account-wide dequeue rate that caps every sender of the account (Bandwidth).
    account_dequeue_mps: Quantity | None = None
    #: the provider's own per-sender defaults, where they differ from the sender matrix.
    sender_rates: dict[SenderId, tuple[SenderRate, ...]] = Field(default_factory=dict)
    errors: ProviderErrors | None = None
    #: its sender pool and the pool's settings; None: not in the knowledge base.
    pool: Pool | None = None

    def rate_for(self, sender: SenderId, country: str) -> SenderRate | None:
        return next((r for r in self.sender_rates.get(sender, ()) if r.applies_to(country)), None)


OptOutScopeKind = Literal["sender", "pool", "messaging_profile", "opt_out_list", "carrier"]


class OptOut(Sourced):
    """How far a recipient's STOP reaches: one claim, scoped like a country's claims."""

    #: the providers whose pages state it; empty: the network's own rule, whatever the provider.
    providers: tuple[str, ...] = ()
    #: the senders it holds for (empty: any) and the destinations (empty: any).
    senders: tuple[SenderId, ...] = ()
    countries: tuple[CountryCode, ...] = ()
    #: true: it holds when the senders are pooled; false: when the From is set per message;
    #: null: either way.
    pooled: bool | None = None
    scope: OptOutScopeKind
    text: str = Field(min_length=1)
    #: what follows for a customer whose senders share one pool.
    consequence: str = Field(min_length=1)


class P2PProfile(Sourced):
    """The per-number profile of person-to-person traffic."""

    messages_per_minute_max: NonNegative
    messages_per_day_max: NonNegative
    unique_recipients_max: NonNegative
    #: inbound messages per outbound message below which traffic is not "close to 1:1".
    inbound_outbound_ratio_min: NonNegative
    text: str


class ChecklistItem(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(min_length=1)


class Checklist(Sourced):
    """What an ISV's messaging set-up needs to be reliable (the ISV guide's checklist)."""

    title: str
    items: tuple[ChecklistItem, ...] = Field(min_length=1)
    #: a healthy error rate is at most this percentage of messages.
    error_rate_max_percent: NonNegative
    #: a healthy opt-out rate is at most this percentage of messages.
    opt_out_rate_max_percent: NonNegative
