"""``advisor matrix`` and ``advisor countries``: the knowledge base as tables for documents."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from advisor.cli import _common as opts
from advisor.cli import params
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli._common import data_option
from advisor.cli.examples import epilog
from advisor.errors import UsageError
from advisor.vocab import OutputFormat, SenderId

if TYPE_CHECKING:
    from advisor.render.model import Document

FORMATS = (
    OutputFormat.TABLE,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.CSV,
    OutputFormat.JSON,
    OutputFormat.XLSX,
    OutputFormat.PDF,
)
FRAGMENT_HELP = "With --format html: the body content alone, styled inline for pasting."


def _output_format(
    output_format: OutputFormat,
    fragment: bool,
    *,
    excel: bool,
    output: str | None,
    data: Path | None,
) -> tuple[OutputFormat, Path | None]:
    """The format and the output, checked before any work."""
    if fragment and output_format is not OutputFormat.HTML:
        raise UsageError(f"--fragment applies to --format html only, not {output_format.value}")
    opts.check_spreadsheet(output_format, excel=excel, output=output)
    return output_format, output_path(output, data)


def _write(
    output_format: OutputFormat,
    as_json: Callable[[], Mapping[str, Any]],
    as_document: Callable[[], Document],
    *,
    fragment: bool,
    target: Path | None,
    excel: bool,
) -> None:
    """Render a result as JSON or from its document, and write it to ``target``."""
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.schemas import versioned

        write_output(render_json(versioned(as_json())), target)
        return
    if output_format is OutputFormat.XLSX:
        from advisor.fileio import write_bytes
        from advisor.render.xlsx import render_xlsx
        from advisor.views.workbook import document_sheets

        write_bytes(target, render_xlsx(document_sheets(as_document())))
        return
    if output_format is OutputFormat.PDF:
        opts.write_pdf(as_document(), target)
        return
    from advisor.cli._term import render_for

    text = render_for(as_document(), output_format, target, fragment=fragment)
    write_output(opts.with_bom(text, excel), target)


@app.command("matrix", epilog=epilog("matrix"))
@handle_errors
def matrix_command(
    senders: list[str] | None = typer.Option(
        None,
        "--senders",
        metavar="SENDER,SENDER",
        autocompletion=params.complete_senders,
        help="Sender ids to show, in this order (comma-separated; repeatable): "
        + ", ".join(sender.value for sender in SenderId)
        + ". Default: all.",
        show_default=False,
    ),
    country: str | None = params.country(
        help="Show the senders as they work in this country (ISO code or name)."
    ),
    fmt: OutputFormat = params.output_format(FORMATS, OutputFormat.TABLE),
    fragment: bool = typer.Option(False, "--fragment", help=FRAGMENT_HELP),
    output: str | None = params.output(),
    excel: bool = opts.EXCEL,
    data: Path | None = data_option(),
) -> None:
    """The sender matrix: senders as columns, their attributes as rows, with sources."""
    from advisor import knowledge
    from advisor.views.matrix import matrix_document, matrix_json, sender_matrix

    output_format, target = _output_format(fmt, fragment, excel=excel, output=output, data=data)
    kb = knowledge.load(data)
    result = sender_matrix(kb, senders or (), country)
    _write(
        output_format,
        lambda: matrix_json(result, kb),
        lambda: matrix_document(result, kb, output_format),
        fragment=fragment,
        target=target,
        excel=excel,
    )


@app.command("countries", epilog=epilog("countries"))
@handle_errors
def countries_command(
    countries: list[str] | None = typer.Argument(
        None,
        metavar="COUNTRY",
        autocompletion=params.complete_country,
        help="ISO codes or names. Default: every country.",
        show_default=False,
    ),
    sender: str | None = params.sender(
        "Show one sender type only: its own columns, plus the notes."
    ),
    notes: bool | None = typer.Option(
        None,
        "--notes/--no-notes",
        help=(
            "Show or leave out each country's notes. Default: shown, except in a terminal "
            "table of every sender type for more than a few countries."
        ),
        show_default=False,
    ),
    fmt: OutputFormat = params.output_format(FORMATS, OutputFormat.TABLE),
    fragment: bool = typer.Option(False, "--fragment", help=FRAGMENT_HELP),
    output: str | None = params.output(),
    excel: bool = opts.EXCEL,
    data: Path | None = data_option(),
) -> None:
    """Sender support per country: short code, long code, toll-free, alphanumeric and more."""
    from advisor import knowledge
    from advisor.views.countries import countries_json, country_support
    from advisor.views.countries_document import countries_document

    output_format, target = _output_format(fmt, fragment, excel=excel, output=output, data=data)
    kb = knowledge.load(data)
    result = country_support(kb, countries or (), sender=sender, notes=notes, fmt=output_format)
    _write(
        output_format,
        lambda: {"countries": countries_json(result)},
        lambda: countries_document(result, kb),
        fragment=fragment,
        target=target,
        excel=excel,
    )
