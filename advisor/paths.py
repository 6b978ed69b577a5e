"""Where the shipped data lives, and paths named by environment variables (no yaml here)."""

from __future__ import annotations

import os
from pathlib import Path


def shipped_data_dir() -> Path:
    """The ``data/`` directory shipped with the package.

    An installed wheel carries it as ``advisor/_data``; a source checkout (or an
    editable install) has it beside the package.
    """
    packaged = Path(__file__).parent / "_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def env_path(variable: str) -> Path | None:
    """A path named by an environment variable, or None when it is unset or empty."""
    value = os.environ.get(variable, "").strip()
    return Path(value) if value else None
