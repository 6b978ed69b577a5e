"""Peak memory of the commands on large inputs, beside the floor of a Python that does nothing.

Generates large inputs from a fixed seed, runs each command on them as its own process
(as a user runs it, writing to a file), and reads the process's peak resident memory
from the kernel (``wait4``: the ``ru_maxrss`` that ``resource.getrusage(RUSAGE_CHILDREN)``
and ``/usr/bin/time -v`` report). The floor is ``python -c pass`` on the same
interpreter. Every input runs at two sizes, a tenth and the whole, so that memory that
grows with the input shows as the difference.

    python benchmarks/bench_memory.py           # the sizes below; a few minutes on 2 cores
    python benchmarks/bench_memory.py 0.1       # a tenth of them (a quick look)

- ``batch`` of a 200,000-row intake sheet (distinct customers over a few hundred
  requirement profiles, as ``bench_batch.py`` makes them), written as CSV and as JSON Lines;
- ``batch --format html`` of 100,000 rows;
- ``segments --jsonl`` and ``lint --jsonl`` of 100,000 varied messages (up to 1,600
  characters, the longest body any provider sends);
- ``segments --format json`` and ``lint --format json`` of one message of 20,000
  characters, the most the advisor analyses.

Goal: memory does not grow with the input (streaming), and stays within tens of MiB
of what importing the advisor's dependencies costs. This is a benchmark, not a test:
it prints figures and exits 1 only when a command fails.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import advisor_command, generate

SHEET_ROWS = 200_000
HTML_ROWS = 100_000
JSONL_LINES = 100_000
LONGEST_MESSAGE = 20_000  # advisor.jsonlines.MAX_MESSAGE_CHARACTERS

WORDS = [
    "your", "code", "is", "order", "shipped", "delivery", "tomorrow", "between", "and",
    "please", "reply", "STOP", "to", "opt", "out", "appointment", "confirmed", "at", "pm", "am",
    "on", "Monday", "thanks", "for", "shopping", "with", "us", "balance", "account", "payment",
    "due", "reminder", "visit", "our", "store", "today", "offer", "ends", "tonight", "save",
    "ticket", "gate", "boarding", "flight", "delayed", "new", "time", "verification", "expires",
    "in", "minutes"
]  # fmt: skip
EXTRAS = ["\u2019", "\u201c", "\u2014", "\u2026", "é", "€", "😀", "🇩🇪", "Ж", "中", "{", "^"]
USE_CASES = ["transactional", "promotional", "otp", "conversational"]


@dataclass(frozen=True)
class Result:
    seconds: float
    peak_mib: float
    code: int


def measure(command: list[str], stdout: Path | None = None) -> Result:
    """Wall seconds, peak resident MiB (from the kernel) and exit status of one process."""
    with open(stdout or os.devnull, "wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    # ru_maxrss is in KiB on Linux (bytes on macOS)
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Result(elapsed, usage.ru_maxrss / divisor, os.waitstatus_to_exitcode(status))


def message(rng: random.Random) -> str:
    length = rng.choice([20, 60, 150, 160, 300, 700, 1_600])
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < length:
        word = rng.choice(WORDS)
        if rng.random() < 0.05:
            word += rng.choice(EXTRAS)
        words.append(word)
    return " ".join(words)[:length]


def write_jsonl(path: Path, lines: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for index in range(lines):
            record = {"id": f"m{index}", "text": message(rng)}
            if rng.random() < 0.5:
                record["use_case"] = rng.choice(USE_CASES)
                record["brand"] = "Acme"
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_message(path: Path) -> None:
    rng = random.Random(5)
    text = ""
    while len(text) < LONGEST_MESSAGE:
        text += message(rng) + " "
    path.write_text(text[:LONGEST_MESSAGE], encoding="utf-8")


@dataclass(frozen=True)
class Case:
    name: str
    size: int
    unit: str
    #: (folder, size) -> the input file
    make: Callable[[Path, int], Path]
    #: (input, folder) -> the command's arguments (after ``advisor``)
    args: Callable[[Path, Path], list[str]]
    #: the command writes to stdout (captured into a file) rather than to ``-o``
    stdout: bool = False
    scales: bool = True


def sheet(folder: Path, rows: int) -> Path:
    path = folder / f"intake-{rows}.csv"
    if not path.exists():
        generate(path, rows)
    return path


def jsonl(folder: Path, lines: int) -> Path:
    path = folder / f"messages-{lines}.jsonl"
    if not path.exists():
        write_jsonl(path, lines)
    return path


def longest(folder: Path, _: int) -> Path:
    path = folder / "longest.txt"
    if not path.exists():
        write_message(path)
    return path


CASES = [
    Case("batch (csv)", SHEET_ROWS, "rows", sheet,
         lambda src, out: ["batch", str(src), "-o", str(out / "out.csv")]),
    Case("batch --format jsonl", SHEET_ROWS, "rows", sheet,
         lambda src, out: ["batch", str(src), "--format", "jsonl", "-o", str(out / "out.jsonl")]),
    Case("batch --format html", HTML_ROWS, "rows", sheet,
         lambda src, out: ["batch", str(src), "--format", "html", "-o", str(out / "out.html")]),
    Case("segments --jsonl", JSONL_LINES, "lines", jsonl,
         lambda src, _: ["segments", "--jsonl", str(src)], stdout=True),
    Case("lint --jsonl", JSONL_LINES, "lines", jsonl,
         lambda src, _: ["lint", "--jsonl", str(src)], stdout=True),
    Case("segments --format json", LONGEST_MESSAGE, "chars", longest,
         lambda src, _: ["segments", "--file", str(src), "--format", "json"],
         stdout=True, scales=False),
    Case("lint --format json", LONGEST_MESSAGE, "chars", longest,
         lambda src, _: ["lint", "--file", str(src), "--format", "json"],
         stdout=True, scales=False),
]  # fmt: skip


def main(scale: float) -> int:
    advisor = advisor_command()
    floor = measure([sys.executable, "-c", "pass"])
    imports = measure([sys.executable, "-c", "import typer, rich, pydantic, yaml, phonenumbers"])
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; advisor = {' '.join(advisor)}")
    print(f"floor: python -c pass: {floor.peak_mib:.1f} MiB; importing the dependencies: "
          f"{imports.peak_mib:.1f} MiB")  # fmt: skip
    print()
    print(f"{'command':<24} {'input':>15} {'seconds':>8} {'peak MiB':>9} {'- floor':>8} "
          f"{'growth':>8}")  # fmt: skip
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for case in CASES:
            full = max(1, int(case.size * scale)) if case.scales else case.size
            sizes = [max(1, full // 10), full] if case.scales else [full]
            peaks = []
            for size in sizes:
                source = case.make(folder, size)
                out = folder / "stdout" if case.stdout else None
                result = measure([*advisor, *case.args(source, folder)], stdout=out)
                if result.code not in (0, 1):
                    print(f"{case.name}: exit status {result.code}")
                    failed = True
                peaks.append(result.peak_mib)
                growth = f"{peaks[-1] - peaks[0]:+.1f}" if len(peaks) > 1 else ""
                print(
                    f"{case.name:<24} {size:>9,} {case.unit:<5} {result.seconds:>8.2f} "
                    f"{result.peak_mib:>9.1f} {result.peak_mib - floor.peak_mib:>8.1f} "
                    f"{growth:>8}"
                )
    print()
    print("growth: peak MiB at the full size minus at a tenth of it (streaming keeps it near 0)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))
