"""Typed options: help names the kind of value, synonyms still work, errors stay one line
naming where a value came from, and the shell completes names (typer's completion)."""

from __future__ import annotations

import os
import re

import pytest
from clitools import ADVISOR, invoke, one_error_line, run
from typer.testing import CliRunner

COMMANDS = [
    ("recommend",),
    ("capacity",),
    ("segments",),
    ("lint",),
    ("keyword",),
    ("batch",),
    ("report",),
    ("plan",),
    ("matrix",),
    ("countries",),
    ("data", "validate"),
    ("data", "audit"),
    ("data", "facts"),
    ("data", "schema"),
    (),
]
US_OTP = ("--country", "US", "--use-case", "otp", "--direction", "one-way", "--no-input")
runner = CliRunner()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "advisor")
def test_help_names_kinds_of_values_never_python_types(command: tuple[str, ...]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    assert not re.search(r"<[a-z.]+>|list\[", out), out


def test_help_shows_numbers_and_choices() -> None:
    _, out, _ = invoke("recommend", "--help")
    assert "--mps FLOAT" in out
    assert "--daily-volume INTEGER" in out
    assert "--use-case [otp|transactional|promotional|conversational]" in out
    assert "--direction [one-way|two-way]" in out
    assert "--entity [international|local]" in out
    assert "--format [table|json|markdown|html|csv]" in out
    assert "--country COUNTRY" in out
    assert "--go-live YYYY-MM-DD" in out
    _, out, _ = invoke("capacity", "--help")
    assert "--traffic [bulk|realtime|mixed]" in out
    assert "--sender [short_code|long_code|toll_free|" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--use-case", "2fa"), '"use_case": "otp"'),
        (("--use-case", "Notifications"), '"use_case": "transactional"'),
        (("--direction", "outbound"), '"direction": "one-way"'),
        (("--country", "Brasil"), '"country": "BR"'),
        (("--country", "DEU"), '"country": "DE"'),
        (("--priority", "price"), '"priority": "cost"'),
    ],
)
def test_the_librarys_synonyms_still_work(args: tuple[str, ...], expected: str) -> None:
    base = {"--country": "US", "--use-case": "otp", "--direction": "one-way"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flags = [item for pair in base.items() for item in pair]
    code, out, _ = invoke("recommend", *flags, "--format", "json", "--no-input")
    assert code in (0, 1)
    assert expected in out


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("recommend", "--country", "US", "--use-case", "newsletters", "--direction", "1-way"),
            "advisor: error: --use-case: expected one of conversational, transactional, "
            "promotional, otp, got 'newsletters'",
        ),
        (
            ("capacity", "--traffic", "slow"),
            "advisor: error: --traffic: expected one of bulk, realtime, mixed, got 'slow'",
        ),
        (
            ("lint", "hi", "--format", "xml"),
            "advisor: error: --format: expected one of table, json, got 'xml'",
        ),
        (
            ("segments", "hi", "--format", "html"),
            "advisor: error: --format: expected one of table, json, markdown, got 'html'",
        ),
        (
            ("matrix", "--format", "yaml"),
            "advisor: error: --format: expected one of table, markdown, html, csv, json, xlsx, "
            "pdf, got 'yaml'",
        ),
    ],
)
def test_a_bad_choice_is_one_line_naming_the_flag(args: tuple[str, ...], line: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2
    assert out == ""
    assert one_error_line(err) == line


def test_an_environment_variable_is_named_when_its_value_is_bad() -> None:
    from advisor.cli import app

    for env, args, name in [
        ({"ADVISOR_ENTITY": "locl"}, ("recommend", *US_OTP), "ADVISOR_ENTITY"),
        ({"ADVISOR_PROVIDER": "twillio"}, ("recommend", *US_OTP), "ADVISOR_PROVIDER"),
        ({"ADVISOR_FORMAT": "xml"}, ("keyword", "stop"), "ADVISOR_FORMAT"),
    ]:
        result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == 2
        assert one_error_line(result.stderr).startswith(f"advisor: error: {name}: expected ")


def test_a_format_from_the_environment_applies_where_it_is_offered() -> None:
    from advisor.cli import app

    env = {"ADVISOR_FORMAT": "csv"}
    result = runner.invoke(app, ["recommend", *US_OTP], env=env, catch_exceptions=False)
    assert result.stdout.startswith("section,item,value,unit\n")  # recommend offers csv
    result = runner.invoke(app, ["keyword", "stop"], env=env, catch_exceptions=False)
    assert result.stdout == "opt_out\n"  # keyword does not: its default
    json_env = {"ADVISOR_FORMAT": "json"}
    result = runner.invoke(app, ["lint", "--jsonl", "-"], input='{"text": "hi"}\n', env=json_env)
    assert result.exit_code in (0, 1), result.stderr  # --jsonl ignores a general default


def complete(line: str) -> list[str]:
    """What bash completion offers for the last word of ``line`` (typer's completion)."""
    words = line.split(" ")
    env = {
        **os.environ,
        "_ADVISOR_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    process = run(env=env)
    assert process.returncode == 0, process.stderr
    return process.stdout.decode().split()


def test_completion_of_choices() -> None:
    assert complete("advisor recommend --use-case ") == [
        "otp",
        "transactional",
        "promotional",
        "conversational",
    ]
    assert complete("advisor recommend --use-case tr") == ["transactional"]
    assert complete("advisor recommend --direction t") == ["two-way"]
    assert complete("advisor recommend --entity ") == ["international", "local"]
    assert complete("advisor recommend --format m") == ["markdown"]
    assert complete("advisor capacity --sender alpha") == [
        "alphanumeric_registered",
        "alphanumeric_dynamic",
    ]
    assert complete("advisor batch --format j") == ["json", "jsonl"]


def test_completion_of_names_from_the_knowledge_base() -> None:
    assert "DE" in complete("advisor recommend --country D")
    assert {"brazil", "brasil"} <= set(complete("advisor recommend --country bra"))
    assert "twilio" in complete("advisor capacity --provider t")
    assert "US" in complete("advisor countries U")
    assert complete("advisor matrix --senders short_code,toll") == ["short_code,toll_free"]


def test_typers_completion_options_are_there() -> None:
    _, out, _ = invoke("--help")
    assert "--install-completion" in out
    assert "--show-completion" in out
    process = run("--show-completion", "bash")
    assert b"_ADVISOR_COMPLETE" in process.stdout, process.stderr
    assert ADVISOR.endswith("advisor")
