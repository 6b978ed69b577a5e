"""The streamed terminal table (issue 13): rich's layout a row at a time, flat memory.

- unit: :class:`~advisor.render.terminal_stream.TableStream` writes what
  :func:`~advisor.render.terminal.render_terminal` draws for the same rows (hypothesis);
  a later row the layout cannot hold turns the rest into records;
- CLI: ``batch --format table`` on a sheet longer than the sample never splits an id or
  a number at 60, 100 or 200 columns, and ends with its summary;
- process: the peak memory of a 50,000-row table is that of a 10,000-row one.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from clitools import ADVISOR
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from advisor.batch.write import TABLE_SAMPLE
from advisor.render.model import Align, Cell, Column, Document, Kind, Table
from advisor.render.terminal import render_terminal
from advisor.render.terminal_stream import TableStream, wrap

# --- unit ----------------------------------------------------------------------------------------

WORDS = st.text(alphabet="abcdefghij_-,.0123456789Éé漢", min_size=1, max_size=14)
TEXTS = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    count = draw(st.integers(1, 6))
    columns = tuple(
        Column(
            f"c{i}",
            draw(TEXTS),
            draw(st.sampled_from(Align)),
            draw(st.sampled_from(Kind)),
        )
        for i in range(count)
    )
    cell: st.SearchStrategy[Cell] = st.one_of(
        TEXTS, st.integers(0, 10**7), st.just(""), st.none(), st.just("two\nlines")
    )
    rows = draw(st.lists(st.tuples(*(cell for _ in columns)), min_size=1, max_size=5))
    return Table(columns=columns, rows=tuple(rows), title=draw(st.sampled_from(["", "Rows"])))


def streamed(table: Table, width: int, sample: int | None = None, color: bool = False) -> str:
    stream = TableStream(table, table.rows[:sample], width, color=color)
    return stream.head() + "".join(stream.row(row) for row in table.rows) + stream.tail()


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(20, 200))
def test_a_stream_of_the_whole_table_is_what_rich_draws(table: Table, width: int) -> None:
    assert streamed(table, width) == render_terminal(Document("", (table,)), width=width)


ESCAPE = re.compile("\x1b\\[[0-9;]*m")


#: a row of empty cells, as records (its ids do not fit 20 columns): once drawn as nothing
_BLANK_RECORD = Table(
    columns=(
        Column("c0", "0000000", Align.LEFT, Kind.ID),
        Column("c1", "0000000", Align.LEFT, Kind.ID),
    ),
    rows=(("", ""),),
)


@settings(max_examples=200, deadline=None)
@given(tables(), st.integers(20, 200))
@example(_BLANK_RECORD, 20)
def test_in_colour_the_text_is_the_same_with_rich_s_styles(table: Table, width: int) -> None:
    coloured = streamed(table, width, color=True)
    assert ESCAPE.sub("", coloured) == streamed(table, width)
    assert ("\x1b[1m" in coloured) is bool(table.title or table.rows)
    if any(cell is None for row in table.rows for cell in row):
        assert "\x1b[2;3munknown\x1b[0m" in coloured


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(1, 60))
def test_wrapping_is_rich_s(text: str, width: int) -> None:
    assert wrap(text, width) == _rich_lines(text, width)


def _rich_lines(text: str, width: int) -> list[str]:
    """The lines rich draws for ``text`` at ``width``, trailing spaces removed."""
    from rich.text import Text

    from advisor.render.terminal import _console

    console = _console(__import__("io").StringIO(), width, False)
    lines = Text(text).wrap(console, width, overflow="fold")
    return [line.plain.rstrip(" ") for line in lines]


ASCII_WORDS = st.text(alphabet="abcdefghij_-,.;:()|/0123456789", min_size=0, max_size=16)
#: notes and prose cells: many plain ASCII words (an empty one: two spaces in a row)
LONG_TEXTS = st.lists(ASCII_WORDS, min_size=1, max_size=60).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(LONG_TEXTS, st.integers(1, 100))
@example("a bb ccc dddd", 4)  # a word exactly as wide as a line
@example("aaaa bbbbbbbbb cc", 4)  # a word longer than a line: rich folds it
@example(" leading and trailing ", 8)
@example("two  spaces", 5)
@example("Line 12 (Customer 7): lint: info length-segments", 24)
def test_plain_words_fill_lines_as_rich_does(text: str, width: int) -> None:
    """The lines found by a pattern (issue 13: the notes of a 50,000-row table) are the
    ones rich draws, whatever the words' lengths and spaces."""
    assert wrap(text, width) == _rich_lines(text, width)


