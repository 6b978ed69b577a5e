"""``advisor batch``: evaluate a whole intake sheet, one answer per row."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli._common import data_option, parse_format, stdout_is_terminal, terminal_width
from advisor.errors import ExitCode, UsageError
from advisor.vocab import OutputFormat

if TYPE_CHECKING:
    from advisor.batch import Sheet

T = TypeVar("T")

FORMATS = (
    OutputFormat.CSV,
    OutputFormat.JSONL,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.TABLE,
)
REPORT_FORMATS = (
    OutputFormat.HTML,
    OutputFormat.MARKDOWN,
    OutputFormat.TABLE,
    OutputFormat.JSON,
)
#: sheets larger than this show a progress bar on a terminal.
PROGRESS_BYTES = 256 * 1024


@app.command()
@handle_errors
def batch(
    intake: str | None = typer.Argument(
        None, help="The intake sheet (CSV); - reads standard input.", show_default=False
    ),
    output: str | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write the results here (atomically), not to stdout.",
        metavar="<path>",
    ),
    fmt: str = typer.Option("csv", "--format", help="csv, jsonl, markdown, html or table."),
    template: bool = typer.Option(
        False, "--template", help="Print the header of a ready-to-fill intake sheet."
    ),
    report_dir: Path | None = typer.Option(
        None, "--report-dir", help="Also write a one-page report per row into this directory."
    ),
    report_format: str = typer.Option(
        "html", "--report-format", help="The reports' format: html, markdown, table or json."
    ),
    data: Path | None = data_option(),
) -> None:
    """Evaluate every row of an intake sheet: recommended sender, capacity, lint, errors.

    Every row appears once, in input order, with its original columns and the
    advisor's. Exit 0 when every row is ok or no_fit, 1 when a row is an error,
    2 when the file itself cannot be read.
    """
    from advisor import batch as lib

    output_format = parse_format(fmt, FORMATS)
    reports = parse_format(report_format, REPORT_FORMATS)
    target = output_path(output, intake, data)
    if template:
        if intake is not None:
            raise UsageError("--template takes no intake sheet")
        write_output(lib.template(), target)
        return
    if intake is None:
        raise UsageError("give an intake sheet (a CSV file, or - for standard input)")
    from advisor import knowledge

    kb = knowledge.load(data)
    source = None if intake == "-" else Path(intake)
    summary = lib.Summary()
    with lib.open_sheet(source, "stdin" if source is None else intake) as sheet:
        results = _with_progress(lib.evaluate_sheet(sheet, kb, summary), sheet, source)
        if report_dir is not None:
            from advisor.report import with_reports

            results = with_reports(results, report_dir, reports, kb, sheet.fields, summary)
        if output_format in (OutputFormat.HTML, OutputFormat.TABLE):
            from advisor.render.output import render
            from advisor.views.batch import batch_document

            rows = list(results)
            document = batch_document(sheet.label, sheet.fields, rows, summary, sheet.header)
            color = target is None and stdout_is_terminal()
            write_output(
                render(
                    document, output_format, color=color, width=terminal_width() if color else None
                ),
                target,
            )
        else:
            from advisor.fileio import open_output

            writer = {
                OutputFormat.CSV: lib.write_csv,
                OutputFormat.JSONL: lib.write_jsonl,
                OutputFormat.MARKDOWN: lib.write_markdown,
            }[output_format]
            with open_output(target, newline="") as out:
                writer(results, sheet.header, out)
                if output_format is OutputFormat.MARKDOWN:
                    out.write("\n" + "\n\n".join(summary.lines()) + "\n")
            if output_format is not OutputFormat.MARKDOWN:
                for line in summary.lines():
                    typer.echo(f"advisor: {line}", err=True)
    if summary.statuses.get("error"):
        raise typer.Exit(int(ExitCode.NOT_OK))


def _with_progress(results: Iterator[T], sheet: Sheet, source: Path | None) -> Iterator[T]:
    """A progress bar on stderr for a large sheet when stderr is a terminal."""
    try:
        interactive = sys.stderr.isatty()
    except (AttributeError, ValueError):
        interactive = False
    size = source.stat().st_size if source is not None else 0
    if not interactive or size < PROGRESS_BYTES:
        return results
    return _progress(results, sheet, size)


def _progress(results: Iterator[T], sheet: Sheet, size: int) -> Iterator[T]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("evaluating"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task("rows", total=size)
        for count, result in enumerate(results, start=1):
            if count % 1000 == 0:
                progress.update(task, completed=sheet.progress())
            yield result
