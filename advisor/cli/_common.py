"""Helpers the commands share: formats, the knowledge base, terminals."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from advisor.cli import params
from advisor.errors import InputError, UsageError
from advisor.vocab import Direction, Entity, OutputFormat, Priority, UseCase

if TYPE_CHECKING:
    from advisor.intake import Intake
    from advisor.knowledge import KnowledgeBase
    from advisor.render.model import Document

DATA_OPTION_HELP = (
    "A knowledge-base YAML file to use instead of the shipped one "
    "(also: the ADVISOR_DATA environment variable)."
)


def data_option() -> Any:
    return typer.Option(None, "--data", help=DATA_OPTION_HELP, metavar="FILE", show_default=False)


def data_label(path: Path | None) -> str:
    """How a result names its knowledge base: the file given, or "shipped"."""
    from advisor.knowledge import DATA_ENV
    from advisor.paths import env_path

    chosen = path or env_path(DATA_ENV)
    return str(chosen) if chosen is not None else "shipped"


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced stdin
        return False


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def flag(name: str) -> str:
    """The command-line flag of an intake field: ``lead_time_days`` -> ``--lead-time-days``."""
    return "--" + name.replace("_", "-")


# --- The customer's requirements, shared by recommend and report ---------------------------------

COUNTRY = params.country()
#: the use cases as help lists them: the most common first
USE_CASES = (UseCase.OTP, UseCase.TRANSACTIONAL, UseCase.PROMOTIONAL, UseCase.CONVERSATIONAL)
USE_CASE = params.choice(
    UseCase,
    "--use-case",
    "What the messages are for (also: 2fa or verification for otp, marketing for "
    "promotional, notifications for transactional).",
    order=USE_CASES,
)
DIRECTION = params.choice(Direction, "--direction", "One-way, or two-way (replies).")
MPS = params.number("--mps", "Peak throughput needed, in message segments per second.")
DAILY_VOLUME = params.number("--daily-volume", "Messages a day.", integer=True)
LEAD_TIME_DAYS = params.number("--lead-time-days", "Days until go-live.", integer=True)
PRIORITY = params.choice(Priority, "--priority", "What matters most (default: deliverability).")
VOICE = typer.Option(
    None, "--voice/--no-voice", help="Voice needed on the same number.", show_default=False
)
MESSAGES_PER_MINUTE = params.number(
    "--messages-per-minute", "Traffic profile: messages a minute per number."
)
MESSAGES_PER_DAY = params.number(
    "--messages-per-day", "Traffic profile: messages a day per number."
)
UNIQUE_RECIPIENTS = params.number(
    "--unique-recipients", "Traffic profile: unique recipients per number.", integer=True
)
INBOUND_OUTBOUND_RATIO = params.number(
    "--inbound-outbound-ratio",
    "Traffic profile: inbound messages per outbound message (1 = 1:1).",
)
ENTITY = params.choice(
    Entity,
    "--entity",
    "Who buys the senders: international (a business abroad, the default) or local "
    "(a business registered in the destination country).",
    envvar="ADVISOR_ENTITY",
)
GO_LIVE = params.text(
    "--go-live", "The go-live day (instead of --lead-time-days).", metavar="YYYY-MM-DD"
)
TODAY = params.text(
    "--today",
    "Take this day as today: for reproducible answers and to look ahead.",
    metavar="YYYY-MM-DD",
    envvar="ADVISOR_TODAY",
)
ACCOUNT_MPS = params.number(
    "--account-mps",
    "The account's contracted outbound rate, segments per second (Bandwidth's dequeue "
    "rate; its default is 1).",
)
RECOMMEND_PROVIDER = params.provider(
    "Narrow the answer to one provider (twilio, aws, vonage, infobip, sinch, bird, "
    "plivo, telnyx, bandwidth); default: any.",
)
NO_INPUT = typer.Option(
    False, "--no-input", help="Never prompt: a missing required answer is an error."
)
LOCALE = params.text(
    "--locale",
    "How the numbers given are written, e.g. de_DE (20.000 is twenty thousand, 1,5 is "
    "one and a half) or en_US. Without it a comma groups thousands (20,000), and a number "
    "that reads differently by locale (20.000) is refused, naming both readings.",
    metavar="LOCALE",
    envvar="ADVISOR_LOCALE",
)


def number_locale(value: str | None) -> str | None:
    """``--locale`` (or ``ADVISOR_LOCALE``), checked before any work; None when not given."""
    if value is None or not value.strip():
        return None
    from advisor.locales import parse_locale

    return parse_locale(value, "--locale")


REQUIRED = ("country", "use_case", "direction")


def intake_from_answers(
    kb: KnowledgeBase, answers: dict[str, Any], no_input: bool, locale: str | None = None
) -> Intake:
    """The customer's requirements from flags, asking on a terminal for what is missing.

    ``locale`` is how the numbers are written (:func:`number_locale`).
    """
    from advisor.intake import build_intake
    from advisor.vocab import FIELDS

    missing = [name for name in REQUIRED if answers.get(name) in (None, "")]
    if missing:
        if no_input or not stdin_is_terminal():
            why = "--no-input was given" if no_input else "there is no terminal to ask on"
            names = ", ".join(flag(name) for name in missing)
            raise UsageError(f"missing {names} ({why}; pass the answers as flags)")
        from advisor.cli.prompts import ask_missing

        # An interview: ask every question of the flowchart still unanswered.
        answers = ask_missing(kb, answers, FIELDS, locale)
    intake = build_intake(answers, kb, label=flag, locale=locale)
    for text in intake.notes:
        note(text)
    return intake


def note(text: str) -> None:
    """A note on how an answer was read (``advisor: note: ...``), on stderr."""
    typer.echo(f"advisor: note: {text}", err=True)


def provider(ctx: typer.Context, value: str | None, kb: KnowledgeBase) -> str | None:
    """``--provider`` as given; checked here, naming its source, when it is a default from
    ``ADVISOR_PROVIDER`` or the config file (the command line's is the library's to read)."""
    if value is None or params.from_command_line(ctx, "provider"):
        return value
    from advisor.intake import parse_provider

    return parse_provider(value, kb, params.origin_of(ctx, "provider", "--provider")) or "any"


def country(value: str, kb: KnowledgeBase, name: str = "--country") -> str:
    """A ``--country`` answer as an ISO code, its note (if any) shown on stderr."""
    from advisor.country import read_country

    answer = read_country(value, kb, name)
    if answer.note is not None:
        note(answer.note)
    return answer.code


def exactly_one(**sources: object) -> None:
    """Refuse anything but exactly one input source (``MESSAGE``, ``--file``, ``--jsonl``)."""
    given = [name for name, value in sources.items() if value is not None]
    if len(given) != 1:
        names = list(sources)
        found = f" (got {' and '.join(given)})" if given else ""
        choices = ", ".join(names[:-1]) + f" or {names[-1]}"
        raise UsageError(f"give exactly one of {choices}{found}")


def unicode_text(value: str | None, name: str) -> str | None:
    """A free-text argument, refused in one line when it is not valid Unicode.

    Bytes of an argument that are not UTF-8 reach Python as lone surrogates
    (``\\udcff``): a text holding one cannot be analysed, nor written to a strict
    UTF-8 output, so it is an error naming the argument rather than an internal one.
    """
    if value is None:
        return None
    from advisor.content.segments import codepoint
    from advisor.jsonlines import lone_surrogate_at

    position = lone_surrogate_at(value)
    if position is not None:
        raise InputError(
            f"{name}: not valid Unicode: lone surrogate {codepoint(value[position])} at position "
            f"{position} (is the terminal's encoding UTF-8?)"
        )
    return value


def number(
    value: object, name: str, *, integer: bool = False, locale: str | None = None
) -> float | int | None:
    """A flag's number (``1,000`` is a thousand; blank is not given), as ``locale`` writes it."""
    from advisor.locales import parse_number

    return parse_number(value, name, integer=integer, locale=locale)


