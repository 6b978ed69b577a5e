"""The examples each command's ``--help`` ends with, and the environment the root help lists.

One home for both: each command takes its epilog from :func:`epilog`, and the tests run
every example shown here (tests/test_cli_help.py), so ``--help`` never shows a command
that fails. Paths are relative to the repository (``examples/``, ``data/``).
"""

from __future__ import annotations

from typing import Final

#: per command (a group's subcommand as ``data audit``): what ``--help`` shows under
#: "Examples:", each a command line without the leading ``advisor``.
EXAMPLES: Final[dict[str, tuple[str, ...]]] = {
    "recommend": (
        "recommend --country US --use-case transactional --direction one-way --mps 10",
        "recommend --country +5511987654321 --use-case otp --direction one-way --no-input",
        "recommend --country DE --use-case promotional --direction one-way --format json",
    ),
    "capacity": (
        "capacity --concurrency 50 --latency-ms 250",
        "capacity --provider bandwidth --account-mps 5 --queue-seconds 900 --messages 20000",
        "capacity --sender toll_free --country US --messages 50000 --deadline-minutes 60",
    ),
    "segments": (
        'segments "Your code is 123456"',
        'segments "Spring sale — 20% off…" --smart-encoding',
        "segments --jsonl examples/messages.jsonl",
        'segments "Ça va? 5€" --provider telnyx --format json',
    ),
    "lint": (
        'lint "Acme: your order has shipped. Reply STOP to opt out" --brand Acme',
        'lint "Big sale today! https://bit.ly/deal" --use-case promotional --first-message',
    ),
    "keyword": ("keyword STOP", "keyword unstop --format json"),
    "batch": (
        "batch examples/intake.csv --format table",
        "batch examples/intake.csv --format jsonl -o answers.jsonl",
        "batch --template",
    ),
    "plan": (
        "plan --customer Acme --country US,CA,GB,DE --use-case transactional "
        "--direction one-way --mps 20 --daily-volume 50000 --lead-time-days 60",
        "plan --country US,GB --use-case otp --direction one-way --no-input --format json",
    ),
    "template": ("template -o intake.xlsx", "template --format csv --excel -o intake.csv"),
    "report": (
        "report --country GB --use-case otp --direction one-way --customer Acme "
        "--mps 20 --concurrency 10 --latency-ms 200 --format markdown",
        "report --country US --use-case transactional --direction one-way --customer Acme "
        "--no-input -o acme.html",
    ),
    "matrix": (
        "matrix",
        "matrix --country DE --senders short_code,long_code,alphanumeric_registered",
        "matrix --format html --fragment -o matrix.html",
    ),
    "countries": (
        "countries US GB Deutschland",
        "countries --sender alphanumeric_registered --no-notes --format csv",
    ),
    "data": ("data validate data/senders.yaml", "data audit --older-than 1y --within 90d"),
    "data validate": (
        "data validate",
        "data validate data/countries/BR.yaml",
        "data validate data/senders.yaml -o problems.txt",
    ),
    "data audit": ("data audit", "data audit --older-than 1y --within 90d --format json"),
    "data facts": ("data facts",),
    "data schema": ("data schema -o senders.schema.json",),
    "schema": ("schema recommend", "schema batch-line -o batch-line.schema.json"),
}

#: the environment variables the advisor reads, as the root ``--help`` lists them
ENVIRONMENT: Final = (
    ("ADVISOR_CONFIG", "the config file of defaults (else in the platform's config folder)"),
    ("ADVISOR_DATA", "a knowledge-base file instead of the shipped one (--data)"),
    ("ADVISOR_FORMAT", "--format, for the commands that offer it"),
    ("ADVISOR_PROVIDER", "--provider"),
    ("ADVISOR_ENTITY", "--entity"),
    ("ADVISOR_CONCURRENCY", "--concurrency"),
    ("ADVISOR_LATENCY_MS", "--latency-ms"),
    ("ADVISOR_LOCALE", "--locale: how the numbers you give are written"),
    ("ADVISOR_TODAY", "--today: take this day as today"),
    ("ADVISOR_CACHE_DIR", "where the validated knowledge base is cached"),
    ("ADVISOR_NO_CACHE", "1: read the knowledge base without the cache"),
    ("ADVISOR_TRACEBACK", "1: show the traceback of an internal error"),
    ("NO_COLOR", "set: no colour (--color wins)"),
    ("FORCE_COLOR", "set: colour even into a file or pipe (--no-color wins)"),
    ("TERM=dumb", "no colour"),
    ("COLUMNS", "the width tables are laid out for"),
)

#: the exit codes, as the root ``--help`` lists them (README.md has the same table)
EXIT_CODES: Final = (
    ("0", "done"),
    ("1", "nothing fits (recommend, report), a row or line is an error, a lint error"),
    ("2", "bad usage or input, no answer at a prompt (Ctrl-D), an unwritable output"),
    ("3", "an internal error (a bug): please report it"),
    ("130", "interrupted (Ctrl-C)"),
    ("128+N", "ended by signal N: 143 for SIGTERM, 129 for SIGHUP"),
)


def epilog(command: str) -> str:
    """The "Examples:" block of ``command``'s help (click keeps ``\\b`` blocks unwrapped)."""
    lines = [f"  $ advisor {example}" for example in EXAMPLES[command]]
    return "\b\nExamples:\n" + "\n".join(lines)


def root_epilog() -> str:
    """The root help's blocks: examples of the main jobs, the environment, the exit codes."""
    width = max(len(name) for name, _ in ENVIRONMENT)
    environment = [f"  {name.ljust(width)}  {text}" for name, text in ENVIRONMENT]
    code_width = max(len(code) for code, _ in EXIT_CODES)
    codes = [f"  {code.rjust(code_width)}  {text}" for code, text in EXIT_CODES]
    examples = [
        "  $ advisor " + EXAMPLES["recommend"][0],
        "  $ advisor " + EXAMPLES["capacity"][0],
        "  $ advisor " + EXAMPLES["batch"][0],
    ]
    return "\n\n".join(
        [
            "\b\nExamples:\n" + "\n".join(examples),
            "\b\nEnvironment:\n" + "\n".join(environment),
            "\b\nExit codes:\n" + "\n".join(codes),
        ]
    )
