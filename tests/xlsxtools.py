"""Workbooks for the tests: written as a spreadsheet holds them, read back as Excel would."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter


@dataclass(frozen=True)
class Formula:
    """A formula cell and the value a spreadsheet cached for it (None: never calculated)."""

    text: str
    cached: Any = None


_NO_CACHE = "no-cached-value"
Value = str | int | float | bool | dt.date | dt.datetime | dt.time | Formula | None


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Value]],
    *,
    sheet: str = "Intake",
    before: Sequence[str] = (),
    after: Sequence[str] = (),
    merge: Sequence[str] = (),
) -> Path:
    """A workbook whose sheet ``sheet`` holds ``rows`` (typed), between empty sheets.

    ``merge`` names ranges (``A3:F3``) to merge, as a person merges a banner row.
    """
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    times = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for name in before:
        book.add_worksheet(name)
    worksheet = book.add_worksheet(sheet)
    for name in after:
        book.add_worksheet(name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, Formula):
                cached = _NO_CACHE if value.cached is None else value.cached
                worksheet.write_formula(r, c, value.text, None, cached)
            elif isinstance(value, bool):
                worksheet.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                worksheet.write_number(r, c, value)
            elif isinstance(value, dt.datetime):
                worksheet.write_datetime(r, c, value, times)
            elif isinstance(value, dt.date):
                worksheet.write_datetime(r, c, value, dates)
            elif isinstance(value, dt.time):
                worksheet.write_datetime(r, c, value, times)
            else:
                worksheet.write_string(r, c, value)
    for cells in merge:
        worksheet.merge_range(cells, "")
    book.close()
    # a formula that was never calculated has no value: take out the placeholder
    part = f"xl/worksheets/sheet{len(before) + 1}.xml"
    return rewrite_part(path, part, lambda xml: xml.replace(f"<v>{_NO_CACHE}</v>", ""))


def read_xlsx(source: Path | bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows, as openpyxl reads their values (types kept)."""
    book = openpyxl.load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def load(source: Path | bytes) -> Any:
    """The workbook as openpyxl reads it in full (styles, panes, filters, widths)."""
    return openpyxl.load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)


def rewrite_part(path: Path, part: str, change: Any) -> Path:
    """Rewrite one part of the archive with ``change(text) -> text`` (a broken workbook)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def move_row(path: Path, old: int, new: int) -> Path:
    """Renumber a row of the first sheet (its cells too), as a hand-made file might."""

    def change(text: str) -> str:
        text = text.replace(f'<row r="{old}"', f'<row r="{new}"')
        return re.sub(rf'r="([A-Z]+){old}"', rf'r="\g<1>{new}"', text)

    return rewrite_part(path, "xl/worksheets/sheet1.xml", change)
