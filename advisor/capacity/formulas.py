"""The arithmetic of capacity, one formula per function.

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
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from advisor.capacity.model import QueueLosses
from advisor.capacity.numbers import (
    REL_TOL,
    amount,
    ceil_cents,
    ceil_tol,
    floor_tol,
    non_negative,
    positive,
    shown,
    whole,
)
from advisor.capacity.options import (
    OPT_BURST,
    OPT_CLIENT_RATE,
    OPT_CONCURRENCY,
    OPT_DEADLINE,
    OPT_LATENCY,
    OPT_MESSAGES,
    OPT_MPS,
    OPT_QUEUE,
    OPT_SEGMENTS,
    OPT_VALIDITY,
)
from advisor.errors import InputError


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
        counts.append(max(0, min(ceil_tol(value), floor_tol(value + sent / possible))))
    return tuple(counts)


def api_requests_per_second(concurrency: int, latency_ms: float) -> float:
    """Requests per second the API edge admits: ``concurrency * 1000 / latency_ms``."""
    whole(OPT_CONCURRENCY, concurrency, 1)
    return concurrency * 1000 / positive(OPT_LATENCY, latency_ms)


def effective_burst_rps(
    mps: float, burst_rps: float | None, burst_headroom_rps: float | None
) -> float | None:
    """The burst rate in messages per second, or ``None`` when there is none.

    Raises :class:`InputError` when it is below the dequeue rate ``mps``.
    """
    mps = positive(OPT_MPS, mps)
    if burst_rps is not None and burst_headroom_rps is not None:
        raise InputError(f"{OPT_BURST}: give a burst rate or a headroom above --mps, not both")
    if burst_headroom_rps is not None:
        return mps + non_negative(OPT_BURST, burst_headroom_rps)
    if burst_rps is None:
        return None
    burst = positive(OPT_BURST, burst_rps)
    if burst < mps:
        raise InputError(
            f"{OPT_BURST}: expected a burst rate >= the dequeue rate "
            f"({OPT_MPS} {shown(mps)}), got {shown(burst)}"
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
    non_negative(OPT_MESSAGES, messages)
    if api_rps is None or burst_rps is None or api_rps <= burst_rps:
        return 0.0
    return messages * (api_rps - burst_rps) / api_rps


def egress_segments_per_second(inflow_segments_per_second: float, mps: float) -> float:
    """Segments per second leaving for the carriers: ``min(inflow, mps)``."""
    return min(positive(OPT_CLIENT_RATE, inflow_segments_per_second), positive(OPT_MPS, mps))


def queue_depth_segments(mps: float, queue_seconds: float) -> float:
    """Segments the queue holds: ``mps * queue_seconds``."""
    return positive(OPT_MPS, mps) * non_negative(OPT_QUEUE, queue_seconds)


def queue_fill_seconds(
    depth_segments: float, inflow_segments_per_second: float, dequeue_segments_per_second: float
) -> float | None:
    """Seconds until the queue is full: ``depth / (inflow - dequeue)``.

    ``None`` when it never fills (inflow at most the dequeue rate). Expiry, which can keep a
    queue from filling, is ignored here; :func:`queue_losses` accounts for it.
    """
    depth = non_negative(OPT_QUEUE, depth_segments)
    inflow = non_negative(OPT_CLIENT_RATE, inflow_segments_per_second)
    dequeue = positive(OPT_MPS, dequeue_segments_per_second)
    if inflow <= dequeue:
        return None
    return depth / (inflow - dequeue)


def submission_seconds(messages: float, client_messages_per_second: float) -> float:
    """Seconds the client takes to submit the campaign: ``messages / rate``."""
    rate = positive(OPT_CLIENT_RATE, client_messages_per_second)
    return non_negative(OPT_MESSAGES, messages) / rate


def peak_queue_segments(
    depth_segments: float,
    inflow_segments_per_second: float,
    dequeue_segments_per_second: float,
    submission_seconds: float,
) -> float:
    """The largest backlog before anything expires: ``min(depth, (inflow - dequeue) * T)``.

    0 when the inflow is at most the dequeue rate.
    """
    depth = non_negative(OPT_QUEUE, depth_segments)
    inflow = non_negative(OPT_CLIENT_RATE, inflow_segments_per_second)
    dequeue = positive(OPT_MPS, dequeue_segments_per_second)
    if inflow <= dequeue:
        return 0.0
    return min(depth, (inflow - dequeue) * non_negative(OPT_MESSAGES, submission_seconds))


def max_wait_seconds(peak_segments: float, mps: float) -> float:
    """The longest wait in the queue: ``peak / mps``."""
    return non_negative(OPT_QUEUE, peak_segments) / positive(OPT_MPS, mps)


def drain_seconds(
    messages: int, segments_per_message: int, inflow_segments_per_second: float, mps: float
) -> float:
    """Seconds the whole campaign takes through its bottleneck when nothing is lost.

    ``messages * segments / min(inflow, mps)``; never below ``messages * segments / mps``.
    """
    segments = whole(OPT_MESSAGES, messages, 0) * whole(OPT_SEGMENTS, segments_per_message, 1)
    return segments / egress_segments_per_second(inflow_segments_per_second, mps)


def first_expiry_seconds(
    validity_seconds: float, inflow_segments_per_second: float, dequeue_segments_per_second: float
) -> float | None:
    """When the first message expires (at dequeue): ``V * inflow / (inflow - dequeue)``.

    ``None`` when nothing queues. The backlog grows at ``inflow - dequeue``, so the message
    submitted at ``t`` waits ``t * (inflow - dequeue) / dequeue``; the first to wait longer
    than ``V`` reaches the head at ``V * inflow / (inflow - dequeue)``.
    """
    validity = positive(OPT_VALIDITY, validity_seconds)
    inflow = non_negative(OPT_CLIENT_RATE, inflow_segments_per_second)
    dequeue = positive(OPT_MPS, dequeue_segments_per_second)
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
    total = amount(OPT_MESSAGES, accepted_segments)
    lam = positive(OPT_CLIENT_RATE, inflow_segments_per_second)
    mu = positive(OPT_MPS, mps)
    hold = 0.0 if queue_seconds is None else non_negative(OPT_QUEUE, queue_seconds)
    validity = math.inf if validity_seconds is None else positive(OPT_VALIDITY, validity_seconds)
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
    expired = losses - rejected
    if expired <= 4 * REL_TOL * losses:
        # rounding residue of a difference of two nearly equal losses, not a message
        expired = 0.0
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
    mu = positive(OPT_MPS, mps)
    absorbed = mu * non_negative(OPT_QUEUE, absorb_seconds)
    if campaign_segments is None:
        return mu
    campaign = non_negative(OPT_MESSAGES, campaign_segments)
    if absorbed >= campaign:
        return None
    # mu * N / (N - absorbed): the same as mu / (1 - absorbed / N), without a ratio that
    # rounds to 1 (and a division by zero) when the queue absorbs almost all of it.
    return mu * campaign / (campaign - absorbed)


def throttle_messages_per_second(
    mps: float, segments_per_message: int, api_rps: float | None
) -> float:
    """The client rate that nothing refuses and nothing lets expire: ``mps / segments``.

    Capped by the API rate: a client that cannot reach the dequeue rate never queues.
    """
    rate = positive(OPT_MPS, mps) / whole(OPT_SEGMENTS, segments_per_message, 1)
    return rate if api_rps is None else min(rate, api_rps)


def workers_needed(
    messages_per_second: float, latency_ms: float, concurrency: int | None = None
) -> int:
    """Concurrent workers that submit ``messages_per_second``: ``ceil(rate * latency / 1000)``.

    Never above the concurrency limit, never below one.
    """
    rate = positive(OPT_MPS, messages_per_second)
    workers = max(1, ceil_tol(rate * positive(OPT_LATENCY, latency_ms) / 1000))
    if concurrency is not None:
        workers = min(workers, whole(OPT_CONCURRENCY, concurrency, 1))
    return workers


def required_mps(messages: int, segments_per_message: int, deadline_minutes: float) -> float:
    """Segments per second needed to send the campaign in time, rounded up to 0.01."""
    segments = whole(OPT_MESSAGES, messages, 0) * whole(OPT_SEGMENTS, segments_per_message, 1)
    return ceil_cents(segments / (positive(OPT_DEADLINE, deadline_minutes) * 60))
