"""Capacity plans from the knowledge base.

The rest of :mod:`advisor.capacity` is arithmetic over plain numbers; this module supplies the
numbers the knowledge base knows (a provider's queue length, burst rule and error
names; a sender's MPS in a country) and turns a missed deadline into advice on how
to get the throughput without snowshoeing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.capacity import (
    CapacityInput,
    CapacityPlan,
    ErrorName,
    ProviderLimits,
    Stage,
    TrafficMix,
    plan_capacity,
)
from advisor.engine import mps_route, resolve_sender
from advisor.errors import InputError, UsageError
from advisor.knowledge import KnowledgeBase, Provider, Throughput
from advisor.render.cells import format_cell
from advisor.vocab import AddingSenders, SenderId, UseCase

if TYPE_CHECKING:
    from advisor.segments import SegmentCount


def provider(kb: KnowledgeBase, name: str, option: str = "--provider") -> Provider:
    found = kb.providers.get(name.strip().lower())
    if found is None:
        known = ", ".join(kb.providers)
        raise InputError(f"{option}: expected one of {known}, got {name!r}")
    return found


def provider_limits(
    kb: KnowledgeBase,
    name: str | None,
    *,
    queue_seconds: float | None = None,
    burst_rps: float | None = None,
) -> ProviderLimits | None:
    """The provider's queue, burst rule and error names, with explicit figures overriding.

    ``--queue-seconds 14400`` with ``--provider twilio`` reproduces the ISV guide's
    4-hour arithmetic while keeping Twilio's error names. Without a provider and without
    figures there are no limits.
    """
    if name is None:
        if queue_seconds is None and burst_rps is None:
            return None
        return ProviderLimits("custom", queue_seconds, "per sender", burst_rps)
    found = provider(kb, name)
    errors = {
        stage.value: tuple(
            ErrorName(error.code, error.http_status, error.description)
            for error in getattr(found.errors, stage.value)
        )
        for stage in Stage
        if found.errors is not None and getattr(found.errors, stage.value)
    }
    headroom = None
    if burst_rps is None and found.burst is not None:
        headroom = found.burst.plus_mps
    return ProviderLimits(
        provider=name.strip().lower(),
        queue_seconds=queue_seconds
        if queue_seconds is not None
        else (found.queue.seconds if found.queue else None),
        queue_scope=found.queue.scope if found.queue else "per sender",
        burst_rps=burst_rps,
        errors=errors,
        burst_headroom_rps=headroom,
    )


def sender_mps(kb: KnowledgeBase, sender: SenderId, country: str) -> float:
    """The MPS one sender gives in a country by default; an error when it is unknown."""
    resolved = resolve_sender(kb, sender, country)
    mps = resolved.attributes.throughput.default_mps
    if mps is None:
        raise InputError(
            f"--sender: no MPS is known for {sender.value} in {kb.countries[country].name} "
            f"(documented: {resolved.attributes.throughput.text}); give --mps"
        )
    return mps


def traffic_mix(use_case: UseCase | None, campaign: bool) -> TrafficMix | None:
    """The traffic a sender carries, as far as the use case tells it."""
    if use_case is None:
        return None
    if use_case in (UseCase.OTP, UseCase.CONVERSATIONAL):
        return TrafficMix.REALTIME
    if use_case is UseCase.PROMOTIONAL:
        return TrafficMix.BULK
    return TrafficMix.BULK if campaign else TrafficMix.REALTIME


@dataclass(frozen=True, slots=True)
class Scaling:
    """How to get the throughput a deadline needs, without snowshoeing."""

    required_mps: float
    #: senders of this kind at their default MPS it would take to spread the campaign
    #: (which is snowshoeing: the advice says how to get the throughput instead).
    senders_needed: int | None
    advice: tuple[str, ...]
    sources: tuple[str, ...]


def scaling(
    kb: KnowledgeBase, sender: SenderId, country: str, plan: CapacityPlan
) -> Scaling | None:
    """Advice when the sender's MPS misses the deadline (None when it meets it)."""
    deadline = plan.deadline
    if deadline is None or deadline.mps_meets_deadline is not False or plan.mps is None:
        return None
    resolved = resolve_sender(kb, sender, country)
    throughput = resolved.attributes.throughput
    needed = deadline.required_mps
    shown = format_cell(needed)
    name = resolved.name
    senders_needed = math.ceil(needed / throughput.default_mps) if throughput.default_mps else None
    advice: list[str] = [
        f"The deadline needs {shown} MPS; one {name} gives {format_cell(plan.mps)} MPS."
    ]
    if throughput.max_mps is not None and needed > throughput.max_mps:
        advice.append(
            f"One {name} reaches at most {format_cell(throughput.max_mps)} MPS: "
            "it takes a sender type with more throughput, or a later deadline."
        )
    else:
        route = mps_route(throughput, needed)
        if route:
            advice.append(f"To reach {shown} MPS: {route}.")
    if throughput.adding_senders is AddingSenders.NO_GAIN:
        advice.append(
            "Throughput is set per campaign by the brand's trust score: more numbers in the "
            "campaign do not raise it."
        )
    elif senders_needed is not None and senders_needed > 1:
        advice.append(
            f"Spreading one campaign over {senders_needed} senders of this kind is "
            "snowshoeing: carriers filter it. Get the throughput on one sender instead."
        )
    return Scaling(
        required_mps=needed,
        senders_needed=senders_needed,
        advice=tuple(advice),
        sources=throughput.source,
    )


