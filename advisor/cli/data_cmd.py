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
    """Check a knowledge-base file; print every problem with its YAML path; exit 2 if any.

    The file is read once, so - (standard input) and a pipe such as <(...) work.
    """
    from advisor import knowledge
    from advisor.errors import DataError
    from advisor.fileio import read_bytes
    from advisor.yamlio import load_yaml_mapping

    path = knowledge.data_path(file)
    source = "stdin" if str(path) == "-" else str(path)
    try:
        raw = load_yaml_mapping(read_bytes(path, "a YAML file", DataError), source)
    except DataError as error:
        problems = [error.message]
    else:
        problems = knowledge.problems_in_mapping(raw, source)
    if problems:
        for problem in problems:
            typer.echo(f"advisor: error: {problem}", err=True)
        raise typer.Exit(int(ExitCode.USAGE))
    kb = knowledge.validate_mapping(raw, source)
    label = "the shipped knowledge base" if path == knowledge.shipped_path() else source
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
