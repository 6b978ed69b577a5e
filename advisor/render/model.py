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


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    align: Align = Align.LEFT


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


Block = Heading | Paragraph | BulletList | Table


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    subtitle: str = ""

    def tables(self) -> tuple[Table, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Table))
