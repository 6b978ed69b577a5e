"""Hostile intake sheets: never a traceback, never a row lost, never a row read wrong silently.

Issue 10 (defect 4: Windows sheets read as Latin-1) and issue 14 (item 8: big cells and
lines; item 11: ``batch --format html`` kept every row; item 13: sheets read wrong
silently). The corpus is ``tests/sheets/hostile/`` (its README says what each file is).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from clitools import ADVISOR, invoke, one_error_line

HOSTILE = Path(__file__).parent / "sheets" / "hostile"
HEADER = "customer,country,use_case,direction,mps,sample_message\r\n"


def _rows(count: int, start: int = 0) -> str:
    return "".join(f"Customer {i},US,otp,one-way,1,Hello {i}\r\n" for i in range(start, count))


def jsonl_records(path: Path, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = invoke("batch", str(path), "--format", "jsonl", *args)
    return code, [json.loads(line) for line in out.splitlines()], err


def _peak_mib(*args: str) -> tuple[int, float, bytes]:
    """Exit status, peak resident memory and stderr of ``advisor ARGS`` as its own process."""
    process = subprocess.Popen([ADVISOR, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    return process.returncode, usage.ru_maxrss / 1024, err


def _baseline_mib(tmp_path: Path) -> float:
    """The peak memory of a run over a sheet of three rows (start-up, the knowledge base)."""
    small = tmp_path / "small.csv"
    small.write_text(HEADER + _rows(3), encoding="utf-8", newline="")
    code, peak, err = _peak_mib("batch", str(small), "-o", str(tmp_path / "small-out.csv"))
    assert code == 0, err
    return peak


#: sheets too large to keep in the corpus, made by the test.
GENERATED: dict[str, Callable[[], bytes]] = {
    "long_cell.csv": lambda: (
        HEADER + "Acme,US,otp,one-way,1," + "x" * 70_000 + "\r\nBeta,US,otp,one-way,1,short\r\n"
    ).encode(),
    "huge_quoted_cell.csv": lambda: (
        HEADER
        + 'Acme,US,otp,one-way,1,"'
        + ("y" * 99 + "\n") * 2000
        + '"\r\nBeta,US,otp,one-way,1,short\r\n'
    ).encode(),
    "long_line.csv": lambda: (
        HEADER
        + _rows(2)
        + "Long,US,otp,one-way,1,"
        + "z" * (2 * 1024 * 1024)
        + "\r\n"
        + _rows(4, 2)
    ).encode(),
    "unbalanced_quote_over_limit.csv": lambda: (
        HEADER + 'Open,US,otp,one-way,1,"never closed\r\n' + _rows(40_000)
    ).encode(),
    "long_header.csv": lambda: ("customer," * 200_000 + "country\r\n" + _rows(1)).encode(),
    "nul_after_64k.csv": lambda: (HEADER + _rows(2500)).encode() + b"Bad\x00,US,otp,one-way\r\n",
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, make in GENERATED.items():
        (folder / name).write_bytes(make())
    return folder


# --- The corpus ----------------------------------------------------------------------------------

#: for each sheet: the exit status, and the line of every row out (in order), or the
#: start of the one-line error for a sheet that cannot be read.
EXPECTED: dict[str, tuple[int, list[int] | str]] = {
    "advisor_status_taken.csv": (0, [2]),
    "ambiguous_numbers.csv": (1, [2, 3, 4]),
    "binary_png.csv": (2, "not a CSV text file (a NUL byte at byte 9)"),
    "blank_header_cells.csv": (0, [2]),
    "bom_invalid_utf8.csv": (0, [2, 3]),
    "control_characters.csv": (0, [2]),
    "cp1251_cyrillic.csv": (0, list(range(2, 14))),
    "cp1252_excel.csv": (0, [2, 3, 4]),
    "duplicate_known_columns.csv": (
        2,
        "header: column 2 'country' and column 5 'Country' both mean country; keep one",
    ),
    "duplicate_unknown_columns.csv": (0, [2]),
    "formulas_and_injection.csv": (0, [2, 3]),
    "mac_line_endings.csv": (0, [2, 3]),
    "mac_roman.csv": (0, [2, 3]),
    "only_blank_lines.csv": (2, "the file is empty"),
    "quoted_newline_in_header.csv": (1, [3]),
    "semicolon_decimal_comma.csv": (1, [2, 3]),
    "stray_quotes_inside_cells.csv": (0, [2, 3]),
    "unbalanced_quote.csv": (1, [2, 3, 4, 5, 6]),
    "unbalanced_quote_after_multiline_cell.csv": (1, [2, 4]),
    "unbalanced_quote_last_row.csv": (1, [2, 3]),
    "utf16_le_tabs.txt": (0, [2, 3]),
    "very_wide_row.csv": (1, [2, 3]),
    "long_cell.csv": (1, [2, 3]),
    "huge_quoted_cell.csv": (1, [2, 2003]),
    "long_line.csv": (1, [2, 3, 4, 5, 6]),
    "unbalanced_quote_over_limit.csv": (1, list(range(2, 40_003))),
    "long_header.csv": (2, "line 1: the header is longer than 1,048,576 characters (1 MiB)"),
    "nul_after_64k.csv": (2, "not a CSV text file (a NUL byte at byte 105340)"),
}


def sheet_path(name: str, generated: Path) -> Path:
    return generated / name if name in GENERATED else HOSTILE / name


def test_every_sheet_of_the_corpus_has_an_expectation() -> None:
    kept = {path.name for path in HOSTILE.iterdir() if path.name != "README.md"}
    assert kept | set(GENERATED) == set(EXPECTED)
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "html"])
def test_a_hostile_sheet_is_read_whole_or_refused_in_one_line(
    name: str, fmt: str, generated: Path
) -> None:
    path = sheet_path(name, generated)
    code, out, err = invoke("batch", str(path), "--format", fmt)  # a traceback fails the test
    want_code, want = EXPECTED[name]
    assert code == want_code, err
    if isinstance(want, str):
        assert out == ""
        assert one_error_line(err).startswith(f"advisor: error: {path}: {want}")
        return
    assert "Traceback" not in err
    if fmt == "jsonl":
        lines = [json.loads(line)["line"] for line in out.splitlines()]
    elif fmt == "csv":
        limit = csv.field_size_limit(4 * 1024 * 1024)  # the output copies cells up to 1 MiB
        # the output is written in the sheet's delimiter: the one its header line has most of
        delimiter = max(",;\t|", key=out.partition("\n")[0].count)
        try:
            reader = csv.reader(io.StringIO(out, newline=""), delimiter=delimiter)
            lines = [len(row) for row in reader][1:]
        finally:
            csv.field_size_limit(limit)
        assert len(set(lines)) <= 1  # every row as wide as the header
    else:
        body = out[out.index("<tbody>") : out.index("</tbody>")]
        cells = [row.split(">")[1].split("<")[0] for row in body.split("<tr>\n")[1:]]
        lines = [int(cell.replace(",", "")) for cell in cells]
    if fmt == "csv":
        assert len(lines) == len(want)
    else:
        assert lines == want


# --- Numbers in sheets (issue 10, defect 3; issue 14, item 13) -----------------------------------


def test_a_semicolon_sheet_is_read_with_a_decimal_comma_and_says_so() -> None:
    code, records, err = jsonl_records(HOSTILE / "semicolon_decimal_comma.csv")
    assert code == 1
    kranich, falke = records
    assert kranich["status"] == "ok"
    assert kranich["drain_seconds"] is not None  # 1.000 messages at 2,5 MPS: 1000 at 2.5
    assert falke["error"] == (
        "Volume: expected a whole number, got '2,500' (as de_DE writes numbers, that is 2.5)"
    )
    assert (
        "advisor: numbers read with a decimal comma (1.234,5), as sheets separated by ';' "
        "are written; give --locale to read them otherwise"
    ) in err.splitlines()


def test_a_semicolon_sheet_is_read_with_the_locale_given() -> None:
    code, records, err = jsonl_records(HOSTILE / "semicolon_decimal_comma.csv", "--locale", "en_US")
    assert code == 1
    assert records[0]["error"].startswith("Peak MPS: expected a number as en_US writes it")
    assert records[1]["status"] == "ok"  # 2,500 a day
    assert "advisor: numbers read as en_US writes them (1,234.5): the locale given" in err


def test_a_comma_sheet_refuses_numbers_that_depend_on_the_locale() -> None:
    code, records, _ = jsonl_records(HOSTILE / "ambiguous_numbers.csv")
    assert code == 1
    assert records[0]["error"] == (
        "daily_volume: '20.000' is 20 or 20,000 depending on the locale: give --locale "
        "(de_DE reads 20,000) or write 20000"
    )
    assert records[1]["error"].startswith("mps: '2,5' is 2.5 only with a decimal comma")
    assert records[2]["status"] == "ok"  # 20,000 without a locale: twenty thousand


def test_the_locale_for_a_sheet_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADVISOR_LOCALE", "de_DE")
    code, records, err = jsonl_records(HOSTILE / "ambiguous_numbers.csv")
    # 20.000 is twenty thousand there, 2,5 two and a half, and 20,000 twenty
    assert [r["status"] for r in records] == ["ok", "ok", "ok"]
    assert code == 0
    assert "advisor: numbers read as de_DE writes them (1.234,5): the locale given" in err


# --- Encodings and NUL bytes (issue 10, defect 4; issue 14, item 8) ------------------------------


def test_a_windows_sheet_keeps_its_typographic_characters() -> None:
    code, out, err = invoke("batch", str(HOSTILE / "cp1252_excel.csv"), "--format", "jsonl")
    assert code == 0
    first = json.loads(out.splitlines()[0])
    assert first["input"]["customer"] == "Acme\u2019s Caf\u00e9"
    assert first["input"]["sample_message"] == "Don\u2019t miss it \u2013 5 \u20ac off today"
    assert first["encoding"] == "UCS-2"  # the curly quote, not a control character
    assert "read as Windows-1252 (Western European), detected" in err


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("cp1251_cyrillic.csv", "Windows-1251 (Cyrillic)"),
        ("mac_roman.csv", "Mac Roman"),
        ("utf16_le_tabs.txt", "UTF-16"),
    ],
)
def test_the_summary_names_the_encoding_used(name: str, encoding: str) -> None:
    code, _, err = invoke("batch", str(HOSTILE / name), "--format", "jsonl")
    assert code == 0
    assert f"read as {encoding}" in err


@pytest.mark.parametrize("fmt", ["html", "table", "markdown"])
def test_the_document_summary_names_the_encoding_too(fmt: str) -> None:
    code, out, err = invoke("batch", str(HOSTILE / "cp1252_excel.csv"), "--format", fmt)
    assert (code, err) == (0, "")
    assert "read as Windows-1252" in " ".join(out.split())


def test_a_bad_byte_in_a_sheet_with_a_byte_order_mark_is_named() -> None:
    code, out, err = invoke("batch", str(HOSTILE / "bom_invalid_utf8.csv"), "--format", "jsonl")
    assert code == 0
    assert json.loads(out.splitlines()[1])["input"]["customer"] == "Caf\ufffd"
    assert "byte 89 is not valid UTF-8 (its byte order mark says UTF-8)" in err


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
def test_nul_bytes_after_the_first_64_kib_are_found_with_flat_memory(tmp_path: Path) -> None:
    sheet = tmp_path / "nul.csv"
    with sheet.open("wb") as handle:
        handle.write((HEADER + _rows(2000)).encode())
        zeros = bytes(1024 * 1024)
        for _ in range(200):
            handle.write(zeros)
    code, peak, err = _peak_mib("batch", str(sheet), "-o", str(tmp_path / "out.csv"))
    assert code == 2
    assert one_error_line(err).startswith(f"advisor: error: {sheet}: not a CSV text file (a NUL")
    baseline = _baseline_mib(tmp_path)
    assert peak < baseline + 30, f"peak memory {peak:.0f} MiB, {baseline:.0f} for 3 rows"
    assert not (tmp_path / "out.csv").exists()


# --- Limits (issue 14, item 8) -------------------------------------------------------------------


def test_a_cell_over_the_limit_makes_its_row_an_error(generated: Path) -> None:
    for name, length in (("long_cell.csv", "70,000"), ("huge_quoted_cell.csv", "200,000")):
        code, out, _ = invoke("batch", str(generated / name), "--format", "jsonl")
        assert code == 1
        first, second = (json.loads(line) for line in out.splitlines())
        assert first["error"] == (
            f"sample_message: the cell holds {length} characters; a cell holds at most "
            "65,536 (64 KiB)"
        )
        assert (second["status"], second["input"]["customer"]) == ("ok", "Beta")


def test_a_line_over_the_limit_is_an_error_row_and_the_rest_is_read(generated: Path) -> None:
    code, out, _ = invoke("batch", str(generated / "long_line.csv"), "--format", "jsonl")
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in records] == ["ok", "ok", "error", "ok", "ok"]
    assert records[2]["error"].startswith("the row is longer than 1,048,576 characters (1 MiB)")
    assert records[3]["input"]["customer"] == "Customer 2"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
def test_a_50_mb_line_costs_no_more_memory_than_a_short_one(tmp_path: Path) -> None:
    sheet = tmp_path / "line.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + _rows(3) + "Long,US,otp,one-way,1,")
        for _ in range(50):
            handle.write("w" * (1024 * 1024))
        handle.write("\r\n" + _rows(6, 3))
    code, peak, err = _peak_mib("batch", str(sheet), "-o", str(tmp_path / "out.csv"))
    assert code == 1, err
    assert b"Traceback" not in err
    assert b"rows read: 7 (ok 6, no_fit 0, error 1)" in err
    baseline = _baseline_mib(tmp_path)
    assert peak < baseline + 30, f"peak memory {peak:.0f} MiB, {baseline:.0f} for 3 rows"


# --- Unbalanced quotes (issue 14, item 13) -------------------------------------------------------


def test_an_unbalanced_quote_is_an_error_row_and_the_rows_after_it_are_read() -> None:
    code, records, err = jsonl_records(HOSTILE / "unbalanced_quote.csv")
    assert code == 1
    assert [r["input"]["customer"] for r in records] == [
        "Acme",
        "Beta",
        "Gamma",
        "Delta",
        "Epsilon",
    ]
    assert records[1]["error"] == (
        'a quoted field (") begins on line 3 and never ends (an unbalanced quote); '
        "the lines after it are read again as rows"
    )
    assert records[1]["input"]["sample_message"] == "Your code is 1234"
    assert "rows read: 5 (ok 4, no_fit 0, error 1)" in err


def test_the_line_named_is_where_the_open_field_began() -> None:
    code, records, _ = jsonl_records(HOSTILE / "unbalanced_quote_after_multiline_cell.csv")
    assert code == 1
    assert records[0]["line"] == 2
    assert records[0]["error"].startswith('a quoted field (") begins on line 3 and never ends')
    assert records[1]["input"]["customer"] == "Gamma"


def test_an_unbalanced_quote_over_the_row_limit_loses_no_row(generated: Path) -> None:
    code, out, _ = invoke(
        "batch", str(generated / "unbalanced_quote_over_limit.csv"), "--format", "jsonl"
    )
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert records[0]["error"].startswith(
        'a quoted field (") begins on line 2 and does not end within 1,048,576 characters'
    )
    assert [r["input"]["customer"] for r in records[1:]] == [f"Customer {i}" for i in range(40_000)]


# --- Duplicate column names (issue 14, item 13) --------------------------------------------------


def test_duplicate_unknown_columns_keep_every_cell_in_json_lines() -> None:
    code, records, _ = jsonl_records(HOSTILE / "duplicate_unknown_columns.csv")
    assert code == 0
    assert records[0]["input"] == {
        "customer": "Acme",
        "Notes": "first",
        "country": "US",
        "use_case": "otp",
        "direction": "one-way",
        "Notes_3": "second",
        "Notes_2": "third",
        "Notes_4": "fourth",
    }


def test_blank_header_cells_keep_their_cells_too() -> None:
    _, records, _ = jsonl_records(HOSTILE / "blank_header_cells.csv")
    assert list(records[0]["input"].values()) == ["Acme", "a", "US", "otp", "one-way", "b", "c"]


def test_the_advisors_columns_never_repeat_a_name() -> None:
    code, out, _ = invoke("batch", str(HOSTILE / "advisor_status_taken.csv"))
    assert code == 0
    header = next(csv.reader(io.StringIO(out)))
    assert len(header) == len(set(header))
    assert header[:7] == [
        "customer",
        "status",
        "advisor_status",
        "Advisor Status 2",
        "country",
        "use_case",
        "direction",
    ]
    assert header[7] == "advisor_status_3"  # advisor_status_2 is taken (Advisor Status 2)
    row = dict(zip(header, next(csv.reader(io.StringIO(out.splitlines()[1]))), strict=True))
    assert (row["status"], row["advisor_status"], row["advisor_status_3"]) == (
        "prospect",
        "reviewed",
        "ok",
    )


def test_known_columns_twice_are_refused_naming_both_header_cells() -> None:
    path = HOSTILE / "duplicate_known_columns.csv"
    code, out, err = invoke("batch", str(path))
    assert (code, out) == (2, "")
    assert one_error_line(err) == (
        f"advisor: error: {path}: header: column 2 'country' and column 5 'Country' both "
        "mean country; keep one"
    )


# --- HTML streams (issue 14, item 11) ------------------------------------------------------------


def test_the_streamed_html_page_is_the_documents_page_byte_for_byte() -> None:
    from advisor import batch, knowledge
    from advisor.render.output import render
    from advisor.views.batch import batch_document
    from advisor.vocab import OutputFormat

    sheet_path = Path(__file__).parent.parent / "examples" / "intake.csv"
    kb = knowledge.load()
    summary = batch.Summary()
    with batch.open_sheet(sheet_path, "intake.csv") as sheet:
        rows = list(batch.evaluate_sheet(sheet, kb, summary))
        document = batch_document(sheet.label, sheet.fields, rows, summary, sheet.header)
        out = io.StringIO()
        batch.write_html(iter(rows), sheet.label, sheet.fields, sheet.header, summary, out)
    assert out.getvalue() == render(document, OutputFormat.HTML)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
def test_html_of_a_large_sheet_takes_the_memory_of_csv(tmp_path: Path) -> None:
    sheet = tmp_path / "big.csv"
    sheet.write_text(HEADER + _rows(60_000), encoding="utf-8", newline="")
    target = tmp_path / "out.html"
    code, csv_peak, err = _peak_mib("batch", str(sheet), "-o", str(tmp_path / "out.csv"))
    assert code == 0, err
    code, html_peak, err = _peak_mib("batch", str(sheet), "--format", "html", "-o", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").count("<tr>") == 60_001
    # every row kept for the document cost about 4.5 KiB: 60,000 rows would be 260 MiB more
    assert html_peak < csv_peak + 40, f"html {html_peak:.0f} MiB, csv {csv_peak:.0f} MiB"
