"""Reading an intake sheet: encoding, delimiter, header, records.

Real files: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"),
another encoding detected and named in the summary (:mod:`~advisor.batch.encoding`), a
delimiter sniffed from the header line (``,``, ``;``, tab or ``|``), quoted newlines,
blank lines, ragged rows, rows and cells within limits (:mod:`~advisor.batch.records`).
A workbook (``.xlsx``, or any file that is a zip archive) is read by
:mod:`~advisor.batch.xlsx_in` into the same records. A file that is neither (binary,
empty, a header without rows) is an :class:`~advisor.errors.InputError`."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from advisor.batch.columns import COLUMNS, HEADER_INDEX, normalise_header
from advisor.batch.encoding import detect_encoding
from advisor.batch.records import MAX_ROW_CHARS, Record, RecordReader
from advisor.errors import InputError, shown
from advisor.fileinput import open_seekable

# --- Reading the file ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SheetFormat:
    #: the Python codec the sheet is read with.
    encoding: str
    delimiter: str
    #: what the summary says about how the sheet was read (its encoding when not UTF-8).
    notes: tuple[str, ...]
    #: ``csv``, or ``xlsx`` for a workbook (whose cells need no delimiter nor encoding).
    kind: str = "csv"


_DELIMITERS = (",", ";", "\t", "|")


def _sniff_delimiter(first_line: str) -> str:
    """The delimiter of the header line: the candidate that occurs most outside quotes."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {delimiter: outside.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


class _Text:
    """Decoded text over a binary file, counting bytes read for progress."""

    def __init__(self, handle: IO[bytes], encoding: str) -> None:
        self.handle = handle
        # bytes that cannot be decoded were found and named by detect_encoding
        self.text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")

    def position(self) -> int:
        with contextlib.suppress(OSError, ValueError):
            return self.handle.tell()
        return 0


# --- The sheet -----------------------------------------------------------------------------------


@dataclass
class Sheet:
    """An open intake sheet: its header, how it maps, and its records."""

    label: str
    format: SheetFormat
    header: tuple[str, ...]
    #: canonical column name -> index in the header.
    fields: dict[str, int]
    #: the records under the header, each with its line.
    records: Iterator[Record]
    #: blank lines before the header.
    lines_before: int
    #: how far into the file the reading is, in bytes (for a progress bar).
    position: Callable[[], int]

    def progress(self) -> int:
        return self.position()


def map_header(
    header: Sequence[str], label: str, required: Sequence[str] | None = None
) -> dict[str, int]:
    """Canonical column name -> index; ``required`` names the columns that must be there
    (default: those an intake sheet needs)."""
    fields: dict[str, int] = {}
    for index, name in enumerate(header):
        canonical = HEADER_INDEX.get(normalise_header(name))
        if canonical is None:
            continue
        if canonical in fields:
            first = fields[canonical]
            raise InputError(
                f"{label}: header: column {first + 1} {shown(header[first])} and column "
                f"{index + 1} {shown(name)} both mean {canonical}; keep one"
            )
        fields[canonical] = index
    needed = [
        spec for spec in COLUMNS if (spec.required if required is None else spec.name in required)
    ]
    missing = [spec for spec in needed if spec.name not in fields]
    if missing:
        spec = missing[0]
        names = ", ".join((spec.name, *spec.aliases))
        raise InputError(
            f"{label}: header: no column for {spec.name} (expected one of: {names}); "
            "see `advisor batch --template`"
        )
    return fields


HeaderMap = Callable[[Sequence[str], str], dict[str, int]]


@contextlib.contextmanager
def open_sheet(
    source: Path | None,
    label: str,
    required: Sequence[str] | None = None,
    *,
    sheet: str | None = None,
    header_map: HeaderMap | None = None,
    comments: bool = False,
) -> Iterator[Sheet]:
    """Open an intake sheet (``None``: standard input) and read its header.

    ``required``: the intake columns that must be there (default: an intake sheet's);
    ``header_map``: another sheet's columns (a price sheet's); ``comments``: lines
    starting with ``#`` before a CSV header are skipped (a sheet that says what it is).

    A CSV sheet is read twice (its encoding is checked first), a workbook needs a file
    it can seek in: standard input, a pipe or a FIFO is spooled once
    (:func:`advisor.fileinput.open_seekable`). ``sheet`` names the sheet of a workbook to
    read (default: the first); a CSV file has none.
    """

    def fields_of(header: Sequence[str]) -> dict[str, int]:
        if header_map is not None:
            return header_map(header, label)
        return map_header(header, label, required)

    with contextlib.ExitStack() as stack:
        name = "-" if source is None else str(source)
        handle = stack.enter_context(open_seekable(name, "a CSV or xlsx file"))
        head = handle.read(8)
        handle.seek(0)
        from advisor.batch.xlsx_in import is_xlsx

        if is_xlsx(source, head):
            yield stack.enter_context(_open_xlsx(handle, label, sheet, fields_of))
            return
        if sheet is not None:
            raise InputError(
                f"{label}: --sheet {shown(sheet)}: a CSV file has no sheets; "
                "--sheet names a sheet of an xlsx workbook"
            )
        yield _open_csv(stack, handle, label, fields_of, comments)