def whole(value: object, name: str, *, locale: str | None = None) -> int | None:
    """A flag's whole number."""
    parsed = number(value, name, integer=True, locale=locale)
    return None if parsed is None else int(parsed)


ReadNumber = Callable[[object, str], float | int | None]
ReadWhole = Callable[[object, str], int | None]


def number_readers(locale: str | None) -> tuple[ReadNumber, ReadWhole]:
    """:func:`number` and :func:`whole` for flags written in ``locale``."""

    def read_number(value: object, name: str) -> float | int | None:
        return number(value, name, locale=locale)

    def read_whole(value: object, name: str) -> int | None:
        return whole(value, name, locale=locale)

    return read_number, read_whole


# --- The capacity inputs, shared by capacity and report -------------------------------------------

CONCURRENCY = params.number(
    "--concurrency",
    "The API concurrency limit (requests in flight).",
    integer=True,
    envvar="ADVISOR_CONCURRENCY",
)
LATENCY_MS = params.number(
    "--latency-ms",
    "The API's response time per request, milliseconds.",
    envvar="ADVISOR_LATENCY_MS",
)
PROVIDER = params.provider(
    "The provider: narrows the sender answer to what it sells, and gives its queue, "
    "burst rule and error names (twilio, bandwidth and telnyx publish them).",
)
QUEUE_SECONDS = params.number(
    "--queue-seconds", "The queue length in seconds (overrides the provider's)."
)
BURST_RPS = params.number(
    "--burst-rps", "The API burst rate, messages/s (overrides the provider's)."
)
VALIDITY_SECONDS = params.number("--validity-seconds", "The messages' validity period, seconds.")
DEADLINE_MINUTES = params.number("--deadline-minutes", "Minutes the campaign must finish in.")


