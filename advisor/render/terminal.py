"""Terminal text: rich tables with box lines, rendered to a string.

The console is built so that the output depends on the arguments alone: a
fixed width, no colour unless asked for, no environment variables consulted
(``COLUMNS``, ``NO_COLOR``, ``FORCE_COLOR`` ... are the command line's
business), and no markup, emoji or highlighting applied to the text, which is
always shown verbatim. Control characters in the text (an escape sequence
could clear the screen or recolour it) are shown as ``\\x1b``-style escapes.
"""

from __future__ import annotations

import io
from typing import Final, Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table as RichTable
from rich.text import Text

from advisor.render.cells import format_cell, normalise_newlines, visible_controls
from advisor.render.model import (
    Align,
    BulletList,
    Cell,
    Chart,
    Document,
    Heading,
    Kind,
    Paragraph,
    Table,
)

__all__ = ["DEFAULT_WIDTH", "RECORDS", "column_widths", "render_terminal"]

Records = Literal["records"]
#: what :func:`column_widths` answers for a table shown as records.
RECORDS: Final[Records] = "records"

#: the width used when none is given.
DEFAULT_WIDTH = 100

_BULLET = "\u2022"
_CHECKBOX = "[ ]"


def _clean(text: str) -> str:
    """Newlines normalised, tabs expanded, other control characters made visible."""
    return visible_controls(normalise_newlines(text).expandtabs(8))


def _console(file: io.StringIO, width: int, color: bool) -> Console:
    return Console(
        file=file,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        force_jupyter=False,
        force_interactive=False,
        no_color=False,
        legacy_windows=False,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        _environ={},
    )


def _heading(console: Console, text: str, level: int) -> None:
    line = _clean(" ".join(normalise_newlines(text).split("\n")))
    console.print(Text(line, style="bold"), overflow="fold")
    if level <= 2:
        rule = ("=" if level <= 1 else "-") * min(cell_len(line), console.width)
        console.print(Text(rule))


def _cell_text(cell: Cell) -> Text:
    return Text(_clean(format_cell(cell)), style="dim italic" if cell is None else "")


def _cell_lines(text: str) -> list[str]:
    return normalise_newlines(_clean(text)).split("\n")


def _words(text: str) -> list[str]:
    return text.split()


def column_widths(table: Table, available: int) -> list[int] | Records | None:
    """How ``table`` fits ``available`` columns: None when it fits as it is, the width of
    each column when some prose must wrap, or :data:`RECORDS` when even that does not fit.

    A prose column gets at least its longest word, an id or number column its longest
    cell (they never break); the rest of the width goes to the columns in proportion to
    how much more they would take. The table is then never wider than ``available``,
    and no word is ever cut: a table that cannot keep them whole is shown as records.
    """
    count = len(table.columns)
    frame = 3 * count + 1  # borders, and one space of padding on each side
    titles = [_clean(column.title) for column in table.columns]
    cells = [[format_cell(row[index]) for row in table.rows] for index in range(count)]
    natural = [
        max(
            (
                cell_len(line)
                for text in (titles[index], *cells[index])
                for line in _cell_lines(text)
            ),
            default=1,
        )
        for index in range(count)
    ]
    if sum(natural) + frame <= available:
        return None
    budget = available - frame
    longest = []
    for index, column in enumerate(table.columns):
        title = max((cell_len(word) for word in _words(titles[index])), default=1)
        if column.kind is Kind.PROSE:
            body = (cell_len(word) for text in cells[index] for word in _words(_clean(text)))
        else:  # an id or a number: each line of the cell is kept whole
            body = (cell_len(line) for text in cells[index] for line in _cell_lines(text))
        longest.append(min(max(title, max(body, default=1)), natural[index]))
    if sum(longest) > budget:
        return RECORDS

    # Water-filling: every column rises toward its natural width up to a common level,
    # so narrow columns are whole and the long ones share what is left.
    def widths_at(level: int) -> list[int]:
        return [max(longest[i], min(natural[i], level)) for i in range(count)]

    level = 0  # widths_at(0) is every column's longest word: it fits (checked above)
    while level < max(natural) and sum(widths_at(level + 1)) <= budget:
        level += 1
    widths = widths_at(level)
    leftover = budget - sum(widths)
    for index in sorted(range(count), key=lambda i: natural[i] - widths[i], reverse=True):
        if leftover <= 0:
            break
        if widths[index] < natural[index]:
            widths[index] += 1
            leftover -= 1
    return widths


def _table(console: Console, table: Table) -> None:
    widths = column_widths(table, console.width)
    if widths == RECORDS:
        _records(console, table)
        return
    grid = RichTable(
        title=Text(_clean(table.title), style="bold") if table.title else None,
        title_justify="left",
        box=box.SQUARE,
        header_style="bold",
        expand=False,
        highlight=False,
    )
    for index, column in enumerate(table.columns):
        grid.add_column(
            Text(_clean(column.title)),
            justify="right" if column.align is Align.RIGHT else "left",
            overflow="fold",
            style="bold" if index == 0 and table.row_headers else None,
            width=widths[index] if isinstance(widths, list) else None,
        )
    for row in table.rows:
        grid.add_row(*(_cell_text(cell) for cell in row))
    # When a row may take several lines, rule between rows to keep them apart.
    multiline = any(
        isinstance(cell, str) and ("\n" in cell or "\r" in cell)
        for row in table.rows
        for cell in row
    )
    if multiline or console.measure(grid).maximum > console.width:
        grid.show_lines = True
    console.print(grid)
    _footnotes(console, table)