def _open_csv(
    stack: contextlib.ExitStack,
    handle: IO[bytes],
    label: str,
    fields_of: Callable[[Sequence[str]], dict[str, int]],
    comments: bool,
) -> Sheet:
    encoding = detect_encoding(handle, label)
    text = _Text(handle, encoding.codec)
    stack.callback(text.text.detach)
    # no field can outgrow a row: csv's own limit (128 KiB) must not stop a row first
    stack.callback(csv.field_size_limit, csv.field_size_limit(MAX_ROW_CHARS + 1))
    first = text.text.readline(MAX_ROW_CHARS + 1)
    skipped = 0
    while first and (not first.strip() or (comments and first.lstrip().startswith("#"))):
        skipped += 1
        first = text.text.readline(MAX_ROW_CHARS + 1)
    if len(first) > MAX_ROW_CHARS:
        raise InputError(
            f"{label}: line {skipped + 1}: the header is longer than "
            f"{MAX_ROW_CHARS:,} characters (1 MiB); expected a CSV intake sheet"
        )
    delimiter = _sniff_delimiter(first)
    records = iter(RecordReader(text.text, delimiter, line=skipped + 1, first=first))
    header_record = next(records, None)
    if header_record is not None and header_record.error:
        raise InputError(f"{label}: header: {header_record.error}")
    header_row = header_record.cells if header_record is not None else []
    if not header_row or not any(cell.strip() for cell in header_row):
        raise InputError(f"{label}: no header row; expected a CSV intake sheet")
    header = _header(header_row)
    notes = () if encoding.note is None else (encoding.note,)
    return Sheet(
        label=label,
        format=SheetFormat(encoding.codec, delimiter, notes),
        header=header,
        fields=fields_of(header),
        records=records,
        lines_before=skipped,
        position=text.position,
    )


def _header(cells: Sequence[str]) -> tuple[str, ...]:
    return tuple(cell.strip() or f"column {index}" for index, cell in enumerate(cells, start=1))


@contextlib.contextmanager
def _open_xlsx(
    handle: IO[bytes],
    label: str,
    sheet: str | None,
    fields_of: Callable[[Sequence[str]], dict[str, int]],
) -> Iterator[Sheet]:
    from advisor.batch.xlsx_in import open_xlsx

    with open_xlsx(handle, label, sheet) as book:
        if not book.header:
            raise InputError(
                f"{label}: sheet {shown(book.name)}: no header row; expected an intake sheet"
            )
        header = _header(book.header)
        notes: tuple[str, ...] = ()
        if len(book.names) > 1:
            others = len(book.names) - 1
            notes = (
                f"{label}: read sheet {shown(book.name)} of {len(book.names)} "
                f"({others} other{'s' if others > 1 else ''}: --sheet reads another)",
            )
        yield Sheet(
            label=label,
            format=SheetFormat("utf-8", ",", notes, kind="xlsx"),
            header=header,
            fields=fields_of(header),
            records=book.records,
            lines_before=book.blank_before,
            position=lambda: _tell(handle),
        )


def _tell(handle: IO[bytes]) -> int:
    with contextlib.suppress(OSError, ValueError):
        return handle.tell()
    return 0


def strict_rows(sheet: Sheet) -> Iterator[tuple[str, list[str]]]:
    """The non-blank rows of a sheet that must be whole (a countries file, a price sheet),
    each with where it is (``FILE: line N``); a row that cannot be read, or has more cells
    than the header, is an error (an intake sheet's bad row is a record instead)."""
    width = len(sheet.header)
    for record in sheet.records:
        where = f"{sheet.label}: line {record.line}"
        if record.error is not None:
            raise InputError(f"{where}: {record.error}")
        cells = record.cells
        if not any(cell.strip() for cell in cells):
            continue
        extra = [cell for cell in cells[width:] if cell.strip()]
        if extra:
            raise InputError(
                f"{where}: the row has {len(cells)} cells but the header has {width}; "
                f"extra cells: {', '.join(shown(cell) for cell in extra[:5])}"
            )
        yield where, cells
