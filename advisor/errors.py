"""Exit codes and the errors the library raises.

Exit codes are an interface: scripts rely on them. The CLI turns every
:class:`AdvisorError` into one line on stderr and the error's exit code.
"""

from __future__ import annotations

import reprlib
from enum import IntEnum

#: the most characters of one value (a flag, a cell, a YAML node) an error message echoes.
SHOWN_CHARS = 60
#: the most characters of a whole error message: one line, never a dump of the input.
MESSAGE_CHARS = 1000


class ExitCode(IntEnum):
    """Process exit codes of the ``advisor`` command."""

    OK = 0
    #: recommend: nothing fits; batch: a row is invalid; lint: an error-severity finding.
    NOT_OK = 1
    #: bad usage or bad input (flags, files, the knowledge base), or an output that
    #: cannot be written (a full disk, a closed stdout).
    USAGE = 2
    #: an unexpected error: a bug in the advisor (the message asks for a report).
    INTERNAL = 3


class AdvisorError(Exception):
    """Base of the errors the advisor reports to its user as one line."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        message = bounded(message, MESSAGE_CHARS)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(AdvisorError):
    """A value given by the user (a flag, a prompt answer, a CSV cell) is invalid."""


class DataError(AdvisorError):
    """A knowledge-base file is missing, unreadable or does not match the schema."""


class UsageError(AdvisorError):
    """Options that cannot be used together, or a required answer that is missing."""


class OutputError(AdvisorError):
    """An output (a file, a device, standard output) cannot be written."""


def bounded(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in ``...`` when it was cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = _REPR.maxother = SHOWN_CHARS
_REPR.maxlong = SHOWN_CHARS


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """A value as an error message echoes it: its ``repr``, at most ``limit`` characters.

    The one place that formats what a user gave back to them. Only the start of a long
    text is formatted, and a container only to a few items and levels, so a 50 MB cell
    or a billion-laughs YAML costs no more than a short one.
    """
    if isinstance(value, str | bytes):
        text = repr(value[: limit + 1])
    elif isinstance(value, int) and value.bit_length() > 4 * limit:
        text = f"a whole number of about {int(value.bit_length() * 0.30103)} digits"
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        text = str(int(value))
    else:
        text = _REPR.repr(value)
    return bounded(text, limit)
