"""Reading an intake sheet saved as xlsx: the one room of openpyxl.

The workbook is read in openpyxl's read-only mode: the rows of a sheet stream from the
archive one at a time, so memory does not grow with them (the shared-strings table, a
workbook's list of distinct texts, is read whole, as every xlsx reader does). openpyxl
was chosen over python-calamine by measurement (docs/performance.md): calamine is faster
but holds the whole sheet in memory.

A cell becomes the text a CSV of the sheet would hold
(:func:`~advisor.batch.cells.cell_text`), so the rest of the batch reads both alike: a
whole number is ``10`` (never ``10.0``), a date is ``2027-03-01``, a formula is its
cached value, an empty or merged-away cell is blank.
Rows are numbered as the spreadsheet numbers them.

Checked before anything is parsed, each a one-line error naming the file: a file that is
not a zip archive (a CSV renamed ``.xlsx``), an encrypted workbook or an old ``.xls``
(both OLE2 compound files), and an archive whose parts would inflate beyond what an
intake sheet needs (a zip bomb).
"""

from __future__ import annotations

import contextlib
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from advisor.batch.cells import cell_text
from advisor.batch.records import MAX_CELL_CHARS, MAX_ROW_CHARS, Record, too_long_row
from advisor.errors import InputError, bounded, shown

#: the names an xlsx intake sheet goes by; any other file is read as CSV unless its
#: content is a zip archive.
SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
#: an OLE2 compound file: an encrypted (password-protected) workbook, or a legacy .xls.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: the most the parts of a workbook may inflate to, together.
MAX_INFLATED = 2 * 1024**3
#: the most a part that is read whole (all but the worksheets) may inflate to.
MAX_WHOLE_PART = 256 * 1024**2
#: a part inflating more than this many times its size (and beyond a few MiB) is a bomb:
#: real sheets inflate about 5 to 20 times.
MAX_RATIO = 200
_RATIO_FROM = 16 * 1024**2
#: the last row of a sheet (Excel's limit).
LAST_ROW = 1_048_576


def is_xlsx(source: Path | None, head: bytes) -> bool:
    """Whether a sheet is read as xlsx: by its name, or by content that is a zip archive."""
    if source is not None and source.suffix.lower() in SUFFIXES:
        return True
    return head.startswith(ZIP_MAGIC)


# --- The archive ---------------------------------------------------------------------------------


def check_archive(handle: IO[bytes], label: str) -> None:
    """Refuse what is not an xlsx workbook before parsing it (``handle`` is left at 0)."""
    head = handle.read(8)
    handle.seek(0)
    if head.startswith(OLE2_MAGIC):
        raise InputError(
            f"{label}: not an xlsx workbook: a password-protected workbook or an old .xls "
            "file (an OLE2 compound file); remove the password or save it as .xlsx"
        )
    if not head.startswith(ZIP_MAGIC):
        what = "the file is empty" if not head else "it is not a zip archive"
        raise InputError(
            f"{label}: not a valid xlsx workbook ({what}; a CSV file renamed .xlsx?); "
            "save the sheet as .xlsx, or give it a .csv name"
        )
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise InputError(f"{label}: not a valid xlsx workbook ({_why(error)})") from None
    finally:
        handle.seek(0)
    total = 0
    for part in parts:
        if part.flag_bits & 0x1:
            raise InputError(f"{label}: not an xlsx workbook: its parts are encrypted")
        total += part.file_size
        whole = not part.filename.startswith("xl/worksheets/")
        ratio = part.file_size / max(part.compress_size, 1)
        if (
            (whole and part.file_size > MAX_WHOLE_PART)
            or total > MAX_INFLATED
            or (ratio > MAX_RATIO and part.file_size > _RATIO_FROM)
        ):
            raise InputError(
                f"{label}: refused: the archive's part {shown(part.filename)} would inflate "
                f"to {part.file_size:,} bytes ({ratio:,.0f} times its size; a zip bomb?); "
                f"an intake sheet inflates to at most {MAX_INFLATED // 1024**3} GiB"
            )


def _why(error: BaseException) -> str:
    detail = " ".join(str(error).split())
    return bounded(f"{type(error).__name__}: {detail}" if detail else type(error).__name__, 200)


# --- The rows ------------------------------------------------------------------------------------


@dataclass
class XlsxSheet:
    """One sheet of a workbook, open: its name, the header and the records under it."""

    #: the name of the sheet read, and of every sheet (in workbook order).
    name: str
    names: tuple[str, ...]
    #: the header's cells (trailing empty ones dropped); empty when the sheet has no rows.
    header: list[str]
    #: blank rows above the header.
    blank_before: int
    records: Iterator[Record]


@contextlib.contextmanager
def open_xlsx(handle: IO[bytes], label: str, sheet: str | None = None) -> Iterator[XlsxSheet]:
    """The first sheet of the workbook in ``handle`` (seekable), or the one named ``sheet``."""
    check_archive(handle, label)
    # openpyxl warns about what it does not read (extensions, styles): nothing to act on
    warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
    try:
        from openpyxl import load_workbook

        book = load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # a broken part: openpyxl raises many kinds
        raise InputError(f"{label}: not a valid xlsx workbook ({_why(error)})") from None
    try:
        names = tuple(book.sheetnames)
        if not names:
            raise InputError(f"{label}: the workbook has no sheet")
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            listed = ", ".join(shown(other) for other in names[:20])
            more = f" and {len(names) - 20} more" if len(names) > 20 else ""
            raise InputError(
                f"{label}: --sheet: no sheet named {shown(sheet)}; the sheets are: {listed}{more}"
            )
        worksheet: Any = book[name]
        if not hasattr(worksheet, "reset_dimensions"):  # a chart sheet
            raise InputError(f"{label}: sheet {shown(name)} is a chart, not a table of rows")
        # the sheet's stated size may be wrong (or huge): read the rows that are there
        worksheet.reset_dimensions()
        rows = _rows(worksheet.iter_rows(values_only=True), label, name)
        header: list[str] = []
        blank = 0
        for _, cells in rows:
            if any(cell.strip() for cell in cells):
                header = cells
                break
            blank += 1
        yield XlsxSheet(name, names, header, blank, _records(rows))
    finally:
        book.close()


def _rows(
    values: Iterator[tuple[object, ...]], label: str, name: str
) -> Iterator[tuple[int, list[str]]]:
    """Each row's number and its cells' texts, trailing empty cells dropped."""
    line = 0
    while True:
        try:
            row = next(values, None)
        except Exception as error:  # a broken row: openpyxl raises many kinds
            raise InputError(
                f"{label}: sheet {shown(name)}: row {line + 1} cannot be read ({_why(error)})"
            ) from None
        if row is None:
            return
        line += 1
        if line > LAST_ROW:
            raise InputError(
                f"{label}: sheet {shown(name)}: a row beyond row {LAST_ROW:,}, the last a "
                "sheet has; not a valid xlsx workbook"
            )
        cells = [cell_text(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        yield line, cells


def _records(rows: Iterator[tuple[int, list[str]]]) -> Iterator[Record]:
    """The rows under the header as records, within the limits a CSV row has."""
    for line, cells in rows:
        size = sum(map(len, cells))
        if size > MAX_ROW_CHARS:
            yield Record(line, [], too_long_row())
        else:
            yield Record(line, cells, None, size > MAX_CELL_CHARS)
