"""Numbers as people write them: a number whose meaning depends on the locale is never guessed.

Issue 10 (defect 3) and issue 14 (item 13): ``--daily-volume 20.000`` (twenty thousand in
Germany) was read as 20, ``1,5`` was refused, and ``;`` sheets read ``2,500`` as 2,500.
"""

from __future__ import annotations

import json
import os
import sys

import pytest
from clitools import invoke, one_error_line, run

from advisor.errors import InputError
from advisor.locales import parse_locale, parse_number

FIELD = "--daily-volume"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20000", 20000),
        ("20,000", 20000),  # no locale: a comma groups thousands, as before
        ("1,000,000", 1_000_000),
        ("1,000.5", 1000.5),
        ("2.5", 2.5),
        ("0.001", 0.001),  # no locale groups a leading zero
        ("12.3456", 12.3456),
        ("1 000", 1000),
        ("1\u00a0000", 1000),
        ("1\u202f000", 1000),
        ("1'000", 1000),
        ("1_000", 1000),
        ("-5", -5),
        ("1e3", 1000),
        ("  7  ", 7),
    ],
)
def test_unambiguous_numbers_read_the_same_without_a_locale(text: str, expected: float) -> None:
    assert parse_number(text, FIELD) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "20.000",
            "--daily-volume: '20.000' is 20 or 20,000 depending on the locale: "
            "give --locale (de_DE reads 20,000) or write 20000",
        ),
        (
            "1.000",
            "--daily-volume: '1.000' is 1 or 1,000 depending on the locale: "
            "give --locale (de_DE reads 1,000) or write 1000",
        ),
        (
            "2.125",
            "--daily-volume: '2.125' is 2.125 or 2,125 depending on the locale: "
            "give --locale (de_DE reads 2,125) or write 2125",
        ),
        (
            "1,5",
            "--daily-volume: '1,5' is 1.5 only with a decimal comma: "
            "give --locale (de_DE reads 1.5) or write 1.5",
        ),
        (
            "1.000.000",
            "--daily-volume: '1.000.000' is 1,000,000 only with a decimal comma: "
            "give --locale (de_DE reads 1,000,000) or write 1000000",
        ),
        (
            "1 000,5",
            "--daily-volume: '1 000,5' is 1,000.5 only with a decimal comma: "
            "give --locale (de_DE reads 1,000.5) or write 1000.5",
        ),
        ("5.5.5", "--daily-volume: expected a number, got '5.5.5'"),
        ("inf", "--daily-volume: expected a finite number, got 'inf'"),
        ("1,5e99999", "--daily-volume: expected a number, got '1,5e99999'"),
    ],
)
def test_a_number_that_depends_on_the_locale_is_an_error_naming_the_readings(
    text: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_number(text, FIELD)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("de_DE", "20.000", 20000),
        ("de_DE", "1,5", 1.5),
        ("de_DE", "2,500", 2.5),
        ("de_DE", "1.000", 1000),
        ("de_DE", "1.000,5", 1000.5),
        ("de_DE", "1 000,5", 1000.5),
        ("de_DE", "2.5", 2.5),  # a point before other than three digits is never a grouping
        ("de_DE", "20000", 20000),
        ("fr_FR", "1\u202f000,5", 1000.5),
        ("fr_FR", "0,25", 0.25),
        ("en_US", "20.000", 20),
        ("en_US", "20,000", 20000),
        ("de_CH", "1'000.5", 1000.5),
        ("de_CH", "1\u2019000", 1000),
    ],
)
def test_with_a_locale_numbers_read_as_that_locale_writes_them(
    locale: str, text: str, expected: float
) -> None:
    assert parse_number(text, FIELD, locale=locale) == expected


def test_a_number_the_locale_does_not_write_names_the_locale_and_an_example() -> None:
    with pytest.raises(InputError) as caught:
        parse_number("1,5", "mps", locale="en_US")
    assert caught.value.message == (
        "mps: expected a number as en_US writes it (e.g. 1,234.5), got '1,5'; "
        "did you mean '15' or '1.5'?"
    )


def test_whole_numbers_are_still_checked_after_the_locale() -> None:
    assert parse_number("20.000", FIELD, integer=True, locale="de_DE") == 20000
    with pytest.raises(InputError, match="expected a whole number, got '1,5'"):
        parse_number("1,5", FIELD, integer=True, locale="de_DE")


@pytest.mark.parametrize(
    ("given", "expected"), [("de_DE", "de_DE"), ("de-DE", "de_DE"), ("fr", "fr")]
)
def test_locales_are_normalised(given: str, expected: str) -> None:
    assert parse_locale(given) == expected


