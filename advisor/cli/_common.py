"""Helpers the commands share: formats, the knowledge base, terminals."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer

from advisor.errors import UsageError
from advisor.vocab import OutputFormat

DATA_OPTION_HELP = (
    "A knowledge-base YAML file to use instead of the shipped one "
    "(also: the ADVISOR_DATA environment variable)."
)


def data_option() -> Any:
    return typer.Option(None, "--data", help=DATA_OPTION_HELP, metavar="FILE", show_default=False)


def parse_format(value: str, allowed: Iterable[OutputFormat]) -> OutputFormat:
    """``--format`` checked against the formats a command offers (before any work)."""
    choices = tuple(allowed)
    text = value.strip().lower()
    for member in choices:
        if member.value == text:
            return member
    names = ", ".join(member.value for member in choices)
    raise UsageError(f"--format: expected one of {names}, got {value!r}")


def data_label(path: Path | None) -> str:
    """How a result names its knowledge base: the file given, or "shipped"."""
    from advisor.knowledge import DATA_ENV
    from advisor.paths import env_path

    chosen = path or env_path(DATA_ENV)
    return str(chosen) if chosen is not None else "shipped"


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced stdin
        return False


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def flag(name: str) -> str:
    """The command-line flag of an intake field: ``lead_time_days`` -> ``--lead-time-days``."""
    return "--" + name.replace("_", "-")
