"""``advisor capacity``: will the traffic keep up? Rates, queue, losses, pacing, deadline."""

from __future__ import annotations

from pathlib import Path

import typer

from advisor.cli._app import app, handle_errors, write_output
from advisor.cli._common import data_option, parse_format, stdout_is_terminal, terminal_width
from advisor.errors import UsageError
from advisor.vocab import OutputFormat

FORMATS = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.MARKDOWN, OutputFormat.HTML)


@app.command()
@handle_errors
def capacity(
    concurrency: str | None = typer.Option(
        None, "--concurrency", help="The API concurrency limit (requests in flight)."
    ),
    latency_ms: str | None = typer.Option(
        None, "--latency-ms", help="The API's response time per request, milliseconds."
    ),
    mps: str | None = typer.Option(None, "--mps", help="The sender's MPS (segments/s)."),
    sender: str | None = typer.Option(
        None, "--sender", help="A sender id: take its MPS in --country from the data."
    ),
    country: str | None = typer.Option(None, "--country", help="The destination country."),
    provider: str | None = typer.Option(
        None, "--provider", help="twilio, bandwidth or telnyx: queue, burst rule, error names."
    ),
    queue_seconds: str | None = typer.Option(
        None, "--queue-seconds", help="The queue length in seconds (overrides the provider's)."
    ),
    burst_rps: str | None = typer.Option(
        None, "--burst-rps", help="The API burst rate, messages/s (overrides the provider's)."
    ),
    messages: str | None = typer.Option(None, "--messages", help="Campaign size in messages."),
    segments: str | None = typer.Option(None, "--segments", help="Segments per message."),
    body: str | None = typer.Option(None, "--body", help="A message body to count segments of."),
    body_file: Path | None = typer.Option(
        None, "--body-file", help="A file holding the message body (UTF-8)."
    ),
    validity_seconds: str | None = typer.Option(
        None, "--validity-seconds", help="The messages' validity period, seconds."
    ),
    deadline_minutes: str | None = typer.Option(
        None, "--deadline-minutes", help="Minutes the campaign must finish in."
    ),
    traffic: str | None = typer.Option(
        None, "--traffic", help="bulk, realtime or mixed (default: from --use-case)."
    ),
    use_case: str | None = typer.Option(
        None, "--use-case", help="conversational, transactional, promotional or otp."
    ),
    fmt: str = typer.Option("table", "--format", help="table, json, markdown or html."),
    data: Path | None = data_option(),
) -> None:
    """Will it keep up? API rate, egress, queue depth and fill time, drain, losses, pacing.

    The MPS is --mps, or the MPS of --sender in --country from the knowledge base;
    --provider brings the queue length, burst rule and error names, which
    --queue-seconds and --burst-rps override (e.g. --queue-seconds 14400 for the
    ISV guide's 4-hour Twilio queue).
    """
    from advisor import knowledge, planning
    from advisor.capacity import TrafficMix
    from advisor.fileio import read_message
    from advisor.intake import parse_choice, parse_number, resolve_country
    from advisor.vocab import SenderId, UseCase

    output_format = parse_format(fmt, FORMATS)
    if body is not None and body_file is not None:
        raise UsageError("give --body or --body-file, not both")
    kb = knowledge.load(data)

    def number(value: str | None, flag: str, integer: bool = False) -> float | int | None:
        return parse_number(value, flag, integer=integer)

    request = planning.CapacityRequest(
        concurrency=_whole(number(concurrency, "--concurrency", True)),
        latency_ms=number(latency_ms, "--latency-ms"),
        mps=number(mps, "--mps"),
        sender=parse_choice(sender, SenderId, "--sender") if sender else None,
        country=resolve_country(country, kb, "--country") if country else None,
        provider=provider,
        queue_seconds=number(queue_seconds, "--queue-seconds"),
        burst_rps=number(burst_rps, "--burst-rps"),
        messages=_whole(number(messages, "--messages", True)),
        segments=_whole(number(segments, "--segments", True)),
        body=read_message(body_file) if body_file is not None else body,
        validity_seconds=number(validity_seconds, "--validity-seconds"),
        deadline_minutes=number(deadline_minutes, "--deadline-minutes"),
        traffic=parse_choice(traffic, TrafficMix, "--traffic") if traffic else None,
        use_case=parse_choice(use_case, UseCase, "--use-case") if use_case else None,
    )
    result = planning.plan_request(kb, request)
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.views.capacity import capacity_json

        write_output(render_json(capacity_json(result, kb)))
        return
    from advisor.render.output import render
    from advisor.views.capacity import capacity_document

    document = capacity_document(result, kb)
    write_output(
        render(document, output_format, color=stdout_is_terminal(), width=terminal_width())
    )


def _whole(value: float | int | None) -> int | None:
    return None if value is None else int(value)
