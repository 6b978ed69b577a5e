"""The records of a CSV text, each with the line it starts on, within documented limits.

:mod:`csv` is fed lines read with a bound, so memory stays flat whatever a line's length:

- a row (one record, over all its lines) holds at most :data:`MAX_ROW_CHARS` characters:
  a longer one is an error record and the reading goes on after it;
- a cell holds at most :data:`MAX_CELL_CHARS` (the caller checks, see :attr:`Record.big`);
- a quoted field that never ends (an unbalanced ``"``) would swallow every later row:
  the record it is in becomes an error record naming the line where the field began,
  and the lines after that one are read again as rows, so none is lost.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from typing import NamedTuple, TextIO

#: the most characters of one cell (64 KiB of ASCII).
MAX_CELL_CHARS = 64 * 1024
#: the most characters of one row, over all its lines (1 MiB of ASCII).
MAX_ROW_CHARS = 1024 * 1024
#: how much of an over-long line is read at a time while skipping it.
_SKIP_CHARS = 64 * 1024


class Record(NamedTuple):
    #: the line of the file where the record starts (1 = the first line).
    line: int
    cells: list[str]
    #: why the record could not be read as it stands (too long, an unbalanced quote).
    error: str | None = None
    #: the record holds more than :data:`MAX_CELL_CHARS` characters: check its cells.
    big: bool = False


class _TooLong:
    """Stands, among lines to read again, for a line longer than a row may be."""


_TOO_LONG = _TooLong()


def too_long_row() -> str:
    return (
        f"the row is longer than {MAX_ROW_CHARS:,} characters (1 MiB), the most a row may "
        "hold; its cells are not read"
    )


def too_long_cell(length: int) -> str:
    return f"the cell holds {length:,} characters; a cell holds at most {MAX_CELL_CHARS:,} (64 KiB)"


class RecordReader:
    """The records of ``text``, in order; ``line`` is the number of its first line."""

    def __init__(self, text: TextIO, delimiter: str, line: int = 1, first: str = "") -> None:
        self._text = text
        self._delimiter = delimiter
        #: the line the next record starts on.
        self.line = line
        #: the raw lines of the record being read (kept for reading them again).
        self._lines: list[str] = []
        #: lines to read before the text's next one.
        self._pending: deque[str | _TooLong] = deque([first] if first else [])
        self._eof = False
        self._overflow = False
        self._big = False

    def __iter__(self) -> Iterator[Record]:
        lines = self._lines
        make = tuple.__new__  # a record per row: the fastest way to build one
        while True:
            self._eof = self._overflow = False
            reader = csv.reader(self._feed(), delimiter=self._delimiter, strict=False)
            line = self.line
            for cells in reader:
                if self._eof or self._overflow:
                    # the text ended, or the row outgrew the limit, inside a quoted field
                    self.line = line
                    yield self._unbalanced(cells)
                    break
                start, line = line, line + len(lines)
                lines.clear()
                if self._big:
                    self._big = False
                    yield Record(start, cells, None, True)
                else:
                    yield make(Record, (start, cells, None, False))
            else:
                self.line = line
                if self._overflow:  # one physical line longer than a row may be
                    yield Record(self.line, [], too_long_row())
                    self.line += 1
                    continue
                if not self._pending:
                    return

    def _feed(self) -> Iterator[str]:
        """Lines for :mod:`csv`: pending ones first, then the text's, each bounded.

        Stops (and says why in ``_eof`` or ``_overflow``) at the end of the text, or
        when the record being read would outgrow :data:`MAX_ROW_CHARS`.
        """
        lines = self._lines
        pending = self._pending
        readline = self._text.readline
        limit = MAX_ROW_CHARS
        chars = 0
        while True:
            line: str | _TooLong
            if pending:
                line = pending.popleft()
                if isinstance(line, _TooLong):
                    if lines:
                        pending.appendleft(line)
                    self._overflow = True
                    return
            else:
                line = readline(limit + 1)
                if not line:
                    self._eof = True
                    return
            chars = chars + len(line) if lines else len(line)
            if chars > limit:
                if len(line) > limit:
                    self._skip_rest(line)
                    if lines:
                        pending.appendleft(_TOO_LONG)
                else:
                    pending.appendleft(line)
                self._overflow = True
                return
            if chars > MAX_CELL_CHARS:
                self._big = True
            lines.append(line)
            yield line

    def _skip_rest(self, line: str) -> None:
        """Read past the rest of a physical line that is too long to keep."""
        readline = self._text.readline
        while not line.endswith(("\n", "\r")):
            line = readline(_SKIP_CHARS)
            if not line:
                return

    def _unbalanced(self, cells: list[str]) -> Record:
        """The record of a quoted field that never ends: an error, and its later lines again."""
        lines = self._lines
        start = self.line
        opened = _open_quote_line(lines, self._delimiter)
        begins = start + opened
        if self._eof:
            why = "never ends (an unbalanced quote)"
        else:
            why = f"does not end within {MAX_ROW_CHARS:,} characters (an unbalanced quote?)"
        rest = lines[opened + 1 :]
        self._pending.extendleft(reversed(rest))
        kept = _cells_up_to(lines[: opened + 1], self._delimiter)
        self.line = begins + 1
        lines.clear()
        self._big = False
        again = "; the lines after it are read again as rows" if rest else ""
        return Record(start, kept, f'a quoted field (") begins on line {begins} and {why}{again}')


def _open_quote_line(lines: list[str], delimiter: str) -> int:
    """The index of the line where the field still open at the end of ``lines`` began.

    Follows :mod:`csv`'s reading (``strict=False``): a quote opens a field only at its
    start, ``""`` inside a quoted field is a quote, and a field goes on after its
    closing quote until the delimiter.
    """
    opened = 0
    quoted = after_quote = False
    at_start = True
    for index, line in enumerate(lines):
        for char in line:
            if quoted:
                if char == '"':
                    quoted, after_quote = False, True
                continue
            if after_quote and char == '"':  # "" inside a quoted field
                quoted, after_quote = True, False
                continue
            after_quote = False
            if char == delimiter or char in "\r\n":
                at_start = True
            elif char == '"' and at_start:
                quoted, opened, at_start = True, index, False
            else:
                at_start = False
    return opened


def _cells_up_to(lines: list[str], delimiter: str) -> list[str]:
    """The cells of ``lines`` with the field left open closed at the end of the last one."""
    text = "".join(lines)
    try:
        cells = next(csv.reader([text + '"'], delimiter=delimiter, strict=False), [])
    except csv.Error:  # pragma: no cover - the text is one record by construction
        return []
    if cells:
        cells[-1] = cells[-1].rstrip("\r\n")
    return cells
