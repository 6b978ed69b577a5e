"""What the advisor answers for the rows of a sheet: an answer, a row, the summary."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from advisor.render.cells import format_cell
from advisor.render.csv_out import neutralise_cells

if TYPE_CHECKING:
    from advisor.batch.plans import CustomerPlan
    from advisor.capacity.planning import CapacityResult
    from advisor.content.lint import LintResult
    from advisor.engine import Recommendation


@dataclass(frozen=True)
class Answer:
    """The advisor's answer for one distinct row (shared by identical rows)."""

    status: str
    recommended_sender: str | None = None
    alternatives: tuple[str, ...] = ()
    lead_time_days: float | None = None
    segments: int | None = None
    encoding: str | None = None
    drain_seconds: float | None = None
    warnings: tuple[str, ...] = ()
    lint: tuple[str, ...] = ()
    error: str | None = None
    recommendation: Recommendation | None = field(default=None, repr=False, compare=False)
    capacity: CapacityResult | None = field(default=None, repr=False, compare=False)
    message: LintResult | None = field(default=None, repr=False, compare=False)
    #: the monthly cost and its currency (``batch --prices``); None: unknown or not priced.
    monthly_cost: tuple[float, str] | None = None
    #: the answer's cells as an output encodes them, by the output's settings: encoded
    #: once and written for every row that shares the answer (see ``write_csv``).
    encoded: dict[tuple[object, ...], str] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @functools.cached_property
    def tally(self) -> tuple[str, str | None]:
        """What the summary counts a row of this answer by: status, recommended sender."""
        return self.status, self.recommended_sender

    @property
    def cost_cell(self) -> str:
        """The ``monthly_cost`` column: ``4802.00 USD``, or empty when unknown."""
        if self.monthly_cost is None:
            return ""
        amount, currency = self.monthly_cost
        return f"{amount:.2f} {currency}"

    @functools.cached_property
    def cells(self) -> tuple[str, ...]:
        """The answer as text cells, in :data:`ADDED` order (computed once per answer)."""
        return (
            self.status,
            self.recommended_sender or "",
            " ".join(self.alternatives),
            "" if self.lead_time_days is None else format_cell(self.lead_time_days),
            "" if self.segments is None else str(self.segments),
            self.encoding or "",
            _seconds(self.drain_seconds),
            "; ".join(self.warnings),
            "; ".join(self.lint),
            self.error or "",
        )

    @functools.cached_property
    def typed_cells(self) -> tuple[str | int | float, ...]:
        """:attr:`cells` with the numbers as numbers (an xlsx row), blank where unknown."""
        cells = self.cells
        return (
            *cells[:3],
            "" if self.lead_time_days is None else round(self.lead_time_days, 2),
            "" if self.segments is None else self.segments,
            cells[5],
            "" if self.drain_seconds is None else round(self.drain_seconds, 1),
            *cells[7:],
        )

    @functools.cached_property
    def csv_cells(self) -> list[str]:
        """:attr:`cells`, neutralised for CSV (once per answer, not once per row)."""
        return neutralise_cells(list(self.cells))

    def json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "recommended_sender": self.recommended_sender,
            "alternatives": list(self.alternatives),
            "lead_time_days": self.lead_time_days,
            "segments": self.segments,
            "encoding": self.encoding,
            "drain_seconds": None if self.drain_seconds is None else round(self.drain_seconds, 1),
            "warnings": list(self.warnings),
            "lint": list(self.lint),
            "error": self.error,
        }


class RowResult(NamedTuple):
    #: the line of the file where the row starts (1 = the first line).
    line: int
    #: the row's original cells, one per header column.
    cells: list[str]
    answer: Answer
    #: cells beyond the header's width (a ragged row); reported in the error.
    extra: tuple[str, ...] = ()
    #: the plan of the row's customer, when it has several destinations (a plan).
    plan: CustomerPlan | None = None

    @property
    def status(self) -> str:
        return self.answer.status


@dataclass
class Summary:
    blank_lines: int = 0
    notes: list[str] = field(default_factory=list)
    #: the rows counted, by their answer's status and recommended sender (one count a
    #: row: :attr:`rows`, :attr:`statuses` and :attr:`senders` are read from it)
    tally: Counter[tuple[str, str | None]] = field(default_factory=Counter)

    def add(self, result: RowResult) -> None:
        """Count one row."""
        self.tally[result.answer.tally] += 1

    @property
    def rows(self) -> int:
        return self.tally.total()

    @property
    def statuses(self) -> Counter[str]:
        """Rows by status."""
        counts: Counter[str] = Counter()
        for (status, _), count in self.tally.items():
            counts[status] += count
        return counts

    @property
    def senders(self) -> Counter[str]:
        """Rows by recommended sender (rows with one)."""
        counts: Counter[str] = Counter()
        for (_, sender), count in self.tally.items():
            if sender:
                counts[sender] += count
        return counts

    def items(self) -> list[tuple[str, str | int]]:
        """The summary as rows of a table (an xlsx sheet): what, and how many or what it says."""
        items: list[tuple[str, str | int]] = [("rows read", self.rows)]
        items.extend((status, self.statuses.get(status, 0)) for status in ("ok", "no_fit", "error"))
        ranked = sorted(self.senders.items(), key=lambda item: (-item[1], item[0]))
        items.extend((f"recommended: {sender}", count) for sender, count in ranked)
        if self.blank_lines:
            items.append(("blank lines skipped", self.blank_lines))
        items.extend(("note", note) for note in self.notes)
        return items

    def json(self) -> dict[str, Any]:
        """The summary of ``batch --format json``: rows by status, senders recommended."""
        ranked = sorted(self.senders.items(), key=lambda item: (-item[1], item[0]))
        return {
            "rows": self.rows,
            "statuses": {
                status: self.statuses.get(status, 0) for status in ("ok", "no_fit", "error")
            },
            "recommended": dict(ranked),
            "blank_lines": self.blank_lines,
            "notes": list(self.notes),
        }

    def lines(self) -> list[str]:
        counts = ", ".join(
            f"{status} {self.statuses.get(status, 0)}" for status in ("ok", "no_fit", "error")
        )
        lines = [f"rows read: {self.rows} ({counts})"]
        if self.senders:
            ranked = sorted(self.senders.items(), key=lambda item: (-item[1], item[0]))
            lines.append("recommended: " + ", ".join(f"{s} {n}" for s, n in ranked))
        if self.blank_lines:
            lines.append(f"blank lines skipped: {self.blank_lines}")
        lines.extend(self.notes)
        return lines


def _seconds(value: float | None) -> str:
    return "" if value is None else format_cell(round(value, 1)).replace(",", "")
