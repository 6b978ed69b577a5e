"""``advisor capacity``: will the traffic keep up? Rates, queue, losses, pacing, deadline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from advisor.cli import _common as opts
from advisor.cli import params
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli.examples import epilog
from advisor.cli.params import NumberInput
from advisor.errors import UsageError
from advisor.vocab import OutputFormat, SenderId, TrafficMix, UseCase

FORMATS = (
    OutputFormat.TABLE,
    OutputFormat.JSON,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.CSV,
    OutputFormat.PDF,
)


@app.command(epilog=epilog("capacity"))
@handle_errors
def capacity(
    ctx: typer.Context,
    concurrency: NumberInput = opts.CONCURRENCY,
    latency_ms: NumberInput = opts.LATENCY_MS,
    mps: NumberInput = params.number("--mps", "The sender's MPS (segments/s)."),
    sender: SenderId | None = params.choice(
        SenderId, "--sender", "A sender id: take its MPS in --country from the data."
    ),
    country: str | None = params.country(help="The destination country."),
    provider: str | None = opts.PROVIDER,
    account_mps: NumberInput = opts.ACCOUNT_MPS,
    queue_seconds: NumberInput = opts.QUEUE_SECONDS,
    burst_rps: NumberInput = opts.BURST_RPS,
    messages: NumberInput = params.number("--messages", "Campaign size in messages.", integer=True),
    segments: NumberInput = params.number("--segments", "Segments per message.", integer=True),
    body: str | None = params.text(
        "--body", "A message body to count segments of.", metavar="TEXT"
    ),
    body_file: Path | None = typer.Option(
        None,
        "--body-file",
        metavar="FILE",
        help="A file holding the message body (UTF-8).",
        show_default=False,
    ),
    validity_seconds: NumberInput = opts.VALIDITY_SECONDS,
    deadline_minutes: NumberInput = opts.DEADLINE_MINUTES,
    traffic: TrafficMix | None = params.choice(
        TrafficMix, "--traffic", "The traffic's mix (default: from --use-case)."
    ),
    use_case: UseCase | None = opts.USE_CASE,
    fmt: OutputFormat = params.output_format(FORMATS, OutputFormat.TABLE),
    output: str | None = params.output(),
    excel: bool = opts.EXCEL,
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
    from advisor.capacity import planning

    output_format = fmt
    opts.check_spreadsheet(output_format, excel=excel, output=output)
    target = output_path(output, body_file, data)
    if body is not None and body_file is not None:
        raise UsageError("give --body or --body-file, not both")
    target = output_path(output, body_file, data)
    number, whole = opts.number_readers(opts.number_locale(locale))
    kb = knowledge.load(data)

    request = planning.CapacityRequest(
        concurrency=whole(concurrency, "--concurrency"),
        latency_ms=number(latency_ms, "--latency-ms"),
        mps=number(mps, "--mps"),
        sender=sender,
        country=opts.country(country, kb) if country else None,
        provider=opts.provider(ctx, provider, kb),
        account_mps=number(account_mps, "--account-mps"),
        queue_seconds=number(queue_seconds, "--queue-seconds"),
        burst_rps=number(burst_rps, "--burst-rps"),
        messages=whole(messages, "--messages"),
        segments=whole(segments, "--segments"),
        body=_body(body, body_file),
        validity_seconds=number(validity_seconds, "--validity-seconds"),
        deadline_minutes=number(deadline_minutes, "--deadline-minutes"),
        traffic=traffic,
        use_case=use_case,
        on=_day(today),
    )
    result = planning.plan_request(kb, request)
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.schemas import versioned
        from advisor.views.capacity import capacity_json

        write_output(render_json(versioned(capacity_json(result, kb))), target)
        return
    if output_format is OutputFormat.CSV:
        from advisor.render.csv_out import render_csv
        from advisor.views.longform import capacity_rows, long_table

        text = opts.with_bom(render_csv(long_table(capacity_rows(result))), excel)
        write_output(text, target)
        return
    from advisor.cli._term import render_for
    from advisor.views.capacity import capacity_document

    document = capacity_document(result, kb)
    if output_format is OutputFormat.PDF:
        opts.write_pdf(document, target)
        return
    write_output(render_for(document, output_format, target), target)


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
    from advisor.fileinput import read_message
    from advisor.jsonlines import check_message

    text = read_message(body_file) if body_file is not None else opts.unicode_text(body, "--body")
    if text is not None:
        check_message(text, "--body-file" if body_file is not None else "--body")
    return text
