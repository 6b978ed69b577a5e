"""How the client should pace its submissions: back off, throttle, or run its own queue."""

from __future__ import annotations

from advisor.capacity.model import (
    SOURCE_BANDWIDTH_RATE_LIMITS,
    SOURCE_TWILIO_ISV_GUIDE,
    Bottleneck,
    PacingAdvice,
    PacingStrategy,
    TrafficMix,
)


def _rate_text(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def pacing_advice(
    traffic: TrafficMix,
    *,
    throttle_messages_per_second: float | None,
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
    if throttle_messages_per_second is None:
        pace = "Submit no faster than the sender's dequeue rate (not given: give --mps)."
    elif bottleneck is Bottleneck.API_CONCURRENCY:
        rate = f"{_rate_text(throttle_messages_per_second)} messages/s"
        pace = (
            f"The API concurrency limit already keeps submissions at {rate}, below the "
            "sender's dequeue rate: nothing queues at the provider."
        )
    else:
        rate = f"{_rate_text(throttle_messages_per_second)} messages/s"
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
        without = (
            "the sender's MPS"
            if throttle_messages_per_second is None
            else "the client's API concurrency and latency"
        )
        absorbed = (
            "Whether the provider's queue absorbs the campaign at full speed is unknown "
            f"without {without}."
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
