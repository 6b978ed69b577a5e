"""``advisor batch``: evaluate a whole intake sheet, one answer per row."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from advisor.cli import _common as opts
from advisor.cli import params
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli._common import (
    data_option,
    stderr_is_terminal,
    stdout_is_terminal,
)
from advisor.cli.examples import epilog
from advisor.cli.plan_cmd import CURRENCY, PRICES, RATE
from advisor.errors import ExitCode, UsageError
from advisor.vocab import Entity, OutputFormat

if TYPE_CHECKING:
    from rich.progress import Progress

    from advisor.batch import Sheet

T = TypeVar("T")

FORMATS = (
    OutputFormat.CSV,
    OutputFormat.JSON,
    OutputFormat.JSONL,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.TABLE,
    OutputFormat.XLSX,
)
REPORT_FORMATS = (
    OutputFormat.HTML,
    OutputFormat.MARKDOWN,
    OutputFormat.TABLE,
    OutputFormat.JSON,
)
#: sheets larger than this show a progress bar on a terminal.
PROGRESS_BYTES = 256 * 1024


@app.command(epilog=epilog("batch"))
@handle_errors
def batch(
    ctx: typer.Context,
    intake: str | None = typer.Argument(
        None,
        metavar="SHEET",
        help="The intake sheet (CSV or xlsx); - reads standard input.",
        show_default=False,
    ),
    sheet_name: str | None = typer.Option(
        None,
        "--sheet",
        help="The sheet of an xlsx workbook to read (default: the first).",
        metavar="NAME",
        show_default=False,
    ),
    output: str | None = params.output(),
    fmt: OutputFormat = params.output_format(FORMATS, OutputFormat.CSV),
    excel: bool = opts.EXCEL,
    template: bool = typer.Option(
        False, "--template", help="Print the header of a ready-to-fill intake sheet."
    ),
    report_dir: Path | None = typer.Option(
        None,
        "--report-dir",
        metavar="DIR",
        help="Also write a report per row into this directory (one per customer for a "
        "customer with several countries).",
        show_default=False,
    ),
    report_format: OutputFormat = params.output_format(
        REPORT_FORMATS,
        OutputFormat.HTML,
        "The reports' format.",
        flag="--report-format",
        envvar=None,
    ),
    prices: Path | None = PRICES,
    currency: str | None = CURRENCY,
    rate: list[str] | None = RATE,
    provider: str | None = opts.RECOMMEND_PROVIDER,
    entity: Entity | None = opts.ENTITY,
    today: str | None = opts.TODAY,
    locale: str | None = opts.LOCALE,
    data: Path | None = data_option(),
) -> None:
    """Evaluate every row of an intake sheet: recommended sender, capacity, lint, errors.

    --provider, --entity and --today apply to every row whose own cell is blank.
    --locale says how the sheet's numbers are written; a sheet separated by ; is read
    with a decimal comma unless --locale says otherwise.

    A customer with several countries (a country cell such as US;CA;GB, or rows
    sharing a customer) gets a plan, as `advisor plan` gives it; a row listing several
    countries appears once per country, with its line.

    Every row appears once, in input order, with its original columns and the
    advisor's; CSV is written with the sheet's own delimiter (and decimal separator),
    xlsx (with -o) as a workbook of typed cells. Exit 0 when every row is ok or
    no_fit, 1 when a row is an error, 2 when the file itself cannot be read.
    """
    from advisor import batch as lib

    output_format = fmt
    reports = report_format
    opts.check_spreadsheet(output_format, excel=excel, output=output)
    target = output_path(output, intake, prices, data)
    from advisor.cost import parse_rates

    rates = parse_rates(currency, rate or ())
    priced = prices is not None
    number_locale = opts.number_locale(locale)
    if template:
        if intake is not None:
            raise UsageError("--template takes no intake sheet")
        write_output(lib.template(), target)
        return
    if intake is None:
        raise UsageError("give an intake sheet (a CSV or xlsx file, or - for standard input)")
    from advisor import knowledge

    kb = knowledge.load(data)
    provider = opts.provider(ctx, provider, kb)
    source = None if intake == "-" else Path(intake)
    summary = lib.Summary()
    # Rows streamed to the terminal are their own progress: no bar across them.
    bar_allowed = target is not None or not stdout_is_terminal()
    defaults = {
        name: value
        for name, value in (("provider", provider), ("entity", entity), ("today", today))
        if value is not None
    }
    label = "stdin" if source is None else intake
    from advisor.batch.plans import expand_records, plan_sheet, with_plans
    from advisor.cost import read_price_sheet

    price_sheet = read_price_sheet(prices, kb) if prices is not None else None
    with (
        _rereadable(source) as path,
        lib.open_sheet(path, label, sheet=sheet_name) as sheet,
        _progress(sheet, path, allowed=bar_allowed) as bar,
    ):
        plans = plan_sheet(
            lambda: lib.open_sheet(path, label, sheet=sheet_name),
            kb,
            defaults,
            number_locale,
            None if price_sheet is None else (price_sheet, rates),
        )
        planned = bool(plans)
        sheet.records = expand_records(sheet.records, plans, sheet.fields["country"])
        results = bar.track(lib.evaluate_sheet(sheet, kb, summary, defaults, number_locale))
        results = _then(with_plans(results, plans), lambda: summary.notes.extend(plans.notes))
        if price_sheet is not None:
            from advisor.batch.costs import with_costs

            results = with_costs(results, price_sheet, rates)
        if report_dir is not None:
            from advisor.batch.reports import with_reports

            results = with_reports(results, report_dir, reports, kb, sheet.fields, summary)
        if output_format is OutputFormat.XLSX:
            from advisor.fileio import open_binary_output

            with open_binary_output(target) as binary:
                streamed = _then(results, bar.rendering)
                lib.write_xlsx(streamed, sheet.header, sheet.fields, summary, binary, priced, plans)
        else:
            from advisor.fileio import open_output

            with open_output(target, newline="") as out:
                if output_format is OutputFormat.TABLE:
                    from advisor.cli._term import output_style

                    style = output_style(target)
                    lib.write_table(
                        _then(results, bar.rendering),
                        sheet.label,
                        sheet.fields,
                        sheet.header,
                        summary,
                        out,
                        width=style.width,
                        color=style.color,
                        priced=priced,
                        plans=plans,
                    )
                elif output_format is OutputFormat.HTML:
                    # the page is written around the rows once they are all in
                    streamed = _then(results, bar.rendering)
                    lib.write_html(
                        streamed,
                        sheet.label,
                        sheet.fields,
                        sheet.header,
                        summary,
                        out,
                        priced,
                        plans,
                    )
                elif output_format is OutputFormat.CSV:
                    lib.write_csv(
                        results,
                        sheet.header,
                        out,
                        delimiter=sheet.format.delimiter,
                        decimal=lib.output_decimal(sheet, number_locale),
                        bom=excel,
                        priced=priced,
                        planned=planned,
                    )
                else:
                    if output_format is OutputFormat.JSON:
                        from advisor.batch.plan_columns import plans_json

                        shown = plans_json(plans, kb, opts.data_label(data)) if planned else None
                        lib.write_json(results, sheet.header, out, summary, priced, shown)
                    else:
                        writer = {
                            OutputFormat.JSONL: lib.write_jsonl,
                            OutputFormat.MARKDOWN: lib.write_markdown,
                        }[output_format]
                        writer(results, sheet.header, out, priced, planned)
                if output_format is OutputFormat.MARKDOWN:
                    out.write("\n" + "\n\n".join(summary.lines()) + "\n")
    if output_format not in (OutputFormat.MARKDOWN, OutputFormat.HTML, OutputFormat.TABLE):
        for line in summary.lines():
            typer.echo(f"advisor: {line}", err=True)
    if summary.statuses.get("error"):
        raise typer.Exit(int(ExitCode.NOT_OK))


@contextlib.contextmanager
def _rereadable(source: Path | None) -> Iterator[Path | None]:
    """``source`` as a file that can be read again (the plans read the sheet first):
    a regular file as it is; standard input, a pipe or a FIFO copied once into a
    temporary file that goes with the run."""
    import shutil
    import stat
    import tempfile

    if source is not None:
        try:
            if stat.S_ISREG(source.stat().st_mode):
                yield source
                return
        except OSError:
            yield source  # the sheet's reader names what is wrong with it
            return
    from advisor.fileinput import open_seekable

    with (
        open_seekable("-" if source is None else str(source), "a CSV or xlsx file") as handle,
        tempfile.TemporaryDirectory(prefix="advisor-batch-") as folder,
    ):
        copy = Path(folder) / f"sheet{source.suffix if source is not None else ''}"
        with copy.open("wb") as spooled:
            shutil.copyfileobj(handle, spooled)
        yield copy


def _then(results: Iterator[T], done: Callable[[], None]) -> Iterator[T]:
    """``results``, then ``done()`` once they are exhausted."""
    yield from results
    done()


class _NoBar:
    """No progress bar: rows pass through untouched."""

    def track(self, results: Iterator[T]) -> Iterator[T]:
        return results

    def rendering(self) -> None:
        return None


class _Bar(_NoBar):
    """A transient progress bar on stderr: rows evaluated, then the render step."""

    def __init__(self, progress: Progress, sheet: Sheet, size: int) -> None:
        self.progress = progress
        self.sheet = sheet
        self.task = progress.add_task("evaluating", total=size)
        progress.refresh()

    def track(self, results: Iterator[T]) -> Iterator[T]:
        for count, result in enumerate(results, start=1):
            if count % 1000 == 0:
                self.progress.update(self.task, completed=self.sheet.progress())
            yield result

    def rendering(self) -> None:
        # the size of the render step is unknown: the bar pulses
        self.progress.update(self.task, description="rendering", total=None, refresh=True)


@contextlib.contextmanager
def _progress(sheet: Sheet, source: Path | None, *, allowed: bool) -> Iterator[_NoBar]:
    """A bar for a large sheet, drawn on stderr and only when stderr is a terminal.

    Nothing of it reaches stdout: the bar has a console of its own on stderr, and
    stdout is not redirected through it.
    """
    size = source.stat().st_size if source is not None else 0
    if not allowed or size < PROGRESS_BYTES or not stderr_is_terminal():
        yield _NoBar()
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from advisor.cli._term import stderr_console

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=stderr_console(),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        yield _Bar(progress, sheet, size)
