"""Capacity plans from the knowledge base.

The rest of :mod:`advisor.capacity` is arithmetic over plain numbers; this module supplies the
numbers the knowledge base knows (a sender's MPS in a country, for the provider, buyer and
day; the provider's own facts through :mod:`advisor.capacity.facts`) and turns a missed
deadline into advice on how to get the throughput without snowshoeing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.capacity import facts
from advisor.capacity.facts import Note, provider, provider_limits
from advisor.capacity.model import CapacityInput, CapacityPlan, ProviderLimits, TrafficMix
from advisor.capacity.plan import plan_capacity
from advisor.engine import mps_route, resolve_sender
from advisor.errors import InputError, UsageError
from advisor.knowledge import KnowledgeBase, Provider, Throughput, dated
from advisor.knowledge.provenance import borrowed_from
from advisor.render.cells import format_cell
from advisor.vocab import AddingSenders, Entity, SenderId, UseCase

if TYPE_CHECKING:
    from advisor.content.segments import SegmentCount

__all__ = [
    "CapacityRequest",
    "CapacityResult",
    "Note",
    "Scaling",
    "SenderFigure",
    "plan_request",
    "provider",
    "provider_limits",
    "scaling",
    "sender_figure",
    "sender_mps",
    "traffic_mix",
]


@dataclass(frozen=True, slots=True)
class SenderFigure:
    """A sender's MPS in a country, as far as the provider's own figures go."""

    name: str
    throughput: Throughput
    #: the default MPS; ``None``: unknown (not published, or another provider's figure).
    mps: float | None
    #: the publisher of a figure that is another provider's, and so not used here.
    borrowed_from: str | None


def sender_figure(
    kb: KnowledgeBase, sender: SenderId, country: str, context: dated.Context | None = None
) -> SenderFigure:
    """The sender's throughput in a country for the context's provider, buyer and day.

    The engine reads the provider's own per-sender rates (Telnyx) and the country's claims
    for that provider; a figure resting only on other providers' pages is not used.
    """
    resolved = resolve_sender(kb, sender, country, context)
    throughput = resolved.attributes.throughput
    provider_id = None if context is None else context.provider
    borrowed = None if provider_id is None else borrowed_from(kb, provider_id, throughput.source)
    mps = None if borrowed else throughput.default_mps
    return SenderFigure(resolved.name, throughput, mps, borrowed)


def sender_mps(
    kb: KnowledgeBase, sender: SenderId, country: str, context: dated.Context | None = None
) -> float:
    """The MPS one sender gives in a country by default; an error when it is unknown."""
    figure = sender_figure(kb, sender, country, context)
    if figure.mps is None:
        raise InputError(_unknown_mps(kb, sender, country, figure, context))
    return figure.mps


def _unknown_mps(
    kb: KnowledgeBase,
    sender: SenderId,
    country: str,
    figure: SenderFigure,
    context: dated.Context | None,
) -> str:
    where = kb.countries[country].name
    text = figure.throughput.text
    if figure.borrowed_from is not None and context is not None and context.provider:
        name = kb.providers[context.provider].name
        return (
            f"--sender: no MPS is known for {sender.value} in {where} at {name} (the only "
            f"figure in the knowledge base is {figure.borrowed_from}'s); give --mps"
        )
    return (
        f"--sender: no MPS is known for {sender.value} in {where} (documented: {text}); give --mps"
    )


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
    kb: KnowledgeBase,
    sender: SenderId,
    country: str,
    plan: CapacityPlan,
    context: dated.Context | None = None,
) -> Scaling | None:
    """Advice when the sender's MPS misses the deadline (None when it meets it)."""
    deadline = plan.deadline
    if deadline is None or deadline.mps_meets_deadline is not False or plan.mps is None:
        return None
    figure = sender_figure(kb, sender, country, context)
    throughput = figure.throughput
    needed = deadline.required_mps
    shown = format_cell(needed)
    name = figure.name
    if plan.capped_by_account or figure.mps is None:
        return _account_scaling(kb, needed, plan, figure, context)
    senders_needed = math.ceil(needed / figure.mps) if figure.mps else None
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


