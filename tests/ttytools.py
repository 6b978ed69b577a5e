"""A child process on a pseudo-terminal, read and answered like a person would."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """A child process on a pseudo-terminal, read and answered like a person would."""

    def __init__(
        self,
        *args: str,
        term: str = "dumb",
        columns: int | None = None,
        env: dict[str, str] | None = None,
        argv: list[str] | None = None,
    ) -> None:
        """``advisor ARGS`` (or ``argv``) on a terminal ``columns`` wide.

        Without ``columns`` the terminal is 80 columns and ``COLUMNS=100`` is set; with
        it, the terminal itself has that width and ``COLUMNS`` is not set. ``env`` adds
        to (or, with a value of "", removes from) the environment.
        """
        import fcntl
        import pty
        import struct
        import termios

        self.master, slave = pty.openpty()
        base = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
        environment = {**base, "TERM": term}
        if columns is None:
            environment["COLUMNS"] = "100"
        else:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        for key, value in (env or {}).items():
            if value:
                environment[key] = value
            else:
                environment.pop(key, None)
        env = environment
        self.process = subprocess.Popen(
            argv or [sys.executable, "-m", "advisor", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.seen = ""
        #: everything the terminal received, escape codes and all
        self.raw = ""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            return False
        if not chunk:
            return False
        text = chunk.decode("utf-8", errors="replace")
        self.raw += text
        self.seen += ANSI.sub("", text).replace("\r", "")
        return True

    def expect(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {text!r}; the terminal shows:\n{self.seen}")
            self._read(0.2)
        self.seen = self.seen[self.seen.index(text) + len(text) :]

    def answer(self, text: str) -> None:
        os.write(self.master, (text + "\n").encode())

    def finish(self, timeout: float = 30) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        while self._read(0.1):
            pass
        code = self.process.wait(timeout=5)
        os.close(self.master)
        return code, self.seen
