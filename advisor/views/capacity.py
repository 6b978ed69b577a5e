"""The ``capacity`` result as JSON and as a Document.

JSON keys (docs/json.md), units in the names: ``input``; ``mps``, ``sender_mps`` and
``mps_origin``; ``missing_inputs``; ``segments_per_message``; ``provider`` (id, name,
``queue_seconds``, ``queue_known``, ``queue_text``, ``queue_scope``, ``queue_as_of``,
``queue_history``, ``burst_rps``, ``burst_headroom_rps``, ``account_mps``);
``api_requests_per_second``,
``ingress_messages_per_second``, ``egress_segments_per_second``,
``egress_messages_per_second``, ``bottleneck``; ``queue_depth_segments``,
``queue_fill_seconds`` (null when the queue never fills), ``peak_queue_segments``,
``max_wait_seconds``, ``submission_seconds``, ``drain_seconds``; ``rejections`` (``burst``
and ``queue_full``) and ``expiry``, each ``{occurs, from_seconds, messages, segments,
errors: [{code, http_status, description}]}`` (``errors`` null when the provider's name is
unknown); ``rejected_messages``, ``expired_messages``, ``sent_messages``;
``throttling_needed``, ``throttle_messages_per_second``, ``workers``,
``lossless_max_messages_per_second``; ``deadline``; ``scaling``; ``pacing``; ``notes``
(``{text, sources}``); ``sources``; ``input``; ``timeline`` (the queue over time,
advisor/views/capacity_chart.py). A figure the inputs do not determine is null.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from advisor.capacity import Bottleneck, CapacityPlan, ErrorName, Outcome
from advisor.capacity.facts import Note
from advisor.capacity.options import OPT_CLIENT_RATE, OPT_MPS, OPT_QUEUE
from advisor.capacity.planning import CapacityRequest, CapacityResult
from advisor.knowledge import KnowledgeBase
from advisor.render.cells import format_cell
from advisor.render.chart import time_label
from advisor.render.jsonout import to_jsonable
from advisor.render.model import (
    Align,
    Block,
    BulletList,
    Column,
    Document,
    Heading,
    Kind,
    Paragraph,
    Table,
)
from advisor.views.capacity_chart import capacity_chart, capacity_timeline, timeline_json
from advisor.views.common import cited, sources_blocks


def duration(seconds: float | None) -> str:
    """``450`` -> ``450 s (7 min 30 s)``; long spans in hours."""
    if seconds is None:
        return ""
    exact = f"{format_cell(round(seconds, 2))} s"
    if seconds < 60:
        return exact
    return f"{exact} ({time_label(seconds)})"


def _errors(errors: tuple[ErrorName, ...] | None) -> list[dict[str, Any]] | None:
    if errors is None:
        return None
    return [
        {"code": e.code, "http_status": e.http_status, "description": e.description} for e in errors
    ]


def _outcome(outcome: Outcome) -> dict[str, Any]:
    return {
        "occurs": outcome.occurs,
        "from_seconds": outcome.from_seconds,
        "messages": outcome.messages,
        "segments": outcome.segments,
        "errors": _errors(outcome.errors),
    }


def _provider_json(result: CapacityResult) -> dict[str, Any] | None:
    limits = result.limits
    if limits is None:
        return None
    found = result.provider
    queue = found.queue if found else None
    return {
        "id": limits.provider,
        "name": found.name if found else None,
        "queue_seconds": limits.queue_seconds,
        "queue_known": limits.queue_known,
        "queue_text": queue.text if queue is not None else None,
        "queue_scope": limits.queue_scope,
        "queue_as_of": found.queue.as_of.isoformat() if found and found.queue else None,
        "queue_history": [
            {"queue_seconds": old.seconds, "as_of": old.as_of.isoformat(), "text": old.text}
            for old in (found.queue_history if found else ())
        ],
        "burst_rps": limits.burst_rps,
        "burst_headroom_rps": limits.burst_headroom_rps,
        "account_mps": limits.account_mps,
    }


def _request_json(request: CapacityRequest) -> dict[str, Any]:
    """The request as given, without the message body (its segment count stands for it)."""
    fields = dataclasses.fields(request)
    return {f.name: to_jsonable(getattr(request, f.name)) for f in fields if f.name != "body"}


def _rounded(value: Any) -> Any:
    """Floats to the millisecond (or thousandth): no binary noise in the JSON."""
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


def capacity_json(result: CapacityResult, kb: KnowledgeBase) -> dict[str, Any]:
    plan = result.plan
    request = result.request
    data: dict[str, Any] = {
        "mps": plan.mps,
        "sender_mps": plan.sender_mps,
        "mps_origin": result.mps_origin,
        "missing_inputs": list(plan.missing_inputs),
        "segments_per_message": plan.segments_per_message,
        "provider": _provider_json(result),
        "api_requests_per_second": plan.api_requests_per_second,
        "ingress_messages_per_second": plan.ingress_messages_per_second,
        "egress_segments_per_second": plan.egress_segments_per_second,
        "egress_messages_per_second": plan.egress_messages_per_second,
        "bottleneck": plan.bottleneck.value if plan.bottleneck else None,
        "queue_depth_segments": plan.queue_depth_segments,
        "queue_fill_seconds": plan.queue_fill_seconds,
        "peak_queue_segments": plan.peak_queue_segments,
        "max_wait_seconds": plan.max_wait_seconds,
        "submission_seconds": plan.submission_seconds,
        "drain_seconds": plan.drain_seconds,
        "rejections": {
            "burst": _outcome(plan.burst_rejection),
            "queue_full": _outcome(plan.queue_rejection),
        },
        "expiry": _outcome(plan.expiry),
        "rejected_messages": plan.rejected_messages,
        "expired_messages": plan.expired_messages,
        "sent_messages": plan.sent_messages,
        "throttling_needed": plan.throttling_needed,
        "throttle_messages_per_second": plan.throttle_messages_per_second,
        "workers": plan.workers,
        "lossless_max_messages_per_second": plan.lossless_max_messages_per_second,
        "api_concurrency_errors": _errors(plan.api_concurrency_errors),
        "deadline": to_jsonable(plan.deadline),
        "scaling": to_jsonable(result.scaling),
        "pacing": to_jsonable(plan.pacing),
        "notes": [{"text": note.text, "sources": list(note.sources)} for note in result.notes],
        "sources": cited(result.sources(), kb),
        "input": _request_json(request),
        "timeline": timeline_json(capacity_timeline(result)),
    }
    rounded: dict[str, Any] = _rounded(data)
    return rounded


# --- Document ------------------------------------------------------------------------------------


def _figure(value: float) -> str:
    """A figure to two decimals; a small one (a slow rate) to two significant digits."""
    if 0 < abs(value) < 0.01:
        return f"{value:.2g}"
    return format_cell(round(value, 2))


def _count(value: float | None, unit: str) -> str | None:
    return None if value is None else f"{_figure(value)} {unit}"


#: what each missing option is called where a figure waits for it.
_NEEDS = {
    OPT_MPS: "--mps",
    OPT_CLIENT_RATE: "--concurrency and --latency-ms",
    OPT_QUEUE: "--queue-seconds",
}


#: what the queue's figures need.
_QUEUED = (OPT_MPS, OPT_CLIENT_RATE, OPT_QUEUE)


def _needs(plan: CapacityPlan, *options: str) -> str | None:
    """``needs --mps`` for a figure left out because an option that determines it is missing."""
    missing = [_NEEDS[option] for option in options if option in plan.missing_inputs]
    return f"needs {' and '.join(missing)}" if missing else None


def _completion(plan: CapacityPlan) -> list[str]:
    """Which input would complete the plan, and what it would add."""
    lines = []
    if OPT_MPS in plan.missing_inputs:
        lines.append(
            "Not given: the sender's MPS. Give --mps (or --sender and --country) to complete "
            "the egress, the queue depth, the drain time, the losses and the throttle."
        )
    if OPT_CLIENT_RATE in plan.missing_inputs:
        lines.append(
            "Not given: the client's submission rate. Give --concurrency and --latency-ms "
            "to know what is refused or expires at full speed."
        )
    if OPT_QUEUE in plan.missing_inputs:
        lines.append(
            "Unknown: the provider's queue length. Give --queue-seconds to know the queue "
            "depth, and what a full queue refuses and what expires in it."
        )
    return lines


def _names(errors: tuple[ErrorName, ...] | None) -> str | None:
    if errors is None:
        return None
    return "; ".join(
        f"{e.code}" + (f" (HTTP {e.http_status})" if e.http_status else "") + f": {e.description}"
        for e in errors
    )


def _fill(plan: CapacityPlan) -> str | None:
    """When the queue fills at the submission rate, and whether the campaign gets there."""
    fill, submit = plan.queue_fill_seconds, plan.submission_seconds
    if fill is None:
        if OPT_QUEUE in plan.missing_inputs and plan.bottleneck is Bottleneck.MPS:
            return None  # something queues, in a queue of unknown length
        return "never" if plan.bottleneck else None
    if submit is not None and submit < fill:
        return f"{duration(fill)} at this rate; not reached (all submitted by {duration(submit)})"
    return duration(fill)


def _note(note: Note) -> str:
    return f"{note.text} [{', '.join(note.sources)}]" if note.sources else note.text


def _depth(result: CapacityResult) -> str | None:
    plan = result.plan
    if plan.queue_depth_segments is not None:
        return _count(plan.queue_depth_segments, "segments")
    if result.limits is not None and not result.limits.queue_known:
        return _needs(plan, OPT_QUEUE) or "unknown"
    if result.limits is None or result.limits.queue_seconds is None:
        return "no queue"
    return _needs(plan, OPT_MPS)


def _campaign(result: CapacityResult, *options: str) -> str | None:
    """``needs ...`` for a campaign figure, when there is a campaign."""
    return None if result.request.messages is None else _needs(result.plan, *options)


def _occurs(outcome: Outcome) -> str | None:
    if outcome.occurs is None:
        return None
    return "yes" if outcome.occurs else "no"


def capacity_blocks(result: CapacityResult, *, chart: bool = False) -> list[Block]:
    """The capacity plan as blocks; the one-page report reuses them.

    With ``chart``, the queue over time follows the "Queue and timing" table.
    """
    plan = result.plan
    if plan.mps is None:
        setting = ["MPS: not given."]
    else:
        setting = [f"MPS: {_figure(plan.mps)} segments/s ({result.mps_origin})."]
    setting.append(f"Segments per message: {plan.segments_per_message}.")
    if result.limits is not None:
        limits = result.limits
        length = duration(limits.queue_seconds) if limits.queue_seconds is not None else "none"
        if not limits.queue_known:
            length = "unknown"
        provider = result.provider.name if result.provider else "custom limits"
        scope = f", {limits.queue_scope}" if limits.queue_seconds is not None else ""
        text = f"Provider: {provider}; queue: {length}{scope}."
        if result.provider is not None:
            for old in result.provider.queue_history:
                if old.seconds != limits.queue_seconds:
                    text += f" Earlier documents said {old.text} (as of {old.as_of})."
        setting.append(text)
    if result.request.messages is not None:
        setting.append(f"Campaign: {format_cell(result.request.messages)} messages.")
    rates = Table(
        title="Rates",
        columns=(Column("what", "What"), Column("value", "Value", Align.RIGHT)),
        row_headers=True,
        rows=(
            ("API requests per second", _count(plan.api_requests_per_second, "req/s") or ""),
            (
                "Messages accepted per second",
                _count(plan.ingress_messages_per_second, "msg/s") or _needs(plan, OPT_CLIENT_RATE),
            ),
            (
                "Egress, segments per second",
                _count(plan.egress_segments_per_second, "seg/s") or _needs(plan, OPT_MPS),
            ),
            (
                "Egress, messages per second",
                _count(plan.egress_messages_per_second, "msg/s") or _needs(plan, OPT_MPS),
            ),
            (
                "Bottleneck",
                plan.bottleneck.value
                if plan.bottleneck
                else _needs(plan, OPT_MPS, OPT_CLIENT_RATE),
            ),
        ),
    )
    queue = Table(
        title="Queue and timing",
        columns=(Column("what", "What"), Column("value", "Value", Align.RIGHT)),
        row_headers=True,
        rows=(
            ("Queue depth", _depth(result)),
            ("Queue fills after", _fill(plan) or _needs(plan, *_QUEUED)),
            (
                "Peak queue",
                _count(plan.peak_queue_segments, "segments") or _campaign(result, *_QUEUED),
            ),
            (
                "Longest wait in the queue",
                duration(plan.max_wait_seconds) or _campaign(result, *_QUEUED),
            ),
            (
                "Time to submit the campaign",
                duration(plan.submission_seconds) or _campaign(result, OPT_CLIENT_RATE) or "",
            ),
            (
                "Time to send the campaign (drain)",
                duration(plan.drain_seconds) or _campaign(result, OPT_MPS) or "",
            ),
        ),
    )
    outcomes = Table(
        title="At full speed",
        columns=(
            Column("stage", "What fails"),
            Column("occurs", "Occurs", kind=Kind.ID),
            Column("from", "From", Align.RIGHT),
            Column("messages", "Messages", Align.RIGHT, Kind.NUMBER),
            Column("errors", "As the provider names it"),
        ),
        rows=tuple(
            (
                label,
                _occurs(outcome) or _needs(plan, *needs),
                duration(outcome.from_seconds),
                outcome.messages,
                _names(outcome.errors),
            )
            for label, outcome, needs in (
                ("Refused above the burst rate", plan.burst_rejection, _QUEUED[:2]),
                ("Refused by a full queue", plan.queue_rejection, _QUEUED),
                ("Expired in the queue", plan.expiry, _QUEUED),
            )
        ),
    )
    advice = _completion(plan)
    # When the queue absorbs the campaign, a throttle is not advice: it would contradict it.
    if plan.throttle_messages_per_second is not None and plan.throttling_needed is not False:
        advice.append(
            f"Throttle: submit at most {_figure(plan.throttle_messages_per_second)} "
            "messages per second"
            + (f" with {plan.workers} concurrent worker(s)." if plan.workers else ".")
        )
    if plan.throttling_needed is False:
        advice.append("Sending at full speed loses nothing: the queue absorbs the campaign.")
    if plan.deadline is not None:
        check = plan.deadline
        needs = f"it needs {_figure(check.required_mps)} MPS."
        if check.deadline_met is None:
            advice.append(f"Deadline {duration(check.deadline_seconds)}: {needs}")
        else:
            verdict = "meets" if check.deadline_met else "misses"
            advice.append(
                f"Deadline {duration(check.deadline_seconds)}: the plan {verdict} it; {needs}"
            )
    if result.scaling is not None:
        advice.extend(result.scaling.advice)
    blocks: list[Block] = [Paragraph(" ".join(setting))]
    if result.notes:
        blocks.append(BulletList(tuple(_note(note) for note in result.notes)))
    blocks += [rates, queue]
    drawn = capacity_chart(result) if chart else None
    if drawn is not None:
        blocks.append(drawn)
    blocks += [
        outcomes,
        Heading("Advice", 3),
        BulletList(tuple(advice)),
    ]
    if plan.pacing is not None:
        pacing = plan.pacing
        blocks.append(
            Paragraph(f"Pacing: {pacing.strategy.value.replace('_', ' ')}. {pacing.reason}")
        )
        blocks.append(BulletList(pacing.details))
    return blocks


def capacity_document(result: CapacityResult, kb: KnowledgeBase) -> Document:
    return Document(
        title="Capacity plan",
        blocks=(*capacity_blocks(result, chart=True), *sources_blocks(result.sources(), kb)),
    )


__all__ = ["CapacityPlan", "capacity_blocks", "capacity_document", "capacity_json", "duration"]
