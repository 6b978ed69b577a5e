"""``advisor batch``: real intake sheets, every row once, in order, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from clitools import signals_as
from typer.testing import CliRunner

from advisor import batch, knowledge

SHEETS = Path(__file__).parent / "sheets"
EXAMPLE = Path(__file__).parent.parent / "examples" / "intake.csv"
runner = CliRunner()


def invoke(*args: str, input: bytes | str | None = None) -> tuple[int, str, str]:
    from advisor.cli import app

    result = runner.invoke(app, ["batch", *args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def jsonl(*args: str) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = invoke(*args, "--format", "jsonl")
    return code, [json.loads(line) for line in out.splitlines()], err


# --- The example intake shipped with the project -------------------------------------------------


def test_the_example_intake_answers_every_row_in_order() -> None:
    code, out, err = invoke(str(EXAMPLE))
    assert code == 1  # three rows are invalid on purpose
    rows = rows_of(out)
    with EXAMPLE.open(encoding="utf-8", newline="") as handle:
        original = list(csv.DictReader(handle))
    assert len(rows) == len(original) == 21
    for got, given in zip(rows, original, strict=True):
        # original columns untouched, but for the quote that defuses a formula-like cell
        assert {key: got[key] for key in given} == {
            key: "'" + value if value.startswith(("=", "+", "-", "@")) else value
            for key, value in given.items()
        }
    statuses = [row["status"] for row in rows]
    assert statuses.count("error") == 3
    assert statuses.count("no_fit") >= 1
    errors = {row["Customer"]: row["error"] for row in rows if row["status"] == "error"}
    assert errors["Atlantis Shipping"].startswith("Country: unknown country 'Atlantis'")
    assert errors["Quokka Tours"] == "Peak MPS: expected a number >= 0.01, got -5"
    assert errors["Polar Pets"].startswith("Use case and Direction: conversational messaging")
    falcon = rows[0]
    assert (falcon["recommended_sender"], falcon["alternatives"]) == ("long_code", "toll_free")
    assert falcon["segments"] == "1"
    assert falcon["encoding"] == "GSM-7"
    assert falcon["drain_seconds"] == "1666.7"  # 20,000 messages / 12 MPS
    sunrise = next(row for row in rows if row["Customer"] == "Sunrise Realty")
    assert "error shortener-public" in sunrise["lint"]
    assert err.splitlines()[0] == "advisor: rows read: 21 (ok 17, no_fit 1, error 3)"
    assert err.splitlines()[1].startswith("advisor: recommended: alphanumeric_dynamic 6,")


def test_output_header_appends_the_advisors_columns() -> None:
    code, out, _ = invoke(str(SHEETS / "utf8_bom.csv"))
    assert code == 0
    header = next(csv.reader(io.StringIO(out)))
    assert header == [
        "customer",
        "country",
        "use_case",
        "direction",
        "mps",
        "sample_message",
        *batch.ADDED,
    ]


def test_a_column_named_like_an_advisor_column_is_kept_and_ours_is_prefixed() -> None:
    code, out, _ = invoke(str(SHEETS / "status_column.csv"))
    assert code == 0
    row = rows_of(out)[0]
    assert row["status"] == "prospect"
    assert row["advisor_status"] == "ok"


def test_unknown_columns_pass_through_untouched() -> None:
    code, out, _ = invoke(str(SHEETS / "extra_columns.csv"))
    assert code == 0
    row = rows_of(out)[0]
    assert (row["Account manager"], row["Notes"], row["status"]) == ("Dana", "call on Monday", "ok")


# --- Real files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sheet", "countries"),
    [
        ("utf8_bom.csv", ["US"]),
        ("excel_semicolon.csv", ["DE", "BR"]),
        ("utf16_tabs.txt", ["JP"]),
        ("quoted_newlines.csv", ["US", "GB"]),
        ("blank_lines.csv", ["US", "DE"]),
    ],
)
def test_real_world_files_are_read(sheet: str, countries: list[str]) -> None:
    code, records, _ = jsonl(str(SHEETS / sheet))
    assert code == 0
    assert [r["status"] for r in records] == ["ok"] * len(countries)
    first_key = next(iter(records[0]["input"]))
    assert first_key.lower() == "customer"  # a BOM never sticks to the first header


def test_excel_semicolons_keep_quoted_delimiters() -> None:
    _, records, _ = jsonl(str(SHEETS / "excel_semicolon.csv"))
    assert records[0]["input"]["Sample message"] == "Ihr Paket kommt; heute"
    assert records[1]["input"]["Sample message"] == "Olá"


def test_quoted_newlines_stay_in_the_cell_and_lines_are_counted() -> None:
    _, records, _ = jsonl(str(SHEETS / "quoted_newlines.csv"))
    assert records[0]["input"]["sample_message"] == "Line one\nline two\nline three"
    assert [r["line"] for r in records] == [2, 5]


def test_blank_lines_are_skipped_and_counted() -> None:
    code, records, err = jsonl(str(SHEETS / "blank_lines.csv"))
    assert code == 0
    assert [r["line"] for r in records] == [4, 7]  # a blank line before the header counts
    assert "advisor: blank lines skipped: 5" in err.splitlines()


def test_latin1_is_read_with_a_warning() -> None:
    code, records, err = jsonl(str(SHEETS / "latin1.csv"))
    assert code == 0
    assert records[0]["input"]["customer"] == "Café Lumière"
    # Windows-1252 reads every Latin-1 letter the same
    assert "not UTF-8 (byte 41 is not valid UTF-8); read as Windows-1252" in err


def test_ragged_rows_are_padded_or_reported_never_dropped() -> None:
    code, records, _ = jsonl(str(SHEETS / "ragged.csv"))
    assert code == 1
    assert [r["status"] for r in records] == ["ok", "error", "ok"]
    assert records[0]["input"]["mps"] == ""
    assert records[1]["error"] == (
        "the row has 8 cells but the header has 6; extra cells: 'surplus', 'more'"
    )


def test_formula_like_cells_are_neutralised_in_csv() -> None:
    code, out, _ = invoke(str(SHEETS / "formulas.csv"))
    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))[1:]
    assert rows[0][0] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0][5] == "'=1+2"
    assert rows[1][0] == "'+1 555 0100"
    assert rows[1][5] == "'@SUM(A1)"
    assert rows[2][0] == "'-minus"
    assert rows[2][5] == "'\tTAB"


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("binary.bin", "not a CSV text file (a NUL byte at byte 9)"),
        ("empty.csv", "the file is empty"),
        ("whitespace.csv", "the file is empty"),
        ("header_only.csv", "the header has no rows under it"),
        (
            "duplicate_columns.csv",
            "header: column 1 'country' and column 2 'Country Code' both mean country",
        ),
        ("no_country_column.csv", "header: no column for country"),
        ("absent.csv", "no such file"),
    ],
)
def test_a_file_that_cannot_be_read_is_exit_2_and_one_line(sheet: str, message: str) -> None:
    path = SHEETS / sheet
    code, out, err = invoke(str(path))
    assert (code, out) == (2, "")
    assert err == f"advisor: error: {path}: {message}" + err[err.index(message) + len(message) :]
    assert err.count("\n") == 1


def test_stdin_is_read_with_a_dash() -> None:
    data = (SHEETS / "excel_semicolon.csv").read_bytes()
    code, out, err = invoke("-", "--format", "jsonl", input=data)
    assert code == 0
    assert err.startswith("advisor: rows read: 2")
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["ok", "ok"]


# --- Formats -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "html", "table"])
def test_human_formats_include_the_summary(fmt: str) -> None:
    code, out, err = invoke(str(SHEETS / "repeated_profiles.csv"), "--format", fmt)
    assert (code, err) == (0, "")
    assert "rows read: 50 (ok 50, no_fit 0, error 0)" in out


def test_markdown_escapes_cells() -> None:
    path = SHEETS / "quoted_newlines.csv"
    _, out, _ = invoke(str(path), "--format", "markdown")
    assert "Line one<br>line two<br>line three" in out
    assert all(line.startswith("|") for line in out.splitlines()[:4])


def test_the_template_is_a_ready_to_fill_header() -> None:
    code, out, _ = invoke("--template")
    assert code == 0
    assert out == ",".join(batch.COLUMN_NAMES) + "\n"
    assert batch.COLUMN_NAMES[:4] == ("customer", "country", "use_case", "direction")


def test_usage_errors() -> None:
    assert invoke()[0] == 2
    assert invoke("--template", "x.csv")[0] == 2
    code, _, err = invoke(str(EXAMPLE), "--format", "yaml")
    assert code == 2
    assert "--format: expected one of csv, json, jsonl, markdown, html, table, xlsx" in err


# --- Atomic output -------------------------------------------------------------------------------


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, out, _ = invoke(str(EXAMPLE), "-o", str(target))
    assert (code, out) == (1, "")
    assert len(rows_of(target.read_text(encoding="utf-8"))) == 21
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_an_unreadable_input_leaves_an_existing_output_alone(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("previous results\n", encoding="utf-8")
    code, _, _ = invoke(str(SHEETS / "binary.bin"), "-o", str(target))
    assert code == 2
    assert target.read_text(encoding="utf-8") == "previous results\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_an_interrupted_run_leaves_no_half_written_file(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8", newline="") as handle:
        handle.write("customer,country,use_case,direction,mps,daily_volume\r\n")
        for index in range(400_000):
            handle.write(f"C{index},US,otp,one-way,5,{index}\r\n")
    target = tmp_path / "out.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor", "batch", str(big), "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=signals_as(),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
        p.name.startswith(".out.csv.") for p in tmp_path.iterdir()
    ):
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["big.csv"]
    assert b"Traceback" not in err


# --- Memory and memoisation ----------------------------------------------------------------------


def test_identical_profiles_are_evaluated_once() -> None:
    kb = knowledge.load()
    summary = batch.Summary()
    with batch.open_sheet(SHEETS / "repeated_profiles.csv", "sheet") as sheet:
        results = list(batch.evaluate_sheet(sheet, kb, summary))
    answers = {id(result.answer) for result in results}
    assert len(results) == 50
    assert len(answers) == 3  # three distinct sample messages, one profile


def test_the_caches_are_bounded() -> None:
    cache: batch.BoundedCache[int, int] = batch.BoundedCache(3)
    for number in range(10):
        cache.put(number, number)
    assert list(cache.data) == [7, 8, 9]


def test_header_matching_ignores_case_spaces_and_punctuation() -> None:
    assert batch.normalise_header(" Lead-Time (Days) ") == "leadtimedays"
    fields = batch.map_header(["Use Case", "COUNTRY", "direction", "Peak MPS", "whatever"], "x")
    assert fields == {"use_case": 0, "country": 1, "direction": 2, "mps": 3}


def test_every_template_column_is_documented() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "intake.md").read_text(encoding="utf-8")
    for spec in batch.COLUMNS:
        assert f"`{spec.name}`" in docs, spec.name


def test_no_environment_leaks_into_the_cache_dir() -> None:
    assert os.environ["ADVISOR_CACHE_DIR"]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_large_sheet_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    from ttytools import Terminal

    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8", newline="") as handle:
        handle.write("customer,country,use_case,direction,mps\r\n")
        for index in range(60_000):
            handle.write(f"Customer {index},US,otp,one-way,{index % 7 + 1}\r\n")
    target = tmp_path / "out.csv"
    terminal = Terminal("batch", str(big), "-o", str(target), term="xterm-256color")
    terminal.expect("evaluating")
    code, rest = terminal.finish(timeout=120)
    assert code == 0, rest
    assert "rows read: 60000 (ok 60000, no_fit 0, error 0)" in rest
    assert len(rows_of(target.read_text(encoding="utf-8"))) == 60_000  # no bar in the file
