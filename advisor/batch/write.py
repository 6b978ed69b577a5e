"""Writing a sheet's answers: CSV, JSON Lines, Markdown, HTML and xlsx, streamed row by row."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from typing import IO, Any

from advisor.batch.cells import typed_number
from advisor.batch.columns import COLUMNS, added_names, unique_names
from advisor.batch.plan_columns import plan_cells, plan_record
from advisor.batch.plans import SheetPlans
from advisor.batch.results import Answer, RowResult, Summary
from advisor.render.csv_out import FORMULA_TRIGGERS, neutralise_cells
from advisor.schemas import SCHEMA_VERSION, versioned


def output_header(
    sheet_header: Sequence[str], priced: bool = False, planned: bool = False
) -> tuple[str, ...]:
    """The sheet's columns, then the advisor's (renamed where names collide, see
    :func:`~advisor.batch.columns.added_names`): no name of the advisor's twice.
    ``priced``: a ``monthly_cost`` column (``--prices``); ``planned``: the plan's columns
    last (:data:`~advisor.batch.columns.PLAN_COLUMNS`, a run with plans)."""
    return (*sheet_header, *added_names(sheet_header, priced, planned))


def _added(answer: Answer, priced: bool) -> list[str]:
    """The advisor's cells of a row, neutralised for CSV."""
    return [*answer.csv_cells, answer.cost_cell] if priced else answer.csv_cells


#: a cell after the first, among cells joined with the unit separator, that starts like
#: a formula (a search for a literal first character: several times faster than one
#: that also tries the start of the text at every position).
_FORMULA_AFTER_FIRST = re.compile("\x1f[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")
_TRIGGERS = frozenset(FORMULA_TRIGGERS)


def _formula_like(joined: str) -> bool:
    """Whether a cell of ``joined`` (cells joined with the unit separator) starts like a
    formula."""
    return joined[:1] in _TRIGGERS or _FORMULA_AFTER_FIRST.search(joined) is not None


#: the byte order mark that makes Excel read a CSV file as UTF-8 (``--excel``).
BOM = "\ufeff"


def write_csv(
    results: Iterator[RowResult],
    header: Sequence[str],
    out: IO[str],
    *,
    delimiter: str = ",",
    decimal: str = ".",
    bom: bool = False,
    priced: bool = False,
    planned: bool = False,
) -> None:
    """RFC 4180 CSV (CRLF), streamed; formula-like cells neutralised.

    ``delimiter`` is the input sheet's and ``decimal`` the decimal separator its numbers
    were read with, so that the spreadsheet that wrote the sheet reads the answers the
    same way (the advisor's figures use it; the row's own cells are copied as they are);
    ``bom`` starts the file with a UTF-8 byte order mark (Excel).

    The advisor's columns of a row depend only on its answer, and identical rows share
    one answer: its columns are encoded once (kept with the answer, as long as the
    answer is) and written as one string after the row's own cells, so a row costs
    about what copying its cells costs. A row with a line break in a cell takes the
    ordinary path (the writer quotes line breaks only when its line terminator has
    them).
    """
    if bom:
        out.write(BOM)
    full = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    full.writerow(neutralise_cells(list(output_header(header, priced, planned))))
    cells_only = csv.writer(out, delimiter=delimiter, lineterminator="")
    buffer = io.StringIO()
    tails = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    settings = ("csv", delimiter, decimal, priced)
    write, writerow = out.write, cells_only.writerow
    for result in results:
        cells = result.cells
        answer = result.answer
        joined = "\x1f".join(cells)  # one look at the row for both rare cases
        if _formula_like(joined):
            cells = neutralise_cells(cells)
        if planned:  # the plan's columns differ by row: no shared suffix
            plan = neutralise_cells(plan_cells(result))
            full.writerow(cells + _figures(_added(answer, priced), decimal) + plan)
            continue
        if "\n" in joined or "\r" in joined:
            full.writerow(cells + _figures(_added(answer, priced), decimal))
            continue
        tail = answer.encoded.get(settings)
        if tail is None:  # the first row with this answer
            buffer.seek(0)
            buffer.truncate()
            tails.writerow(["", *_figures(_added(answer, priced), decimal)])
            tail = answer.encoded[settings] = buffer.getvalue()
        writerow(cells)
        write(tail)


#: the advisor's cells that are figures with a fraction: lead_time_days, drain_seconds.
_FRACTIONAL = (3, 6)


