"""``advisor recommend``: which sender, ranked, with reasons, exclusions and caveats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from advisor.cli._app import app, handle_errors, write_output
from advisor.cli._common import data_label, data_option, flag, parse_format, stdin_is_terminal
from advisor.errors import ExitCode, UsageError
from advisor.vocab import OutputFormat

FORMATS = (
    OutputFormat.TABLE,
    OutputFormat.JSON,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.CSV,
)
REQUIRED = ("country", "use_case", "direction")


@app.command()
@handle_errors
def recommend(
    country: str | None = typer.Option(
        None, "--country", help="ISO 3166 alpha-2 code, country name, or an E.164 number."
    ),
    use_case: str | None = typer.Option(
        None, "--use-case", help="conversational, transactional, promotional or otp."
    ),
    direction: str | None = typer.Option(None, "--direction", help="one-way or two-way."),
    mps: str | None = typer.Option(
        None, "--mps", help="Peak throughput needed, in message segments per second."
    ),
    daily_volume: str | None = typer.Option(None, "--daily-volume", help="Messages a day."),
    lead_time_days: str | None = typer.Option(None, "--lead-time-days", help="Days until go-live."),
    priority: str | None = typer.Option(
        None, "--priority", help="deliverability (default) or cost."
    ),
    voice: bool | None = typer.Option(
        None, "--voice/--no-voice", help="Voice needed on the same number.", show_default=False
    ),
    messages_per_minute: str | None = typer.Option(
        None, "--messages-per-minute", help="Traffic profile: messages a minute per number."
    ),
    messages_per_day: str | None = typer.Option(
        None, "--messages-per-day", help="Traffic profile: messages a day per number."
    ),
    unique_recipients: str | None = typer.Option(
        None, "--unique-recipients", help="Traffic profile: unique recipients per number."
    ),
    inbound_outbound_ratio: str | None = typer.Option(
        None,
        "--inbound-outbound-ratio",
        help="Traffic profile: inbound messages per outbound message (1 = 1:1).",
    ),
    fmt: str = typer.Option("table", "--format", help="table, json, markdown, html or csv."),
    explain: bool = typer.Option(False, "--explain", help="Show the trace of every rule."),
    no_input: bool = typer.Option(
        False, "--no-input", help="Never prompt: a missing required answer is an error."
    ),
    data: Path | None = data_option(),
) -> None:
    """Recommend the sender for a customer in a country, ranked, with reasons.

    Missing answers are asked for on a terminal; with --no-input (or no terminal)
    a missing --country, --use-case or --direction is an error. Exit 0 with a
    recommendation, 1 when nothing fits (the conflicts are printed), 2 on bad input.
    """
    from advisor import knowledge
    from advisor.engine import recommend as run
    from advisor.intake import build_intake

    output_format = parse_format(fmt, FORMATS)
    answers: dict[str, Any] = {
        "country": country,
        "use_case": use_case,
        "direction": direction,
        "mps": mps,
        "daily_volume": daily_volume,
        "lead_time_days": lead_time_days,
        "priority": priority,
        "voice": voice,
        "messages_per_minute": messages_per_minute,
        "messages_per_day": messages_per_day,
        "unique_recipients": unique_recipients,
        "inbound_outbound_ratio": inbound_outbound_ratio,
    }
    missing = [name for name in REQUIRED if answers[name] in (None, "")]
    kb = knowledge.load(data)
    if missing:
        if no_input or not stdin_is_terminal():
            why = "--no-input was given" if no_input else "there is no terminal to ask on"
            names = ", ".join(flag(name) for name in missing)
            raise UsageError(f"missing {names} ({why}; pass the answers as flags)")
        from advisor.cli.prompts import ask_missing
        from advisor.intake import FIELDS

        # An interview: ask every question of the flowchart still unanswered.
        answers = ask_missing(kb, answers, FIELDS)
    intake = build_intake(answers, kb, label=flag)
    rec = run(intake, kb)
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.views.recommend import recommendation_json

        write_output(
            render_json(recommendation_json(rec, kb, explain=explain, data=data_label(data)))
        )
    else:
        from advisor.cli._common import stdout_is_terminal
        from advisor.render.output import render
        from advisor.views.recommend import recommendation_document

        document = recommendation_document(rec, kb, explain=explain)
        write_output(render(document, output_format, color=stdout_is_terminal()))
    if not rec.fits:
        raise typer.Exit(int(ExitCode.NOT_OK))
