"""``advisor schema``: the JSON Schema of a command's JSON output."""

from __future__ import annotations

import typer

from advisor.cli import params
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli.examples import epilog
from advisor.errors import UsageError, shown
from advisor.schemas import OUTPUTS


def _outputs() -> list[str]:
    return list(OUTPUTS)


@app.command("schema", epilog=epilog("schema"))
@handle_errors
def schema_command(
    name: str = typer.Argument(
        ...,
        metavar="OUTPUT",
        autocompletion=params.completer(_outputs),
        help="The output: " + ", ".join(OUTPUTS) + ". A -line name is one line of a "
        "command's JSON Lines output.",
        show_default=False,
    ),
    output: str | None = params.output(),
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's JSON output.

    Every JSON output is an object whose first key is schema_version (docs/json.md);
    the schemas are tested against real outputs of every command. The schema of a
    knowledge-base file is another: advisor data schema.
    """
    from advisor.render.jsonout import render_json
    from advisor.schemas import output_schema

    target = output_path(output)
    key = name.strip().lower().replace(" ", "-")
    if key not in OUTPUTS:
        raise UsageError(f"OUTPUT: expected one of {', '.join(OUTPUTS)}, got {shown(name)}")
    write_output(render_json(output_schema(key)), target)
