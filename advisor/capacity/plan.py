"""The formulas composed into a plan: rates, queue, losses, advice and the deadline."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
    ceil_cents,
    ceil_tol,
    check_input,
    positive,
    whole,
)
from advisor.capacity.options import (
    OPT_CLIENT_RATE,
    OPT_CONCURRENCY,
    OPT_DEADLINE,
    OPT_LATENCY,
    OPT_MESSAGES,
    OPT_MPS,
    OPT_QUEUE,
    OPT_SEGMENTS,
)
from advisor.capacity.pacing import pacing_advice
from advisor.errors import UsageError


def deadline_check(
    *,
    messages: int,
    segments_per_message: int,
    deadline_minutes: float,
    mps: float | None,
    ingress_messages_per_second: float | None,
    latency_ms: float | None,
    drain_seconds: float | None,
) -> DeadlineCheck:
    """Whether the MPS and the client's rate meet the deadline, and what is missing.

    What the deadline needs is known from the campaign alone; whether the sender meets it
    needs its MPS (``mps`` and ``drain_seconds`` ``None``: not determined).
    """
    deadline_seconds = positive(OPT_DEADLINE, deadline_minutes) * 60
    segments = whole(OPT_MESSAGES, messages, 0) * whole(OPT_SEGMENTS, segments_per_message, 1)
    exact_mps = segments / deadline_seconds
    exact_rate = messages / deadline_seconds
    ingress_ok = (
        None if ingress_messages_per_second is None else ingress_messages_per_second >= exact_rate
    )
    concurrency = (
        None
        if latency_ms is None
        else max(1, ceil_tol(exact_rate * positive(OPT_LATENCY, latency_ms) / 1000))
    )
    meets = shortfall = None
    if mps is not None:
        mps = positive(OPT_MPS, mps)
        meets = mps >= exact_mps * (1 - REL_TOL)
        shortfall = max(0.0, ceil_cents(exact_mps - mps))
    return DeadlineCheck(
        deadline_seconds=deadline_seconds,
        required_mps=ceil_cents(exact_mps),
        required_mps_whole=ceil_tol(exact_mps),
        mps_meets_deadline=meets,
        mps_shortfall=shortfall,
        required_messages_per_second=ceil_cents(exact_rate),
        ingress_meets_deadline=ingress_ok,
        required_concurrency=concurrency,
        deadline_met=None
        if drain_seconds is None
        else drain_seconds <= deadline_seconds * (1 + REL_TOL),
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


def plan_capacity(inp: CapacityInput) -> CapacityPlan:
    """Rates, queue, losses and advice for one sender and (optionally) one campaign.

    Every figure the given inputs determine is computed; the others are ``None``, and
    :attr:`CapacityPlan.missing_inputs` names the options that would complete them.
    """
    check_input(inp)
    limits = inp.limits
    account = None if limits is None else limits.account_mps
    if inp.mps is None and account is None and inp.concurrency is None and inp.messages is None:
        raise UsageError(
            f"give {OPT_MPS} (or --sender and --country), {OPT_CONCURRENCY} and "
            f"{OPT_LATENCY}, or {OPT_MESSAGES}: there is nothing to plan"
        )
    sender_mps = None if inp.mps is None else float(inp.mps)
    mps = sender_mps
    if account is not None:
        mps = float(account) if sender_mps is None else min(sender_mps, float(account))
    segments = inp.segments_per_message
    messages = inp.messages
    queue_known = limits is None or limits.queue_known
    queue_seconds = None
    if limits is not None and limits.queue_seconds is not None:
        queue_seconds = float(limits.queue_seconds)
    rates = _rates(inp, mps)
    inflow = rates.inflow
    depth = hold = None
    if queue_seconds is not None and mps is not None:
        # An account-wide queue holds the account's rate times its length.
        shared = limits is not None and limits.queue_scope == "account"
        depth_rate = float(account) if shared and account is not None else mps
        depth = queue_depth_segments(depth_rate, queue_seconds)
        # how long the queue holds this sender's segments at its own dequeue rate
        hold = depth / mps
    fill = None
    if depth is not None and inflow is not None and mps is not None:
        fill = queue_fill_seconds(depth, inflow, mps)

    # The campaign.
    t_sub = peak = wait = drain = None
    if messages is not None:
        if mps is not None:
            drain = drain_seconds(messages, segments, mps if inflow is None else inflow, mps)
        if rates.client is not None and inflow is not None:
            t_sub = submission_seconds(messages, rates.client)
            queues = mps is not None and inflow > mps
            if mps is not None and (queue_known or not queues):
                peak = 0.0 if depth is None else peak_queue_segments(depth, inflow, mps, t_sub)
                wait = max_wait_seconds(peak, mps)

    losses = _losses(inp, mps, hold, rates, queue_known)
    burst_outcome, queue_outcome, expiry_outcome = losses.outcomes
    counts = losses.counts
    throttling_needed: bool | None = any(bool(o.occurs) for o in losses.outcomes)
    if not losses.known and not throttling_needed:
        throttling_needed = None

    # Advice.
    throttle = workers = lossless = None
    if mps is not None:
        throttle = throttle_messages_per_second(mps, segments, rates.api)
        if inp.latency_ms is not None:
            workers = workers_needed(throttle, inp.latency_ms, inp.concurrency)
        lossless = _lossless(mps, segments, messages, hold, inp.validity_seconds, rates)

    deadline = None
    if inp.deadline_minutes is not None and messages is not None:
        deadline = deadline_check(
            messages=messages,
            segments_per_message=segments,
            deadline_minutes=inp.deadline_minutes,
            mps=mps,
            ingress_messages_per_second=rates.ingress,
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
            bottleneck=rates.bottleneck,
            throttling_needed=throttling_needed,
            expiry_expected=expiry_outcome.occurs,
        )
    )
    missing = []
    if mps is None:
        missing.append(OPT_MPS)
    if inflow is None:
        missing.append(OPT_CLIENT_RATE)
    if not queue_known:
        missing.append(OPT_QUEUE)
    return CapacityPlan(
        provider=None if limits is None else limits.provider,
        queue_scope=None if limits is None or queue_seconds is None else limits.queue_scope,
        segments_per_message=segments,
        mps=mps,
        api_requests_per_second=rates.api,
        ingress_messages_per_second=rates.ingress,
        egress_segments_per_second=rates.egress,
        egress_messages_per_second=None if rates.egress is None else rates.egress / segments,
        bottleneck=rates.bottleneck,
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
        missing_inputs=tuple(missing),
        sender_mps=sender_mps,
        capped_by_account=mps is not None and mps != sender_mps,
    )


@dataclass(frozen=True, slots=True)
class _Rates:
    """How fast the client submits and the sender sends; ``None``: not determined."""

    api: float | None
    burst: float | None
    #: messages per second that get into the queue.
    ingress: float | None
    #: messages per second the client submits: its API rate, else the burst rate.
    client: float | None
    #: segments per second that get into the queue.
    inflow: float | None
    egress: float | None
    bottleneck: Bottleneck | None


def _rates(inp: CapacityInput, mps: float | None) -> _Rates:
    limits = inp.limits
    burst = None
    burst_known = True
    if limits is not None:
        if mps is not None:
            burst = effective_burst_rps(mps, limits.burst_rps, limits.burst_headroom_rps)
        elif limits.burst_rps is not None and limits.burst_headroom_rps is not None:
            effective_burst_rps(1.0, limits.burst_rps, limits.burst_headroom_rps)  # refuses both
        elif limits.burst_headroom_rps is not None:
            # dequeue rate + headroom: not determined without the dequeue rate.
            burst_known = False
        else:
            burst = limits.burst_rps
    api = None
    if inp.concurrency is not None and inp.latency_ms is not None:
        api = api_requests_per_second(inp.concurrency, inp.latency_ms)
    ingress = ingress_messages_per_second(api, burst) if burst_known else None
    client = api if api is not None else burst
    inflow = None if ingress is None else ingress * inp.segments_per_message
    egress = None
    bottleneck = None
    if mps is not None:
        egress = mps if inflow is None else egress_segments_per_second(inflow, mps)
        if inflow is not None:
            bottleneck = Bottleneck.MPS if inflow >= mps else Bottleneck.API_CONCURRENCY
    return _Rates(api, burst, ingress, client, inflow, egress, bottleneck)


@dataclass(frozen=True, slots=True)
class _Losses:
    #: burst, queue full, expiry.
    outcomes: tuple[Outcome, Outcome, Outcome]
    #: affected messages at each stage; ``None`` without a campaign or a known inflow.
    counts: tuple[int, ...] | None
    #: ``False``: the losses are unknown (the inflow or the dequeue rate is).
    known: bool


def _losses(
    inp: CapacityInput,
    mps: float | None,
    queue_seconds: float | None,
    rates: _Rates,
    queue_known: bool = True,
) -> _Losses:
    """What the burst limit, a full queue and expiry lose; unknown without both rates.

    With an unknown queue only the burst limit's refusals are known, unless nothing
    queues at all (the inflow is at most the dequeue rate).
    """
    limits, inflow, messages = inp.limits, rates.inflow, inp.messages
    segments = inp.segments_per_message
    validity = inp.validity_seconds
    occurs: list[bool | None] = [None, None, None]
    starts: list[float | None] = [None, None, None]
    lost: list[float | None] = [None, None, None]
    counts: tuple[int, ...] | None = None
    known = inflow is not None and mps is not None
    if inflow is not None and mps is not None:
        burst_share = burst_rejected_messages(1.0, rates.api, rates.burst)
        # A sustained stream: which losses these rates can cause at all, and from when.
        stream = queue_losses(
            accepted_segments=math.inf,
            inflow_segments_per_second=inflow,
            mps=mps,
            queue_seconds=queue_seconds,
            validity_seconds=validity,
        )
        occurs = [burst_share > 0, stream.rejected_segments > 0, stream.expired_segments > 0]
        starts = [0.0, stream.rejected_from_seconds, stream.expired_from_seconds]
        if messages is not None:
            possible = tuple(occurs)
            burst_messages = burst_rejected_messages(messages, rates.api, rates.burst)
            campaign = queue_losses(
                accepted_segments=(messages - burst_messages) * segments,
                inflow_segments_per_second=inflow,
                mps=mps,
                queue_seconds=queue_seconds,
                validity_seconds=validity,
            )
            lost = [
                burst_messages * segments,
                campaign.rejected_segments,
                campaign.expired_segments,
            ]
            occurs = [value is not None and value > 0 for value in lost]
            starts[1:] = [campaign.rejected_from_seconds, campaign.expired_from_seconds]
            fluid = (
                burst_messages,
                campaign.rejected_segments / segments,
                campaign.expired_segments / segments,
            )
            counts = affected_messages(
                tuple(value if can else None for value, can in zip(fluid, possible, strict=True)),
                messages - sum(fluid),
            )
    shown: list[int | None] = [None, None, None] if counts is None else list(counts)
    if not queue_known and inflow is not None and mps is not None and inflow > mps:
        # Something queues, in a queue of unknown length: its refusals and expiry are unknown.
        for index in (1, 2):
            occurs[index] = starts[index] = lost[index] = shown[index] = None
        counts, known = None, False
    stages = (Stage.BURST, Stage.QUEUE_FULL, Stage.EXPIRED)
    outcomes = tuple(
        _outcome(
            stage,
            limits,
            occurs=occurs[index],
            from_seconds=starts[index],
            messages=shown[index],
            segments=lost[index],
        )
        for index, stage in enumerate(stages)
    )
    return _Losses((outcomes[0], outcomes[1], outcomes[2]), counts, known)


def _lossless(
    mps: float,
    segments: int,
    messages: int | None,
    queue_seconds: float | None,
    validity_seconds: float | None,
    rates: _Rates,
) -> float | None:
    """The fastest client rate that loses nothing: the queue's, capped by the burst rate."""
    absorb = 0.0 if queue_seconds is None else min(queue_seconds, validity_seconds or math.inf)
    lossless_segments = lossless_max_segments_per_second(
        None if messages is None else messages * segments, mps, absorb
    )
    candidates = [
        rate
        for rate in (
            None if lossless_segments is None else lossless_segments / segments,
            rates.burst,
        )
        if rate is not None
    ]
    return min(candidates) if candidates else None
