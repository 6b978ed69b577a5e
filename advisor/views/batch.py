"""A batch run as a Document (terminal table and HTML): the rows and the summary.

CSV, JSON Lines and Markdown stream every original column (see :mod:`advisor.batch`);
the terminal and HTML views keep the columns a reader scans (the customer, the
requirements the advisor read, its answer) and list each row's warnings, lint
findings and errors under the table, by line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from advisor.batch import RowResult, Summary
from advisor.render.model import Align, BulletList, Column, Document, Heading, Paragraph, Table

SHOWN = ("customer",)


def batch_document(
    label: str,
    fields: dict[str, int],
    results: Iterable[RowResult],
    summary: Summary,
    header: Sequence[str],
) -> Document:
    shown = [name for name in SHOWN if name in fields]
    columns = (
        Column("line", "Line", Align.RIGHT),
        *(Column(name, header[fields[name]]) for name in shown),
        Column("country", "Country"),
        Column("use_case", "Use case"),
        Column("status", "Status"),
        Column("recommended_sender", "Sender"),
        Column("lead_time_days", "Lead days", Align.RIGHT),
        Column("segments", "Segments", Align.RIGHT),
        Column("drain_seconds", "Drain s", Align.RIGHT),
    )
    rows = []
    notes = []
    for result in results:
        answer = result.answer
        intake = answer.recommendation.intake if answer.recommendation else None
        rows.append(
            (
                result.line,
                *(result.cells[fields[name]] for name in shown),
                intake.country if intake else result.cells[fields["country"]],
                intake.use_case.value if intake else result.cells[fields["use_case"]],
                answer.status,
                answer.recommended_sender or "",
                answer.lead_time_days if answer.lead_time_days is not None else "",
                answer.segments if answer.segments is not None else "",
                round(answer.drain_seconds, 1) if answer.drain_seconds is not None else "",
            )
        )
        said = [
            *([f"error: {answer.error}"] if answer.error else []),
            *([f"alternatives: {', '.join(answer.alternatives)}"] if answer.alternatives else []),
            *answer.warnings,
            *([f"lint: {', '.join(answer.lint)}"] if answer.lint else []),
        ]
        if said:
            who = f" ({result.cells[fields['customer']]})" if "customer" in fields else ""
            notes.append(f"Line {result.line}{who}: " + " | ".join(said))
    table = Table(columns=columns, rows=tuple(rows), title="Rows, in input order")
    return Document(
        title=f"Intake evaluation: {label}",
        blocks=(
            *(Paragraph(line) for line in summary.lines()),
            table,
            Heading("Notes by row", 2),
            BulletList(tuple(notes)),
        ),
    )
