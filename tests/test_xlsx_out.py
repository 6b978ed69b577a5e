"""xlsx outputs, read back with openpyxl as Excel would open them.

``batch``, ``matrix``, ``countries`` and ``report`` write ``--format xlsx -o FILE``: typed
cells (numbers are numbers, text is text: never a formula, never a ``'``), a frozen
header, a filter, column widths that fit, and a second sheet with the summary. A
workbook is binary: never written to a terminal, always atomically to a file.
"""

from __future__ import annotations

import csv
import io
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clitools import ADVISOR, invoke, one_error_line, run
from hypothesis import given
from hypothesis import strategies as st
from xlsxtools import load, read_xlsx

from advisor.batch.cells import cell_text
from advisor.batch.intake_template import template_xlsx
from advisor.render import xlsx
from advisor.render.csv_out import FORMULA_TRIGGERS
from advisor.render.model import Column, Table
from advisor.vocab import Direction, Entity, Priority, UseCase

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "intake.csv"
SAMPLE = Table(
    columns=(Column("what", "What"), Column("value", "Value"), Column("note", "Note")),
    rows=(
        ('=HYPERLINK("http://x")', 3, "+1 416 555 0199"),
        ("two\nlines", 2.5, None),
        ("@SUM(A1)", True, ""),
        ("-5", 2**60, False),
    ),
    title="Sample",
)


# --- The renderer --------------------------------------------------------------------------------


