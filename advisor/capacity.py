"""Capacity: how fast a campaign gets through a provider, and what fails when it goes too fast.

Flow of a message
-----------------
1. **API edge.** The client submits one message per HTTP request. With ``concurrency``
   requests in flight and each taking ``latency_ms``, the client reaches at most
   ``concurrency * 1000 / latency_ms`` requests per second. More requests in flight than
   the concurrency limit are refused (the provider's ``api_concurrency`` error); the model
   assumes the client never exceeds the limit, so these errors only appear in the advice.
2. **Burst limit.** Some providers accept messages into their queue no faster than a
   burst rate (``ProviderLimits.burst_rps``, or the dequeue rate plus
   ``burst_headroom_rps``). Submissions above it are refused from the start with the
   provider's ``burst`` error; the rest is the *ingress*.
3. **Queue.** Accepted messages wait in a first-in-first-out queue that holds
   ``queue_seconds`` worth of the dequeue rate: ``depth = mps * queue_seconds`` segments.
   A full queue refuses new messages (the ``queue_full`` error). Without a queue
   (``queue_seconds`` is ``None``) every submission above the dequeue rate is refused at
   once, and the ``queue_full`` error names that refusal.
4. **Dequeue.** The sender sends ``mps`` **segments** per second: a 3-segment message costs 3.
   A message that has waited longer than its validity period is dropped when it reaches the
   head of the queue (the ``expired`` error) and takes no sending slot.

The model
---------
A fluid approximation: constant rates, no retries, segments flowing like a liquid.
Let ``s`` be the segments per message, ``lambda = ingress * s`` the inflow in segments per
second, ``mu = mps`` the dequeue rate, ``C = mu * queue_seconds`` the depth, ``V`` the
validity period, ``N`` the campaign size and ``T = N / client rate`` the time the client
takes to submit it (the client rate is the API rate, else the burst rate).

* ``lambda <= mu``: nothing queues; nothing is lost.
* Otherwise the backlog grows at ``lambda - mu``. Without expiry (``V`` at least the queue
  length ``C / mu``, or no validity given) the queue fills at ``t_f = C / (lambda - mu)``
  and, while the client is still submitting, refuses ``(lambda - mu) * (T - t_f)`` segments.
* With ``V < C / mu`` messages expire. The first expiry happens (at dequeue) at
  ``V * lambda / (lambda - mu)``. From then on the head of the queue is always exactly
  ``V`` old, so the sender works without a pause until ``T + V`` and sends
  ``mu * (T + V)``: the campaign loses ``(lambda - mu) * T - mu * V`` segments, which is the
  backlog that cannot be sent within ``V``. While expiry keeps the backlog below ``C``
  (``lambda * V <= C``) all of that loss is expiry. Otherwise the queue also fills
  (before the first expiry) and then alternates: refusing ``lambda - mu`` per second for
  ``(lambda * V - C) / (lambda - mu)`` seconds, then accepting everything for the rest of
  each period of ``V`` seconds; the loss is split between refusals and expiry accordingly.
* In general the loss is ``max(0, (lambda - mu) * T - mu * min(V, C / mu))`` segments.
* Without an API edge and without a burst rate the submission rate is unknown, and so are
  the backlog and the losses (``None``); the sender's own numbers (depth, drain time at the
  dequeue rate, throttle rate, the fastest lossless rate, the deadline) are still given.

``peak_queue_segments``, ``max_wait_seconds`` and ``queue_fill_seconds`` describe the
backlog as it forms before anything expires; the outcome blocks say what is lost.

Counting messages
-----------------
Losses are computed in segments. A message counts as affected when any part of it is:
counts of refused and expired messages are the segment counts divided by ``s`` and
**rounded up**. Only when fewer messages get through than there are kinds of loss
possible at these rates (burst, queue full, expiry) could the rounded counts add up to
more than the campaign; there each kind may round up only into its share of the messages
that get through (see :func:`affected_messages`). Counts never exceed the campaign and
never fall as it grows.

Everything here is a pure function of plain numbers; provider facts (queue length, burst
rate, error names) arrive in :class:`ProviderLimits`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from advisor.errors import InputError, UsageError

#: Source ids (defined by the knowledge base) of the guides the pacing advice follows.
SOURCE_BANDWIDTH_RATE_LIMITS = "bandwidth-rate-limits"
SOURCE_TWILIO_ISV_GUIDE = "twilio-isv-guide"

# The options a user sets; errors name them.
OPT_CONCURRENCY = "--concurrency"
OPT_LATENCY = "--latency-ms"
OPT_MPS = "--mps"
OPT_SEGMENTS = "--segments"
OPT_MESSAGES = "--messages"
OPT_VALIDITY = "--validity-seconds"
OPT_DEADLINE = "--deadline-minutes"
OPT_QUEUE = "--queue-seconds"
OPT_BURST = "--burst-rps"
#: the client's submission rate comes from these two.
OPT_CLIENT_RATE = "--concurrency/--latency-ms"

# Relative tolerance when rounding computed floats to whole numbers, so that
# 25.000000000000004 workers is 25, not 26.
_REL_TOL = 1e-12


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


class TrafficMix(StrEnum):
    """What the sender carries."""

    #: campaigns with no priority: reminders, receipts, opted-in promotions.
    BULK = "bulk"
    #: time-critical messages such as one-time passcodes.
    REALTIME = "realtime"
    #: large campaigns and real-time messages on the same account.
    MIXED = "mixed"


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


@dataclass(frozen=True, slots=True)
class CapacityInput:
    #: the client's API concurrency limit (requests in flight); give it with ``latency_ms``.
    concurrency: int | None
    #: the API's response time per request, milliseconds.
    latency_ms: float | None
    #: the sender's dequeue rate, segments per second; ``None``: unknown (an error).
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
    mps_meets_deadline: bool
    #: segments per second missing, rounded up to 0.01; 0 when the MPS suffices.
    mps_shortfall: float
    #: messages per second the client must submit, rounded up to 0.01.
    required_messages_per_second: float
    #: ``None`` when the submission rate is unknown.
    ingress_meets_deadline: bool | None
    #: API concurrency needed to submit that fast; ``None`` without a latency.
    required_concurrency: int | None
    #: whether the campaign gets through its bottleneck in time.
    deadline_met: bool


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
    mps: float
    api_requests_per_second: float | None
    #: what the client gets into the queue; ``None``: unknown (no API edge, no burst rate).
    ingress_messages_per_second: float | None
    egress_segments_per_second: float
    egress_messages_per_second: float
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
    #: the client rate that avoids every refusal and expiry.
    throttle_messages_per_second: float
    #: concurrent workers needed to submit at the throttle rate; ``None`` without a latency.
    workers: int | None
    #: the fastest client rate that still loses nothing for this campaign; ``None``: any.
    lossless_max_messages_per_second: float | None
    api_concurrency_errors: tuple[ErrorName, ...] | None
    deadline: DeadlineCheck | None
    pacing: PacingAdvice | None


# --- validation ---------------------------------------------------------------------


def _shown(value: object) -> str:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return repr(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _positive(option: str, value: float) -> float:
    if not (_is_number(value) and math.isfinite(value) and value > 0):
        raise InputError(f"{option}: expected a number > 0, got {_shown(value)}")
    return float(value)


def _non_negative(option: str, value: float) -> float:
    if not (_is_number(value) and math.isfinite(value) and value >= 0):
        raise InputError(f"{option}: expected a number >= 0, got {_shown(value)}")
    return float(value)


def _whole(option: str, value: int, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{option}: expected a whole number >= {minimum}, got {_shown(value)}")
    return value


def _amount(option: str, value: float) -> float:
    """An amount that may be ``math.inf`` (a sustained stream) but not NaN or negative."""
    if not (_is_number(value) and value >= 0):
        raise InputError(f"{option}: expected a number >= 0, got {_shown(value)}")
    return float(value)


# --- rounding -----------------------------------------------------------------------


def _ceil(value: float) -> int:
    return math.ceil(value - _REL_TOL * max(1.0, abs(value)))


def _floor(value: float) -> int:
    return math.floor(value + _REL_TOL * max(1.0, abs(value)))


def _ceil_cents(value: float) -> float:
    return _ceil(value * 100) / 100


def affected_messages(losses: Sequence[float | None], sent_messages: float) -> tuple[int, ...]:
    """Whole messages affected by each kind of loss, from fluid message counts.

    ``losses`` holds one fluid count per kind of loss, ``None`` for a kind that cannot
    occur at these rates whatever the campaign size; ``sent_messages`` is the fluid count
    of messages that get through. Each count is rounded up, but never past its value plus
    an equal share of ``sent_messages``: the counts then add up to at most the campaign,
    and each is non-decreasing when the losses and ``sent_messages`` are. Plain rounding
    up applies whenever at least as many messages get through as there are possible kinds.
    """
    sent = max(0.0, sent_messages)
    possible = sum(1 for value in losses if value is not None)
    counts = []
    for value in losses:
        if value is None:
            counts.append(0)
            continue
        value = max(0.0, value)
        counts.append(max(0, min(_ceil(value), _floor(value + sent / possible))))
    return tuple(counts)


# --- the formulas -------------------------------------------------------------------


def api_requests_per_second(concurrency: int, latency_ms: float) -> float:
    """Requests per second the API edge admits: ``concurrency * 1000 / latency_ms``."""
    _whole(OPT_CONCURRENCY, concurrency, 1)
    return concurrency * 1000 / _positive(OPT_LATENCY, latency_ms)


def effective_burst_rps(
    mps: float, burst_rps: float | None, burst_headroom_rps: float | None
) -> float | None:
    """The burst rate in messages per second, or ``None`` when there is none.

    Raises :class:`InputError` when it is below the dequeue rate ``mps``.
    """
    mps = _positive(OPT_MPS, mps)
    if burst_rps is not None and burst_headroom_rps is not None:
        raise InputError(f"{OPT_BURST}: give a burst rate or a headroom above --mps, not both")
    if burst_headroom_rps is not None:
        return mps + _non_negative(OPT_BURST, burst_headroom_rps)
    if burst_rps is None:
        return None
    burst = _positive(OPT_BURST, burst_rps)
    if burst < mps:
        raise InputError(
            f"{OPT_BURST}: expected a burst rate >= the dequeue rate "
            f"({OPT_MPS} {_shown(mps)}), got {_shown(burst)}"
        )
    return burst


def ingress_messages_per_second(api_rps: float | None, burst_rps: float | None) -> float | None:
    """What the client gets into the queue: the lower of the API rate and the burst rate.

    ``None`` when neither is known: the submission rate is then unknown.
    """
    rates = [rate for rate in (api_rps, burst_rps) if rate is not None]
    return min(rates) if rates else None


def burst_rejected_messages(
    messages: float, api_rps: float | None, burst_rps: float | None
) -> float:
    """Messages refused by the burst limit: the share ``(api - burst) / api`` of the campaign.

    The client submits at the API rate; everything above the burst rate is refused.
    Without an API rate the client is assumed to submit at the burst rate.
    """
    _non_negative(OPT_MESSAGES, messages)
    if api_rps is None or burst_rps is None or api_rps <= burst_rps:
        return 0.0
    return messages * (api_rps - burst_rps) / api_rps


def egress_segments_per_second(inflow_segments_per_second: float, mps: float) -> float:
    """Segments per second leaving for the carriers: ``min(inflow, mps)``."""
    return min(_positive(OPT_CLIENT_RATE, inflow_segments_per_second), _positive(OPT_MPS, mps))


def queue_depth_segments(mps: float, queue_seconds: float) -> float:
    """Segments the queue holds: ``mps * queue_seconds``."""
    return _positive(OPT_MPS, mps) * _non_negative(OPT_QUEUE, queue_seconds)


def queue_fill_seconds(
    depth_segments: float, inflow_segments_per_second: float, dequeue_segments_per_second: float
) -> float | None:
    """Seconds until the queue is full: ``depth / (inflow - dequeue)``.

    ``None`` when it never fills (inflow at most the dequeue rate). Expiry, which can keep a
    queue from filling, is ignored here; :func:`queue_losses` accounts for it.
    """
    depth = _non_negative(OPT_QUEUE, depth_segments)
    inflow = _non_negative(OPT_CLIENT_RATE, inflow_segments_per_second)
    dequeue = _positive(OPT_MPS, dequeue_segments_per_second)
    if inflow <= dequeue:
        return None
    return depth / (inflow - dequeue)


def submission_seconds(messages: float, client_messages_per_second: float) -> float:
    """Seconds the client takes to submit the campaign: ``messages / rate``."""
    rate = _positive(OPT_CLIENT_RATE, client_messages_per_second)
    return _non_negative(OPT_MESSAGES, messages) / rate


def peak_queue_segments(
    depth_segments: float,
    inflow_segments_per_second: float,
    dequeue_segments_per_second: float,
    submission_seconds: float,
) -> float:
    """The largest backlog before anything expires: ``min(depth, (inflow - dequeue) * T)``.

    0 when the inflow is at most the dequeue rate.
    """
    depth = _non_negative(OPT_QUEUE, depth_segments)
    inflow = _non_negative(OPT_CLIENT_RATE, inflow_segments_per_second)
    dequeue = _positive(OPT_MPS, dequeue_segments_per_second)
    if inflow <= dequeue:
        return 0.0
    return min(depth, (inflow - dequeue) * _non_negative(OPT_MESSAGES, submission_seconds))


def max_wait_seconds(peak_segments: float, mps: float) -> float:
    """The longest wait in the queue: ``peak / mps``."""
    return _non_negative(OPT_QUEUE, peak_segments) / _positive(OPT_MPS, mps)


def drain_seconds(
    messages: int, segments_per_message: int, inflow_segments_per_second: float, mps: float
) -> float:
    """Seconds the whole campaign takes through its bottleneck when nothing is lost.

    ``messages * segments / min(inflow, mps)``; never below ``messages * segments / mps``.
    """
    segments = _whole(OPT_MESSAGES, messages, 0) * _whole(OPT_SEGMENTS, segments_per_message, 1)
    return segments / egress_segments_per_second(inflow_segments_per_second, mps)


def first_expiry_seconds(
    validity_seconds: float, inflow_segments_per_second: float, dequeue_segments_per_second: float
) -> float | None:
    """When the first message expires (at dequeue): ``V * inflow / (inflow - dequeue)``.

    ``None`` when nothing queues. The backlog grows at ``inflow - dequeue``, so the message
    submitted at ``t`` waits ``t * (inflow - dequeue) / dequeue``; the first to wait longer
    than ``V`` reaches the head at ``V * inflow / (inflow - dequeue)``.
    """
    validity = _positive(OPT_VALIDITY, validity_seconds)
    inflow = _non_negative(OPT_CLIENT_RATE, inflow_segments_per_second)
    dequeue = _positive(OPT_MPS, dequeue_segments_per_second)
    if inflow <= dequeue:
        return None
    return validity * inflow / (inflow - dequeue)


def queue_losses(
    *,
    accepted_segments: float,
    inflow_segments_per_second: float,
    mps: float,
    queue_seconds: float | None,
    validity_seconds: float | None,
) -> QueueLosses:
    """Segments the queue refuses and lets expire (the model in the module docstring).

    ``accepted_segments`` is what passed the burst limit, arriving at
    ``inflow_segments_per_second``; ``math.inf`` stands for a sustained stream, for which
    only whether and from when matter (its losses are infinite).
    """
    total = _amount(OPT_MESSAGES, accepted_segments)
    lam = _positive(OPT_CLIENT_RATE, inflow_segments_per_second)
    mu = _positive(OPT_MPS, mps)
    hold = 0.0 if queue_seconds is None else _non_negative(OPT_QUEUE, queue_seconds)
    validity = math.inf if validity_seconds is None else _positive(OPT_VALIDITY, validity_seconds)
    if total == 0 or lam <= mu:
        return QueueLosses(0.0, 0.0, None, None)
    excess = lam - mu
    t_sub = total / lam
    capacity = mu * hold
    fill = capacity / excess

    if validity >= hold:
        # A message waits at most `hold` seconds, so none expires.
        rejected = excess * t_sub - capacity
        if rejected <= 0:
            return QueueLosses(0.0, 0.0, None, None)
        return QueueLosses(rejected, 0.0, fill, None)

    # Expiry frees the head of the queue: from the first expiry on, the head is always
    # exactly V old, the sender never pauses until T + V, and the campaign loses the
    # backlog it cannot send within V.
    first_expiry = first_expiry_seconds(validity, lam, mu)
    losses = excess * t_sub - mu * validity
    if losses <= 0:
        return QueueLosses(0.0, 0.0, None, None)
    if lam * validity <= capacity:
        # Expiry holds the backlog at lam * V: the queue never fills.
        return QueueLosses(0.0, losses, None, first_expiry)
    if math.isinf(t_sub):
        return QueueLosses(math.inf, math.inf, fill, first_expiry)
    # The queue fills at `fill`, before the first expiry. Then, in each period of V
    # seconds, it refuses `excess` per second for `refusing` seconds (while the head holds
    # messages admitted at mu) and accepts everything for the rest (while the head holds
    # messages admitted at lam, mu of which it sends and the rest it drops as expired).
    rejected = 0.0
    if t_sub > fill:
        refusing = (lam * validity - capacity) / excess
        elapsed = t_sub - fill
        periods = math.floor(elapsed / validity)
        rest = elapsed - periods * validity
        rejected = min(losses, excess * (periods * refusing + min(rest, refusing)))
    expired = max(0.0, losses - rejected)
    return QueueLosses(
        rejected,
        expired,
        fill if rejected > 0 else None,
        first_expiry if expired > 0 else None,
    )


def lossless_max_segments_per_second(
    campaign_segments: float | None, mps: float, absorb_seconds: float
) -> float | None:
    """The fastest inflow at which a campaign loses nothing; ``None``: any inflow.

    The queue (and the validity period) absorb ``mps * absorb_seconds`` segments, where
    ``absorb_seconds = min(validity, queue length)`` (0 without a queue). Losing nothing
    needs ``(inflow - mps) * campaign / inflow <= mps * absorb``, that is
    ``inflow <= mps / (1 - mps * absorb / campaign)``. A sustained stream (``None``) can
    only be sent at the dequeue rate.
    """
    mu = _positive(OPT_MPS, mps)
    absorbed = mu * _non_negative(OPT_QUEUE, absorb_seconds)
    if campaign_segments is None:
        return mu
    campaign = _non_negative(OPT_MESSAGES, campaign_segments)
    if absorbed >= campaign:
        return None
    return mu / (1 - absorbed / campaign)


def throttle_messages_per_second(
    mps: float, segments_per_message: int, api_rps: float | None
) -> float:
    """The client rate that nothing refuses and nothing lets expire: ``mps / segments``.

    Capped by the API rate: a client that cannot reach the dequeue rate never queues.
    """
    rate = _positive(OPT_MPS, mps) / _whole(OPT_SEGMENTS, segments_per_message, 1)
    return rate if api_rps is None else min(rate, api_rps)


def workers_needed(
    messages_per_second: float, latency_ms: float, concurrency: int | None = None
) -> int:
    """Concurrent workers that submit ``messages_per_second``: ``ceil(rate * latency / 1000)``.

    Never above the concurrency limit, never below one.
    """
    rate = _positive(OPT_MPS, messages_per_second)
    workers = max(1, _ceil(rate * _positive(OPT_LATENCY, latency_ms) / 1000))
    if concurrency is not None:
        workers = min(workers, _whole(OPT_CONCURRENCY, concurrency, 1))
    return workers


def required_mps(messages: int, segments_per_message: int, deadline_minutes: float) -> float:
    """Segments per second needed to send the campaign in time, rounded up to 0.01."""
    segments = _whole(OPT_MESSAGES, messages, 0) * _whole(OPT_SEGMENTS, segments_per_message, 1)
    return _ceil_cents(segments / (_positive(OPT_DEADLINE, deadline_minutes) * 60))


def deadline_check(
    *,
    messages: int,
    segments_per_message: int,
    deadline_minutes: float,
    mps: float,
    ingress_messages_per_second: float | None,
    latency_ms: float | None,
    drain_seconds: float,
) -> DeadlineCheck:
    """Whether the MPS and the client's rate meet the deadline, and what is missing."""
    deadline_seconds = _positive(OPT_DEADLINE, deadline_minutes) * 60
    segments = _whole(OPT_MESSAGES, messages, 0) * _whole(OPT_SEGMENTS, segments_per_message, 1)
    exact_mps = segments / deadline_seconds
    needed = _ceil_cents(exact_mps)
    mps = _positive(OPT_MPS, mps)
    exact_rate = messages / deadline_seconds
    ingress_ok = (
        None if ingress_messages_per_second is None else ingress_messages_per_second >= exact_rate
    )
    concurrency = (
        None
        if latency_ms is None
        else max(1, _ceil(exact_rate * _positive(OPT_LATENCY, latency_ms) / 1000))
    )
    return DeadlineCheck(
        deadline_seconds=deadline_seconds,
        required_mps=needed,
        required_mps_whole=_ceil(exact_mps),
        mps_meets_deadline=mps >= exact_mps * (1 - _REL_TOL),
        mps_shortfall=max(0.0, _ceil_cents(exact_mps - mps)),
        required_messages_per_second=_ceil_cents(exact_rate),
        ingress_meets_deadline=ingress_ok,
        required_concurrency=concurrency,
        deadline_met=drain_seconds <= deadline_seconds * (1 + _REL_TOL),
    )


