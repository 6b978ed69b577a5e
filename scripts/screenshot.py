"""Regenerate docs/report-sample.png and docs/capacity-chart.png: the advisor in a browser.

    python scripts/screenshot.py                          # the sample customer report
    python scripts/screenshot.py --chart                  # the queue chart of the capacity page
    python scripts/screenshot.py --html page.html         # any standalone page instead
    python scripts/screenshot.py --out other.png --width 1200

Needs Chromium (``apt-get install chromium``); the page is rendered in headless
Chromium with the test suite's DevTools client (tests/browsertools.py).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "senders.yaml"
#: the ISV guide's US example as a one-page customer report
SAMPLE = (
    "report", "--customer", "Falcon Flights", "--country", "US", "--use-case", "transactional",
    "--direction", "one-way", "--mps", "10", "--daily-volume", "20000", "--lead-time-days", "30",
    "--body", "Falcon Flights: flight FF123 now departs 9:40 from gate B12. Reply STOP to opt out.",
    "--provider", "twilio", "--concurrency", "50", "--latency-ms", "250", "--format", "html",
)  # fmt: skip
#: Bandwidth's worked example (5 MPS, its 15-minute queue, 20,000 messages) with a deadline
CHART_SAMPLE = (
    "capacity", "--provider", "bandwidth", "--account-mps", "5", "--queue-seconds", "900",
    "--messages", "20000", "--deadline-minutes", "60", "--format", "html",
)  # fmt: skip
#: the element of the capacity page the chart screenshot shows
CHART_SELECTOR = "figure.advisor-chart"

sys.path.insert(0, str(ROOT / "tests"))

from browsertools import find_chromium, screenshot  # noqa: E402


def sample_page(args: tuple[str, ...] = SAMPLE) -> str:
    """A sample page, made by the advisor from the shipped knowledge base."""
    done = subprocess.run(
        [sys.executable, "-m", "advisor", *args, "--data", str(DATA)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"advisor {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="a standalone HTML page (default: the sample)")
    parser.add_argument(
        "--chart",
        action="store_true",
        help="the queue chart of the capacity page (default out: docs/capacity-chart.png)",
    )
    parser.add_argument("--out", type=Path, help="default: docs/report-sample.png")
    parser.add_argument("--width", type=int, default=1000, help="window width in CSS px")
    options = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print("screenshot: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    if options.chart:
        html = sample_page(CHART_SAMPLE)
        options.out = options.out or ROOT / "docs" / "capacity-chart.png"
        png = screenshot(html, chromium, width=options.width, selector=CHART_SELECTOR)
    else:
        html = options.html.read_text(encoding="utf-8") if options.html else sample_page()
        options.out = options.out or ROOT / "docs" / "report-sample.png"
        png = screenshot(html, chromium, width=options.width)
    options.out.write_bytes(png)
    print(f"wrote {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
