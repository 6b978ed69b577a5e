"""Inputs that can be read only once, and progress that stays off stdout: issues 14.7,
10.5 and 10.2."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from clitools import ADVISOR, SHEET, bash, invoke, run
from kbtools import shipped_raw, write_yaml

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and terminals")
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
ESCAPE = b"\x1b"
ROWS = 5_000


def _expected_csv() -> bytes:
    done = run("batch", str(SHEET))
    assert done.returncode == 0
    return done.stdout


# --- 14.7: non-seekable inputs ------------------------------------------------------------------


@posix
@needs_bash
def test_batch_reads_a_process_substitution() -> None:
    done = bash('"$ADVISOR" batch <(cat "$1")', (str(SHEET),))
    assert done.returncode == 0, done.stderr
    assert done.stdout == _expected_csv()


@posix
def test_batch_reads_a_named_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "sheet.fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", 'cat "$1" > "$2"', "sh", str(SHEET), str(fifo)])
    try:
        done = run("batch", str(fifo))
    finally:
        writer.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout == _expected_csv()


@posix
def test_batch_reads_a_pipe_on_standard_input() -> None:
    with (
        SHEET.open("rb") as sheet,
        subprocess.Popen(["cat"], stdin=sheet, stdout=subprocess.PIPE) as cat,
    ):
        done = run("batch", "-", stdin=cat.stdout)
    assert done.returncode == 0, done.stderr
    assert done.stdout == _expected_csv()


@pytest.fixture(scope="module")
def one_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped knowledge base as one file, every country inline (what stdin can carry)."""
    return write_yaml(tmp_path_factory.mktemp("kb") / "one.yaml", shipped_raw())


@posix
@needs_bash
def test_data_validate_reads_a_process_substitution_once(one_file: Path) -> None:
    done = bash('"$ADVISOR" data validate <(cat "$1")', (str(one_file),))
    assert done.returncode == 0, done.stderr
    assert b" is valid: " in done.stdout
    assert done.stderr == b""


@posix
@needs_bash
def test_data_validate_still_reports_a_broken_file_from_a_pipe() -> None:
    done = bash('"$ADVISOR" data validate <(printf "meta: [\\n")')
    assert done.returncode == 2
    assert b"invalid YAML" in done.stderr
    assert b"Traceback" not in done.stderr


# --- 10.5: data validate - ------------------------------------------------------------------------


def test_data_validate_reads_standard_input(one_file: Path) -> None:
    code, out, err = invoke("data", "validate", "-", input=one_file.read_text(encoding="utf-8"))
    assert (code, err) == (0, "")
    assert out.startswith("stdin is valid: ")


def test_data_validate_names_standard_input_in_its_problems() -> None:
    code, _, err = invoke("data", "validate", "-", input="meta: {}\n")
    assert code == 2
    assert err.startswith("advisor: error: stdin: ")


@posix
def test_data_validate_reads_a_pipe_on_standard_input(one_file: Path) -> None:
    with (
        one_file.open("rb") as data,
        subprocess.Popen(["cat"], stdin=data, stdout=subprocess.PIPE) as cat,
    ):
        done = run("data", "validate", "-", stdin=cat.stdout)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"stdin is valid: ")


# --- 10.2: the progress bar is on stderr, only on a terminal, and covers the render step ----------


def _with_terminal_stderr(*args: str) -> tuple[int, bytes, str]:
    """Run with stdout a pipe and stderr a pseudo-terminal; what each of them received."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    process = subprocess.Popen(
        [ADVISOR, *args], stdout=subprocess.PIPE, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    seen = bytearray()

    def read_terminal() -> None:
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                if process.poll() is not None:
                    return
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    out, _ = process.communicate(timeout=180)
    reader.join(timeout=10)
    os.close(master)
    return process.returncode, out, seen.decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def large_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Over the 256 KiB that earns a bar; one profile, so it is quick to answer."""
    path = tmp_path_factory.mktemp("progress") / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("customer,country,use_case,direction,mps,daily_volume\r\n")
        for index in range(ROWS):
            handle.write(f"Customer {index:08d} of a large sheet,US,otp,one-way,5,1000\r\n")
    return path


@posix
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_progress_never_reaches_a_piped_stdout(large_sheet: Path, fmt: str) -> None:
    code, out, terminal = _with_terminal_stderr("batch", str(large_sheet), "--format", fmt)
    assert code == 0, terminal
    assert "evaluating" in terminal
    assert ESCAPE not in out
    assert out == run("batch", str(large_sheet), "--format", fmt).stdout
    assert not out.endswith(b"\n\n")
    assert f"rows read: {ROWS}" in terminal


@posix
def test_progress_covers_the_render_step(large_sheet: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    code, out, terminal = _with_terminal_stderr(
        "batch", str(large_sheet), "--format", "html", "-o", str(target)
    )
    assert (code, out) == (0, b"")
    assert "evaluating" in terminal
    assert "rendering" in terminal
    assert ESCAPE.decode() not in target.read_text(encoding="utf-8")


@posix
def test_no_progress_when_stderr_is_not_a_terminal(large_sheet: Path) -> None:
    started = time.monotonic()
    done = run("batch", str(large_sheet), "--format", "jsonl")
    assert done.returncode == 0
    assert ESCAPE not in done.stdout + done.stderr
    assert b"evaluating" not in done.stderr
    assert time.monotonic() - started < 120
