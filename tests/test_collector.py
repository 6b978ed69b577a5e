"""``advisor.collector``: ``paused``, no collection within the block, the collector as it
was after it, also when the block fails (``segments --jsonl`` leaves it on);
``tuned_for_a_run``, a sheet's run freezes what is alive and collects less often, and
puts the settings back."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from clitools import invoke

from advisor.collector import RUN_THRESHOLD, paused, settle, tuned_for_a_run


@pytest.fixture
def collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector_restored")
@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_within_and_as_it_was_after(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled
    with pytest.raises(RuntimeError, match="failed"), paused():
        raise RuntimeError("failed")
    assert gc.isenabled() is enabled


@pytest.mark.usefixtures("collector_restored")
def test_segments_jsonl_leaves_the_collector_on(tmp_path: Path) -> None:
    gc.enable()
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"id": 1, "text": "h\\u00e9llo \\u4f60\\u597d"}\n', encoding="utf-8")
    code, _, err = invoke("segments", "--jsonl", str(lines), "-o", str(tmp_path / "out.jsonl"))
    assert (code, err) == (0, "")
    assert gc.isenabled()
    assert '"encoding":"UCS-2"' in (tmp_path / "out.jsonl").read_text(encoding="utf-8")


def test_a_run_tunes_the_collector_and_puts_it_back() -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with tuned_for_a_run():
        assert gc.get_threshold() == (RUN_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_failing_run_puts_the_collector_back() -> None:
    before = gc.get_threshold()
    with pytest.raises(KeyError), tuned_for_a_run():
        raise KeyError("a row")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_settling_freezes_what_is_alive_until_the_run_ends() -> None:
    learnt = [[index] for index in range(1000)]  # what a run keeps: containers
    with tuned_for_a_run():
        frozen = gc.get_freeze_count()
        more = [[index] for index in range(1000)]
        settle()
        assert gc.get_freeze_count() >= frozen + len(more)
    assert gc.get_freeze_count() == 0
    assert len(learnt) == len(more)  # both kept alive through the block
