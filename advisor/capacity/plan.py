"""The formulas composed into a plan: rates, queue, losses, advice and the deadline."""

from __future__ import annotations

import math

from advisor.capacity.formulas import (
    affected_messages,
    api_requests_per_second,
    burst_rejected_messages,
    drain_seconds,
    effective_burst_rps,
    egress_segments_per_second,
    ingress_messages_per_second,
    lossless_max_segments_per_second,
    max_wait_seconds,
    peak_queue_segments,
    queue_depth_segments,
    queue_fill_seconds,
    queue_losses,
    submission_seconds,
    throttle_messages_per_second,
    workers_needed,
)
from advisor.capacity.model import (
    OPT_BURST,
    OPT_CONCURRENCY,
    OPT_DEADLINE,
    OPT_LATENCY,
    OPT_MESSAGES,
    OPT_MPS,
    OPT_QUEUE,
    OPT_SEGMENTS,
    OPT_VALIDITY,
    Bottleneck,
    CapacityInput,
    CapacityPlan,
    DeadlineCheck,
    ErrorName,
    Outcome,
    ProviderLimits,
    Stage,
)
from advisor.capacity.numbers import (
    REL_TOL,
    Range,
    ceil_cents,
    ceil_tol,
    in_range,
    non_negative,
    positive,
    whole,
)
from advisor.capacity.pacing import pacing_advice
from advisor.errors import InputError, UsageError


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
    deadline_seconds = positive(OPT_DEADLINE, deadline_minutes) * 60
    segments = whole(OPT_MESSAGES, messages, 0) * whole(OPT_SEGMENTS, segments_per_message, 1)
    exact_mps = segments / deadline_seconds
    needed = ceil_cents(exact_mps)
    mps = positive(OPT_MPS, mps)
    exact_rate = messages / deadline_seconds
    ingress_ok = (
        None if ingress_messages_per_second is None else ingress_messages_per_second >= exact_rate
    )
    concurrency = (
        None
        if latency_ms is None
        else max(1, ceil_tol(exact_rate * positive(OPT_LATENCY, latency_ms) / 1000))
    )
    return DeadlineCheck(
        deadline_seconds=deadline_seconds,
        required_mps=needed,
        required_mps_whole=ceil_tol(exact_mps),
        mps_meets_deadline=mps >= exact_mps * (1 - REL_TOL),
        mps_shortfall=max(0.0, ceil_cents(exact_mps - mps)),
        required_messages_per_second=ceil_cents(exact_rate),
        ingress_meets_deadline=ingress_ok,
        required_concurrency=concurrency,
        deadline_met=drain_seconds <= deadline_seconds * (1 + REL_TOL),
    )


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


def check_input(inp: CapacityInput) -> None:
    """Refuse an input outside its domain, then one outside its range (:data:`RANGES`).

    Each error is an :class:`InputError` naming the option, so that a batch row gets its
    own error; the order is the order of the options in ``advisor capacity --help``.
    """
    if inp.concurrency is not None:
        in_range(OPT_CONCURRENCY, whole(OPT_CONCURRENCY, inp.concurrency, 1))
    if inp.latency_ms is not None:
        in_range(OPT_LATENCY, positive(OPT_LATENCY, inp.latency_ms))
    if inp.mps is not None:
        in_range(OPT_MPS, positive(OPT_MPS, inp.mps))
    limits = inp.limits
    if limits is not None:
        if limits.queue_seconds is not None:
            in_range(OPT_QUEUE, non_negative(OPT_QUEUE, limits.queue_seconds))
        if limits.burst_rps is not None:
            in_range(OPT_BURST, positive(OPT_BURST, limits.burst_rps))
        if limits.burst_headroom_rps is not None:
            in_range(OPT_BURST, non_negative(OPT_BURST, limits.burst_headroom_rps), _HEADROOM)
    if inp.messages is not None:
        in_range(OPT_MESSAGES, whole(OPT_MESSAGES, inp.messages, 0))
    in_range(OPT_SEGMENTS, whole(OPT_SEGMENTS, inp.segments_per_message, 1))
    if inp.validity_seconds is not None:
        in_range(OPT_VALIDITY, positive(OPT_VALIDITY, inp.validity_seconds))
    if inp.deadline_minutes is not None:
        in_range(OPT_DEADLINE, positive(OPT_DEADLINE, inp.deadline_minutes))
    if inp.concurrency is not None and inp.latency_ms is None:
        raise UsageError(f"{OPT_LATENCY}: needed with {OPT_CONCURRENCY} (the API edge takes both)")
    if inp.latency_ms is not None and inp.concurrency is None:
        raise UsageError(f"{OPT_CONCURRENCY}: needed with {OPT_LATENCY} (the API edge takes both)")


#: a burst rate stated as headroom above the dequeue rate.
_HEADROOM = Range(0, 1_000_000, "messages per second above the dequeue rate")


def plan_capacity(inp: CapacityInput) -> CapacityPlan:
    """Rates, queue, losses and advice for one sender and (optionally) one campaign."""
    check_input(inp)
    if inp.mps is None:
        raise InputError(f"{OPT_MPS}: the sender's MPS is unknown; give {OPT_MPS}")
    mps = float(inp.mps)
    segments = inp.segments_per_message
    messages = inp.messages
    validity = None if inp.validity_seconds is None else float(inp.validity_seconds)
    limits = inp.limits
    queue_seconds = None
    burst = None
    if limits is not None:
        if limits.queue_seconds is not None:
            queue_seconds = float(limits.queue_seconds)
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
