"""``advisor batch``: evaluate a whole intake sheet, one answer per row."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from advisor.cli import _common as opts
from advisor.cli import params
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli._batch_run import Run, rereadable
from advisor.cli._common import (
    data_option,
    stdout_is_terminal,
)
from advisor.cli.examples import epilog
from advisor.cli.plan_cmd import CURRENCY, PRICES, RATE
from advisor.errors import ExitCode, UsageError
from advisor.vocab import Entity, OutputFormat

if TYPE_CHECKING:
    from advisor.batch import Sheet

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
    # Rows streamed to the terminal are their own progress: no bar across them.
    bar_allowed = target is not None or not stdout_is_terminal()
    defaults = {
        name: value
        for name, value in (("provider", provider), ("entity", entity), ("today", today))
        if value is not None
    }
    label = "stdin" if source is None else intake
    from advisor.batch.customers import SeveralDestinations
    from advisor.batch.plans import plan_sheet
    from advisor.cost import read_price_sheet
    from advisor.fileio import written_atomically

    price_sheet = read_price_sheet(prices, kb) if prices is not None else None
    run = Run(
        kb=kb,
        defaults=defaults,
        number_locale=number_locale,
        output_format=output_format,
        target=target,
        excel=excel,
        price_sheet=price_sheet,
        rates=rates,
        report_dir=report_dir,
        reports=reports,
        data_label=opts.data_label(data),
        bar_allowed=bar_allowed,
    )
    with rereadable(source) as path:

        def reopen() -> contextlib.AbstractContextManager[Sheet]:
            return lib.open_sheet(path, label, sheet=sheet_name)

        summary = None
        # Written to a file that can be thrown away, the sheet is read once on the
        # guess that no customer has several destinations (the usual sheet); the first
        # row that belies it throws the output away and the sheet is read as usual:
        # first for its customers, then for its answers.
        if written_atomically(target) and report_dir is None:
            with contextlib.suppress(SeveralDestinations):
                summary = run.answer(path, reopen, None)
        if summary is None:
            summary = run.answer(
                path,
                reopen,
                lambda: plan_sheet(
                    reopen,
                    kb,
                    defaults,
                    number_locale,
                    None if price_sheet is None else (price_sheet, rates),
                ),
            )
    if output_format not in (OutputFormat.MARKDOWN, OutputFormat.HTML, OutputFormat.TABLE):
        for line in summary.lines():
            typer.echo(f"advisor: {line}", err=True)
    if summary.statuses.get("error"):
        raise typer.Exit(int(ExitCode.NOT_OK))