def _figures(cells: list[str], decimal: str) -> list[str]:
    """The answer's cells with its figures' decimal point as ``decimal``."""
    if decimal == ".":
        return cells
    cells = list(cells)
    for index in _FRACTIONAL:
        cells[index] = cells[index].replace(".", decimal)
    return cells


#: the columns of an xlsx output's "Plans" sheet (:func:`advisor.views.batch.plan_rows`).
PLANS_SHEET = (
    "plan",
    "customer",
    "lines",
    "country",
    "sender",
    "ready_on",
    "plan_ready_on",
    "pool",
    "opt_out_scope",
    "monthly_cost",
    "monthly_cost_currency",
)

#: the intake columns whose plainly written numbers an xlsx output writes as numbers.
_NUMBERS = frozenset(spec.name for spec in COLUMNS if spec.number)


def write_xlsx(
    results: Iterator[RowResult],
    header: Sequence[str],
    fields: dict[str, int],
    summary: Summary,
    out: IO[bytes],
    priced: bool = False,
    plans: SheetPlans | None = None,
) -> None:
    """An xlsx workbook, streamed: sheet "Results" (every row, in order, with the
    advisor's columns), then "Plans" (a run with plans: a row per destination of each),
    then "Summary" (the counts and notes of the run).

    Cells are typed: the advisor's figures are numbers, and so is a plainly written
    number in an intake column that holds one (``mps``, ``daily_volume``, ...); every
    other cell is text, as the sheet had it. ``priced``: the monthly cost is a number,
    its currency in the column after it.
    """
    from advisor.render.xlsx import Workbook

    numbers = sorted(index for name, index in fields.items() if name in _NUMBERS)
    planned = bool(plans)
    columns = (*header, *added_names(header, priced, planned, currency=True))
    with Workbook(out, streaming=True) as book:
        rows = book.sheet("Results", columns)
        for result in results:
            cells: list[str | int | float] = list(result.cells)
            for index in numbers:
                number = typed_number(result.cells[index])
                if number is not None:
                    cells[index] = number
            cost = result.answer.monthly_cost
            priced_cells = (("", "") if cost is None else cost) if priced else ()
            shown_plan = plan_cells(result) if planned else ()
            rows.row((*cells, *result.answer.typed_cells, *priced_cells, *shown_plan))
        if plans:
            from advisor.views.batch import plan_rows

            sheet = book.sheet("Plans", PLANS_SHEET)
            for row in plan_rows(plans):
                sheet.row(row)
        totals = book.sheet("Summary", ("What", "Value"))
        for item in summary.items():
            totals.row(item)
        if book.cut_cells:
            totals.row(
                ("note", f"{book.cut_cells:,} cells longer than an xlsx cell holds were cut")
            )


def _records(
    results: Iterator[RowResult], header: Sequence[str], priced: bool = False, planned: bool = False
) -> Iterator[dict[str, Any]]:
    """Each row as an object: ``line``, ``input`` (the row's cells by header), the answer;
    ``priced``: its ``monthly_cost`` too (``--prices``); ``planned``: its ``plan`` (a run
    with plans: :func:`~advisor.batch.plans.plan_record`, null for a row without one).

    Every cell is kept: a column name the header repeats is ``name_2`` (``_3``, ...) in
    ``input`` (:func:`~advisor.batch.columns.unique_names`).
    """
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
        if planned:
            record["plan"] = plan_record(result)
        yield record


def write_jsonl(
    results: Iterator[RowResult],
    header: Sequence[str],
    out: IO[str],
    priced: bool = False,
    planned: bool = False,
) -> None:
    """One JSON object per row (:func:`_records`), each with its ``schema_version``."""
    for record in _records(results, header, priced, planned):
        out.write(json.dumps(versioned(record), ensure_ascii=False) + "\n")


def write_json(
    results: Iterator[RowResult],
    header: Sequence[str],
    out: IO[str],
    summary: Summary,
    priced: bool = False,
    plans: Sequence[dict[str, Any]] | None = None,
) -> None:
    """One JSON object, ``{schema_version, rows: [...], summary}``, its rows streamed one
    a line (:func:`_records`); the summary once every row is counted. A run with plans
    has ``plans`` before the summary (:func:`~advisor.batch.plans.plans_json`)."""
    out.write(f'{{"schema_version": {SCHEMA_VERSION}, "rows": [')
    separator = "\n"
    for record in _records(results, header, priced, bool(plans)):
        out.write(separator + json.dumps(record, ensure_ascii=False))
        separator = ",\n"
    out.write(("\n" if separator != "\n" else "") + "]")
    if plans:
        out.write(', "plans": ' + json.dumps(list(plans), ensure_ascii=False))
    out.write(', "summary": ')
    out.write(json.dumps(summary.json(), ensure_ascii=False) + "}\n")


