"""``advisor report``: a one-page proposal for one customer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from advisor.cli import _common as opts
from advisor.cli._app import app, handle_errors, write_output
from advisor.cli.recommend_cmd import ANSWERS
from advisor.errors import ExitCode, UsageError
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
    customer: str = typer.Option("", "--customer", help="The customer's name, for the title."),
    body: str | None = typer.Option(None, "--body", help="A sample message to check."),
    body_file: Path | None = typer.Option(None, "--body-file", help="The sample message, UTF-8."),
    brand: str | None = typer.Option(None, "--brand", help="The brand the messages must name."),
    sender_mps: str | None = typer.Option(
        None, "--sender-mps", help="The MPS the provider granted the sender (default: the data's)."
    ),
    concurrency: str | None = typer.Option(None, "--concurrency", help="API concurrency limit."),
    latency_ms: str | None = typer.Option(None, "--latency-ms", help="API response time, ms."),
    provider: str | None = typer.Option(None, "--provider", help="twilio, bandwidth or telnyx."),
    queue_seconds: str | None = typer.Option(None, "--queue-seconds", help="Queue length, s."),
    burst_rps: str | None = typer.Option(None, "--burst-rps", help="API burst rate, msg/s."),
    messages: str | None = typer.Option(
        None, "--messages", help="Campaign size (default: the daily volume)."
    ),
    validity_seconds: str | None = typer.Option(
        None, "--validity-seconds", help="Validity period, s."
    ),
    deadline_minutes: str | None = typer.Option(
        None, "--deadline-minutes", help="Minutes the campaign must finish in."
    ),
    fmt: str = typer.Option("table", "--format", help="table, markdown, html, csv or json."),
    fragment: bool = typer.Option(False, "--fragment", help="HTML: a bare fragment to paste."),
    dated: str | None = typer.Option(
        None, "--date", help="Print a date on the report: YYYY-MM-DD, or 'today'."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the report here (atomically), not to stdout."
    ),
    no_input: bool = opts.NO_INPUT,
    data: Path | None = opts.data_option(),
) -> None:
    """A one-page proposal for one customer: requirements, the recommendation and why,
    what was ruled out, the capacity plan, getting live, and the reliability checklist.

    Takes the inputs of `recommend`, the capacity inputs, and a sample message. Exit 0,
    or 1 when nothing fits (the report still says why).
    """
    from advisor import knowledge
    from advisor.fileio import read_message
    from advisor.intake import parse_number
    from advisor.report import CapacityInputs, build_report

    output_format = opts.parse_format(fmt, FORMATS)
    if fragment and output_format is not OutputFormat.HTML:
        raise UsageError("--fragment applies to --format html only")
    if body is not None and body_file is not None:
        raise UsageError("give --body or --body-file, not both")
    kb = knowledge.load(data)
    answers = {name: value for name, value in locals().items() if name in ANSWERS}
    intake = opts.intake_from_answers(kb, answers, no_input)

    def number(value: str | None, flag: str, integer: bool = False) -> float | int | None:
        return parse_number(value, flag, integer=integer)

    inputs = CapacityInputs(
        sender_mps=number(sender_mps, "--sender-mps"),
        concurrency=_whole(number(concurrency, "--concurrency", True)),
        latency_ms=number(latency_ms, "--latency-ms"),
        provider=provider,
        queue_seconds=number(queue_seconds, "--queue-seconds"),
        burst_rps=number(burst_rps, "--burst-rps"),
        messages=_whole(number(messages, "--messages", True)),
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
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.views.report import report_json

        write_output(render_json(report_json(result, kb, data=opts.data_label(data))), output)
    else:
        from advisor.render.output import render
        from advisor.views.report import report_document

        color = output is None and opts.stdout_is_terminal()
        width = opts.terminal_width() if color else None
        document = report_document(result, kb)
        text = render(document, output_format, fragment=fragment, color=color, width=width)
        write_output(text, output)
    if not result.recommendation.fits:
        raise typer.Exit(int(ExitCode.NOT_OK))


def _whole(value: float | int | None) -> int | None:
    return None if value is None else int(value)


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    if value.strip().lower() == "today":
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--date: expected YYYY-MM-DD or 'today', got {value!r}") from None
