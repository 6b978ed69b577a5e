"""``advisor data``: check a knowledge-base file, list the facts rules may use."""

from __future__ import annotations

from pathlib import Path

import typer

from advisor.cli import params
from advisor.cli._app import TypedHelp, app, fail, handle_errors, output_path, write_output
from advisor.cli._common import data_option
from advisor.cli.examples import epilog
from advisor.errors import ExitCode
from advisor.vocab import OutputFormat

AUDIT_FORMATS = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.MARKDOWN)

data_app = typer.Typer(
    name="data",
    help="Check a knowledge-base file; list the facts its rules may use.",
    no_args_is_help=True,
    cls=TypedHelp,
    epilog=epilog("data"),
)
app.add_typer(data_app)


@data_app.command("validate", epilog=epilog("data validate"))
@handle_errors
def validate(
    file: Path | None = typer.Argument(
        None,
        metavar="FILE",
        help="The YAML file to check (default: the one in use); - reads standard input.",
        show_default=False,
    ),
    output: str | None = params.output(),
) -> None:
    """Check a knowledge-base file; print every problem with its YAML path; exit 2 if any.

    A country file (data/countries/XX.yaml) is checked with the knowledge base in use,
    in place of the file of its name. The file is read once, so - (standard input) and a
    pipe such as <(...) work.
    """
    from advisor import knowledge
    from advisor.errors import DataError
    from advisor.fileinput import read_bytes
    from advisor.knowledge.loading import Files, build, build_with_country, country_codes

    target = output_path(output, file)
    path = knowledge.data_path(file)
    source = "stdin" if str(path) == "-" else str(path)
    main = knowledge.data_path()  # the knowledge base a country file is checked with
    kb, codes = None, None
    try:
        # Read once (stdin and pipes cannot be read twice); country files beside it.
        entry = Path(source) if source != "stdin" else Path("stdin")
        content = read_bytes(path, "a YAML file", DataError)
        codes = country_codes(content, source)
        if codes is None:
            kb, problems = build(Files(entry, content))
        else:  # one country file: checked with the knowledge base in use
            files = Files(main, read_bytes(main, "a YAML file", DataError))
            kb, problems = build_with_country(files, entry, content)
    except DataError as error:
        problems = [error.message]
    if problems or kb is None:
        for problem in problems:
            typer.echo(f"advisor: error: {problem}", err=True)
        raise typer.Exit(int(ExitCode.USAGE))
    if codes is not None:
        used = "the shipped knowledge base" if main == knowledge.shipped_path() else str(main)
        names = ", ".join(f"{kb.countries[code].name} ({code})" for code in codes)
        write_output(f"{source} is valid: {names}, checked with {used}", target)
        return
    label = "the shipped knowledge base" if path == knowledge.shipped_path() else source
    write_output(
        f"{label} is valid: {len(kb.senders)} senders, {len(kb.countries)} countries, "
        f"{len(kb.providers)} providers, {len(kb.rules)} rules, {len(kb.source_index)} sources; "
        f"as of {kb.meta.as_of.isoformat()}",
        target,
    )


@data_app.command("audit", epilog=epilog("data audit"))
@handle_errors
def audit(
    older_than: str = typer.Option(
        "12m",
        "--older-than",
        metavar="SPAN",
        help="List facts whose source is older than this: 90d, 6w, 12m, 2y.",
    ),
    within: str = typer.Option(
        "90d", "--within", metavar="SPAN", help="List dated changes coming within this span."
    ),
    today: str | None = params.text(
        "--today", "Take this day as today.", metavar="YYYY-MM-DD", envvar="ADVISOR_TODAY"
    ),
    fmt: OutputFormat = params.output_format(AUDIT_FORMATS, OutputFormat.TABLE),
    output: str | None = params.output(),
    data: Path | None = data_option(),
) -> None:
    """What to review next: unreviewed countries, stale facts, single-source facts, and
    dated changes coming soon."""
    import datetime as dt

    from advisor import knowledge
    from advisor.intake import parse_date
    from advisor.knowledge.audit import audit as run
    from advisor.knowledge.audit import audit_json, parse_span

    output_format = fmt
    target = output_path(output, data)
    day = parse_date(today, "--today") if today is not None else dt.date.today()
    result = run(
        knowledge.load(data),
        day,
        parse_span(older_than, "--older-than"),
        parse_span(within, "--within"),
    )
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.schemas import versioned

        write_output(render_json(versioned(audit_json(result))), target)
        return
    from advisor.cli._term import render_for
    from advisor.views.audit import audit_document

    write_output(render_for(audit_document(result), output_format, target), target)


@data_app.command("facts", epilog=epilog("data facts"))
@handle_errors
def facts(output: str | None = params.output()) -> None:
    """List the facts a rule's condition may name, with their types."""
    from advisor.engine.language import FACTS

    target = output_path(output)
    lines = []
    for name, spec in FACTS.items():
        values = f" ({', '.join(sorted(spec.values))})" if spec.values else ""
        lines.append(f"{name}\t{spec.kind}{values}\t{spec.description}\n")
    write_output("".join(lines), target)


@data_app.command("schema", epilog=epilog("data schema"))
@handle_errors
def schema(output: str | None = params.output()) -> None:
    """Print the JSON Schema of a knowledge-base file (for editors and other tools)."""
    from advisor.knowledge import json_schema
    from advisor.render.jsonout import render_json

    target = output_path(output)
    write_output(render_json(json_schema()), target)


__all__ = ["audit", "facts", "fail", "schema", "validate"]
