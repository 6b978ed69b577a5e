"""Start-up: ``advisor recommend ... --format json`` beside importing its dependencies.

Times, as separate processes on the same machine and interleaved so that load affects
them alike, the recommend command (the knowledge base cache warm, as after the first
run) and ``python -c "import typer, rich, pydantic, yaml, phonenumbers"``; prints the
minimum and median wall times and their ratio. It also times the floor any command on
this stack pays, the floor the goal is measured against (issue 13): a typer command
with as many options (24) that does nothing but validate one small pydantic model
(typer builds a pydantic adapter per option when it parses,
and pydantic reads the installed packages' entry points the first time it builds a
schema; ``import pydantic`` alone does neither).

The package's bytecode is compiled first, as ``pip install`` does: with
PYTHONDONTWRITEBYTECODE set, an editable install would otherwise recompile every
module on every run.

    python benchmarks/bench_recommend.py [RUNS]

Goal (issue 13): the command within 1.05x the typer floor (medians). End-to-end: whole
processes; the machine may be shared, so compare the ratio, and rerun to see its spread.
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
FLOOR = """
import typer
from pydantic import BaseModel

class Answers(BaseModel):
    country: str
    use_case: str
    direction: str

app = typer.Typer()

@app.command()
def recommend(
    country: str | None = typer.Option(None, "--country"),
    use_case: str | None = typer.Option(None, "--use-case"),
    direction: str | None = typer.Option(None, "--direction"),
    mps: str | None = typer.Option(None, "--mps"),
    daily_volume: str | None = typer.Option(None, "--daily-volume"),
    lead_time_days: str | None = typer.Option(None, "--lead-time-days"),
    priority: str | None = typer.Option(None, "--priority"),
    messages_per_minute: str | None = typer.Option(None, "--messages-per-minute"),
    messages_per_day: str | None = typer.Option(None, "--messages-per-day"),
    unique_recipients: str | None = typer.Option(None, "--unique-recipients"),
    inbound_outbound_ratio: str | None = typer.Option(None, "--inbound-outbound-ratio"),
    provider: str | None = typer.Option(None, "--provider"),
    entity: str | None = typer.Option(None, "--entity"),
    go_live: str | None = typer.Option(None, "--go-live"),
    today: str | None = typer.Option(None, "--today"),
    account_mps: str | None = typer.Option(None, "--account-mps"),
    output: str | None = typer.Option(None, "--output"),
    locale: str | None = typer.Option(None, "--locale"),
    voice: bool | None = typer.Option(None, "--voice/--no-voice"),
    fmt: str = typer.Option("table", "--format"),
    explain: bool = typer.Option(False, "--explain"),
    excel: bool = typer.Option(False, "--excel"),
    no_input: bool = typer.Option(False, "--no-input"),
    data: str | None = typer.Option(None, "--data"),
) -> None:
    Answers(country=country, use_case=use_case, direction=direction)

app()
"""


def advisor() -> list[str]:
    script = Path(sys.executable).with_name("advisor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main(runs: int) -> int:
    import advisor as package

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(package.__file__).parent)],
        check=True,
    )
    ours = [*advisor(), *COMMAND]
    floor = [sys.executable, "-c", FLOOR, *COMMAND[1:]]  # the same command line
    for command in (ours, IMPORTS, floor):
        wall(command)  # warms the knowledge-base cache and the bytecode caches
    names = ("advisor recommend --format json", "import deps", "typer+pydantic floor")
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(runs):
        for name, command in zip(names, (ours, IMPORTS, floor), strict=True):
            times[name].append(wall(command))
    print(f"python {sys.version.split()[0]}, {runs} runs each, interleaved")
    print(f"{'':34} {'min ms':>8} {'median ms':>10}")
    for name, values in times.items():
        print(f"{name:34} {min(values) * 1000:>8.1f} {statistics.median(values) * 1000:>10.1f}")
    median = {name: statistics.median(values) for name, values in times.items()}
    ratio = median[names[0]] / median[names[2]]
    print(f"ratio to the typer + pydantic floor (median): {ratio:.3f}  (goal: at most 1.05)")
    print(
        f"ratio to the imports: {median[names[0]] / median[names[1]]:.2f}; "
        f"the advisor's own work above the floor: "
        f"{(median[names[0]] - median[names[2]]) * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
