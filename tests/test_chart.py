"""The queue chart: scales, the SVG, the text chart, each renderer's way, and golden files."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_capacity_timeline import campaigns, timeline_of

from advisor.capacity import CapacityInput, ProviderLimits, plan_capacity
from advisor.capacity.timeline import Timeline, queue_timeline
from advisor.render.chart import chart_scale, chart_svg, count_label, time_label
from advisor.render.html import render_html
from advisor.render.markdown import render_markdown
from advisor.render.model import Axis, Chart, Document, Marker, Paragraph, Stroke
from advisor.render.terminal import render_terminal
from advisor.render.textchart import MIN_WIDTH, text_chart
from advisor.views.capacity_chart import queue_chart

SVG = "{http://www.w3.org/2000/svg}"

#: Bandwidth's seed: 5 MPS, a 15-minute queue, burst 5 + 10, 20,000 messages.
BANDWIDTH = CapacityInput(
    concurrency=None,
    latency_ms=None,
    mps=5,
    messages=20_000,
    deadline_minutes=60,
    limits=ProviderLimits(
        provider="bandwidth",
        queue_seconds=900,
        queue_scope="account",
        burst_rps=None,
        burst_headroom_rps=10,
    ),
)
#: the ISV guide's short code with a one-hour validity period: expiry, the limit far above.
SHORT_CODE = CapacityInput(
    concurrency=100,
    latency_ms=200,
    mps=100,
    messages=1_000_000,
    validity_seconds=3_600,
    deadline_minutes=120,
    limits=ProviderLimits(
        provider="twilio", queue_seconds=36_000, queue_scope="per sender", burst_rps=None
    ),
)


def chart_of(inp: CapacityInput) -> tuple[Timeline, Chart]:
    plan = plan_capacity(inp)
    timeline = queue_timeline(plan, messages=inp.messages, validity_seconds=inp.validity_seconds)
    assert timeline is not None
    deadline = plan.deadline.deadline_seconds if plan.deadline else None
    chart = queue_chart(
        timeline,
        deadline_seconds=deadline,
        refused_messages=plan.queue_rejection.messages,
        expired_messages=plan.expired_messages,
        backlog_segments=plan.peak_queue_segments,
    )
    return timeline, chart


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


# --- Scales --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (0, "0"),
        (0.25, "250 ms"),
        (1e-7, "0.0001 ms"),
        (7.5, "7.5 s"),
        (45, "45 s"),
        (450, "7 min 30 s"),
        (600, "10 min"),
        (2_233.33, "37 min 13 s"),
        (3_600, "1 h"),
        (5_400, "1 h 30 min"),
        (3_725, "1 h 2 min"),
        (2 * 86_400 + 3 * 3_600, "2 d 3 h"),
        (1e9, "11,574 d 1 h"),
    ],
)
def test_time_reads_as_a_person_says_it(seconds: float, label: str) -> None:
    assert time_label(seconds) == label


@pytest.mark.parametrize(
    ("value", "step", "label"),
    [
        (4_500, 1_000, "4,500"),
        (0, 1_000, "0"),
        (1e13, 2e12, "10,000,000,000,000"),
        (0.4, 0.2, "0.4"),
        (0.015, 0.005, "0.015"),
    ],
)
def test_counts_have_thousands_separators(value: float, step: float, label: str) -> None:
    assert count_label(value, step) == label


def test_the_bandwidth_chart_has_round_ticks() -> None:
    _, chart = chart_of(BANDWIDTH)
    scale = chart_scale(chart)
    assert scale.peak == 4_500
    assert scale.value_ticks == (0, 1_000, 2_000, 3_000, 4_000, 5_000)
    # the deadline (1 h) is within reach of the data (37 min): the axis runs to it
    assert scale.time_ticks == (0, 600, 1_200, 1_800, 2_400, 3_000, 3_600)
    assert [m.label for m in scale.shown] == ["Queue limit: 4,500 segments", "Deadline: 1 h"]
    assert scale.beyond == ()


def test_a_marker_far_beyond_the_data_is_named_not_drawn() -> None:
    _, chart = chart_of(SHORT_CODE)
    scale = chart_scale(chart)
    assert [m.label for m in scale.beyond] == ["Queue limit: 3,600,000 segments"]
    assert scale.value_top == 1_000_000  # 800,000 and room for its label
    assert "Queue limit: 3,600,000 segments (above the chart)" in chart_svg(chart)


def test_a_queue_that_stays_empty_is_said_so() -> None:
    keeps_up = CapacityInput(
        concurrency=10, latency_ms=250, mps=100, messages=1_000, limits=SHORT_CODE.limits
    )
    no_queue = CapacityInput(concurrency=50, latency_ms=250, mps=10, messages=1_000)
    _, chart = chart_of(keeps_up)
    assert chart.callout is None
    assert chart.description == (
        "Nothing queues: the sender keeps up, and the last segment leaves after 25 s."
    )
    _, chart = chart_of(no_queue)
    assert chart.description == (
        "Nothing queues: without a queue, what the sender cannot send at once is refused "
        "(950 messages in all), and the last segment leaves after 5 s."
    )


# --- The SVG -------------------------------------------------------------------------------------


def test_the_svg_is_an_accessible_image() -> None:
    _, chart = chart_of(BANDWIDTH)
    svg = chart_svg(chart, id_prefix="c1")
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert title.get("id") == "c1-title"
    assert title.text == "The queue over time, at full speed"
    assert desc is not None
    assert desc.get("id") == "c1-desc"
    assert desc.text is not None
    assert desc.text.startswith("The queue peaks at 4,500 segments")
    assert "script" not in svg.lower()
    assert not re.search(r"\son\w+=", svg)  # no event handlers
    assert chart_svg(chart, id_prefix="c1") == svg  # deterministic


def test_the_bandwidth_peak_is_4500_on_the_chart() -> None:
    """The polyline's highest point is the queue limit's line, labelled 4,500."""
    _, chart = chart_of(BANDWIDTH)
    root = parse(chart_svg(chart))
    line = root.find(f"{SVG}polyline")
    assert line is not None
    levels = [float(pair.split(",")[1]) for pair in (line.get("points") or "").split()]
    limit = next(el for el in root.iter(f"{SVG}line") if el.get("stroke-dasharray") == "7 4")
    assert min(levels) == float(limit.get("y1") or "nan") == float(limit.get("y2") or "nan")
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert "Peak: 4,500 segments" in texts
    assert "4,000" in texts
    assert "5,000" in texts
    assert "30 min" in texts


def test_every_line_differs_by_its_dashes_as_well_as_its_colour() -> None:
    _, chart = chart_of(SHORT_CODE)
    root = parse(chart_svg(chart))
    patterns = {
        (el.get("stroke"), el.get("stroke-dasharray"))
        for el in root.iter(f"{SVG}line")
        if el.get("stroke-dasharray")
    }
    assert len({dash for _, dash in patterns}) == len(patterns) >= 2


def test_the_peak_label_reads_in_a_renderer_without_paint_order() -> None:
    """WeasyPrint (the PDF) ignores ``paint-order`` and strokes text over its fill: the
    label's white halo is a text of its own, drawn first and hidden from screen readers."""
    _, chart = chart_of(BANDWIDTH)
    svg = chart_svg(chart)
    assert "paint-order" not in svg
    texts = list(parse(svg).iter(f"{SVG}text"))
    stroked = [index for index, el in enumerate(texts) if el.get("stroke")]
    assert stroked
    for index in stroked:
        halo, label = texts[index], texts[index + 1]
        assert halo.get("aria-hidden") == "true"
        assert (halo.get("fill"), halo.get("stroke")) == ("#ffffff", "#ffffff")
        assert label.get("stroke") is None
        assert (label.text, label.get("x"), label.get("y")) == (
            halo.text,
            halo.get("x"),
            halo.get("y"),
        )
    assert [el.text for el in texts].count("Peak: 4,500 segments") == 2


