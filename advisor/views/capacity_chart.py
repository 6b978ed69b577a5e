"""The queue chart of a capacity plan: its timeline as JSON, and as a chart block.

:func:`capacity_chart` is the block a document shows (the ``capacity`` page and the
report, after the "Queue and timing" table; each renderer draws it its way, and
:func:`advisor.render.chart.chart_svg` gives the picture alone). It draws the queue over
time at full speed (:func:`advisor.capacity.timeline.queue_timeline`), with the queue's
limit, the validity period (as the backlog the sender clears within it: a queue above
that line expires messages) and the deadline marked, and says in words what it shows.
"""

from __future__ import annotations

import math
from typing import Any

from advisor.capacity.planning import CapacityResult
from advisor.capacity.timeline import Timeline, queue_timeline
from advisor.render.chart import count_label, time_label
from advisor.render.jsonout import to_jsonable
from advisor.render.model import Axis, Chart, Marker, Stroke

__all__ = [
    "capacity_chart",
    "capacity_timeline",
    "queue_chart",
    "timeline_json",
]

TITLE = "The queue over time, at full speed"


def capacity_timeline(result: CapacityResult) -> Timeline | None:
    """The timeline of the plan's campaign; ``None`` when the plan cannot tell it."""
    request = result.request
    return queue_timeline(
        result.plan, messages=request.messages, validity_seconds=request.validity_seconds
    )


def timeline_json(timeline: Timeline | None) -> list[Any] | None:
    """``timeline`` in JSON: a list of ``{seconds, submitted_messages, queued_segments,
    sent_segments, expired_messages}`` (docs/json.md)."""
    if timeline is None:
        return None
    return [to_jsonable(point) for point in timeline.points]


def _messages(value: int | None, fluid: float) -> str:
    count = value if value is not None else math.ceil(fluid - 1e-9)
    return f"{count:,} message" + ("" if count == 1 else "s")


def _describe(
    timeline: Timeline,
    deadline_seconds: float | None,
    refused_messages: int | None,
    expired_messages: int | None,
    backlog_segments: float | None,
) -> str:
    """What the chart shows, in a few sentences."""
    last = timeline.points[-1]
    end = time_label(timeline.end_seconds)
    per_message = timeline.segments_per_message
    if timeline.peak_segments <= 0 and timeline.queue_refused_segments > 0:
        refused = _messages(refused_messages, timeline.queue_refused_segments / per_message)
        text = (
            "Nothing queues: without a queue, what the sender cannot send at once is refused "
            f"({refused} in all), and the last segment leaves after {end}."
        )
    elif timeline.peak_segments <= 0:
        text = f"Nothing queues: the sender keeps up, and the last segment leaves after {end}."
    else:
        text = (
            f"The queue peaks at {count_label(timeline.peak_segments)} segments after "
            f"{time_label(timeline.peak_seconds)}"
        )
        if backlog_segments is not None and backlog_segments > timeline.peak_segments * (1 + 1e-9):
            text += (
                f" (expiry holds it there: without expiry the backlog would reach "
                f"{count_label(backlog_segments)} segments)"
            )
        if timeline.fill_seconds is not None:
            refused = _messages(refused_messages, timeline.queue_refused_segments / per_message)
            text += f", when it is full: a full queue refuses submissions ({refused} in all)."
        else:
            text += "."
        if timeline.first_expiry_seconds is not None and timeline.validity_seconds is not None:
            expired = _messages(expired_messages, last.expired_messages)
            text += (
                f" From {time_label(timeline.first_expiry_seconds)}, messages that waited longer "
                f"than the validity period ({time_label(timeline.validity_seconds)}) expire: "
                f"{expired}."
            )
        text += (
            f" The client submits for {time_label(timeline.submission_seconds)}; the queue is "
            f"empty after {end}."
        )
    if deadline_seconds is not None:
        text += f" Deadline: {time_label(deadline_seconds)}."
    return text


def queue_chart(
    timeline: Timeline,
    *,
    deadline_seconds: float | None = None,
    refused_messages: int | None = None,
    expired_messages: int | None = None,
    backlog_segments: float | None = None,
) -> Chart:
    """The queue over time as a chart block.

    ``refused_messages`` and ``expired_messages`` are the plan's whole-message counts for
    the words under the chart (default: the timeline's, rounded up); ``backlog_segments``
    is the plan's peak, the backlog before anything expires, which the words compare with
    the queue's own peak when expiry holds the queue below it.
    """
    markers: list[Marker] = []
    limit = timeline.queue_limit_segments
    if limit is not None and limit > 0:
        markers.append(
            Marker(Axis.VALUE, limit, f"Queue limit: {count_label(limit)} segments", Stroke.DASHED)
        )
    validity = timeline.validity_seconds
    if validity is not None:
        clears = timeline.mps * validity
        markers.append(
            Marker(
                Axis.VALUE,
                clears,
                f"Validity period ({time_label(validity)}): a queue above {count_label(clears)} "
                "segments expires messages",
                Stroke.DOTTED,
            )
        )
    if deadline_seconds is not None:
        label = f"Deadline: {time_label(deadline_seconds)}"
        markers.append(Marker(Axis.TIME, deadline_seconds, label, Stroke.DASH_DOT))
    callout = None
    if timeline.peak_segments > 0:
        callout = (
            timeline.peak_seconds,
            timeline.peak_segments,
            f"Peak: {count_label(timeline.peak_segments)} segments",
        )
    return Chart(
        title=TITLE,
        description=_describe(
            timeline, deadline_seconds, refused_messages, expired_messages, backlog_segments
        ),
        series_label="Segments in the queue",
        value_unit="segments",
        points=tuple((point.seconds, point.queued_segments) for point in timeline.points),
        markers=tuple(markers),
        callout=callout,
    )


def capacity_chart(result: CapacityResult) -> Chart | None:
    """The chart of a capacity plan; ``None`` without a campaign the plan can follow, and
    when nothing queues (a flat line says no more than the tables' "Peak queue: 0")."""
    timeline = capacity_timeline(result)
    if timeline is None or timeline.end_seconds <= 0 or timeline.peak_segments <= 0:
        return None
    plan = result.plan
    deadline = plan.deadline.deadline_seconds if plan.deadline is not None else None
    return queue_chart(
        timeline,
        deadline_seconds=deadline,
        refused_messages=plan.queue_rejection.messages,
        expired_messages=plan.expired_messages,
        backlog_segments=plan.peak_queue_segments,
    )
