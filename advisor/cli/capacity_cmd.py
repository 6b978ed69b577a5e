"""``advisor capacity``: will the traffic keep up? Rates, queue, losses, pacing, deadline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from advisor.cli import _common as opts
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.errors import UsageError
from advisor.vocab import OutputFormat

FORMATS = (
    OutputFormat.TABLE,
    OutputFormat.JSON,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.CSV,
    OutputFormat.PDF,
)


@app.command()
@handle_errors
def capacity(
    concurrency: str | None = opts.CONCURRENCY,
    latency_ms: str | None = opts.LATENCY_MS,
    mps: str | None = typer.Option(None, "--mps", help="The sender's MPS (segments/s)."),
    sender: str | None = typer.Option(
        None, "--sender", help="A sender id: take its MPS in --country from the data."
    ),
    country: str | None = typer.Option(None, "--country", help="The destination country."),
    provider: str | None = opts.PROVIDER,
    account_mps: str | None = opts.ACCOUNT_MPS,
    queue_seconds: str | None = opts.QUEUE_SECONDS,
    burst_rps: str | None = opts.BURST_RPS,
    messages: str | None = typer.Option(None, "--messages", help="Campaign size in messages."),
    segments: str | None = typer.Option(None, "--segments", help="Segments per message."),
    body: str | None = typer.Option(None, "--body", help="A message body to count segments of."),
    body_file: Path | None = typer.Option(
        None, "--body-file", help="A file holding the message body (UTF-8)."
    ),
    validity_seconds: str | None = opts.VALIDITY_SECONDS,
    deadline_minutes: str | None = opts.DEADLINE_MINUTES,
    traffic: str | None = typer.Option(
        None, "--traffic", help="bulk, realtime or mixed (default: from --use-case)."
    ),
    use_case: str | None = typer.Option(
        None, "--use-case", help="conversational, transactional, promotional or otp."
    ),
    fmt: str = typer.Option(
        "table", "--format", help="table, json, markdown, html, csv, or pdf (with -o)."
    ),
    excel: bool = opts.EXCEL,
    output: str | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write the plan here (atomically), not to stdout.",
        metavar="<path>",
    ),
    today: str | None = opts.TODAY,
    locale: str | None = opts.LOCALE,
    data: Path | None = opts.data_option(),
) -> None:
    """Will it keep up? API rate, egress, queue depth and fill time, drain, losses, pacing.

    The MPS is --mps, or the MPS of --sender in --country from the knowledge base;
    without either, every figure the other inputs determine is given. --provider
    brings that provider's own facts: its queue length, burst rule and error names
    (which --queue-seconds and --burst-rps override), Bandwidth's account dequeue rate
    (which caps every sender; --account-mps gives the account's), and Telnyx's
    per-sender rates and queues. Each input has a range (docs/guide.md).
    """
    from advisor import knowledge
    from advisor.capacity import TrafficMix, planning
    from advisor.intake import parse_choice
    from advisor.vocab import SenderId, UseCase

    output_format = opts.parse_format(fmt, FORMATS)
    opts.check_spreadsheet(output_format, excel=excel, output=output)
    if body is not None and body_file is not None:
        raise UsageError("give --body or --body-file, not both")
    target = output_path(output, body_file, data)
    number, whole = opts.number_readers(opts.number_locale(locale))
    kb = knowledge.load(data)

    request = planning.CapacityRequest(
        concurrency=whole(concurrency, "--concurrency"),
        latency_ms=number(latency_ms, "--latency-ms"),
        mps=number(mps, "--mps"),
        sender=parse_choice(sender, SenderId, "--sender") if sender else None,
        country=opts.country(country, kb) if country else None,
        provider=provider,
        account_mps=number(account_mps, "--account-mps"),
        queue_seconds=number(queue_seconds, "--queue-seconds"),
        burst_rps=number(burst_rps, "--burst-rps"),
        messages=whole(messages, "--messages"),
        segments=whole(segments, "--segments"),
        body=_body(body, body_file),
        validity_seconds=number(validity_seconds, "--validity-seconds"),
        deadline_minutes=number(deadline_minutes, "--deadline-minutes"),
        traffic=parse_choice(traffic, TrafficMix, "--traffic") if traffic else None,
        use_case=parse_choice(use_case, UseCase, "--use-case") if use_case else None,
        on=_day(today),
    )
    result = planning.plan_request(kb, request)
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.views.capacity import capacity_json

        write_output(render_json(capacity_json(result, kb)), target)
        return
    if output_format is OutputFormat.CSV:
        from advisor.render.csv_out import render_csv
        from advisor.views.longform import capacity_rows, long_table

        write_output(opts.with_bom(render_csv(long_table(capacity_rows(result))), excel), target)
        return
    from advisor.render.output import render
    from advisor.views.capacity import capacity_document

    document = capacity_document(result, kb)
    if output_format is OutputFormat.PDF:
        opts.write_pdf(document, target)
        return
    color = target is None and opts.stdout_is_terminal()
    width = opts.terminal_width() if color else None
    write_output(render(document, output_format, color=color, width=width), target)


def _day(value: str | None) -> date | None:
    """``--today``: the day the sender's facts are read for."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--today: expected YYYY-MM-DD, got {value!r}") from None


def _body(body: str | None, body_file: Path | None) -> str | None:
    """``--body`` or ``--body-file``, at most as long as any message the advisor analyses."""
    from advisor.fileio import read_message
    from advisor.jsonlines import check_message

    text = read_message(body_file) if body_file is not None else opts.unicode_text(body, "--body")
    if text is not None:
        check_message(text, "--body-file" if body_file is not None else "--body")
    return text
