"""Results as workbooks: the sheets an xlsx output holds, each one table.

A document's tables become sheets named by their titles, and a last sheet, "Summary",
holds the rest of the document, in order: its title, the paragraphs and lists under each
heading, each table's footnotes, and what each chart shows, in words. The report's first
sheet is its tidy long form (:mod:`advisor.views.longform`) instead of its tables.
"""

from __future__ import annotations

from advisor.render.model import (
    BulletList,
    Chart,
    Column,
    Document,
    Heading,
    Paragraph,
    Table,
)

#: a workbook: (sheet title, table) in order.
Sheets = list[tuple[str, Table]]

SUMMARY = "Summary"


def summary_table(document: Document) -> Table:
    """The text of a document as rows: the section each text is under, and the text."""
    rows: list[tuple[str, str]] = [("title", document.title)]
    if document.subtitle:
        rows.append(("subtitle", document.subtitle))
    section = ""
    for block in document.blocks:
        if isinstance(block, Heading):
            section = block.text
        elif isinstance(block, Paragraph):
            rows.append((section, block.text))
        elif isinstance(block, BulletList):
            rows.extend(
                (section, f"{item}: {url}" if (url := block.link(i)) else item)
                for i, item in enumerate(block.items)
            )
        elif isinstance(block, Chart):  # a sheet draws no chart: the words that say it
            rows.append((block.title or section, block.description))
        else:
            rows.extend((block.title or section, note) for note in block.footnotes)
    return Table(columns=(Column("section", "Section"), Column("text", "Text")), rows=tuple(rows))


def document_sheets(document: Document) -> Sheets:
    """Each table of ``document`` as a sheet, then its :func:`summary_table`."""
    sheets: Sheets = [
        (table.title or document.title or f"Table {index}", table)
        for index, table in enumerate(document.tables(), start=1)
    ]
    sheets.append((SUMMARY, summary_table(document)))
    return sheets
