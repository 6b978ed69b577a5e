"""GitHub-flavoured Markdown.

Every piece of text is escaped so that it renders as itself: no emphasis, link,
code span, strikethrough, math or raw HTML can come out of a cell or a
paragraph, and nothing a builder writes can break a table's columns. The
escaping leaves ordinary text readable: a ``_`` between two letters or digits
(``long_code``) cannot start emphasis and is left alone, and a ``&`` is only
escaped when it would otherwise start a character reference (``&amp;``).
"""

from __future__ import annotations

import re

from advisor.render.cells import format_cell, normalise_newlines, visible_controls
from advisor.render.model import (
    Align,
    BulletList,
    Chart,
    Document,
    Heading,
    Paragraph,
    Table,
)

__all__ = ["escape_cell", "escape_text", "render_markdown"]

# ASCII punctuation that can start inline markup in GFM (or in GitHub's math),
# escaped with a backslash. ``|`` is included so a pipe can never end a table
# cell; ``\`` so a backslash in the text can never escape what follows it.
_BACKSLASHED = frozenset("\\`*[]~|$")
# Characters that could produce raw HTML or a character reference.
_ENTITIES = {"<": "&lt;", ">": "&gt;"}
# ``&`` followed by something shaped like a character reference (``&copy;``,
# ``&#35;``, ``&#x23;``); any other ``&`` is shown literally by every renderer.
_REFERENCE_LIKE = re.compile(r"#?[0-9A-Za-z]+;")
# At the start of a line outside tables: an ATX heading, a ``-``/``+`` list
# item, a ``-``/``=`` setext underline, a ``-`` thematic break or a table
# delimiter row such as ``:--`` (pipes are escaped everywhere; the other
# block markers, such as ``*``, ``_``, ``>``, backticks and ``~``, are escaped
# everywhere already).
_BLOCK_MARKER = re.compile(r"#{1,6}(?:[ \t]|$)|[-+](?:[ \t]|$)|-[- \t]*$|=+[ \t]*$|:?-+:?[ \t]*$")
# Markdown's whitespace at the ends of a line or cell (it keeps any other).
_BLANK = " \t"
_ORDERED_MARKER = re.compile(r"(\d{1,9})[.)](?:[ \t]|$)")


def _escape_inline(text: str) -> str:
    out: list[str] = []
    # ``\x1b`` for a control character; its backslash is escaped below, like any other.
    text = visible_controls(text)
    for index, char in enumerate(text):
        if char in _BACKSLASHED:
            out.append("\\" + char)
        elif char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char == "&" and _REFERENCE_LIKE.match(text, index + 1):
            out.append("&amp;")
        elif char == "_":
            before = text[index - 1] if index > 0 else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            # Inside a word an underscore can neither open nor close emphasis.
            out.append("_" if before.isalnum() and after.isalnum() else "\\_")
        else:
            out.append(char)
    return "".join(out)


def escape_cell(text: str) -> str:
    """Escape text for one GFM table cell; newlines become ``<br>``."""
    lines = normalise_newlines(text).split("\n")
    return "<br>".join(_escape_inline(line.strip(_BLANK)) for line in lines)


def _escape_line(line: str) -> str:
    """Escape one line of block text (a paragraph, list item or heading)."""
    line = line.strip(_BLANK)
    escaped = _escape_inline(line)
    if _BLOCK_MARKER.match(line):
        return "\\" + escaped
    marker = _ORDERED_MARKER.match(escaped)
    if marker:
        return marker.group(1) + "\\" + escaped[marker.end(1) :]
    return escaped


def escape_text(text: str, *, indent: str = "") -> str:
    """Escape block text; its newlines become hard line breaks.

    Blank lines at the start and end are dropped and each line is stripped of
    spaces and tabs. Continuation lines get ``indent`` so that they stay
    inside a list item.
    """
    lines = [
        _escape_line(line) for line in normalise_newlines(text).strip(_BLANK + "\n").split("\n")
    ]
    return ("\\\n" + indent).join(lines)


def _single_line(text: str) -> str:
    return " ".join(normalise_newlines(text).split("\n"))


# ``#`` characters ending a heading after a space: an ATX closing sequence.
_CLOSING_SEQUENCE = re.compile(r"(?:^|(?<=[ \t]))#+$")


def _heading(text: str, level: int) -> str:
    level = min(max(level, 1), 6)
    escaped = _escape_line(_single_line(text))
    closing = _CLOSING_SEQUENCE.search(escaped)
    if closing:
        escaped = escaped[: closing.start()] + "\\" + escaped[closing.start() :]
    return "#" * level + " " + escaped


