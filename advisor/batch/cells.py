"""The cells of a sheet as text and as typed values, both ways.

An xlsx cell holds a typed value (a number, a date, a boolean); the batch reads every
sheet as text, the way a CSV of it would hold it (:func:`cell_text`). An xlsx output
writes a plainly written number back as a number (:func:`typed_number`), only when its
text is the one :func:`cell_text` gives, so that a round trip changes no cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

#: a point followed by exactly three digits, which a locale may read as thousands.
_POINT_THOUSANDS = re.compile(r"-?\d{1,3}\.\d{3}")
#: Excel's escape of a character XML cannot hold (``_x0001_``).
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: the largest whole number a cell holds exactly (a double's 53 bits).
_EXACT = 2**53
#: a number written plainly: minus or no sign, no grouping, no exponent, no leading zero
#: (an id such as ``007`` stays text), at most 15 digits (what a cell holds exactly).
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9]\d{0,14})(?:\.\d{1,14})?")


def number_text(value: float) -> str:
    """A number as a sheet's text would hold it, read the same in every locale.

    Whole numbers have no fraction (``10``, never ``10.0``); others are the shortest
    text that reads back as the same number, never in exponent form (``0.00001``). A
    fraction of exactly three digits gets a fourth, ``0`` (``20.1250``), because
    ``20.125`` is twenty thousand one hundred and twenty-five in many locales.
    """
    if not math.isfinite(value):  # an xlsx cannot hold one; shown as Python shows it
        return repr(value)
    if value.is_integer() and abs(value) < _EXACT:
        return str(int(value))
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    if _POINT_THOUSANDS.fullmatch(text):
        text += "0"
    return text


def _duration(value: dt.timedelta) -> str:
    """A duration cell as a spreadsheet shows ``[h]:mm:ss``."""
    milliseconds = round(value.total_seconds() * 1000)
    sign = "-" if milliseconds < 0 else ""
    whole, fraction = divmod(abs(milliseconds), 1000)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return text + (f".{fraction:03d}".rstrip("0") if fraction else "")


def _unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes as the characters they stand for (never a lone surrogate)."""

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)

    return _ESCAPE.sub(character, text)


def cell_text(value: object) -> str:
    """The text of one xlsx cell as a CSV of the sheet would hold it.

    Empty: ``""``; text as it is; ``TRUE``/``FALSE`` as Excel writes them; numbers by
    :func:`number_text`; a date ``2027-03-01``, a date and time ``2027-03-01T09:30:00``
    (ISO 8601), a time ``09:30:00``, a duration ``1:30:00``.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return _unescape(value) if "_x" in value else value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _duration(value)
    return str(value)


def typed_number(text: str) -> int | float | None:
    """The number a plainly written cell holds (``20000``, ``2.5``, ``-5``), else None.

    None too for a text that :func:`cell_text` would not give back for the number
    (``1.0``, ``2.50``, ``1.125``): the text is kept as it is.
    """
    if not _PLAIN_NUMBER.fullmatch(text) or sum(char.isdigit() for char in text) > 15:
        return None
    number: int | float = float(text) if "." in text else int(text)
    return number if cell_text(number) == text else None
