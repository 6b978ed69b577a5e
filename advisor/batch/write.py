"""Writing a sheet's answers: CSV, JSON Lines, Markdown and HTML, streamed row by row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from typing import IO

from advisor.batch.columns import added_names, unique_names
from advisor.batch.results import Answer, RowResult, Summary
from advisor.render.csv_out import FORMULA_TRIGGERS, neutralise_cells


def output_header(sheet_header: Sequence[str], priced: bool = False) -> tuple[str, ...]:
    """The sheet's columns, then the advisor's (renamed where names collide, see
    :func:`~advisor.batch.columns.added_names`): no name of the advisor's twice.
    ``priced``: a ``monthly_cost`` column last (``--prices``)."""
    return (*sheet_header, *added_names(sheet_header, priced))


def _added(answer: Answer, priced: bool) -> list[str]:
    """The advisor's cells of a row, neutralised for CSV."""
    return [*answer.csv_cells, answer.cost_cell] if priced else answer.csv_cells


#: a cell, among cells joined with the unit separator, that starts like a formula
_FORMULA_START = re.compile("(?:\\A|\x1f)[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


def write_csv(
    results: Iterator[RowResult], header: Sequence[str], out: IO[str], priced: bool = False
) -> None:
    """RFC 4180 CSV (CRLF), streamed; formula-like cells neutralised.

    The advisor's columns of a row depend only on its answer, and identical rows share
    one answer: its columns are encoded once and written as one string after the row's
    own cells, so a row costs about what copying its cells costs. A row with a line
    break in a cell takes the ordinary path (the writer quotes line breaks only when its
    line terminator has them).
    """
    full = csv.writer(out, lineterminator="\r\n")
    full.writerow(neutralise_cells(list(output_header(header, priced))))
    cells_only = csv.writer(out, lineterminator="")
    suffixes: dict[int, tuple[Answer, str]] = {}
    formula = _FORMULA_START.search
    for result in results:
        cells = result.cells
        answer = result.answer
        joined = "\x1f".join(cells)  # one look at the row for both rare cases
        if formula(joined):
            cells = neutralise_cells(cells)
        if "\n" in joined or "\r" in joined:
            full.writerow(cells + _added(answer, priced))
            continue
        found = suffixes.get(id(answer))
        if found is None or found[0] is not answer:
            if len(suffixes) >= _WRITERS:
                suffixes.clear()
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerow(["", *_added(answer, priced)])
            found = suffixes[id(answer)] = (answer, buffer.getvalue())
        cells_only.writerow(cells)
        out.write(found[1])


#: encoded answers kept (as many as the answer cache holds)
_WRITERS = 4096


def write_jsonl(
    results: Iterator[RowResult], header: Sequence[str], out: IO[str], priced: bool = False
) -> None:
    """One JSON object per row: ``line``, ``input`` (the row's cells by header), the answer.

    Every cell is kept: a column name the header repeats is ``name_2`` (``_3``, ...) in
    ``input`` (:func:`~advisor.batch.columns.unique_names`).
    """
    import json

    keys = unique_names(header)
    for result in results:
        record = {
            "line": result.line,
            "input": dict(zip(keys, result.cells, strict=True)),
            **result.answer.json(),
        }
        if priced:
            cost = result.answer.monthly_cost
            record["monthly_cost"] = (
                None if cost is None else {"amount": cost[0], "currency": cost[1]}
            )
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_markdown(
    results: Iterator[RowResult], header: Sequence[str], out: IO[str], priced: bool = False
) -> None:
    """A GitHub-flavoured Markdown table, streamed."""
    from advisor.render.markdown import escape_cell

    columns = output_header(header, priced)
    out.write("| " + " | ".join(escape_cell(name) for name in columns) + " |\n")
    out.write("|" + "|".join(" --- " for _ in columns) + "|\n")
    for result in results:
        cells = (
            *result.cells,
            *result.answer.cells,
            *([result.answer.cost_cell] if priced else []),
        )
        out.write("| " + " | ".join(escape_cell(cell) for cell in cells) + " |\n")


def write_html(
    results: Iterator[RowResult],
    label: str,
    fields: dict[str, int],
    header: Sequence[str],
    summary: Summary,
    out: IO[str],
    priced: bool = False,
) -> None:
    """The run as an HTML page (:mod:`advisor.views.batch`), streamed.

    Each row and its notes are rendered as they come into spools (memory, then a
    temporary file); the page is written around them once the summary is complete, so
    memory does not grow with the rows.
    """
    from advisor.render.html import HtmlSpool, write_html
    from advisor.render.model import BulletList
    from advisor.views.batch import batch_note, batch_page, batch_row, batch_table

    table = batch_table(fields, header, priced)
    notes = BulletList(())
    with HtmlSpool(table) as rows, HtmlSpool(notes) as items:
        for result in results:
            rows.add(batch_row(result, fields, priced))
            note = batch_note(result, fields)
            if note is not None:
                items.add(note)
        write_html(out, batch_page(label, summary, table, notes), (rows, items))
