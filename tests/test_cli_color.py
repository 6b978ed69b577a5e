"""Colour and width come from rich's Console: NO_COLOR, FORCE_COLOR, TERM=dumb, COLUMNS,
--color/--no-color; every command uses the width; no escape code reaches a file or a pipe
unless asked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from clitools import ADVISOR, run
from ttytools import ANSI, Terminal
from typer.testing import CliRunner

ESC = "\x1b["
RECOMMEND = (
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
)
#: one run of every command that draws a table or a page
COMMANDS = {
    "recommend": RECOMMEND,
    "capacity": ("capacity", "--provider", "bandwidth", "--account-mps", "5", "--messages", "2000"),
    "segments": ("segments", "Your order “4711” has shipped — track it at example.com/t/4711"),
    "lint": ("lint", "Big sale today! https://bit.ly/deal", "--use-case", "promotional"),
    "matrix": ("matrix",),
    "countries": ("countries", "US", "DE", "BR", "IN"),
    "data audit": ("data", "audit"),
    "report": ("report", *RECOMMEND[1:], "--customer", "Falcon Flights"),
    "batch": ("batch", "examples/intake.csv", "--format", "table"),
}
ROOT = Path(__file__).parent.parent
runner = CliRunner()


def invoke(*args: str, **env: str) -> str:
    from advisor.cli import app

    result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_takes_its_width_from_columns_when_piped(name: str) -> None:
    narrow = invoke(*COMMANDS[name], COLUMNS="60")
    assert max(len(line) for line in narrow.splitlines()) <= 60, narrow
    wide = invoke(*COMMANDS[name], COLUMNS="200")
    default = invoke(*COMMANDS[name])
    assert max(len(line) for line in default.splitlines()) <= 100
    if name in ("recommend", "batch", "countries", "matrix"):
        # their tables are wider than 100 columns when they may be
        assert max(len(line) for line in wide.splitlines()) > 100, wide
    assert ESC not in narrow + wide + default


def test_no_escape_codes_reach_a_pipe_unless_asked_for() -> None:
    assert ESC not in invoke(*RECOMMEND)
    assert ESC in invoke(*RECOMMEND, FORCE_COLOR="1")
    assert ESC in invoke("--color", *RECOMMEND)
    assert ESC not in invoke("--no-color", *RECOMMEND, FORCE_COLOR="1")
    assert ESC not in invoke(*RECOMMEND, FORCE_COLOR="1", NO_COLOR="1")


def test_a_file_gets_no_escape_codes_unless_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    invoke(*COMMANDS["report"], "-o", str(out))
    assert ESC not in out.read_text(encoding="utf-8")
    invoke("--color", *COMMANDS["report"], "-o", str(out))
    assert ESC in out.read_text(encoding="utf-8")


def test_color_is_a_root_option_shown_in_help() -> None:
    text = invoke("--help")
    assert "--color / --no-color" in text


def _terminal(*args: str, term: str = "xterm-256color", **env: str) -> tuple[int, str]:
    terminal = Terminal(*args, term=term, columns=120, env=env)
    code, _ = terminal.finish(timeout=60)
    return code, terminal.raw


def test_a_terminal_gets_colour_unless_no_color_term_dumb_or_no_color_flag() -> None:
    assert ESC in _terminal(*RECOMMEND)[1]
    assert ESC not in _terminal(*RECOMMEND, NO_COLOR="1")[1]
    assert ESC not in _terminal(*RECOMMEND, term="dumb")[1]
    assert ESC not in _terminal("--no-color", *RECOMMEND)[1]


def test_a_terminal_is_laid_out_at_its_own_width_and_columns_overrides_it() -> None:
    _, wide = _terminal("--no-color", "batch", "examples/intake.csv", "--format", "table")
    lines = wide.replace("\r", "").splitlines()
    assert max(len(line) for line in lines) > 100  # the table fits 120 columns: no records
    assert "Line:" not in wide
    _, narrow = _terminal(*RECOMMEND, COLUMNS="60")
    lines = ANSI.sub("", narrow).replace("\r", "").splitlines()
    assert max(len(line) for line in lines) <= 60


def test_the_console_script_pipes_plain_text() -> None:
    process = run(*RECOMMEND)
    assert process.returncode == 0, process.stderr
    assert b"\x1b" not in process.stdout
    assert Path(ADVISOR).exists()
