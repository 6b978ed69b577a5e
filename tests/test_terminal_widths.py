"""A real terminal (tmux) 60, 100 and 200 columns wide: what a person reads never splits an
id or a number, and no escape code reaches a file or a pipe, even with a terminal on stderr.

Each command is run in tmux, and the screen is compared with the same command laid out
1,000 columns wide (where nothing needs to wrap): every id (``alphanumeric_registered``),
number (``1,666.7``) and date shown there is shown whole on the screen, as often. A
token cut in two by a narrow column, or by the terminal wrapping a line that is too
long, is missing from the screen.
"""

from __future__ import annotations

import functools
import re
import shlex
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from clitools import ADVISOR
from ttytools import Tmux
from typer.testing import CliRunner

ROOT = Path(__file__).parent.parent
WIDTHS = (60, 100, 200)
TODAY = "2026-12-02"
#: one run of every command that lays out tables, and of those that write paragraphs
COMMANDS = {
    "recommend": "recommend --country US --use-case transactional --direction one-way --mps 10 "
    "--daily-volume 20000 --lead-time-days 30",
    "batch": "batch examples/intake.csv --format table",
    "countries": "countries US DE BR IN",
    "matrix": "matrix",
    "report": "report --country GB --use-case otp --direction one-way --customer Acme --mps 20 "
    "--concurrency 10 --latency-ms 200 --messages 100000 --deadline-minutes 30",
    "capacity": "capacity --provider bandwidth --account-mps 5 --queue-seconds 900 "
    "--messages 20000",
    "data audit": "data audit",
}
MARK = "=====advisor-command-ends====="
BOX = re.compile("[\u2500-\u257f]")
#: an id (snake_case, as sender ids and JSON keys are), a number (1,666.7; 20,000; 0.5) or
#: a date, once the punctuation around it is taken off
TOKEN = re.compile(
    r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\d{4}-\d{2}-\d{2}"
)
PUNCTUATION = "()[]{}<>,.;:!?\"'`*•"

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="tmux is POSIX"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]


def tokens(text: str) -> Counter[str]:
    """The ids, numbers and dates of ``text``, whole words only, with how often each is shown."""
    found: Counter[str] = Counter()
    for word in BOX.sub(" ", text).split():
        word = word.strip(PUNCTUATION)
        if TOKEN.fullmatch(word):
            found[word] += 1
    return found


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@functools.cache
def unfolded(command: str) -> str:
    """``advisor COMMAND`` laid out 1,000 columns wide: nothing there needs to wrap."""
    from advisor.cli import app

    env = {"COLUMNS": "1000", "ADVISOR_TODAY": TODAY, "NO_COLOR": "1"}
    result = CliRunner().invoke(app, shlex.split(command), env=env, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def script(commands: list[str]) -> str:
    lines = [f"{shlex.quote(ADVISOR)} {command}; echo {MARK}" for command in commands]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def screens() -> dict[int, list[str]]:
    """Per width, what the terminal shows of each command (in COMMANDS' order)."""
    shown = {}
    for width in WIDTHS:
        terminal = Tmux(
            script(list(COMMANDS.values())),
            columns=width,
            cwd=str(ROOT),
            env={"ADVISOR_TODAY": TODAY, "TERM": "xterm-256color"},
        )
        try:
            assert terminal.finish() == 0
            screen = terminal.screen()
        finally:
            terminal.close()
        parts = screen.split(MARK + "\n")
        assert len(parts) == len(COMMANDS) + 1, screen[-3000:]
        shown[width] = parts[: len(COMMANDS)]
    return shown


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_id_or_number_is_split_on_the_screen(
    screens: dict[int, list[str]], name: str, width: int
) -> None:
    screen = screens[width][list(COMMANDS).index(name)]
    expected = tokens(unfolded(COMMANDS[name]))
    assert expected, "the command shows ids and numbers"
    seen = tokens(screen)
    missing = {token: count for token, count in expected.items() if seen[token] < count}
    assert not missing, f"split or missing at {width} columns: {missing}\n{screen}"


def test_a_split_token_is_noticed() -> None:
    # the check above fails on the README's old fault, an id cut by a column border (and
    # on a 60-column terminal given COLUMNS=200, which wraps the lines: 10 tokens split)
    whole = tokens("│ alphanumeric_registered │ 1,666.7 │")
    cut = tokens("│ alphanumeric_│registered │ 1,6│66.7 │")
    assert whole == Counter({"alphanumeric_registered": 1, "1,666.7": 1})
    assert not cut & whole


def test_no_escape_code_reaches_a_file_or_a_pipe_from_a_terminal(tmp_path: Path) -> None:
    # stdin and stderr are the terminal (batch draws its progress there): stdout is not
    advisor = shlex.quote(ADVISOR)
    recommend = COMMANDS["recommend"]
    runs = {
        "redirected.txt": f"{advisor} {recommend} > {tmp_path}/redirected.txt",
        "piped.txt": f"{advisor} {recommend} | cat > {tmp_path}/piped.txt",
        "output.txt": f"{advisor} {recommend} -o {tmp_path}/output.txt",
        "batch.csv": f"{advisor} batch examples/intake.csv > {tmp_path}/batch.csv",
        "batch-table.txt": f"{advisor} {COMMANDS['batch']} | cat > {tmp_path}/batch-table.txt",
        "report.html": f"{advisor} report --country DE --use-case otp --direction one-way "
        f"--no-input -o {tmp_path}/report.html",
    }
    terminal = Tmux(
        "\n".join([*runs.values(), f"{advisor} {recommend}"]),
        columns=100,
        cwd=str(ROOT),
        env={"ADVISOR_TODAY": TODAY, "TERM": "xterm-256color"},
    )
    try:
        assert terminal.finish() == 0
        coloured = terminal.screen(escapes=True)
    finally:
        terminal.close()
    assert "\x1b[" in coloured, "the terminal itself is coloured: the check below can fail"
    for name in runs:
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.strip(), name
        assert "\x1b" not in text, f"{name}: {text[text.index(chr(27)) - 80 :][:200]!r}"
