"""Start-up: ``advisor recommend ... --format json`` beside importing its dependencies.

Times, as separate processes on the same machine and interleaved so that load affects
both alike, the recommend command (the knowledge base cache warm, as after the first
run) and ``python -c "import typer, rich, pydantic, yaml, phonenumbers"``; prints the
minimum and median wall times and their ratio.

    python benchmarks/bench_recommend.py [RUNS]

Goal: the command is no slower than importing those dependencies.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMAND = [
    "recommend", "--country", "US", "--use-case", "transactional", "--direction", "one-way",
    "--mps", "10", "--daily-volume", "20000", "--lead-time-days", "30", "--format", "json",
]  # fmt: skip
IMPORTS = [sys.executable, "-c", "import typer, rich, pydantic, yaml, phonenumbers"]


def advisor() -> list[str]:
    script = Path(sys.executable).with_name("advisor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main(runs: int) -> int:
    ours = [*advisor(), *COMMAND]
    wall(ours)  # warms the knowledge-base cache and the bytecode caches
    wall(IMPORTS)
    times: dict[str, list[float]] = {"advisor recommend --format json": [], "import deps": []}
    for _ in range(runs):
        times["advisor recommend --format json"].append(wall(ours))
        times["import deps"].append(wall(IMPORTS))
    print(f"python {sys.version.split()[0]}, {runs} runs each, interleaved")
    print(f"{'':34} {'min ms':>8} {'median ms':>10}")
    for name, values in times.items():
        print(f"{name:34} {min(values) * 1000:>8.1f} {statistics.median(values) * 1000:>10.1f}")
    ratio = statistics.median(times["advisor recommend --format json"]) / statistics.median(
        times["import deps"]
    )
    print(f"ratio (median): {ratio:.2f}  (goal: at most 1.00)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
