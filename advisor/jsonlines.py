"""Reading JSON Lines input (``segments --jsonl``, ``lint --jsonl``), and the limits on messages.

Each line is read on its own: a line that is not UTF-8, not JSON, nested too deep,
too long, or holds a string that is not valid Unicode (a lone surrogate) gets its
own error, and the lines after it are still answered.

A message is at most :data:`MAX_MESSAGE_CHARACTERS` characters. No provider sends
more than 1,600 characters in one message (Twilio's and AWS End User Messaging's
body limit, see ``data/content.yaml``); a longer text is refused with a clear error
rather than analysed for minutes.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterator
from typing import IO, Any, Final, TextIO

import orjson

from advisor.errors import InputError

#: The longest message the advisor analyses (over ten times any provider's body limit).
MAX_MESSAGE_CHARACTERS: Final = 20_000
#: The longest line of JSON Lines input, in bytes.
MAX_LINE_BYTES: Final = 1024 * 1024

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class LineError(Exception):
    """One input line that cannot be answered, with the ``id`` it gave (if any)."""

    def __init__(self, message: str, ident: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.ident = ident


def check_message(text: str, field: str = "the message") -> None:
    """Refuse a message longer than :data:`MAX_MESSAGE_CHARACTERS` (one line, exit 2)."""
    if len(text) > MAX_MESSAGE_CHARACTERS:
        raise InputError(
            f"{field}: {len(text):,} characters; the advisor analyses at most "
            f"{MAX_MESSAGE_CHARACTERS:,} (no provider sends more than 1,600 in one message)"
        )


def lone_surrogate_at(text: str) -> int | None:
    """The position of the first lone surrogate in ``text`` (not valid Unicode), if any."""
    if text.isascii():  # O(1): no surrogate there
        return None
    match = _LONE_SURROGATE.search(text)
    return match.start() if match else None


def json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def read_lines(stream: IO[bytes], name: str) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of every non-blank line, a leading byte order mark dropped.

    A line longer than :data:`MAX_LINE_BYTES` is returned cut to that length plus one
    byte, so that :func:`parse_object` reports it instead of memory filling up.
    """
    number = 0
    try:
        while True:
            raw = stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                _skip_rest_of_line(stream)
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if raw.strip():
                yield number, raw
    except OSError as error:
        raise InputError(f"{name}: cannot read: {error.strerror or error}") from None


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while True:
        chunk = stream.readline(MAX_LINE_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


def dumps_line(value: Any) -> str:
    """``value`` as one line of JSON (compact, UTF-8 characters as they are), no newline.

    orjson does it about eight times as fast as the standard library (docs/performance.md);
    an integer beyond 64 bits, which orjson refuses, goes through the standard library.
    """
    try:
        return orjson.dumps(value).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def line_writer(out: TextIO) -> Callable[[Any], None]:
    """A function writing each value it is given to ``out`` as a line of JSON (no ``\n``
    in ``value``'s JSON: it is compact), the same text :func:`dumps_line` gives.

    Into a UTF-8 stream with a byte layer (a file, a pipe, standard output), orjson's bytes
    go straight into that layer, without a text round trip (a quarter of the time of
    ``segments --jsonl`` went to decoding and re-encoding its lines); into any other
    stream, as text. ``out`` translates ``\n`` as :func:`open` does by default: where
    a line ends in ``\r\n`` (Windows), the lines are written as text.
    """
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None) or ""
    if buffer is None or _codec_name(encoding) != "utf-8" or os.linesep != "\n":

        def write_text(value: Any) -> None:
            out.write(dumps_line(value) + "\n")

        return write_text
    out.flush()  # whatever was written as text goes first
    write = buffer.write
    dumps = orjson.dumps
    newline = orjson.OPT_APPEND_NEWLINE

    def write_bytes(value: Any) -> None:
        try:
            line = dumps(value, option=newline)
        except orjson.JSONEncodeError:
            line = (dumps_line(value) + "\n").encode("utf-8")
        write(line)

    return write_bytes


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def _has_long_number(raw: bytes | str) -> bool:
    """Whether ``raw`` holds 19 digits in a row (a number orjson may not read exactly)."""
    if isinstance(raw, bytes):
        return _LONG_DIGITS_BYTES.search(raw) is not None
    return _LONG_DIGITS_TEXT.search(raw) is not None


