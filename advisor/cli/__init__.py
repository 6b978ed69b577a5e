"""Command-line interface: a thin layer over the :mod:`advisor` library.

Each command lives in a module that registers it on :data:`advisor.cli._app.app` when
imported. A run of the console script imports only the module of the command it names
(``advisor recommend ...`` never imports the batch, report or lint commands); the root
help, shell completion and a command name to correct import them all, so they list
every command as before. ``advisor.cli.app`` is the application with every command.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["COMMAND_MODULES", "app", "main", "modules_for"]

#: the module (in :mod:`advisor.cli`) that registers each command
COMMAND_MODULES: dict[str, str] = {
    "recommend": "recommend_cmd",
    "capacity": "capacity_cmd",
    "segments": "segments_cmd",
    "lint": "lint_cmd",
    "keyword": "lint_cmd",
    "batch": "batch_cmd",
    "template": "template_cmd",
    "report": "report_cmd",
    "plan": "plan_cmd",
    "matrix": "tables_cmd",
    "countries": "tables_cmd",
    "data": "data_cmd",
    "schema": "schema_cmd",
}
_EVERY_MODULE = tuple(dict.fromkeys(COMMAND_MODULES.values()))


def modules_for(args: Sequence[str], environ: dict[str, str] | None = None) -> tuple[str, ...]:
    """The command modules a command line needs: the one of the command it names.

    The root options take no value, so the command is the first argument that is not
    an option. Without one (``--help``, ``--version``, no arguments), with a name no
    command has (click suggests the closest) or when the shell asks for completions
    (``_ADVISOR_COMPLETE``), every module: those list every command.
    """
    environment = os.environ if environ is None else environ
    if any(name.startswith("_") and name.endswith("_COMPLETE") for name in environment):
        return _EVERY_MODULE
    for arg in args:
        if arg == "--":
            break
        if not arg.startswith("-"):
            module = COMMAND_MODULES.get(arg)
            return (module,) if module is not None else _EVERY_MODULE
    return _EVERY_MODULE


def load_commands(modules: Sequence[str] = _EVERY_MODULE) -> None:
    """Import the command modules named (each registers its commands, once)."""
    for module in modules:
        importlib.import_module(f"advisor.cli.{module}")


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole application: every command registered
        from advisor.cli._app import app

        load_commands()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the ``advisor`` console script.

    Typer itself ends a run whose reader went away (``advisor ... | head``) quietly.
    SIGTERM and SIGHUP remove the temporary file of an output being written and exit
    128 + the signal's number (SIGINT exits 130 and cleans up the same way).
    """
    # Start-up makes objects that live as long as the process (modules, classes, typer's
    # and pydantic's); the collector would scan them again and again: it is off until the
    # command starts (the root callback), which freezes them out of its sight
    gc.disable()
    from advisor.cli._app import app
    from advisor.fileio import exit_on_signal

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        # a signal the caller ignores (``nohup``) stays ignored
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, exit_on_signal)
    try:
        load_commands(modules_for(sys.argv[1:]))
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
