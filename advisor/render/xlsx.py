"""xlsx workbooks for spreadsheets: the one room of XlsxWriter.

Every sheet is one table: a bold header row that stays in view (frozen), a filter on
every column, and column widths that fit the content (within bounds). Cells are typed
by their value, never by their text:

- an int or a float is a number (a spreadsheet computes with it);
- text is written as text (``write_string``): nothing is ever a formula or a link, and
  nothing needs the ``'`` a CSV puts before ``=``, ``+``, ``-`` or ``@``;
- ``True``/``False`` are ``yes``/``no`` and ``None`` is ``unknown``, as every renderer
  shows them; an empty string is an empty cell;
- text longer than a cell holds (32,767 characters) is cut, ending in ``…``, and counted
  (:attr:`Workbook.cut_cells`); a cell with a line break wraps.

:func:`render_xlsx` makes a small workbook from tables in memory; :class:`Workbook`
streams rows into a binary stream (``constant_memory``: one row in memory at a time) for
a batch of any length up to a sheet's 1,048,576 rows. The same tables give the same
bytes (the workbook states a fixed creation time, not the run's).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import math
import tempfile
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import IO, Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from advisor.errors import OutputError
from advisor.render.cells import UNKNOWN, format_number
from advisor.render.model import Cell, Table

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_ROWS",
    "SheetWriter",
    "TooManyRows",
    "Workbook",
    "render_xlsx",
    "sheet_name",
]

#: the most characters a cell holds (Excel's limit).
MAX_CELL_CHARS = 32_767
#: the most rows a sheet holds, its header included (Excel's limit).
MAX_ROWS = 1_048_576
#: column widths, in characters: at least, at most.
MIN_WIDTH, MAX_WIDTH = 8, 60
#: the largest whole number a cell holds exactly (a double's 53 bits).
_EXACT = 2**53
#: the largest number a cell holds (Excel's limit).
_LARGEST = 9.99999999999999e307
_SHEET_NAME_CHARS = 31
_SHEET_NAME_BAD = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


#: the creation time every workbook states, so that outputs are byte-identical.
CREATED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


class TooManyRows(OutputError):
    """More rows than a sheet holds."""


def sheet_name(title: str, taken: Sequence[str] = ()) -> str:
    """A valid, unused sheet name for ``title``: 31 characters, none of ``[]:*?/\\``."""
    base = title.translate(_SHEET_NAME_BAD).strip("' ") or "Sheet"
    name = base[:_SHEET_NAME_CHARS]
    used = {other.casefold() for other in taken}
    number = 1
    while name.casefold() in used:
        number += 1
        suffix = f" ({number})"
        name = base[: _SHEET_NAME_CHARS - len(suffix)] + suffix
    return name


class Workbook:
    """An xlsx workbook written into ``out`` when closed (a context manager).

    ``streaming`` keeps one row per sheet in memory (XlsxWriter's ``constant_memory``,
    spooled in a temporary directory that goes with the workbook): rows must come in
    order, which a batch's do.
    """

    def __init__(self, out: IO[bytes], *, streaming: bool = False) -> None:
        self._stack = contextlib.ExitStack()
        options: dict[str, Any] = {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "use_zip64": True,
        }
        if streaming:
            folder = self._stack.enter_context(tempfile.TemporaryDirectory(prefix="advisor-"))
            options |= {"constant_memory": True, "tmpdir": folder}
        else:
            options["in_memory"] = True
        self._book = xlsxwriter.Workbook(out, options)
        # the same input gives the same bytes: no "created" time of the run
        self._book.set_properties({"created": CREATED})
        self._out = out
        self._sheets: list[SheetWriter] = []
        self.header_format = self._book.add_format({"bold": True, "valign": "top"})
        self.wrap_format = self._book.add_format({"text_wrap": True, "valign": "top"})
        #: cells cut to :data:`MAX_CELL_CHARS`.
        self.cut_cells = 0

    def sheet(
        self,
        title: str,
        columns: Sequence[str],
        *,
        choices: Mapping[int, Sequence[str]] | None = None,
    ) -> SheetWriter:
        """A new sheet with its header row; ``choices``: a drop-down list per column index."""
        name = sheet_name(title, [sheet.name for sheet in self._sheets])
        sheet = SheetWriter(self, self._book.add_worksheet(name), name, columns, choices or {})
        self._sheets.append(sheet)
        return sheet

    def close(self) -> None:
        """Finish every sheet and write the workbook into the stream."""
        try:
            for sheet in self._sheets:
                sheet.finish()
            try:
                self._book.close()
            except FileCreateError as error:  # an OSError while writing the stream
                cause = error.args[0] if error.args else error
                if isinstance(cause, BrokenPipeError):
                    raise cause from None
                raise OutputError(f"cannot write the workbook: {cause}") from None
        finally:
            self._stack.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def abort(self) -> None:
        """Write nothing; the temporary files of the rows go."""
        for worksheet in self._book.worksheets():
            spool = getattr(worksheet, "row_data_fh", None)
            if spool is not None and not spool.closed:
                spool.close()
        self._stack.close()


class SheetWriter:
    """One sheet: :meth:`row` appends a row under the header."""

    def __init__(
        self,
        book: Workbook,
        worksheet: Any,
        name: str,
        columns: Sequence[str],
        choices: Mapping[int, Sequence[str]],
    ) -> None:
        self._book = book
        self._sheet = worksheet
        self.name = name
        self._width = len(columns)
        self._choices = choices
        self._widths = [_text_width(title) + 3 for title in columns]  # the filter's button
        self._next = 0
        self._done = False
        self._write_row(columns, header=True)

    @property
    def rows(self) -> int:
        """Rows written under the header."""
        return self._next - 1

    def row(self, cells: Sequence[Cell]) -> None:
        if self._next >= MAX_ROWS:
            raise TooManyRows(
                f"a sheet holds at most {MAX_ROWS - 1:,} rows under its header "
                "(Excel's limit); write CSV or JSON Lines instead"
            )
        self._write_row(cells, header=False)

    def _write_row(self, cells: Sequence[Cell], *, header: bool) -> None:
        sheet, widths, book = self._sheet, self._widths, self._book
        row = self._next
        for column, cell in enumerate(cells):
            if cell == "" or column >= self._width:
                continue
            if isinstance(cell, int | float) and not isinstance(cell, bool):
                if _is_exact(cell):
                    sheet.write_number(row, column, cell)
                    width = len(format_number(cell, grouped=False))
                    if width > widths[column]:
                        widths[column] = width
                    continue
                text = repr(cell)
            elif isinstance(cell, str):
                text = cell
            elif cell is None:
                text = UNKNOWN
            else:
                text = "yes" if cell else "no"
            if len(text) > MAX_CELL_CHARS:
                text = text[: MAX_CELL_CHARS - 1] + "…"
                book.cut_cells += 1
            if header:
                sheet.write_string(row, column, text, book.header_format)
                continue
            if "\n" in text:
                sheet.write_string(row, column, text, book.wrap_format)
            else:
                sheet.write_string(row, column, text)
            width = _text_width(text)
            if width > widths[column]:
                widths[column] = width
        self._next += 1

    def finish(self) -> None:
        """Widths, the frozen header, the filter and the drop-downs (once)."""
        if self._done:
            return
        self._done = True
        sheet = self._sheet
        for column, width in enumerate(self._widths):
            sheet.set_column(column, column, min(max(width + 1, MIN_WIDTH), MAX_WIDTH))
        sheet.freeze_panes(1, 0)
        if self._width:
            sheet.autofilter(0, 0, max(self._next - 1, 0), self._width - 1)
        for column, values in self._choices.items():
            listed = ", ".join(values)
            sheet.data_validation(
                1,
                column,
                MAX_ROWS - 1,
                column,
                {
                    "validate": "list",
                    "source": list(values),
                    "error_type": "warning",
                    "input_title": "Choose one",
                    "input_message": listed[:255],
                    "error_title": "Not one the advisor knows",
                    "error_message": f"Expected one of: {listed}"[:255],
                },
            )


def _is_exact(value: int | float) -> bool:
    """A number a cell holds as it is: a whole number within a double's digits, or a float
    within Excel's range (it holds none beyond 9.99999999999999E+307, nor infinity)."""
    if isinstance(value, int):
        return -_EXACT <= value <= _EXACT
    return math.isfinite(value) and abs(value) <= _LARGEST


def _text_width(text: str) -> int:
    """The width a text needs: its longest line (up to the widest a column gets)."""
    if "\n" not in text:
        return min(len(text), MAX_WIDTH)
    return min(max(len(line) for line in text.split("\n")), MAX_WIDTH)


def render_xlsx(sheets: Sequence[tuple[str, Table]]) -> bytes:
    """A workbook of tables: one sheet each, named by its title (made valid and unique)."""
    buffer = io.BytesIO()
    with Workbook(buffer) as book:
        for title, table in sheets:
            sheet = book.sheet(title, [column.title for column in table.columns])
            for row in table.rows:
                sheet.row(row)
    return buffer.getvalue()
