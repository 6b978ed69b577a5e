"""Charts as a few lines of text: a column per moment, for terminals and Markdown code blocks.

Each column shows the largest value over its stretch of time, so a peak is never lost
between two columns; the top row is the largest value drawn (the peak, or a reference
line above it), labelled exactly. Reference lines fill the empty cells of their row (a
level) or column (a moment) with their own character, named in a legend under the axis.
Unicode block characters give eight levels a line; ``ascii_only`` gives three with
``_ = #`` for outputs that cannot take Unicode.
"""

from __future__ import annotations

import itertools
import math
import textwrap

from advisor.render.chart import beyond_note, chart_scale, count_label, time_label
from advisor.render.model import Axis, Chart, Marker, Stroke

__all__ = ["MIN_WIDTH", "text_chart"]

#: the narrowest chart drawn; narrower, :func:`text_chart` gives no lines.
MIN_WIDTH = 24

_BLOCKS = "▁▂▃▄▅▆▇█"
_ASCII_BLOCKS = "_=#"
_LEVEL_CHARS = {
    False: {Stroke.SOLID: "─", Stroke.DASHED: "╌", Stroke.DOTTED: "·", Stroke.DASH_DOT: "╍"},
    True: {Stroke.SOLID: "~", Stroke.DASHED: "-", Stroke.DOTTED: ".", Stroke.DASH_DOT: ","},
}
_MOMENT_CHAR = {False: "┊", True: ":"}
#: left axis (plain, labelled), bottom axis (corner, line, tick).
_FRAME = {False: ("│", "┤", "└", "─", "┬"), True: ("|", "+", "+", "-", "+")}


def _max_between(points: tuple[tuple[float, float], ...], start: float, stop: float) -> float:
    """The largest value of the line through ``points`` over ``[start, stop]``."""

    def at(moment: float) -> float:
        for (t0, v0), (t1, v1) in itertools.pairwise(points):
            if t0 <= moment <= t1:
                return v0 if t1 == t0 else v0 + (v1 - v0) * (moment - t0) / (t1 - t0)
        return points[-1][1]

    inside = [v for t, v in points if start <= t <= stop]
    return max([at(start), at(min(stop, points[-1][0])), *inside])


def _level(value: float, top: float, total: int) -> int:
    """Sub-cell levels a value fills: anything above zero shows, the top fills them all."""
    if value <= 0:
        return 0
    return min(total, max(1, math.ceil(value / top * total - 1e-9)))


def text_chart(
    chart: Chart, *, width: int = 60, height: int = 6, ascii_only: bool = False
) -> list[str]:
    """The chart in lines no wider than ``width``: ``height`` lines of columns, the time
    axis, its labels and a legend. No lines when ``width`` is under :data:`MIN_WIDTH` or
    the chart has no points."""
    if width < MIN_WIDTH or not chart.points or height < 1:
        return []
    scale = chart_scale(chart, time_intervals=4, nice_top=False)
    top = scale.value_top
    blocks = _ASCII_BLOCKS if ascii_only else _BLOCKS
    levels = len(blocks)
    total = height * levels
    row_labels: dict[int, str] = {0: count_label(top, scale.value_step)}
    shown_levels = [m for m in scale.shown if m.axis is Axis.VALUE]
    marker_rows: dict[int, Marker] = {}
    for marker in shown_levels:
        row = height - 1 - max(0, _level(marker.value, top, total) - 1) // levels
        marker_rows.setdefault(row, marker)
        row_labels.setdefault(row, count_label(marker.value, scale.value_step))
    label_width = max(len(label) for label in [*row_labels.values(), "0"])
    columns = width - label_width - 2
    if columns < MIN_WIDTH // 2:
        return []
    step = scale.time_top / columns
    last = chart.points[-1][0]
    filled: list[int] = []
    for column in range(columns):
        start = column * step
        peak = 0.0 if start > last else _max_between(chart.points, start, start + step)
        filled.append(_level(peak, top, total))
    grid = [[" "] * columns for _ in range(height)]
    for column, level in enumerate(filled):
        for row in range(height):
            above = level - (height - 1 - row) * levels
            if above >= levels:
                grid[row][column] = blocks[-1]
            elif above > 0:
                grid[row][column] = blocks[above - 1]
    for row, marker in marker_rows.items():
        char = _LEVEL_CHARS[ascii_only][marker.stroke]
        grid[row] = [char if cell == " " else cell for cell in grid[row]]
    for marker in scale.shown:
        if marker.axis is Axis.TIME:
            column = min(columns - 1, int(marker.value / step))
            for row in range(height):
                if grid[row][column] == " ":
                    grid[row][column] = _MOMENT_CHAR[ascii_only]
    plain, labelled, corner, rule, tick = _FRAME[ascii_only]
    lines = []
    for row in range(height):
        label = row_labels.get(row, "")
        edge = labelled if label else plain
        lines.append(f"{label:>{label_width}} {edge}{''.join(grid[row])}".rstrip())
    axis = [rule] * columns
    names = [" "] * (columns + 2)
    taken = -2  # where the last label ends; labels keep a space apart
    for moment in scale.time_ticks:
        column = min(columns - 1, round(moment / step))
        axis[column] = tick
        name = time_label(moment)
        # names[column + 2] sits under the tick (after the label's space and the corner)
        begin = max(0, min(column + 2 - (len(name) - 1) // 2, columns + 2 - len(name)))
        if begin >= taken + 2:
            names[begin : begin + len(name)] = list(name)
            taken = begin + len(name) - 1
    lines.append(f"{'0':>{label_width}} {corner}{''.join(axis)}")
    lines.append((" " * label_width + "".join(names)).rstrip())
    lines.extend(_legend(chart, scale.shown, scale.beyond, blocks[-1], ascii_only, width))
    return lines


def _legend(
    chart: Chart,
    shown: tuple[Marker, ...],
    beyond: tuple[Marker, ...],
    bar: str,
    ascii_only: bool,
    width: int,
) -> list[str]:
    entries = [f"{bar} {chart.series_label}"]
    for marker in shown:
        if marker.axis is Axis.TIME:
            char = _MOMENT_CHAR[ascii_only]
        else:
            char = _LEVEL_CHARS[ascii_only][marker.stroke]
        entries.append(f"{char} {marker.label}")
    entries.extend(f"  {marker.label}{beyond_note(marker)}" for marker in beyond)
    lines: list[str] = []
    for entry in entries:
        lines.extend(textwrap.wrap(entry, width, subsequent_indent="  ") or [""])
    return lines