HOSTILE = '<script>alert("x")</script> & \x1b[31m ]]> \u202e'


def test_every_text_is_escaped() -> None:
    chart = Chart(
        title=HOSTILE,
        description=HOSTILE,
        series_label=HOSTILE,
        value_unit=HOSTILE,
        points=((0, 0), (10, 5), (20, 0)),
        markers=(
            Marker(Axis.VALUE, 4, HOSTILE, Stroke.DASHED),
            Marker(Axis.TIME, 15, HOSTILE, Stroke.DASH_DOT),
            Marker(Axis.VALUE, 1e9, HOSTILE, Stroke.DOTTED),
        ),
        callout=(10, 5, HOSTILE),
    )
    svg = chart_svg(chart, id_prefix='x" onload="alert(1)')
    root = parse(svg)  # well-formed XML
    assert not any(el.tag.endswith("script") for el in root.iter())
    assert "\x1b" not in svg
    assert "onload=" not in svg.replace("onload=&quot;", "")
    shown = '<script>alert("x")</script> & \\x1b[31m ]]> \u202e'
    assert root.find(f"{SVG}title") is not None
    assert {el.text for el in root.iter(f"{SVG}text")} >= {shown, shown + " (above the chart)"}


@settings(max_examples=150, deadline=None)
@given(campaigns(), st.integers(200, 1_200), st.integers(120, 600))
def test_the_svg_stays_within_its_box(inp: CapacityInput, width: int, height: int) -> None:
    _plan, timeline = timeline_of(inp)
    if timeline.end_seconds <= 0:
        return
    chart = queue_chart(timeline, deadline_seconds=None)
    root = parse(chart_svg(chart, width=width, height=height))
    box_width, box_height = float(root.get("width") or 0), float(root.get("height") or 0)
    assert box_width == width
    assert box_height >= min(height, 200)
    numbers: list[tuple[float, float]] = []
    for element in root.iter():
        for x_name, y_name in (("x", "y"), ("x1", "y1"), ("x2", "y2"), ("cx", "cy")):
            if element.get(x_name) is not None and element.get(y_name) is not None:
                numbers.append((float(element.get(x_name) or 0), float(element.get(y_name) or 0)))
        if element.tag == f"{SVG}polyline":
            for pair in (element.get("points") or "").split():
                across, down = pair.split(",")
                numbers.append((float(across), float(down)))
    assert numbers
    for x, y in numbers:
        assert 0 <= x <= box_width
        assert 0 <= y <= box_height