def _account_scaling(
    kb: KnowledgeBase,
    required_mps: float,
    plan: CapacityPlan,
    figure: SenderFigure,
    context: dated.Context | None,
) -> Scaling:
    """The account's rate (or an unknown sender rate) sets the pace: more senders do not help."""
    needed = format_cell(required_mps)
    found = kb.providers.get(context.provider) if context and context.provider else None
    provider_name = found.name if found else "the provider"
    advice = [f"The deadline needs {needed} MPS; the plan sends {format_cell(plan.mps)} MPS."]
    sources: tuple[str, ...] = ()
    if plan.capped_by_account:
        advice.append(
            f"The account's dequeue rate caps every sender: ask {provider_name} for a higher "
            "account rate, then plan with --account-mps. More senders on the same account "
            "do not raise it."
        )
        if found is not None and found.account_dequeue_mps is not None:
            sources = found.account_dequeue_mps.source
    if figure.mps is None:
        advice.append(
            f"{provider_name}'s own MPS for a {figure.name} is not in the knowledge base: "
            f"ask {provider_name} what it grants, then plan with --mps."
        )
    return Scaling(
        required_mps=required_mps,
        senders_needed=None,
        advice=tuple(advice),
        sources=sources,
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
    #: the account's dequeue rate, which caps every sender (Bandwidth's; default: the
    #: provider's own figure).
    account_mps: float | None = None
    #: the day the sender's facts are read for (default: today).
    on: dt.date | None = None
    #: who buys the sender (default: an international business).
    entity: Entity | None = None


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
    #: the provider facts the plan rests on, in words, with their sources.
    notes: tuple[Note, ...] = ()

    def sources(self) -> tuple[str, ...]:
        ids: list[str] = []
        if self.throughput is not None:
            ids.extend(self.throughput.source)
        for note in self.notes:
            ids.extend(note.sources)
        if self.provider is not None:
            if self.provider.queue is not None:
                ids.extend(self.provider.queue.source)
            for older in self.provider.queue_history:
                ids.extend(older.source)
            if self.provider.errors is not None:
                ids.extend(self.provider.errors.source)
            if self.provider.burst is not None:
                ids.extend(self.provider.burst.source)
        if self.scaling is not None:
            ids.extend(self.scaling.sources)
        if self.plan.pacing is not None:
            ids.extend(self.plan.pacing.sources)
        return tuple(dict.fromkeys(ids))


def plan_request(kb: KnowledgeBase, request: CapacityRequest) -> CapacityResult:
    """Answer a capacity question with the knowledge base's facts where the request has none.

    With a provider, the sender's MPS, queue and account rate are that provider's own:
    Bandwidth's account dequeue rate caps every sender (unless ``account_mps`` gives the
    account's), Telnyx's per-sender rates and queue lengths apply, and a figure the
    knowledge base has only from another provider is unknown.
    """
    if request.segments is not None and request.body is not None:
        raise UsageError("give --segments or a message body (--body/--body-file), not both")
    if (request.sender is None) != (request.country is None):
        raise UsageError("--sender and --country go together: the MPS depends on the country")
    # the provider's id: the sender's figures, queue and limits are looked up by it
    key = None if request.provider is None else facts.provider_id(kb, request.provider)
    context = facts.context(request.on, key, request.entity)
    found = None if key is None else kb.providers[key]
    account = facts.account_rate(found, request.account_mps)
    rate = facts.sender_rate(kb, found, request.sender, request.country)
    notes: list[Note] = [] if account is None else [account.note]
    throughput = sender_name = None
    mps: float | None
    if request.sender is not None and request.country is not None:
        figure = sender_figure(kb, request.sender, request.country, context)
        throughput, sender_name = figure.throughput, figure.name
        if figure.borrowed_from is not None and found is not None:
            notes.append(
                facts.sender_throughput_note(found, throughput, figure.name, figure.borrowed_from)
            )
        country = kb.countries[request.country].name
        if request.mps is not None:
            mps = request.mps
            origin = f"--mps (the knowledge base gives {figure.name}: {throughput.text})"
        elif figure.mps is not None:
            mps, origin = figure.mps, f"{figure.name} in {country}: {throughput.text}"
        elif account is not None:
            mps, origin = None, f"the own MPS of a {figure.name} in {country} is unknown here"
        else:
            raise InputError(_unknown_mps(kb, request.sender, request.country, figure, context))
    elif request.mps is not None:
        mps, origin = request.mps, "--mps"
    else:
        mps, origin = None, "not given"
    if found is not None:
        notes.extend(
            facts.queue_notes(
                found, given=request.queue_seconds is not None, rate=rate, sender_name=sender_name
            )
        )
    body_count = None
    segments = request.segments if request.segments is not None else 1
    if request.body is not None:
        from advisor.content.segments import count_segments

        body_count = count_segments(request.body)
        segments = body_count.segments
    limits = facts.provider_limits(
        kb,
        key,
        queue_seconds=request.queue_seconds,
        burst_rps=request.burst_rps,
        account_mps=request.account_mps,
        rate=rate,
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
    if plan.capped_by_account and account is not None:
        if mps is None and request.sender is None:
            origin = account.origin
        elif plan.sender_mps is None:
            origin = f"{account.origin}; {origin}"
        else:
            below = f"below the sender's {format_cell(plan.sender_mps)}"
            origin = f"{account.origin}, {below} ({origin})"
    advice = None
    if request.sender is not None and request.country is not None:
        advice = scaling(kb, request.sender, request.country, plan, context)
    return CapacityResult(
        request=request,
        plan=plan,
        mps_origin=origin,
        throughput=throughput,
        provider=found,
        limits=limits,
        body_segments=body_count,
        scaling=advice,
        notes=tuple(notes),
    )
