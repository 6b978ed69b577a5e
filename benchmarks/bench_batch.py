"""Batch speed and memory against the floor: a plain ``csv`` read-and-write copy.

Generates intake sheets of 10,000 and 1,000,000 rows (varied, realistic: distinct
customers drawn over a few hundred requirement profiles and sample messages, as real
intake sheets repeat profiles), then times ``advisor batch FILE -o OUT`` and a plain
``csv`` copy of the same file, each as its own process, and reads each process's peak
resident memory from the kernel (``wait4``).

    python benchmarks/bench_batch.py            # 10,000 and 1,000,000 rows
    python benchmarks/bench_batch.py 50000      # other sizes

Goal: advisor within 3x the floor's time, and peak memory that does not grow with
the number of rows.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = ["US", "GB", "DE", "FR", "BR", "IN", "MX", "AU", "CA", "ES", "IT", "JP", "SG", "ZA"]
USE_CASES = ["transactional", "promotional", "otp", "conversational"]
MESSAGES = [
    "Your verification code is {n}. It expires in 10 minutes.",
    "Acme: your order {n} has shipped. Track it at acme.example/t/{n}. Reply STOP to opt out.",
    # curly quotes, a dash and an ellipsis: UCS-2 until smart encoding replaces them
    "Don\u2019t miss our \u201cSpring Sale\u201d \u2014 20% off everything\u2026 today only!",
    "Reminder: your appointment is tomorrow at 10:00. Reply C to confirm.",
    "Ihr Paket {n} kommt heute zwischen 14 und 16 Uhr.",
    "🎉 Big news! Our new store opens Saturday. Reply STOP to unsubscribe.",
]
HEADER = [
    "customer", "country", "use_case", "direction", "mps", "daily_volume",
    "lead_time_days", "priority", "voice", "sample_message", "messages", "concurrency",
    "latency_ms", "provider",
]  # fmt: skip

FLOOR = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as src, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as dst:
    writer = csv.writer(dst, lineterminator="\\r\\n")
    for row in csv.reader(src):
        writer.writerow(row)
"""


def profiles(count: int, rng: random.Random) -> list[list[str]]:
    result = []
    for _ in range(count):
        use_case = rng.choice(USE_CASES)
        both = ["one-way", "two-way"]
        direction = "two-way" if use_case == "conversational" else rng.choice(both)
        campaign = rng.random() < 0.4
        result.append(
            [
                rng.choice(COUNTRIES),
                use_case,
                direction,
                str(rng.choice([1, 5, 10, 30, 100])),
                str(rng.choice([500, 5000, 20000, 150000])),
                str(rng.choice([7, 30, 60, 120])),
                rng.choice(["deliverability", "cost"]),
                rng.choice(["no", "no", "yes"]),
                rng.choice(MESSAGES).format(n=rng.randrange(1000)),
                str(rng.choice([10000, 50000])) if campaign else "",
                "50" if campaign else "",
                "250" if campaign else "",
                rng.choice(["twilio", "bandwidth"]) if campaign else "",
            ]
        )
    return result


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = profiles(400, rng)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for index in range(rows):
            writer.writerow([f"Customer {index:07d}", *pool[rng.randrange(len(pool))]])


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident MiB and exit status of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stderr is not None:
        process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def advisor_command() -> list[str]:
    script = Path(sys.executable).with_name("advisor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]


def main(sizes: list[int]) -> int:
    print(f"python {sys.version.split()[0]}; advisor = {' '.join(advisor_command())}")
    print(f"{'rows':>10}  {'floor s':>8}  {'advisor s':>9}  {'ratio':>5}  "
          f"{'rows/s':>9}  {'floor MiB':>9}  {'advisor MiB':>11}")  # fmt: skip
    results: list[tuple[int, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in sizes:
            sheet = folder / f"intake-{rows}.csv"
            generate(sheet, rows)
            floor_s, floor_mib, _ = measure(
                [sys.executable, "-c", FLOOR, str(sheet), str(folder / "copy.csv")]
            )
            ours_s, ours_mib, code = measure(
                [*advisor_command(), "batch", str(sheet), "-o", str(folder / "out.csv")]
            )
            if code not in (0, 1):
                print(f"advisor batch failed with exit status {code}")
                return 1
            ratio = ours_s / floor_s
            results.append((rows, ratio, floor_mib, ours_mib))
            print(
                f"{rows:>10,}  {floor_s:>8.2f}  {ours_s:>9.2f}  {ratio:>5.2f}  "
                f"{rows / ours_s:>9,.0f}  {floor_mib:>9.1f}  {ours_mib:>11.1f}"
            )
    largest = max(results)
    print(
        f"time, {largest[0]:,} rows: {largest[1]:.2f}x the floor (goal: at most 3x); small "
        "sheets pay a fixed cost (start-up, one evaluation per distinct profile)"
    )
    if len(results) > 1:
        smallest = min(results)
        growth = largest[3] - smallest[3]
        print(
            f"peak memory: {smallest[3]:.1f} MiB at {smallest[0]:,} rows, {largest[3]:.1f} MiB "
            f"at {largest[0]:,} rows ({growth:+.1f} MiB for {largest[0] / smallest[0]:.0f}x "
            "the rows)"
        )
    return 0


if __name__ == "__main__":
    args = [int(arg.replace(",", "").replace("_", "")) for arg in sys.argv[1:]]
    raise SystemExit(main(args or [10_000, 1_000_000]))
