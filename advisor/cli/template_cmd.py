"""``advisor template``: a ready-to-fill intake sheet, CSV or xlsx."""

from __future__ import annotations

import typer

from advisor.cli import _common as opts
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.vocab import OutputFormat

FORMATS = (OutputFormat.CSV, OutputFormat.XLSX)


@app.command("template")
@handle_errors
def template_command(
    output: str | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write the template here (atomically): intake.xlsx or intake.csv.",
        metavar="<path>",
    ),
    fmt: str | None = typer.Option(
        None, "--format", help="csv or xlsx (default: by the name given to -o, else csv)."
    ),
    excel: bool = opts.EXCEL,
) -> None:
    """A ready-to-fill intake sheet for `advisor batch`, with every column it reads.

    The xlsx workbook has drop-downs for use case, direction, priority, voice and
    entity, and a second sheet describing each column; the CSV is the header line.
    """
    from advisor.batch import template

    name = output or ""
    chosen = fmt or ("xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else "csv")
    output_format = opts.parse_format(chosen, FORMATS)
    opts.check_spreadsheet(output_format, excel=excel, output=output)
    target = output_path(output)
    if output_format is OutputFormat.XLSX:
        from advisor.batch.intake_template import template_xlsx
        from advisor.fileio import write_bytes

        write_bytes(target, template_xlsx())
        return
    write_output(opts.with_bom(template(), excel), target)
