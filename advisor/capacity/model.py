"""The capacity model's inputs and outputs, and the vocabularies they use.

Option names (``--mps``, ...) are here because errors name the option a value came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from advisor.vocab import TrafficMix as TrafficMix  # the capacity model's vocabulary

#: Source ids (defined by the knowledge base) of the guides the pacing advice follows.
SOURCE_BANDWIDTH_RATE_LIMITS = "bandwidth-rate-limits"
SOURCE_TWILIO_ISV_GUIDE = "twilio-isv-guide"


class Stage(StrEnum):
    """Where a message can fail; the keys of :attr:`ProviderLimits.errors`."""

    API_CONCURRENCY = "api_concurrency"
    BURST = "burst"
    QUEUE_FULL = "queue_full"
    EXPIRED = "expired"


class Bottleneck(StrEnum):
    """What limits the rate at which segments leave for the carriers."""

    #: the sender's dequeue rate.
    MPS = "mps"
    #: the client cannot submit fast enough within its API concurrency limit.
    API_CONCURRENCY = "api_concurrency"


class PacingStrategy(StrEnum):
    BACKOFF_RETRY = "backoff_retry"
    THROTTLE = "throttle"
    PRIORITY_QUEUE = "priority_queue"


# --- inputs -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ErrorName:
    """An error as the provider names it."""

    code: str
    http_status: int | None
    description: str


@dataclass(frozen=True, slots=True)
class ProviderLimits:
    """The provider facts the model needs, as the knowledge base states them."""

    #: ``"twilio"``, ``"bandwidth"``, ... or ``"custom"``.
    provider: str
    #: queue length in seconds of the dequeue rate; ``None``: no queue.
    queue_seconds: float | None
    #: ``"per sender"`` or ``"account"`` (for wording).
    queue_scope: str
    #: messages per second the API accepts into the queue; ``None``: no burst limit.
    burst_rps: float | None
    #: errors by :class:`Stage` value; a missing key means the provider's name is unknown.
    errors: Mapping[str, tuple[ErrorName, ...]] = field(default_factory=dict)
    #: a burst rate stated relative to the dequeue rate: ``burst = mps + headroom``.
    #: Give this or ``burst_rps``, not both.
    burst_headroom_rps: float | None = None
    #: an account-wide dequeue rate that caps every sender (Bandwidth's); with an
    #: ``"account"`` queue, the queue holds ``account_mps * queue_seconds`` segments.
    account_mps: float | None = None
    #: ``False``: the provider publishes no queue, so ``queue_seconds`` ``None`` means
    #: unknown, not "no queue"; what a full queue refuses and what expires are unknown.
    queue_known: bool = True


@dataclass(frozen=True, slots=True)
class CapacityInput:
    #: the client's API concurrency limit (requests in flight); give it with ``latency_ms``.
    concurrency: int | None
    #: the API's response time per request, milliseconds.
    latency_ms: float | None
    #: the sender's dequeue rate, segments per second; ``None``: not given (the figures that
    #: need it are ``None`` too).
    mps: float | None
    segments_per_message: int = 1
    #: campaign size; ``None``: a sustained stream (no counts, no drain time).
    messages: int | None = None
    validity_seconds: float | None = None
    deadline_minutes: float | None = None
    limits: ProviderLimits | None = None
    #: what the sender carries; ``None``: no pacing advice.
    traffic: TrafficMix | None = None


# --- outputs ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """Whether, from when and how many messages fail at one stage."""

    stage: Stage
    #: ``None``: unknown (the client's submission rate is unknown).
    occurs: bool | None
    #: seconds after the start of the campaign; ``None`` when it does not occur.
    from_seconds: float | None
    #: affected messages, rounded up; ``None`` without a campaign size.
    messages: int | None
    #: affected segments (fluid, not rounded); ``None`` without a campaign size.
    segments: float | None
    #: the provider's name(s) for this failure; ``None``: unknown.
    errors: tuple[ErrorName, ...] | None


@dataclass(frozen=True, slots=True)
class QueueLosses:
    """What the queue stage loses, in segments (see the module docstring)."""

    rejected_segments: float
    expired_segments: float
    rejected_from_seconds: float | None
    expired_from_seconds: float | None


@dataclass(frozen=True, slots=True)
class DeadlineCheck:
    deadline_seconds: float
    #: segments per second needed, rounded up to 0.01.
    required_mps: float
    #: the same, rounded up to a whole number.
    required_mps_whole: int
    #: ``None`` when the MPS is not given.
    mps_meets_deadline: bool | None
    #: segments per second missing, rounded up to 0.01; 0 when the MPS suffices;
    #: ``None`` when the MPS is not given.
    mps_shortfall: float | None
    #: messages per second the client must submit, rounded up to 0.01.
    required_messages_per_second: float
    #: ``None`` when the submission rate is unknown.
    ingress_meets_deadline: bool | None
    #: API concurrency needed to submit that fast; ``None`` without a latency.
    required_concurrency: int | None
    #: whether the campaign gets through its bottleneck in time; ``None``: not determined.
    deadline_met: bool | None


@dataclass(frozen=True, slots=True)
class PacingAdvice:
    strategy: PacingStrategy
    reason: str
    details: tuple[str, ...]
    #: source ids of the guides that recommend it.
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CapacityPlan:
    provider: str | None
    queue_scope: str | None
    segments_per_message: int
    #: the rate segments leave at: the sender's, capped by the account's; ``None``: not
    #: given (see :attr:`missing_inputs`).
    mps: float | None
    api_requests_per_second: float | None
    #: what the client gets into the queue; ``None``: unknown (no API edge, no burst rate).
    ingress_messages_per_second: float | None
    #: ``None`` when the MPS is not given.
    egress_segments_per_second: float | None
    egress_messages_per_second: float | None
    #: ``None``: unknown (the client's submission rate is unknown).
    bottleneck: Bottleneck | None
    queue_depth_segments: float | None
    queue_fill_seconds: float | None
    #: time the client takes to submit the campaign; ``None``: unknown rate or no campaign.
    submission_seconds: float | None
    peak_queue_segments: float | None
    drain_seconds: float | None
    max_wait_seconds: float | None
    burst_rejection: Outcome
    queue_rejection: Outcome
    expiry: Outcome
    rejected_messages: int | None
    expired_messages: int | None
    #: messages handed to the carriers.
    sent_messages: int | None
    #: ``False``: sending at full speed loses nothing (the queue absorbs the campaign);
    #: ``None``: unknown (the client's submission rate is unknown).
    throttling_needed: bool | None
    #: the client rate that avoids every refusal and expiry; ``None``: the MPS is not given.
    throttle_messages_per_second: float | None
    #: concurrent workers needed to submit at the throttle rate; ``None`` without a latency.
    workers: int | None
    #: the fastest client rate that still loses nothing for this campaign; ``None``: any
    #: (or not determined, when the MPS is not given).
    lossless_max_messages_per_second: float | None
    api_concurrency_errors: tuple[ErrorName, ...] | None
    deadline: DeadlineCheck | None
    pacing: PacingAdvice | None
    #: the options that would complete the figures left ``None``: ``--mps``,
    #: ``--concurrency/--latency-ms`` when the submission rate is unknown, and
    #: ``--queue-seconds`` when the provider's queue is.
    missing_inputs: tuple[str, ...] = ()
    #: the sender's own MPS, before an account-wide cap; ``None``: not given.
    sender_mps: float | None = None
    #: ``True`` when the account's dequeue rate is lower than the sender's and sets ``mps``.
    capped_by_account: bool = False