# --- A capacity question, answered ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CapacityRequest:
    """What ``advisor capacity`` is asked: the API edge, the sender, the provider, the campaign."""

    concurrency: int | None = None
    latency_ms: float | None = None
    #: the sender's MPS; or give ``sender`` and ``country`` to take it from the knowledge base.
    mps: float | None = None
    sender: SenderId | None = None
    country: str | None = None
    provider: str | None = None
    queue_seconds: float | None = None
    burst_rps: float | None = None
    messages: int | None = None
    #: segments per message; or give ``body`` to count them.
    segments: int | None = None
    body: str | None = None
    validity_seconds: float | None = None
    deadline_minutes: float | None = None
    traffic: TrafficMix | None = None
    use_case: UseCase | None = None


@dataclass(frozen=True, slots=True)
class CapacityResult:
    request: CapacityRequest
    plan: CapacityPlan
    #: where the MPS came from, in words.
    mps_origin: str
    #: the knowledge base's throughput fact for the sender, when a sender was named.
    throughput: Throughput | None
    provider: Provider | None
    limits: ProviderLimits | None
    #: the body's segment count, when a body was given.
    body_segments: SegmentCount | None
    scaling: Scaling | None

    def sources(self) -> tuple[str, ...]:
        ids: list[str] = []
        if self.throughput is not None:
            ids.extend(self.throughput.source)
        if self.provider is not None:
            if self.provider.queue is not None:
                ids.extend(self.provider.queue.source)
            for older in self.provider.queue_history:
                ids.extend(older.source)
            if self.provider.errors is not None:
                ids.extend(self.provider.errors.source)
            if self.provider.burst is not None:
                ids.extend(self.provider.burst.source)
        if self.plan.pacing is not None:
            ids.extend(self.plan.pacing.sources)
        return tuple(dict.fromkeys(ids))


def plan_request(kb: KnowledgeBase, request: CapacityRequest) -> CapacityResult:
    """Answer a capacity question with the knowledge base's facts where the request has none."""
    if request.segments is not None and request.body is not None:
        raise UsageError("give --segments or a message body (--body/--body-file), not both")
    if (request.sender is None) != (request.country is None):
        raise UsageError("--sender and --country go together: the MPS depends on the country")
    throughput = None
    mps: float | None
    if request.sender is not None and request.country is not None:
        resolved = resolve_sender(kb, request.sender, request.country)
        throughput = resolved.attributes.throughput
        if request.mps is None:
            mps = sender_mps(kb, request.sender, request.country)
            country = kb.countries[request.country].name
            origin = f"{resolved.name} in {country}: {throughput.text}"
        else:
            mps = request.mps
            origin = f"--mps (the knowledge base gives {resolved.name}: {throughput.text})"
    elif request.mps is not None:
        mps, origin = request.mps, "--mps"
    else:
        mps, origin = None, "not given"
    body_count = None
    segments = request.segments if request.segments is not None else 1
    if request.body is not None:
        from advisor.segments import count_segments

        body_count = count_segments(request.body)
        segments = body_count.segments
    limits = provider_limits(
        kb, request.provider, queue_seconds=request.queue_seconds, burst_rps=request.burst_rps
    )
    traffic = request.traffic or traffic_mix(request.use_case, request.messages is not None)
    if traffic is None:
        traffic = TrafficMix.BULK if request.messages is not None else TrafficMix.REALTIME
    plan = plan_capacity(
        CapacityInput(
            concurrency=request.concurrency,
            latency_ms=request.latency_ms,
            mps=mps,
            segments_per_message=segments,
            messages=request.messages,
            validity_seconds=request.validity_seconds,
            deadline_minutes=request.deadline_minutes,
            limits=limits,
            traffic=traffic,
        )
    )
    advice = None
    if request.sender is not None and request.country is not None:
        advice = scaling(kb, request.sender, request.country, plan)
    return CapacityResult(
        request=request,
        plan=plan,
        mps_origin=origin,
        throughput=throughput,
        provider=provider(kb, request.provider) if request.provider else None,
        limits=limits,
        body_segments=body_count,
        scaling=advice,
    )
