"""A narrow terminal: ids and numbers stay whole, prose wraps, and records when even that fails."""

from __future__ import annotations

import re

import pytest

from advisor.render.model import Align, Column, Document, Kind, Table
from advisor.render.terminal import RECORDS, column_widths, render_terminal

BOX = re.compile("[\u2500-\u257f]")
TABLE = Table(
    title="Rows",
    columns=(
        Column("line", "Line", Align.RIGHT, Kind.NUMBER),
        Column("use_case", "Use case", kind=Kind.ID),
        Column("sender", "Sender", kind=Kind.ID),
        Column("drain", "Drain s", Align.RIGHT, Kind.NUMBER),
        Column("why", "Why"),
    ),
    rows=(
        (2, "transactional", "alphanumeric_registered", 1666.7, "a long reason " * 4),
        (3, "conversational", "long_code", 50000, "short"),
    ),
)
IDS = ("transactional", "conversational", "alphanumeric_registered", "long_code")
NUMBERS = ("1,666.7", "50,000")


def words(text: str) -> list[str]:
    return BOX.sub(" ", text).split()


@pytest.mark.parametrize("width", [200, 100, 80, 72, 60, 40, 30])
def test_ids_and_numbers_are_never_cut(width: int) -> None:
    text = render_terminal(Document("", (TABLE,)), width=width)
    found = words(text)
    for whole in (*IDS, *NUMBERS):
        assert whole in found, f"{whole} is cut at {width} columns:\n{text}"
    assert all(len(line) <= width for line in text.splitlines()), text


def test_prose_wraps_between_words_while_ids_keep_their_width() -> None:
    widths = column_widths(TABLE, 80)
    assert isinstance(widths, list)
    assert widths[2] == len("alphanumeric_registered")
    assert widths[3] == len("1,666.7")
    text = render_terminal(Document("", (TABLE,)), width=80)
    assert "\u2502 a long reason" in text  # the prose column wraps, in a table
    assert "Sender:" not in text


def test_a_table_that_cannot_keep_its_words_whole_becomes_records() -> None:
    assert column_widths(TABLE, 60) == RECORDS
    text = render_terminal(Document("", (TABLE,)), width=60)
    assert not BOX.search(text)
    head = "Rows\n\nLine:     2\nUse case: transactional\nSender:   alphanumeric_registered\n"
    assert head in text
    assert "Drain s:  1,666.7\n" in text
    # the blocks share one column for their values, and prose wraps under its own
    assert "Why:      a long reason a long reason a long reason a long\n          reason\n" in text


def test_records_of_a_table_with_row_headers_are_headed_by_the_row_name() -> None:
    table = Table(
        columns=(Column("fact", "Fact"), Column("a", "Country A"), Column("b", "Country B")),
        rows=(("Short code", "yes " * 12, "no"), ("Toll-free", "no", "unknown_value_id")),
        row_headers=True,
        footnotes=("a footnote",),
    )
    text = render_terminal(Document("", (table,)), width=24)
    assert text.startswith("Short code\nCountry A: yes yes yes\n")
    # a word too long to sit beside its field name goes under it
    assert "\n\nToll-free\nCountry A: no\nCountry B:\n  unknown_value_id\n\na footnote\n" in text


def test_the_kind_is_prose_unless_said() -> None:
    assert Column("a", "A").kind is Kind.PROSE
    assert {kind.value for kind in Kind} == {"id", "number", "prose"}
