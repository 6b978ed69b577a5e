"""Batch evaluation of customer intake sheets, streamed row by row.

``evaluate_sheet`` reads an intake sheet (CSV or xlsx) and yields, for every row in input
order, the row's original cells and the advisor's answer: the recommended sender
and alternatives, lead time, segments and encoding of the sample message, the
campaign's drain time, key warnings, lint findings, and a precise error naming
the column when the row is invalid. A bad row never stops the run.

Along the data's path: :mod:`~advisor.batch.columns` (what a sheet may hold),
:mod:`~advisor.batch.sheet` (reading it: :mod:`~advisor.batch.encoding`,
:mod:`~advisor.batch.records`; a workbook: :mod:`~advisor.batch.xlsx_in`, its cells:
:mod:`~advisor.batch.cells`), :mod:`~advisor.batch.rows` (answering each row, into
:mod:`~advisor.batch.results`), :mod:`~advisor.batch.write` (CSV, JSON Lines, Markdown, HTML,
xlsx) and
:mod:`~advisor.batch.reports` (a report file per row, imported on its own: it
renders documents). A customer with several destinations (a ``country`` cell listing
several, :mod:`~advisor.batch.destinations`; rows sharing a ``customer``) gets a plan
(:mod:`~advisor.batch.plans`, in the outputs: :mod:`~advisor.batch.plan_columns`).
"""

from __future__ import annotations

from advisor.batch.columns import (
    ADDED,
    COLUMN_NAMES,
    COLUMNS,
    ColumnSpec,
    normalise_header,
    template,
)
from advisor.batch.results import Answer, RowResult, Summary
from advisor.batch.rows import BoundedCache, RowEvaluator, evaluate_sheet, output_decimal
from advisor.batch.sheet import Sheet, SheetFormat, map_header, open_sheet
from advisor.batch.write import (
    BOM,
    output_header,
    write_csv,
    write_html,
    write_json,
    write_jsonl,
    write_markdown,
    write_table,
    write_xlsx,
)

__all__ = [
    "ADDED",
    "BOM",
    "COLUMNS",
    "COLUMN_NAMES",
    "Answer",
    "BoundedCache",
    "ColumnSpec",
    "RowEvaluator",
    "RowResult",
    "Sheet",
    "SheetFormat",
    "Summary",
    "evaluate_sheet",
    "map_header",
    "normalise_header",
    "open_sheet",
    "output_decimal",
    "output_header",
    "template",
    "write_csv",
    "write_html",
    "write_json",
    "write_jsonl",
    "write_markdown",
    "write_table",
    "write_xlsx",
]
