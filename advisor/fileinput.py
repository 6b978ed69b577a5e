"""Reading inputs: a file, standard input, a pipe or ``<(...)``, read once.

A pipe can be read only once, so :func:`open_seekable` spools one when its reader must
look at it twice (the encoding check of an intake sheet, a workbook's zip directory).
Errors name the input and what was expected, as :class:`InputError` (or the error type
the caller gives). Outputs are :mod:`advisor.fileio`'s.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO

from advisor.errors import AdvisorError, InputError

_CHUNK = 1024 * 1024
#: a stream spooled to be read twice stays in memory up to this size, then goes to disk.
_SPOOL_BYTES = 8 * 1024 * 1024


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


def open_seekable(source: str, kind: str, error: type[AdvisorError] = InputError) -> IO[bytes]:
    """:func:`open_input`, seekable: stdin, a pipe or a FIFO is read once into a spool.

    The spool stays in memory up to 8 MiB, then moves to an anonymous temporary file
    that the system removes when it is closed (nothing is left behind). Standard input
    is always spooled, and left open.
    """
    handle = open_input(source, kind, error)
    if source != "-":
        try:
            seekable = handle.seekable()
        except (OSError, ValueError):
            seekable = False
        if seekable:
            return handle

    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
    try:
        shutil.copyfileobj(handle, spool, _CHUNK)
    except OSError as problem:
        spool.close()
        name = "stdin" if source == "-" else source
        raise error(f"{name}: cannot read: {problem.strerror or problem}") from None
    finally:
        if source != "-":
            handle.close()
    spool.seek(0)
    return spool


def read_bytes(path: Path, kind: str, error: type[AdvisorError] = InputError) -> bytes:
    """The whole content of a file (read once: a pipe works); errors name the file."""
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
