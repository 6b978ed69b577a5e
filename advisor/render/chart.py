"""Charts as inline SVG: no script, no external resource, the same bytes for the same chart.

:func:`chart_svg` draws a :class:`~advisor.render.model.Chart` (a quantity over time
with reference lines) for the HTML pages, and for any template that wants the picture
alone. The scales are shared with the text chart (:mod:`advisor.render.textchart`):
time in the units a person reads (``30 s``, ``10 min``, ``1 h 30 min``, ``2 d``), values
with thousands separators, and a reference line far beyond the data left out of the
picture and said so in the legend rather than squashing the data flat.

For readers and printers: the SVG has a ``<title>`` and a ``<desc>`` (``role="img"``), every
line differs by its dash pattern as well as its colour (so it reads in greyscale), and
every piece of text is escaped (with control characters made visible).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass

from advisor.render.cells import format_number, normalise_newlines, visible_controls
from advisor.render.model import Axis, Chart, Marker, Stroke

__all__ = [
    "DEFAULT_HEIGHT",
    "DEFAULT_WIDTH",
    "ChartScale",
    "beyond_note",
    "chart_scale",
    "chart_svg",
    "count_label",
    "time_label",
]

DEFAULT_WIDTH = 640
DEFAULT_HEIGHT = 320
#: a reference line further out than this many times the data is left out of the picture.
REACH = 3.0

_FONT = (
    "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Noto Sans, "
    "Liberation Sans, sans-serif"
)
#: a generous average width of a character at 12 px, for laying out labels.
_CHAR_PX = 7.0
_TEXT = "#1f2328"
_MUTED = "#57606a"
_GRID = "#e1e4e8"
_LINE = "#1f4e79"
_AREA = "#cfe2f3"
#: colour and dash pattern of each stroke: distinct in colour and in greyscale.
_STROKES: dict[Stroke, tuple[str, str, float]] = {
    Stroke.SOLID: ("#1f2328", "", 1.5),
    Stroke.DASHED: ("#b2182b", "7 4", 1.5),
    Stroke.DOTTED: ("#8c510a", "1 3", 2.0),
    Stroke.DASH_DOT: ("#542788", "8 3 1 3", 1.5),
}

# --- Scales, shared with the text chart ----------------------------------------------------------

_MINUTE, _HOUR, _DAY = 60, 3600, 86400
#: steps of the time axis, in seconds, from one second to a week.
_TIME_STEPS = (
    1, 2, 5, 10, 15, 30,
    60, 120, 300, 600, 900, 1800,
    3600, 7200, 10800, 14400, 21600, 43200,
    86400, 172800, 432000, 604800,
)  # fmt: skip


def _nice(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 and 10 times a power of ten that is at least ``raw``."""
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * power >= raw * (1 - 1e-12):
            return factor * power
    return 10 * power


def _time_step(top: float, intervals: int) -> float:
    """A step of the time axis that splits ``[0, top]`` into at most ``intervals``."""
    if top < 1:
        return _nice(top / intervals)
    for step in _TIME_STEPS:
        if math.ceil(top / step - 1e-9) <= intervals:
            return float(step)
    days = _nice(top / _DAY / intervals)
    return max(1.0, days) * _DAY


