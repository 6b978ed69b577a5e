"""The typer application and the conventions every command follows.

A command parses its options, builds the library's input, calls one library
function, hands the result to a renderer and writes the text. It never computes.
Errors the library raises (:class:`advisor.errors.AdvisorError`) become one line
on stderr and the error's exit code; ``--traceback`` shows the whole story.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from advisor.errors import AdvisorError, ExitCode

P = ParamSpec("P")
R = TypeVar("R")


class OneLineErrors(TyperGroup):
    """A command group whose usage errors are one line on stderr, like the library's.

    Click would print the usage, a hint and the error on four lines; a user (or a
    script reading stderr) gets one line naming the problem and where to look.
    """

    #: the order ``--help`` lists the commands in: the order of a customer conversation
    ORDER = (
        "recommend",
        "capacity",
        "segments",
        "lint",
        "keyword",
        "batch",
        "report",
        "matrix",
        "countries",
        "data",
    )

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: index for index, name in enumerate(self.ORDER)}
        return sorted(names, key=lambda name: (rank.get(name, len(rank)), name))

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code: int
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except TyperException as error:
            code = _report_click_error(error)
        except typer.Abort:
            typer.echo("advisor: aborted", err=True)
            code = int(ExitCode.NOT_OK)
        if standalone_mode:
            sys.exit(code)
        return code


def _report_click_error(error: TyperException) -> int:
    ctx = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError":
        typer.echo(error.format_message())
        return int(ExitCode.OK)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    message = " ".join(error.format_message().split())
    typer.echo(f"advisor: error: {message}{hint}", err=True)
    return int(getattr(error, "exit_code", ExitCode.USAGE))


app = typer.Typer(
    name="advisor",
    cls=OneLineErrors,
    help="Which SMS sender should this customer use in this country, and will it keep up?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"traceback": False}


@app.callback()
def _root(
    traceback: bool = typer.Option(
        False, "--traceback", help="On an error, show the full traceback (for bug reports)."
    ),
) -> None:
    """Which SMS sender should this customer use in this country, and will it keep up?"""
    _state["traceback"] = traceback


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> typer.Exit:
    """Print one error line on stderr and return the Exit to raise."""
    typer.echo(f"advisor: error: {message}", err=True)
    return typer.Exit(int(code))


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's known errors into one line on stderr and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AdvisorError as error:
            if _state["traceback"]:
                raise
            raise fail(error.message, error.exit_code) from None

    return wrapper


def write_output(text: str, output: Path | None = None) -> None:
    """Write a rendered result to stdout, or atomically to ``output``."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    from advisor.fileio import atomic_write_text

    atomic_write_text(output, text if text.endswith("\n") else text + "\n")
