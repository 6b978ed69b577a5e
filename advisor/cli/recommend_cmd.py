"""``advisor recommend``: which sender, ranked, with reasons, exclusions and caveats."""

from __future__ import annotations

from pathlib import Path

import typer

from advisor.cli import _common as opts
from advisor.cli._app import app, handle_errors, write_output
from advisor.errors import ExitCode
from advisor.vocab import FIELDS, PROFILE_FIELDS, OutputFormat

FORMATS = (
    OutputFormat.TABLE,
    OutputFormat.JSON,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.CSV,
)
#: the parameters that are the customer's answers (intake fields and traffic profile)
ANSWERS = (*FIELDS, *PROFILE_FIELDS, "today", "account_mps")


@app.command()
@handle_errors
def recommend(
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
    provider: str | None = opts.RECOMMEND_PROVIDER,
    entity: str | None = opts.ENTITY,
    go_live: str | None = opts.GO_LIVE,
    today: str | None = opts.TODAY,
    account_mps: str | None = opts.ACCOUNT_MPS,
    fmt: str = typer.Option("table", "--format", help="table, json, markdown, html or csv."),
    explain: bool = typer.Option(False, "--explain", help="Show the trace of every rule."),
    excel: bool = opts.EXCEL,
    no_input: bool = opts.NO_INPUT,
    locale: str | None = opts.LOCALE,
    data: Path | None = opts.data_option(),
) -> None:
    """Recommend the sender for a customer in a country, ranked, with reasons.

    The country is read for the customer's provider (--provider, default any), buyer
    (--entity, default an international business) and go-live day (--go-live, or
    --today plus --lead-time-days): what changes on a date is said.

    Missing answers are asked for on a terminal; with --no-input (or no terminal)
    a missing --country, --use-case or --direction is an error. Exit 0 with a
    recommendation, 1 when nothing fits (the conflicts are printed), 2 on bad input.
    """
    from advisor import knowledge
    from advisor.engine import recommend as run

    output_format = opts.parse_format(fmt, FORMATS)
    opts.check_spreadsheet(output_format, excel=excel, output=None)
    number_locale = opts.number_locale(locale)
    kb = knowledge.load(data)
    answers = {name: value for name, value in locals().items() if name in ANSWERS}
    rec = run(opts.intake_from_answers(kb, answers, no_input, number_locale), kb)
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.views.recommend import recommendation_json

        label = opts.data_label(data)
        write_output(render_json(recommendation_json(rec, kb, explain=explain, data=label)))
    elif output_format is OutputFormat.CSV:
        from advisor.render.csv_out import render_csv
        from advisor.views.longform import long_table, recommendation_rows

        write_output(opts.with_bom(render_csv(long_table(recommendation_rows(rec))), excel))
    else:
        from advisor.render.output import render
        from advisor.views.recommend_document import recommendation_document

        document = recommendation_document(rec, kb, explain=explain)
        color = opts.stdout_is_terminal()
        write_output(render(document, output_format, color=color, width=opts.terminal_width()))
    if not rec.fits:
        raise typer.Exit(int(ExitCode.NOT_OK))
