"""Writing a sheet's answers: CSV, JSON Lines, Markdown and HTML, streamed row by row."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from typing import IO, Any

from advisor.batch.columns import added_names, unique_names
from advisor.batch.results import Answer, RowResult, Summary
from advisor.render.csv_out import FORMULA_TRIGGERS, neutralise_cells
from advisor.schemas import SCHEMA_VERSION, versioned


def output_header(sheet_header: Sequence[str]) -> tuple[str, ...]:
    """The sheet's columns, then the advisor's (renamed where names collide, see
    :func:`~advisor.batch.columns.added_names`): no name of the advisor's twice."""
    return (*sheet_header, *added_names(sheet_header))


#: a cell, among cells joined with the unit separator, that starts like a formula
_FORMULA_START = re.compile("(?:\\A|\x1f)[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


def write_csv(results: Iterator[RowResult], header: Sequence[str], out: IO[str]) -> None:
    """RFC 4180 CSV (CRLF), streamed; formula-like cells neutralised.

    The advisor's columns of a row depend only on its answer, and identical rows share
    one answer: its columns are encoded once and written as one string after the row's
    own cells, so a row costs about what copying its cells costs. A row with a line
    break in a cell takes the ordinary path (the writer quotes line breaks only when its
    line terminator has them).
    """
    full = csv.writer(out, lineterminator="\r\n")
    full.writerow(neutralise_cells(list(output_header(header))))
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
            full.writerow(cells + answer.csv_cells)
            continue
        found = suffixes.get(id(answer))
        if found is None or found[0] is not answer:
            if len(suffixes) >= _WRITERS:
                suffixes.clear()
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerow(["", *answer.csv_cells])
            found = suffixes[id(answer)] = (answer, buffer.getvalue())
        cells_only.writerow(cells)
        out.write(found[1])


#: encoded answers kept (as many as the answer cache holds)
_WRITERS = 4096


def _records(results: Iterator[RowResult], header: Sequence[str]) -> Iterator[dict[str, Any]]:
    """Each row as an object: ``line``, ``input`` (the row's cells by header), the answer.

    Every cell is kept: a column name the header repeats is ``name_2`` (``_3``, ...) in
    ``input`` (:func:`~advisor.batch.columns.unique_names`).
    """
    keys = unique_names(header)
    for result in results:
        yield {
            "line": result.line,
            "input": dict(zip(keys, result.cells, strict=True)),
            **result.answer.json(),
        }


def write_jsonl(results: Iterator[RowResult], header: Sequence[str], out: IO[str]) -> None:
    """One JSON object per row (:func:`_records`), each with its ``schema_version``."""
    for record in _records(results, header):
        out.write(json.dumps(versioned(record), ensure_ascii=False) + "\n")


def write_json(
    results: Iterator[RowResult], header: Sequence[str], out: IO[str], summary: Summary
) -> None:
    """One JSON object, ``{schema_version, rows: [...], summary}``, its rows streamed one
    a line (:func:`_records`); the summary once every row is counted."""
    out.write(f'{{"schema_version": {SCHEMA_VERSION}, "rows": [')
    separator = "\n"
    for record in _records(results, header):
        out.write(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n"
    out.write(("\n" if separator != "\n" else "") + '], "summary": ')
    out.write(json.dumps(summary.json(), ensure_ascii=False) + "}\n")


def write_markdown(results: Iterator[RowResult], header: Sequence[str], out: IO[str]) -> None:
    """A GitHub-flavoured Markdown table, streamed."""
    from advisor.render.markdown import escape_cell

    columns = output_header(header)
    out.write("| " + " | ".join(escape_cell(name) for name in columns) + " |\n")
    out.write("|" + "|".join(" --- " for _ in columns) + "|\n")
    for result in results:
        cells = (*result.cells, *result.answer.cells)
        out.write("| " + " | ".join(escape_cell(cell) for cell in cells) + " |\n")


def write_html(
    results: Iterator[RowResult],
    label: str,
    fields: dict[str, int],
    header: Sequence[str],
    summary: Summary,
    out: IO[str],
) -> None:
    """The run as an HTML page (:mod:`advisor.views.batch`), streamed.

    Each row and its notes are rendered as they come into spools (memory, then a
    temporary file); the page is written around them once the summary is complete, so
    memory does not grow with the rows.
    """
    from advisor.render.html import HtmlSpool, write_html
    from advisor.render.model import BulletList
    from advisor.views.batch import batch_note, batch_page, batch_row, batch_table

    table = batch_table(fields, header)
    notes = BulletList(())
    with HtmlSpool(table) as rows, HtmlSpool(notes) as items:
        for result in results:
            rows.add(batch_row(result, fields))
            note = batch_note(result, fields)
            if note is not None:
                items.add(note)
        write_html(out, batch_page(label, summary, table, notes), (rows, items))
