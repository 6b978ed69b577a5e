"""A terminal table streamed row by row: layout fixed once, then each row as it comes.

:func:`~advisor.render.terminal.render_terminal` lays a table out from every row, so it
holds them all and renders them through rich (milliseconds a row). A
:class:`TableStream` fixes the layout from the header and a bounded sample of rows
(:func:`~advisor.render.terminal.column_widths`: the same rules, the columns' kinds
included), then writes each row as plain text at the cost of formatting its cells. The
text is what rich draws for the same layout (tests/test_terminal_stream.py compares
them); in colour, the same text with rich's escape codes for bold and dim italic.

A row that the fixed layout cannot show without breaking an id, a number or a word
(a later cell longer than the sample's) switches the stream to records, one block per
row, from that row on: the rules "ids and numbers never fold" and "a table that cannot
fit becomes records" hold for every row, not only for the sample.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import cache

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from advisor.render.cells import format_cell
from advisor.render.model import Align, Cell, Column, Kind, Table
from advisor.render.terminal import RECORDS, _cell_lines, _clean, _console, column_widths

__all__ = ["TableStream", "bullet_lines", "wrap"]

_BULLET = "\u2022"
#: the escape codes of the terminal renderer's styles in rich's standard colours
BOLD = "1"
UNKNOWN = "2;3"  # dim italic: a cell that is None


def _styled(text: str, code: str) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if code and text else text


@cache
def _wrapper(width: int) -> Console:
    return _console(io.StringIO(), max(width, 1), False)


@cache
def _greedy(width: int) -> re.Pattern[str]:
    """A line: at most ``width`` characters before a space or the end, the most there are
    (what filling a line word by word gives)."""
    return re.compile(f"(.{{1,{width}}})(?: |$)")


def wrap(text: str, width: int) -> list[str]:
    """``text`` (one line, already cleaned) wrapped to ``width`` cells as rich wraps it
    (between words, a word longer than the width folded), trailing spaces removed.

    Plain ASCII words separated by single spaces, none longer than ``width`` (nearly
    every cell), are wrapped here greedily: each line the longest run of whole words
    that fits, found by one search of a pattern (the lines are the words when joined
    again: none was longer than the width). Anything else is wrapped by rich itself.
    """
    if len(text) <= width and text.isascii():
        return [text.rstrip(" ")]
    single_spaced = "  " not in text and not text.startswith(" ") and not text.endswith(" ")
    if width >= 1 and text.isascii() and single_spaced:
        lines: list[str] = _greedy(width).findall(text)
        if " ".join(lines) == text:
            return lines
    folded = Text(text).wrap(_wrapper(width), width, overflow="fold")
    return [piece.plain.rstrip(" ") for piece in folded]


def _plain(text: str) -> bool:
    """Whether ``text`` is shown as it is: one line of printable ASCII (one cell a
    character, nothing for :func:`~advisor.render.terminal._clean` to change)."""
    return text.isascii() and text.isprintable()


def _text(cell: Cell) -> str:
    """A cell's text as the terminal shows it."""
    if isinstance(cell, str):
        return cell if _plain(cell) else _clean(cell)
    return format_cell(cell)  # a number, yes or no, unknown: nothing to clean


def _wrapped(text: str, width: int) -> list[str]:
    if _plain(text):
        return wrap(text, width)
    return [piece for line in _cell_lines(text) for piece in wrap(line, width)]


def bullet_lines(item: str, width: int) -> str:
    """One item of a bullet list (as the terminal renderer draws it), with its newline."""
    room = max(width - 2, 1)
    lines = wrap(item, room) if _plain(item) else _wrapped(_clean(item), room)
    return "".join(
        (f"{_BULLET} " if index == 0 else "  ") + line + "\n" for index, line in enumerate(lines)
    )


def _pieces(column: Column, text: str) -> list[str]:
    """What must stay whole in a cell: its words (prose) or its lines (an id, a number)."""
    lines = _cell_lines(text)
    return [word for line in lines for word in line.split()] if column.kind is Kind.PROSE else lines


