"""The monthly estimate: daily volume x 30 x segments per message x price, plus fees.

Amounts are :class:`~decimal.Decimal` (no binary rounding of prices); totals are rounded
to cents only when shown. An unknown (no price for the sender, no daily volume) leaves
that destination's cost, and the total, unknown: never taken as zero.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from advisor.cost.sheet import MAX_PRICE, Price, PriceSheet, currency_code, money
from advisor.errors import InputError, shown
from advisor.vocab import SenderId

#: the days in the monthly estimate.
DAYS_PER_MONTH = 30
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Rates:
    """The currency of the total, and what one unit of each other currency is worth in it."""

    currency: str | None = None
    rates: dict[str, Decimal] = field(default_factory=dict)


def parse_rates(currency: str | None, rates: Sequence[str], flag: str = "--rate") -> Rates:
    """``--currency USD --rate EUR=1.08`` (1 EUR is 1.08 USD); checked before any work."""
    target = currency_code(currency, "--currency") if currency is not None else None
    parsed: dict[str, Decimal] = {}
    for text in rates:
        match = re.fullmatch(r"\s*([A-Za-z]{3})\s*=\s*(\S+)\s*", text)
        if match is None:
            raise InputError(f"{flag}: expected CUR=RATE such as EUR=1.08, got {shown(text)}")
        code = currency_code(match.group(1), flag)
        value = money(match.group(2), flag)
        if value == 0:
            raise InputError(f"{flag}: a rate must be above 0, got {shown(text)}")
        parsed[code] = value
    if parsed and target is None:
        raise InputError(f"{flag}: give --currency too: the currency the rates convert into")
    return Rates(target, parsed)


@dataclass(frozen=True, slots=True)
class CostInput:
    """What one destination's cost needs: its sender, volume and segments per message."""

    country: str
    sender: SenderId | None
    daily_volume: int | None
    segments_per_message: int
    #: ``--body``, ``sample_message`` (the row's), or ``assumed`` (1 segment).
    segments_from: str


@dataclass(frozen=True, slots=True)
class DestinationCost:
    country: str
    sender: SenderId | None
    daily_volume: int | None
    segments_per_message: int
    segments_from: str
    price: Price | None
    #: what one unit of the price's currency is worth in the total's (1 when the same).
    rate: Decimal | None
    monthly_cost: Decimal | None
    note: str


@dataclass(frozen=True, slots=True)
class Cost:
    currency: str | None
    #: the sum of every destination's cost; None when one with a sender is unknown.
    monthly_total: Decimal | None
    destinations: tuple[DestinationCost, ...]
    prices_file: str


def cents(value: Decimal | None) -> float | None:
    """An amount rounded to cents, as JSON shows it."""
    return None if value is None else float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _currency(sheet: PriceSheet, prices: Sequence[Price], rates: Rates) -> str | None:
    used = sorted({price.currency for price in prices})
    if rates.currency is not None:
        return rates.currency
    if len(used) > 1:
        raise InputError(
            f"{sheet.label}: the prices used are in {' and '.join(used)}: give --currency and "
            f"a --rate for each other currency (e.g. --currency {used[0]} --rate {used[1]}=...)"
        )
    return used[0] if used else None


def _rate(price: Price, target: str | None, rates: Rates) -> Decimal:
    if target is None or price.currency == target:
        return Decimal(1)
    rate = rates.rates.get(price.currency)
    if rate is None:
        raise InputError(
            f"--rate: no rate from {price.currency} to {target} ({price.origin} is priced in "
            f"{price.currency}): give --rate {price.currency}=..."
        )
    return rate


def _note(item: CostInput, price: Price | None, sheet: PriceSheet) -> str:
    if item.sender is None:
        return "No sender fits here, so there is nothing to price."
    if price is None:
        return f"{sheet.label} has no price for {item.sender.value} in {item.country}."
    if item.daily_volume is None:
        return "The daily volume is not given: give --daily-volume (or the row's daily_volume)."
    if item.segments_from == "assumed":
        return (
            "No sample message: 1 segment a message assumed "
            "(a longer or Unicode message costs more)."
        )
    return ""


def estimate(sheet: PriceSheet, items: Sequence[CostInput], rates: Rates = Rates()) -> Cost:
    """Each destination's monthly cost from ``sheet``, and their sum in one currency."""
    found = [
        sheet.price(item.country, item.sender) if item.sender is not None else None
        for item in items
    ]
    target = _currency(sheet, [price for price in found if price is not None], rates)
    lines = []
    for item, price in zip(items, found, strict=True):
        rate = _rate(price, target, rates) if price is not None else None
        monthly = None
        if price is not None and rate is not None and item.daily_volume is not None:
            segments = Decimal(item.daily_volume) * DAYS_PER_MONTH * item.segments_per_message
            fee = price.monthly_fee_per_sender or Decimal(0)
            monthly = (segments * price.price_per_segment + fee) * rate
        lines.append(
            DestinationCost(
                country=item.country,
                sender=item.sender,
                daily_volume=item.daily_volume,
                segments_per_message=item.segments_per_message,
                segments_from=item.segments_from,
                price=price,
                rate=rate,
                monthly_cost=monthly,
                note=_note(item, price, sheet),
            )
        )
    priced = [line for line in lines if line.sender is not None]
    total = None
    if priced and all(line.monthly_cost is not None for line in priced):
        total = sum((line.monthly_cost for line in priced if line.monthly_cost), Decimal(0))
    return Cost(target, total, tuple(lines), sheet.label)


__all__ = ["MAX_PRICE", "Cost", "CostInput", "DestinationCost", "Rates", "estimate", "parse_rates"]
