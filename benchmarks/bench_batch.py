"""Batch speed and memory against the floor: a plain ``csv`` read-and-write copy.

Times ``advisor batch FILE -o OUT`` and, as the floor, a plain ``csv`` copy of the same
file, each as its own process (end-to-end: start-up, reading, evaluating, writing), and
reads each process's peak resident memory from the kernel (``wait4``). Two kinds of
sheet:

- ``repeat`` (the default): distinct customers over a few hundred requirement profiles
  and sample messages, as real intake sheets repeat profiles;
- ``distinct``: every requirement profile of a grid of 10 countries x 4 use cases x
  2 directions x 4 MPS x 3 daily volumes x 3 lead times x 2 priorities x 2 voice x
  3 messages (34,560), drawn at random, so a 200,000-row sheet holds about 34,000 of
  them: the engine's memo barely helps and every profile is evaluated.

    python benchmarks/bench_batch.py                          # repeat: 10,000 and 1,000,000
    python benchmarks/bench_batch.py --sheet distinct 200000  # the distinct-profile sheet
    python benchmarks/bench_batch.py --format table 50000     # the terminal table, to a file
    python benchmarks/bench_batch.py --runs 3 ...             # repeat to see the spread

With ``--sheet distinct``, each run also times the advisor on a ``repeat`` sheet of as
many rows, and prints the split: what the rows cost whatever their answers (reading,
looking answers up, writing the advisor's columns, with 400 profiles to evaluate), and
what the distinct profiles add to it, each as a multiple of the copy.

Goal: advisor within 3x the floor's time (issue 13; the bar: 10x), and peak memory that
does not grow with the number of rows. The machine may be shared: the ratio (both
processes run back to back under the same load) is the figure to compare, not seconds.
"""

from __future__ import annotations

import argparse
import csv
import itertools
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


#: the grid of the distinct-profile sheet (issue 13): 34,560 requirement profiles.
GRID_COUNTRIES = ["US", "GB", "DE", "FR", "BR", "IN", "MX", "AU", "JP", "ZA"]
GRID_MPS = ["1", "10", "50", "200"]
GRID_VOLUMES = ["1000", "50000", "500000"]
GRID_LEAD_DAYS = ["7", "30", "120"]
GRID_MESSAGES = [MESSAGES[0], MESSAGES[2], MESSAGES[5]]


def grid() -> list[list[str]]:
    """Every profile of the grid, as the intake cells after the customer's name."""
    return [
        [country, use_case, direction, mps, volume, lead, priority, voice, text, "", "", "", ""]
        for country, use_case, direction, mps, volume, lead, priority, voice, text in (
            itertools.product(
                GRID_COUNTRIES,
                USE_CASES,
                ["one-way", "two-way"],
                GRID_MPS,
                GRID_VOLUMES,
                GRID_LEAD_DAYS,
                ["deliverability", "cost"],
                ["no", "yes"],
                GRID_MESSAGES,
            )
        )
    ]


def generate_distinct(path: Path, rows: int, seed: int = 13) -> int:
    """A sheet of ``rows`` drawn from the grid; returns how many distinct profiles it holds."""
    rng = random.Random(seed)
    pool = grid()
    seen: set[int] = set()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for index in range(rows):
            pick = rng.randrange(len(pool))
            seen.add(pick)
            writer.writerow([f"Customer {index:07d}", *pool[pick]])
    return len(seen)


