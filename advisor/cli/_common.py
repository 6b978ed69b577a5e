"""Helpers the commands share: formats, the knowledge base, terminals."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from advisor.errors import InputError, UsageError, shown
from advisor.vocab import OutputFormat

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


def parse_format(value: str, allowed: Iterable[OutputFormat]) -> OutputFormat:
    """``--format`` checked against the formats a command offers (before any work)."""
    choices = tuple(allowed)
    text = value.strip().lower()
    for member in choices:
        if member.value == text:
            return member
    names = ", ".join(member.value for member in choices)
    raise UsageError(f"--format: expected one of {names}, got {shown(value)}")


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


def terminal_width() -> int | None:
    """The terminal's width when stdout is one; None (the renderer's default) otherwise."""
    if not stdout_is_terminal():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def flag(name: str) -> str:
    """The command-line flag of an intake field: ``lead_time_days`` -> ``--lead-time-days``."""
    return "--" + name.replace("_", "-")


# --- The customer's requirements, shared by recommend and report ---------------------------------

COUNTRY = typer.Option(
    None, "--country", help="ISO 3166 alpha-2 code, country name, or an E.164 number."
)
USE_CASE = typer.Option(
    None, "--use-case", help="conversational, transactional, promotional or otp."
)
DIRECTION = typer.Option(None, "--direction", help="one-way or two-way.")
MPS = typer.Option(None, "--mps", help="Peak throughput needed, in message segments per second.")
DAILY_VOLUME = typer.Option(None, "--daily-volume", help="Messages a day.")
LEAD_TIME_DAYS = typer.Option(None, "--lead-time-days", help="Days until go-live.")
PRIORITY = typer.Option(None, "--priority", help="deliverability (default) or cost.")
VOICE = typer.Option(
    None, "--voice/--no-voice", help="Voice needed on the same number.", show_default=False
)
MESSAGES_PER_MINUTE = typer.Option(
    None, "--messages-per-minute", help="Traffic profile: messages a minute per number."
)
MESSAGES_PER_DAY = typer.Option(
    None, "--messages-per-day", help="Traffic profile: messages a day per number."
)
UNIQUE_RECIPIENTS = typer.Option(
    None, "--unique-recipients", help="Traffic profile: unique recipients per number."
)
INBOUND_OUTBOUND_RATIO = typer.Option(
    None,
    "--inbound-outbound-ratio",
    help="Traffic profile: inbound messages per outbound message (1 = 1:1).",
)
ENTITY = typer.Option(
    None,
    "--entity",
    help="Who buys the senders: international (a business abroad, the default) or local "
    "(a business registered in the destination country).",
)
GO_LIVE = typer.Option(
    None, "--go-live", help="The go-live day, YYYY-MM-DD (instead of --lead-time-days)."
)
TODAY = typer.Option(
    None,
    "--today",
    help="Take this day (YYYY-MM-DD) as today: for reproducible answers and to look ahead.",
    envvar="ADVISOR_TODAY",
)
ACCOUNT_MPS = typer.Option(
    None,
    "--account-mps",
    help="The account's contracted outbound rate, segments per second (Bandwidth's dequeue "
    "rate; its default is 1).",
)
RECOMMEND_PROVIDER = typer.Option(
    None,
    "--provider",
    help="Narrow the answer to one provider (twilio, aws, vonage, infobip, sinch, bird, "
    "plivo, telnyx, bandwidth); default: any.",
)
NO_INPUT = typer.Option(
    False, "--no-input", help="Never prompt: a missing required answer is an error."
)
LOCALE = typer.Option(
    None,
    "--locale",
    envvar="ADVISOR_LOCALE",
    metavar="LOCALE",
    show_default=False,
    help="How the numbers given are written, e.g. de_DE (20.000 is twenty thousand, 1,5 is "
    "one and a half) or en_US. Without it a comma groups thousands (20,000), and a number "
    "that reads differently by locale (20.000) is refused, naming both readings.",
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
    value: str | None, name: str, *, integer: bool = False, locale: str | None = None
) -> float | int | None:
    """A flag's number (``1,000`` is a thousand; blank is not given), as ``locale`` writes it."""
    from advisor.locales import parse_number

    return parse_number(value, name, integer=integer, locale=locale)


def whole(value: str | None, name: str, *, locale: str | None = None) -> int | None:
    """A flag's whole number."""
    parsed = number(value, name, integer=True, locale=locale)
    return None if parsed is None else int(parsed)


ReadNumber = Callable[[str | None, str], float | int | None]
ReadWhole = Callable[[str | None, str], int | None]


def number_readers(locale: str | None) -> tuple[ReadNumber, ReadWhole]:
    """:func:`number` and :func:`whole` for flags written in ``locale``."""

    def read_number(value: str | None, name: str) -> float | int | None:
        return number(value, name, locale=locale)

    def read_whole(value: str | None, name: str) -> int | None:
        return whole(value, name, locale=locale)

    return read_number, read_whole


# --- The capacity inputs, shared by capacity and report -------------------------------------------

CONCURRENCY = typer.Option(
    None, "--concurrency", help="The API concurrency limit (requests in flight)."
)
LATENCY_MS = typer.Option(
    None, "--latency-ms", help="The API's response time per request, milliseconds."
)
PROVIDER = typer.Option(
    None,
    "--provider",
    help="The provider: narrows the sender answer to what it sells, and gives its queue, "
    "burst rule and error names (twilio, bandwidth and telnyx publish them).",
)
QUEUE_SECONDS = typer.Option(
    None, "--queue-seconds", help="The queue length in seconds (overrides the provider's)."
)
BURST_RPS = typer.Option(
    None, "--burst-rps", help="The API burst rate, messages/s (overrides the provider's)."
)
VALIDITY_SECONDS = typer.Option(
    None, "--validity-seconds", help="The messages' validity period, seconds."
)
DEADLINE_MINUTES = typer.Option(
    None, "--deadline-minutes", help="Minutes the campaign must finish in."
)


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
