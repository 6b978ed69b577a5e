"""The typer application and the conventions every command follows.

A command parses its options, builds the library's input, calls one library
function, hands the result to a renderer and writes the text. It never computes.
Errors the library raises (:class:`advisor.errors.AdvisorError`) become one line
on stderr and the error's exit code; ``--traceback`` shows the whole story. Any
other exception is a bug: one line asking for a report, and exit 3 (never 1,
which means "nothing fits"); ``ADVISOR_TRACEBACK=1`` shows its traceback.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from advisor.cli.examples import root_epilog
from advisor.errors import SHOWN_CHARS, AdvisorError, ExitCode, bounded

P = ParamSpec("P")
R = TypeVar("R")


def _no_type(ctx: Any) -> None:
    return None


class TypedHelp(TyperGroup):
    """A command group whose help names each argument by its metavar (``MESSAGE``), never
    by its Python type (``<str>``, ``<list[str]>``): options say their kind themselves
    (``--mps FLOAT``, :mod:`advisor.cli.params`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            for param in command.params:
                if param.param_type_name == "argument":
                    # the metavar says it all: no "<str>" after it
                    param.__dict__["display_type_rich"] = _no_type


class OneLineErrors(TypedHelp):
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
        "template",
        "report",
        "plan",
        "matrix",
        "countries",
        "data",
        "schema",
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
        except AdvisorError as error:  # a value an option's parser refused, the config file
            code = report_unexpected(error)
        except (typer.Abort, KeyboardInterrupt, EOFError) as error:
            # click turns Ctrl-C and Ctrl-D (end of input at a prompt) into Abort
            cause = error.__cause__ or error.__context__ or error
            if isinstance(cause, EOFError):  # the question has no answer: bad input
                typer.echo("advisor: error: no answer (end of input at a prompt)", err=True)
                code = int(ExitCode.USAGE)
            else:
                typer.echo("advisor: interrupted", err=True)
                code = INTERRUPTED
        except Exception as error:  # the one place every other error ends
            code = report_unexpected(error)
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


#: the exit status of a run interrupted by Ctrl-C (128 + SIGINT), never 1 ("nothing fits").
INTERRUPTED = 130

#: set to 1 to see the traceback of an unexpected error (for a bug report).
TRACEBACK_ENV = "ADVISOR_TRACEBACK"


def report_unexpected(error: Exception) -> int:
    """One line on stderr for an error no handler knew, and its exit code.

    An :class:`AdvisorError` is its one line (and its traceback under ``--traceback``);
    an :class:`OSError` is the system's refusal (a path and its reason, exit 2); anything
    else is a bug (exit 3, with a request to report it).
    """
    wanted = _state["traceback"] or os.environ.get(TRACEBACK_ENV, "").strip() == "1"
    if wanted:
        traceback.print_exception(error)
    if isinstance(error, AdvisorError):
        typer.echo(f"advisor: error: {error.message}", err=True)
        return int(error.exit_code)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        reason = error.strerror or str(error)
        typer.echo(f"advisor: error: {bounded(where + reason, 4 * SHOWN_CHARS)}", err=True)
        return int(ExitCode.USAGE)
    detail = bounded(" ".join(str(error).split()), 2 * SHOWN_CHARS)
    what = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    hint = "" if wanted else f"; run again with {TRACEBACK_ENV}=1 to see the traceback"
    typer.echo(
        f"advisor: internal error ({what}); this is a bug in the advisor, please report it "
        f"with the command that caused it{hint}",
        err=True,
    )
    return int(ExitCode.INTERNAL)


app = typer.Typer(
    name="advisor",
    cls=OneLineErrors,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Which SMS sender should this customer use in this country, and will it keep up?",
    epilog=root_epilog(),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

#: the root options of the run: --traceback, and --color/--no-color (None: neither)
_state: dict[str, bool | None] = {"traceback": False, "color": None}


def _version(value: bool) -> None:
    if value:
        from advisor import __version__

        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    traceback: bool = typer.Option(
        False, "--traceback", help="On an error, show the full traceback (for bug reports)."
    ),
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Print the advisor's version and exit.",
    ),
    color: bool | None = typer.Option(
        None,
        "--color/--no-color",
        help="Colour the output or not, whatever the terminal, NO_COLOR and FORCE_COLOR say. "
        "Default: colour on a terminal only (never into a file or a pipe).",
        show_default=False,
    ),
) -> None:
    """Which SMS sender should this customer use in this country, and will it keep up?

    Defaults for --provider, --entity, --concurrency, --latency-ms, --locale and
    --format come from ADVISOR_* environment variables (each option's help names its
    own), then from a config file: config.toml in the platform's config folder, or the
    file ADVISOR_CONFIG names (docs/guide.md). A flag wins over both.
    """
    _state["traceback"] = traceback
    _state["color"] = color
    _collector_on()
    from advisor.cli._config import apply_defaults

    apply_defaults(ctx)


def _collector_on() -> None:
    """The garbage collector on for the command's own work, after start-up paused it
    (:func:`advisor.cli.main`): what start-up made lives on, and is frozen out of its
    passes (collecting start-up's objects at once would cost what pausing saved)."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


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


def output_path(raw: str | None, *inputs: str | Path | None) -> Path | None:
    """``-o/--output`` checked before any work (see :func:`advisor.fileio.check_output`)."""
    from advisor.fileio import check_output

    return check_output(raw, flag="--output", inputs=inputs)


def write_output(text: str, output: Path | None = None) -> None:
    """Write a rendered result, ending in a newline, to stdout or to ``output``.

    :func:`advisor.fileio.open_output` decides how: atomically for a regular file,
    directly into a device or a pipe.
    """
    from advisor.fileio import write_text

    write_text(output, text if not text or text.endswith("\n") else text + "\n")
