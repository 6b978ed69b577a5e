"""Price sheets: ``country, sender, price_per_segment, currency`` and optional
``monthly_fee_per_sender, source, as_of``, read with the care of intake sheets.

The advisor ships no prices: a price sheet is the user's (their contract, a provider's
price page on a date). Lines starting with ``#`` before the header are comments, so a
sheet can say what it is. Every bad cell is one line naming the file, the line and the
column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from advisor.errors import InputError, shown
from advisor.knowledge import KnowledgeBase
from advisor.vocab import SenderId

#: the price sheet's columns, the required ones first; headers match ignoring case and spaces.
REQUIRED = ("country", "sender", "price_per_segment", "currency")
OPTIONAL = ("monthly_fee_per_sender", "source", "as_of")
#: a price per segment or a monthly fee above this is a typo (or a price in cents).
MAX_PRICE = Decimal(1_000_000)


@dataclass(frozen=True, slots=True)
class Price:
    country: str
    sender: SenderId
    price_per_segment: Decimal
    currency: str
    monthly_fee_per_sender: Decimal | None
    source: str
    as_of: dt.date | None
    #: where it was read: ``FILE: line N``.
    origin: str


@dataclass(frozen=True, slots=True)
class PriceSheet:
    label: str
    prices: dict[tuple[str, SenderId], Price]

    def price(self, country: str, sender: SenderId) -> Price | None:
        return self.prices.get((country, sender))


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def price_header(header: Sequence[str], label: str) -> dict[str, int]:
    fields: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _normalise(name)
        if key not in REQUIRED and key not in OPTIONAL:
            continue
        if key in fields:
            raise InputError(
                f"{label}: header: columns {fields[key] + 1} and {index + 1} are both {key}; "
                "keep one"
            )
        fields[key] = index
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise InputError(
            f"{label}: header: no column for {missing[0]} (a price sheet has the columns "
            f"{', '.join(REQUIRED)}, and optionally {', '.join(OPTIONAL)})"
        )
    return fields


def money(text: str, where: str) -> Decimal:
    """A non-negative amount written with a decimal point (``0.0079``), no symbol."""
    cleaned = text.strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        raise InputError(
            f"{where}: expected an amount such as 0.0079 (digits and a decimal point, no "
            f"currency sign or thousands separator), got {shown(text)}"
        )
    if value > MAX_PRICE:
        raise InputError(f"{where}: expected at most {MAX_PRICE:,}, got {shown(text)}")
    return value


def currency_code(text: str, where: str) -> str:
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise InputError(
            f"{where}: expected an ISO 4217 currency code (USD, EUR), got {shown(text)}"
        )
    return code


def read_price_sheet(path: Path, kb: KnowledgeBase, label: str | None = None) -> PriceSheet:
    from advisor.batch.sheet import open_sheet, strict_rows
    from advisor.country import read_country
    from advisor.intake import parse_choice, parse_date

    name = label or str(path)
    prices: dict[tuple[str, SenderId], Price] = {}
    with open_sheet(path, name, header_map=price_header, comments=True) as sheet:
        header, fields = sheet.header, sheet.fields
        for where, cells in strict_rows(sheet):

            def cell(key: str, cells: list[str] = cells) -> str:
                index = fields.get(key)
                return cells[index].strip() if index is not None and index < len(cells) else ""

            def at(key: str, where: str = where) -> str:
                return f"{where}: {header[fields[key]]}"

            for key in REQUIRED:
                if not cell(key):
                    raise InputError(f"{at(key)}: missing: this column is required")
            country = read_country(cell("country"), kb, at("country")).code
            sender = parse_choice(cell("sender"), SenderId, at("sender"))
            fee = cell("monthly_fee_per_sender")
            day = cell("as_of")
            price = Price(
                country=country,
                sender=sender,
                price_per_segment=money(cell("price_per_segment"), at("price_per_segment")),
                currency=currency_code(cell("currency"), at("currency")),
                monthly_fee_per_sender=money(fee, at("monthly_fee_per_sender")) if fee else None,
                source=cell("source"),
                as_of=parse_date(day, at("as_of")) if day else None,
                origin=where,
            )
            seen = prices.get((country, sender))
            if seen is not None:
                raise InputError(
                    f"{at('country')}: {country} {sender.value} is already priced "
                    f"({seen.origin}); give each country and sender once"
                )
            prices[country, sender] = price
    if not prices:
        raise InputError(f"{name}: no prices under the header")
    return PriceSheet(name, prices)
