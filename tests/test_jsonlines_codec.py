"""JSON Lines in and out through orjson: the same values as the standard library reads."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.jsonlines import LineError, dumps_line, lone_surrogate_at, parse_object, text_field

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
OBJECTS = st.dictionaries(st.text(), VALUES, max_size=5)


def _surrogate_free(value: object) -> bool:
    text = json.dumps(value)
    return "\\ud8" not in text and "\\udc" not in text and "\\ud9" not in text


@given(OBJECTS)
def test_a_line_written_reads_back_as_the_standard_library_reads_it(
    data: dict[str, object],
) -> None:
    if not _surrogate_free(data):
        return
    line = dumps_line(data)
    assert "\n" not in line
    assert json.loads(line) == data
    assert parse_object(line.encode("utf-8")) == json.loads(line)


@given(OBJECTS)
def test_parse_object_agrees_with_the_standard_library(data: dict[str, object]) -> None:
    line = json.dumps(data, ensure_ascii=True)
    assert parse_object(line) == json.loads(line)
    assert parse_object(line.encode("ascii")) == json.loads(line)


def test_an_integer_beyond_64_bits_is_written_by_the_standard_library() -> None:
    big = 2**70
    assert json.loads(dumps_line({"id": big})) == {"id": big}
    assert parse_object(b'{"id": 1180591620717411303424}') == {"id": 2**70}


def test_what_orjson_refuses_keeps_the_standard_librarys_reading() -> None:
    # NaN is read as before (the standard library accepts it); a lone surrogate escape too.
    assert math.isnan(parse_object(b'{"id": NaN}')["id"])
    assert parse_object(b'{"text": "\\ud800"}') == {"text": "\ud800"}
    with pytest.raises(LineError, match=r"not valid JSON: Expecting value \(column 1\)"):
        parse_object(b"nope")
    with pytest.raises(LineError, match="not UTF-8 text"):
        parse_object(b'{"text": "\xff"}')
    with pytest.raises(LineError, match="expected a JSON object, got an array"):
        parse_object(b"[1]")


@pytest.mark.parametrize(
    "number", [18446744073709551616, -9223372036854775809, 10**30, 9223372036854775807]
)
@pytest.mark.parametrize("kind", [bytes, str])
def test_an_integer_beyond_64_bits_is_read_exactly(number: int, kind: type) -> None:
    """orjson reads an integer beyond 64 bits as a float; the advisor reads it exactly
    (an id of 18446744073709551616 comes back as that id, not 1.8446744073709552e+19)."""
    line = f'{{"id": {number}, "text": "hi"}}'
    raw = line.encode() if kind is bytes else line
    assert parse_object(raw) == {"id": number, "text": "hi"}
    assert type(parse_object(raw)["id"]) is int


@pytest.mark.parametrize(
    "line",
    [
        '{"id": 1, "meta": [2, {"n": 18446744073709551616}]}',
        '{"id": 1, "meta": {"deep": [[[-9223372036854775809]]]}}',
        '{"id": 1.5, "text": "hi", "big": 10000000000000000000000}',
    ],
)
def test_an_integer_beyond_64_bits_is_read_exactly_at_any_depth(line: str) -> None:
    """A line is searched for a long number only when orjson read a float from it: a
    lossy integer anywhere in the line (orjson's float) sends it to the standard library."""
    assert repr(parse_object(line.encode())) == repr(json.loads(line))


#: integers around the 64-bit limits, where orjson's reading turns to floats
WIDE_INTEGERS = st.integers(min_value=-(2**66), max_value=2**66) | st.integers()
WIDE_VALUES = st.recursive(
    st.none() | st.booleans() | WIDE_INTEGERS | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.text(), WIDE_VALUES, max_size=5))
def test_parse_object_reads_every_number_as_the_standard_library_does(
    data: dict[str, object],
) -> None:
    """The same values of the same types (``==`` would take 2**64 for 1.8446744073709552e19)."""
    line = json.dumps(data, ensure_ascii=True)
    assert repr(parse_object(line.encode("ascii"))) == repr(json.loads(line))


@given(st.text(alphabet=st.characters(codec=None), max_size=40))
def test_a_lone_surrogate_is_found_wherever_it_is(text: str) -> None:
    """ASCII text is answered without a search; any other is searched."""
    expected = next((i for i, char in enumerate(text) if "\ud800" <= char <= "\udfff"), None)
    assert lone_surrogate_at(text) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"id": "a"}, '"text" is missing'),
        ({"id": "a", "text": None}, '"text" is missing'),
        ({"id": "a", "text": 5}, '"text" must be a string, got a number'),
        ({"id": "a", "text": "x\udc00"}, '"text" has a lone surrogate U+DC00 at position 1'),
        ({"id": "a", "text": "x" * 20_001}, '"text" has 20,001 characters; at most 20,000'),
    ],
)
def test_a_text_field_error_names_the_lines_id(line: dict[str, object], message: str) -> None:
    with pytest.raises(LineError) as raised:
        text_field(line, "text", required=True)
    assert raised.value.message.startswith(message)
    assert raised.value.ident == "a"
