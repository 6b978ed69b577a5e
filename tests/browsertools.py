"""Headless Chromium for the tests: a small DevTools-protocol client over a pipe, stdlib only.

Chromium started with ``--remote-debugging-pipe`` reads protocol commands on
file descriptor 3 and writes replies and events on descriptor 4, each message
one JSON text ended by a NUL byte. :class:`Browser` speaks that protocol;
:func:`check_print_layout` is the check every standalone HTML page of the
advisor must pass: its tables are all there and nothing is wider than the
printable width of an A4 page.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.render.model import Document

#: the Chromium executables looked for, in order (a path, then names on PATH).
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
A4_WIDTH_MM = 210.0
CSS_PX_PER_MM = 96 / 25.4
#: a tolerance for sub-pixel layout (a 1 px border on a fractional position).
SUBPIXEL = 0.5
TIMEOUT = 60.0


class BrowserError(RuntimeError):
    """Chromium failed to start, answered with an error, or did not answer in time."""


def find_chromium() -> str | None:
    """The Chromium executable, or None when none is installed."""
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _high_fd(fd: int) -> int:
    """A copy of ``fd`` numbered 10 or above (so that moving it to 3 or 4 clobbers nothing)."""
    copy = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return copy


class Browser:
    """One headless Chromium process, driven over ``--remote-debugging-pipe``."""

    def __init__(self, executable: str, *, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="advisor-chromium-")
        profile = Path(self._profile.name)
        self._log = (profile / "chromium.log").open("wb")
        commands_read, commands_write = map(_high_fd, os.pipe())
        replies_read, replies_write = map(_high_fd, os.pipe())

        def child_fds() -> None:  # runs in the child, before exec
            os.dup2(commands_read, 3)
            os.dup2(replies_write, 4)

        try:
            self.process = subprocess.Popen(
                [
                    executable,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-extensions",
                    "--hide-scrollbars",
                    "--mute-audio",
                    f"--user-data-dir={profile / 'profile'}",
                    "--remote-debugging-pipe",
                    "about:blank",
                ],
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=self._log,
                # Descriptors 3 and 4 are set up in the child; every other descriptor
                # Python opened is close-on-exec already.
                close_fds=False,
                preexec_fn=child_fds,
            )
        except OSError:
            for fd in (commands_write, replies_read):
                os.close(fd)
            self._log.close()
            self._profile.cleanup()
            raise
        finally:
            os.close(commands_read)
            os.close(replies_write)
        self._commands = commands_write
        self._replies = replies_read
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._last_id = 0

    # --- The protocol ---------------------------------------------------------------------------

    def _log_tail(self) -> str:
        self._log.flush()
        text = (Path(self._profile.name) / "chromium.log").read_text(errors="replace")
        return text[-2000:]

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"Chromium did not answer in {self.timeout:g} s")
            ready, _, _ = select.select([self._replies], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium closed the pipe; its log ends:\n{self._log_tail()}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        """Send one command and return its result (events that arrive meanwhile are kept)."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._commands, data) :]
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._last_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})
            self._events.append(reply)

    def wait_for(self, event: str, session: str) -> dict[str, Any]:
        """The next event of that name in that session."""
        deadline = time.monotonic() + self.timeout
        while True:
            for index, message in enumerate(self._events):
                if message.get("method") == event and message.get("sessionId") == session:
                    del self._events[index]
                    params: dict[str, Any] = message.get("params", {})
                    return params
            self._events.append(self._read_message(deadline))

    # --- Pages ----------------------------------------------------------------------------------

    def open_page(self, html: str, *, width: int, height: int, media: str) -> str:
        """Load ``html`` in a new tab of ``width`` x ``height`` CSS px; returns its session."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session: str = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.send("Page.enable", session=session)
        self.resize(session, width, height)
        self.send("Emulation.setEmulatedMedia", {"media": media}, session)
        page = Path(self._profile.name) / f"page-{target}.html"
        page.write_text(html, encoding="utf-8")
        self.send("Page.navigate", {"url": page.as_uri()}, session)
        self.wait_for("Page.loadEventFired", session)
        return session

    def resize(self, session: str, width: int, height: int) -> None:
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        self.send("Emulation.setDeviceMetricsOverride", metrics, session)

    def evaluate(self, session: str, expression: str) -> Any:
        """The JSON value of a JavaScript expression (promises are awaited)."""
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        result = self.send("Runtime.evaluate", params, session)
        if "exceptionDetails" in result:
            raise BrowserError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, session: str) -> bytes:
        params = {"format": "png", "captureBeyondViewport": True}
        data: str = self.send("Page.captureScreenshot", params, session)["data"]
        return base64.b64decode(data)

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                with contextlib.suppress(BrowserError, OSError):
                    self.send("Browser.close")
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._commands)
            os.close(self._replies)
            self._log.close()
            self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# --- The print-layout check -----------------------------------------------------------------------

#: page margins from the page's own @page rule (left and right, as CSS text).
_PAGE_MARGINS = """
(() => {
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (rule instanceof CSSPageRule) {
        return [rule.style.getPropertyValue("margin-left"),
                rule.style.getPropertyValue("margin-right")];
      }
    }
  }
  return null;
})()
"""

_MEASURE = """
document.fonts.ready.then(() => {
  const tables = [...document.querySelectorAll("table.advisor-table")];
  const cells = [...document.querySelectorAll("table.advisor-table th, table.advisor-table td")];
  const wider = [...document.body.querySelectorAll("*")]
    .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((element) => element.tagName.toLowerCase()
      + (element.className ? "." + element.className : ""));
  return {
    viewport_width: window.innerWidth,
    scroll_width: document.documentElement.scrollWidth,
    tables: tables.map((table) => {
      const box = table.getBoundingClientRect();
      const header = [...table.querySelectorAll("thead th")];
      return {
        left: box.left,
        right: box.right,
        width: box.width,
        headers: header.map((cell) => cell.innerText),
        row_headers: table.querySelectorAll("tbody th[scope=row]").length,
        rows: table.querySelectorAll("tbody tr").length,
        narrowest_column: Math.min(...header.map((cell) => cell.getBoundingClientRect().width)),
      };
    }),
    overflowing_cells: cells
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => cell.textContent.slice(0, 60)),
    wider_than_page: wider,
  };
})
"""


def _mm(value: str) -> float:
    """A CSS length of the @page rule in millimetres (mm, cm, in, pt, px)."""
    units = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}
    for unit, factor in units.items():
        if value.endswith(unit):
            return float(value[: -len(unit)]) * factor
    raise ValueError(f"cannot read the @page margin {value!r}")


@dataclass(frozen=True)
class PrintLayout:
    """What the browser measured of a page laid out for print on A4."""

    #: the printable width of an A4 page with the page's own margins, in CSS px.
    printable_width: int
    scroll_width: int
    tables: list[dict[str, Any]]
    overflowing_cells: list[str]
    wider_than_page: list[str]


def measure_print_layout(html: str, executable: str) -> PrintLayout:
    """Lay ``html`` out as Chromium prints it on A4 (print media, printable width)."""
    with Browser(executable) as browser:
        session = browser.open_page(html, width=800, height=1100, media="print")
        margins = browser.evaluate(session, _PAGE_MARGINS)
        if not margins or not all(margins):
            raise AssertionError("the page declares no @page margins: its print width is unknown")
        printable_mm = A4_WIDTH_MM - _mm(margins[0]) - _mm(margins[1])
        width = int(printable_mm * CSS_PX_PER_MM)  # rounded down: a page never gains a pixel
        browser.resize(session, width, 1100)
        measured = browser.evaluate(session, _MEASURE)
    return PrintLayout(
        printable_width=width,
        scroll_width=measured["scroll_width"],
        tables=measured["tables"],
        overflowing_cells=measured["overflowing_cells"],
        wider_than_page=measured["wider_than_page"],
    )


def headers_of(document: Document) -> list[list[str]]:
    """The column titles of each table of a document, as :func:`check_print_layout` expects."""
    return [[column.title for column in table.columns] for table in document.tables()]


def check_print_layout(
    html: str, expected_headers: Sequence[Sequence[str]], executable: str | None = None
) -> PrintLayout:
    """Assert that a standalone page prints on A4 with all its tables, and return the figures.

    ``expected_headers`` holds the column titles of each table of the page, in
    order (:func:`headers_of` the page's document): the page must have exactly
    those tables (``table.advisor-table``), each with those header cells.
    Laid out as print at the printable width of A4 (210 mm
    less the page's @page margins, at 96 CSS px to the inch), the document must
    not scroll sideways, every table must end within the page, no element may
    stick out of it and no cell's content may overflow the cell.
    """
    executable = executable or find_chromium()
    if executable is None:
        raise BrowserError("chromium is not installed")
    layout = measure_print_layout(html, executable)
    width = layout.printable_width
    found = [table["headers"] for table in layout.tables]
    assert found == [list(headers) for headers in expected_headers], f"table headers: {found}"
    assert all(table["rows"] > 0 for table in layout.tables), layout.tables
    assert layout.scroll_width <= width, f"the page is {layout.scroll_width} px wide, not {width}"
    for index, table in enumerate(layout.tables):
        assert table["left"] >= -SUBPIXEL, f"table {index} starts left of the page: {table}"
        assert table["right"] <= width + SUBPIXEL, (
            f"table {index} ends at {table['right']:.1f} px, beyond the page ({width} px)"
        )
    assert not layout.wider_than_page, f"elements wider than the page: {layout.wider_than_page}"
    assert not layout.overflowing_cells, f"cells overflow: {layout.overflowing_cells}"
    return layout


def screenshot(
    html: str, executable: str, *, width: int = 1000, selector: str | None = None, margin: int = 8
) -> bytes:
    """A PNG of the whole page as a screen shows it, ``width`` CSS px wide; with
    ``selector``, of the first element it selects only (and ``margin`` px around it)."""
    with Browser(executable) as browser:
        session = browser.open_page(html, width=width, height=800, media="screen")
        height = browser.evaluate(
            session,
            "document.fonts.ready.then(() => document.documentElement.scrollHeight)",
        )
        browser.resize(session, width, int(height))
        if selector is None:
            return browser.screenshot(session)
        box = browser.evaluate(
            session,
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return null; const r = e.getBoundingClientRect();"
            " return [r.left, r.top, r.width, r.height]; })()",
        )
        if box is None:
            raise BrowserError(f"no element matches {selector!r}")
        left, top, box_width, box_height = box
        clip = {
            "x": max(0, left - margin),
            "y": max(0, top - margin),
            "width": box_width + 2 * margin,
            "height": box_height + 2 * margin,
            "scale": 1,
        }
        params = {"format": "png", "captureBeyondViewport": True, "clip": clip}
        data: str = browser.send("Page.captureScreenshot", params, session)["data"]
        return base64.b64decode(data)
