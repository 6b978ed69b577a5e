"""The account-wide rate that caps every sender of an account, and the notes that say
such facts.

Apart from the rest of :mod:`advisor.capacity`, so that the engine, which caps a
sender's throughput by the account's rate (``sender.default_mps``), imports only this.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.capacity.options import OPT_ACCOUNT_MPS
from advisor.knowledge import Provider
from advisor.render.cells import format_cell


@dataclass(frozen=True, slots=True)
class Note:
    """A provider fact the plan rests on, in words, with the sources that state it."""

    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AccountRate:
    """An account-wide dequeue rate that caps every sender of the account."""

    mps: float
    #: ``--account-mps``, or the provider's default.
    given: bool
    #: where the rate comes from, in a few words.
    origin: str
    note: Note


def account_rate(found: Provider | None, given: float | None) -> AccountRate | None:
    """The rate that caps every sender of the account: ``--account-mps``, else the provider's."""
    if given is not None:
        text = (
            f"The account's dequeue rate, {format_cell(given)} segments/s ({OPT_ACCOUNT_MPS}), "
            "caps every sender of the account."
        )
        return AccountRate(given, True, f"the account's rate ({OPT_ACCOUNT_MPS})", Note(text))
    quantity = None if found is None else found.account_dequeue_mps
    if found is None or quantity is None or quantity.value is None:
        return None
    text = (
        f"{found.name} sends at most {format_cell(quantity.value)} {quantity.unit}, across the "
        f"whole account: that caps every sender. Give {OPT_ACCOUNT_MPS} with the account's rate."
    )
    origin = f"{found.name}'s default account dequeue rate"
    return AccountRate(quantity.value, False, origin, Note(text, quantity.source))
