"""Inputs that can be read only once: issues 14.7 and 10.5."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import SHEET, bash, invoke, run

from advisor.knowledge import shipped_path

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and terminals")
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


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


@posix
@needs_bash
def test_data_validate_reads_a_process_substitution_once() -> None:
    done = bash('"$ADVISOR" data validate <(cat "$1")', (str(shipped_path()),))
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


def test_data_validate_reads_standard_input() -> None:
    code, out, err = invoke(
        "data", "validate", "-", input=shipped_path().read_text(encoding="utf-8")
    )
    assert (code, err) == (0, "")
    assert out.startswith("stdin is valid: ")


def test_data_validate_names_standard_input_in_its_problems() -> None:
    code, _, err = invoke("data", "validate", "-", input="meta: {}\n")
    assert code == 2
    assert err.startswith("advisor: error: stdin: ")


@posix
def test_data_validate_reads_a_pipe_on_standard_input() -> None:
    with (
        shipped_path().open("rb") as data,
        subprocess.Popen(["cat"], stdin=data, stdout=subprocess.PIPE) as cat,
    ):
        done = run("data", "validate", "-", stdin=cat.stdout)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"stdin is valid: ")
