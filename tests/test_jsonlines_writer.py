"""``line_writer`` writes the text ``dumps_line`` gives, line by line, whatever the stream:
through the byte layer of a UTF-8 stream, as text into any other (issue 13)."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from advisor.jsonlines import dumps_line, line_writer

_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]))
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


def _written(stream: io.TextIOBase, values: list[Any]) -> None:
    write = line_writer(stream)  # type: ignore[arg-type]
    for value in values:
        write(value)
    stream.flush()


@given(st.lists(_VALUES, max_size=5), _TEXT)
def test_a_utf8_stream_gets_the_lines_dumps_line_gives(values: list[Any], before: str) -> None:
    """After what was written as text before it, in order."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8")
    stream.write(before)
    _written(stream, values)
    expected = before + "".join(dumps_line(value) + "\n" for value in values)
    assert raw.getvalue() == expected.encode("utf-8")


@given(st.lists(_VALUES, max_size=5))
def test_a_text_only_stream_gets_the_same_lines(values: list[Any]) -> None:
    stream = io.StringIO()
    _written(stream, values)
    assert stream.getvalue() == "".join(dumps_line(value) + "\n" for value in values)


def test_a_stream_in_another_encoding_is_written_as_text() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="latin-1")
    _written(stream, [{"char": "é"}])
    assert raw.getvalue() == '{"char":"é"}\n'.encode("latin-1")


def test_an_integer_beyond_64_bits_goes_through_the_standard_library() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="UTF8")
    _written(stream, [{"id": 2**70}])
    assert raw.getvalue() == b'{"id":1180591620717411303424}\n'
