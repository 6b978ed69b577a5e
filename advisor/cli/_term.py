"""Colour and width: how a rendered result looks where it is going, decided by rich's Console.

One rule for every command:

- ``--color`` / ``--no-color`` (root options) decide, when given;
- else colour only where rich's Console would use it: a terminal (or ``FORCE_COLOR``,
  which rich reads), not ``NO_COLOR``, not ``TERM=dumb``. A file or a pipe gets no
  escape code at all unless ``--color`` or ``FORCE_COLOR`` asks for one;
- the width is ``COLUMNS`` when set, else the terminal's when writing to one, else the
  renderer's fixed default (100), so that files and pipes are deterministic.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.cli._app import _state
from advisor.cli._common import stdout_is_terminal

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.render.model import Document
    from advisor.vocab import OutputFormat

#: the narrowest width a table is laid out for (a smaller COLUMNS is taken as this).
MIN_WIDTH = 20


@dataclass(frozen=True, slots=True)
class OutputStyle:
    color: bool
    #: None: the renderer's default width
    width: int | None


def color_flag() -> bool | None:
    """``--color`` (True), ``--no-color`` (False) or neither (None)."""
    return _state["color"]


def _columns() -> int | None:
    text = os.environ.get("COLUMNS", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def output_console(target: Path | None = None) -> Console:
    """A rich Console standing for the output: stdout, or a file (never a terminal)."""
    from rich.console import Console

    flag = color_flag()
    columns = _columns()
    return Console(
        file=sys.stdout if target is None else io.StringIO(),
        force_terminal=True if flag else None,
        no_color=True if flag is False else None,
        # rich takes a dumb terminal as 80 columns unless it is given both dimensions
        width=columns,
        height=25 if columns is not None else None,
        legacy_windows=False,
        force_jupyter=False,
    )


def stderr_console() -> Console:
    """The Console of prompts and progress bars, on stderr (``--no-color`` applies)."""
    from rich.console import Console

    flag = color_flag()
    return Console(stderr=True, highlight=False, no_color=True if flag is False else None)


def output_style(target: Path | None = None) -> OutputStyle:
    """The colour and width of a result written to ``target`` (None: stdout)."""
    console = output_console(target)
    flag = color_flag()
    if flag is not None:
        color = flag
    else:
        color = console.is_terminal and console.color_system is not None and not console.no_color
    to_terminal = target is None and stdout_is_terminal()
    width = console.width if to_terminal or _columns() is not None else None
    return OutputStyle(color, None if width is None else max(width, MIN_WIDTH))


def render_for(
    document: Document, fmt: OutputFormat, target: Path | None = None, *, fragment: bool = False
) -> str:
    """``document`` rendered in ``fmt`` for where it is going (colour and width apply to
    the terminal table only)."""
    from advisor.render.output import render

    style = output_style(target)
    return render(document, fmt, fragment=fragment, color=style.color, width=style.width)
