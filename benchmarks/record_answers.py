"""Record the advisor's answers, to prove that an optimisation changes none of them.

Writes, into a folder, every answer of the scenario panel (``tests/panel/*.yaml``) as
``recommend --format json --explain`` gives it (reasons, caveats, exclusions, conflicts
and the full trace), and ``batch --format jsonl`` of a sample of the distinct-profile
sheet of ``bench_batch.py`` (every 7th of its 34,560 profiles, each under two providers
and with no provider) and of the shipped example sheet. Run it before a change and
after it, then compare the folders:

    python benchmarks/record_answers.py /tmp/before
    # ... the change ...
    python benchmarks/record_answers.py /tmp/after
    python benchmarks/record_answers.py --compare /tmp/before /tmp/after

This is a check to run by hand around an optimisation; ``tests/test_engine_fast.py``
proves the same equality on generated profiles in every test run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_batch import HEADER, advisor_command, grid  # noqa: E402

#: the day the answers are read for (the panel's day), so that the recordings compare.
TODAY = "2026-12-02"


def record_panel(folder: Path) -> int:
    from test_panel import CASES

    from advisor import knowledge
    from advisor.engine import recommend
    from advisor.intake import build_intake
    from advisor.views.recommend import recommendation_json

    kb = knowledge.load()
    answers = {}
    for _, case in CASES:
        request = {"today": TODAY, **case.request}
        rec = recommend(build_intake(request, kb), kb)
        answers[case.id] = recommendation_json(rec, kb, explain=True)
    text = json.dumps(answers, indent=1, sort_keys=True, ensure_ascii=False, default=str)
    (folder / "panel.json").write_text(text + "\n", encoding="utf-8")
    return len(answers)


def record_batch(folder: Path) -> int:
    sheet = folder / "sample.csv"
    rows = 0
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for index, profile in enumerate(grid()[::7]):
            for provider in ("", "twilio", "bandwidth"):
                cells = [f"Customer {index}", *profile[:-1], provider]
                writer.writerow(cells)
                rows += 1
    for name, source in (("sample", sheet), ("example", ROOT / "examples" / "intake.csv")):
        out = folder / f"batch-{name}.jsonl"
        command = [*advisor_command(), "batch", str(source), "--format", "jsonl", "-o", str(out)]
        command += ["--today", TODAY]
        code = subprocess.run(command, stderr=subprocess.DEVNULL, check=False).returncode
        if code not in (0, 1):
            raise SystemExit(f"advisor batch {source} exited {code}")
    return rows


def compare(before: Path, after: Path) -> int:
    failed = 0
    for name in ("panel.json", "batch-sample.jsonl", "batch-example.jsonl"):
        old = (before / name).read_text(encoding="utf-8")
        new = (after / name).read_text(encoding="utf-8")
        same = old == new
        print(f"{name}: {'identical' if same else 'DIFFERENT'} ({len(old):,} bytes)")
        failed += not same
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--compare", action="store_true", help="compare two recordings")
    args = parser.parse_args()
    if args.compare:
        return compare(*args.folders)
    folder = args.folders[0]
    folder.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now()
    cases = record_panel(folder)
    rows = record_batch(folder)
    seconds = (dt.datetime.now() - started).total_seconds()
    print(f"recorded {cases} panel answers and {rows:,} sample rows in {folder} ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
