"""Regenerate examples/intake.xlsx: the example intake sheet as a customer sends it in Excel.

    python scripts/make_intake_xlsx.py            # rewrite examples/intake.xlsx
    python scripts/make_intake_xlsx.py --check    # exit 1 when it says other than intake.csv

The workbook holds the rows of examples/intake.csv in sheet "Intake", with the numbers a
spreadsheet would hold as numbers (the columns that hold numbers, written plainly) and
every other cell as text. tests/test_xlsx_in.py checks it against the CSV, cell by cell.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "examples" / "intake.csv"
XLSX = ROOT / "examples" / "intake.xlsx"

Cell = str | int | float


def rows() -> list[list[Cell]]:
    """The rows of examples/intake.csv, header first, typed as the workbook holds them."""
    from advisor.batch import map_header
    from advisor.batch.cells import typed_number
    from advisor.batch.columns import COLUMNS

    with CSV.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    fields = map_header(table[0], str(CSV))
    numbers = {fields[spec.name] for spec in COLUMNS if spec.number and spec.name in fields}
    typed: list[list[Cell]] = [list(table[0])]
    for row in table[1:]:
        cells: list[Cell] = []
        for index, text in enumerate(row):
            number = typed_number(text) if index in numbers else None
            cells.append(text if number is None else number)
        typed.append(cells)
    return typed


def workbook() -> bytes:
    from advisor.render.xlsx import Workbook

    buffer = io.BytesIO()
    header, *body = rows()
    with Workbook(buffer) as book:
        sheet = book.sheet("Intake", [str(cell) for cell in header])
        for row in body:
            sheet.row(row)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when it is out of date")
    args = parser.parse_args(argv)
    if args.check:
        from openpyxl import load_workbook

        book = load_workbook(XLSX, read_only=True)
        try:
            held = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
        wanted = [[None if cell == "" else cell for cell in row] for row in rows()]
        if held != wanted:
            print(
                f"{XLSX.name} is out of date: run python scripts/make_intake_xlsx.py",
                file=sys.stderr,
            )
            return 1
        return 0
    XLSX.write_bytes(workbook())
    return 0


if __name__ == "__main__":
    sys.exit(main())
