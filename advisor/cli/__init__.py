"""Command-line interface: a thin layer over the :mod:`advisor` library."""

from __future__ import annotations

import sys

from advisor.cli import (  # noqa: F401  (each module registers its commands on ``app``)
    batch_cmd,
    capacity_cmd,
    data_cmd,
    lint_cmd,
    recommend_cmd,
    report_cmd,
    segments_cmd,
    tables_cmd,
)
from advisor.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``advisor`` console script.

    Typer itself ends a run whose reader went away (``advisor ... | head``) quietly.
    """
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("advisor: interrupted\n")
        sys.exit(130)
