"""The one cell formatter every renderer shares.

Formatting is locale-independent: the ``,`` format option always groups
thousands with a comma and uses ``.`` as the decimal point, whatever the
process locale says.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model's dataclasses are not needed to format a value
    from advisor.render.model import Cell

#: the word shown for a ``None`` cell in every format.
UNKNOWN = "unknown"


def is_number(cell: Cell) -> bool:
    """True for an int or float cell (a bool is not a number here)."""
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def format_number(value: int | float, *, grouped: bool = True) -> str:
    """Format a number: ints exactly, floats to at most two decimals.

    ``grouped`` adds thousands separators (``1,440,000``); CSV turns it off so
    spreadsheets read the cell as a number. Trailing zeros of a float are
    trimmed (``450.0`` -> ``450``, ``3.50`` -> ``3.5``) and a value that rounds
    to zero never shows a minus sign. A NaN or infinite float raises
    :class:`ValueError`: a table has no honest way to show one.
    """
    if isinstance(value, bool):
        raise TypeError("a bool is not a number cell")
    if isinstance(value, int):
        return f"{value:,}" if grouped else str(value)
    if not math.isfinite(value):
        raise ValueError(f"cannot show {value!r} in a table cell")
    text = f"{value:,.2f}" if grouped else f"{value:.2f}"
    text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_cell(cell: Cell, *, grouped: bool = True) -> str:
    """The text of one cell.

    ``True``/``False`` -> ``yes``/``no``; ``None`` -> ``unknown``; numbers via
    :func:`format_number`; strings unchanged (escaping is each renderer's job).
    """
    if cell is None:
        return UNKNOWN
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, int | float):
        return format_number(cell, grouped=grouped)
    return cell


def format_count(count: int, word: str) -> str:
    """``1 segment``, ``3 segments``, ``1,600 characters``."""
    return f"{format_number(count)} {word}" if count == 1 else f"{format_number(count)} {word}s"


def normalise_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: C0 and C1 control characters and DEL, but for tab and newline (laid out by each renderer).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible_controls(text: str) -> str:
    """Control characters shown as ``\\x1b``-style escapes, the same in every renderer.

    An escape sequence from the input (ANSI colours, an OSC hyperlink or title, a
    screen clear) never reaches a terminal, a browser or a Markdown viewer as one.
    """
    return _CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
