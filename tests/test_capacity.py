"""Capacity model: rates, queue depth and fill, losses, advice (advisor.capacity)."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from advisor.capacity import (
    Bottleneck,
    CapacityInput,
    CapacityPlan,
    ErrorName,
    PacingStrategy,
    ProviderLimits,
    Stage,
    TrafficMix,
    affected_messages,
    api_requests_per_second,
    burst_rejected_messages,
    deadline_check,
    drain_seconds,
    effective_burst_rps,
    first_expiry_seconds,
    ingress_messages_per_second,
    lossless_max_segments_per_second,
    max_wait_seconds,
    pacing_advice,
    peak_queue_segments,
    plan_capacity,
    queue_depth_segments,
    queue_fill_seconds,
    queue_losses,
    required_mps,
    submission_seconds,
    throttle_messages_per_second,
    workers_needed,
)
from advisor.errors import InputError, UsageError

# Error names as a knowledge base would give them (test data, not facts of the module).
TOO_MANY = ErrorName("20429", 429, "Too Many Requests")
QUEUE_OVERFLOW = ErrorName("30001", None, "Queue overflow")
EXPIRED = ErrorName("30036", None, "Validity Period Expired")
RATE_LIMIT = ErrorName("message-rate-limit", 403, "burst rate exceeded")
QUEUE_SIZE = ErrorName("max-message-queue-size-exceeded", 429, "queue full")

TWILIO = ProviderLimits(
    provider="twilio",
    queue_seconds=36_000,
    queue_scope="per sender",
    burst_rps=None,
    errors={
        "api_concurrency": (TOO_MANY,),
        "queue_full": (QUEUE_OVERFLOW,),
        "expired": (EXPIRED,),
    },
)
BANDWIDTH = ProviderLimits(
    provider="bandwidth",
    queue_seconds=900,
    queue_scope="account",
    burst_rps=None,
    burst_headroom_rps=10,
    errors={"burst": (RATE_LIMIT,), "queue_full": (QUEUE_SIZE,)},
)
NO_QUEUE = ProviderLimits(provider="custom", queue_seconds=None, queue_scope="", burst_rps=None)


def plan(**kwargs: object) -> CapacityPlan:
    fields: dict[str, object] = {"concurrency": None, "latency_ms": None, "mps": 100.0}
    fields.update(kwargs)
    return plan_capacity(CapacityInput(**fields))  # type: ignore[arg-type]


# --- the guides' worked examples -----------------------------------------------------------------


def test_api_rate_of_50_concurrent_requests_at_250_ms_is_200_per_second() -> None:
    # 50 * 1000 / 250 = 200
    assert api_requests_per_second(50, 250) == 200


def test_a_100_mps_short_code_with_a_4_hour_queue_holds_1_440_000_segments() -> None:
    # 100 * 4 * 60 * 60 = 100 * 14,400 = 1,440,000
    assert queue_depth_segments(100, 14_400) == 1_440_000


def test_a_100_mps_sender_with_a_10_hour_queue_holds_3_600_000_segments() -> None:
    # 100 * 10 * 3,600 = 100 * 36,000 = 3,600,000
    assert queue_depth_segments(100, 36_000) == 3_600_000
    assert plan(mps=100, limits=TWILIO).queue_depth_segments == 3_600_000


def test_bandwidth_at_5_mps_holds_4_500_segments_and_fills_in_450_s_at_15_mps() -> None:
    # depth 5 * 900 = 4,500; fill 4,500 / (15 - 5) = 450 s
    assert queue_depth_segments(5, 900) == 4_500
    assert queue_fill_seconds(4_500, 15, 5) == 450


def test_bandwidth_plan_reproduces_the_guides_depth_and_fill_time() -> None:
    # burst = dequeue + 10 = 15 messages/s; no API edge: the client submits at the burst rate
    p = plan(mps=5, limits=BANDWIDTH)
    assert p.ingress_messages_per_second == 15
    assert p.queue_depth_segments == 4_500
    assert p.queue_fill_seconds == 450
    assert p.queue_scope == "account"


# --- one formula at a time -----------------------------------------------------------------------


def test_queue_never_fills_when_inflow_is_at_most_the_dequeue_rate() -> None:
    assert queue_fill_seconds(4_500, 5, 5) is None
    assert queue_fill_seconds(4_500, 3, 5) is None


def test_ingress_is_the_lower_of_api_rate_and_burst() -> None:
    assert ingress_messages_per_second(200, 15) == 15
    assert ingress_messages_per_second(12, 15) == 12
    assert ingress_messages_per_second(None, 15) == 15
    assert ingress_messages_per_second(200, None) == 200
    assert ingress_messages_per_second(None, None) is None


def test_burst_rate_from_headroom_above_the_dequeue_rate() -> None:
    # 5 + 10 = 15
    assert effective_burst_rps(5, None, 10) == 15
    assert effective_burst_rps(5, 20, None) == 20
    assert effective_burst_rps(5, None, None) is None


def test_burst_refuses_the_share_above_the_burst_rate() -> None:
    # client at 20/s, burst 15/s: 5/20 = 25% of 9,000 = 2,250
    assert burst_rejected_messages(9_000, 20, 15) == 2_250
    assert burst_rejected_messages(9_000, 15, 15) == 0
    assert burst_rejected_messages(9_000, None, 15) == 0


def test_drain_time_goes_through_the_bottleneck() -> None:
    # 1,000 messages * 3 segments = 3,000 segments
    # inflow 200 seg/s, mps 100: 3,000 / 100 = 30 s
    assert drain_seconds(1_000, 3, 200, 100) == 30
    # inflow 50 seg/s is the bottleneck: 3,000 / 50 = 60 s
    assert drain_seconds(1_000, 3, 50, 100) == 60


def test_submission_time_and_peak_backlog() -> None:
    # 9,000 messages at 15/s: 600 s
    assert submission_seconds(9_000, 15) == 600
    # (15 - 5) * 600 = 6,000 > depth 4,500: the queue caps it at 4,500
    assert peak_queue_segments(4_500, 15, 5, 600) == 4_500
    # (15 - 5) * 300 = 3,000 < 4,500
    assert peak_queue_segments(4_500, 15, 5, 300) == 3_000
    assert peak_queue_segments(4_500, 5, 5, 600) == 0


def test_max_wait_is_the_backlog_over_the_dequeue_rate() -> None:
    # 4,500 / 5 = 900 s
    assert max_wait_seconds(4_500, 5) == 900


def test_first_expiry() -> None:
    # V * inflow / (inflow - dequeue) = 600 * 30 / 20 = 900 s
    assert first_expiry_seconds(600, 30, 10) == 900
    assert first_expiry_seconds(600, 10, 10) is None


def test_throttle_is_the_dequeue_rate_in_messages_capped_by_the_api_rate() -> None:
    # 100 segments/s / 4 segments = 25 messages/s
    assert throttle_messages_per_second(100, 4, None) == 25
    assert throttle_messages_per_second(100, 4, 20) == 20


def test_workers_needed_at_a_latency() -> None:
    # 100 messages/s * 250 ms / 1000 = 25 workers
    assert workers_needed(100, 250) == 25
    # 33.33/s * 250 / 1000 = 8.33 -> 9
    assert workers_needed(100 / 3, 250) == 9
    # never above the concurrency limit
    assert workers_needed(100, 250, concurrency=10) == 10
    # never below one: 0.1/s * 100 ms / 1000 = 0.01 -> 1
    assert workers_needed(0.1, 100) == 1


def test_required_mps_rounds_up() -> None:
    # 1,000,000 segments / 3,600 s = 277.777... -> 277.78
    assert required_mps(1_000_000, 1, 60) == 277.78
    # 1,000 * 2 / 600 = 3.333... -> 3.34
    assert required_mps(1_000, 2, 10) == 3.34
    # 36,000 / 3,600 = 10 exactly
    assert required_mps(36_000, 1, 60) == 10


def test_lossless_max_rate() -> None:
    # campaign 9,000 segments, mps 5, queue absorbs 5 * 900 = 4,500:
    # 5 / (1 - 4,500 / 9,000) = 10 seg/s; check: at 10/s, T = 900 s and the backlog
    # (10 - 5) * 900 = 4,500 just fits.
    assert lossless_max_segments_per_second(9_000, 5, 900) == 10
    # the queue holds the whole campaign: any rate
    assert lossless_max_segments_per_second(4_500, 5, 900) is None
    # no queue, or a sustained stream: the dequeue rate only
    assert lossless_max_segments_per_second(9_000, 5, 0) == 5
    assert lossless_max_segments_per_second(None, 5, 900) == 5


def test_affected_messages_round_up() -> None:
    # 17,990 segments of 3-segment messages = 5,996.67 messages -> 5,997
    assert affected_messages((0.0, None, 17_990 / 3), 3_003.33) == (0, 0, 5_997)
    # a kind that cannot occur counts 0
    assert affected_messages((None, 2.5, None), 7.5) == (0, 3, 0)


def test_affected_messages_never_exceed_the_campaign() -> None:
    # 3 messages: 1.5 refused at the burst limit, 1.5 refused by the queue, none sent.
    # Rounding both up would count 4 > 3; each rounds up only into its share of what
    # gets through (nothing here): floor(1.5 + 0 / 2) = 1 each.
    assert affected_messages((1.5, 1.5, None), 0.0) == (1, 1, 0)
    # one kind possible: it takes all of what gets through, which is plain rounding up
    assert affected_messages((None, 0.99, None), 0.01) == (0, 1, 0)


# --- queue losses, worked by hand ----------------------------------------------------------------


def test_queue_rejection_worked_by_hand() -> None:
    # Bandwidth: 9,000 one-segment messages at 15/s, mps 5, queue 900 s (4,500 segments).
    # T = 9,000 / 15 = 600 s; backlog grows at 10/s; full at 4,500 / 10 = 450 s;
    # refused from then on at 10/s: 10 * (600 - 450) = 1,500.
    losses = queue_losses(
        accepted_segments=9_000,
        inflow_segments_per_second=15,
        mps=5,
        queue_seconds=900,
        validity_seconds=None,
    )
    assert losses.rejected_segments == 1_500
    assert losses.rejected_from_seconds == 450
    assert losses.expired_segments == 0
    assert losses.expired_from_seconds is None


def test_expiry_worked_by_hand() -> None:
    # 27,000 one-segment messages at 30/s into mps 10; queue 36,000 s, validity 600 s.
    # T = 900 s; backlog grows at 20/s to 18,000 segments (< 360,000: never full).
    # Max wait 18,000 / 10 = 1,800 s > 600 s.
    # The first message to wait longer than 600 s was submitted at t with
    # 20 t / 10 = 600 -> t = 300 and reaches the head at 300 + 600 = 900 s (= 600 * 30 / 20).
    # From then on the head is always 600 s old and expired messages take no sending slot,
    # so the sender works without a pause until T + V = 1,500 s and sends
    # 10 * 1,500 = 15,000; expired = 27,000 - 15,000 = 12,000 = backlog - mps * V
    # = 18,000 - 6,000.
    losses = queue_losses(
        accepted_segments=27_000,
        inflow_segments_per_second=30,
        mps=10,
        queue_seconds=36_000,
        validity_seconds=600,
    )
    assert losses.expired_segments == 12_000
    assert losses.expired_from_seconds == 900
    assert losses.rejected_segments == 0


def test_queue_that_fills_and_expires_worked_by_hand() -> None:
    # inflow 3/s, mps 1, queue 10 s (10 segments), validity 4 s, 33 segments (T = 11 s).
    # Full at 10 / (3 - 1) = 5 s; the first expiry reaches the head at 4 * 3 / 2 = 6 s.
    # Admission rate by submission time: 3/s on [0, 5), 1/s on [5, 6) (full, refusing 2/s),
    # then with period V = 4: 3/s on [6, 9) while the head drops the old 3/s traffic,
    # 1/s on [9, 10) refusing 2/s, 3/s on [10, 11).
    # Refused: 2 * 1 + 2 * 1 = 4. Sent: 1 * (T + V) = 15. Expired: 33 - 4 - 15 = 14.
    losses = queue_losses(
        accepted_segments=33,
        inflow_segments_per_second=3,
        mps=1,
        queue_seconds=10,
        validity_seconds=4,
    )
    assert losses.rejected_segments == pytest.approx(4)
    assert losses.expired_segments == pytest.approx(14)
    assert losses.rejected_from_seconds == 5
    assert losses.expired_from_seconds == 6


def test_without_a_queue_everything_above_the_dequeue_rate_is_refused_at_once() -> None:
    # 100 messages at 20/s into mps 5: T = 5 s, refused (20 - 5) * 5 = 75 from t = 0.
    losses = queue_losses(
        accepted_segments=100,
        inflow_segments_per_second=20,
        mps=5,
        queue_seconds=None,
        validity_seconds=60,
    )
    assert losses.rejected_segments == 75
    assert losses.rejected_from_seconds == 0
    assert losses.expired_segments == 0


def test_a_sustained_stream_says_whether_and_from_when() -> None:
    losses = queue_losses(
        accepted_segments=math.inf,
        inflow_segments_per_second=15,
        mps=5,
        queue_seconds=900,
        validity_seconds=None,
    )
    assert losses.rejected_segments > 0
    assert losses.rejected_from_seconds == 450


# --- whole plans ---------------------------------------------------------------------------------


def test_bandwidth_campaign_plan() -> None:
    # The rejection case above through plan_capacity.
    p = plan(mps=5, messages=9_000, limits=BANDWIDTH)
    assert p.submission_seconds == 600
    assert p.peak_queue_segments == 4_500
    assert p.max_wait_seconds == 900
    # 9,000 / min(15, 5) = 1,800 s
    assert p.drain_seconds == 1_800
    assert p.queue_rejection.occurs
    assert p.queue_rejection.messages == 1_500
    assert p.queue_rejection.from_seconds == 450
    assert p.queue_rejection.errors == (QUEUE_SIZE,)
    assert not p.burst_rejection.occurs
    assert not p.expiry.occurs
    assert p.expiry.errors is None  # the provider's name is unknown: say so
    assert p.rejected_messages == 1_500
    assert p.expired_messages == 0
    # 5 * (600 + 900) = 7,500 sent
    assert p.sent_messages == 7_500
    assert p.throttling_needed is True
    assert p.throttle_messages_per_second == 5
    # lossless: 5 / (1 - 4,500 / 9,000) = 10/s, below the burst rate of 15
    assert p.lossless_max_messages_per_second == 10


def test_bandwidth_client_above_the_burst_rate() -> None:
    # 10 requests in flight at 500 ms: 20/s > burst 15/s.
    # Burst refuses 25% of 9,000 = 2,250 from t = 0. The client takes 9,000 / 20 = 450 s;
    # the queue gets 15/s for 450 s: backlog 10 * 450 = 4,500 = its depth, so it fills
    # exactly as the campaign ends and refuses nothing.
    p = plan(mps=5, messages=9_000, concurrency=10, latency_ms=500, limits=BANDWIDTH)
    assert p.api_requests_per_second == 20
    assert p.ingress_messages_per_second == 15
    assert p.burst_rejection.occurs
    assert p.burst_rejection.messages == 2_250
    assert p.burst_rejection.from_seconds == 0
    assert p.burst_rejection.errors == (RATE_LIMIT,)
    assert not p.queue_rejection.occurs
    assert p.queue_rejection.messages == 0
    assert p.peak_queue_segments == 4_500
    assert p.rejected_messages == 2_250


def test_twilio_expiry_plan() -> None:
    # The expiry case above: 6 requests in flight at 200 ms = 30/s.
    p = plan(
        mps=10,
        messages=27_000,
        concurrency=6,
        latency_ms=200,
        validity_seconds=600,
        limits=TWILIO,
        traffic=TrafficMix.BULK,
    )
    assert p.api_requests_per_second == 30
    assert p.peak_queue_segments == 18_000
    assert p.max_wait_seconds == 1_800
    assert p.expiry.occurs
    assert p.expiry.messages == 12_000
    assert p.expiry.from_seconds == 900
    assert p.expiry.errors == (EXPIRED,)
    assert not p.queue_rejection.occurs
    assert p.sent_messages == 15_000
    # expiry cannot be retried around: the bulk advice becomes a throttle at 10/s,
    # 10 * 200 / 1000 = 2 workers
    assert p.pacing is not None
    assert p.pacing.strategy is PacingStrategy.THROTTLE
    assert p.workers == 2


def test_multi_segment_messages_count_segments_and_round_messages_up() -> None:
    # 9,000 messages of 3 segments at 30/s: inflow 90 seg/s, mps 10, validity 601 s.
    # T = 300 s; backlog 80 * 300 = 24,000 segments; expired 24,000 - 10 * 601 = 17,990
    # segments = 5,996.67 messages -> 5,997 (a message with any expired part counts).
    p = plan(
        mps=10,
        segments_per_message=3,
        messages=9_000,
        concurrency=6,
        latency_ms=200,
        validity_seconds=601,
        limits=TWILIO,
    )
    assert p.expiry.segments == pytest.approx(17_990)
    assert p.expiry.messages == 5_997
    # first expiry at 601 * 90 / 80 = 676.125 s
    assert p.expiry.from_seconds == pytest.approx(676.125)
    # drain: 27,000 segments / 10 = 2,700 s; egress 10 seg/s = 3.33 messages/s
    assert p.drain_seconds == 2_700
    assert p.egress_messages_per_second == pytest.approx(10 / 3)
    # throttle 10 / 3 messages/s: 3.33 * 200 / 1000 = 0.67 -> 1 worker
    assert p.throttle_messages_per_second == pytest.approx(10 / 3)
    assert p.workers == 1


def test_no_queue_refuses_at_once_and_names_are_unknown() -> None:
    # 4 in flight at 200 ms = 20/s into mps 5 without a queue: 100 messages take 5 s,
    # refused (20 - 5) * 5 = 75 from t = 0.
    p = plan(mps=5, messages=100, concurrency=4, latency_ms=200, limits=NO_QUEUE)
    assert p.queue_depth_segments is None
    assert p.queue_fill_seconds is None
    assert p.peak_queue_segments == 0
    assert p.queue_rejection.messages == 75
    assert p.queue_rejection.from_seconds == 0
    assert p.queue_rejection.errors is None
    assert p.api_concurrency_errors is None
    assert p.sent_messages == 25


def test_queue_absorbs_the_campaign_so_full_speed_is_fine() -> None:
    # 50 in flight at 250 ms = 200/s into 100 MPS with a 36,000 s queue; 100,000 messages.
    # T = 500 s; backlog 100 * 500 = 50,000 < 3,600,000; wait 500 s; no validity given.
    p = plan(
        mps=100,
        messages=100_000,
        concurrency=50,
        latency_ms=250,
        limits=TWILIO,
        traffic=TrafficMix.BULK,
    )
    assert p.peak_queue_segments == 50_000
    assert p.max_wait_seconds == 500
    # 100,000 / 100 = 1,000 s
    assert p.drain_seconds == 1_000
    assert p.throttling_needed is False
    assert p.rejected_messages == 0
    assert p.expired_messages == 0
    assert p.pacing is not None
    assert p.pacing.strategy is PacingStrategy.BACKOFF_RETRY
    assert "no throttling needed" in p.pacing.details[0]
    # 100 messages/s * 250 / 1000 = 25 workers
    assert p.workers == 25
    assert p.bottleneck is Bottleneck.MPS
    assert p.api_concurrency_errors == (TOO_MANY,)


def test_concurrency_limit_as_the_bottleneck() -> None:
    # 50 in flight at 250 ms = 200/s < 300 MPS: the client never fills the sender.
    p = plan(mps=300, messages=1_000, concurrency=50, latency_ms=250, limits=TWILIO)
    assert p.bottleneck is Bottleneck.API_CONCURRENCY
    assert p.egress_segments_per_second == 200
    assert p.throttle_messages_per_second == 200
    assert p.workers == 50
    assert p.throttling_needed is False
    # 1,000 / 200 = 5 s
    assert p.drain_seconds == 5


def test_unknown_submission_rate_leaves_the_losses_unknown() -> None:
    p = plan(mps=100, messages=1_000_000, limits=TWILIO)
    assert p.ingress_messages_per_second is None
    assert p.bottleneck is None
    assert p.queue_fill_seconds is None
    assert p.peak_queue_segments is None
    assert p.queue_rejection.occurs is None
    assert p.expiry.occurs is None
    assert p.rejected_messages is None
    assert p.throttling_needed is None
    # the sender's own numbers are still known: 1,000,000 / 100 = 10,000 s
    assert p.drain_seconds == 10_000
    assert p.throttle_messages_per_second == 100


def test_sustained_stream_has_no_counts() -> None:
    p = plan(mps=5, limits=BANDWIDTH)
    assert p.queue_rejection.occurs is True
    assert p.queue_rejection.from_seconds == 450
    assert p.queue_rejection.messages is None
    assert p.drain_seconds is None
    assert p.throttling_needed is True


def test_deadline() -> None:
    # 1,000,000 messages in 60 min: 1,000,000 / 3,600 = 277.78 MPS needed; 100 short by
    # 177.78. The client at 50 * 1000 / 250 = 200/s is short too: 277.78 * 250 / 1000
    # = 69.4 -> 70 requests in flight needed.
    p = plan(
        mps=100,
        messages=1_000_000,
        concurrency=50,
        latency_ms=250,
        deadline_minutes=60,
        limits=TWILIO,
    )
    assert p.deadline is not None
    assert p.deadline.deadline_seconds == 3_600
    assert p.deadline.required_mps == 277.78
    assert p.deadline.required_mps_whole == 278
    assert not p.deadline.mps_meets_deadline
    assert p.deadline.mps_shortfall == 177.78
    assert p.deadline.required_messages_per_second == 277.78
    assert p.deadline.ingress_meets_deadline is False
    assert p.deadline.required_concurrency == 70
    assert not p.deadline.deadline_met


def test_deadline_met() -> None:
    # 36,000 messages in 60 min need 10 MPS exactly.
    check = deadline_check(
        messages=36_000,
        segments_per_message=1,
        deadline_minutes=60,
        mps=10,
        ingress_messages_per_second=None,
        latency_ms=None,
        drain_seconds=3_600,
    )
    assert check.required_mps == 10
    assert check.mps_meets_deadline
    assert check.mps_shortfall == 0
    assert check.ingress_meets_deadline is None
    assert check.required_concurrency is None
    assert check.deadline_met


def test_deadline_compares_the_exact_rate() -> None:
    # 1,000,000 / 3,600 = 277.777...: 277.779 MPS is enough although the rounded-up
    # requirement shows 277.78; the shortfall is then 0, not 0.01.
    check = deadline_check(
        messages=1_000_000,
        segments_per_message=1,
        deadline_minutes=60,
        mps=277.779,
        ingress_messages_per_second=None,
        latency_ms=None,
        drain_seconds=1_000_000 / 277.779,
    )
    assert check.required_mps == 277.78
    assert check.mps_meets_deadline
    assert check.mps_shortfall == 0
    assert check.deadline_met


def test_pacing_for_mixed_traffic_is_a_priority_queue_per_subaccount() -> None:
    p = plan(
        mps=100,
        messages=10_000,
        concurrency=50,
        latency_ms=250,
        limits=TWILIO,
        traffic=TrafficMix.MIXED,
    )
    assert p.pacing is not None
    assert p.pacing.strategy is PacingStrategy.PRIORITY_QUEUE
    assert "per subaccount" in " ".join(p.pacing.details)
    assert "at most 50 consumers" in " ".join(p.pacing.details)
    assert set(p.pacing.sources) == {"bandwidth-rate-limits", "twilio-isv-guide"}


def test_pacing_for_realtime_traffic_throttles_at_the_dequeue_rate() -> None:
    advice = pacing_advice(
        TrafficMix.REALTIME,
        throttle_messages_per_second=25,
        workers=7,
        concurrency=50,
        bottleneck=Bottleneck.MPS,
        throttling_needed=False,
        expiry_expected=False,
    )
    assert advice.strategy is PacingStrategy.THROTTLE
    assert "25 messages/s" in advice.details[0]
    assert "7 concurrent worker(s)" in advice.details[0]
    assert advice.sources == ("bandwidth-rate-limits",)


def test_pacing_for_bulk_traffic_backs_off_and_retries() -> None:
    advice = pacing_advice(
        TrafficMix.BULK,
        throttle_messages_per_second=5,
        workers=None,
        concurrency=None,
        bottleneck=Bottleneck.MPS,
        throttling_needed=True,
        expiry_expected=False,
    )
    assert advice.strategy is PacingStrategy.BACKOFF_RETRY
    assert "refused" in advice.details[0]


def test_stage_values_are_the_keys_of_the_error_mapping() -> None:
    assert {stage.value for stage in Stage} == {"api_concurrency", "burst", "queue_full", "expired"}


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("latency", [0, -5, 0.0, math.nan, math.inf])
def test_latency_must_be_positive(latency: float) -> None:
    with pytest.raises(InputError, match=r"^--latency-ms: expected a number > 0, got "):
        api_requests_per_second(50, latency)


def test_latency_zero_message_is_one_clear_line() -> None:
    with pytest.raises(InputError) as info:
        plan(concurrency=50, latency_ms=0)
    assert str(info.value) == "--latency-ms: expected a number > 0, got 0"


def test_concurrency_zero() -> None:
    with pytest.raises(InputError, match=r"^--concurrency: expected a whole number >= 1, got 0$"):
        plan(concurrency=0, latency_ms=250)


def test_burst_below_the_dequeue_rate() -> None:
    limits = replace(BANDWIDTH, burst_rps=15, burst_headroom_rps=None)
    with pytest.raises(InputError, match=r"^--burst-rps: .*--mps 20.*got 15$"):
        plan(mps=20, limits=limits)


def test_burst_rate_and_headroom_together() -> None:
    with pytest.raises(InputError, match=r"^--burst-rps: "):
        plan(mps=5, limits=replace(BANDWIDTH, burst_rps=15))


def test_negative_messages() -> None:
    with pytest.raises(InputError, match=r"^--messages: expected a whole number >= 0, got -1$"):
        plan(messages=-1)


@pytest.mark.parametrize("mps", [0, -1, math.nan])
def test_mps_must_be_positive(mps: float) -> None:
    with pytest.raises(InputError, match=r"^--mps: expected a number > 0"):
        plan(mps=mps)


def test_without_the_mps_the_figures_it_determines_are_still_given() -> None:
    """Issue 10, defect 6: the API rate needs only the concurrency and the latency."""
    p = plan(mps=None, concurrency=50, latency_ms=250, messages=10_000, deadline_minutes=10)
    assert p.api_requests_per_second == 200
    assert p.ingress_messages_per_second == 200
    assert p.submission_seconds == 50
    assert p.missing_inputs == ("--mps",)
    not_given = (
        p.mps,
        p.egress_segments_per_second,
        p.egress_messages_per_second,
        p.bottleneck,
        p.drain_seconds,
        p.throttle_messages_per_second,
        p.workers,
        p.throttling_needed,
        p.queue_rejection.occurs,
    )
    assert not_given == (None,) * len(not_given)
    assert p.deadline is not None
    assert (p.deadline.required_mps, p.deadline.required_concurrency) == (16.67, 5)
    assert p.deadline.ingress_meets_deadline is True
    assert (p.deadline.mps_meets_deadline, p.deadline.deadline_met) == (None, None)


def test_a_headroom_burst_is_unknown_without_the_mps() -> None:
    p = plan(mps=None, concurrency=50, latency_ms=250, limits=BANDWIDTH)
    assert p.api_requests_per_second == 200
    assert p.ingress_messages_per_second is None  # at most the burst rate, mps + 10
    assert p.missing_inputs == ("--mps", "--concurrency/--latency-ms")


def test_with_nothing_to_plan_it_says_what_to_give() -> None:
    with pytest.raises(UsageError, match=r"^give --mps .* there is nothing to plan$"):
        plan(mps=None)


def test_segments_validity_deadline_and_queue() -> None:
    with pytest.raises(InputError, match=r"^--segments: "):
        plan(segments_per_message=0)
    with pytest.raises(InputError, match=r"^--validity-seconds: "):
        plan(validity_seconds=0)
    with pytest.raises(InputError, match=r"^--deadline-minutes: "):
        plan(messages=10, deadline_minutes=-1)
    with pytest.raises(InputError, match=r"^--queue-seconds: "):
        plan(limits=replace(TWILIO, queue_seconds=-1))


def test_concurrency_and_latency_come_together() -> None:
    with pytest.raises(UsageError, match=r"^--latency-ms: needed with --concurrency"):
        plan(concurrency=50)
    with pytest.raises(UsageError, match=r"^--concurrency: needed with --latency-ms"):
        plan(latency_ms=250)


def test_formulas_raise_input_errors_not_zero_division() -> None:
    with pytest.raises(InputError, match=r"^--mps: "):
        max_wait_seconds(100, 0)
    with pytest.raises(InputError, match=r"^--mps: "):
        queue_fill_seconds(100, 10, 0)
    with pytest.raises(InputError, match=r"^--deadline-minutes: "):
        required_mps(100, 1, 0)


# --- properties ----------------------------------------------------------------------------------

rates = st.floats(min_value=0.1, max_value=1_000, allow_nan=False, allow_infinity=False)


@st.composite
def inputs(draw: st.DrawFn) -> CapacityInput:
    """A valid input whose submission rate is known."""
    mps = draw(rates)
    queue = draw(st.none() | st.floats(min_value=0, max_value=36_000))
    burst_kind = draw(st.sampled_from(["none", "fixed", "headroom"]))
    burst = headroom = None
    if burst_kind == "fixed":
        burst = mps * draw(st.floats(min_value=1, max_value=10))
    elif burst_kind == "headroom":
        headroom = draw(st.floats(min_value=0, max_value=50))
    with_api = burst_kind == "none" or draw(st.booleans())
    return CapacityInput(
        concurrency=draw(st.integers(1, 200)) if with_api else None,
        latency_ms=draw(st.floats(min_value=10, max_value=2_000)) if with_api else None,
        mps=mps,
        segments_per_message=draw(st.integers(1, 10)),
        messages=draw(st.integers(0, 2_000_000)),
        validity_seconds=draw(st.none() | st.floats(min_value=1, max_value=36_000)),
        limits=ProviderLimits(
            provider="custom",
            queue_seconds=queue,
            queue_scope="account",
            burst_rps=burst,
            burst_headroom_rps=headroom,
        ),
    )


def _losses(p: CapacityPlan) -> float:
    outcomes = (p.burst_rejection, p.queue_rejection, p.expiry)
    return sum(outcome.segments or 0.0 for outcome in outcomes)


@given(inputs(), st.floats(min_value=1, max_value=10))
def test_drain_never_rises_as_mps_rises(inp: CapacityInput, factor: float) -> None:
    assert inp.mps is not None
    assert inp.limits is not None
    faster_mps = inp.mps * factor
    if inp.limits.burst_rps is not None:
        faster_mps = min(faster_mps, inp.limits.burst_rps)
    slow, fast = plan_capacity(inp), plan_capacity(replace(inp, mps=faster_mps))
    assert slow.drain_seconds is not None
    assert fast.drain_seconds is not None
    assert fast.drain_seconds <= slow.drain_seconds
    # and nothing more is lost
    assert _losses(fast) <= _losses(slow) * (1 + 1e-9) + 1e-6


@given(st.integers(1, 500), st.integers(1, 500), st.floats(min_value=1, max_value=5_000))
def test_api_rate_never_falls_as_concurrency_rises(a: int, b: int, latency: float) -> None:
    low, high = sorted((a, b))
    assert api_requests_per_second(low, latency) <= api_requests_per_second(high, latency)


@given(inputs(), st.integers(0, 2_000_000))
@example(  # the queue refused all but a rounding residue of the loss: 1.8e-12 expired segments
    CapacityInput(
        concurrency=16,
        latency_ms=12.0,
        mps=333.6875,
        segments_per_message=1,
        messages=16604,
        validity_seconds=1.9,
        deadline_minutes=None,
        limits=ProviderLimits("custom", queue_seconds=1.9, queue_scope="account", burst_rps=None),
    ),
    16328,
)
def test_outputs_never_fall_as_the_campaign_grows(inp: CapacityInput, other: int) -> None:
    assert inp.messages is not None
    small = plan_capacity(replace(inp, messages=min(inp.messages, other)))
    large = plan_capacity(replace(inp, messages=max(inp.messages, other)))
    pairs = [
        (small.drain_seconds, large.drain_seconds),
        (small.peak_queue_segments, large.peak_queue_segments),
        (small.burst_rejection.messages, large.burst_rejection.messages),
        (small.queue_rejection.messages, large.queue_rejection.messages),
        (small.expiry.messages, large.expiry.messages),
        (small.rejected_messages, large.rejected_messages),
        (small.expired_messages, large.expired_messages),
    ]
    for before, after in pairs:
        assert before is not None
        assert after is not None
        assert before <= after


@given(inputs())
def test_campaign_invariants(inp: CapacityInput) -> None:
    p = plan_capacity(inp)
    assert inp.mps is not None
    assert inp.messages is not None
    n, s = inp.messages, inp.segments_per_message
    assert p.drain_seconds is not None
    # never faster than the sender
    assert p.drain_seconds >= n * s / inp.mps
    # nothing negative
    for outcome in (p.burst_rejection, p.queue_rejection, p.expiry):
        assert outcome.messages is not None
        assert outcome.messages >= 0
        assert outcome.segments is not None
        assert outcome.segments >= 0
        assert outcome.from_seconds is None or outcome.from_seconds >= 0
        assert outcome.occurs == (outcome.segments > 0)
    assert p.rejected_messages is not None
    assert p.expired_messages is not None
    assert p.sent_messages is not None
    assert p.sent_messages >= 0
    # the campaign is accounted for, and losses never exceed it
    assert p.rejected_messages + p.expired_messages <= n
    assert p.rejected_messages + p.expired_messages + p.sent_messages == n
    assert _losses(p) <= n * s * (1 + 1e-9)
    assert p.peak_queue_segments is not None
    assert p.peak_queue_segments >= 0
    if p.queue_depth_segments is not None:
        assert p.peak_queue_segments <= p.queue_depth_segments
    assert p.workers is None or (inp.concurrency is not None and 1 <= p.workers <= inp.concurrency)
    assert p.throttling_needed == (_losses(p) > 0)
    if p.sent_messages >= 3:
        # plain rounding up whenever a few messages get through
        for outcome in (p.burst_rejection, p.queue_rejection, p.expiry):
            assert outcome.segments is not None
            assert outcome.messages is not None
            affected = outcome.segments / s
            assert outcome.messages - 1 < affected <= outcome.messages + 1e-9 * max(1, affected)


@given(inputs())
def test_queue_loses_the_backlog_it_cannot_send_in_time(inp: CapacityInput) -> None:
    # Independently of how it splits into refusals and expiry, the queue stage loses
    # max(0, (inflow - mps) * T - mps * min(V, queue length)) segments.
    p = plan_capacity(inp)
    assert inp.mps is not None
    assert inp.limits is not None
    assert inp.messages is not None
    assert p.ingress_messages_per_second is not None
    assert p.submission_seconds is not None
    inflow = p.ingress_messages_per_second * inp.segments_per_message
    hold = inp.limits.queue_seconds or 0.0
    absorb = min(hold, inp.validity_seconds or math.inf)
    expected = max(0.0, (inflow - inp.mps) * p.submission_seconds - inp.mps * absorb)
    if inflow <= inp.mps or inp.messages == 0:
        expected = 0.0
    actual = (p.queue_rejection.segments or 0.0) + (p.expiry.segments or 0.0)
    assert actual == pytest.approx(expected, rel=1e-9, abs=1e-6)


@given(inputs(), st.floats(min_value=1.05, max_value=3))
def test_lossless_rate_loses_nothing_and_faster_loses_something(
    inp: CapacityInput, factor: float
) -> None:
    assert inp.messages is not None
    assume(inp.messages > 0)
    lossless = plan_capacity(inp).lossless_max_messages_per_second
    assume(lossless is not None)
    assert lossless is not None

    def at_rate(rate: float) -> CapacityPlan:
        # the client submits concurrency * 1000 / latency_ms per second; the latency stays
        # within its range (at least 0.1 ms)
        concurrency = 1 if rate <= 5_000 else 1_000
        return plan_capacity(
            replace(inp, concurrency=concurrency, latency_ms=concurrency * 1_000 / rate)
        )

    assert _losses(at_rate(lossless)) == pytest.approx(0, abs=1e-6 * inp.messages)
    assert _losses(at_rate(lossless * factor)) > 0


class Simulated(NamedTuple):
    refused: int
    expired: int
    sent: int
    #: the most segments waiting at once
    longest: int
    #: segments waiting at each of the moments asked for
    lengths: list[int]


def simulate(
    segments: int,
    inflow: float,
    mps: float,
    capacity: int,
    validity: float,
    times: Sequence[float] = (),
) -> Simulated:
    """One segment at a time: arrivals every 1/inflow s, one sent every 1/mps s, FIFO,
    at most ``capacity`` waiting, expired segments dropped at the head without a slot;
    the queue's length is sampled at ``times`` (test_capacity_timeline)."""
    waiting: deque[float] = deque()
    refused = expired = sent = longest = 0
    free_at = 0.0
    lengths: list[int] = []
    pending = sorted(times)

    def work(until: float) -> None:
        nonlocal free_at, expired, sent
        while waiting:
            start = max(free_at, waiting[0])
            if start > until:
                return
            submitted = waiting.popleft()
            if start - submitted > validity:
                expired += 1
                continue
            sent += 1
            free_at = start + 1 / mps

    for index in range(segments + 1):
        now = (index + 1) / inflow if index < segments else math.inf
        while pending and pending[0] < now:
            work(pending[0])
            lengths.append(len(waiting))
            pending.pop(0)
        if index == segments:
            break
        work(now)
        if len(waiting) >= capacity:
            refused += 1
        else:
            waiting.append(now)
            longest = max(longest, len(waiting))
    work(math.inf)
    return Simulated(refused, expired, sent, longest, lengths)