# --- The text chart ------------------------------------------------------------------------------


def test_the_text_chart_shows_the_bandwidth_peak() -> None:
    _, chart = chart_of(BANDWIDTH)
    lines = text_chart(chart)
    assert lines[0].startswith("4,500 ┤")
    assert "█" in lines[0]  # the columns reach the top: the peak
    assert "╌" in lines[0]  # the queue limit runs along the top row
    assert all(len(line) <= 60 for line in lines)
    assert lines[6].startswith("    0 └")
    assert lines[7].split() == ["0", "15", "min", "30", "min", "45", "min", "1", "h"]
    assert "╌ Queue limit: 4,500 segments" in lines
    assert "┊ Deadline: 1 h" in lines


def test_the_ascii_chart_is_ascii() -> None:
    _, chart = chart_of(SHORT_CODE)
    lines = text_chart(chart, ascii_only=True)
    assert all(line.isascii() for line in lines)
    assert lines[0].startswith("800,000 +")
    assert "#" in lines[0]


@settings(max_examples=150, deadline=None)
@given(campaigns(), st.integers(1, 140), st.integers(1, 12), st.booleans())
def test_the_text_chart_fits_its_width(
    inp: CapacityInput, width: int, height: int, ascii_only: bool
) -> None:
    _, timeline = timeline_of(inp)
    chart = queue_chart(timeline, deadline_seconds=timeline.end_seconds * 2 or None)
    lines = text_chart(chart, width=width, height=height, ascii_only=ascii_only)
    if width < MIN_WIDTH:
        assert lines == []
    assert all(len(line) <= width for line in lines)
    top = chart_scale(chart, nice_top=False).value_top
    if lines and timeline.peak_segments > 0 and top == timeline.peak_segments:
        # the top row is the peak: some column reaches it
        assert ("#" if ascii_only else "█") in lines[0]


# --- Each renderer -------------------------------------------------------------------------------


