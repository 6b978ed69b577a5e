"""A monthly cost estimate (:mod:`advisor.cost`) as JSON and as document blocks.

JSON: ``currency``, ``monthly_total`` (null when a destination's cost is unknown),
``prices_file``, ``days_per_month``, ``destinations`` (``country``, ``sender``,
``daily_volume``, ``segments_per_message``, ``segments_from``, ``price_per_segment``,
``price_currency``, ``rate``, ``monthly_fee_per_sender``, ``senders``, ``monthly_cost``,
``price_source``, ``price_as_of``, ``price_origin``, ``note``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from advisor.cost.estimate import DAYS_PER_MONTH, Cost, cents
from advisor.render.model import Block, Column, Heading, Paragraph, Table


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def cost_json(cost: Cost) -> dict[str, Any]:
    return {
        "currency": cost.currency,
        "monthly_total": cents(cost.monthly_total),
        "prices_file": cost.prices_file,
        "days_per_month": DAYS_PER_MONTH,
        "destinations": [
            {
                "country": line.country,
                "sender": line.sender.value if line.sender is not None else None,
                "daily_volume": line.daily_volume,
                "segments_per_message": line.segments_per_message,
                "segments_from": line.segments_from,
                "price_per_segment": _number(line.price.price_per_segment) if line.price else None,
                "price_currency": line.price.currency if line.price else None,
                "rate": _number(line.rate),
                "monthly_fee_per_sender": _number(line.price.monthly_fee_per_sender)
                if line.price
                else None,
                "senders": 1 if line.sender is not None else 0,
                "monthly_cost": cents(line.monthly_cost),
                "price_source": (line.price.source or None) if line.price else None,
                "price_as_of": line.price.as_of.isoformat()
                if line.price and line.price.as_of
                else None,
                "price_origin": line.price.origin if line.price else None,
                "note": line.note or None,
            }
            for line in cost.destinations
        ],
    }


def _amount(value: Decimal | None, currency: str | None) -> str | None:
    shown = cents(value)
    return None if shown is None else f"{shown:,.2f} {currency or ''}".strip()


def cost_blocks(cost: Cost) -> list[Block]:
    total = _amount(cost.monthly_total, cost.currency)
    summary = (
        f"Estimated monthly cost: {total} (daily volume x {DAYS_PER_MONTH} x segments per "
        f"message x price per segment, plus monthly fees; prices from {cost.prices_file})."
        if total is not None
        else f"The monthly total is unknown: a destination below has no price or volume "
        f"(prices from {cost.prices_file})."
    )
    table = Table(
        title="Monthly cost",
        columns=(
            Column("country", "Country"),
            Column("sender", "Sender"),
            Column("segments", "Segments a message"),
            Column("price", "Price a segment"),
            Column("fee", "Monthly fee"),
            Column("monthly", "A month"),
            Column("note", "Note"),
        ),
        rows=tuple(
            (
                line.country,
                line.sender.value if line.sender is not None else "",
                line.segments_per_message,
                f"{line.price.price_per_segment} {line.price.currency}" if line.price else None,
                f"{line.price.monthly_fee_per_sender} {line.price.currency}"
                if line.price and line.price.monthly_fee_per_sender is not None
                else "",
                _amount(line.monthly_cost, cost.currency),
                line.note,
            )
            for line in cost.destinations
        ),
    )
    return [Heading("Monthly cost", 2), Paragraph(summary), table]
