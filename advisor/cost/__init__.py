"""Monthly cost from the user's price sheets: :mod:`~advisor.cost.sheet` reads them,
:mod:`~advisor.cost.estimate` does the arithmetic (volume x 30 x segments x price + fees)."""

from __future__ import annotations

from advisor.cost.estimate import Cost, DestinationCost, Rates, estimate, parse_rates
from advisor.cost.sheet import Price, PriceSheet, read_price_sheet

__all__ = [
    "Cost",
    "DestinationCost",
    "Price",
    "PriceSheet",
    "Rates",
    "estimate",
    "parse_rates",
    "read_price_sheet",
]