class TableStream:
    """A table's text, a row at a time: :meth:`head` once, then :meth:`row` per row.

    The layout is decided from the header and ``sample`` (the first rows, which the
    caller then passes to :meth:`row` like every other row): a grid with fixed widths
    when the sample fits ``width`` as a table, else records.
    """

    def __init__(
        self, table: Table, sample: Sequence[Sequence[Cell]], width: int, *, color: bool = False
    ) -> None:
        self.columns = table.columns
        self.color = color
        self.title = table.title
        self.width = width
        laid = column_widths(
            Table(columns=table.columns, rows=tuple(tuple(r) for r in sample)), width
        )
        self.widths: list[int] | None = None
        if laid != RECORDS:
            self.widths = (
                laid
                if isinstance(laid, list)
                else [
                    max(
                        cell_len(line)
                        for text in (column.title, *(format_cell(r[i]) for r in sample))
                        for line in _cell_lines(_clean(text))
                    )
                    for i, column in enumerate(table.columns)
                ]
            )
        self.lines = any(
            isinstance(cell, str) and ("\n" in cell or "\r" in cell) for r in sample for cell in r
        )
        titles = [" ".join(_cell_lines(column.title)) + ":" for column in self.columns]
        self._titles = titles
        self._label = max((cell_len(title) for title in titles), default=1)
        self._labels = [
            self._style(title, BOLD) + " " * (self._label - cell_len(title) + 1) for title in titles
        ]
        self._rows = 0

    def _style(self, text: str, code: str) -> str:
        return _styled(text, code) if self.color else text

    def _code(self, cell: Cell) -> str:
        return UNKNOWN if cell is None and self.color else ""

    @property
    def records(self) -> bool:
        """Whether rows are written as records (one block per row)."""
        return self.widths is None

    def _rule(self, left: str, middle: str, right: str) -> str:
        assert self.widths is not None
        return left + middle.join("\u2500" * (w + 2) for w in self.widths) + right + "\n"

    def _grid_row(
        self,
        texts: Sequence[str],
        aligns: Sequence[Align],
        codes: Sequence[str],
        header: bool = False,
    ) -> str:
        assert self.widths is not None
        cells = [_wrapped(t, w) for t, w in zip(texts, self.widths, strict=True)]
        height = max(len(c) for c in cells)
        if header:  # rich sets a header's cells on its bottom line
            cells = [[""] * (height - len(c)) + c for c in cells]
        out = []
        for number in range(height):
            parts = []
            for lines, width, align, code in zip(cells, self.widths, aligns, codes, strict=True):
                line = lines[number] if number < len(lines) else ""
                pad = " " * (width - cell_len(line))
                line = _styled(line, code)
                parts.append(pad + line if align is Align.RIGHT else line + pad)
            out.append("\u2502 " + " \u2502 ".join(parts) + " \u2502\n")
        return "".join(out)

    def head(self) -> str:
        """The table's title and header (nothing of it for records but the title)."""
        total = self.width if self.widths is None else sum(self.widths) + 3 * len(self.widths) + 1
        title = "".join(
            self._style(line, BOLD) + "\n"
            for line in (_wrapped(_clean(self.title), total) if self.title else ())
        )
        if self.widths is None:
            return title
        header = self._grid_row(
            [_clean(c.title) for c in self.columns],
            [c.align for c in self.columns],
            [BOLD if self.color else ""] * len(self.columns),
            header=True,
        )
        return title + self._rule("\u250c", "\u252c", "\u2510") + header

    def _fits(self, texts: Sequence[str]) -> bool:
        assert self.widths is not None
        if all(len(t) <= w and _plain(t) for t, w in zip(texts, self.widths, strict=True)):
            return True
        return all(
            cell_len(piece) <= width
            for column, text, width in zip(self.columns, texts, self.widths, strict=True)
            for piece in _pieces(column, text)
        )

    def row(self, row: Sequence[Cell]) -> str:
        """One row's text; a row the grid cannot hold closes it and turns to records."""
        texts = [_text(cell) for cell in row]
        out = ""
        if self.widths is not None:
            if self._fits(texts):
                between = self._rule("\u251c", "\u253c", "\u2524")
                first = between if self._rows == 0 or self.lines else ""
                self._rows += 1
                aligns = [c.align for c in self.columns]
                return first + self._grid_row(texts, aligns, [self._code(c) for c in row])
            out = self.tail() + "\n"
            self.widths = None
            self._rows = 0
        return out + self._record(row, texts)

    def _record(self, row: Sequence[Cell], texts: Sequence[str]) -> str:
        out = ["\n"] if self._rows or self.title else []
        self._rows += 1
        room = self.width - self._label - 1
        blank = all(cell == "" for cell in row)
        for index, (column, cell, text, title, label) in enumerate(
            zip(self.columns, row, texts, self._titles, self._labels, strict=True)
        ):
            if cell == "" and not (blank and index == 0):
                continue  # (a row of empty cells shows its first field: no row vanishes)
            if len(text) <= room and _plain(text):  # one line beside its field name
                out.append(label + self._style(text, self._code(cell)))
                out.append("\n")
                continue
            if max((cell_len(p) for p in _pieces(column, text)), default=0) <= room:
                for index, line in enumerate(_wrapped(text, max(room, 1))):
                    shown = self._style(line, self._code(cell))
                    out.append((label if index == 0 else " " * (self._label + 1)) + shown)
                    out.append("\n")
                continue
            out.extend(self._style(line, BOLD) + "\n" for line in _wrapped(title, self.width))
            out.extend(
                ("  " + self._style(line, self._code(cell))).rstrip(" ") + "\n"
                for line in _wrapped(text, max(self.width - 2, 1))
            )
        return "".join(line.rstrip(" ") if line != "\n" else line for line in out)

    def tail(self) -> str:
        """What closes the table (the grid's bottom line)."""
        if self.widths is None:
            return ""
        return self._rule("\u2514", "\u2534", "\u2518")
