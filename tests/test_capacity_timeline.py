"""The queue over time (advisor.capacity.timeline): the plan's own figures, point by point."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_capacity import simulate

from advisor.capacity import CapacityInput, CapacityPlan, ProviderLimits, plan_capacity
from advisor.capacity.timeline import (
    MAX_POINTS,
    Timeline,
    TimelinePoint,
    _fluid,
    queue_timeline,
)

BANDWIDTH = ProviderLimits(
    provider="bandwidth",
    queue_seconds=900,
    queue_scope="account",
    burst_rps=None,
    burst_headroom_rps=10,
)


def custom(
    queue: float | None = None, burst: float | None = None, headroom: float | None = None
) -> ProviderLimits:
    return ProviderLimits(
        provider="custom",
        queue_seconds=queue,
        queue_scope="per sender",
        burst_rps=burst,
        burst_headroom_rps=headroom,
    )


def timeline_of(inp: CapacityInput) -> tuple[CapacityPlan, Timeline]:
    plan = plan_capacity(inp)
    timeline = queue_timeline(plan, messages=inp.messages, validity_seconds=inp.validity_seconds)
    assert timeline is not None
    return plan, timeline


def make(**fields: object) -> tuple[CapacityPlan, Timeline]:
    values: dict[str, object] = {"concurrency": None, "latency_ms": None}
    values.update(fields)
    return timeline_of(CapacityInput(**values))  # type: ignore[arg-type]


def row(point: TimelinePoint) -> tuple[float, ...]:
    return (
        point.seconds,
        point.submitted_messages,
        point.queued_segments,
        point.sent_segments,
        point.expired_messages,
    )


def flat(rows: Sequence[Sequence[float]]) -> list[float]:
    return [value for line in rows for value in line]


def rows_of(timeline: Timeline) -> list[float]:
    return flat([row(p) for p in timeline.points])


# --- The seeds' examples, worked by hand ---------------------------------------------------------


def test_bandwidths_example_peaks_at_4500_segments() -> None:
    # 5 MPS, a 15-minute queue (4,500 segments), a burst of 5 + 10 = 15/s, 20,000 messages:
    # full at 4,500 / 10 = 450 s; submitted by 20,000 / 15 = 1,333.3 s; it then drains
    # 4,500 segments at 5/s: empty at 2,233.3 s, having sent 5 * 2,233.3 = 11,166.7.
    plan, timeline = make(mps=5, messages=20_000, limits=BANDWIDTH)
    assert plan.peak_queue_segments == 4_500
    assert timeline.peak_segments == 4_500
    assert timeline.peak_seconds == 450
    assert rows_of(timeline) == pytest.approx(
        flat(
            [
                (0, 0, 0, 0, 0),
                (450, 6_750, 4_500, 2_250, 0),
                (4_000 / 3, 20_000, 4_500, 20_000 / 3, 0),
                (6_700 / 3, 20_000, 0, 33_500 / 3, 0),
            ]
        ),
        abs=1e-9,
    )
    assert timeline.fill_seconds == plan.queue_fill_seconds == 450
    assert timeline.first_expiry_seconds is None
    assert timeline.queue_refused_segments == pytest.approx(plan.queue_rejection.segments)
    assert not timeline.sampled


def test_expiry_holds_the_queue_and_ends_it_v_after_the_last_submission() -> None:
    # The ISV guide's short code (100 MPS, 10 h queue) at 500/s with a 1 h validity period,
    # 1,000,000 messages: submitted by 2,000 s with 800,000 queued; the oldest reaches
    # 3,600 s of waiting at 4,500 s (550,000 left); from then on the head is an hour old
    # and the queue empties at 2,000 + 3,600 = 5,600 s: 560,000 sent, 440,000 expired.
    plan, timeline = make(
        mps=100,
        messages=1_000_000,
        concurrency=100,
        latency_ms=200,
        validity_seconds=3_600,
        limits=custom(queue=36_000),
    )
    assert rows_of(timeline) == pytest.approx(
        flat(
            [
                (0, 0, 0, 0, 0),
                (2_000, 1_000_000, 800_000, 200_000, 0),
                (4_500, 1_000_000, 550_000, 450_000, 0),
                (5_600, 1_000_000, 0, 560_000, 440_000),
            ]
        ),
        abs=1e-6,
    )
    assert timeline.first_expiry_seconds == plan.expiry.from_seconds == 4_500
    assert timeline.peak_segments == plan.peak_queue_segments == 800_000


def test_a_queue_that_fills_and_expires_alternates() -> None:
    # formulas.py's worked example: inflow 3/s, mps 1, 10 segments, validity 4 s, 33
    # segments. Full at 5 s; refusing on [5, 6) and [9, 10), admitting all on [6, 9) and
    # [10, 11) while the head drops what expired; empty at 11 + 4 = 15 s.
    plan, timeline = make(mps=1, messages=33, validity_seconds=4, limits=custom(queue=10, burst=3))
    assert [p.seconds for p in timeline.points] == pytest.approx([0, 5, 6, 9, 10, 11, 13, 14, 15])
    assert all(p.queued_segments == 10 for p in timeline.points if 5 <= p.seconds <= 11)
    last = timeline.points[-1]
    assert last.sent_segments == pytest.approx(15)
    assert last.expired_messages == pytest.approx(14) == plan.expiry.segments
    assert timeline.queue_refused_segments == pytest.approx(4) == plan.queue_rejection.segments


def test_nothing_queues_when_the_sender_keeps_up() -> None:
    plan, timeline = make(mps=300, messages=1_000, concurrency=50, latency_ms=250)
    assert [row(p) for p in timeline.points] == [(0, 0, 0, 0, 0), (5, 1_000, 0, 1_000, 0)]
    assert timeline.peak_segments == plan.peak_queue_segments == 0
    assert timeline.end_seconds == plan.drain_seconds


def test_without_a_queue_the_excess_is_refused_at_once() -> None:
    plan, timeline = make(mps=5, messages=100, concurrency=4, latency_ms=200, limits=custom())
    assert [row(p) for p in timeline.points] == [(0, 0, 0, 0, 0), (5, 100, 0, 25, 0)]
    assert timeline.refused_segments == 75 == plan.queue_rejection.segments


def test_the_burst_limit_refuses_before_the_queue() -> None:
    # 20/s submitted, 15/s admitted (burst 5 + 10): 25% of 9,000 refused at the API; the
    # queue fills exactly as the client finishes (formulas.py's case).
    _plan, timeline = make(mps=5, messages=9_000, concurrency=10, latency_ms=500, limits=BANDWIDTH)
    assert timeline.submission_seconds == 450
    assert timeline.refused_segments == pytest.approx(2_250)
    assert timeline.queue_refused_segments == 0
    assert timeline.peak_segments == 4_500
    assert timeline.points[-1].sent_segments == pytest.approx(6_750)


def test_no_timeline_without_a_campaign_or_a_submission_rate() -> None:
    stream = plan_capacity(CapacityInput(concurrency=50, latency_ms=250, mps=100))
    assert queue_timeline(stream, messages=None, validity_seconds=None) is None
    unknown = CapacityInput(concurrency=None, latency_ms=None, mps=100, messages=1_000)
    assert queue_timeline(plan_capacity(unknown), messages=1_000, validity_seconds=None) is None
    no_mps = CapacityInput(concurrency=50, latency_ms=250, mps=None, messages=1_000)
    assert queue_timeline(plan_capacity(no_mps), messages=1_000, validity_seconds=None) is None


def test_an_empty_campaign_is_one_point() -> None:
    _, timeline = make(mps=5, messages=0, concurrency=10, latency_ms=100, limits=BANDWIDTH)
    assert [row(p) for p in timeline.points] == [(0, 0, 0, 0, 0)]


def test_thousands_of_validity_periods_are_sampled_within_the_bound() -> None:
    # 10 million segments through the alternating queue above: 3.3 million seconds of
    # submission, 800,000 periods of 4 s.
    plan, timeline = make(
        mps=1, messages=10_000_000, validity_seconds=4, limits=custom(queue=10, burst=3)
    )
    assert timeline.sampled
    assert len(timeline.points) <= MAX_POINTS
    assert all(p.queued_segments == 10 for p in timeline.points if 5 <= p.seconds <= 3_333_333)
    assert timeline.points[-1].expired_messages == pytest.approx(plan.expiry.segments)


# --- Properties over the whole input space -------------------------------------------------------


def magnitudes(low: float, high: float) -> st.SearchStrategy[float]:
    """Floats from ``low`` to ``high``, spread over their orders of magnitude."""
    return st.floats(min_value=math.log10(low), max_value=math.log10(high)).map(
        lambda exponent: min(high, max(low, 10.0**exponent))
    )


@st.composite
def campaigns(draw: st.DrawFn) -> CapacityInput:
    """Any valid campaign whose submission rate is known, over the documented ranges."""
    mps = draw(magnitudes(0.01, 1e6))
    kind = draw(st.sampled_from(["api", "burst", "both", "headroom"]))
    burst = headroom = None
    if kind in ("burst", "both"):
        burst = min(1e6, mps * draw(magnitudes(1, 1e4)))
    elif kind == "headroom":
        headroom = draw(magnitudes(0.01, 1e6) | st.just(0.0))
    with_api = kind in ("api", "both", "headroom") and (kind != "headroom" or draw(st.booleans()))
    return CapacityInput(
        concurrency=draw(st.integers(1, 1_000_000)) if with_api else None,
        latency_ms=draw(magnitudes(0.1, 600_000)) if with_api else None,
        mps=mps,
        segments_per_message=draw(st.integers(1, 1_000)),
        messages=draw(st.integers(0, 10**10) | st.integers(0, 1_000)),
        validity_seconds=draw(st.none() | magnitudes(1, 604_800)),
        limits=custom(
            queue=draw(st.none() | st.just(0.0) | magnitudes(0.01, 604_800)),
            burst=burst,
            headroom=headroom,
        ),
    )


def _close(actual: float, expected: float, scale: float) -> bool:
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-9 * max(scale, 1.0))


def _same_moment(a: float, b: float | None) -> bool:
    return b is not None and math.isclose(a, b, rel_tol=1e-12)


def _refused(point: TimelinePoint, segments: int) -> float:
    """Refused segments by then: what the client submitted and is nowhere else."""
    return (
        point.submitted_messages * segments
        - point.queued_segments
        - point.sent_segments
        - point.expired_messages * segments
    )


@settings(max_examples=400, deadline=None)
@given(campaigns())
@example(
    CapacityInput(
        concurrency=None,
        latency_ms=None,
        mps=1,
        messages=10_000_000,
        validity_seconds=4,
        limits=custom(queue=10, burst=3),
    )
)
def test_the_timeline_agrees_with_the_plan(inp: CapacityInput) -> None:
    plan, timeline = timeline_of(inp)
    points = timeline.points
    assert inp.messages is not None
    assert plan.peak_queue_segments is not None
    assert plan.drain_seconds is not None
    s = inp.segments_per_message
    campaign = inp.messages * s
    # bounded, from 0, in order, finite
    assert 1 <= len(points) <= MAX_POINTS
    assert points[0].seconds == 0
    assert all(a.seconds < b.seconds for a, b in itertools.pairwise(points))
    assert all(math.isfinite(value) for p in points for value in row(p))
    first, last = points[0], points[-1]
    assert row(first) == (0, 0, 0, 0, 0)
    assert last.seconds == timeline.end_seconds
    # cumulative figures never fall; the queue is never negative nor above its limit
    for a, b in itertools.pairwise(points):
        assert b.submitted_messages >= a.submitted_messages
        assert b.sent_segments >= a.sent_segments
        assert b.expired_messages * s >= a.expired_messages * s - 1e-9 * max(campaign, 1)
        assert _refused(b, s) >= _refused(a, s) - 1e-9 * max(campaign, 1)
    limit = plan.queue_depth_segments
    for p in points:
        assert p.queued_segments >= 0
        if limit is not None:
            assert p.queued_segments <= limit * (1 + 1e-12)
        assert _refused(p, s) >= -1e-9 * max(campaign, 1)
    # the end: everything submitted, the queue empty, the plan's losses
    assert last.submitted_messages == inp.messages
    assert _close(last.queued_segments, 0, campaign)
    assert _close(last.expired_messages * s, plan.expiry.segments or 0.0, campaign)
    burst = plan.burst_rejection.segments or 0.0
    queue = plan.queue_rejection.segments or 0.0
    assert _close(_refused(last, s), burst + queue, campaign)
    assert _close(timeline.refused_segments, burst + queue, campaign)
    assert _close(timeline.queue_refused_segments, queue, campaign)
    lost = burst + queue + (plan.expiry.segments or 0.0)
    sent = campaign - lost
    assert _close(last.sent_segments, sent, campaign)
    if plan.sent_messages is not None and plan.sent_messages >= 3:
        # whole messages: the plan rounds each kind of loss up
        assert math.ceil(last.expired_messages - 1e-9) == plan.expired_messages or math.isclose(
            last.expired_messages, plan.expired_messages or 0, rel_tol=1e-9
        )
    # the peak is exact: the plan's, or what arrives in a validity period when that is less
    assert plan.ingress_messages_per_second is not None
    inflow = plan.ingress_messages_per_second * s
    held = inflow * inp.validity_seconds if inp.validity_seconds is not None else math.inf
    peak = max(p.queued_segments for p in points)
    assert peak == timeline.peak_segments
    assert _close(peak, min(plan.peak_queue_segments, held), campaign)
    if not plan.expiry.occurs:
        assert _close(peak, plan.peak_queue_segments, campaign)
    # the regime changes are the plan's moments
    if plan.queue_rejection.occurs and limit:
        assert timeline.fill_seconds == plan.queue_rejection.from_seconds
        # (moments apart by rounding noise only are one point)
        fill = next(p for p in points if _same_moment(p.seconds, timeline.fill_seconds))
        assert fill.queued_segments == limit
    if plan.expiry.occurs:
        assert timeline.first_expiry_seconds == plan.expiry.from_seconds
        assert any(_same_moment(p.seconds, timeline.first_expiry_seconds) for p in points)
    # the last segment leaves at the drain time when nothing is lost, sooner otherwise
    if lost == 0:
        assert math.isclose(timeline.end_seconds, plan.drain_seconds, rel_tol=1e-9)
    else:
        assert timeline.end_seconds <= plan.drain_seconds * (1 + 1e-9)


@settings(max_examples=200, deadline=None)
@given(campaigns(), st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=8))
def test_between_two_points_every_figure_is_a_straight_line(
    inp: CapacityInput, where: Sequence[float]
) -> None:
    """The points are every regime change: the model at any moment is their interpolation."""
    plan, timeline = timeline_of(inp)
    fluid = _fluid(plan, inp.messages or 0, inp.validity_seconds)
    assert fluid is not None
    points = timeline.points
    scale = max((inp.messages or 0) * inp.segments_per_message, 1)
    for a, b in itertools.pairwise(points):
        fill = timeline.fill_seconds
        if timeline.sampled and fill is not None and fill < a.seconds < timeline.submission_seconds:
            continue  # the alternation is sampled there: only its backlog is exact
        for fraction in where:
            moment = a.seconds + (b.seconds - a.seconds) * fraction
            exact = row(fluid.point(moment))
            between = [x + (y - x) * fraction for x, y in zip(row(a), row(b), strict=True)]
            for got, want in zip(between[1:], exact[1:], strict=True):
                assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-6 * scale)


# --- Against a discrete simulation (test_capacity.simulate) --------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    mps=st.floats(min_value=1, max_value=20),
    ratio=st.floats(min_value=1.05, max_value=5),
    capacity=st.integers(10, 1_000),
    validity_slots=st.floats(min_value=20, max_value=1_000),  # V >= 1 s, the least allowed
    segments=st.integers(1, 3_000),
)
def test_the_timeline_follows_a_discrete_simulation(
    mps: float, ratio: float, capacity: int, validity_slots: float, segments: int
) -> None:
    validity = validity_slots / mps
    inflow = mps * ratio
    _, timeline = make(
        mps=mps,
        messages=segments,
        validity_seconds=validity,
        limits=custom(queue=capacity / mps, burst=inflow),
    )
    times = [p.seconds for p in timeline.points]
    _, expired, sent, longest, lengths = simulate(segments, inflow, mps, capacity, validity, times)
    # The discrete queue holds whole segments and switches from refusing to expiring a
    # little late each validity period (test_capacity's tolerance for the split).
    periods = segments / inflow / validity
    slack = (ratio + 1) * (periods + 3)
    assert abs(longest - timeline.peak_segments) <= ratio + 2
    for point, length in zip(timeline.points, lengths, strict=True):
        assert abs(length - point.queued_segments) <= slack, (point, length)
    last = timeline.points[-1]
    assert abs(sent - last.sent_segments) <= slack
    assert abs(expired - last.expired_messages) <= slack


def test_a_multi_segment_campaign_counts_messages_and_segments() -> None:
    plan, timeline = make(
        mps=10,
        segments_per_message=3,
        messages=9_000,
        concurrency=6,
        latency_ms=200,
        validity_seconds=601,
        limits=custom(queue=36_000),
    )
    last = timeline.points[-1]
    assert last.submitted_messages == 9_000
    assert last.expired_messages * 3 == pytest.approx(plan.expiry.segments)
    assert math.ceil(last.expired_messages) == plan.expiry.messages == 5_997
