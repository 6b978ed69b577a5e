"""HTML: a standalone, print-friendly page, or a fragment for pasting.

The standalone page carries its own stylesheet (no scripts, fonts or other
external resources, so it works offline) and prints on A4: table cells keep
their words whole and print small enough for the advisor's widest tables to
fit the page (tests/test_browser.py lays the pages out in Chromium to check).
A word longer than a page is wide (a long URL in a cell) would still run off
it. A fragment is the body content alone with inline styles, because Google
Docs, Word and Confluence keep inline styles on paste but drop stylesheets
and class names.

Every piece of text goes through :func:`html.escape` with ``quote=True``;
newlines in text become ``<br>``.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from typing import IO

from advisor.render.cells import format_cell, normalise_newlines, visible_controls
from advisor.render.model import (
    Align,
    BulletList,
    Cell,
    Chart,
    Document,
    Heading,
    Paragraph,
    Table,
)

__all__ = ["STYLESHEET", "TABLE_CLASS", "HtmlSpool", "body_html", "render_html", "write_html"]

#: the class of every table the renderer writes.
TABLE_CLASS = "advisor-table"

#: shown before each checklist item (U+2610 BALLOT BOX).
_CHECKBOX = "\u2610"

_STYLESHEET = """\
@page { size: A4; margin: 18mm 15mm 20mm; }
*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  color: #1f2328;
  background: #ffffff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", sans-serif;
  font-size: 11pt;
  line-height: 1.45;
}
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
/* On a screen narrower than a wide table, the content scrolls sideways, not the page. */
@media screen { main { overflow-x: auto; } }
h1, h2, h3, h4, h5, h6 {
  margin: 1.4em 0 0.5em;
  line-height: 1.25;
  break-after: avoid;
  page-break-after: avoid;
}
h1 { margin-top: 0; font-size: 1.75em; }
h2 { font-size: 1.35em; padding-bottom: 0.2em; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1.15em; }
h4, h5, h6 { font-size: 1em; }
p, ul { margin: 0 0 0.8em; }
p.subtitle { margin-top: -0.2em; color: #57606a; font-size: 1.1em; }
ul { padding-left: 1.5em; }
ul.checklist { list-style: none; padding-left: 0.25em; }
li { margin: 0.15em 0; }
p, li { overflow-wrap: anywhere; }
table.advisor-table {
  width: 100%;
  max-width: 100%;
  margin: 0.6em 0 0.4em;
  border-collapse: collapse;
  table-layout: auto;
  font-size: 0.95em;
  break-inside: auto;
}
table.advisor-table caption {
  caption-side: top;
  padding: 0 0 0.35em;
  text-align: left;
  font-weight: 600;
  break-after: avoid;
  page-break-after: avoid;
}
/* Words stay whole: a column is never narrower than its longest word, and the
   room left over goes to the columns with the most text. (Breaking anywhere
   would let a column of long notes starve the others down to a letter.) */
table.advisor-table th,
table.advisor-table td {
  padding: 0.3em 0.6em;
  border: 1px solid #d0d7de;
  text-align: left;
  vertical-align: top;
  overflow-wrap: break-word;
  hyphens: auto;
}
table.advisor-table thead { display: table-header-group; }
table.advisor-table thead th { background: #f6f8fa; font-weight: 600; vertical-align: bottom; }
table.advisor-table tbody th { background: #fafbfc; font-weight: 600; }
table.advisor-table tbody tr:nth-child(even) td { background: #fbfcfd; }
table.advisor-table tr { break-inside: avoid; page-break-inside: avoid; }
table.advisor-table .right {
  text-align: right;
  font-variant-numeric: tabular-nums;
  overflow-wrap: normal;
  word-break: normal;
  hyphens: manual;
}
table.advisor-table .unknown { color: #57606a; font-style: italic; }
div.footnotes { margin: 0 0 1em; color: #57606a; font-size: 0.85em; }
div.footnotes p { margin: 0.2em 0; }
@media print {
  html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  table.advisor-table { font-size: 8.5pt; }
  table.advisor-table th, table.advisor-table td { padding: 0.25em 0.4em; }
}
"""

#: the stylesheet of every standalone page, and the base of the proposal's.
STYLESHEET = _STYLESHEET

# Inline styles of a fragment.
_S_TABLE = "border-collapse:collapse;border:1px solid #8c959f;margin:8px 0"
_S_CELL = "border:1px solid #8c959f;padding:4px 8px;vertical-align:top;overflow-wrap:break-word"
_S_HEAD = "background-color:#f2f4f7;font-weight:bold"
_S_TITLE = "margin:12px 0 4px;font-weight:bold"
_S_FOOTNOTE = "margin:2px 0;font-size:90%;color:#57606a"
_S_UNKNOWN = "color:#57606a;font-style:italic"
_S_SUBTITLE = "color:#57606a"


def _text(text: str) -> str:
    """Escape text for HTML; newlines become ``<br>``."""
    return "<br>".join(
        html.escape(visible_controls(line), quote=True)
        for line in normalise_newlines(text).split("\n")
    )


def _attrs(classes: list[str], styles: list[str], *, fragment: bool) -> str:
    if fragment:
        return f' style="{";".join(styles)}"' if styles else ""
    return f' class="{" ".join(classes)}"' if classes else ""


def _cell(tag: str, cell: Cell, column_align: Align, *, fragment: bool, scope: str = "") -> str:
    classes: list[str] = []
    styles = [_S_CELL]
    if tag == "th":
        styles.append(_S_HEAD)
    if column_align is Align.RIGHT:
        classes.append("right")
    styles.append(f"text-align:{column_align.value}")
    if cell is None:
        classes.append("unknown")
        styles.append(_S_UNKNOWN)
    scope_attr = f' scope="{scope}"' if scope else ""
    attrs = _attrs(classes, styles, fragment=fragment)
    return f"<{tag}{scope_attr}{attrs}>{_text(format_cell(cell))}</{tag}>"


def _table_head(table: Table, *, fragment: bool) -> list[str]:
    out: list[str] = []
    if fragment:
        # Paste targets drop <caption>: a fragment puts the title above the table.
        if table.title:
            out.append(f'<p style="{_S_TITLE}">{_text(table.title)}</p>')
        out.append(f'<table class="{TABLE_CLASS}" style="{_S_TABLE}">')
    else:
        out.append(f'<table class="{TABLE_CLASS}">')
        if table.title:
            out.append(f"<caption>{_text(table.title)}</caption>")
    out.append("<thead>")
    out.append("<tr>")
    for column in table.columns:
        out.append(_cell("th", column.title, column.align, fragment=fragment, scope="col"))
    out.append("</tr>")
    out.append("</thead>")
    out.append("<tbody>")
    return out


def _table_row(table: Table, row: Sequence[Cell], *, fragment: bool) -> list[str]:
    out = ["<tr>"]
    for index, (column, cell) in enumerate(zip(table.columns, row, strict=True)):
        if index == 0 and table.row_headers:
            out.append(_cell("th", cell, column.align, fragment=fragment, scope="row"))
        else:
            out.append(_cell("td", cell, column.align, fragment=fragment))
    out.append("</tr>")
    return out


def _table_tail(table: Table, *, fragment: bool) -> list[str]:
    out = ["</tbody>", "</table>"]
    if table.footnotes:
        if fragment:
            out.extend(f'<p style="{_S_FOOTNOTE}">{_text(note)}</p>' for note in table.footnotes)
        else:
            out.append('<div class="footnotes">')
            out.extend(f"<p>{_text(note)}</p>" for note in table.footnotes)
            out.append("</div>")
    return out


def _table(table: Table, *, fragment: bool) -> list[str]:
    out = _table_head(table, fragment=fragment)
    for row in table.rows:
        out.extend(_table_row(table, row, fragment=fragment))
    out.extend(_table_tail(table, fragment=fragment))
    return out


def _list_head(block: BulletList, *, fragment: bool) -> str:
    if block.checklist:
        attrs = ' style="list-style:none"' if fragment else ' class="checklist"'
        return f"<ul{attrs}>"
    return "<ul>"


def _list_item(block: BulletList, item: str, url: str = "") -> str:
    text = _text(item)
    if url:
        text = f'<a href="{html.escape(url, quote=True)}">{text}</a>'
    return f"<li>{_CHECKBOX} {text}</li>" if block.checklist else f"<li>{text}</li>"


_S_FIGURE = "margin:1em 0;break-inside:avoid;page-break-inside:avoid"
_S_FIGCAPTION = "margin:0.4em 0 0;color:#57606a;font-size:0.95em"


def _chart(chart: Chart, number: int) -> str:
    """A chart as a figure: an inline SVG (no script) and its words as the caption.

    Styled inline on the page as in a fragment; ids are unique by the chart's ``number``.
    """
    from advisor.render.chart import chart_svg

    svg = chart_svg(chart, id_prefix=f"advisor-chart-{number}")
    return "\n".join(
        (
            f'<figure class="advisor-chart" style="{_S_FIGURE}">',
            svg,
            f'<figcaption style="{_S_FIGCAPTION}">{_text(chart.description)}</figcaption>',
            "</figure>",
        )
    )


class HtmlSpool:
    """The rows of a table, or the items of a list, rendered as they come, kept until the
    page around them is written (:func:`write_html`).

    Kept in memory up to a few MiB, then in an anonymous temporary file that the system
    removes when it is closed: a page of a million rows costs the memory of a thousand.
    """

    def __init__(self, block: Table | BulletList, *, fragment: bool = False) -> None:
        import tempfile

        self.block = block
        self.fragment = fragment
        self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by close()
            max_size=_SPOOL_CHARS, mode="w+", encoding="utf-8", newline=""
        )

    def add(self, item: Sequence[Cell] | str) -> None:
        """Render one row (of a table) or item (of a list) into the spool."""
        if isinstance(self.block, Table):
            if isinstance(item, str):
                raise TypeError("a table's row is a sequence of cells, not a string")
            lines = _table_row(self.block, item, fragment=self.fragment)
        else:
            lines = [_list_item(self.block, str(item))]
        self._file.write("\n".join(lines) + "\n")

    def lines_before(self) -> list[str]:
        if isinstance(self.block, Table):
            return _table_head(self.block, fragment=self.fragment)
        return [_list_head(self.block, fragment=self.fragment)]

    def lines_after(self) -> list[str]:
        if isinstance(self.block, Table):
            return _table_tail(self.block, fragment=self.fragment)
        return ["</ul>"]

    def copy_to(self, out: IO[str]) -> None:
        """Write what was added, as it was rendered."""
        import shutil

        self._file.seek(0)
        shutil.copyfileobj(self._file, out, _COPY_CHARS)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> HtmlSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: a spool stays in memory up to this many characters, then goes to a temporary file.
_SPOOL_CHARS = 4 * 1024 * 1024
_COPY_CHARS = 1024 * 1024


def _body(
    document: Document, *, fragment: bool, spools: Sequence[HtmlSpool] = ()
) -> Iterator[str | HtmlSpool]:
    if document.title:
        yield f"<h1>{_text(document.title)}</h1>"
    if document.subtitle:
        attrs = f' style="{_S_SUBTITLE}"' if fragment else ' class="subtitle"'
        yield f"<p{attrs}>{_text(document.subtitle)}</p>"
    charts = 0
    for block in document.blocks:
        spool = next((spool for spool in spools if spool.block is block), None)
        if spool is not None:
            yield spool
            continue
        match block:
            case Heading(text=text, level=level):
                tag = f"h{min(max(level, 1), 6)}"
                yield f"<{tag}>{_text(text)}</{tag}>"
            case Paragraph(text=text):
                yield f"<p>{_text(text)}</p>"
            case BulletList(items=items):
                yield _list_head(block, fragment=fragment)
                yield from (_list_item(block, item, block.link(i)) for i, item in enumerate(items))
                yield "</ul>"
            case Table():
                yield from _table(block, fragment=fragment)
            case Chart():
                charts += 1
                yield _chart(block, charts)


def _page(
    document: Document, *, fragment: bool, spools: Sequence[HtmlSpool] = ()
) -> Iterator[str | HtmlSpool]:
    body = _body(document, fragment=fragment, spools=spools)
    if fragment:
        yield from body
        return
    title = _text(" ".join(normalise_newlines(document.title).split("\n")) or "advisor")
    yield from (
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        "<style>",
        _STYLESHEET.rstrip("\n"),
        "</style>",
        "</head>",
        "<body>",
        "<main>",
    )
    yield from body
    yield from ("</main>", "</body>", "</html>")


def body_html(document: Document) -> str:
    """The blocks of ``document`` (its title too, if it has one) as HTML with class names,
    for a page whose stylesheet is :data:`STYLESHEET` (the proposal's template)."""
    return "\n".join(str(piece) for piece in _body(document, fragment=False))


def render_html(document: Document, *, fragment: bool = False) -> str:
    """Render a document as HTML, ending in one newline.

    By default a complete page (``<!DOCTYPE html>`` and an embedded stylesheet);
    with ``fragment=True`` only the body content, styled inline for pasting
    into a word processor or wiki. Every table has the class
    :data:`TABLE_CLASS`; column headers are ``<th scope="col">`` and, in a
    table with ``row_headers``, the first cell of each row is
    ``<th scope="row">``.
    """
    return "\n".join(str(piece) for piece in _page(document, fragment=fragment)) + "\n"


def write_html(
    out: IO[str], document: Document, spools: Sequence[HtmlSpool], *, fragment: bool = False
) -> None:
    """:func:`render_html` written to ``out``, a spool's rows standing for its block's.

    Each spool's ``block`` is a block of ``document`` (the same object); the page is the
    one :func:`render_html` makes of the document with the spool's rows or items in
    that block, byte for byte.
    """
    for piece in _page(document, fragment=fragment, spools=spools):
        if isinstance(piece, HtmlSpool):
            out.write("".join(line + "\n" for line in piece.lines_before()))
            piece.copy_to(out)
            out.write("".join(line + "\n" for line in piece.lines_after()))
        else:
            out.write(piece + "\n")
