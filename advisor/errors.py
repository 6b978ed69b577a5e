"""Exit codes and the errors the library raises.

Exit codes are an interface: scripts rely on them. The CLI turns every
:class:`AdvisorError` into one line on stderr and the error's exit code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``advisor`` command."""

    OK = 0
    #: recommend: nothing fits; batch: a row is invalid; lint: an error-severity finding.
    NOT_OK = 1
    #: bad usage or bad input (flags, files, the knowledge base).
    USAGE = 2


class AdvisorError(Exception):
    """Base of the errors the advisor reports to its user as one line."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
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