# --- Spreadsheets: CSV for Excel, and xlsx workbooks ---------------------------------------------

EXCEL = typer.Option(
    False,
    "--excel",
    help="With --format csv: start with a UTF-8 byte order mark, so that Excel reads "
    "accents and symbols right.",
)


def check_spreadsheet(fmt: OutputFormat, *, excel: bool, output: str | None) -> None:
    """``--excel``, ``--format xlsx`` and ``--format pdf`` checked before any work.

    ``--excel`` applies to CSV only. A workbook or a PDF is binary: it needs ``-o FILE``, and
    ``-o -`` only when standard output is not a terminal.
    """
    if excel and fmt is not OutputFormat.CSV:
        raise UsageError(f"--excel applies to --format csv only, not {fmt.value}")
    what = _BINARY.get(fmt)
    if what is None:
        return
    if output is None:
        raise UsageError(f"--format {fmt.value} writes a binary {what}: give -o FILE.{fmt.value}")
    if output == "-" and stdout_is_terminal():
        raise UsageError(
            f"--format {fmt.value}: not writing a binary {what} to the terminal; "
            f"give -o FILE.{fmt.value}, or redirect standard output"
        )


#: the formats that are bytes, never text for a terminal, and what they are called.
_BINARY = {OutputFormat.XLSX: "workbook", OutputFormat.PDF: "document"}


def write_pdf(document: Document, target: Path | None) -> None:
    """The document's HTML page printed to PDF (:mod:`advisor.render.pdf`) and written."""
    from advisor.fileio import write_bytes
    from advisor.render.html import render_html
    from advisor.render.pdf import render_pdf

    write_bytes(target, render_pdf(render_html(document)))


def with_bom(text: str, excel: bool) -> str:
    """``text`` with a UTF-8 byte order mark in front for ``--excel``."""
    return "\ufeff" + text if excel else text