def test_a_later_row_with_a_longer_id_turns_the_rest_into_records() -> None:
    columns = (Column("sender", "Sender", kind=Kind.ID), Column("n", "N", Align.RIGHT, Kind.NUMBER))
    rows = (("short_code", 1), ("alphanumeric_registered", 12345), ("long_code", 2))
    text = streamed(Table(columns=columns, rows=rows), 100, sample=1)
    grid, records = text.split("\u2518\n", 1)
    assert "short_code" in grid
    assert "alphanumeric_registered" not in grid
    expected = "\nSender: alphanumeric_registered\nN:      12,345\n\nSender: long_code\nN:      2\n"
    assert records == expected


# --- CLI -----------------------------------------------------------------------------------------

HEADER = ["customer", "country", "use_case", "direction", "mps", "daily_volume", "sample_message"]
PROFILES = [
    ["US", "transactional", "one-way", "20", "50000", "Your order {n} has shipped."],
    ["GB", "otp", "one-way", "5", "1000", "Your code is {n}."],
    ["BR", "promotional", "one-way", "100", "150000", "Sale {n}: 20% off today only!"],
    ["ZZ", "otp", "one-way", "1", "10", "an unknown country: an error row"],
    ["DE", "conversational", "two-way", "1", "700", "Wie können wir helfen? {n}"],
]


def write_sheet(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for index in range(rows):
            profile = PROFILES[index % len(PROFILES)]
            name = f"Customer {index:06d}" + (" of a long name" * (index % 3))
            # a few hundred distinct rows: the batch's answer memo (bounded) stays small
            writer.writerow([name, *profile[:-1], profile[-1].format(n=index % 97)])
    return path


def tokens(text: str) -> Counter[str]:
    from test_terminal_widths import tokens as found

    return found(text)


@pytest.fixture(scope="module")
def long_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sheet(tmp_path_factory.mktemp("stream") / "long.csv", TABLE_SAMPLE + 200)


def batch_table(sheet: Path, columns: int) -> str:
    from advisor.cli import app

    env = {"COLUMNS": str(columns), "ADVISOR_TODAY": "2026-12-02", "NO_COLOR": "1"}
    command = ["batch", str(sheet), "--format", "table"]
    result = CliRunner().invoke(app, command, env=env, catch_exceptions=False)
    assert result.exit_code == 1, result.stderr  # the ZZ rows are errors
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("width", [60, 100, 200])
def test_no_id_or_number_of_a_streamed_table_is_split(long_sheet: Path, width: int) -> None:
    shown = batch_table(long_sheet, width)
    assert max(len(line) for line in shown.splitlines()) <= width
    expected = tokens(batch_table(long_sheet, 1000))
    seen = tokens(shown)
    missing = {token: count for token, count in expected.items() if seen[token] < count}
    assert not missing, f"split or missing at {width} columns: {missing}"
    assert f"Customer {TABLE_SAMPLE + 199:06d}" in shown


def test_a_streamed_table_ends_with_its_summary(long_sheet: Path) -> None:
    shown = batch_table(long_sheet, 200)
    table, rest = shown.split("Notes by row\n", 1)
    assert "Line \u2502 customer" in table.splitlines()[5]  # wide enough for a grid
    assert rest.rstrip().splitlines()[-1].startswith("recommended:")
    assert f"rows read: {TABLE_SAMPLE + 200} (ok" in rest


# --- process -------------------------------------------------------------------------------------


def _peak_mib(*args: str) -> float:
    process = subprocess.Popen([ADVISOR, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    assert process.returncode == 1
    return usage.ru_maxrss / 1024


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
def test_the_table_of_a_long_sheet_does_not_hold_its_rows(tmp_path: Path) -> None:
    peaks = []
    for rows in (10_000, 50_000):
        sheet = write_sheet(tmp_path / f"{rows}.csv", rows)
        out = tmp_path / f"{rows}.txt"
        peaks.append(_peak_mib("batch", str(sheet), "--format", "table", "-o", str(out)))
        assert out.read_text("utf-8").count("\nLine:") == rows
    # holding the rows cost about 7 MiB per 1,000 rows (300 MiB more for 40,000 rows)
    assert peaks[1] < peaks[0] + 25, f"peak {peaks[1]:.0f} MiB at 50k rows, {peaks[0]:.0f} at 10k"