#: the types of a line's values that hold no float
_SCALARS: Final = frozenset({str, int, bool, type(None)})


def _holds_float(data: dict[str, Any]) -> bool:
    """Whether a float is anywhere in ``data`` (its values, and theirs, at any depth).

    orjson reads an integer it cannot hold in 64 bits as a float, never as an int: a
    line read without a float holds no such integer, and needs no search for one.
    """
    if _SCALARS.issuperset(map(type, data.values())):  # the usual line: in C
        return False
    pending: list[dict[str, Any] | list[Any]] = [data]
    while pending:
        container = pending.pop()
        for value in container.values() if isinstance(container, dict) else container:
            if isinstance(value, float):
                return True
            if isinstance(value, dict | list):
                pending.append(value)
    return False


_LONG_DIGITS_BYTES = re.compile(rb"[0-9]{19}")
_LONG_DIGITS_TEXT = re.compile(r"[0-9]{19}")


def parse_object(raw: bytes | str) -> dict[str, Any]:
    """One line as a JSON object; :class:`LineError` says why it is not one."""
    if len(raw) > MAX_LINE_BYTES:
        raise LineError(f"the line is longer than {MAX_LINE_BYTES:,} bytes")
    try:
        # The fast path; whatever orjson refuses (not UTF-8, not JSON, NaN, a lone
        # surrogate escape, deep nesting) takes the standard library's path below, which
        # accepts what it accepted before and words the error. So does a line with a
        # number of 19 digits or more: orjson reads an integer beyond 64 bits as a float
        # (18446744073709551616 as 1.8446744073709552e+19), the standard library exactly.
        # Only a line orjson read a float from can hold one: the others are not searched
        # (the search took 2.5 µs a line, orjson's whole reading 1 µs).
        fast = orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    else:
        if isinstance(fast, dict) and not (_holds_float(fast) and _has_long_number(raw)):
            return fast
    if isinstance(raw, str):
        line = raw
    else:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise LineError(f"not UTF-8 text (byte {error.start + 1} of the line)") from None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(f"not valid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise LineError("not valid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise LineError(f"expected a JSON object, got {json_kind(data)}")
    return data


def text_field(data: dict[str, Any], key: str, *, required: bool) -> str | None:
    """A string field of a line: valid Unicode, within the message limit."""
    value = data.get(key)
    if value is None:
        if required:
            raise LineError(f'"{key}" is missing', safe_id(data))
        return None
    if not isinstance(value, str):
        raise LineError(f'"{key}" must be a string, got {json_kind(value)}', safe_id(data))
    position = lone_surrogate_at(value)
    if position is not None:
        code = f"U+{ord(value[position]):04X}"
        raise LineError(
            f'"{key}" has a lone surrogate {code} at position {position}: not valid Unicode',
            safe_id(data),
        )
    if len(value) > MAX_MESSAGE_CHARACTERS:
        raise LineError(
            f'"{key}" has {len(value):,} characters; at most {MAX_MESSAGE_CHARACTERS:,}',
            safe_id(data),
        )
    return value


def safe_id(data: dict[str, Any]) -> object:
    """The line's ``id`` as it can be echoed back: JSON scalars, a string without lone
    surrogates, at most 200 characters; anything else is not echoed."""
    ident = data.get("id")
    if isinstance(ident, str):
        if lone_surrogate_at(ident) is not None:
            return None
        return ident[:200]
    if ident is None or isinstance(ident, bool | int | float):
        return ident
    return None
