"""``advisor segments``: the encoding and SMS segments of a message."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from advisor.cli import params
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli._common import exactly_one, unicode_text
from advisor.cli.examples import epilog
from advisor.errors import ExitCode, UsageError
from advisor.fileinput import open_input, read_message
from advisor.fileio import open_output
from advisor.schemas import versioned
from advisor.vocab import OutputFormat, SenderId

if TYPE_CHECKING:
    from advisor.content.provider_rules import ProviderRequest

#: the output formats of ``segments`` for one message
FORMATS = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.MARKDOWN)


def _provider_choices() -> list[str]:
    from advisor.content.provider_rules import load_segment_rules

    return sorted(load_segment_rules().providers)


@app.command("segments", epilog=epilog("segments"))
@handle_errors
def segments_command(
    ctx: typer.Context,
    text: str | None = typer.Argument(
        None,
        metavar="TEXT",
        help="The message text (or use --file or --jsonl).",
        show_default=False,
    ),
    file: Path | None = typer.Option(
        None,
        "--file",
        metavar="FILE",
        help=(
            "Read one message from a UTF-8 file. Only one trailing line break (LF or CR LF) "
            "is dropped; everything else, including CR and a byte order mark, is counted."
        ),
        show_default=False,
    ),
    jsonl: str | None = typer.Option(
        None,
        "--jsonl",
        metavar="PATH|-",
        help=(
            'Count one message per JSON line {"text", optional "id", "smart_encoding"} '
            "from PATH or stdin (-); answers one JSON line per input line."
        ),
        show_default=False,
    ),
    smart_encoding: bool = typer.Option(
        False,
        "--smart-encoding",
        help=(
            "Count the message as a provider sends it with smart encoding: look-alikes "
            "(curly quotes, dashes, Unicode spaces) replaced by GSM characters when all "
            "non-GSM characters can be replaced."
        ),
    ),
    # Not named ``provider``: the config file's provider (for recommend and plan) must not
    # change what segments counts by; without the flag it is the 3GPP standard.
    count_provider: str | None = typer.Option(
        None,
        "--provider",
        metavar="PROVIDER",
        autocompletion=params.completer(_provider_choices),
        help=(
            "Also count as this provider documents it (twilio, aws, telnyx, ...: the "
            "providers of data/segments.yaml); without it, the 3GPP standard only."
        ),
        show_default=False,
    ),
    sender: SenderId | None = params.sender(
        "With --provider: the sender type, where the provider counts it differently "
        "(Telnyx sends short codes in ASCII 7-bit)."
    ),
    fmt: OutputFormat | None = params.output_format(
        FORMATS,
        None,
        "table (default), json or markdown; --jsonl always answers in JSON lines.",
    ),
    output: str | None = params.output(),
) -> None:
    """Count SMS segments: GSM-7 or UCS-2, the text of each segment, what forces UCS-2.

    Exits 0; with --jsonl, exits 1 when any line could not be answered.
    """
    exactly_one(**{"TEXT": text, "--file": file, "--jsonl": jsonl})
    request = _provider_request(count_provider, sender)
    target = output_path(output, file, jsonl)
    if jsonl is not None:
        given = params.from_command_line(ctx, "fmt")
        if fmt is not None and fmt is not OutputFormat.JSON and given:
            raise UsageError(f"--jsonl answers in JSON lines: --format {fmt.value} does not apply")
        _segments_jsonl(jsonl, target, smart_encoding=smart_encoding, provider=request)
        return

    from advisor.content.analysis import analyse, record
    from advisor.views.segments import build_document

    # exactly one source was given: the file, or the text
    message = read_message(file) if file is not None else unicode_text(text, "TEXT") or ""
    report = analyse(message, smart_encoding=smart_encoding, provider=request)
    if fmt is OutputFormat.JSON:
        from advisor.render.output import render_json

        write_output(render_json(versioned(record(report, detailed=True))), target)
        return
    from advisor.cli._term import render_for

    output_format = OutputFormat.MARKDOWN if fmt is OutputFormat.MARKDOWN else OutputFormat.TABLE
    write_output(render_for(build_document(report), output_format, target), target)


def _provider_request(provider: str | None, sender: SenderId | None) -> ProviderRequest | None:
    """The provider to count by, checked before any work (exit 2 on a bad name)."""
    if provider is None:
        if sender is not None:
            raise UsageError("--sender applies with --provider (3GPP counts every sender alike)")
        return None
    from advisor.content.provider_rules import provider_rules

    return provider_rules(provider, sender)


def _segments_jsonl(
    source: str,
    target: Path | None,
    *,
    smart_encoding: bool,
    provider: ProviderRequest | None,
) -> None:
    from advisor.collector import paused
    from advisor.content.segments_lines import answer_lines
    from advisor.jsonlines import line_writer, read_lines

    stream = open_input(source, "a JSON lines file")
    name = "stdin" if source == "-" else source
    answered = failed = 0
    # Answer each line at once when reading stdin: a caller may be waiting for it.
    interactive = source == "-"
    try:
        # a file's answers come faster without the collector (advisor.collector); a
        # caller feeding stdin line by line may run for hours: the collector stays on
        with open_output(target) as out, contextlib.nullcontext() if interactive else paused():
            answers = answer_lines(
                read_lines(stream, name),
                smart_encoding=smart_encoding,
                provider=provider,
                schema_version=True,  # each answer is the line as written
            )
            write = line_writer(out)
            for answer in answers:
                answered += 1
                if not answer.ok:
                    failed += 1
                write(answer.record)
                if interactive:
                    out.flush()
    finally:
        if source != "-":
            stream.close()
    if failed:
        typer.echo(
            f'advisor: {failed} of {answered} lines could not be answered (see their "error")',
            err=True,
        )
        raise typer.Exit(int(ExitCode.NOT_OK))
