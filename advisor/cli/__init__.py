"""Command-line interface: a thin layer over the :mod:`advisor` library."""

from __future__ import annotations

import os
import signal
import sys

from advisor.cli import (  # noqa: F401  (each module registers its commands on ``app``)
    batch_cmd,
    capacity_cmd,
    data_cmd,
    lint_cmd,
    plan_cmd,
    recommend_cmd,
    report_cmd,
    schema_cmd,
    segments_cmd,
    tables_cmd,
    template_cmd,
)
from advisor.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``advisor`` console script.

    Typer itself ends a run whose reader went away (``advisor ... | head``) quietly.
    SIGTERM and SIGHUP remove the temporary file of an output being written and exit
    128 + the signal's number (SIGINT exits 130 and cleans up the same way).
    """
    from advisor.fileio import exit_on_signal

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        # a signal the caller ignores (``nohup``) stays ignored
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, exit_on_signal)
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("advisor: interrupted\n")
        sys.exit(130)
    except SystemExit as done:
        exit_now(done.code)
        raise


def exit_now(code: object) -> None:
    """End the process at once once its outputs are flushed, without freeing its objects.

    Every output is complete by now (written through :mod:`advisor.fileio`, its temporary
    file renamed or removed) and nothing registers work for the exit; freeing the
    knowledge base's objects one by one took longer than a command's own work (issue 13).
    When a stream cannot be flushed (its reader went away) the interpreter exits as usual,
    and reports it as it always has.
    """
    if code is not None and not isinstance(code, int):
        return  # a message to print: the interpreter does that
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # a stream the caller closed (``>&-``) is None
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code or 0)
