"""``advisor data``: check a knowledge-base file, list the facts rules may use."""

from __future__ import annotations

from pathlib import Path

import typer

from advisor.cli._app import app, fail, handle_errors, write_output
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
    kb = knowledge.load(path)
    label = "the shipped knowledge base" if path == knowledge.shipped_path() else str(path)
    write_output(
        f"{label} is valid: {len(kb.senders)} senders, {len(kb.countries)} countries, "
        f"{len(kb.providers)} providers, {len(kb.rules)} rules, {len(kb.sources)} sources; "
        f"as of {kb.meta.as_of.isoformat()}"
    )


@data_app.command("facts")
@handle_errors
def facts() -> None:
    """List the facts a rule's condition may name, with their types."""
    from advisor.rules import FACTS

    lines = []
    for name, spec in FACTS.items():
        values = f" ({', '.join(sorted(spec.values))})" if spec.values else ""
        lines.append(f"{name}\t{spec.kind}{values}\t{spec.description}\n")
    write_output("".join(lines))


@data_app.command("schema")
@handle_errors
def schema() -> None:
    """Print the JSON Schema of a knowledge-base file (for editors and other tools)."""
    from advisor.knowledge import json_schema
    from advisor.render.jsonout import render_json

    write_output(render_json(json_schema()))


__all__ = ["facts", "fail", "schema", "validate"]
