"""What a sheet's run keeps and reuses gives the answers a fresh evaluation gives.

A batch run memoises an intake and its recommendation per the cells an intake is built
from (:data:`advisor.intake.ANSWER_FIELDS`), encodes each answer's CSV cells once, and
tunes the garbage collector for its length; none of it may change an answer or a byte.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor import knowledge
from advisor.batch.rows import RowEvaluator
from advisor.batch.write import _formula_like
from advisor.errors import InputError
from advisor.intake import ANSWER_FIELDS, build_intake
from advisor.render.csv_out import FORMULA_TRIGGERS

KB = knowledge.load()

answers = st.fixed_dictionaries(
    {
        "country": st.sampled_from(["US", "GB", "DE", "IN", "BR", "+33612345678", "Narnia"]),
        "use_case": st.sampled_from(["otp", "promotional", "conversational", "sales"]),
        "direction": st.sampled_from(["one-way", "two-way"]),
    },
    optional={
        "mps": st.sampled_from(["", "1", "30", "1e9", "x"]),
        "daily_volume": st.sampled_from(["", "5000", "-1"]),
        "lead_time_days": st.sampled_from(["", "7", "120"]),
        "priority": st.sampled_from(["cost", "deliverability"]),
        "voice": st.sampled_from(["yes", "no"]),
        "provider": st.sampled_from(["twilio", "aws", "nobody"]),
        "entity": st.sampled_from(["local", "international"]),
        "today": st.just("2026-12-02"),
        "messages_per_day": st.sampled_from(["", "50"]),
    },
)


class _Recorded(Mapping[str, Any]):
    """A mapping that notes every key read."""

    def __init__(self, data: dict[str, str]) -> None:
        self.data = data
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.read.add(key)
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return self.data.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def _outcome(values: Mapping[str, str]) -> object:
    try:
        return build_intake(values, KB)
    except InputError as error:
        return error.message


@given(answers, st.text(max_size=20), st.text(max_size=20))
def test_an_intake_reads_only_its_answer_fields(
    given_answers: dict[str, str], message: str, brand: str
) -> None:
    """The memo's key: what build_intake reads is in ANSWER_FIELDS, and a sheet's other
    cells (the message, the brand, a capacity figure) do not change the intake."""
    recorded = _Recorded(given_answers)
    _outcome(recorded)
    assert recorded.read <= set(ANSWER_FIELDS)
    more = {**given_answers, "sample_message": message, "brand": brand, "messages": "10"}
    assert _outcome(more) == _outcome(given_answers)


NAMES = ("country", "use_case", "direction", "mps", "sample_message")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["US", "GB", "DE"]),
            st.sampled_from(["otp", "promotional", "conversational"]),
            st.sampled_from(["one-way", "two-way"]),
            st.sampled_from(["", "5", "500"]),
            st.sampled_from(["", "Your code is 1234", "Ciao! 😀", "x" * 200]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_run_answers_each_row_as_a_fresh_evaluator_would(rows: list[tuple[str, ...]]) -> None:
    """One evaluator over many rows (its memos shared between rows that differ only in
    their message) answers each row as an evaluator that sees only that row."""
    labels = {name: name for name in NAMES}
    shared = RowEvaluator(KB, NAMES, labels)
    for row in rows:
        fresh = RowEvaluator(KB, NAMES, labels).answer(row)
        assert shared.answer(row) == fresh


@given(st.lists(st.text(alphabet="=+-@\t\r ab1\x1f", max_size=4), max_size=6))
def test_the_formula_check_finds_every_cell_that_starts_like_a_formula(cells: list[str]) -> None:
    # a cell holding the separator itself cannot be told apart once joined: not asked
    cells = [cell.replace("\x1f", "") for cell in cells]
    expected = any(cell[:1] in FORMULA_TRIGGERS for cell in cells if cell)
    assert _formula_like("\x1f".join(cells)) is expected


def test_a_sheet_read_twice_is_checked_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its customers, then its rows: the second reading reuses the encoding found, unless
    the file changed in between (then it is read through again, and its new bytes
    decide)."""
    from advisor.batch import encoding

    reads: list[str] = []
    real = encoding._detect

    def counted(handle: Any, label: str) -> encoding.Encoding:
        reads.append(label)
        return real(handle, label)

    monkeypatch.setattr(encoding, "_detect", counted)
    path = tmp_path / "sheet.csv"
    path.write_bytes("customer,country\nZoë,FR\n".encode())
    for _ in range(2):
        with path.open("rb") as handle:
            assert encoding.detect_encoding(handle, "sheet.csv").codec == "utf-8"
    assert reads == ["sheet.csv"]
    path.write_bytes("customer,country\nZoë,FR\n".encode("cp1252"))
    with path.open("rb") as handle:
        found = encoding.detect_encoding(handle, "sheet.csv")
    assert found.codec != "utf-8"
    assert found.note is not None
    assert reads == ["sheet.csv", "sheet.csv"]
