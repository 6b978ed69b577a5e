"""The table and document model every renderer consumes.

Cells hold plain values; renderers format and escape them. ``None`` in a cell
means *unknown* and is always shown as the word "unknown"; an empty string means
"nothing to show" (not applicable).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

Cell = str | int | float | bool | None


class Align(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class Kind(StrEnum):
    """What a column holds, which decides how a narrow terminal may lay it out.

    An ``id`` (``alphanumeric_registered``, ``US``) and a ``number`` (``1,666.7``) are
    never broken across lines; ``prose`` wraps between its words. When even that does
    not fit, the terminal shows the table as records (one block per row).
    """

    ID = "id"
    NUMBER = "number"
    PROSE = "prose"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    align: Align = Align.LEFT
    kind: Kind = Kind.PROSE


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""
    footnotes: tuple[str, ...] = ()
    #: a table whose first column names the row (attribute tables such as the
    #: sender matrix): renderers may style that column as a header.
    row_headers: bool = False

    def __post_init__(self) -> None:
        width = len(self.columns)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {index} has {len(row)} cells, expected {width}")


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[str, ...]
    #: a checklist renders its items as unticked boxes.
    checklist: bool = False
    #: one URL per item, or none: each item is a link to its URL ("" for plain text).
    links: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.links and len(self.links) != len(self.items):
            raise ValueError(f"{len(self.links)} links for {len(self.items)} items")

    def link(self, index: int) -> str:
        """The URL of item ``index`` ("" for none)."""
        return self.links[index] if self.links else ""


class Stroke(StrEnum):
    """How a line is drawn: the dash patterns keep lines apart in greyscale and in text."""

    SOLID = "solid"
    DASHED = "dashed"
    DOTTED = "dotted"
    DASH_DOT = "dash-dot"


class Axis(StrEnum):
    """Which axis a chart's marker sits on."""

    #: a moment: a vertical line.
    TIME = "time"
    #: a level: a horizontal line.
    VALUE = "value"


@dataclass(frozen=True, slots=True)
class Marker:
    """A reference line on a chart, with the words that say what it is."""

    axis: Axis
    value: float
    label: str
    stroke: Stroke


@dataclass(frozen=True, slots=True)
class Chart:
    """A quantity over time, drawn by each renderer its way (advisor/render/chart.py).

    ``points`` are ``(seconds, value)`` pairs, seconds increasing, joined by straight
    lines; ``description`` says in words what the chart shows (for a screen reader, and
    under the chart). Renderers that have no way to draw a chart (CSV) leave it out.
    """

    title: str
    description: str
    #: what the line is, in the legend: "Segments in the queue".
    series_label: str
    #: the unit of the values, over the value axis: "segments".
    value_unit: str
    points: tuple[tuple[float, float], ...]
    markers: tuple[Marker, ...] = ()
    #: a point to name on the chart, e.g. its peak: ``(seconds, value, label)``.
    callout: tuple[float, float, str] | None = None


Block = Heading | Paragraph | BulletList | Table | Chart


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    subtitle: str = ""

    def tables(self) -> tuple[Table, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Table))
