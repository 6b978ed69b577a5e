"""Properties of every command, driven through the runner with valid-but-extreme input.

Each command is given numbers of every magnitude and sign, empty and huge strings,
control characters, lone surrogates (the runner passes them, as a shell passes the
bytes of a non-UTF-8 argument), unknown countries, and dates from year 1 to 9999.
Whatever it is given, a command:

- never shows a traceback (the runner does not catch exceptions);
- exits 0, 1 or 2, the documented codes (3 is an internal error: a bug, and a failure
  here); an exit 2 says why in lines on stderr that start with ``advisor:``;
- never prints ``inf``, ``nan``, ``Infinity`` or ``NaN`` on stdout, unless the input
  itself said one of those words (an echoed cell is not a computed figure).

Example counts are modest so that the whole file runs in well under a minute; raise
them for a search with ``ADVISOR_PROPERTY_SCALE=20 pytest tests/test_properties_cli.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from kbtools import country, raw_kb
from typer.testing import CliRunner

runner = CliRunner()

#: JSON's and Python's names for the non-finite numbers, as words.
NON_FINITE = re.compile(r"\b(inf|nan|infinity)\b", re.IGNORECASE)
DOCUMENTED_EXIT_CODES = (0, 1, 2)
SCALE = max(1, int(os.environ.get("ADVISOR_PROPERTY_SCALE", "1")))


def examples(count: int) -> Any:
    """Hypothesis settings for a property run ``count`` times (times the scale)."""
    return settings(
        max_examples=count * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def check(args: Sequence[str], stdin: str | bytes | None = None) -> tuple[int, str, str]:
    """Run ``advisor ARGS`` in-process and assert the properties above."""
    from advisor.cli import app

    result = runner.invoke(app, list(args), input=stdin, catch_exceptions=False)
    out, err = result.stdout, result.stderr
    shown = f"advisor {list(args)!r} (stdin {stdin!r:.200}) -> {result.exit_code}\n{err[:2000]}"
    assert "Traceback" not in out + err, shown
    assert result.exit_code in DOCUMENTED_EXIT_CODES, shown
    if result.exit_code == 2:
        lines = err.splitlines()
        assert lines, shown
        assert all(line.startswith("advisor: ") for line in lines), shown
    given_text = " ".join(args) + (
        stdin.decode("utf-8", "replace") if isinstance(stdin, bytes) else stdin or ""
    )
    if not NON_FINITE.search(given_text):
        found = NON_FINITE.search(out)
        context = out[max(0, found.start() - 200) : found.end()] if found else ""
        assert found is None, f"{shown}\nstdout: ...{context}"
    return result.exit_code, out, err


# --- Values ----------------------------------------------------------------------------------


def mostly(valid: st.SearchStrategy[str], hostile: st.SearchStrategy[str]) -> Any:
    """Valid values three times in four (so that the work behind the checks runs)."""
    return st.integers(0, 3).flatmap(lambda pick: hostile if pick == 0 else valid)


#: every character, controls and lone surrogates included
ANY_CHARACTER = st.characters(exclude_categories=())
HOSTILE_CHARACTERS = (
    "\x00\x07\x1b[31m\x1b]8;;x\x07\r\n\t\x7f\x85\u2028\u202e\ufeff\ud800\udcff|<>&\"',;=+-@`*_#"
)
SPECIAL_TEXTS = st.sampled_from(
    [
        "",
        " ",
        "-",
        "--",
        "=1+1",
        "<script>alert(1)</script>",
        "\x1b[2J\x1b[31mred",
        "\udcff\udcfe",
        "\ud83d",
        "😀" * 3,
        "STOP",
        "Reply STOP to opt out",
        "a|b|c",
    ]
)
#: a long text of one character: around a segment, around the 20,000-character limit
LONG_TEXTS = st.builds(
    lambda char, count: char * count,
    st.sampled_from(["a", "€", "😀", "\x1b", "é", "{"]),
    st.sampled_from([153, 160, 161, 1_600, 19_999, 20_000, 20_001, 60_000]),
)
TEXTS = st.one_of(
    st.text(ANY_CHARACTER, max_size=40),
    st.text(st.sampled_from(HOSTILE_CHARACTERS), max_size=30),
    SPECIAL_TEXTS,
    LONG_TEXTS,
)
SHORT_TEXTS = st.one_of(st.text(ANY_CHARACTER, max_size=20), SPECIAL_TEXTS)

#: numbers of every magnitude and sign, as a user types them
NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(-(10**30), 10**30).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.integers(0, 10_000).map(str),
    st.sampled_from(
        [
            "0",
            "-0",
            "0.0",
            "1",
            "-1",
            "1e308",
            "-1e308",
            "1.7976931348623157e308",
            "5e-324",
            "1e-310",
            "1e400",
            "-1e400",
            "1" + "0" * 5000,
            "1e9",
            "1e9999999999",
            "1,000",
            "1.000,5",
            "1,5",
            " 5 ",
            "٣",
            "\uff11\uff12",  # fullwidth digits
            "0x10",
            "1_000",
            "",
            "NaN",
            "inf",
            "-Infinity",
        ]
    ),
)
WHOLE_NUMBERS = st.one_of(st.integers(-(10**25), 10**25).map(str), NUMBERS)


def _lead_time_overflows(text: str) -> bool:
    """A lead time so negative that today plus it may be before year 1."""
    from advisor.errors import InputError
    from advisor.intake import parse_number

    try:
        value = parse_number(text, "lead time", integer=True)
    except InputError:
        return False
    return value is not None and value < -3_600


LEAD_TIMES = WHOLE_NUMBERS.filter(lambda text: not _lead_time_overflows(text))

#: every day a date can be, and what is not one
DATES = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.sampled_from(
        ["0001-01-01", "9999-12-31", "9999-12-30", "2026-02-30", "0000-01-01", "10000-01-01"]
    ),
    st.sampled_from(["", "today", "2026-1-1", "tomorrow", "2026-12-02T00:00"]),
)
#: days a "today" may be: today plus or minus ten years (a lead time) stays a valid date
#: (``--today 9999-12-31 --lead-time-days 5`` crashes in advisor/intake.py: see
#: test_a_lead_time_past_the_calendar_is_an_error below)
TODAYS = st.one_of(
    st.dates(min_value=dt.date(11, 1, 1), max_value=dt.date(9989, 1, 1)).map(dt.date.isoformat),
    st.sampled_from(["0011-01-01", "", "2026-02-30", "today"]),
)

COUNTRIES = mostly(
    st.sampled_from(
        [
            *("US", "us", "DE", "GB", "United Kingdom", "germany", "IN", "BR", "CN", "FR", "AE"),
            *("CA", "JP", "AU", "ES", "+4915123456789", "+1 202 555 0123", "+44 20 7946 0000"),
        ]
    ),
    st.one_of(
        st.sampled_from(["ZZ", "XX", "Atlantis", "", "+999", "+", "0", "U S", "uk", "EU"]),
        SHORT_TEXTS,
    ),
)
USE_CASES = mostly(
    st.sampled_from(["otp", "transactional", "promotional", "conversational", "Marketing", "2FA"]),
    st.one_of(st.sampled_from(["", "x", "OTP "]), SHORT_TEXTS),
)
DIRECTIONS = mostly(
    st.sampled_from(["one-way", "two-way", "Two Way"]),
    st.one_of(st.sampled_from(["", "three-way"]), SHORT_TEXTS),
)
PRIORITIES = mostly(st.sampled_from(["cost", "deliverability"]), SHORT_TEXTS)
ENTITIES = mostly(st.sampled_from(["international", "local"]), SHORT_TEXTS)
PROVIDERS = mostly(
    st.sampled_from(
        ["twilio", "aws", "vonage", "infobip", "sinch", "bird", "plivo", "telnyx", "bandwidth"]
    ),
    st.one_of(st.sampled_from(["TWILIO", "acme", ""]), SHORT_TEXTS),
)
SENDERS = mostly(
    st.sampled_from(
        [
            "short_code",
            "long_code",
            "toll_free",
            "alphanumeric_registered",
            "alphanumeric_dynamic",
            "long_code_international",
        ]
    ),
    st.one_of(st.sampled_from(["", "fax", "short-code"]), SHORT_TEXTS),
)


def formats(*valid: str) -> Any:
    return mostly(st.sampled_from(valid), st.sampled_from(["", "pdf", "JSON", "xml"]))


def options(draw: st.DrawFn, pairs: Sequence[tuple[str, st.SearchStrategy[str]]]) -> list[str]:
    """Each option given or not, with a drawn value."""
    args: list[str] = []
    for name, values in pairs:
        if draw(st.booleans()):
            args += [name, draw(values)]
    return args


REQUIREMENTS: list[tuple[str, st.SearchStrategy[str]]] = [
    ("--mps", NUMBERS),
    ("--daily-volume", WHOLE_NUMBERS),
    ("--lead-time-days", LEAD_TIMES),
    ("--priority", PRIORITIES),
    ("--messages-per-minute", NUMBERS),
    ("--messages-per-day", NUMBERS),
    ("--unique-recipients", WHOLE_NUMBERS),
    ("--inbound-outbound-ratio", NUMBERS),
    ("--entity", ENTITIES),
    ("--go-live", DATES),
    ("--today", TODAYS),
    ("--account-mps", NUMBERS),
]
CAPACITY: list[tuple[str, st.SearchStrategy[str]]] = [
    ("--concurrency", WHOLE_NUMBERS),
    ("--latency-ms", NUMBERS),
    ("--provider", PROVIDERS),
    ("--queue-seconds", NUMBERS),
    ("--burst-rps", NUMBERS),
    ("--messages", WHOLE_NUMBERS),
    ("--validity-seconds", NUMBERS),
    ("--deadline-minutes", NUMBERS),
]


@st.composite
def customer(draw: st.DrawFn) -> list[str]:
    """The requirements ``recommend`` and ``report`` share, always with the three required."""
    args = [
        "--country",
        draw(COUNTRIES),
        "--use-case",
        draw(USE_CASES),
        "--direction",
        draw(DIRECTIONS),
        "--no-input",
    ]
    args += options(draw, REQUIREMENTS)
    if draw(st.booleans()):
        args.append(draw(st.sampled_from(["--voice", "--no-voice"])))
    return args


# --- recommend, report, capacity -------------------------------------------------------------


@st.composite
def recommend_args(draw: st.DrawFn) -> list[str]:
    args = ["recommend", *draw(customer())]
    args += options(draw, [("--provider", PROVIDERS)])
    args += ["--format", draw(formats("table", "json", "markdown", "html", "csv"))]
    if draw(st.booleans()):
        args.append("--explain")
    return args


@examples(150)
@given(recommend_args())
@example(["recommend", "--country", "US", "--use-case", "otp", "--direction", "one-way",
          "--no-input", "--go-live", "9999-12-31", "--today", "9999-12-30"])  # fmt: skip
@example(["recommend", "--country", "US", "--use-case", "otp", "--direction", "one-way",
          "--no-input", "--mps", "1e308", "--daily-volume", "1" + "0" * 5000])  # fmt: skip
def test_recommend(args: list[str]) -> None:
    code, out, _ = check(args)
    tidy(args, code, out)


def tidy(args: Sequence[str], code: int, out: str) -> None:
    """A CSV of recommend, report or capacity is one table: section, item, value, unit."""
    if code == 2 or "--format" not in args or args[args.index("--format") + 1] != "csv":
        return
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["section", "item", "value", "unit"], out[:500]
    assert all(len(row) == 4 for row in rows), out[:2000]
    if args[0] != "capacity":  # the answer is in it, whatever it is
        assert [row[:2] for row in rows].count(["recommendation", "sender"]) == 1


@st.composite
def report_args(draw: st.DrawFn) -> list[str]:
    args = ["report", *draw(customer())]
    args += options(
        draw,
        [
            ("--customer", TEXTS),
            ("--body", TEXTS),
            ("--brand", SHORT_TEXTS),
            ("--sender-mps", NUMBERS),
            ("--date", DATES),
            *CAPACITY,
        ],
    )
    fmt = draw(formats("table", "markdown", "html", "csv", "json"))
    args += ["--format", fmt]
    if fmt == "html" and draw(st.booleans()):
        args.append("--fragment")
    return args


@examples(120)
@given(report_args())
@example(["report", "--country", "DE", "--use-case", "promotional", "--direction", "one-way",
          "--no-input", "--go-live", "9999-12-31", "--date", "0001-01-01",
          "--format", "html"])  # fmt: skip
def test_report(args: list[str]) -> None:
    code, out, _ = check(args)
    tidy(args, code, out)


@st.composite
def capacity_args(draw: st.DrawFn) -> list[str]:
    args = ["capacity"]
    if draw(st.booleans()):
        args += ["--mps", draw(NUMBERS)]
    else:
        args += ["--sender", draw(SENDERS), "--country", draw(COUNTRIES)]
    args += options(
        draw,
        [
            *CAPACITY,
            ("--account-mps", NUMBERS),
            ("--segments", WHOLE_NUMBERS),
            ("--body", TEXTS),
            ("--traffic", mostly(st.sampled_from(["bulk", "realtime", "mixed"]), SHORT_TEXTS)),
            ("--use-case", USE_CASES),
            ("--today", DATES),
        ],
    )
    args += ["--format", draw(formats("table", "json", "markdown", "html", "csv"))]
    return args


@examples(120)
@given(capacity_args())
@example(["capacity", "--sender", "short_code", "--country", "US", "--today", "9999-12-31"])
@example(["capacity", "--sender", "short_code", "--country", "US", "--today", "0001-01-01"])
def test_capacity(args: list[str]) -> None:
    code, out, _ = check(args)
    tidy(args, code, out)


# --- segments, lint, keyword -----------------------------------------------------------------


def _message_args(draw: st.DrawFn, command: list[str], text: str) -> list[str]:
    """The message as an argument after ``--`` (a text may start with a dash)."""
    return [*command, "--", text]


@st.composite
def segments_args(draw: st.DrawFn) -> list[str]:
    args = ["segments"]
    if draw(st.booleans()):
        args.append("--smart-encoding")
    if draw(st.booleans()):
        args += ["--format", draw(formats("table", "json", "markdown"))]
    return _message_args(draw, args, draw(TEXTS))


@examples(120)
@given(segments_args())
def test_segments(args: list[str]) -> None:
    check(args)


@st.composite
def lint_args(draw: st.DrawFn) -> list[str]:
    args = ["lint"]
    args += options(
        draw,
        [
            ("--use-case", USE_CASES),
            ("--brand", mostly(st.sampled_from(["Acme", "ACME Inc.", "Ünïcødé"]), TEXTS)),
            ("--format", formats("table", "json")),
        ],
    )
    if draw(st.booleans()):
        args.append("--first-message")
    return _message_args(draw, args, draw(TEXTS))


@examples(120)
@given(lint_args())
def test_lint(args: list[str]) -> None:
    check(args)


@examples(80)
@given(formats("table", "json"), TEXTS)
def test_keyword(fmt: str, reply: str) -> None:
    check(["keyword", "--format", fmt, "--", reply])


#: one JSON Lines input line: an object with extreme fields, or something else entirely
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(ANY_CHARACTER, max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@st.composite
def jsonl_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 4))
    if kind == 0:  # raw bytes: bad UTF-8, NULs, half a JSON
        return draw(st.binary(max_size=40)).replace(b"\n", b" ")
    if kind == 1:  # deep nesting
        depth = draw(st.sampled_from([10, 100, 5_000, 100_000]))
        return b"[" * depth + b"]" * depth
    if kind == 2:
        return json.dumps(draw(JSON_VALUES)).encode()
    fields = {
        "id": draw(st.one_of(st.text(ANY_CHARACTER, max_size=10), st.integers(), st.none())),
        "text": draw(st.one_of(TEXTS, JSON_VALUES)),
        "use_case": draw(st.one_of(USE_CASES, JSON_VALUES)),
        "brand": draw(st.one_of(SHORT_TEXTS, st.none())),
        "first_message": draw(st.one_of(st.booleans(), JSON_VALUES)),
        "smart_encoding": draw(st.one_of(st.booleans(), JSON_VALUES)),
    }
    kept = {key: value for key, value in fields.items() if key == "text" or draw(st.booleans())}
    # surrogatepass: a lone surrogate becomes bytes that are not UTF-8 (or, escaped, a
    # \ud800 the JSON parser reads back as a lone surrogate)
    text = json.dumps(kept, ensure_ascii=draw(st.booleans()), allow_nan=True)
    return text.encode("utf-8", "surrogatepass")


@examples(50)
@given(st.sampled_from(["segments", "lint"]), st.lists(jsonl_line(), min_size=0, max_size=6))
def test_jsonl_streams(command: str, lines: list[bytes]) -> None:
    stdin = b"\n".join(lines) + b"\n"
    code, out, _ = check([command, "--jsonl", "-"], stdin)
    if code != 2:
        for line in out.split("\n")[:-1]:  # not splitlines(): U+2028 may be in a string
            json.loads(line)  # every answer is a JSON line


# --- matrix, countries -----------------------------------------------------------------------


@st.composite
def matrix_args(draw: st.DrawFn) -> list[str]:
    args = ["matrix"]
    for _ in range(draw(st.integers(0, 2))):
        chosen = draw(st.lists(SENDERS, min_size=1, max_size=3))
        args += ["--senders", ",".join(chosen)]
    args += options(draw, [("--country", COUNTRIES)])
    fmt = draw(formats("table", "markdown", "html", "csv", "json"))
    args += ["--format", fmt]
    if draw(st.booleans()):
        args.append("--fragment")
    return args


@examples(50)
@given(matrix_args())
def test_matrix(args: list[str]) -> None:
    check(args)


@st.composite
def countries_args(draw: st.DrawFn) -> list[str]:
    args = ["countries"]
    args += options(draw, [("--sender", SENDERS)])
    if draw(st.booleans()):
        args.append(draw(st.sampled_from(["--notes", "--no-notes"])))
    fmt = draw(formats("table", "markdown", "html", "csv", "json"))
    args += ["--format", fmt]
    if fmt == "html" and draw(st.booleans()):
        args.append("--fragment")
    # every country is the slowest case (a few hundred ms): the explicit example covers it
    return [*args, "--", *draw(st.lists(COUNTRIES, min_size=1, max_size=4))]


@examples(50)
@given(countries_args())
@example(["countries", "--format", "csv"])
def test_countries(args: list[str]) -> None:
    check(args)


# --- data ------------------------------------------------------------------------------------


SPANS = mostly(
    st.builds(
        lambda number, unit: f"{number}{unit}",
        st.integers(0, 10**7),
        st.sampled_from(["d", "w", "m", "y", "D", "Y"]),
    ),
    st.one_of(st.sampled_from(["", "12", "m", "-1d", "1.5y", "1e9d", "9" * 40 + "d"]), SHORT_TEXTS),
)


@examples(12)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "--older-than": SPANS,
            "--within": SPANS,
            "--today": DATES,
            "--format": formats("table", "json", "markdown"),
        },
    )
)
@example({"--today": "9999-12-31"})
@example({"--today": "0001-01-01"})
@example({"--today": "2026-12-02", "--older-than": "99999y", "--within": "99999y"})
def test_data_audit(flags: dict[str, str]) -> None:
    check(["data", "audit", *(part for item in flags.items() for part in item)])


def test_data_facts() -> None:
    assert check(["data", "facts"])[0] == 0


# Knowledge bases: a tiny valid one, then one value anywhere in it replaced by something
# extreme. ``data validate`` reads it from stdin; when it calls it valid, ``recommend``
# must answer with it (validation rejects what the engine cannot use).


def _tiny_kb() -> dict[str, Any]:
    return raw_kb(countries={"AA": country("Openland"), "BB": country("Closedland")})


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*path, index))
    return found


TINY_KB_PATHS = _paths(_tiny_kb())

NESTED_20: list[Any] = []
for _ in range(20):
    NESTED_20 = [NESTED_20]

EXTREME_YAML_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            -1,
            10**4000,  # (10**5000 cannot even be dumped: the corpus has it as text)
            -(10**400),
            1e308,
            -1e308,
            5e-324,
            float("nan"),
            float("inf"),
            float("-inf"),
            "",
            "x" * 10_000,
            "0001-01-01",
            "9999-12-31",
            dt.date(1, 1, 1),
            dt.date(9999, 12, 31),
            [],
            {},
            NESTED_20,
        ]
    ),
    st.integers(),
    st.floats(),
    st.dates(),
    st.text(ANY_CHARACTER.filter(lambda c: not "\ud800" <= c <= "\udfff"), max_size=20),
    JSON_VALUES.filter(lambda value: not _has_surrogate(value)),
)


def _utf8(text: str) -> bytes:
    """``text`` as bytes; a lone surrogate becomes bytes that are not UTF-8."""
    return text.encode("utf-8", "surrogatepass")


def _has_surrogate(value: Any) -> bool:
    return isinstance(value, str) and any("\ud800" <= c <= "\udfff" for c in value)


def _replace(tree: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(tree, dict):
        return {**tree, head: _replace(tree[head], rest, value)}
    copy = list(tree)
    copy[head] = _replace(copy[head], rest, value)
    return copy


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kb-properties")


@examples(30)
@given(st.sampled_from(TINY_KB_PATHS), EXTREME_YAML_VALUES, st.data())
def test_a_changed_knowledge_base_is_refused_or_used(
    kb_dir: Path, path: tuple[Any, ...], value: Any, data: st.DataObject
) -> None:
    document = yaml.safe_dump(_replace(_tiny_kb(), path, value), allow_unicode=True)
    code, _, _ = check(["data", "validate", "-"], document.encode("utf-8", "surrogatepass"))
    if code != 0:
        return
    file = kb_dir / "kb.yaml"
    file.write_text(document, encoding="utf-8")
    question = data.draw(recommend_args())
    check([*question, "--data", str(file)])
    check(["countries", "--data", str(file), "--format", "json"])
    check(["matrix", "--data", str(file), "--format", "csv"])


@examples(25)
@given(st.one_of(st.binary(max_size=200), st.text(ANY_CHARACTER, max_size=200).map(_utf8)))
def test_data_validate_of_anything(content: bytes) -> None:
    assert check(["data", "validate", "-"], content)[0] == 2


# --- batch -----------------------------------------------------------------------------------

COLUMNS: dict[str, st.SearchStrategy[str]] = {
    "customer": SHORT_TEXTS,
    "country": COUNTRIES,
    "use_case": USE_CASES,
    "direction": DIRECTIONS,
    "mps": NUMBERS,
    "daily_volume": WHOLE_NUMBERS,
    "lead_time_days": LEAD_TIMES,
    "priority": PRIORITIES,
    "voice": mostly(st.sampled_from(["yes", "no", "true", "0"]), SHORT_TEXTS),
    "sample_message": TEXTS,
    "brand": SHORT_TEXTS,
    "concurrency": WHOLE_NUMBERS,
    "latency_ms": NUMBERS,
    "messages": WHOLE_NUMBERS,
    "validity_seconds": NUMBERS,
    "deadline_minutes": NUMBERS,
    "provider": PROVIDERS,
    "entity": ENTITIES,
    "go_live": DATES,
    "account_mps": NUMBERS,
    "messages_per_minute": NUMBERS,
    "messages_per_day": NUMBERS,
    "unique_recipients": WHOLE_NUMBERS,
    "inbound_outbound_ratio": NUMBERS,
}
REQUIRED_COLUMNS = ["country", "use_case", "direction"]


@st.composite
def sheet(draw: st.DrawFn) -> bytes:
    """A small intake sheet: a few rows of extreme cells, as CSV bytes."""
    optional = draw(st.lists(st.sampled_from(sorted(COLUMNS)), max_size=8, unique=True))
    columns = list(dict.fromkeys([*REQUIRED_COLUMNS, *optional]))
    rows = [[draw(COLUMNS[name]) for name in columns] for _ in range(draw(st.integers(0, 4)))]
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    # a lone surrogate in a cell becomes bytes that are not UTF-8: an error of the sheet
    return buffer.getvalue().encode("utf-8", "surrogatepass")


@examples(60)
@given(
    sheet(),
    formats("csv", "jsonl", "markdown", "html", "table"),
    st.fixed_dictionaries(
        {}, optional={"--provider": PROVIDERS, "--entity": ENTITIES, "--today": TODAYS}
    ),
)
def test_batch(content: bytes, fmt: str, flags: dict[str, str]) -> None:
    args = ["batch", "-", "--format", fmt, *(part for item in flags.items() for part in item)]
    code, out, _ = check(args, content)
    if code != 2 and fmt == "jsonl":
        for line in out.split("\n")[:-1]:
            json.loads(line)


@examples(15)
@given(sheet(), st.sampled_from(["html", "markdown", "table", "json"]))
def test_batch_with_reports(kb_dir: Path, content: bytes, report_format: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory(dir=kb_dir) as folder:
        check(["batch", "-", "--report-dir", folder, "--report-format", report_format], content)
        for report in Path(folder).iterdir():
            if not NON_FINITE.search(content.decode("utf-8", "replace")):
                assert not NON_FINITE.search(report.read_text(encoding="utf-8")), report.name


# --- Found by these properties ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "days"),
    [("9999-12-31", "5"), ("0001-01-01", "-1"), ("2026-12-02", "-739952"), ("2026-12-02", "-1e6")],
)
def test_a_lead_time_past_the_calendar_is_an_error(today: str, days: str) -> None:
    code, _, err = check(
        ["recommend", "--country", "US", "--use-case", "otp", "--direction", "one-way",
         "--no-input", "--today", today, "--lead-time-days", days]
    )  # fmt: skip
    assert code == 2
    assert "--lead-time-days" in err
