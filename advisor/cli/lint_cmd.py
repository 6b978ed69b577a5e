"""``advisor lint`` and ``advisor keyword``: message content and reply keywords."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from advisor.cli import params
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli._common import USE_CASES, exactly_one, unicode_text
from advisor.cli.examples import epilog
from advisor.errors import ExitCode, UsageError
from advisor.fileinput import read_message
from advisor.fileio import open_output
from advisor.schemas import versioned
from advisor.vocab import OutputFormat, UseCase

#: the output formats of ``lint`` and ``keyword``
FORMATS = (OutputFormat.TABLE, OutputFormat.JSON)


@app.command("lint", epilog=epilog("lint"))
@handle_errors
def lint_command(
    ctx: typer.Context,
    message: str | None = typer.Argument(
        None,
        metavar="MESSAGE",
        help="The message text (or use --file or --jsonl).",
        show_default=False,
    ),
    file: Path | None = typer.Option(
        None,
        "--file",
        metavar="FILE",
        help="Read the message from a UTF-8 file (one trailing line break is dropped).",
        show_default=False,
    ),
    jsonl: str | None = typer.Option(
        None,
        "--jsonl",
        metavar="PATH|-",
        help=(
            'Lint one message per JSON line {"id", "text", optional "use_case", "brand", '
            '"first_message"} from PATH or stdin (-); answers one JSON line per input.'
        ),
        show_default=False,
    ),
    use_case: UseCase | None = params.choice(
        UseCase,
        "--use-case",
        "What the message is for; decides whether opt-out language is called for.",
        order=USE_CASES,
    ),
    brand: str | None = params.text(
        "--brand", "Check that this brand or business name is in the body.", metavar="NAME"
    ),
    first_message: bool = typer.Option(
        False, "--first-message", help="This is the first message sent to the consumer."
    ),
    fmt: OutputFormat | None = params.output_format(
        FORMATS, None, "table (default) or json; --jsonl always answers in JSON lines."
    ),
    output: str | None = params.output(),
) -> None:
    """Check a message: opt-out language, brand, links, encoding and length.

    Exits 1 when a finding has error severity (or a JSON line is bad), else 0.
    """
    exactly_one(**{"MESSAGE": message, "--file": file, "--jsonl": jsonl})
    target = output_path(output, file, jsonl)
    message = unicode_text(message, "MESSAGE")
    brand = unicode_text(brand, "--brand")
    if jsonl is not None:
        if fmt is OutputFormat.TABLE and params.from_command_line(ctx, "fmt"):
            raise UsageError("--jsonl answers in JSON lines: --format table does not apply")
        _lint_jsonl(jsonl, target, use_case=use_case, brand=brand, first_message=first_message)
        return

    from advisor.cli._term import render_for
    from advisor.content.lint import lint_message
    from advisor.render.output import render_json
    from advisor.views.lint import lint_document

    # exactly one source was given: the file, or the message
    text = read_message(file) if file is not None else message or ""
    result = lint_message(text, use_case=use_case, brand=brand, first_message=first_message)
    if fmt is OutputFormat.JSON:
        write_output(render_json(versioned(result.to_dict())), target)
    else:
        write_output(render_for(lint_document(result), OutputFormat.TABLE, target), target)
    if result.has_errors:
        raise typer.Exit(int(ExitCode.NOT_OK))


def _lint_jsonl(
    source: str,
    target: Path | None,
    *,
    use_case: UseCase | None,
    brand: str | None,
    first_message: bool,
) -> None:
    from advisor.content.lint_lines import lint_lines
    from advisor.fileinput import open_input
    from advisor.jsonlines import read_lines

    stream = open_input(source, "a JSON lines file")
    name = "stdin" if source == "-" else source
    all_ok = True
    try:
        answers = lint_lines(
            read_lines(stream, name), use_case=use_case, brand=brand, first_message=first_message
        )
        with open_output(target) as out:
            for answer in answers:
                all_ok = all_ok and answer.ok
                out.write(json.dumps(versioned(answer.to_dict()), ensure_ascii=False) + "\n")
                out.flush()
    finally:
        if source != "-":
            stream.close()
    if not all_ok:
        raise typer.Exit(int(ExitCode.NOT_OK))


@app.command("keyword", epilog=epilog("keyword"))
@handle_errors
def keyword_command(
    text: str = typer.Argument(
        ..., metavar="REPLY", help="The consumer's whole reply, exactly as received."
    ),
    fmt: OutputFormat = params.output_format(
        FORMATS,
        OutputFormat.TABLE,
        "table prints the class as a plain word; json prints {schema_version, text, class}.",
    ),
    output: str | None = params.output(),
) -> None:
    """Classify a reply: opt_out (STOP...), opt_in (UNSTOP, START) or none."""
    from advisor.content.keywords import classify_reply

    target = output_path(output)
    kind = classify_reply(unicode_text(text, "REPLY") or "")
    if fmt is OutputFormat.JSON:
        from advisor.render.output import render_json

        write_output(render_json(versioned({"text": text, "class": kind.value})), target)
    else:
        write_output(kind.value, target)