def _rate_text(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def pacing_advice(
    traffic: TrafficMix,
    *,
    throttle_messages_per_second: float,
    workers: int | None,
    concurrency: int | None,
    bottleneck: Bottleneck | None,
    throttling_needed: bool | None,
    expiry_expected: bool | None,
) -> PacingAdvice:
    """How the client should pace its submissions, and why.

    ``bulk`` backs off and retries unless messages would expire, ``realtime`` throttles at
    the dequeue rate, ``mixed`` runs its own queue with priorities.
    """
    rate = f"{_rate_text(throttle_messages_per_second)} messages/s"
    if bottleneck is Bottleneck.API_CONCURRENCY:
        pace = (
            f"The API concurrency limit already keeps submissions at {rate}, below the "
            "sender's dequeue rate: nothing queues at the provider."
        )
    else:
        pace = f"Submit at most {rate}, the sender's dequeue rate."
    if workers is not None:
        pace += f" {workers} concurrent worker(s) reach that at the given latency."
    if traffic is TrafficMix.MIXED:
        consumers = (
            f"Feed each queue with at most {concurrency} consumers, the subaccount's API "
            "concurrency: more requests in flight are refused."
            if concurrency is not None
            else "Feed each queue with at most as many consumers as the subaccount's API "
            "concurrency: more requests in flight are refused."
        )
        return PacingAdvice(
            PacingStrategy.PRIORITY_QUEUE,
            "Campaigns and real-time messages share the sender, and the provider's queue is "
            "first in, first out: a campaign backlog would delay every real-time message "
            "behind it. Your own queue decides the order.",
            (
                "Run your own message queue; give real-time messages priority and a time-to-live.",
                "Keep one queue per subaccount: the API concurrency limit applies per subaccount.",
                consumers,
                pace,
            ),
            (SOURCE_BANDWIDTH_RATE_LIMITS, SOURCE_TWILIO_ISV_GUIDE),
        )
    if traffic is TrafficMix.REALTIME:
        return PacingAdvice(
            PacingStrategy.THROTTLE,
            "Real-time messages must not wait in the provider's queue: pacing at the dequeue "
            "rate sends each one as it arrives. Throttling suits any use case and favours "
            "person-to-person traffic.",
            (pace,),
            (SOURCE_BANDWIDTH_RATE_LIMITS,),
        )
    if expiry_expected:
        return PacingAdvice(
            PacingStrategy.THROTTLE,
            "At full speed part of the campaign would wait past its validity period and "
            "expire. Expiry is reported only when the message reaches the head of the "
            "queue, too late for retrying to help: pace at the dequeue rate instead.",
            (pace,),
            (SOURCE_BANDWIDTH_RATE_LIMITS,),
        )
    if throttling_needed is None:
        absorbed = (
            "Whether the provider's queue absorbs the campaign at full speed is unknown "
            "without the client's API concurrency and latency."
        )
    elif throttling_needed:
        absorbed = "At full speed some submissions are refused: retry them."
    else:
        absorbed = (
            "The provider's queue absorbs the whole campaign: sending at full speed loses "
            "nothing, no throttling needed."
        )
    return PacingAdvice(
        PacingStrategy.BACKOFF_RETRY,
        "A campaign with no priority (reminders, receipts, opted-in promotions) can be "
        "sent as fast as possible, retrying what the provider refuses.",
        (
            absorbed,
            "On a refusal, wait a little and retry; double the wait on each further "
            "refusal and add some randomness (jitter).",
            "Retry only what the provider refused: a refusal at submission, or a failure "
            "reported later for a message that never left the queue.",
        ),
        (SOURCE_BANDWIDTH_RATE_LIMITS, SOURCE_TWILIO_ISV_GUIDE),
    )


# --- the plan -----------------------------------------------------------------------


def _errors(limits: ProviderLimits | None, stage: Stage) -> tuple[ErrorName, ...] | None:
    if limits is None:
        return None
    names = limits.errors.get(stage.value)
    return None if names is None else tuple(names)


def _outcome(
    stage: Stage,
    limits: ProviderLimits | None,
    *,
    occurs: bool | None,
    from_seconds: float | None,
    messages: int | None,
    segments: float | None,
) -> Outcome:
    return Outcome(
        stage=stage,
        occurs=occurs,
        from_seconds=from_seconds if occurs else None,
        messages=messages,
        segments=segments,
        errors=_errors(limits, stage),
    )


def plan_capacity(inp: CapacityInput) -> CapacityPlan:
    """Rates, queue, losses and advice for one sender and (optionally) one campaign."""
    if inp.mps is None:
        raise InputError(f"{OPT_MPS}: the sender's MPS is unknown; give {OPT_MPS}")
    mps = _positive(OPT_MPS, inp.mps)
    segments = _whole(OPT_SEGMENTS, inp.segments_per_message, 1)
    messages = None if inp.messages is None else _whole(OPT_MESSAGES, inp.messages, 0)
    validity = (
        None if inp.validity_seconds is None else _positive(OPT_VALIDITY, inp.validity_seconds)
    )
    if inp.deadline_minutes is not None:
        _positive(OPT_DEADLINE, inp.deadline_minutes)
    if inp.concurrency is not None and inp.latency_ms is None:
        raise UsageError(f"{OPT_LATENCY}: needed with {OPT_CONCURRENCY} (the API edge takes both)")
    if inp.latency_ms is not None and inp.concurrency is None:
        raise UsageError(f"{OPT_CONCURRENCY}: needed with {OPT_LATENCY} (the API edge takes both)")
    limits = inp.limits
    queue_seconds = None
    burst = None
    if limits is not None:
        if limits.queue_seconds is not None:
            queue_seconds = _non_negative(OPT_QUEUE, limits.queue_seconds)
        burst = effective_burst_rps(mps, limits.burst_rps, limits.burst_headroom_rps)

    # Rates.
    api_rps = None
    if inp.concurrency is not None and inp.latency_ms is not None:
        api_rps = api_requests_per_second(inp.concurrency, inp.latency_ms)
    ingress = ingress_messages_per_second(api_rps, burst)
    # The client submits at its API rate; without one, at the burst rate.
    client_rate = api_rps if api_rps is not None else burst
    inflow = None if ingress is None else ingress * segments
    egress = mps if inflow is None else egress_segments_per_second(inflow, mps)
    bottleneck = (
        None
        if inflow is None
        else (Bottleneck.MPS if inflow >= mps else Bottleneck.API_CONCURRENCY)
    )
    depth = None if queue_seconds is None else queue_depth_segments(mps, queue_seconds)
    fill = None if depth is None or inflow is None else queue_fill_seconds(depth, inflow, mps)

    # The campaign.
    t_sub = peak = wait = drain = None
    if messages is not None:
        drain = drain_seconds(messages, segments, mps if inflow is None else inflow, mps)
        if client_rate is not None and inflow is not None:
            t_sub = submission_seconds(messages, client_rate)
            peak = 0.0 if depth is None else peak_queue_segments(depth, inflow, mps, t_sub)
            wait = max_wait_seconds(peak, mps)

    # Losses: unknown without the client's rate.
    burst_occurs: bool | None = None
    queue_occurs: bool | None = None
    expiry_occurs: bool | None = None
    burst_from: float | None = None
    queue_from: float | None = None
    expiry_from: float | None = None
    burst_segments: float | None = None
    rejected_segments: float | None = None
    expired_segments: float | None = None
    counts: tuple[int, ...] | None = None
    if inflow is not None:
        burst_share = burst_rejected_messages(1.0, api_rps, burst)
        # A sustained stream: which losses these rates can cause at all, and from when.
        stream = queue_losses(
            accepted_segments=math.inf,
            inflow_segments_per_second=inflow,
            mps=mps,
            queue_seconds=queue_seconds,
            validity_seconds=validity,
        )
        burst_occurs = burst_share > 0
        queue_occurs = stream.rejected_segments > 0
        expiry_occurs = stream.expired_segments > 0
        burst_from = 0.0
        queue_from = stream.rejected_from_seconds
        expiry_from = stream.expired_from_seconds
        if messages is not None:
            possible = (burst_occurs, queue_occurs, expiry_occurs)
            burst_messages = burst_rejected_messages(messages, api_rps, burst)
            campaign = queue_losses(
                accepted_segments=(messages - burst_messages) * segments,
                inflow_segments_per_second=inflow,
                mps=mps,
                queue_seconds=queue_seconds,
                validity_seconds=validity,
            )
            burst_segments = burst_messages * segments
            rejected_segments = campaign.rejected_segments
            expired_segments = campaign.expired_segments
            burst_occurs = burst_segments > 0
            queue_occurs = rejected_segments > 0
            expiry_occurs = expired_segments > 0
            queue_from = campaign.rejected_from_seconds
            expiry_from = campaign.expired_from_seconds
            fluid = (burst_messages, rejected_segments / segments, expired_segments / segments)
            counts = affected_messages(
                tuple(value if can else None for value, can in zip(fluid, possible, strict=True)),
                messages - sum(fluid),
            )

    burst_outcome = _outcome(
        Stage.BURST,
        limits,
        occurs=burst_occurs,
        from_seconds=burst_from,
        messages=None if counts is None else counts[0],
        segments=burst_segments,
    )
    queue_outcome = _outcome(
        Stage.QUEUE_FULL,
        limits,
        occurs=queue_occurs,
        from_seconds=queue_from,
        messages=None if counts is None else counts[1],
        segments=rejected_segments,
    )
    expiry_outcome = _outcome(
        Stage.EXPIRED,
        limits,
        occurs=expiry_occurs,
        from_seconds=expiry_from,
        messages=None if counts is None else counts[2],
        segments=expired_segments,
    )
    throttling_needed = (
        None if inflow is None else bool(burst_occurs or queue_occurs or expiry_occurs)
    )

    # Advice.
    throttle = throttle_messages_per_second(mps, segments, api_rps)
    workers = (
        None
        if inp.latency_ms is None
        else workers_needed(throttle, inp.latency_ms, inp.concurrency)
    )
    absorb_seconds = 0.0 if queue_seconds is None else min(queue_seconds, validity or math.inf)
    lossless_segments = lossless_max_segments_per_second(
        None if messages is None else messages * segments, mps, absorb_seconds
    )
    lossless_rates = [
        rate
        for rate in (None if lossless_segments is None else lossless_segments / segments, burst)
        if rate is not None
    ]
    lossless = min(lossless_rates) if lossless_rates else None

    deadline = None
    if inp.deadline_minutes is not None and messages is not None and drain is not None:
        deadline = deadline_check(
            messages=messages,
            segments_per_message=segments,
            deadline_minutes=inp.deadline_minutes,
            mps=mps,
            ingress_messages_per_second=ingress,
            latency_ms=inp.latency_ms,
            drain_seconds=drain,
        )
    pacing = (
        None
        if inp.traffic is None
        else pacing_advice(
            inp.traffic,
            throttle_messages_per_second=throttle,
            workers=workers,
            concurrency=inp.concurrency,
            bottleneck=bottleneck,
            throttling_needed=throttling_needed,
            expiry_expected=expiry_occurs,
        )
    )
    return CapacityPlan(
        provider=None if limits is None else limits.provider,
        queue_scope=None if limits is None or queue_seconds is None else limits.queue_scope,
        segments_per_message=segments,
        mps=mps,
        api_requests_per_second=api_rps,
        ingress_messages_per_second=ingress,
        egress_segments_per_second=egress,
        egress_messages_per_second=egress / segments,
        bottleneck=bottleneck,
        queue_depth_segments=depth,
        queue_fill_seconds=fill,
        submission_seconds=t_sub,
        peak_queue_segments=peak,
        drain_seconds=drain,
        max_wait_seconds=wait,
        burst_rejection=burst_outcome,
        queue_rejection=queue_outcome,
        expiry=expiry_outcome,
        rejected_messages=None if counts is None else counts[0] + counts[1],
        expired_messages=None if counts is None else counts[2],
        sent_messages=None if counts is None or messages is None else messages - sum(counts),
        throttling_needed=throttling_needed,
        throttle_messages_per_second=throttle,
        workers=workers,
        lossless_max_messages_per_second=lossless,
        api_concurrency_errors=_errors(limits, Stage.API_CONCURRENCY),
        deadline=deadline,
        pacing=pacing,
    )
