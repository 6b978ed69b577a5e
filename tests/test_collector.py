"""``advisor.collector.paused``: no collection within the block, the collector as it was after
it, also when the block fails; ``segments --jsonl`` leaves it on."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from clitools import invoke

from advisor.collector import paused


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
