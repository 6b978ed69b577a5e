"""CSV (RFC 4180 quoting, UTF-8, ``\\n`` line endings) for spreadsheets.

A document becomes its tables, in order: each table is preceded by a row
holding its title (when it has one), then its header row and its rows; tables
are separated by one blank line. The document title, headings, paragraphs,
bullet lists and table footnotes have no place in a grid and are omitted.

Numbers are written as plain numbers (``1440000``, ``3.75``) so a spreadsheet
can compute with them; ``None`` is written as ``unknown`` and booleans as
``yes``/``no``. Text cells that a spreadsheet would run as a formula are
neutralised (see :func:`neutralise`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from advisor.render.cells import format_cell
from advisor.render.model import Cell, Document, Table

__all__ = ["FORMULA_TRIGGERS", "csv_line", "neutralise", "neutralise_cells", "render_csv"]

#: first characters that make a spreadsheet treat a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a formula-like text cell with ``'`` so spreadsheets show it as text.

    OWASP's guidance on CSV injection
    (https://owasp.org/www-community/attacks/CSV_Injection): a cell beginning
    with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be
    evaluated as a formula when the file is opened, so such cells get a leading
    single quote. Apply this to text only: a number such as ``-5`` is written
    as a number and must not be prefixed.
    """
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)


def neutralise_cells(cells: list[str]) -> list[str]:
    """:func:`neutralise` for a row of text cells (an intake sheet's).

    The common row has none: it is returned as it is, after one quick look.
    """
    if not [cell for cell in cells if cell[:1] in _TRIGGER_SET]:
        return cells
    return [("'" + cell) if cell[:1] in _TRIGGER_SET else cell for cell in cells]


def _field(cell: Cell) -> str:
    if isinstance(cell, str):
        return neutralise(cell)
    # Numbers, booleans and None: never formula-like.
    return format_cell(cell, grouped=False)


def csv_line(cells: Sequence[Cell]) -> str:
    """One CSV record, formatted, neutralised and quoted, ending in ``\\n``.

    Streaming writers (one row at a time) use this so that every CSV the
    advisor writes follows the same rules.
    """
    buffer = io.StringIO()
    # With lineterminator="\n" the csv module quotes a field holding "\n" but
    # not one holding a lone "\r", which a reader would then take for a line
    # break. Writing "\r\n" makes it quote both; the record's own terminator
    # is then swapped for "\n".
    csv.writer(buffer, lineterminator="\r\n").writerow([_field(cell) for cell in cells])
    return buffer.getvalue().removesuffix("\r\n") + "\n"


def _table_lines(table: Table) -> Iterable[str]:
    if table.title:
        yield csv_line([table.title])
    yield csv_line([column.title for column in table.columns])
    for row in table.rows:
        yield csv_line(row)


def render_csv(document: Document | Table) -> str:
    """Render the tables of a document (or one table) as CSV text."""
    tables = (document,) if isinstance(document, Table) else document.tables()
    return "\n".join("".join(_table_lines(table)) for table in tables)
