"""A plan's monthly cost: each destination's sender, volume and sample message, priced."""

from __future__ import annotations

from collections.abc import Sequence

from advisor.cost.estimate import Cost, CostInput, Rates, estimate
from advisor.cost.sheet import PriceSheet
from advisor.errors import InputError
from advisor.plan.model import Plan


def segments_of(message: str | None, where: str) -> tuple[int, str]:
    """Segments per message of a sample message (3GPP count), or 1 assumed without one."""
    if message is None or not message.strip():
        return 1, "assumed"
    from advisor.content.segments import count_segments

    if not message:
        raise InputError(f"{where}: the sample message is empty")
    return count_segments(message).segments, where


def plan_cost(
    plan: Plan,
    sheet: PriceSheet,
    messages: Sequence[tuple[str | None, str]],
    rates: Rates = Rates(),
) -> Cost:
    """``messages``: per destination, its sample message (or None) and where it came from."""
    items = []
    for destination, (message, where) in zip(plan.destinations, messages, strict=True):
        segments, origin = segments_of(message, where)
        items.append(
            CostInput(
                country=destination.country,
                sender=destination.sender,
                daily_volume=destination.report.recommendation.intake.daily_volume,
                segments_per_message=segments,
                segments_from=origin,
            )
        )
    return estimate(sheet, items, rates)
