"""``advisor recommend`` and ``advisor data`` through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from kbtools import raw_kb, write_yaml
from ttytools import Terminal
from typer.testing import CliRunner

from advisor.cli import app

runner = CliRunner()

US_ORDER_STATUS = (
    "recommend",
    "--country",
    "US",
    "--use-case",
    "transactional",
    "--direction",
    "one-way",
    "--mps",
    "10",
    "--daily-volume",
    "20000",
    "--lead-time-days",
    "30",
    "--today",
    "2026-12-02",
)


def invoke(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def recommend_json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = invoke(*args, "--format", "json")
    assert err == ""
    return code, json.loads(out)


# --- The JSON contract ---------------------------------------------------------------------------


def test_json_has_the_documented_keys() -> None:
    code, data = recommend_json(*US_ORDER_STATUS)
    assert code == 0
    assert list(data) == [
        "schema_version",
        "input",
        "country",
        "traffic",
        "recommendations",
        "excluded",
        "warnings",
        "conflicts",
        "evaluated_on",
        "changes",
        "tie",
        "local_entity_options",
        "sources",
        "knowledge_base",
    ]
    assert data["input"] == {
        "country": "US",
        "use_case": "transactional",
        "direction": "one-way",
        "mps": 10.0,
        "daily_volume": 20000,
        "lead_time_days": 30,
        "priority": "deliverability",
        "voice": False,
        "traffic_profile": {
            "messages_per_minute": None,
            "messages_per_day": None,
            "unique_recipients": None,
            "inbound_outbound_ratio": None,
        },
        "provider": None,
        "entity": "international",
        "today": "2026-12-02",
        "go_live": "2027-01-01",
        "account_mps": None,
    }
    assert data["evaluated_on"] == "2027-01-01"
    best = data["recommendations"][0]
    assert {"sender", "reasons", "caveats", "lead_time_days", "mps"} <= set(best)
    assert best["sender"] == "long_code"
    assert best["lead_time_days"] == 14  # 10 business days, in calendar days
    assert best["mps"] == 12
    for excluded in data["excluded"]:
        assert excluded["reasons"]
        assert all(reason["rule"] for reason in excluded["reasons"])
    assert data["conflicts"] is None
    cited = {s for r in best["reasons"] + best["caveats"] for s in r["sources"]}
    assert cited <= set(data["sources"])
    assert data["knowledge_base"] == {"file": "shipped", "as_of": "2026-12-03"}


def test_explain_adds_the_rule_trace() -> None:
    code, data = recommend_json(*US_ORDER_STATUS, "--explain", "--provider", "twilio")
    assert code == 0
    trace = data["trace"]
    assert {entry["outcome"] for entry in trace} == {"fired", "not fired", "undecided"}
    fired = {(e["rule"], e["sender"]) for e in trace if e["outcome"] == "fired"}
    assert ("lead-time-too-short", "short_code") in fired
    code, out, _ = invoke(*US_ORDER_STATUS, "--explain")
    assert "Rule trace" in out


def test_nothing_fits_exits_1_and_prints_the_conflicts() -> None:
    args = (
        "recommend",
        "--country",
        "BR",
        "--use-case",
        "conversational",
        "--direction",
        "two-way",
        "--provider",
        "twilio",
    )
    code, data = recommend_json(*args, "--lead-time-days", "5")
    assert code == 1
    assert data["recommendations"] == []
    assert data["conflicts"]["relaxations"][0] == {
        "sender": "short_code",
        "changes": [{"field": "lead_time_days", "from": 5, "to": 14}],
        "text": "Short code fits if go-live can wait 14 days (2 weeks).",
    }
    code, out, err = invoke(*args, "--lead-time-days", "5")
    assert (code, err) == (1, "")
    assert "Short code fits if go-live can wait 14 days (2 weeks)." in out


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "csv"])
def test_every_format_renders(fmt: str) -> None:
    code, out, err = invoke(*US_ORDER_STATUS, "--format", fmt)
    assert (code, err) == (0, "")
    assert "A2P 10DLC" in out


def test_the_country_may_be_a_name_or_a_phone_number() -> None:
    for given in ("Brazil", "brasil", "+5511987654321"):
        code, data = recommend_json(
            "recommend", "--country", given, "--use-case", "otp", "--direction", "one-way"
        )
        assert (code, data["input"]["country"]) == (0, "BR"), given


@pytest.mark.parametrize(
    ("given", "country", "note"),
    [
        ("+447700900123", "GB", "+447700900123 is in the United Kingdom number plan but not an"),
        ("+44", "GB", "+44 is only a calling code: read as GB (United Kingdom), its main"),
        ("DEU", "DE", None),
        ("gbr", "GB", None),
    ],
)
def test_an_unassigned_number_a_calling_code_or_an_alpha_3_code(
    given: str, country: str, note: str | None
) -> None:
    code, out, err = invoke(
        "recommend", "--country", given, "--use-case", "otp", "--direction", "one-way",
        "--format", "json",
    )  # fmt: skip
    assert (code, json.loads(out)["input"]["country"]) == (0, country)
    if note is None:
        assert err == ""
    else:
        assert err.startswith(f"advisor: note: {note}")
        assert err.count("\n") == 1


# --- Bad input: exit 2 and one clear line --------------------------------------------------------

BAD = [
    (("--country", "Atlantis"), "--country: unknown country 'Atlantis'"),
    (("--country", "+1 555 0100"), "--country: '+1 555 0100' is not a valid phone number"),
    (("--country", "+999 123"), "is not a phone number in E.164 form"),
    (("--country", "+1"), "--country: '+1' is a calling code that 25 countries and territories"),
    (("--country", "+7"), "is a calling code that 2 countries and territories (RU, KZ) share"),
    (("--mps", "-5"), "--mps: expected a number >= 0.01, got -5"),
    (("--mps", "fast"), "--mps: expected a number, got 'fast'"),
    (("--lead-time-days", "2.5"), "--lead-time-days: expected a whole number, got '2.5'"),
    (("--use-case", "spam"), "--use-case: expected one of conversational, transactional"),
    (("--format", "pdf"), "--format: expected one of table, json, markdown, html, csv"),
    (("--colour", "red"), "No such option: --colour"),
]


@pytest.mark.parametrize(("change", "expected"), BAD)
def test_bad_input_is_one_line_and_exit_2(change: tuple[str, str], expected: str) -> None:
    args = dict(zip(US_ORDER_STATUS[1::2], US_ORDER_STATUS[2::2], strict=True))
    flag, value = change
    args[flag] = value
    flat = ["recommend", *(item for pair in args.items() for item in pair)]
    code, out, err = invoke(*flat)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("advisor: error: ")
    assert expected in err


def test_contradictory_flags_are_refused() -> None:
    code, out, err = invoke(
        "recommend", "--country", "US", "--use-case", "conversational", "--direction", "one-way"
    )
    assert (code, out) == (2, "")
    assert err == (
        "advisor: error: --use-case and --direction: conversational messaging is two-way by "
        "definition (the end user starts the conversation): use direction two-way, or another "
        "use case for one-way traffic\n"
    )


def test_missing_answers_without_a_terminal_are_a_usage_error() -> None:
    code, out, err = invoke("recommend", "--country", "US")
    assert (code, out) == (2, "")
    assert err == (
        "advisor: error: missing --use-case, --direction (there is no terminal to ask on; "
        "pass the answers as flags)\n"
    )
    code, _, err = invoke("recommend", "--no-input", "--country", "US", "--use-case", "otp")
    assert code == 2
    assert "missing --direction (--no-input was given" in err


def test_a_broken_data_file_is_one_line(tmp_path: Path) -> None:
    raw = raw_kb()
    raw["countries"]["BR"]["short_code_lead_time"] = "eight"
    broken = write_yaml(tmp_path / "broken.yaml", raw)
    code, out, err = invoke(*US_ORDER_STATUS, "--data", str(broken))
    assert (code, out) == (2, "")
    assert err == (
        f"advisor: error: {broken}: countries.BR.short_code_lead_time: unknown key "
        "(not part of the schema), got 'eight'\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- just\n- a list\n", "expected a mapping at the top level, got a list"),
        ("", "expected a mapping at the top level, got empty"),
    ],
)
def test_a_data_file_that_is_not_a_mapping(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "list.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = invoke(*US_ORDER_STATUS, "--data", str(path))
    assert code == 2
    assert err == f"advisor: error: {path}: {expected}\n"


def test_a_users_own_data_changes_the_answer(tmp_path: Path) -> None:
    """An ISV granted more toll-free MPS records it in their copy of the file."""
    raw = raw_kb()
    raw["senders"]["toll_free"]["attributes"]["throughput"]["default_mps"] = 25
    mine = write_yaml(tmp_path / "mine.yaml", raw)
    _, shipped = recommend_json(*US_ORDER_STATUS)
    _, custom = recommend_json(*US_ORDER_STATUS, "--data", str(mine))
    toll_free = next(r for r in custom["recommendations"] if r["sender"] == "toll_free")
    assert toll_free["mps"] == 25
    assert custom["knowledge_base"]["file"] == str(mine)
    assert shipped["recommendations"] != custom["recommendations"]


# --- advisor data --------------------------------------------------------------------------------


def test_data_validate_the_shipped_file() -> None:
    code, out, err = invoke("data", "validate")
    assert (code, err) == (0, "")
    assert out.startswith("the shipped knowledge base is valid: 6 senders, 221 countries, ")


def test_data_validate_lists_every_problem(tmp_path: Path) -> None:
    raw = raw_kb()
    claims = raw["countries"]["BR"]["senders"]["short_code"]["available"]
    claims[0]["value"] = "maybe"
    raw["rules"][0]["when"]["fact"] = "sender.colour"
    path = write_yaml(tmp_path / "two.yaml", raw)
    code, out, err = invoke("data", "validate", str(path))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 1  # a schema error stops before the rule checks
    assert "countries.BR.senders.short_code.available[0].value: expected one of" in lines[0]
    claims[0]["value"] = "no"
    write_yaml(path, raw)
    code, _, err = invoke("data", "validate", str(path))
    assert code == 2
    assert "rules[0].when.fact: unknown fact 'sender.colour'" in err


def test_data_facts_lists_the_fact_registry() -> None:
    code, out, _ = invoke("data", "facts")
    assert code == 0
    assert "intake.direction\tenum (one-way, two-way)\tone-way or two-way" in out.splitlines()


# --- As a real process ---------------------------------------------------------------------------


def test_python_dash_m_advisor_runs_as_a_subprocess() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "advisor", *US_ORDER_STATUS, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout)["recommendations"][0]["sender"] == "long_code"
    bad = subprocess.run(
        [sys.executable, "-m", "advisor", "recommend", "--country", "Atlantis", "--no-input"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert len(bad.stderr.splitlines()) == 1
    assert "Traceback" not in bad.stderr


# --- Interactive: a real terminal, answered as a user would --------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_interview_asks_every_question_and_re_asks_bad_answers() -> None:
    terminal = Terminal("recommend", "--format", "json")
    terminal.expect("Destination country (ISO code, name or a phone number):")
    terminal.answer("Atlantis")
    terminal.expect("unknown country 'Atlantis'")
    terminal.expect("Destination country")
    terminal.answer("Brasil")
    terminal.expect("Use case [conversational/transactional/promotional/otp]:")
    terminal.answer("chat")  # a synonym of conversational
    terminal.expect("One-way or two-way [one-way/two-way] (two-way):")
    terminal.answer("")  # the default follows the use case
    terminal.expect("Peak throughput, segments per second (empty if unknown) ():")
    terminal.answer("-3")
    terminal.expect("peak MPS: expected a number from 0.01 to 1,000,000")
    terminal.answer("")
    terminal.expect("Messages a day (empty if unknown)")
    terminal.answer("1,500")
    terminal.expect("Days until go-live (empty if no deadline)")
    terminal.answer("60")
    terminal.expect("Priority [deliverability/cost] (deliverability):")
    terminal.answer("")
    terminal.expect("Voice on the same number (yes/no) [yes/no] (no):")
    terminal.answer("")
    terminal.expect("Provider [any/twilio/")
    terminal.answer("acme")
    terminal.expect("expected one of")
    terminal.answer("")
    terminal.expect("Who buys the senders")
    terminal.answer("")
    code, rest = terminal.finish()
    assert code == 0, rest
    data = json.loads(rest[rest.index("{") :])
    assert data["input"]["country"] == "BR"
    assert data["input"]["use_case"] == "conversational"
    assert data["input"]["direction"] == "two-way"
    assert data["input"]["daily_volume"] == 1500
    assert data["input"]["mps"] is None
    assert [r["sender"] for r in data["recommendations"]] == ["short_code"]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_flags_given_are_not_asked_again() -> None:
    terminal = Terminal(
        "recommend", "--country", "DE", "--direction", "one-way", "--format", "json"
    )
    terminal.expect("Use case")
    terminal.answer("promotional")
    for question in (
        "Peak throughput",
        "Messages a day",
        "Days until go-live",
        "Priority",
        "Voice",
        "Provider",
        "Who buys the senders",
    ):
        terminal.expect(question)
        terminal.answer("")
    code, rest = terminal.finish()
    assert code == 0, rest
    assert "Destination country" not in rest
    assert json.loads(rest[rest.index("{") :])["input"]["country"] == "DE"


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize(("how", "code"), [("ctrl-d", 2), ("ctrl-c", 130)])
def test_ctrl_d_at_a_prompt_exits_2_and_ctrl_c_130(how: str, code: int) -> None:
    """Neither is 1, which means "nothing fits"."""
    import signal

    terminal = Terminal("recommend", "--format", "json")
    terminal.expect("Destination country")
    if how == "ctrl-d":
        os.write(terminal.master, b"\x04")  # end of input, as the terminal sends it
    else:
        terminal.process.send_signal(signal.SIGINT)  # what Ctrl-C sends the foreground job
    status, rest = terminal.finish()
    assert status == code, rest
    assert "Traceback" not in rest


def test_version_and_short_help() -> None:
    code, out, err = invoke("--version")
    assert (code, err) == (0, "")
    assert out.startswith("advisor ")
    code, out, _ = invoke("recommend", "-h")
    assert code == 0
    assert out.startswith("Usage: ")


def test_a_go_live_in_the_last_year_a_date_can_have() -> None:
    # Dated changes are looked for up to a year after go-live: a year after 9999-12-31
    # is no date, and was an internal error (exit 3).
    code, out, err = invoke(
        *US_ORDER_STATUS[:7], "--today", "9999-12-01", "--go-live", "9999-12-31", "--format", "json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["evaluated_on"] == "9999-12-31"