def _trim(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def time_label(seconds: float) -> str:
    """A moment as a person reads it: ``0``, ``45 s``, ``7 min 30 s``, ``1 h 5 min``, ``2 d 3 h``.

    The two largest units (rounded to the second); under a second, milliseconds.
    """
    if seconds <= 0:
        return "0"
    if seconds < 1:
        ms = seconds * 1000
        return f"{_trim(ms, 2)} ms" if ms >= 0.01 else f"{ms:.2g} ms"
    if seconds < _MINUTE:
        return f"{_trim(seconds, 2)} s"
    whole = round(seconds)
    days, rest = divmod(whole, _DAY)
    hours, rest = divmod(rest, _HOUR)
    minutes, secs = divmod(rest, _MINUTE)
    parts = [(days, "d"), (hours, "h"), (minutes, "min"), (secs, "s")]
    first = next(index for index, (amount, _) in enumerate(parts) if amount)
    shown = [f"{parts[first][0]:,} {parts[first][1]}"]
    if first + 1 < len(parts) and parts[first + 1][0]:
        shown.append(f"{parts[first + 1][0]} {parts[first + 1][1]}")
    return " ".join(shown)


def count_label(value: float, step: float = 1.0) -> str:
    """A count on the value axis: ``4,500``; fractions only as fine as the step needs."""
    if step >= 1 or value == 0:
        return format_number(round(value, 2))
    decimals = min(12, max(0, -math.floor(math.log10(step)) + 1))
    return _trim(value, decimals)


def _ticks(top: float, step: float) -> tuple[float, ...]:
    count = round(top / step)
    return tuple(step * index for index in range(count + 1))


@dataclass(frozen=True, slots=True)
class ChartScale:
    """The extent of both axes, their ticks, and which markers are in the picture."""

    time_top: float
    time_ticks: tuple[float, ...]
    value_top: float
    value_ticks: tuple[float, ...]
    value_step: float
    #: the markers drawn; the others lie beyond the axes and are only named.
    shown: tuple[Marker, ...]
    beyond: tuple[Marker, ...]
    #: the largest value of the series.
    peak: float


def chart_scale(
    chart: Chart, *, time_intervals: int = 6, value_intervals: int = 5, nice_top: bool = True
) -> ChartScale:
    """Axes that hold the series and every marker within :data:`REACH` times its extent.

    With ``nice_top`` the value axis ends on a round tick (``5,000`` above a peak of
    ``4,500``); without, at the largest value drawn, exactly.
    """
    last = max((t for t, _ in chart.points), default=0.0)
    peak = max((v for _, v in chart.points), default=0.0)
    shown: list[Marker] = []
    beyond: list[Marker] = []
    for marker in chart.markers:
        extent = last if marker.axis is Axis.TIME else peak
        near = marker.value <= REACH * extent or (marker.axis is Axis.VALUE and peak == 0)
        (shown if marker.value >= 0 and near else beyond).append(marker)
    time_max = max([last, *(m.value for m in shown if m.axis is Axis.TIME)])
    value_max = max([peak, *(m.value for m in shown if m.axis is Axis.VALUE)])
    if time_max <= 0:
        time_max = 1.0
    time_step = _time_step(time_max, time_intervals)
    time_top = time_step * math.ceil(time_max / time_step - 1e-9)
    value_step = _nice(value_max / value_intervals)
    if value_max <= 0:  # nothing to show but zero: an axis from 0 to 1
        value_max = value_step = 1.0
    value_top = value_max
    if nice_top:
        value_top = value_step * math.ceil(value_max / value_step - 1e-9)
        if peak > 0.92 * value_top:  # room above the peak for its label
            value_top += value_step
    return ChartScale(
        time_top=time_top,
        time_ticks=_ticks(time_top, time_step),
        value_top=value_top,
        value_ticks=_ticks(value_step * math.floor(value_top / value_step + 1e-9), value_step),
        value_step=value_step,
        shown=tuple(shown),
        beyond=tuple(beyond),
        peak=peak,
    )


def beyond_note(marker: Marker) -> str:
    """What a legend adds to a marker that lies beyond the axes."""
    return " (above the chart)" if marker.axis is Axis.VALUE else " (after the end of the chart)"


# --- SVG -----------------------------------------------------------------------------------------


def _text(text: str) -> str:
    """Text for an SVG element or attribute: one line, controls visible, escaped."""
    line = " ".join(normalise_newlines(text).split("\n"))
    return html.escape(visible_controls(line), quote=True)


def _num(value: float) -> str:
    """A coordinate: fixed one decimal, never ``-0.0``."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _width(text: str) -> float:
    return len(text) * _CHAR_PX


def _stroke(stroke: Stroke) -> str:
    colour, dashes, width = _STROKES[stroke]
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    cap = ' stroke-linecap="round"' if stroke is Stroke.DOTTED else ""
    return f'stroke="{colour}" stroke-width="{width:g}"{dash}{cap}'


def _legend_rows(entries: list[str], room: float) -> list[list[int]]:
    """Legend entries (by index) flowed into rows no wider than ``room``."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, label in enumerate(entries):
        need = 30 + _width(label) + 16
        if rows[-1] and used + need > room:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += need
    return rows


def chart_svg(
    chart: Chart,
    *,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    id_prefix: str = "chart",
) -> str:
    """The chart as one ``<svg>`` element (no trailing newline).

    ``width`` by ``height`` CSS px (the height grows when the legend needs more room); it
    scales down to a narrower container, keeping its proportions. ``id_prefix`` makes the
    ids of its title and description unique on a page that holds several charts.
    """
    scale = chart_scale(chart)
    pad = 8.0
    value_labels = [count_label(v, scale.value_step) for v in scale.value_ticks]
    time_labels = [time_label(t) for t in scale.time_ticks]
    left = pad + max(_width(label) for label in value_labels) + 10
    right = width - pad - _width(time_labels[-1]) / 2
    entries = [chart.series_label]
    entries += [m.label for m in scale.shown]
    entries += [m.label + beyond_note(m) for m in scale.beyond]
    rows = _legend_rows(entries, width - 2 * pad)
    top = 48.0
    bottom = max(height - pad - 18 * len(rows) - 44, top + 80)
    total = math.ceil(bottom + 44 + 18 * len(rows) + pad)

    def x(seconds: float) -> float:
        return left + (right - left) * seconds / scale.time_top

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / scale.value_top

    ident = _text(id_prefix)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" width="{width}" height="{total}" '
        f'viewBox="0 0 {width} {total}" font-family="{_FONT}" font-size="12" '
        # ``width: 100%`` capped at the width, not ``max-width: 100%``: WeasyPrint (the
        # PDF) lays an inline SVG out square with ``max-width`` and ``height: auto``.
        f'style="display:block;width:100%;max-width:{width}px;height:auto">',
        f'<title id="{ident}-title">{_text(chart.title)}</title>',
        f'<desc id="{ident}-desc">{_text(chart.description)}</desc>',
        f'<rect width="{width}" height="{total}" fill="#ffffff"/>',
        f'<text x="{_num(pad)}" y="20" font-size="14" font-weight="600" fill="{_TEXT}">'
        f"{_text(chart.title)}</text>",
        f'<text x="{_num(pad)}" y="{_num(top - 12)}" fill="{_MUTED}">'
        f"{_text(chart.value_unit)}</text>",
    ]
    # Grid and ticks.
    for value, label in zip(scale.value_ticks, value_labels, strict=True):
        level = _num(y(value))
        out.append(
            f'<line x1="{_num(left)}" y1="{level}" x2="{_num(right)}" y2="{level}" '
            f'stroke="{_GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_num(left - 8)}" y="{_num(y(value) + 4)}" text-anchor="end" '
            f'fill="{_TEXT}">{_text(label)}</text>'
        )
    for moment, label in zip(scale.time_ticks, time_labels, strict=True):
        at = _num(x(moment))
        out.append(
            f'<line x1="{at}" y1="{_num(bottom)}" x2="{at}" y2="{_num(bottom + 5)}" '
            f'stroke="{_MUTED}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{at}" y="{_num(bottom + 19)}" text-anchor="middle" fill="{_TEXT}">'
            f"{_text(label)}</text>"
        )
    out.append(
        f'<text x="{_num((left + right) / 2)}" y="{_num(bottom + 36)}" text-anchor="middle" '
        f'fill="{_MUTED}">time since the first submission</text>'
    )
    # The series: a light area under a dark line.
    if chart.points:
        line = " ".join(f"{_num(x(t))},{_num(y(v))}" for t, v in chart.points)
        first, last = chart.points[0][0], chart.points[-1][0]
        out.append(
            f'<path d="M{_num(x(first))},{_num(bottom)} L{line.replace(" ", " L")} '
            f'L{_num(x(last))},{_num(bottom)} Z" fill="{_AREA}" stroke="none"/>'
        )
        out.append(
            f'<polyline points="{line}" fill="none" stroke="{_LINE}" stroke-width="2" '
            f'stroke-linejoin="round"/>'
        )
    # Axes over the area.
    out.append(
        f'<path d="M{_num(left)},{_num(top - 4)} V{_num(bottom)} H{_num(right)}" fill="none" '
        f'stroke="{_MUTED}" stroke-width="1"/>'
    )
    for marker in scale.shown:
        if marker.axis is Axis.VALUE:
            level = _num(y(marker.value))
            coords = f'x1="{_num(left)}" y1="{level}" x2="{_num(right)}" y2="{level}"'
        else:
            at = _num(x(marker.value))
            coords = f'x1="{at}" y1="{_num(top - 4)}" x2="{at}" y2="{_num(bottom)}"'
        out.append(f"<line {coords} {_stroke(marker.stroke)}/>")
    if chart.callout is not None:
        out.extend(_callout(chart.callout, x, y, left, right))
    out.extend(_legend(entries, scale, rows, pad, bottom + 58))
    out.append("</svg>")
    return "\n".join(out)


