"""Unexpected errors, hostile text and huge values: issue 14.14."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import ADVISOR, invoke, one_error_line

from advisor.errors import MESSAGE_CHARS, SHOWN_CHARS, ExitCode, InputError, shown

US_OTP = ("--country", "US", "--use-case", "otp", "--direction", "one-way")


# --- Unexpected errors exit 3 -------------------------------------------------------------------


def _break_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor import knowledge

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something\nunforeseen")

    monkeypatch.setattr(knowledge, "load", boom)


def test_an_unexpected_error_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADVISOR_TRACEBACK", raising=False)
    _break_the_engine(monkeypatch)
    code, out, err = invoke("recommend", *US_OTP)
    assert (code, out) == (3, "")
    line = one_error_line(err)
    assert line.startswith("advisor: internal error (RuntimeError: something unforeseen)")
    assert "please report it" in line
    assert "ADVISOR_TRACEBACK=1" in line


def test_advisor_traceback_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVISOR_TRACEBACK", "1")
    _break_the_engine(monkeypatch)
    code, _, err = invoke("recommend", *US_OTP)
    assert code == 3
    assert "Traceback (most recent call last)" in err
    assert err.splitlines()[-1].startswith("advisor: internal error (RuntimeError: ")


def test_an_unexpected_error_in_a_real_process_exits_3() -> None:
    script = (
        "import advisor.knowledge as k\n"
        "def boom(*a, **k): raise ZeroDivisionError('division by zero')\n"
        "k.load = boom\n"
        "from advisor.cli import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "recommend", *US_OTP],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == int(ExitCode.INTERNAL) == 3
    assert one_error_line(done.stderr).startswith("advisor: internal error (ZeroDivisionError")


def test_a_known_error_under_traceback_keeps_its_exit_code() -> None:
    code, _, err = invoke("--traceback", "recommend", "--country", "Atlantis", *US_OTP[2:])
    assert code == 2  # never 1, which means "nothing fits"
    assert "Traceback (most recent call last)" in err
    assert err.splitlines()[-1].startswith("advisor: error: --country: unknown country")


def test_exit_3_is_documented() -> None:
    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "| 3 |" in readme
    guide = (root / "docs" / "guide.md").read_text(encoding="utf-8")
    assert "## What the advisor guarantees\n" in guide
    assert "### Exit codes\n" in guide
    assert "| 3 |" in guide


# --- Control characters from the input never reach Markdown or HTML -----------------------------

HOSTILE = "Evil\x1b[2J\x1b]8;;https://x.invalid\x07link\x1b]8;;\x07\x9b31m\x7f\x01 Inc"


def _hostile_sheet(tmp_path: Path) -> Path:
    sheet = tmp_path / "hostile.csv"
    sheet.write_text(
        f'customer,country,use_case,direction,sample_message\n"{HOSTILE}",US,otp,one-way,'
        f'"Code 1\x1b[31m2\x1b[0m3"\n',
        encoding="utf-8",
    )
    return sheet


def _has_controls(text: str) -> bool:
    return any(
        (ord(char) < 0x20 and char not in "\t\n\r") or 0x7F <= ord(char) < 0xA0 for char in text
    )


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_batch_output_shows_control_characters_as_text(tmp_path: Path, fmt: str) -> None:
    code, out, _ = invoke("batch", str(_hostile_sheet(tmp_path)), "--format", fmt)
    assert code == 0
    assert not _has_controls(out)
    assert "x1b" in out
    assert "x9b31m" in out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_reports_show_control_characters_as_text(tmp_path: Path, fmt: str) -> None:
    reports = tmp_path / "reports"
    args = ("batch", str(_hostile_sheet(tmp_path)), "-o", str(tmp_path / "o.csv"))
    assert invoke(*args, "--report-dir", str(reports), "--report-format", fmt)[0] == 0
    (page,) = reports.iterdir()
    text = page.read_text(encoding="utf-8")
    assert not _has_controls(text)
    assert "x1b" in text


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_report_customer_name_shows_control_characters_as_text(fmt: str) -> None:
    code, out, _ = invoke("report", *US_OTP, "--customer", HOSTILE, "--format", fmt)
    assert code == 0
    assert not _has_controls(out)
    assert "x1b" in out


# --- Error messages never echo unbounded input --------------------------------------------------

HUGE = "A" * 100_000  # under the CSV reader's 128 KiB cell limit


@pytest.mark.parametrize(
    "args",
    [
        ("recommend", "--country", HUGE, *US_OTP[2:]),
        ("recommend", *US_OTP, "--mps", HUGE),
        ("recommend", *US_OTP[:2], "--use-case", HUGE, *US_OTP[4:]),
        ("recommend", *US_OTP, "--format", HUGE),
        ("capacity", "--provider", HUGE, "--concurrency", "5", "--latency-ms", "100", "--mps", "9"),
        ("report", *US_OTP, "--date", HUGE),
        ("recommend", "--country", "+1" + "5" * 100_000, *US_OTP[2:]),
    ],
)
def test_error_messages_cut_what_they_echo(args: tuple[str, ...]) -> None:
    code, _, err = invoke(*args)
    assert code == 2
    line = one_error_line(err)
    assert len(line) < 400
    assert "AAAAAAAAAA" * 10 not in line


def test_a_batch_row_error_cuts_what_it_echoes(tmp_path: Path) -> None:
    sheet = tmp_path / "huge.csv"
    cell = HUGE[:60_000]  # under the sheet's 64 KiB cell limit (docs/intake.md)
    sheet.write_text(f"customer,country,use_case,direction,mps\nx,US,otp,one-way,{cell}\n")
    code, out, _ = invoke("batch", str(sheet), "--format", "jsonl")
    assert code == 1
    error = json.loads(out)["error"]
    assert error.startswith("mps: expected a number, got 'AAAA")
    assert len(error) < 200


def test_shown_formats_only_the_start_of_a_value() -> None:
    assert shown("abc") == "'abc'"
    assert shown(2.0) == "2"
    assert len(shown("x" * 10_000_000)) == SHOWN_CHARS
    assert len(shown(10**10_000)) <= SHOWN_CHARS  # past Python's int-to-text limit
    nested: list[object] = []
    for _ in range(1_000):
        nested = [nested, nested]  # a billion-laughs shape: 2**1000 leaves
    assert len(shown(nested)) <= SHOWN_CHARS


@pytest.mark.parametrize(
    ("value", "expected"), [(1e308, "1e+308"), (-1e20, "-1e+20"), (1e15, "1000000000000000")]
)
def test_shown_writes_a_huge_float_as_python_does(value: float, expected: str) -> None:
    # 1e308 was echoed as its 309 digits cut to 60: "100000000000000001097906362944..."
    assert shown(value) == expected


def test_every_error_message_is_bounded() -> None:
    assert len(InputError("x" * 10 * MESSAGE_CHARS).message) == MESSAGE_CHARS


# --- Arguments that are not valid Unicode ---------------------------------------------------------

#: every free-text argument a command echoes on stdout, with a lone surrogate in it
#: (bytes that were not UTF-8 arrive in Python as \udc80-\udcff)
NOT_UNICODE = [
    (("lint", "\udcffhello"), "MESSAGE"),
    (("lint", "hello Acme", "--brand", "Ac\udcffme"), "--brand"),
    (("keyword", "STOP\udcff"), "REPLY"),
    (("keyword", "\ud800"), "REPLY"),
    (("report", *US_OTP, "--no-input", "--customer", "Acme\udcff"), "--customer"),
    (("report", *US_OTP, "--no-input", "--body", "Hi\udcff"), "--body"),
    (("report", *US_OTP, "--no-input", "--brand", "\udcffAcme"), "--brand"),
    (("capacity", "--mps", "10", "--body", "Hi\udcff"), "--body"),
]


@pytest.mark.parametrize(("args", "name"), NOT_UNICODE)
def test_an_argument_that_is_not_unicode_is_one_line_naming_it(
    args: tuple[str, ...], name: str
) -> None:
    # Echoed on a strict UTF-8 stdout, a lone surrogate was an internal error (exit 3).
    code, _, err = invoke(*args)
    assert code == 2
    assert one_error_line(err).startswith(f"advisor: error: {name}: not valid Unicode: ")


def test_an_argument_that_is_not_utf8_in_a_real_process() -> None:
    # A UTF-8 locale (not C.UTF-8) writes stdout strictly: an echoed \xff could not be written.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run(
        [ADVISOR.encode(), b"keyword", b"\xffSTOP", b"--format", b"json"],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert one_error_line(done.stderr) == (
        "advisor: error: REPLY: not valid Unicode: lone surrogate U+DCFF at position 0 "
        "(is the terminal's encoding UTF-8?)"
    )
