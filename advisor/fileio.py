"""Atomic output files: a reader never sees a half-written file."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TextIO

from advisor.errors import AdvisorError, InputError


@contextlib.contextmanager
def atomic_writer(path: Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """Open a temporary file beside ``path``; rename it over ``path`` only on success.

    An exception (or an interrupt) inside the block removes the temporary file and
    leaves any existing ``path`` untouched.
    """
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: cannot write: directory {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (UTF-8)."""
    with atomic_writer(path) as handle:
        handle.write(text)


def open_input(source: str, kind: str, error: type[AdvisorError] = InputError) -> IO[bytes]:
    """A file to read as bytes, or standard input for ``-``; errors name the file.

    ``kind`` says what the file should be ("a CSV file"); ``error`` is the error class
    raised (a knowledge-base file is a :class:`DataError`).
    """
    if source == "-":
        return sys.stdin.buffer
    path = Path(source)
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, expected {kind}") from None
    except OSError as problem:
        raise error(f"{path}: cannot read: {problem.strerror or problem}") from None


def read_bytes(path: Path, kind: str, error: type[AdvisorError] = InputError) -> bytes:
    """The whole content of a file; errors name the file."""
    with open_input(str(path), kind, error) as handle:
        try:
            return handle.read()
        except OSError as problem:
            raise error(f"{path}: cannot read: {problem.strerror or problem}") from None


def read_message(path: Path) -> str:
    """One message from a file: UTF-8, with one trailing line break (LF or CR LF) dropped.

    Read as bytes so that carriage returns inside the message survive: each costs a septet.
    """
    data = read_bytes(path, "a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start + 1})") from None
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith("\n"):
        return text[:-1]
    return text