def _link(text: str, url: str) -> str:
    """``[text](<url>)``: the URL in angle brackets, with the characters they cannot hold
    percent-encoded."""
    target = "".join(f"%{ord(c):02X}" if c in "<>\\ \n\r" else c for c in url)
    return f"[{_escape_inline(_single_line(text).strip(_BLANK))}](<{target}>)"


def _bullet_list(block: BulletList, marker: str) -> str:
    box = "[ ] " if block.checklist else ""
    indent = " " * (len(marker) + 1)
    return "\n".join(
        f"{marker} {box}"
        + (_link(item, url) if (url := block.link(index)) else escape_text(item, indent=indent))
        for index, item in enumerate(block.items)
    )


def _table(table: Table, level: int = 2) -> str:
    parts: list[str] = []
    if _single_line(table.title).strip(_BLANK):
        # A section title is a heading, so a document's outline shows it.
        parts.append(_heading(table.title, level))
    if table.columns:
        header = [escape_cell(column.title) for column in table.columns]
        body = [[escape_cell(format_cell(cell)) for cell in row] for row in table.rows]
        widths = [
            max([3, len(header[index])] + [len(row[index]) for row in body])
            for index in range(len(table.columns))
        ]
        rights = [column.align is Align.RIGHT for column in table.columns]

        def line(cells: list[str]) -> str:
            padded = (
                cell.rjust(width) if right else cell.ljust(width)
                for cell, width, right in zip(cells, widths, rights, strict=True)
            )
            return "| " + " | ".join(padded) + " |"

        rule = [
            "-" * (width - 1) + ":" if right else ":" + "-" * (width - 1)
            for width, right in zip(widths, rights, strict=True)
        ]
        grid = [line(header), line(rule), *(line(row) for row in body)]
        parts.append("\n".join(grid))
    notes = [escape_text(note) for note in table.footnotes]
    if any(notes):
        parts.append("\\\n".join(note for note in notes if note))
    return "\n\n".join(parts)


def _chart(chart: Chart) -> str:
    """A chart as its bold title, a text chart in a fenced code block, and its words.

    The code block is fenced with more backticks than any run in it, so nothing in it
    can close it early.
    """
    from advisor.render.textchart import text_chart

    lines = [visible_controls(line) for line in text_chart(chart, width=60)]
    runs = re.findall(r"`+", "\n".join(lines))
    fence = "`" * max([3, *(len(run) + 1 for run in runs)])
    parts = []
    title = _escape_inline(_single_line(chart.title).strip(_BLANK))
    if title:
        parts.append(f"**{title}**")
    if lines:
        parts.append("\n".join([fence + "text", *lines, fence]))
    description = escape_text(chart.description)
    if description:
        parts.append(description)
    return "\n\n".join(parts)


def _list_markers(run: list[BulletList]) -> list[str]:
    """Bullet characters for lists that follow one another.

    Markdown merges two adjacent lists that use the same bullet character, so
    they alternate between ``-`` and ``*``; of the two alternations, the one
    that gives more checklists ``-`` wins (``- [ ] item`` is the usual form).
    """
    dash_first = ["-" if index % 2 == 0 else "*" for index in range(len(run))]
    star_first = ["*" if index % 2 == 0 else "-" for index in range(len(run))]

    def dashed_checklists(markers: list[str]) -> int:
        return sum(block.checklist and m == "-" for block, m in zip(run, markers, strict=True))

    return (
        star_first if dashed_checklists(star_first) > dashed_checklists(dash_first) else dash_first
    )


def render_markdown(document: Document) -> str:
    """Render a document as GitHub-flavoured Markdown, ending in one newline.

    The title is a level-1 heading and the subtitle a paragraph under it. A
    table's title is a heading above it, one level below the section it is in,
    and its footnotes a paragraph below it. A list item with a link is a link.
    Lists that follow one another use different bullet characters so Markdown
    keeps them apart.
    """
    parts: list[str | BulletList] = []
    if document.title:
        parts.append(_heading(document.title, 1))
    if document.subtitle:
        parts.append(escape_text(document.subtitle))
    # a table's title is a heading one level below the section it is in
    section = 1
    for block in document.blocks:
        match block:
            case Heading(text=text, level=level):
                parts.append(_heading(text, level))
                section = level
            case Paragraph(text=text):
                parts.append(escape_text(text))
            case BulletList():
                parts.append(block)
            case Table():
                parts.append(_table(block, min(section + 1, 6)))
            case Chart():
                parts.append(_chart(block))
    parts = [part for part in parts if (part.items if isinstance(part, BulletList) else part)]
    out: list[str] = []
    run: list[BulletList] = []
    for part in [*parts, ""]:
        if isinstance(part, BulletList):
            run.append(part)
            continue
        markers = _list_markers(run)
        out.extend(_bullet_list(block, m) for block, m in zip(run, markers, strict=True))
        run = []
        if part:
            out.append(part)
    return "\n\n".join(out) + "\n"
