"""``batch -o FILE`` reads a sheet once on the guess that no customer has several
destinations (issue 13): the guess never changes an answer, a row that belies it
throws the output away, and the sheet is then read as before (customers first)."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import advisor.batch
from advisor import knowledge
from advisor.batch import open_sheet
from advisor.batch.customers import SeveralDestinations, find_customers, single_destinations
from tests.clitools import invoke, run

ROOT = Path(__file__).parent.parent
HEADER = ("customer", "country", "use_case", "direction", "mps", "daily_volume")


def _text(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@contextlib.contextmanager
def _sheet_file(text: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.csv"
        path.write_text(text, encoding="utf-8")
        yield path


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


_CELLS = st.sampled_from(["US", "DE", "gb", "US;CA", "FR, ES", "Korea, Republic of", ""])
_NAMES = st.sampled_from(["Acme", "acme ", " ACME", "Bolt", "Cove", "", "  "])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.one_of(
            st.tuples(_NAMES, _CELLS).map(lambda r: [r[0], r[1], "otp", "one-way", "", "10"]),
            st.just([]),  # a blank line
            st.tuples(_NAMES, _CELLS).map(lambda r: [r[0], r[1], "otp", "x", "", "", "extra"]),
        ),
        max_size=12,
    )
)
def test_the_guess_holds_exactly_when_the_customers_scan_finds_nothing(
    rows: list[list[str]],
) -> None:
    """Read through :func:`single_destinations`, a sheet gives its records unchanged,
    and gets through only when reading it for its customers would find nothing; it
    stops at a cell that may list countries or a customer seen before."""
    with _sheet_file(_text(rows)) as path:
        with open_sheet(path, str(path)) as sheet:
            expected = list(sheet.records)
        with open_sheet(path, str(path)) as sheet:
            watched = single_destinations(sheet)
            seen: list[object] = []
            try:
                seen.extend(watched)
                held = True
            except SeveralDestinations:
                held = False
        if held:  # (a cell that may list countries may also be refused there)
            found = find_customers(lambda: open_sheet(path, str(path)), knowledge.load(), {})
            assert (found.lists, found.notes, found.planned) == ({}, [], [])
    read = [row for row in rows if row and any(cell.strip() for cell in row)]
    lists = any(";" in row[1] or "," in row[1] for row in read if len(row) == len(HEADER))
    names = [_folded(row[0]) for row in read if len(row) == len(HEADER) and row[0].strip()]
    repeated = len(names) != len(set(names))
    assert held == (not lists and not repeated)
    if held:
        assert seen == expected
    else:
        assert seen == expected[: len(seen)]  # the records before the one that belied it


def _counting_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    opened: list[str] = []
    real = advisor.batch.open_sheet

    def counted(*args: Any, **kwargs: Any) -> Any:
        opened.append(str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(advisor.batch, "open_sheet", counted)
    return opened


def test_a_sheet_of_distinct_customers_written_to_a_file_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [(f"Customer {n}", "US", "otp", "one-way", "5", "1000") for n in range(20)]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(_text(rows), encoding="utf-8")
    opened = _counting_opens(monkeypatch)
    code, _, _ = invoke("batch", str(sheet), "-o", str(tmp_path / "out.csv"))
    assert (code, len(opened)) == (0, 1)
    opened.clear()
    code, to_stdout, _ = invoke("batch", str(sheet))  # stdout cannot be taken back
    assert (code, len(opened)) == (0, 2)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == to_stdout


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "markdown", "html"])
def test_a_customer_repeated_on_the_last_row_throws_the_guess_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """The output is what reading the customers first gives (stdout never guesses), the
    previous file is replaced whole, and nothing of the guessed run is left behind."""
    rows = [(f"Customer {n}", "US", "otp", "one-way", "5", "1000") for n in range(20)]
    rows.append(("customer 3", "GB", "otp", "one-way", "5", "1000"))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(_text(rows), encoding="utf-8")
    target = tmp_path / f"out.{fmt}"
    target.write_text("previous results\n", encoding="utf-8")
    opened = _counting_opens(monkeypatch)
    code, _, err = invoke("batch", str(sheet), "--format", fmt, "-o", str(target))
    assert code == 0
    # the guess; then the rows' reading, the customers' two, the plan's rows
    assert len(opened) == 5
    code_stdout, to_stdout, err_stdout = invoke("batch", str(sheet), "--format", fmt)
    assert (code, target.read_text(encoding="utf-8"), err) == (code_stdout, to_stdout, err_stdout)
    assert "Customer 3" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["sheet.csv", target.name])


def test_the_guess_as_a_process_gives_the_plans(tmp_path: Path) -> None:
    """The shipped multi-country sheet, written to a file by a real process: the same
    bytes as to standard output (where the customers are read first)."""
    sheet = ROOT / "examples" / "intake-multi-country.csv"
    target = tmp_path / "out.csv"
    to_file = run("batch", str(sheet), "-o", str(target))
    to_stdout = run("batch", str(sheet))
    assert to_file.returncode == to_stdout.returncode
    assert to_file.stderr == to_stdout.stderr
    assert target.read_bytes() == to_stdout.stdout
    assert b"plan" in to_stdout.stdout.splitlines()[0]
