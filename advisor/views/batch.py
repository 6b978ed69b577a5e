"""A batch run as a Document (terminal table and HTML): the rows and the summary.

CSV, JSON Lines and Markdown stream every original column (see :mod:`advisor.batch`);
the terminal and HTML views keep the columns a reader scans (the customer, the
requirements the advisor read, its answer) and list each row's warnings, lint
findings and errors under the table, by line. The HTML page is streamed: each row and
note is rendered as it comes (:func:`batch_row`, :func:`batch_note`), and the page
around them (:func:`batch_page`) once the summary is complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from advisor.batch import RowResult, Summary
from advisor.render.model import (
    Align,
    BulletList,
    Cell,
    Column,
    Document,
    Heading,
    Kind,
    Paragraph,
    Table,
)

SHOWN = ("customer",)

#: the title of the table of rows, and of the notes under it.
ROWS_TITLE = "Rows, in input order"
NOTES_TITLE = "Notes by row"


def batch_table(fields: dict[str, int], header: Sequence[str], priced: bool = False) -> Table:
    """The table of rows, without its rows (:func:`batch_row` makes each)."""
    shown = [name for name in SHOWN if name in fields]
    columns = (
        Column("line", "Line", Align.RIGHT, Kind.NUMBER),
        *(Column(name, header[fields[name]]) for name in shown),
        Column("country", "Country", kind=Kind.ID),
        Column("use_case", "Use case", kind=Kind.ID),
        Column("status", "Status", kind=Kind.ID),
        Column("recommended_sender", "Sender", kind=Kind.ID),
        Column("lead_time_days", "Lead days", Align.RIGHT, Kind.NUMBER),
        Column("segments", "Segments", Align.RIGHT, Kind.NUMBER),
        Column("drain_seconds", "Drain s", Align.RIGHT, Kind.NUMBER),
        *((Column("monthly_cost", "Monthly cost", Align.RIGHT, Kind.NUMBER),) if priced else ()),
    )
    return Table(columns=columns, rows=(), title=ROWS_TITLE)


def batch_row(result: RowResult, fields: dict[str, int], priced: bool = False) -> tuple[Cell, ...]:
    """One row of :func:`batch_table`."""
    answer = result.answer
    intake = answer.recommendation.intake if answer.recommendation else None
    return (
        result.line,
        *(result.cells[fields[name]] for name in SHOWN if name in fields),
        intake.country if intake else result.cells[fields["country"]],
        intake.use_case.value if intake else result.cells[fields["use_case"]],
        answer.status,
        answer.recommended_sender or "",
        answer.lead_time_days if answer.lead_time_days is not None else "",
        answer.segments if answer.segments is not None else "",
        round(answer.drain_seconds, 1) if answer.drain_seconds is not None else "",
        *((answer.cost_cell or None,) if priced else ()),
    )


def batch_note(result: RowResult, fields: dict[str, int]) -> str | None:
    """What the row's answer says beyond the table (error, alternatives, warnings, lint)."""
    answer = result.answer
    said = [
        *([f"error: {answer.error}"] if answer.error else []),
        *([f"alternatives: {', '.join(answer.alternatives)}"] if answer.alternatives else []),
        *answer.warnings,
        *([f"lint: {', '.join(answer.lint)}"] if answer.lint else []),
    ]
    if not said:
        return None
    who = f" ({result.cells[fields['customer']]})" if "customer" in fields else ""
    return f"Line {result.line}{who}: " + " | ".join(said)


def batch_page(label: str, summary: Summary, table: Table, notes: BulletList) -> Document:
    """The page around a table of rows and their notes, once every row is in the summary."""
    return Document(
        title=f"Intake evaluation: {label}",
        blocks=(
            *(Paragraph(line) for line in summary.lines()),
            table,
            Heading(NOTES_TITLE, 2),
            notes,
        ),
    )


def batch_document(
    label: str,
    fields: dict[str, int],
    results: Iterable[RowResult],
    summary: Summary,
    header: Sequence[str],
    priced: bool = False,
) -> Document:
    """The whole run as one document (the terminal table: it holds every row)."""
    rows = []
    notes = []
    for result in results:
        rows.append(batch_row(result, fields, priced))
        note = batch_note(result, fields)
        if note is not None:
            notes.append(note)
    empty = batch_table(fields, header, priced)
    table = Table(columns=empty.columns, rows=tuple(rows), title=empty.title)
    return batch_page(label, summary, table, BulletList(tuple(notes)))
