"""Every JSON output is an object with a schema_version, and matches its published schema
(``advisor schema NAME``), checked against real outputs of every command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from clitools import invoke
from jsonschema import Draft202012Validator

from advisor.schemas import OUTPUTS, SCHEMA_VERSION, output_schema

ROOT = Path(__file__).parent.parent
COUNTRIES = ("US", "CA", "GB", "DE", "FR", "BR", "IN", "CN", "AE", "AU", "JP", "NG", "XK", "FI")
USES = ("otp", "transactional", "promotional", "conversational")


def want(code: int, ok: tuple[int, ...] = (0, 1)) -> None:
    assert code in ok


def recommend() -> Iterator[str]:
    for index, country in enumerate(COUNTRIES):
        use = USES[index % 4]
        way = "two-way" if use == "conversational" else "one-way"
        args = ["recommend", "--country", country, "--use-case", use, "--direction", way]
        code, out, _ = invoke(*args, "--format", "json", "--no-input")
        want(code)
        yield out
    code, out, _ = invoke(
        *("recommend", "--country", "US", "--use-case", "otp", "--direction", "two-way"),
        *("--mps", "5000", "--voice", "--lead-time-days", "1", "--explain", "--format", "json"),
    )
    assert code == 1  # nothing fits: conflicts and relaxations
    yield out
    code, out, _ = invoke(
        *("recommend", "--country", "FI", "--use-case", "transactional", "--direction", "one-way"),
        *("--today", "2025-06-01", "--lead-time-days", "30", "--entity", "local"),
        *("--provider", "twilio", "--messages-per-minute", "1", "--format", "json"),
    )
    want(code)
    yield out


def report() -> Iterator[str]:
    for country in ("US", "GB", "IN"):
        code, out, _ = invoke(
            *("report", "--country", country, "--use-case", "promotional"),
            *("--direction", "one-way", "--customer", "Acme", "--body", "Sale! bit.ly/x"),
            *("--concurrency", "10", "--latency-ms", "100", "--messages", "100000"),
            *("--deadline-minutes", "5", "--date", "2027-01-01", "--format", "json"),
        )
        want(code)
        yield out


def capacity() -> Iterator[str]:
    for args in (
        ("--mps", "10"),
        ("--concurrency", "50", "--latency-ms", "250"),
        ("--concurrency", "50", "--latency-ms", "250", "--mps", "100", "--messages", "100000"),
        ("--provider", "bandwidth", "--account-mps", "5", "--queue-seconds", "900"),
        ("--provider", "twilio", "--sender", "long_code", "--country", "US", "--messages", "500"),
        ("--provider", "telnyx", "--sender", "long_code", "--country", "US", "--messages", "9"),
        (
            "--mps",
            "1",
            "--messages",
            "10000",
            "--deadline-minutes",
            "5",
            "--validity-seconds",
            "60",
        ),
    ):
        code, out, _ = invoke("capacity", *args, "--format", "json")
        want(code, (0,))
        yield out


MESSAGES = ("Hello", "Your order “4711” has shipped — track it", "é" * 200, "a" * 1700, "😀")


def segments() -> Iterator[str]:
    for message in MESSAGES:
        for extra in ((), ("--smart-encoding",)):
            code, out, _ = invoke("segments", message, *extra, "--format", "json")
            want(code, (0,))
            yield out


def lines(command: str, records: list[object]) -> Iterator[str]:
    text = "".join(json.dumps(record) + "\n" for record in records) + "not json\n[1]\n"
    code, out, _ = invoke(command, "--jsonl", "-", input=text)
    want(code)
    yield from out.splitlines()


def segments_line() -> Iterator[str]:
    yield from lines("segments", [{"id": i, "text": m} for i, m in enumerate(MESSAGES)])


LINTS = (
    ("Big sale today! https://bit.ly/deal", "--use-case", "promotional", "--first-message"),
    ("Acme: hello. Reply STOP to opt out.", "--brand", "Acme"),
    ("Go to https://a.example.com and https://b.example.org “now”",),
)


def lint() -> Iterator[str]:
    for args in LINTS:
        code, out, _ = invoke("lint", *args, "--format", "json")
        want(code)
        yield out


def lint_line() -> Iterator[str]:
    yield from lines("lint", [{"id": i, "text": args[0]} for i, args in enumerate(LINTS)])


def keyword() -> Iterator[str]:
    for reply in ("STOP", "start", "hello"):
        code, out, _ = invoke("keyword", reply, "--format", "json")
        want(code, (0,))
        yield out


def matrix() -> Iterator[str]:
    for args in ((), ("--country", "DE"), ("--senders", "short_code,toll_free")):
        code, out, _ = invoke("matrix", *args, "--format", "json")
        want(code, (0,))
        yield out


def countries() -> Iterator[str]:
    for args in ((), ("US", "DE", "--sender", "alphanumeric_registered"), ("BR", "--no-notes")):
        code, out, _ = invoke("countries", *args, "--format", "json")
        want(code, (0,))
        yield out


def data_audit() -> Iterator[str]:
    for args in ((), ("--today", "2025-06-01", "--within", "3y", "--older-than", "1d")):
        code, out, _ = invoke("data", "audit", *args, "--format", "json")
        want(code, (0,))
        yield out


SHEETS = (
    "examples/intake.csv",
    "tests/sheets/repeated_profiles.csv",
    "examples/intake-multi-country.csv",
)
PRICES = "examples/prices-INVENTED-example.csv"


def batch() -> Iterator[str]:
    for sheet in SHEETS:
        code, out, _ = invoke("batch", sheet, "--format", "json")
        want(code)
        yield out
    # a run with plans, priced: each plan carries its cost
    code, out, _ = invoke("batch", SHEETS[-1], "--prices", PRICES, "--format", "json")
    want(code)
    assert json.loads(out)["plans"][0]["plan"]["cost"]["monthly_total"] is not None
    yield out


def batch_line() -> Iterator[str]:
    for sheet in SHEETS:
        code, out, _ = invoke("batch", sheet, "--format", "jsonl")
        want(code)
        yield from out.splitlines()


def plan() -> Iterator[str]:
    prices = "examples/prices-INVENTED-example.csv"
    for args in (
        ("--country", "US,CA,GB,DE", "--use-case", "transactional", "--direction", "one-way"),
        ("--country", "US,GB", "--use-case", "otp", "--direction", "one-way", "--mps", "20"),
        ("--country", "JP,IN", "--use-case", "promotional", "--direction", "one-way"),
    ):
        code, out, _ = invoke("plan", *args, "--daily-volume", "5000", "--prices", prices,
                              "--format", "json", "--no-input")  # fmt: skip
        want(code)
        yield out


RUNS = {
    "recommend": recommend,
    "report": report,
    "capacity": capacity,
    "segments": segments,
    "segments-line": segments_line,
    "lint": lint,
    "lint-line": lint_line,
    "keyword": keyword,
    "batch": batch,
    "batch-line": batch_line,
    "matrix": matrix,
    "countries": countries,
    "data-audit": data_audit,
    "plan": plan,
}


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_every_output_has_a_schema_and_a_run() -> None:
    assert set(RUNS) == set(OUTPUTS)


@pytest.mark.parametrize("name", OUTPUTS)
def test_real_outputs_match_their_published_schema(name: str) -> None:
    validator = Draft202012Validator(output_schema(name))
    texts = list(RUNS[name]())
    assert texts
    for text in texts:
        data = json.loads(text)
        assert isinstance(data, dict)
        assert next(iter(data)) == "schema_version", "schema_version is the first key"
        assert data["schema_version"] == SCHEMA_VERSION
        errors = sorted(validator.iter_errors(data), key=lambda error: list(error.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("name", OUTPUTS)
def test_advisor_schema_prints_a_valid_schema(name: str) -> None:
    code, out, _ = invoke("schema", name)
    assert code == 0
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema == output_schema(name)
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}


def test_a_schema_catches_a_renamed_key() -> None:
    _, out, _ = invoke("keyword", "STOP", "--format", "json")
    data = json.loads(out)
    data["kind"] = data.pop("class")
    assert not Draft202012Validator(output_schema("keyword")).is_valid(data)


def test_an_unknown_schema_name_is_one_line() -> None:
    code, out, err = invoke("schema", "nope")
    assert code == 2
    assert out == ""
    assert err.startswith("advisor: error: OUTPUT: expected one of recommend, report, ")


def test_batch_report_files_in_json_carry_the_schema_version(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    code, _, _ = invoke(
        "batch", "examples/intake.csv", "--report-dir", str(reports), "--report-format", "json"
    )
    assert code == 1
    validator = Draft202012Validator(output_schema("report"))
    for path in sorted(reports.iterdir()):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["schema_version"] == SCHEMA_VERSION
        if "error" not in data:  # a row that could not be answered says why instead
            errors = list(validator.iter_errors(data))
            assert not errors, f"{path.name}: {errors[0].message}"


def test_countries_json_is_an_object_of_countries() -> None:
    code, out, _ = invoke("countries", "US", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["schema_version", "countries"]
    assert [country["code"] for country in data["countries"]] == ["US"]


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _enums(node: object, key: str) -> Iterator[list[object]]:
    if isinstance(node, dict):
        properties = node.get("properties")
        found = properties.get(key) if isinstance(properties, dict) else None
        if isinstance(found, dict) and "enum" in found:
            yield found["enum"]
        for value in node.values():
            yield from _enums(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from _enums(value, key)


@pytest.mark.parametrize("name", OUTPUTS)
def test_a_published_schema_is_self_contained(name: str) -> None:
    # a schema file refers to another output's file; advisor schema copies it in
    schema = output_schema(name)
    for ref in _refs(schema):
        assert ref.startswith("#/$defs/"), ref
        assert ref.removeprefix("#/$defs/") in schema["$defs"]
        assert "schema_version" not in schema["$defs"][ref.removeprefix("#/$defs/")]["properties"]


def test_one_home_per_shape_a_report_refers_to_the_outputs_it_holds() -> None:
    text = (ROOT / "advisor" / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    assert set(_refs(json.loads(text))) == {
        "recommend.schema.json",
        "capacity.schema.json",
        "lint.schema.json",
    }
    assert set(output_schema("report")["$defs"]) == {"recommend", "capacity", "lint"}


def test_the_enumerations_are_the_advisors_own() -> None:
    from advisor.content.keywords import KeywordClass
    from advisor.content.lint import Severity
    from advisor.content.segments import Encoding

    classes = output_schema("keyword")["properties"]["class"]["enum"]
    assert classes == [kind.value for kind in KeywordClass]
    for name in OUTPUTS:
        schema = output_schema(name)
        for enum in _enums(schema, "severity"):
            assert {value for value in enum if value is not None} == {s.value for s in Severity}
        for enum in _enums(schema, "encoding"):
            assert {value for value in enum if value is not None} == {e.value for e in Encoding}