def measure(command: list[str]) -> tuple[float, float, int, float]:
    """Wall seconds, peak resident MiB, exit status and CPU seconds of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stderr is not None:
        process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024, process.returncode, usage.ru_utime + usage.ru_stime


def advisor_command() -> list[str]:
    script = Path(sys.executable).with_name("advisor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]


def main(sizes: list[int], kind: str, fmt: str, runs: int) -> int:
    # a cache of its own: a cache shared with others' runs may miss (see bench_recommend)
    os.environ.setdefault("ADVISOR_CACHE_DIR", tempfile.mkdtemp(prefix="advisor-bench-"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; "
          f"advisor = {' '.join(advisor_command())}")  # fmt: skip
    print(f"sheet: {kind}; advisor batch --format {fmt}; floor: a csv read-and-write copy")
    print(f"{'rows':>10}  {'profiles':>8}  {'floor s':>8}  {'advisor s':>9}  {'ratio':>5}  "
          f"{'rows/s':>9}  {'floor MiB':>9}  {'advisor MiB':>11}  {'CPU ratio':>9}")  # fmt: skip
    results: list[tuple[int, float, float, float]] = []
    splits: list[str] = []
    suffix = {"csv": "csv", "jsonl": "jsonl", "json": "json", "table": "txt"}.get(fmt, fmt)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # the knowledge base's cache, built once before any timing: a user's cache is warm
        warm = folder / "warm.csv"
        warm.write_text("country,use_case,direction\nUS,otp,one-way\n", encoding="utf-8")
        measure([*advisor_command(), "batch", str(warm), "-o", str(folder / "warm-out.csv")])
        for rows in sizes:
            sheet = folder / f"intake-{rows}.csv"
            rows_alone = folder / f"repeat-{rows}.csv"
            if kind == "distinct":
                profiles_count = generate_distinct(sheet, rows)
                generate(rows_alone, rows)
            else:
                generate(sheet, rows)
                profiles_count = 400
            for _ in range(runs):
                floor_s, floor_mib, _, floor_cpu = measure(
                    [sys.executable, "-c", FLOOR, str(sheet), str(folder / "copy.csv")]
                )
                out = folder / f"out.{suffix}"
                ours_s, ours_mib, code, ours_cpu = measure(
                    [*advisor_command(), "batch", str(sheet), "--format", fmt, "-o", str(out)]
                )
                if code not in (0, 1):
                    print(f"advisor batch failed with exit status {code}")
                    return 1
                ratio = ours_s / floor_s
                results.append((rows, ratio, floor_mib, ours_mib))
                print(
                    f"{rows:>10,}  {profiles_count:>8,}  {floor_s:>8.2f}  {ours_s:>9.2f}  "
                    f"{ratio:>5.2f}  {rows / ours_s:>9,.0f}  {floor_mib:>9.1f}  {ours_mib:>11.1f}"
                    f"  {ours_cpu / floor_cpu:>9.2f}"
                )
                if kind == "distinct":
                    alone_s, _, code, alone_cpu = measure(
                        [*advisor_command(), "batch", str(rows_alone), "--format", fmt,
                         "-o", str(out)]
                    )  # fmt: skip
                    if code not in (0, 1):
                        print(f"advisor batch failed with exit status {code}")
                        return 1
                    splits.append(
                        f"split, {rows:,} rows: as many rows over 400 profiles "
                        f"{alone_s / floor_s:.2f}x the copy (CPU {alone_cpu / floor_cpu:.2f}x); "
                        f"the distinct profiles add {(ours_s - alone_s) / floor_s:.2f}x "
                        f"(CPU {(ours_cpu - alone_cpu) / floor_cpu:.2f}x)"
                    )
    for split in splits:
        print(split)
    largest = max(results)
    print(
        f"time, {largest[0]:,} rows: {largest[1]:.2f}x the floor (goal: at most 3x, bar 10x); "
        "small sheets pay a fixed cost (start-up, one evaluation per distinct profile)"
    )
    print("CPU ratio: CPU seconds (user + system) of advisor / of the floor: on a shared")
    print("machine it varies less than the wall-time ratio")
    if len(sizes) > 1:
        smallest = min(results)
        growth = largest[3] - smallest[3]
        print(
            f"peak memory: {smallest[3]:.1f} MiB at {smallest[0]:,} rows, {largest[3]:.1f} MiB "
            f"at {largest[0]:,} rows ({growth:+.1f} MiB for {largest[0] / smallest[0]:.0f}x "
            "the rows)"
        )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", help="rows (default: 10,000 and 1,000,000)")
    parser.add_argument("--sheet", choices=("repeat", "distinct"), default="repeat")
    parser.add_argument("--format", default="csv", help="advisor batch --format (default: csv)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each size (the spread)")
    args = parser.parse_args()
    sizes = [int(arg.replace(",", "").replace("_", "")) for arg in args.sizes]
    raise SystemExit(main(sizes or [10_000, 1_000_000], args.sheet, args.format, args.runs))