def _footnotes(console: Console, table: Table) -> None:
    for note in table.footnotes:
        console.print(Text(_clean(note)), overflow="fold")


def _records(console: Console, table: Table) -> None:
    """``table`` as one block per row, a ``field: value`` line per cell.

    For a table too wide for the terminal. The values of every block start in one
    column, and prose wraps under its value; a value whose id, number or longest word
    would not fit beside its field name goes on the lines under it, indented. A table
    whose first column names its rows (``row_headers``) heads each block with that
    name. Empty cells are left out; a row whose every cell is empty shows its first
    field name alone, so that no row vanishes.
    """
    if table.title:
        console.print(Text(_clean(table.title), style="bold"), overflow="fold")
    titles = [" ".join(_cell_lines(column.title)) + ":" for column in table.columns]
    first = 1 if table.row_headers else 0
    label = max((cell_len(title) for title in titles[first:]), default=1)
    room = console.width - label - 1
    for number, row in enumerate(table.rows):
        if number or table.title:
            console.print()
        if table.row_headers:
            name = " ".join(_cell_lines(format_cell(row[0])))
            console.print(Text(_clean(name), style="bold"), overflow="fold")
        grid: RichTable | None = None
        blank = all(cell == "" for cell in row[first:])
        for index in range(first, len(row)):
            if row[index] == "" and not (blank and index == first):
                continue  # (a row of empty cells shows its first field: no row vanishes)
            text = _clean(format_cell(row[index]))
            pieces = _cell_lines(text)
            if table.columns[index].kind is Kind.PROSE:
                pieces = [word for line in pieces for word in _words(line)]
            title = Text(titles[index], style="bold")
            if max((cell_len(piece) for piece in pieces), default=0) <= room:
                if grid is None:
                    grid = RichTable.grid(padding=(0, 1))
                    grid.add_column(no_wrap=True, width=label)
                    grid.add_column(overflow="fold")
                grid.add_row(title, _cell_text(row[index]))
                continue
            if grid is not None:
                console.print(grid)
                grid = None
            console.print(title, overflow="fold")
            console.print(Padding(_cell_text(row[index]), (0, 0, 0, 2)), overflow="fold")
        if grid is not None:
            console.print(grid)
    if table.footnotes:
        console.print()
    _footnotes(console, table)


def _bullets(console: Console, block: BulletList) -> None:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    marker = _CHECKBOX if block.checklist else _BULLET
    for index, item in enumerate(block.items):
        url = block.link(index)
        grid.add_row(Text(marker), Text(_clean(f"{item}: {url}" if url else item)))
    console.print(grid)


#: the widest text chart drawn, whatever the terminal's width.
CHART_WIDTH = 60


def _chart(console: Console, chart: Chart) -> None:
    """The chart's title, a text chart at most :data:`CHART_WIDTH` wide, and its words."""
    from advisor.render.textchart import text_chart

    console.print(Text(_clean(chart.title), style="bold"), overflow="fold")
    for line in text_chart(chart, width=min(CHART_WIDTH, console.width)):
        console.print(Text(_clean(line)), overflow="fold")
    console.print(Text(_clean(chart.description)), overflow="fold")


def render_terminal(document: Document, *, width: int | None = None, color: bool = False) -> str:
    """Render a document for a terminal, ``width`` columns wide (default 100).

    Without ``color`` the text is plain (no escape sequences at all), so titles
    and level-1/2 headings are underlined with ``=``/``-``. With ``color``,
    bold and dim styles use the 16 standard ANSI colours.
    """
    if width is not None and width < 1:
        raise ValueError(f"width must be at least 1, not {width}")
    buffer = io.StringIO()
    console = _console(buffer, width or DEFAULT_WIDTH, color)
    sections = 0

    def gap() -> None:
        nonlocal sections
        if sections:
            console.print()
        sections += 1

    if document.title:
        gap()
        _heading(console, document.title, 1)
    if document.subtitle:
        if not document.title:
            gap()
        console.print(Text(_clean(document.subtitle)), overflow="fold")
    for block in document.blocks:
        gap()
        match block:
            case Heading(text=text, level=level):
                _heading(console, text, level)
            case Paragraph(text=text):
                console.print(Text(_clean(text)), overflow="fold")
            case BulletList():
                _bullets(console, block)
            case Table():
                _table(console, block)
            case Chart():
                _chart(console, block)
    text = buffer.getvalue()
    if not color:
        text = "\n".join(line.rstrip(" ") for line in text.split("\n"))
    return text
