"""The standalone HTML pages in a real browser: headless Chromium lays them out for print.

Every page must show all its tables and fit the printable width of an A4 page
(see :func:`browsertools.check_print_layout`, which any other page can use).
Skipped when Chromium is not installed.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any

import pytest
from browsertools import Browser, check_print_layout, find_chromium, headers_of, screenshot
from typer.testing import CliRunner

from advisor import knowledge
from advisor.capacity.planning import CapacityRequest, plan_request
from advisor.cli import app
from advisor.knowledge import KnowledgeBase
from advisor.render.html import render_html
from advisor.render.model import Column, Document, Paragraph, Table
from advisor.views.capacity import capacity_document
from advisor.views.countries import country_support
from advisor.views.countries_document import countries_document
from advisor.views.matrix import matrix_document, sender_matrix
from advisor.vocab import OutputFormat

pytestmark = pytest.mark.browser

HTML = OutputFormat.HTML
#: 210 mm less the page's 15 mm side margins, at 96 CSS px to the inch.
A4_PRINTABLE_PX = 680
FOUR = ["US", "BR", "DE", "IN"]
#: Bandwidth's worked example with a deadline: the queue chart with its limit and deadline
BANDWIDTH = [
    "capacity", "--provider", "bandwidth", "--account-mps", "5", "--queue-seconds", "900",
    "--messages", "20000", "--deadline-minutes", "60",
]  # fmt: skip
#: the ISV guide's short code with a validity period: expiry, and the limit off the chart
SHORT_CODE = [
    "capacity", "--sender", "short_code", "--country", "US", "--provider", "twilio",
    "--concurrency", "100", "--latency-ms", "200", "--messages", "1000000",
    "--validity-seconds", "3600", "--deadline-minutes", "120",
]  # fmt: skip


def _capacity(**request: Any) -> Callable[[KnowledgeBase], Document]:
    return lambda kb: capacity_document(plan_request(kb, CapacityRequest(**request)), kb)


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
    "capacity-bandwidth": (
        BANDWIDTH,
        _capacity(
            provider="bandwidth",
            account_mps=5,
            queue_seconds=900,
            messages=20_000,
            deadline_minutes=60,
        ),
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
    # A table with row headers shows one per row (the others none).
    assert [table["row_headers"] for table in layout.tables] == [
        len(table.rows) if table.row_headers else 0 for table in document.tables()
    ]


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


# --- The queue chart -----------------------------------------------------------------------------

#: every text of the chart's SVG and the box of the SVG, as laid out
_CHART_TEXTS = """
document.fonts.ready.then(() => {
  const svg = document.querySelector("figure.advisor-chart svg");
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  return {
    svg: box(svg),
    scripts: document.querySelectorAll("script").length,
    title: svg.querySelector("title").textContent,
    labelled_by: svg.getAttribute("aria-labelledby"),
    texts: [...svg.querySelectorAll("text:not([aria-hidden])")]
      .map((t) => ({text: t.textContent, ...box(t)})),
  };
})
"""


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    slack = 0.5
    return bool(
        a["left"] < b["right"] - slack
        and b["left"] < a["right"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


@pytest.mark.parametrize("args", [BANDWIDTH, SHORT_CODE], ids=["bandwidth", "short-code"])
@pytest.mark.parametrize("media", ["screen", "print"])
def test_the_queue_chart_lays_out_without_overlaps(
    chromium: str, args: list[str], media: str
) -> None:
    """In a real browser, with real fonts: every label of the chart lies within it and none
    covers another (the layout estimates text widths; this checks the estimate)."""
    with Browser(chromium) as browser:
        width = A4_PRINTABLE_PX if media == "print" else 1000
        session = browser.open_page(page(*args), width=width, height=1100, media=media)
        found = browser.evaluate(session, _CHART_TEXTS)
    assert found["scripts"] == 0
    assert found["title"] == "The queue over time, at full speed"
    assert found["labelled_by"] == "advisor-chart-1-title advisor-chart-1-desc"
    svg, texts = found["svg"], found["texts"]
    assert svg["right"] <= width + 0.5
    for text in texts:
        for side in ("left", "top"):
            assert text[side] >= svg[side] - 0.5, text
        for side in ("right", "bottom"):
            assert text[side] <= svg[side] + 0.5, text
    clashes = [
        (a["text"], b["text"])
        for index, a in enumerate(texts)
        for b in texts[index + 1 :]
        if _overlap(a, b)
    ]
    assert not clashes


def test_the_chart_screenshot_shows_the_figure_alone(chromium: str) -> None:
    """The picture in docs/capacity-chart.png is made so (scripts/screenshot.py --chart)."""
    png = screenshot(page(*BANDWIDTH), chromium, width=720, selector="figure.advisor-chart")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert 640 <= width <= 720
    assert 300 <= height <= 500


@pytest.mark.parametrize("width", [360, 1000])
def test_the_chart_keeps_its_proportions_in_any_width(chromium: str, width: int) -> None:
    """At most its own width, and narrower in a narrow window, never stretched nor boxed
    in white: the height follows the width."""
    with Browser(chromium) as browser:
        session = browser.open_page(page(*BANDWIDTH), width=width, height=900, media="screen")
        box = browser.evaluate(
            session,
            "(() => { const s = document.querySelector('figure.advisor-chart svg');"
            " const r = s.getBoundingClientRect(); return [r.width, r.height,"
            " s.viewBox.baseVal.width, s.viewBox.baseVal.height]; })()",
        )
    shown_width, shown_height, view_width, view_height = box
    assert shown_width <= min(view_width, width) + 0.5
    if width > view_width + 100:
        assert shown_width == view_width
    assert shown_height == pytest.approx(shown_width * view_height / view_width, abs=1)