def document(*charts: Chart) -> Document:
    return Document(title="Plan", blocks=(Paragraph("Before."), *charts, Paragraph("After.")))


def test_html_draws_a_figure_with_unique_ids() -> None:
    _, chart = chart_of(BANDWIDTH)
    for fragment in (False, True):
        page = render_html(document(chart, chart), fragment=fragment)
        assert page.count("<figure") == 2
        assert 'id="advisor-chart-1-title"' in page
        assert 'id="advisor-chart-2-title"' in page
        assert "<figcaption" in page
        assert "<script" not in page


def test_the_terminal_draws_the_text_chart_under_its_title() -> None:
    _, chart = chart_of(BANDWIDTH)
    text = render_terminal(document(chart), width=100)
    assert "The queue over time, at full speed\n4,500 ┤" in text
    assert "The queue peaks at 4,500 segments after 7 min 30 s" in text
    narrow = render_terminal(document(chart), width=40)
    assert all(len(line) <= 40 for line in narrow.splitlines())


def test_markdown_puts_the_chart_in_a_code_block_that_nothing_closes() -> None:
    _, chart = chart_of(BANDWIDTH)
    hostile = Chart(
        title="``` title",
        description="```\n# not a heading",
        series_label="````` series",
        value_unit="x",
        points=chart.points,
        markers=chart.markers,
    )
    for subject in (chart, hostile):
        text = render_markdown(document(subject))
        tokens = MarkdownIt("gfm-like").parse(text)
        fences = [token for token in tokens if token.type == "fence"]
        assert len(fences) == 1
        assert fences[0].info == "text"
        assert "Segments in the queue" in fences[0].content or "series" in fences[0].content
        assert sum(token.type == "heading_open" for token in tokens) == 1  # the title
        paragraphs = [t.content for t in tokens if t.type == "inline"]
        assert paragraphs[:2] == ["Plan", "Before."]
        assert paragraphs[-1] == "After."


# --- Golden files --------------------------------------------------------------------------------

GOLDENS: dict[str, tuple[CapacityInput, Any]] = {
    "chart/bandwidth.svg": (BANDWIDTH, lambda chart: chart_svg(chart) + "\n"),
    "chart/bandwidth.txt": (BANDWIDTH, lambda chart: "\n".join(text_chart(chart)) + "\n"),
    "chart/bandwidth.ascii.txt": (
        BANDWIDTH,
        lambda chart: "\n".join(text_chart(chart, ascii_only=True)) + "\n",
    ),
    "chart/short-code-expiry.svg": (SHORT_CODE, lambda chart: chart_svg(chart) + "\n"),
    "chart/short-code-expiry.txt": (SHORT_CODE, lambda chart: "\n".join(text_chart(chart)) + "\n"),
}


@pytest.mark.parametrize("name", GOLDENS)
def test_golden(golden: Any, name: str) -> None:
    inp, make = GOLDENS[name]
    _, chart = chart_of(inp)
    golden.check(name, make(chart))


def _svg_boxes(box: Any) -> list[tuple[float, float]]:
    found = []
    if (getattr(box, "element_tag", None) or "").endswith("svg"):
        found.append((box.width, box.height))
    for child in getattr(box, "children", None) or ():
        found.extend(_svg_boxes(child))
    return found


@pytest.mark.parametrize("page_width", ["210mm", "100mm"])
def test_a_pdf_engine_lays_the_chart_out_in_proportion(page_width: str) -> None:
    """WeasyPrint (the PDF, once installed) gives the SVG its proportions, on A4 and on a
    page narrower than the chart (it laid ``max-width: 100%; height: auto`` out square)."""
    weasyprint = pytest.importorskip("weasyprint")
    _, chart = chart_of(BANDWIDTH)
    svg = chart_svg(chart)
    root = parse(svg)
    view = [float(n) for n in (root.get("viewBox") or "").split()]
    page = f"<style>@page {{ size: {page_width} 297mm; margin: 10mm }}</style>{svg}"
    laid_out = weasyprint.HTML(string=page).render()
    [(width, height)] = _svg_boxes(laid_out.pages[0]._page_box)
    assert width <= view[2] + 0.5
    assert height == pytest.approx(width * view[3] / view[2], abs=1)