@example(mps=1.0, ratio=5.0, capacity=84, validity_slots=26.0, segments=2055)  # was 3.03/period
@settings(max_examples=60, deadline=None)
@given(
    mps=st.floats(min_value=1, max_value=20),
    ratio=st.floats(min_value=1.05, max_value=5),
    capacity=st.integers(10, 1_000),
    validity_slots=st.floats(min_value=10, max_value=1_000),
    segments=st.integers(1, 3_000),
)
def test_fluid_model_matches_a_discrete_simulation(
    mps: float, ratio: float, capacity: int, validity_slots: float, segments: int
) -> None:
    # A fluid model needs the validity period to span several sending slots of 1/mps.
    validity = validity_slots / mps
    inflow = mps * ratio
    refused, expired, *_ = simulate(segments, inflow, mps, capacity, validity)
    losses = queue_losses(
        accepted_segments=segments,
        inflow_segments_per_second=inflow,
        mps=mps,
        queue_seconds=capacity / mps,
        validity_seconds=validity,
    )
    # The total agrees to a few segments; the split between refusals and expiry to a few
    # segments per validity period: the discrete queue switches from refusing to expiring
    # a little late each time, by up to about one arrival per departure (the ratio).
    periods = segments / inflow / validity
    total = losses.rejected_segments + losses.expired_segments
    assert abs((refused + expired) - total) <= 3
    assert abs(refused - losses.rejected_segments) <= (ratio + 1) * (periods + 3)


def test_the_package_gives_every_name_it_lists_each_from_its_module() -> None:
    """advisor.capacity imports its modules when a name is first read (PEP 562): every
    name of __all__ has a home, and reading it gives that module's object."""
    import importlib

    import advisor.capacity as package

    assert set(package.__all__) == set(package._HOMES)
    for name in package.__all__:
        home = importlib.import_module(f"advisor.capacity.{package._HOMES[name]}")
        assert getattr(package, name) is getattr(home, name)
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018
