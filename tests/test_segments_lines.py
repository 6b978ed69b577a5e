"""``segments --jsonl`` answers (advisor.content.segments_lines): each answer made once, in
the order written, equal to the record of :mod:`advisor.content.analysis` it stands for."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.content import segments as segments_module
from advisor.content.analysis import analyse, body_limit, notes, record
from advisor.content.segments import CODEPOINTS, codepoint
from advisor.content.segments_lines import answer_lines
from advisor.schemas import versioned

#: texts that reach every key: GSM-7, extension characters, look-alikes smart encoding
#: replaces, characters it cannot replace, emoji, CR LF, empty
TEXTS = st.text(
    alphabet=st.sampled_from(
        list("abc XYZ 09@\u00e9\u20ac{}\r\n\u2019\u201c\u2014\u00e1\u4e00\u0416\U0001f600\u200d")
    ),
    max_size=400,
)
LINES = st.lists(
    st.one_of(
        st.builds(
            lambda ident, text, smart: json.dumps(
                {"id": ident, "text": text, "smart_encoding": smart}
            ),
            st.one_of(st.none(), st.integers(), st.text(max_size=5)),
            TEXTS,
            st.one_of(st.none(), st.booleans()),
        ),
        st.sampled_from(["", "not json", '{"text": 5}', '{"id": 1, "smart_encoding": 2}']),
    ),
    max_size=8,
)


def _in_order(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Keys and values in the order written (``==`` on dicts ignores the order)."""
    return list(data.items())


@settings(max_examples=60, deadline=None)
@given(LINES, st.booleans())
def test_a_versioned_answer_is_the_answer_behind_schema_version(
    lines: list[str], smart: bool
) -> None:
    plain = list(answer_lines(lines, smart_encoding=smart))
    written = list(answer_lines(lines, smart_encoding=smart, schema_version=True))
    assert [answer.ok for answer in plain] == [answer.ok for answer in written]
    for before, after in zip(plain, written, strict=True):
        assert _in_order(after.record) == _in_order(versioned(before.record))


@settings(max_examples=60, deadline=None)
@given(TEXTS, st.booleans())
def test_an_answer_holds_the_record_of_its_text(text: str, smart: bool) -> None:
    """The record behind ``id`` and ``line``, key for key and in the same order."""
    line = json.dumps({"id": 7, "text": text, "smart_encoding": smart})
    (answer,) = answer_lines([line])
    expected = record(analyse(text, smart_encoding=smart))
    del expected["id"]
    assert _in_order(answer.record) == [("id", 7), ("line", 1), *_in_order(expected)]
    assert answer.record["notes"] == list(notes(analyse(text, smart_encoding=smart)))


def test_a_record_starts_with_its_id() -> None:
    data = record(analyse("\u201chi\u201d \U0001f600"), limit=body_limit())
    assert next(iter(data)) == "id"
    assert data["unicode_chars"] == [
        {"position": 0, "char": "\u201c", "codepoint": "U+201C"},
        {"position": 3, "char": "\u201d", "codepoint": "U+201D"},
        {"position": 5, "char": "\U0001f600", "codepoint": "U+1F600"},
    ]
    assert data["smart_encoding"]["unreplaceable"] == [data["unicode_chars"][2]]


@given(st.characters())
def test_codepoints_are_made_on_first_lookup(char: str) -> None:
    assert CODEPOINTS[char] == codepoint(char) == f"U+{ord(char):04X}"
    assert char in CODEPOINTS


def test_the_codepoints_kept_are_bounded() -> None:
    limit = segments_module._CODEPOINTS_MAX
    for code in range(0x4E00, 0x4E00 + limit + 10):
        assert codepoint(chr(code)) == f"U+{code:04X}"
    assert 0 < len(CODEPOINTS) <= limit


@given(st.one_of(TEXTS, st.text(max_size=300)), st.booleans())
def test_unicode_chars_are_the_counts_characters(text: str, smart: bool) -> None:
    """Listed run by run, the same characters as the count's own, in order."""
    report = analyse(text, smart_encoding=smart)
    data = record(report, limit=body_limit())
    assert data["unicode_chars"] == [
        {"position": item.position, "char": item.char, "codepoint": item.codepoint}
        for item in report.sent.unicode_chars
    ]
    assert data["smart_encoding"]["unreplaceable"] == [
        {"position": item.position, "char": item.char, "codepoint": item.codepoint}
        for item in (() if report.applied else report.smart.unreplaceable)
    ]
