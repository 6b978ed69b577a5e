"""benchmarks/bench_segments.py says whether the advisor it times starts from bytecode."""

from __future__ import annotations

import importlib.util
import py_compile
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_segments  # noqa: E402


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "advisor").mkdir()
    (tmp_path / "advisor" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(bench_segments, "ROOT", tmp_path)
    monkeypatch.setattr(bench_segments, "ADVISOR_COMMAND", [])
    return tmp_path


def test_a_checkout_without_bytecode_compiles_at_each_start(
    checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    note = bench_segments.bytecode_note()
    assert "compiled from source at each start" in note
    assert "PYTHONDONTWRITEBYTECODE=1" in note


def test_a_checkout_with_bytecode_starts_from_it(
    checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    source = checkout / "advisor" / "__init__.py"
    py_compile.compile(str(source), cfile=importlib.util.cache_from_source(str(source)))
    assert bench_segments.bytecode_note().startswith("bytecode:        cached")
    assert "PYTHONDONTWRITEBYTECODE=unset" in bench_segments.bytecode_note()


def test_the_budget_note_splits_the_run_against_the_goal() -> None:
    timing = bench_segments.Timing
    note = bench_segments.budget_note(
        ours=timing(wall=1.2, cpu=1.2),
        one=timing(wall=0.2, cpu=0.2),
        framework=timing(wall=0.25, cpu=0.25),
        theirs=timing(wall=50.0, cpu=50.0),
        count=10_001,
    )
    # 1.0 s over 10,000 more messages: 100 us each; the goal allows 50 / 50 = 1 s in all
    assert "start-up 0.200 s" in note
    assert "bare command 0.250 s" in note
    assert "100.0 us a message" in note
    assert "allows 1.000 s in all: 25% of it for the framework, 100% for the messages" in note
