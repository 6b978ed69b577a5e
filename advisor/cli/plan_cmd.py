"""``advisor plan``: the senders, pool, opt-out scope and go-live of a multi-country customer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from advisor.cli import _common as opts
from advisor.cli import params
from advisor.cli._app import app, handle_errors, output_path, write_output
from advisor.cli.examples import epilog
from advisor.cli.params import NumberInput
from advisor.errors import ExitCode, UsageError
from advisor.vocab import FIELDS, PROFILE_FIELDS, Direction, Entity, OutputFormat, Priority, UseCase

if TYPE_CHECKING:
    from advisor.knowledge import KnowledgeBase
    from advisor.plan.inputs import DestinationAnswers

FORMATS = (
    OutputFormat.TABLE,
    OutputFormat.JSON,
    OutputFormat.MARKDOWN,
    OutputFormat.HTML,
    OutputFormat.CSV,
    OutputFormat.XLSX,
    OutputFormat.PDF,
)
#: the answers every destination shares unless the countries file gives its own.
SHARED = (
    *(name for name in (*FIELDS, *PROFILE_FIELDS) if name != "country"),
    "today",
    "account_mps",
)


PRICES = typer.Option(
    None,
    "--prices",
    help="A price sheet (CSV: country, sender, price_per_segment, currency, and optionally "
    "monthly_fee_per_sender, source, as_of) for the monthly cost.",
    metavar="FILE",
)
CURRENCY = typer.Option(
    None,
    "--currency",
    help="The currency of the total, when the prices are in several.",
    metavar="CUR",
)
RATE = typer.Option(
    None,
    "--rate",
    help="CUR=RATE: one CUR is RATE of --currency (repeat per currency).",
    metavar="CUR=RATE",
)


@app.command(epilog=epilog("plan"))
@handle_errors
def plan(
    ctx: typer.Context,
    customer: str = typer.Option(
        "", "--customer", help="The customer's name, for the title.", metavar="NAME"
    ),
    country: str | None = typer.Option(
        None,
        "--country",
        help="Destinations, comma-separated: US,CA,GB,DE (codes or names).",
        metavar="COUNTRY,COUNTRY",
    ),
    countries_file: Path | None = typer.Option(
        None,
        "--countries-file",
        help="A CSV with a row per destination: country, and optionally its own use_case, "
        "direction, mps, daily_volume, lead_time_days, ...",
        metavar="FILE",
    ),
    use_case: UseCase | None = opts.USE_CASE,
    direction: Direction | None = opts.DIRECTION,
    mps: NumberInput = opts.MPS,
    daily_volume: NumberInput = opts.DAILY_VOLUME,
    lead_time_days: NumberInput = opts.LEAD_TIME_DAYS,
    priority: Priority | None = opts.PRIORITY,
    voice: bool | None = opts.VOICE,
    provider: str | None = opts.RECOMMEND_PROVIDER,
    entity: Entity | None = opts.ENTITY,
    go_live: str | None = opts.GO_LIVE,
    today: str | None = opts.TODAY,
    account_mps: NumberInput = opts.ACCOUNT_MPS,
    prices: Path | None = PRICES,
    body: str | None = typer.Option(
        None, "--body", help="A sample message: its segments multiply the cost.", metavar="TEXT"
    ),
    currency: str | None = CURRENCY,
    rate: list[str] | None = RATE,
    fmt: OutputFormat = params.output_format(FORMATS, OutputFormat.TABLE),
    output: str | None = params.output(),
    no_input: bool = opts.NO_INPUT,
    locale: str | None = opts.LOCALE,
    data: Path | None = opts.data_option(),
) -> None:
    """Plan a customer that sends to several countries: per destination the sender
    `recommend` picks, its registration and capacity; one sender pool at the provider
    and the settings to turn on; how far a STOP reaches across the pool; go-live dates.

    Exit 0 when every destination has a sender, 1 when one has none (the others are
    still answered), 2 on bad input.
    """
    from advisor import knowledge
    from advisor.cost import parse_rates
    from advisor.plan import build_plan
    from advisor.plan.inputs import destination_intakes, read_countries_file, split_countries

    output_format = fmt
    opts.check_spreadsheet(output_format, excel=False, output=output)
    target = output_path(output, countries_file, prices, data)
    opts.exactly_one(**{"--country": country, "--countries-file": countries_file})
    rates = parse_rates(currency, rate or ())
    body = opts.unicode_text(body, "--body")
    number_locale = opts.number_locale(locale)
    customer = opts.unicode_text(customer, "--customer") or ""
    kb = knowledge.load(data)
    provider = opts.provider(ctx, provider, kb)
    shared = {name: value for name, value in locals().items() if name in SHARED}
    if countries_file is not None:
        destinations = read_countries_file(countries_file)
    else:
        destinations = split_countries(opts.unicode_text(country, "--country") or "")
    shared = _ask_missing(kb, shared, destinations, no_input, number_locale)
    intakes = destination_intakes(kb, shared, destinations, opts.flag, number_locale)
    for intake in intakes:
        for text in intake.notes:
            opts.note(text)
    result = build_plan(
        kb,
        intakes,
        customer=customer,
        provider=intakes[0].provider,
        origins=[d.origin for d in destinations],
    )
    cost = None
    if prices is not None:
        from advisor.cost import read_price_sheet
        from advisor.plan.costing import plan_cost

        messages = [_message(d, body) for d in destinations]
        cost = plan_cost(result, read_price_sheet(prices, kb), messages, rates)
    if output_format is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.views.cost import cost_json
        from advisor.views.plan import plan_json

        shown = plan_json(
            result, kb, data=opts.data_label(data), cost=cost_json(cost) if cost else None
        )
        write_output(render_json(shown), target)
    else:
        from advisor.views.cost import cost_blocks
        from advisor.views.plan import plan_document

        extra = tuple(cost_blocks(cost)) if cost else ()
        document = plan_document(result, kb, extra)
        if output_format is OutputFormat.PDF:
            opts.write_pdf(document, target)
        elif output_format is OutputFormat.XLSX:
            from advisor.fileio import write_bytes
            from advisor.render.xlsx import render_xlsx
            from advisor.views.workbook import document_sheets

            write_bytes(target, render_xlsx(document_sheets(document)))
        else:
            from advisor.cli._term import render_for

            write_output(render_for(document, output_format, target), target)
    if not result.fits:
        raise typer.Exit(int(ExitCode.NOT_OK))


def _message(destination: DestinationAnswers, body: str | None) -> tuple[str | None, str]:
    """A destination's sample message (its row's, or --body) and where it came from."""
    own = destination.answers.get("sample_message")
    if own is not None:
        return own, f"{destination.origin}: {destination.columns['sample_message']}"
    return body, "--body"


def _ask_missing(
    kb: KnowledgeBase,
    shared: dict[str, Any],
    destinations: Sequence[DestinationAnswers],
    no_input: bool,
    locale: str | None,
) -> dict[str, Any]:
    """The shared use case and direction, asked for on a terminal when a destination lacks them."""
    missing = [
        name
        for name in ("use_case", "direction")
        if shared.get(name) in (None, "") and any(name not in d.answers for d in destinations)
    ]
    if not missing:
        return shared
    if no_input or not opts.stdin_is_terminal():
        why = "--no-input was given" if no_input else "there is no terminal to ask on"
        names = ", ".join(opts.flag(name) for name in missing)
        raise UsageError(f"missing {names} ({why}; pass the answers as flags)")
    from advisor.cli.prompts import ask_missing

    return ask_missing(kb, shared, tuple(missing), locale)
