"""``segments --jsonl``: one answer per JSON Lines input line.

Each answer is a record of :mod:`advisor.content.analysis` (its keys are documented
there) after the line's ``id`` and ``line`` number, or ``{"id", "line", "error"}`` for a
line that cannot be answered. Asked for (``schema_version=True``), each answer is the
output line as written: :data:`advisor.schemas.SCHEMA_VERSION` first, as
:func:`advisor.schemas.versioned` would put it, without a copy of the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from advisor.content.analysis import analyse, body_limit, fill_record
from advisor.content.smart import smart_encode
from advisor.jsonlines import LineError, json_kind, parse_object, safe_id, text_field
from advisor.schemas import SCHEMA_VERSION, versioned

if TYPE_CHECKING:
    from advisor.content.provider_rules import ProviderRequest

__all__ = ["LineAnswer", "answer_lines"]


class LineAnswer(NamedTuple):
    """The answer to one input line: a record, or ``{"id", "line", "error"}``.

    A named tuple: one is made per line, and a tuple is made fastest."""

    record: dict[str, Any]
    ok: bool


def _parse(raw: bytes | str, default_smart: bool) -> tuple[object, str, bool]:
    data = parse_object(raw)
    ident = safe_id(data)
    text = text_field(data, "text", required=True) or ""
    smart = data.get("smart_encoding", default_smart)
    if smart is None:
        smart = default_smart
    if not isinstance(smart, bool):
        raise LineError(f'"smart_encoding" must be true or false, got {json_kind(smart)}', ident)
    return ident, text, smart


def answer_lines(
    lines: Iterable[bytes | str | tuple[int, bytes]],
    *,
    smart_encoding: bool = False,
    provider: ProviderRequest | None = None,
    schema_version: bool = False,
) -> Iterator[LineAnswer]:
    """Answer JSON Lines input, one answer per non-blank line, lazily.

    Each line is an object with ``text`` (a string), optional ``id`` (echoed back)
    and optional ``smart_encoding`` (true/false, overriding ``smart_encoding``);
    other keys are ignored. ``lines`` are the lines themselves (blank ones skipped but
    counted, so ``line`` numbers match the input), or (number, line) pairs as
    :func:`advisor.jsonlines.read_lines` gives them. A leading byte order mark is ignored.
    With ``schema_version``, every answer starts with ``schema_version``.
    """
    limit = body_limit()
    for number, raw in _numbered(lines):
        try:
            ident, text, smart = _parse(raw, smart_encoding)
        except LineError as error:
            failed = {"id": error.ident, "line": number, "error": error.message}
            yield LineAnswer(versioned(failed) if schema_version else failed, False)
            continue
        head = (
            {"schema_version": SCHEMA_VERSION, "id": ident, "line": number}
            if schema_version
            else {"id": ident, "line": number}
        )
        if provider is None:  # what analyse() does, without a report to hold it
            found = fill_record(head, smart_encode(text), smart, None, limit)
        else:
            report = analyse(text, smart_encoding=smart, provider=provider)
            found = fill_record(head, report.smart, smart, report.provider, limit)
        yield LineAnswer(found, True)


def _numbered(
    lines: Iterable[bytes | str | tuple[int, bytes]],
) -> Iterator[tuple[int, bytes | str]]:
    for number, item in enumerate(lines, start=1):
        if isinstance(item, tuple):
            yield item
            continue
        raw = _without_bom(item) if number == 1 else item
        if raw.strip():
            yield number, raw


def _without_bom(raw: bytes | str) -> bytes | str:
    if isinstance(raw, bytes):
        return raw.removeprefix(b"\xef\xbb\xbf")
    return raw.removeprefix("\ufeff")