def test_an_unknown_locale_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_locale("xx_YY")
    assert caught.value.message == (
        "--locale: unknown locale 'xx_YY': expected a language and region such as "
        "de_DE, fr_FR or en_US"
    )


# --- The commands --------------------------------------------------------------------------------

RECOMMEND = ("recommend", "--country", "DE", "--use-case", "otp", "--direction", "one-way")


def test_recommend_refuses_an_ambiguous_number_without_a_locale() -> None:
    code, out, err = invoke(*RECOMMEND, "--daily-volume", "20.000", "--format", "json")
    assert (code, out) == (2, "")
    assert one_error_line(err) == (
        "advisor: error: --daily-volume: '20.000' is 20 or 20,000 depending on the locale: "
        "give --locale (de_DE reads 20,000) or write 20000"
    )


@pytest.mark.parametrize("command", ["recommend", "report"])
def test_locale_reads_european_numbers(command: str) -> None:
    args = (command, *RECOMMEND[1:], "--daily-volume", "20.000", "--mps", "2,5")
    code, out, err = invoke(*args, "--locale", "de_DE", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    intake = data["input"] if command == "recommend" else data["recommendation"]["input"]
    assert (intake["daily_volume"], intake["mps"]) == (20000, 2.5)


def test_the_locale_comes_from_the_environment_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_LOCALE", "de_DE")
    code, out, err = invoke(*RECOMMEND, "--daily-volume", "20.000", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["input"]["daily_volume"] == 20000


def test_capacity_reads_numbers_in_the_locale() -> None:
    args = ("capacity", "--mps", "2,5", "--messages", "20.000", "--format", "json")
    code, out, err = invoke(*args, "--locale", "de_DE")
    assert code == 0, err
    assert json.loads(out)["input"]["messages"] == 20000
    code, _, err = invoke(*args)
    assert code == 2
    assert "--mps: '2,5' is 2.5 only with a decimal comma" in one_error_line(err)


def test_an_unknown_locale_is_refused_before_any_work() -> None:
    code, out, err = invoke("capacity", "--mps", "5", "--locale", "xx_YY")
    assert (code, out) == (2, "")
    assert one_error_line(err).startswith("advisor: error: --locale: unknown locale 'xx_YY'")


def test_a_real_process_reads_the_locale_from_its_environment() -> None:
    env = {**os.environ, "ADVISOR_LOCALE": "de_DE"}
    process = run(*RECOMMEND, "--daily-volume", "20.000", "--format", "json", env=env)
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout)["input"]["daily_volume"] == 20000
    process = run(*RECOMMEND, "--daily-volume", "20.000")
    assert process.returncode == 2
    assert "depending on the locale" in one_error_line(process.stderr)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_prompt_re_asks_an_ambiguous_number() -> None:
    from ttytools import Terminal

    terminal = Terminal("recommend", "--country", "DE", "--use-case", "otp", "--format", "json")
    terminal.expect("One-way or two-way")
    terminal.answer("")
    terminal.expect("Peak throughput")
    terminal.answer("")
    terminal.expect("Messages a day (empty if unknown)")
    terminal.answer("20.000")
    terminal.expect("'20.000' is 20 or 20,000 depending on the locale")
    terminal.expect("Messages a day")
    terminal.answer("20000")
    for question in ("Days until go-live", "Priority", "Voice", "Provider", "Who buys"):
        terminal.expect(question)
        terminal.answer("")
    code, rest = terminal.finish()
    assert code == 0, rest
    assert json.loads(rest[rest.index("{") :])["input"]["daily_volume"] == 20000


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_prompt_reads_numbers_in_the_locale() -> None:
    from ttytools import Terminal

    terminal = Terminal(
        "recommend", "--country", "DE", "--use-case", "otp", "--locale", "de_DE",
        "--format", "json",
    )  # fmt: skip
    terminal.expect("One-way or two-way")
    terminal.answer("")
    terminal.expect("Peak throughput")
    terminal.answer("2,5")
    terminal.expect("Messages a day (empty if unknown)")
    terminal.answer("20.000")
    for question in ("Days until go-live", "Priority", "Voice", "Provider", "Who buys"):
        terminal.expect(question)
        terminal.answer("")
    code, rest = terminal.finish()
    assert code == 0, rest
    intake = json.loads(rest[rest.index("{") :])["input"]
    assert (intake["mps"], intake["daily_volume"]) == (2.5, 20000)
