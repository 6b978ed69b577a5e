"""``advisor batch`` of an xlsx intake sheet: the same answers as the CSV of it.

Cells arrive typed and are read as the text a CSV of the sheet holds
(:func:`advisor.batch.cells.cell_text`); the rest of the batch cannot tell the two
apart. A file that is not a workbook is one line naming it, exit 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from clitools import invoke, one_error_line, run
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxtools import Formula, Value, move_row, read_xlsx, rewrite_part, write_xlsx

from advisor.batch import xlsx_in
from advisor.batch.cells import cell_text, number_text, typed_number
from advisor.locales import parse_number

ROOT = Path(__file__).parent.parent
EXAMPLE_CSV = ROOT / "examples" / "intake.csv"
EXAMPLE_XLSX = ROOT / "examples" / "intake.xlsx"
HEADER = ["customer", "country", "use_case", "direction", "mps", "daily_volume"]


def jsonl(*args: str, input: bytes | None = None) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = invoke("batch", *args, "--format", "jsonl", input=input)
    return code, [json.loads(line) for line in out.splitlines()], err


# --- Cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("Falcon Flights", "Falcon Flights"),
        (" padded ", " padded "),
        (10, "10"),
        (10.0, "10"),
        (-5.0, "-5"),
        (2.5, "2.5"),
        (0.1, "0.1"),
        (1e-05, "0.00001"),
        (1e20, "100000000000000000000"),
        (1.125, "1.1250"),  # 1.125 is one thousand one hundred and twenty-five in de_DE
        (20.125, "20.1250"),
        (1234.125, "1234.125"),
        (-0.0, "0"),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.datetime(2027, 3, 1), "2027-03-01"),
        (dt.date(2027, 3, 1), "2027-03-01"),
        (dt.datetime(2027, 3, 1, 9, 30), "2027-03-01T09:30:00"),
        (dt.time(9, 30), "09:30:00"),
        (dt.timedelta(hours=1, minutes=30), "1:30:00"),
        (dt.timedelta(hours=25, seconds=0.5), "25:00:00.5"),
        ("_x0041_BC", "ABC"),  # Excel's escape of a character
        ("_xD800_", "_xD800_"),  # never a lone surrogate
    ],
)
def test_a_cell_reads_as_a_csv_of_the_sheet_holds_it(value: object, text: str) -> None:
    assert cell_text(value) == text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_reads_back_exactly_in_every_locale(value: float) -> None:
    text = number_text(value)
    assert "e" not in text.lower()
    assert float(text) == value
    if value.is_integer() and abs(value) < 2**53:
        assert text == str(int(value))
    for locale in (None, "de_DE", "en_US", "fr_FR"):
        assert parse_number(text, "mps", locale=locale) == value


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_a_whole_number_round_trips_through_its_text(value: int) -> None:
    assert typed_number(cell_text(value)) == value
    assert typed_number(cell_text(float(value))) == value


@given(st.text(alphabet="-0123456789.e+ ", max_size=20))
def test_only_a_number_written_as_the_reader_writes_it_is_typed(text: str) -> None:
    number = typed_number(text)
    if number is not None:
        assert cell_text(number) == text
        assert not isinstance(number, bool)


def test_typed_number_keeps_ids_and_odd_spellings_as_text() -> None:
    for text in ("007", "1.0", "2.50", "+1", "1e3", "1,000", "1.125", "", "-", "1234567890123456"):
        assert typed_number(text) is None, text
    assert (typed_number("20000"), typed_number("2.5"), typed_number("-5")) == (20000, 2.5, -5)


# --- Reading a workbook --------------------------------------------------------------------------


def test_an_xlsx_copy_of_the_example_gives_the_same_answers_as_the_csv() -> None:
    assert jsonl(str(EXAMPLE_XLSX)) == jsonl(str(EXAMPLE_CSV))
    for fmt in ("csv", "markdown", "html"):
        code_csv, from_csv, _ = invoke("batch", str(EXAMPLE_CSV), "--format", fmt)
        code_xlsx, from_xlsx, _ = invoke("batch", str(EXAMPLE_XLSX), "--format", fmt)
        assert code_xlsx == code_csv
        assert from_xlsx == from_csv.replace(str(EXAMPLE_CSV), str(EXAMPLE_XLSX))


def test_the_example_workbook_is_the_example_csv() -> None:
    """examples/intake.xlsx is made by scripts/make_intake_xlsx.py from intake.csv."""
    path = ROOT / "scripts" / "make_intake_xlsx.py"
    spec = importlib.util.spec_from_file_location("make_intake_xlsx", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run python scripts/make_intake_xlsx.py"
    typed = [row[4] for row in module.rows()[1:]]  # Peak MPS: numbers in the workbook
    assert all(isinstance(cell, int) for cell in typed if cell != "")


def test_the_example_workbook_as_a_real_process() -> None:
    done = run("batch", str(EXAMPLE_XLSX), "--format", "jsonl")
    assert done.returncode == 1, done.stderr
    statuses = [json.loads(line)["status"] for line in done.stdout.splitlines()]
    assert len(statuses) == 21
    assert statuses.count("error") == 3


def test_typed_cells_read_as_their_text(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "typed.xlsx",
        [
            [*HEADER, "go_live", "voice", "messages", "concurrency", "latency_ms"],
            ["Owl", "GB", "otp", "one-way", 2.5, 20000.0, dt.date(2027, 3, 1), True, 1000, 10, 250],
            ["Kea", "NZ", "otp", "one-way", Formula("=1+1", 2), 100, None, False, None, None, None],
        ],
    )
    code, records, _ = jsonl(str(path))
    assert code == 0
    first, second = (record["input"] for record in records)
    assert (first["mps"], first["daily_volume"], first["go_live"]) == ("2.5", "20000", "2027-03-01")
    assert (first["voice"], second["voice"], second["mps"]) == ("TRUE", "FALSE", "2")
    assert [record["status"] for record in records] == ["ok", "ok"]


def test_a_formula_without_a_cached_value_is_a_blank_cell(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "formula.xlsx",
        [HEADER, ["Owl", Formula('="G"&"B"'), "otp", "one-way", 1, 10]],
    )
    _, records, _ = jsonl(str(path))
    assert records[0]["input"]["country"] == ""
    assert records[0]["error"].startswith("country")


def test_rows_are_numbered_as_the_spreadsheet_numbers_them(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "gaps.xlsx",
        [
            [],
            [],
            HEADER,
            ["A", "US", "otp", "one-way", 1, 10],
            [],
            ["B", "Atlantis", "otp", "one-way", 1, 10],
            ["Banner row, merged across", None, None, None, None, None],
            [None] * 6,
            ["C", "DE", "otp", "one-way", 1, 10],
        ],
        merge=["A8:F8"],  # an empty merged row: a blank line
    )
    code, records, err = jsonl(str(path))
    assert code == 1
    assert [record["line"] for record in records] == [4, 6, 7, 9]
    assert records[1]["error"].startswith("country: unknown country 'Atlantis'")
    assert records[2]["error"].startswith("country")  # the banner is a row without a country
    assert "blank lines skipped: 4" in err  # two above the header, two between rows


def test_trailing_empty_columns_and_a_wrong_dimension_lose_nothing(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "dimension.xlsx",
        [HEADER, *[[f"C{i}", "US", "otp", "one-way", 1, i] for i in range(5)]],
    )
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<dimension ref="A1:F6"/>', '<dimension ref="A1:XFD2"/>'),
    )
    code, records, _ = jsonl(str(path))
    assert code == 0
    assert len(records) == 5
    assert list(records[0]["input"]) == HEADER  # no "column 7" ... "column 16384"


def test_the_first_sheet_is_read_and_the_summary_says_which(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx", [HEADER, ["A", "US", "otp", "one-way", 1, 1]], after=["Lists"]
    )
    code, records, err = jsonl(str(path))
    assert (code, len(records)) == (0, 1)
    assert f"{path}: read sheet 'Intake' of 2 (1 other: --sheet reads another)" in err


def test_sheet_names_the_sheet_to_read(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        [HEADER, ["A", "DE", "otp", "one-way", 1, 1]],
        sheet="Q3 intake",
        before=["Cover", "Notes"],
    )
    code, records, _ = jsonl(str(path), "--sheet", "Q3 intake")
    assert code == 0
    assert records[0]["input"]["country"] == "DE"
    code, out, err = invoke("batch", str(path), "--sheet", "Q4")
    assert (code, out) == (2, "")
    assert one_error_line(err) == (
        f"advisor: error: {path}: --sheet: no sheet named 'Q4'; "
        "the sheets are: 'Cover', 'Notes', 'Q3 intake'"
    )
    # the first sheet is empty: say so, naming it
    code, _, err = invoke("batch", str(path))
    assert code == 2
    assert one_error_line(err) == (
        f"advisor: error: {path}: sheet 'Cover': no header row; expected an intake sheet"
    )


def test_sheet_on_a_csv_file_is_refused() -> None:
    code, _, err = invoke("batch", str(EXAMPLE_CSV), "--sheet", "Intake")
    assert code == 2
    assert "a CSV file has no sheets" in one_error_line(err)


def test_a_workbook_on_standard_input_is_read(tmp_path: Path) -> None:
    code, records, _ = jsonl("-", input=EXAMPLE_XLSX.read_bytes())
    assert code == 1
    assert len(records) == 21


def test_a_cell_too_long_and_a_row_too_long_are_errors_of_their_rows(tmp_path: Path) -> None:
    long_cell = "x" * (64 * 1024 + 1)
    path = tmp_path / "long.xlsx"
    write_xlsx(path, [[*HEADER, "notes"], ["A", "US", "otp", "one-way", 1, 1, "short"]])
    # xlsxwriter cuts cells at Excel's 32,767 characters: put long ones in by hand
    rewrite_part(
        path,
        "xl/sharedStrings.xml",
        lambda xml: xml.replace("<t>short</t>", f"<t>{long_cell}</t>"),
    )
    code, records, _ = jsonl(str(path))
    assert code == 1
    assert records[0]["error"].startswith("notes: the cell holds 65,537 characters")


# --- Files that are not workbooks ----------------------------------------------------------------


def _refused(path: Path, *extra: str) -> str:
    code, out, err = invoke("batch", str(path), *extra)
    assert (code, out) == (2, "")
    line = one_error_line(err)
    assert line.startswith(f"advisor: error: {path}: ")
    return line


def test_a_csv_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "intake.xlsx"
    path.write_bytes(EXAMPLE_CSV.read_bytes())
    assert "not a valid xlsx workbook (it is not a zip archive; a CSV file renamed" in _refused(
        path
    )


def test_an_empty_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "(the file is empty;" in _refused(path)


def test_a_password_protected_workbook_is_refused(tmp_path: Path) -> None:
    # Excel encrypts a workbook into an OLE2 compound file (as an old .xls is)
    path = tmp_path / "secret.xlsx"
    path.write_bytes(xlsx_in.OLE2_MAGIC + bytes(504))
    assert "a password-protected workbook or an old .xls file" in _refused(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    assert "not a valid xlsx workbook (" in _refused(path)


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(EXAMPLE_XLSX.read_bytes()[:2000])
    assert "not a valid xlsx workbook (" in _refused(path)


def test_a_zip_bomb_is_refused_before_it_inflates(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", [HEADER])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet9.xml", bytes(40 * 1024 * 1024))
    assert "would inflate to 41,943,040 bytes" in _refused(path)


def test_a_part_read_whole_has_a_smaller_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_in, "MAX_WHOLE_PART", 100)
    path = write_xlsx(tmp_path / "styles.xlsx", [HEADER])
    assert "refused: the archive's part " in _refused(path)


def test_a_broken_row_is_refused_naming_it(tmp_path: Path) -> None:
    rows = [HEADER, *[["A", "US", "otp", "one-way", 1, 1]] * 3]
    path = write_xlsx(tmp_path / "broken.xlsx", rows)
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<c r="E3"><v>1</v>', '<c r="E3"><v>one</v>'),
    )
    target = tmp_path / "out.csv"
    line = _refused(path, "-o", str(target))
    assert "sheet 'Intake': row 3 cannot be read (ValueError:" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.xlsx"]  # nothing half-written


def test_a_row_beyond_the_last_row_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "far.xlsx", [HEADER, ["A", "US", "otp", "one-way", 1, 1]])
    move_row(path, 2, xlsx_in.LAST_ROW + 1)
    assert "a row beyond row 1,048,576, the last a sheet has" in _refused(path)


def test_malformed_xml_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "xml.xlsx", [HEADER])
    rewrite_part(path, "xl/workbook.xml", lambda xml: xml[: len(xml) // 2])
    assert "not a valid xlsx workbook (" in _refused(path)


# --- The same answers, whatever the cells ---------------------------------------------------------

TEXT = st.text(alphabet="abcXYZ019 ,;'\"-+.", max_size=12)
CELLS: dict[str, st.SearchStrategy[Value]] = {
    "customer": st.one_of(st.none(), TEXT, st.integers(-5, 5)),
    "country": st.sampled_from(["US", "DE", "GB", "Atlantis", "+14155550100", None, 49]),
    "use_case": st.sampled_from(["otp", "promotional", "OTP", "conversational", None, 1]),
    "direction": st.sampled_from(["one-way", "two-way", None, True]),
    "mps": st.one_of(
        st.none(),
        st.floats(-10, 1e6, allow_nan=False),
        st.integers(-3, 10**6),
        st.sampled_from(["5", "2,5", "20.000", "x"]),
        TEXT,
    ),
    "daily_volume": st.one_of(st.none(), st.integers(0, 10**9), st.floats(0, 1e9)),
    "go_live": st.one_of(
        st.none(),
        st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
        st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 12, 31)),
    ),
    "voice": st.sampled_from([True, False, "yes", None]),
}


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.fixed_dictionaries(CELLS), min_size=1, max_size=5),
    st.sets(st.integers(0, 6), max_size=2),
)
def test_a_workbook_and_the_csv_of_it_give_the_same_answers(
    tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, Value]], blanks: set[int]
) -> None:
    folder = tmp_path_factory.mktemp("same")
    header: list[Value] = list(CELLS)
    table: list[list[Value]] = [header]
    for index, row in enumerate(rows):
        if index in blanks:
            table.append([])
        table.append([row[name] for name in CELLS])
    book = write_xlsx(folder / "sheet.xlsx", table)
    # the CSV a spreadsheet saves: each cell's text, row by row (an empty row: a blank line)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    held = read_xlsx(book)["Intake"]
    for row in held:
        cells = [cell_text(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        writer.writerow(cells)
    sheet = folder / "sheet.csv"
    sheet.write_text(text.getvalue(), encoding="utf-8", newline="")
    assert jsonl(str(book)) == jsonl(str(sheet))
