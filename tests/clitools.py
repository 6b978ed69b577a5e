"""Running the advisor as users do: in-process through typer's runner, or as a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

#: the console script of the environment the tests run in (``.venv/bin/advisor``).
ADVISOR = str(Path(sys.executable).with_name("advisor"))
SHEETS = Path(__file__).parent / "sheets"
#: 50 rows, customers "Customer 0" to "Customer 49"
SHEET = SHEETS / "repeated_profiles.csv"
runner = CliRunner()


def invoke(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    """The CLI in-process; exceptions are not caught (a traceback fails the test)."""
    from advisor.cli import app

    result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def run(*args: str, **popen: Any) -> subprocess.CompletedProcess[bytes]:
    """``advisor ARGS`` as a real process (a minute at most)."""
    popen.setdefault("capture_output", "stdout" not in popen and "stderr" not in popen)
    return subprocess.run([ADVISOR, *args], timeout=120, check=False, **popen)


def bash(
    script: str, args: tuple[str, ...] = (), **popen: Any
) -> subprocess.CompletedProcess[bytes]:
    """A bash script (process substitution, closed descriptors) with ``$@`` set to ``args``;
    ``$ADVISOR`` is the CLI."""
    env = {**os.environ, "ADVISOR": ADVISOR}
    return subprocess.run(
        ["bash", "-c", script, "bash", *args],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
        **popen,
    )


def one_error_line(stderr: str | bytes) -> str:
    """The single line an error prints on stderr (no traceback, nothing else)."""
    text = stderr.decode("utf-8") if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("advisor: "), text
    return lines[0]


def signals_as(ignored: tuple[signal.Signals, ...] = ()) -> Callable[[], None]:
    """For ``preexec_fn``: in the child, before the advisor starts, SIGINT, SIGTERM and
    SIGHUP at their defaults but for those ``ignored``, whatever the test runner inherited
    (``nohup pytest`` ignores SIGHUP, a shell's background job SIGINT, and a child
    inherits an ignored signal)."""

    def child() -> None:
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_IGN if number in ignored else signal.SIG_DFL)

    return child


def big_sheet(path: Path, rows: int) -> Path:
    """An intake sheet of ``rows`` distinct customers, each with a daily volume of its own:
    as many profiles as rows (a slow sheet, for a run to be caught in the middle)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("customer,country,use_case,direction,mps,daily_volume\r\n")
        for index in range(rows):
            handle.write(f"C{index},US,otp,one-way,5,{index}\r\n")
    return path
