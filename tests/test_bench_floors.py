"""The floors the benchmarks time the commands against run, and say what they measure.

No timing here (issue 13: no timed unit tests): a floor that stopped working, say
because a function it calls was renamed, would otherwise show up only as a benchmark
that fails, or worse, one that times an error message.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_batch  # noqa: E402
import bench_recommend  # noqa: E402
import bench_segments  # noqa: E402


@pytest.mark.parametrize("floor", ["FLOOR", "FLOOR_ENDED", "FLOOR_WITH_KB"])
def test_the_start_up_floors_run_the_command_line_of_recommend(
    floor: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    script = getattr(bench_recommend, floor)
    done = subprocess.run(
        [sys.executable, "-c", script, *bench_recommend.COMMAND[1:]],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_the_framework_floor_of_segments_parses_its_command_line(tmp_path: Path) -> None:
    source = tmp_path / "one.jsonl"
    bench_segments.write_jsonl(["hi"], source)
    command = bench_segments.FRAMEWORK_COMMAND
    done = subprocess.run(
        [sys.executable, "-c", command, "--jsonl", str(source), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # the same arguments with one the command does not know are refused: it parses them
    refused = subprocess.run(
        [sys.executable, "-c", command, "--jsonl", str(source), "--bogus"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2


def test_the_knowledge_base_floor_reads_the_country_and_ends_as_the_advisor() -> None:
    script = bench_recommend.FLOOR_WITH_KB
    assert script.startswith("import gc\ngc.disable()\n")
    assert script.count("knowledge.load(None).countries[country]") == 1
    assert script.index("Answers(") < script.index("knowledge.load") < script.index("os._exit(0)")
    assert "knowledge" not in bench_recommend.FLOOR_ENDED
    assert "knowledge" not in bench_recommend.FLOOR


@pytest.mark.slow
def test_the_distinct_sheet_is_split_into_its_rows_and_its_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    assert bench_batch.main([300], "distinct", "csv", 1) == 0
    printed = capsys.readouterr().out
    split = [line for line in printed.splitlines() if line.startswith("split, 300 rows: ")]
    assert len(split) == 1
    assert "as many rows over 400 profiles" in split[0]
    assert "the distinct profiles add" in split[0]
