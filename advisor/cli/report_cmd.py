"""``advisor report``: a one-page proposal for one customer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from advisor.cli import _common as opts
from advisor.cli import params
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli.examples import epilog
from advisor.cli.params import NumberInput
from advisor.cli.plan_cmd import CURRENCY, PRICES, RATE
from advisor.cli.recommend_cmd import ANSWERS
from advisor.errors import ExitCode, UsageError, shown
from advisor.vocab import Direction, Entity, OutputFormat, Priority, UseCase

FORMATS = (
    OutputFormat.TABLE,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.CSV,
    OutputFormat.JSON,
    OutputFormat.XLSX,
    OutputFormat.PDF,
)


@app.command(epilog=epilog("report"))
@handle_errors
def report(
    ctx: typer.Context,
    country: str | None = opts.COUNTRY,
    use_case: UseCase | None = opts.USE_CASE,
    direction: Direction | None = opts.DIRECTION,
    mps: NumberInput = opts.MPS,
    daily_volume: NumberInput = opts.DAILY_VOLUME,
    lead_time_days: NumberInput = opts.LEAD_TIME_DAYS,
    priority: Priority | None = opts.PRIORITY,
    voice: bool | None = opts.VOICE,
    messages_per_minute: NumberInput = opts.MESSAGES_PER_MINUTE,
    messages_per_day: NumberInput = opts.MESSAGES_PER_DAY,
    unique_recipients: NumberInput = opts.UNIQUE_RECIPIENTS,
    inbound_outbound_ratio: NumberInput = opts.INBOUND_OUTBOUND_RATIO,
    entity: Entity | None = opts.ENTITY,
    go_live: str | None = opts.GO_LIVE,
    today: str | None = opts.TODAY,
    account_mps: NumberInput = opts.ACCOUNT_MPS,
    customer: str = typer.Option(
        "", "--customer", metavar="NAME", help="The customer's name, for the title."
    ),
    body: str | None = params.text("--body", "A sample message to check.", metavar="TEXT"),
    body_file: Path | None = typer.Option(
        None,
        "--body-file",
        metavar="FILE",
        help="The sample message, UTF-8.",
        show_default=False,
    ),
    brand: str | None = params.text("--brand", "The brand the messages must name.", metavar="NAME"),
    sender_mps: NumberInput = params.number(
        "--sender-mps", "The MPS the provider granted the sender (default: the data's)."
    ),
    concurrency: NumberInput = opts.CONCURRENCY,
    latency_ms: NumberInput = opts.LATENCY_MS,
    provider: str | None = opts.PROVIDER,
    queue_seconds: NumberInput = opts.QUEUE_SECONDS,
    burst_rps: NumberInput = opts.BURST_RPS,
    messages: NumberInput = params.number(
        "--messages", "Campaign size (default: the daily volume).", integer=True
    ),
    validity_seconds: NumberInput = opts.VALIDITY_SECONDS,
    deadline_minutes: NumberInput = opts.DEADLINE_MINUTES,
    prices: Path | None = PRICES,
    currency: str | None = CURRENCY,
    rate: list[str] | None = RATE,
    fmt: OutputFormat = params.output_format(FORMATS, OutputFormat.TABLE),
    excel: bool = opts.EXCEL,
    fragment: bool = typer.Option(False, "--fragment", help="HTML: a bare fragment to paste."),
    dated: str | None = params.text(
        "--date", "Print a date on the report: YYYY-MM-DD, or 'today'.", metavar="DATE"
    ),
    output: str | None = params.output(),
    explain: bool = typer.Option(
        False, "--explain", help="Name the rule behind each reason; the rule trace in the appendix."
    ),
    appendix: bool = typer.Option(
        True, "--appendix/--no-appendix", help="The engineer's detail after the proposal."
    ),
    company: str | None = typer.Option(
        None, "--company", help="Your company, as 'prepared by'.", metavar="NAME"
    ),
    logo: Path | None = typer.Option(
        None, "--logo", help="Your logo, an image file.", metavar="FILE"
    ),
    accent_color: str | None = typer.Option(
        None,
        "--accent-color",
        help="Headings and call-out, #rrggbb.",
        metavar="COLOUR",
    ),
    template: Path | None = typer.Option(
        None,
        "--template",
        help="A Jinja2 template for the page.",
        metavar="FILE",
    ),
    no_input: bool = opts.NO_INPUT,
    locale: str | None = opts.LOCALE,
    data: Path | None = opts.data_option(),
) -> None:
    """A one-page proposal for one customer: requirements, the recommendation and why,
    what was ruled out, the capacity plan, getting live, and the reliability checklist.

    Takes the inputs of `recommend`, the capacity inputs, and a sample message. Exit 0,
    or 1 when nothing fits (the report still says why).
    """
    from advisor import knowledge
    from advisor.branding import branding as make_branding
    from advisor.cost import parse_rates
    from advisor.fileinput import read_message
    from advisor.report import CapacityInputs, build_report

    output_format = fmt
    opts.check_spreadsheet(output_format, excel=excel, output=output)
    target = output_path(output, body_file, prices, data, logo, template)
    rates = parse_rates(currency, rate or ())
    from advisor.config import load_defaults

    # flags over the config file's branding keys (advisor.branding.CONFIG_KEYS)
    look = make_branding(
        company=company,
        logo=logo,
        color=accent_color,
        template=template,
        config=load_defaults().values,
    )
    if fragment and output_format is not OutputFormat.HTML:
        raise UsageError("--fragment applies to --format html only")
    if body is not None and body_file is not None:
        raise UsageError("give --body or --body-file, not both")
    number_locale = opts.number_locale(locale)
    customer = opts.unicode_text(customer, "--customer") or ""
    body = opts.unicode_text(body, "--body")
    brand = opts.unicode_text(brand, "--brand")
    kb = knowledge.load(data)
    provider = opts.provider(ctx, provider, kb)
    answers = {name: value for name, value in locals().items() if name in ANSWERS}
    intake = opts.intake_from_answers(kb, answers, no_input, number_locale)

    number, whole = opts.number_readers(number_locale)
    inputs = CapacityInputs(
        sender_mps=number(sender_mps, "--sender-mps"),
        concurrency=whole(concurrency, "--concurrency"),
        latency_ms=number(latency_ms, "--latency-ms"),
        provider=intake.provider,  # as the recommendation read it: an id, or None for "any"
        queue_seconds=number(queue_seconds, "--queue-seconds"),
        burst_rps=number(burst_rps, "--burst-rps"),
        messages=whole(messages, "--messages"),
        validity_seconds=number(validity_seconds, "--validity-seconds"),
        deadline_minutes=number(deadline_minutes, "--deadline-minutes"),
    )
    result = build_report(
        kb,
        intake,
        customer=customer,
        capacity=inputs,
        message=read_message(body_file) if body_file is not None else body,
        brand=brand,
        dated=_date(dated),
    )
    if prices is not None:
        from advisor.cost import read_price_sheet
        from advisor.report import with_cost

        result = with_cost(result, read_price_sheet(prices, kb), rates)
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.schemas import versioned
        from advisor.views.report import report_json

        data_json = report_json(result, kb, data=opts.data_label(data))
        write_output(render_json(versioned(data_json)), target)
    elif output_format in (OutputFormat.CSV, OutputFormat.XLSX):
        from advisor.views.longform import long_table, report_rows

        table = long_table(report_rows(result))
        if output_format is OutputFormat.CSV:
            from advisor.render.csv_out import render_csv

            write_output(opts.with_bom(render_csv(table), excel), target)
        else:
            from advisor.fileio import write_bytes
            from advisor.render.xlsx import render_xlsx
            from advisor.views.report import report_document
            from advisor.views.workbook import SUMMARY, summary_table

            summary = summary_table(report_document(result, kb))
            write_bytes(target, render_xlsx([("Report", table), (SUMMARY, summary)]))
    else:
        from advisor.cli._term import output_style
        from advisor.views.report import report_page

        style = output_style(target)
        page = report_page(
            result, kb, OutputFormat.HTML if output_format is OutputFormat.PDF else output_format,
            branding=look, explain=explain, appendix=appendix, fragment=fragment,
            color=style.color, width=style.width,
        )  # fmt: skip
        if output_format is OutputFormat.PDF:
            from advisor.fileio import write_bytes
            from advisor.render.pdf import render_pdf

            write_bytes(target, render_pdf(page))
        else:
            write_output(page, target)
    if not result.recommendation.fits:
        raise typer.Exit(int(ExitCode.NOT_OK))


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    if value.strip().lower() == "today":
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--date: expected YYYY-MM-DD or 'today', got {shown(value)}") from None