def _callout(
    callout: tuple[float, float, str],
    x: Callable[[float], float],
    y: Callable[[float], float],
    left: float,
    right: float,
) -> list[str]:
    """A dot on the point and its label above it, kept within the plot."""
    seconds, value, label = callout
    px, py = x(seconds), y(value)
    half = _width(label) / 2
    anchor = "middle"
    if px - half < left + 4:
        anchor = "start"
    elif px + half > right - 4:
        anchor = "end"
    # A white halo under the label keeps it legible over grid and marker lines. It is a
    # text of its own drawn first, not ``paint-order``: WeasyPrint (the PDF) ignores that
    # property and would paint the white stroke over the letters.
    at = f'x="{_num(px)}" y="{_num(py - 9)}" text-anchor="{anchor}" font-weight="600"'
    return [
        f'<circle cx="{_num(px)}" cy="{_num(py)}" r="3.5" fill="{_LINE}"/>',
        f'<text {at} fill="#ffffff" stroke="#ffffff" stroke-width="3" '
        f'stroke-linejoin="round" aria-hidden="true">{_text(label)}</text>',
        f'<text {at} fill="{_TEXT}">{_text(label)}</text>',
    ]


def _legend(
    entries: list[str], scale: ChartScale, rows: list[list[int]], pad: float, first_row: float
) -> list[str]:
    markers = [*scale.shown, *scale.beyond]
    out: list[str] = []
    for row_index, row in enumerate(rows):
        baseline = first_row + 18 * row_index
        at = pad
        for index in row:
            sample = f'x1="{_num(at)}" y1="{_num(baseline - 4)}" x2="{_num(at + 24)}" '
            sample += f'y2="{_num(baseline - 4)}"'
            if index == 0:
                out.append(
                    f'<rect x="{_num(at)}" y="{_num(baseline - 10)}" width="24" height="10" '
                    f'fill="{_AREA}"/>'
                )
                out.append(f'<line {sample} stroke="{_LINE}" stroke-width="2"/>')
            else:
                out.append(f"<line {sample} {_stroke(markers[index - 1].stroke)}/>")
            out.append(
                f'<text x="{_num(at + 30)}" y="{_num(baseline)}" fill="{_TEXT}">'
                f"{_text(entries[index])}</text>"
            )
            at += 30 + _width(entries[index]) + 16
    return out
