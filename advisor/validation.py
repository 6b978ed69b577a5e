"""Pydantic validation errors as one-line messages that name where the problem is.

``countries.BR.short_code_lead_time.max: expected a number, got 'eight'`` tells a
user which key of their file to fix and what belongs there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_EXPECTED = {
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a finite number",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected text",
    "date_type": "expected a date (YYYY-MM-DD)",
    "date_parsing": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "missing": "missing: this key is required",
    "extra_forbidden": "unknown key (not part of the schema)",
    "string_too_short": "expected non-empty text",
    "too_short": "expected at least one item",
}


def _location(loc: Sequence[int | str]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            key = _key(str(item))
            parts.append(f".{key}" if parts else key)
    return "".join(parts) or "(top level)"


def _key(key: str) -> str:
    """A key of the user's file as a location names it: as it is when it is a short line
    of printable text, else quoted with its control characters escaped (a key holding a
    line break or a terminal's escape code never breaks the one-line error)."""
    from advisor.errors import SHOWN_CHARS, shown

    return key if key and key.isprintable() and len(key) <= SHOWN_CHARS else shown(key)


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown(value: Any) -> str:
    """A value as an error shows it: short, however large or deep the value is."""
    from advisor.errors import shown

    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, float) and value != value:
        return "nan"
    return shown(value)


def describe_error(error: ErrorDetails) -> str:
    """``path: expected ..., got ...`` for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        expected = f"expected one of {ctx.get('expected', '')}"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        symbol = {
            "greater_than_equal": ">=",
            "greater_than": ">",
            "less_than_equal": "<=",
            "less_than": "<",
        }[kind]
        bound = next(iter(ctx.values()), "")
        expected = f"expected a number {symbol} {_number(bound)}"
    elif kind == "value_error":
        expected = str(ctx.get("error", error["msg"]))
    else:
        expected = _EXPECTED.get(kind, error["msg"][:1].lower() + error["msg"][1:])
    # Tagged unions (``<all>``) and wrapped validators (``function-after[...]``) add
    # parts to loc that are not keys of the file.
    loc = [
        part
        for part in error["loc"]
        if not (isinstance(part, str) and (part.startswith("<") or "[" in part))
    ]
    message = f"{_location(loc)}: {expected}"
    if kind not in ("missing", "value_error") and "input" in error:
        message += f", got {_shown(error['input'])}"
    return message


def describe(error: ValidationError) -> list[str]:
    """One line per problem, in the order pydantic found them.

    A list too short only because its own items were invalid (pydantic counts the
    valid ones) is not a problem of its own: its items' problems say it.
    """
    errors = error.errors(include_url=False)
    locations = [item["loc"] for item in errors]
    return [
        describe_error(item)
        for item in errors
        if not (item["type"] == "too_short" and _has_inner(item["loc"], locations))
    ]


def _has_inner(loc: tuple[int | str, ...], locations: list[tuple[int | str, ...]]) -> bool:
    return any(len(other) > len(loc) and other[: len(loc)] == loc for other in locations)


def one_line(error: ValidationError, source: str) -> str:
    """The first problem, prefixed with ``source``, and how many more there are."""
    lines = describe(error)
    more = f" (and {len(lines) - 1} more problems)" if len(lines) > 1 else ""
    return f"{source}: {lines[0]}{more}"