def write_markdown(
    results: Iterator[RowResult],
    header: Sequence[str],
    out: IO[str],
    priced: bool = False,
    planned: bool = False,
) -> None:
    """A GitHub-flavoured Markdown table, streamed."""
    from advisor.render.markdown import escape_cell

    columns = output_header(header, priced, planned)
    out.write("| " + " | ".join(escape_cell(name) for name in columns) + " |\n")
    out.write("|" + "|".join(" --- " for _ in columns) + "|\n")
    for result in results:
        cells = (
            *result.cells,
            *result.answer.cells,
            *([result.answer.cost_cell] if priced else []),
            *(plan_cells(result) if planned else []),
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
    plans: SheetPlans | None = None,
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
        page = batch_page(label, summary, table, notes, plans)
        write_html(out, page, (rows, items))


#: rows read before a streamed terminal table fixes its layout; a sheet that ends
#: within them is laid out whole, as any other document.
TABLE_SAMPLE = 1000


#: the widest line number a streamed table makes room for (a later one ends its grid).
LINE_ROOM = 9_999_999


def write_table(
    results: Iterator[RowResult],
    label: str,
    fields: dict[str, int],
    header: Sequence[str],
    summary: Summary,
    out: IO[str],
    *,
    width: int | None = None,
    color: bool = False,
    priced: bool = False,
    plans: SheetPlans | None = None,
) -> None:
    """The run as a terminal table (:mod:`advisor.views.batch`), streamed.

    A sheet of at most :data:`TABLE_SAMPLE` rows is rendered whole (the summary first,
    as every document). A larger one is streamed in plain text with the layout the first
    rows fix (:class:`~advisor.render.terminal_stream.TableStream`): its rows as they
    come, the notes by row (kept in a spool, memory then a temporary file), then the
    summary and the plans once every row is counted.
    """
    import itertools

    from advisor.render.terminal import DEFAULT_WIDTH, render_terminal
    from advisor.views.batch import batch_document, batch_row, batch_table

    sample = list(itertools.islice(results, TABLE_SAMPLE + 1))
    if len(sample) <= TABLE_SAMPLE:
        document = batch_document(label, fields, sample, summary, header, priced, plans)
        text = render_terminal(document, width=width, color=color)
        out.write(text if text.endswith("\n") else text + "\n")
        return
    _stream_table(
        itertools.chain(sample, results),
        [batch_row(result, fields, priced) for result in sample],
        label,
        fields,
        batch_table(fields, header, priced),
        summary,
        out,
        width or DEFAULT_WIDTH,
        color,
        plans,
        priced,
    )


def _stream_table(
    results: Iterator[RowResult],
    sample: list[Any],
    label: str,
    fields: dict[str, int],
    table: Any,
    summary: Summary,
    out: IO[str],
    width: int,
    color: bool,
    plans: SheetPlans | None,
    priced: bool,
) -> None:
    import shutil
    import tempfile

    from advisor.render.model import Document, Heading, Paragraph
    from advisor.render.terminal import render_terminal
    from advisor.render.terminal_stream import TableStream, bullet_lines
    from advisor.views.batch import NOTES_TITLE, batch_note, batch_row, plans_blocks

    def rendered(document: Document) -> str:
        return render_terminal(document, width=width, color=color)

    # the line numbers still to come need their room: a row of the last line to lay out
    sample.append((LINE_ROOM, *("" for _ in table.columns[1:])))
    stream = TableStream(table, sample, width, color=color)
    del sample
    out.write(rendered(Document(f"Intake evaluation: {label}")))
    out.write("\n" + stream.head())
    with tempfile.SpooledTemporaryFile(
        max_size=4 * 1024 * 1024, mode="w+", encoding="utf-8", newline=""
    ) as notes:
        for result in results:
            out.write(stream.row(batch_row(result, fields, priced)))
            note = batch_note(result, fields)
            if note is not None:
                notes.write(bullet_lines(note, width))
        out.write(stream.tail())
        out.write("\n" + rendered(Document("", (Heading(NOTES_TITLE, 2),))))
        out.write("\n")
        notes.seek(0)
        shutil.copyfileobj(notes, out)
    after = (*(Paragraph(line) for line in summary.lines()), *plans_blocks(plans))
    out.write("\n" + rendered(Document("", after)))
