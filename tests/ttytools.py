"""A child process on a pseudo-terminal, read and answered like a person would."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time

from clitools import signals_as

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
            preexec_fn=signals_as(),  # a terminal's foreground job: Ctrl-C is SIGINT
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


class Tmux:
    """A tmux terminal ``columns`` wide running a shell script, read as a person sees it.

    Unlike :class:`Terminal` (a pseudo-terminal whose bytes are read raw), tmux is a
    terminal emulator: a line longer than the window wraps on its screen as in any
    terminal, so :meth:`screen` is what the user reads, line by line.
    """

    def __init__(self, script: str, *, columns: int, cwd: str, env: dict[str, str]) -> None:
        import shlex
        import tempfile

        self.folder = tempfile.mkdtemp(prefix="advisor-tmux-")
        config = os.path.join(self.folder, "tmux.conf")
        with open(config, "w", encoding="utf-8") as file:
            file.write("set -g history-limit 100000\nset -g remain-on-exit on\nset -g status off\n")
        self.socket = os.path.join(self.folder, "socket")
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        command = f"cd {shlex.quote(cwd)} && env -u COLUMNS -u NO_COLOR -u FORCE_COLOR {exports} "
        command += f"bash --norc --noprofile -c {shlex.quote(script)}"
        # the script's status, in a file: tmux may mark a pane dead without one
        self.status = os.path.join(self.folder, "status")
        command += f"; echo $? > {self.status}.tmp && mv {self.status}.tmp {self.status}"
        self._tmux("-f", config, "new-session", "-d", "-x", str(columns), "-y", "50", command)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def finish(self, timeout: float = 300) -> int:
        """Wait for the script to end and its output to be on the screen; its exit status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(self.status) and self._tmux("display", "-p", "#{pane_dead}") == "1\n":
                with open(self.status, encoding="utf-8") as file:
                    return int(file.read())
            time.sleep(0.3)
        raise AssertionError(f"the script did not end in {timeout} s:\n{self.screen()}")

    def screen(self, *, escapes: bool = False) -> str:
        """Every line the terminal shows, scrolled-off ones included (``escapes``: with
        the colour codes tmux holds for them)."""
        return self._tmux("capture-pane", "-p", "-S", "-", "-E", "-", *(["-e"] if escapes else []))

    def close(self) -> None:
        import shutil

        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)
