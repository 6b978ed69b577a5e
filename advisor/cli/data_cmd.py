"""``advisor data``: check a knowledge-base file, list the facts rules may use."""

from __future__ import annotations

from pathlib import Path

import typer

from advisor.cli._app import app, fail, handle_errors
from advisor.errors import ExitCode

data_app = typer.Typer(
    name="data",
    help="Check a knowledge-base file; list the facts its rules may use.",
    no_args_is_help=True,
)
app.add_typer(data_app)


@data_app.command("validate")
@handle_errors
def validate(
    file: Path | None = typer.Argument(
        None, help="The YAML file to check (default: the one in use).", show_default=False
    ),
) -> None:
    """Check a knowledge-base file; print every problem with its YAML path; exit 2 if any."""
    from advisor import knowledge

    path = knowledge.data_path(file)
    problems = knowledge.problems_in(path)
    if problems:
        for problem in problems:
            typer.echo(f"advisor: error: {problem}", err=True)
        raise typer.Exit(int(ExitCode.USAGE))
    typer.echo(f"{path}: valid")


@data_app.command("facts")
@handle_errors
def facts() -> None:
    """List the facts a rule's condition may name, with their types."""
    from advisor.rules import FACTS

    for name, spec in FACTS.items():
        values = f" ({', '.join(sorted(spec.values))})" if spec.values else ""
        typer.echo(f"{name}\t{spec.kind}{values}\t{spec.description}")


__all__ = ["facts", "fail", "validate"]
