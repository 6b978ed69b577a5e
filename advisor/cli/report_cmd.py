"""``advisor report``: a one-page proposal for one customer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from advisor.cli import _common as opts
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli.plan_cmd import CURRENCY, PRICES, RATE
from advisor.cli.recommend_cmd import ANSWERS
from advisor.errors import ExitCode, UsageError, shown
from advisor.vocab import OutputFormat

FORMATS = (
    OutputFormat.TABLE,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.CSV,
    OutputFormat.JSON,
)


@app.command()
@handle_errors
def report(
    country: str | None = opts.COUNTRY,
    use_case: str | None = opts.USE_CASE,
    direction: str | None = opts.DIRECTION,
    mps: str | None = opts.MPS,
    daily_volume: str | None = opts.DAILY_VOLUME,
    lead_time_days: str | None = opts.LEAD_TIME_DAYS,
    priority: str | None = opts.PRIORITY,
    voice: bool | None = opts.VOICE,
    messages_per_minute: str | None = opts.MESSAGES_PER_MINUTE,
    messages_per_day: str | None = opts.MESSAGES_PER_DAY,
    unique_recipients: str | None = opts.UNIQUE_RECIPIENTS,
    inbound_outbound_ratio: str | None = opts.INBOUND_OUTBOUND_RATIO,
    entity: str | None = opts.ENTITY,
    go_live: str | None = opts.GO_LIVE,
    today: str | None = opts.TODAY,
    account_mps: str | None = opts.ACCOUNT_MPS,
    customer: str = typer.Option("", "--customer", help="The customer's name, for the title."),
    body: str | None = typer.Option(None, "--body", help="A sample message to check."),
    body_file: Path | None = typer.Option(None, "--body-file", help="The sample message, UTF-8."),
    brand: str | None = typer.Option(None, "--brand", help="The brand the messages must name."),
    sender_mps: str | None = typer.Option(
        None, "--sender-mps", help="The MPS the provider granted the sender (default: the data's)."
    ),
    concurrency: str | None = opts.CONCURRENCY,
    latency_ms: str | None = opts.LATENCY_MS,
    provider: str | None = opts.PROVIDER,
    queue_seconds: str | None = opts.QUEUE_SECONDS,
    burst_rps: str | None = opts.BURST_RPS,
    messages: str | None = typer.Option(
        None, "--messages", help="Campaign size (default: the daily volume)."
    ),
    validity_seconds: str | None = opts.VALIDITY_SECONDS,
    deadline_minutes: str | None = opts.DEADLINE_MINUTES,
    prices: Path | None = PRICES,
    currency: str | None = CURRENCY,
    rate: list[str] | None = RATE,
    fmt: str = typer.Option("table", "--format", help="table, markdown, html, csv or json."),
    fragment: bool = typer.Option(False, "--fragment", help="HTML: a bare fragment to paste."),
    dated: str | None = typer.Option(
        None, "--date", help="Print a date on the report: YYYY-MM-DD, or 'today'."
    ),
    output: str | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write the report here (atomically), not to stdout.",
        metavar="<path>",
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
    from advisor.cost import parse_rates
    from advisor.fileio import read_message
    from advisor.report import CapacityInputs, build_report

    output_format = opts.parse_format(fmt, FORMATS)
    target = output_path(output, body_file, prices, data)
    rates = parse_rates(currency, rate or ())
    if fragment and output_format is not OutputFormat.HTML:
        raise UsageError("--fragment applies to --format html only")
    if body is not None and body_file is not None:
        raise UsageError("give --body or --body-file, not both")
    number_locale = opts.number_locale(locale)
    customer = opts.unicode_text(customer, "--customer") or ""
    body = opts.unicode_text(body, "--body")
    brand = opts.unicode_text(brand, "--brand")
    kb = knowledge.load(data)
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
        from advisor.views.report import report_json

        write_output(render_json(report_json(result, kb, data=opts.data_label(data))), target)
    else:
        from advisor.render.output import render
        from advisor.views.report import report_document

        color = target is None and opts.stdout_is_terminal()
        width = opts.terminal_width() if color else None
        document = report_document(result, kb)
        text = render(document, output_format, fragment=fragment, color=color, width=width)
        write_output(text, target)
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