def test_cells_are_typed_and_text_is_never_a_formula() -> None:
    book = load(xlsx.render_xlsx([("Sample", SAMPLE)]))
    sheet = book["Sample"]
    assert [cell.value for cell in sheet[1]] == ["What", "Value", "Note"]
    assert all(cell.font.b for cell in sheet[1])
    cells = {cell.coordinate: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    assert (cells["A2"].value, cells["A2"].data_type) == ('=HYPERLINK("http://x")', "s")
    assert (cells["A4"].value, cells["A4"].data_type) == ("@SUM(A1)", "s")
    assert (cells["A5"].value, cells["A5"].data_type) == ("-5", "s")  # text stays text
    assert (cells["B2"].value, cells["B2"].data_type) == (3, "n")
    assert (cells["B3"].value, cells["B3"].data_type) == (2.5, "n")
    assert cells["C2"].value == "+1 416 555 0199"
    assert (cells["B4"].value, cells["C5"].value) == ("yes", "no")  # as every renderer says
    assert cells["C3"].value == "unknown"
    assert cells["C4"].value is None  # "": nothing to show
    assert cells["B5"].value == str(2**60)  # beyond a double's digits: kept exact, as text
    assert cells["A3"].alignment.wrap_text
    for cell in cells.values():
        if isinstance(cell.value, str):
            assert not cell.value.startswith("'")


def test_the_header_is_frozen_filtered_and_columns_fit() -> None:
    rows = (("short", 1, "x" * 200), ("a somewhat longer text", 123456789, "y"))
    table = Table(columns=SAMPLE.columns, rows=rows)
    sheet = load(xlsx.render_xlsx([("T", table)]))["T"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"
    widths = {key: round(dimension.width) for key, dimension in sheet.column_dimensions.items()}
    assert widths["A"] >= len("a somewhat longer text")
    assert xlsx.MIN_WIDTH <= widths["B"] < widths["A"]
    assert widths["C"] <= xlsx.MAX_WIDTH + 1  # the long text wraps within the widest


def test_sheet_names_are_made_valid_and_unique() -> None:
    names = read_xlsx(xlsx.render_xlsx([("Rates: [a/b]", SAMPLE), ("rates: [a/b]", SAMPLE)]))
    assert list(names) == ["Rates_ _a_b_", "rates_ _a_b_ (2)"]
    assert xlsx.sheet_name("x" * 40) == "x" * 31
    assert xlsx.sheet_name("x" * 40, ["x" * 31]) == "x" * 27 + " (2)"
    assert xlsx.sheet_name("''") == "Sheet"


def test_a_text_longer_than_a_cell_is_cut_and_counted() -> None:
    buffer = io.BytesIO()
    with xlsx.Workbook(buffer) as book:
        sheet = book.sheet("T", ["text"])
        sheet.row(["z" * 40_000])
    assert book.cut_cells == 1
    held = read_xlsx(buffer.getvalue())["T"][1][0]
    assert len(held) == xlsx.MAX_CELL_CHARS
    assert held.endswith("…")


def test_the_same_tables_give_the_same_bytes() -> None:
    first = xlsx.render_xlsx([("Sample", SAMPLE)])
    time.sleep(1.1)  # a workbook states no creation time of its own
    assert xlsx.render_xlsx([("Sample", SAMPLE)]) == first


def test_a_sheet_holds_at_most_excels_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    book = xlsx.Workbook(io.BytesIO(), streaming=True)
    sheet = book.sheet("T", ["n"])
    sheet.row([1])
    sheet.row([2])
    with pytest.raises(xlsx.TooManyRows, match="at most 2 rows under its header"):
        sheet.row([3])
    book.abort()


@given(
    st.lists(
        st.one_of(st.integers(-(2**53), 2**53), st.floats(allow_nan=False), st.text(max_size=30)),
        max_size=8,
    )
)
def test_every_value_reads_back_as_written(cells: list[int | float | str]) -> None:
    table = Table(columns=(Column("v", "v"),), rows=tuple((cell,) for cell in cells))
    held = [row[0] for row in read_xlsx(xlsx.render_xlsx([("T", table)]))["T"][1:]]
    wanted = [None if cell == "" else cell for cell in cells]
    held += [None] * (len(wanted) - len(held))  # empty rows at the end are not rows
    for got, want in zip(held, wanted, strict=True):
        if isinstance(want, float) and abs(want) > 9.99999999999999e307:
            assert got == repr(want)  # beyond what a cell holds: the text of the number
        elif isinstance(want, float):  # Excel holds 15 significant digits; XlsxWriter writes 16
            assert math.isclose(got, want, rel_tol=1e-15, abs_tol=1e-300)
        elif isinstance(want, str):
            if "_x" not in want:  # a text that looks like Excel's escape of a character
                assert cell_text(got) == want  # control characters come back unescaped
        else:
            assert got == want


# --- batch ---------------------------------------------------------------------------------------


def _unneutralised(cell: str) -> str:
    """A CSV cell as its sheet had it (the CSV put ``'`` before a formula-like text)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_TRIGGERS else cell


def test_batch_round_trips_through_xlsx(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    code, out, err = invoke("batch", str(EXAMPLE), "--format", "xlsx", "-o", str(target))
    assert (code, out) == (1, "")
    assert err.startswith("advisor: rows read: 21 (ok 17, no_fit 1, error 3)")
    _, text, _ = invoke("batch", str(EXAMPLE), "--format", "csv")
    from_csv = list(csv.reader(io.StringIO(text, newline="")))
    sheets = read_xlsx(target)
    assert list(sheets) == ["Results", "Summary"]
    results = sheets["Results"]
    assert len(results) == len(from_csv) == 22  # every row once, in order
    for held, written in zip(results, from_csv, strict=True):
        assert [cell_text(value) for value in held] == [_unneutralised(c) for c in written]
    status = from_csv[0].index("status")
    assert [row[status] for row in results[1:]] == [row[status] for row in from_csv[1:]]
    assert dict(sheets["Summary"][1:5]) == {"rows read": 21, "ok": 17, "no_fit": 1, "error": 3}


def test_batch_cells_are_typed(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    invoke("batch", str(EXAMPLE), "--format", "xlsx", "-o", str(target))
    book = load(target)
    sheet = book["Results"]
    header = [cell.value for cell in sheet[1]]
    falcon = dict(zip(header, sheet[2], strict=True))
    assert (falcon["Peak MPS"].value, falcon["Peak MPS"].data_type) == (10, "n")
    assert falcon["Daily volume"].value == 20000
    assert (falcon["segments"].value, falcon["drain_seconds"].value) == (1, 1666.7)
    assert falcon["advisor_lead_time_days"].value == 14
    assert falcon["status"].value == "ok"
    quokka = {name: cell.value for name, cell in zip(header, sheet[21], strict=True)}
    assert quokka["Peak MPS"] == -5  # a number, without the ' a CSV needs
    maple = {name: cell.value for name, cell in zip(header, sheet[7], strict=True)}
    assert maple["Country"] == "+1 416 555 0199"  # a phone number stays text
    for name in book.sheetnames:
        assert book[name].freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}22"


def test_batch_xlsx_of_a_large_sheet_streams(tmp_path: Path) -> None:
    sheet = tmp_path / "big.csv"
    with sheet.open("w", encoding="utf-8") as handle:  # distinct customers, one profile
        handle.write("customer,country,use_case,direction,mps,daily_volume\n")
        handle.writelines(f"C{index},US,otp,one-way,5,{index % 7}\n" for index in range(3000))
    target = tmp_path / "big.xlsx"
    done = run("batch", str(sheet), "--format", "xlsx", "-o", str(target))
    assert done.returncode == 0, done.stderr
    results = read_xlsx(target)["Results"]
    assert len(results) == 3001
    assert [row[0] for row in results[1:4]] == ["C0", "C1", "C2"]
    assert results[-1][5] == 2999 % 7


@pytest.mark.parametrize(
    "command",
    [
        ["batch", str(EXAMPLE)],
        ["matrix"],
        ["countries", "DE"],
        ["report", "--country", "DE", "--use-case", "otp", "--direction", "one-way"],
    ],
)
def test_xlsx_needs_a_file(command: list[str]) -> None:
    code, out, err = invoke(*command, "--format", "xlsx")
    assert (code, out) == (2, "")
    assert one_error_line(err) == (
        "advisor: error: --format xlsx writes a binary workbook: give -o FILE.xlsx"
    )


def test_xlsx_is_never_written_to_a_terminal() -> None:
    from ttytools import Terminal

    terminal = Terminal("matrix", "--format", "xlsx", "-o", "-")
    code, seen = terminal.finish()
    assert code == 2
    assert seen.strip() == (
        "advisor: error: --format xlsx: not writing a binary workbook to the terminal; "
        "give -o FILE.xlsx, or redirect standard output"
    )


def test_xlsx_goes_to_standard_output_when_it_is_redirected(tmp_path: Path) -> None:
    done = run("matrix", "--format", "xlsx", "-o", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"PK\x03\x04")
    assert list(read_xlsx(done.stdout)) == ["Sender matrix", "Summary"]


def test_an_existing_workbook_is_kept_when_the_run_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous workbook")
    broken = tmp_path / "intake.xlsx"
    broken.write_bytes(b"customer,country\n")
    code, _, _ = invoke("batch", str(broken), "--format", "xlsx", "-o", str(target))
    assert code == 2
    assert target.read_bytes() == b"previous workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["intake.xlsx", "out.xlsx"]


def test_a_workbook_into_a_device_or_a_fifo_is_written_directly(tmp_path: Path) -> None:
    assert invoke("matrix", "--format", "xlsx", "-o", os.devnull)[0] == 0
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    done = run("matrix", "--format", "xlsx", "-o", str(fifo))
    data, _ = reader.communicate(timeout=60)
    assert done.returncode == 0, done.stderr
    assert list(read_xlsx(data)) == ["Sender matrix", "Summary"]
    assert fifo.exists()  # written into, never replaced


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_an_interrupted_xlsx_leaves_nothing_behind(tmp_path: Path) -> None:
    from clitools import big_sheet, signals_as

    sheet = big_sheet(tmp_path / "big.csv", 300_000)
    spool = tmp_path / "tmp"
    spool.mkdir()
    target = tmp_path / "out.xlsx"
    process = subprocess.Popen(
        [ADVISOR, "batch", str(sheet), "--format", "xlsx", "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(spool)},
        preexec_fn=signals_as(),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(spool.iterdir()):
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "tmp"]
    assert list(spool.iterdir()) == []
    assert b"Traceback" not in err


# --- matrix, countries, report -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "first", "header"),
    [
        (["matrix"], "Sender matrix", "Attribute"),
        (["countries"], "Sender support by country", "Country"),
        (
            [
                "report",
                "--customer",
                "Falcon Flights",
                "--country",
                "US",
                "--use-case",
                "transactional",
                "--direction",
                "one-way",
                "--mps",
                "10",
                "--daily-volume",
                "20000",
                "--provider",
                "twilio",
                "--concurrency",
                "50",
                "--latency-ms",
                "250",
            ],
            "Report",
            "section",
        ),
    ],
)
def test_documents_as_workbooks(
    tmp_path: Path, command: list[str], first: str, header: str
) -> None:
    target = tmp_path / "out.xlsx"
    code, out, err = invoke(*command, "--format", "xlsx", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    book = load(target)
    assert book.sheetnames == [first, "Summary"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None
        assert sheet.auto_filter.ref.startswith("A1:")
        widths = [dimension.width for dimension in sheet.column_dimensions.values()]
        assert widths
        assert all(xlsx.MIN_WIDTH <= width <= xlsx.MAX_WIDTH + 2 for width in widths)
    assert book[first]["A1"].value == header
    summary = [tuple(cell.value for cell in row) for row in book["Summary"].iter_rows()]
    assert summary[0] == ("Section", "Text")
    assert summary[1][0] == "title"


def test_the_report_workbook_holds_the_recommendation_as_numbers(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    invoke(
        "report", "--country", "US", "--use-case", "transactional", "--direction", "one-way",
        "--mps", "10", "--daily-volume", "20000", "--provider", "twilio",
        "--concurrency", "50", "--latency-ms", "250", "--format", "xlsx", "-o", str(target),
    )  # fmt: skip
    rows = read_xlsx(target)["Report"]
    facts = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert facts["recommendation", "sender"] == "long_code"
    assert facts["recommendation", "mps"] == 12
    assert facts["capacity rates", "api_requests_per_second"] == 200
    assert all(len(row) == 4 for row in rows)


def test_the_countries_workbook_has_the_notes_as_a_column(tmp_path: Path) -> None:
    target = tmp_path / "c.xlsx"
    invoke("countries", "DE", "US", "--format", "xlsx", "-o", str(target))
    table = read_xlsx(target)["Sender support by country"]
    assert table[0][-1] == "Notes"
    assert len(table) == 3


# --- The intake template -------------------------------------------------------------------------


def test_the_xlsx_template_has_every_column_and_drop_downs_from_the_vocabularies(
    tmp_path: Path,
) -> None:
    from advisor.batch import COLUMN_NAMES

    target = tmp_path / "intake.xlsx"
    code, out, err = invoke("template", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_bytes() == template_xlsx()
    book = load(target)
    assert book.sheetnames == ["Intake", "Columns"]
    sheet = book["Intake"]
    assert [cell.value for cell in sheet[1]] == list(COLUMN_NAMES)
    assert sheet.freeze_panes == "A2"
    lists = {}
    letters = {
        sheet.cell(1, index).column_letter: name for index, name in enumerate(COLUMN_NAMES, 1)
    }
    for validation in sheet.data_validations.dataValidation:
        ref = str(validation.sqref)
        letter = ref.split(":")[0].rstrip("0123456789")
        assert ref == f"{letter}2:{letter}1048576"  # every row under the header
        column = letters[letter]
        assert validation.type == "list"
        lists[column] = validation.formula1.strip('"').split(",")
    assert lists == {
        "use_case": [member.value for member in UseCase],
        "direction": [member.value for member in Direction],
        "priority": [member.value for member in Priority],
        "voice": ["yes", "no"],
        "entity": [member.value for member in Entity],
    }
    described = read_xlsx(target)["Columns"]
    assert [row[0] for row in described[1:]] == list(COLUMN_NAMES)


def test_a_filled_in_template_is_an_intake_sheet(tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "intake.xlsx"
    invoke("template", "-o", str(target))
    book = openpyxl.load_workbook(target)
    book["Intake"].append(["Owl", "GB", "otp", "one-way", 5, 1000])
    book.save(target)
    done = run("batch", str(target), "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    assert b'"status": "ok"' in done.stdout


def test_the_csv_template_is_the_header() -> None:
    from advisor.batch import COLUMN_NAMES

    code, out, _ = invoke("template")
    assert (code, out) == (0, ",".join(COLUMN_NAMES) + "\n")
    assert invoke("template", "--excel")[1] == "\ufeff" + out


def test_the_template_format_follows_the_file_name(tmp_path: Path) -> None:
    invoke("template", "-o", str(tmp_path / "a.csv"))
    invoke("template", "-o", str(tmp_path / "b.XLSX"))
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("customer,country")
    assert (tmp_path / "b.XLSX").read_bytes().startswith(b"PK\x03\x04")
    code, _, err = invoke("template", "--format", "xlsx")
    assert code == 2
    assert "give -o FILE.xlsx" in one_error_line(err)
