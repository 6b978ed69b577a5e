"""The standalone HTML pages in a real browser: headless Chromium lays them out for print.

Every page must show all its tables and fit the printable width of an A4 page
(see :func:`browsertools.check_print_layout`, which any other page can use).
Skipped when Chromium is not installed.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

import pytest
from browsertools import check_print_layout, find_chromium, headers_of, screenshot
from typer.testing import CliRunner

from advisor import knowledge
from advisor.cli import app
from advisor.knowledge import KnowledgeBase
from advisor.render.html import render_html
from advisor.render.model import Column, Document, Paragraph, Table
from advisor.views.countries import country_support
from advisor.views.countries_document import countries_document
from advisor.views.matrix import matrix_document, sender_matrix
from advisor.vocab import OutputFormat

pytestmark = pytest.mark.browser

HTML = OutputFormat.HTML
#: 210 mm less the page's 15 mm side margins, at 96 CSS px to the inch.
A4_PRINTABLE_PX = 680
FOUR = ["US", "BR", "DE", "IN"]

#: page -> (the command, the document it renders).
PAGES: dict[str, tuple[list[str], Callable[[KnowledgeBase], Document]]] = {
    "matrix": (["matrix"], lambda kb: matrix_document(sender_matrix(kb), kb, HTML)),
    "matrix-de": (
        ["matrix", "--country", "DE"],
        lambda kb: matrix_document(sender_matrix(kb, country="DE"), kb, HTML),
    ),
    "countries": (
        ["countries", *FOUR],
        lambda kb: countries_document(country_support(kb, FOUR, fmt=HTML), kb),
    ),
    "countries-all": (
        ["countries"],
        lambda kb: countries_document(country_support(kb, fmt=HTML), kb),
    ),
    "countries-alphanumeric-dynamic": (
        ["countries", "--sender", "alphanumeric_dynamic"],
        lambda kb: countries_document(
            country_support(kb, sender="alphanumeric_dynamic", fmt=HTML), kb
        ),
    ),
}


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(
            "chromium is not installed: install it (apt-get install chromium) to lay the "
            "HTML pages out in a browser"
        )
    return found


def page(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--format", "html"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_its_tables_and_prints_on_a4(chromium: str, name: str) -> None:
    args, build = PAGES[name]
    document = build(knowledge.load())
    layout = check_print_layout(page(*args), headers_of(document), chromium)
    assert layout.printable_width == A4_PRINTABLE_PX
    assert [table["rows"] for table in layout.tables] == [
        len(table.rows) for table in document.tables()
    ]
    # A table with row headers shows one per row.
    assert all(table["row_headers"] == table["rows"] for table in layout.tables)


def _wide(cell: str) -> Document:
    table = Table((Column("a", "A"), Column("b", "B")), ((cell, "b"),))
    return Document(title="Wide", blocks=(Paragraph("A table."), table))


def test_the_check_fails_a_table_wider_than_the_page(chromium: str) -> None:
    document = _wide("x" * 200)  # one word, longer than the page is wide
    with pytest.raises(AssertionError, match=r"wide, not 680|beyond the page"):
        check_print_layout(render_html(document), headers_of(document), chromium)
    fitting = _wide("a few words " * 40)
    check_print_layout(render_html(fitting), headers_of(fitting), chromium)


def test_the_check_fails_a_missing_table(chromium: str) -> None:
    document = _wide("x")
    with pytest.raises(AssertionError, match="table headers"):
        check_print_layout(render_html(document), [["A", "B"], ["C"]], chromium)


def test_screenshot_is_a_png_of_the_whole_page(chromium: str) -> None:
    png = screenshot(page("countries", "DE"), chromium, width=640)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert width == 640
    assert height > 640  # the whole page, not the first screenful
