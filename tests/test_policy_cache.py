"""The content policy's cache (issue 13): the validated policy as JSON in the user's private
cache folder, read back through the same models; equal to the policy read from the YAML,
keyed by the YAML's bytes, and never used when damaged, foreign or switched off."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.cachedir import CACHE_ENV, NO_CACHE_ENV
from advisor.content import policy as policy_module
from advisor.content import policy_cache
from advisor.paths import shipped_data_dir


def _clear() -> None:
    policy_module._shipped.cache_clear()
    policy_module.shipped_body_limit.cache_clear()


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped data as the shipped data, and an empty private cache folder."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(shipped_data_dir() / "content.yaml", data / "content.yaml")
    monkeypatch.setattr(policy_module, "shipped_data_dir", lambda: data)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    _clear()
    yield data / "content.yaml"
    _clear()


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("content-*.json"))


def _from_yaml(path: Path) -> policy_module.ContentPolicy:
    return policy_module.load_content_policy(path)


def test_the_cached_policy_is_the_validated_one(shipped: Path, tmp_path: Path) -> None:
    expected = _from_yaml(shipped)
    assert policy_module.load_content_policy() == expected  # from the YAML, then cached
    (written,) = _files(tmp_path / "cache")
    assert os.stat(written).st_mode & 0o077 == 0
    source = shipped.read_bytes()
    assert policy_cache.cached_policy(source) == expected
    assert policy_cache.cached_body_limit(source) == expected.body_limit
    _clear()
    assert policy_module.shipped_body_limit() == expected.body_limit
    assert policy_module.load_content_policy() == expected


def test_a_changed_policy_file_is_read_again(shipped: Path, tmp_path: Path) -> None:
    policy_module.load_content_policy()
    text = shipped.read_text(encoding="utf-8")
    shipped.write_text(text.replace("max_characters: 1600", "max_characters: 1500"), "utf-8")
    _clear()
    assert policy_module.shipped_body_limit().max_characters == 1500
    assert len(_files(tmp_path / "cache")) == 2  # one per content


@pytest.mark.parametrize(
    "damage",
    [
        lambda lines: [b"{}", lines[1], b""],  # a body limit that does not validate
        lambda lines: [lines[0], lines[1][:-5], b""],  # cut short
        lambda lines: [lines[0], b""],  # a line missing
        lambda lines: [lines[0], lines[1].replace(b'"as_of":"', b'"as_of":"x'), b""],
    ],
)
def test_a_damaged_cache_file_is_not_used(shipped: Path, tmp_path: Path, damage: object) -> None:
    expected = _from_yaml(shipped)
    policy_module.load_content_policy()
    (written,) = _files(tmp_path / "cache")
    lines = written.read_bytes().split(b"\n")
    written.write_bytes(b"\n".join(damage(lines)))  # type: ignore[operator]
    _clear()
    assert policy_module.shipped_body_limit() == expected.body_limit
    assert policy_module.load_content_policy() == expected


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_whatever_the_cache_file_holds_nothing_unvalidated_is_returned(
    shipped: Path, tmp_path: Path, content: bytes
) -> None:
    expected = _from_yaml(shipped)
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700, exist_ok=True)
    source = shipped.read_bytes()
    (folder / f"content-{policy_cache.cache_key(source)}.json").write_bytes(content)
    limit = policy_cache.cached_body_limit(source)
    assert limit is None or isinstance(limit, policy_module.BodyLimit)
    whole = policy_cache.cached_policy(source)
    assert whole is None or isinstance(whole, policy_module.ContentPolicy)
    _clear()
    assert policy_module.shipped_body_limit() in (expected.body_limit, limit)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_others_can_write_is_not_used(shipped: Path, tmp_path: Path) -> None:
    policy_module.load_content_policy()
    (written,) = _files(tmp_path / "cache")
    source = shipped.read_bytes()
    written.chmod(0o666)
    assert policy_cache.cached_body_limit(source) is None
    written.chmod(0o600)
    (tmp_path / "cache").chmod(0o777)
    assert policy_cache.cached_body_limit(source) is None
    (tmp_path / "cache").chmod(0o700)
    link = tmp_path / "elsewhere.json"
    written.rename(link)
    written.symlink_to(link)
    assert policy_cache.cached_body_limit(source) is None


def test_no_cache_is_written_when_switched_off(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert policy_module.shipped_body_limit() == _from_yaml(shipped).body_limit
    assert not (tmp_path / "cache").exists()


def test_segments_reads_the_body_limit_without_yaml(tmp_path: Path) -> None:
    """Once cached, a ``segments --jsonl`` run imports no yaml (a real process)."""
    probe = (
        "import sys; from advisor.content.segments_lines import answer_lines; "
        "list(answer_lines(['{\"text\": \"hi\"}'])); print('yaml' in sys.modules)"
    )
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    env.pop(NO_CACHE_ENV, None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]  # the first run reads the YAML and writes the cache


def test_writing_a_cache_file_removes_what_killed_writers_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both caches write through ``write_private``: the temporary files of its kind that a
    killed process left over an hour ago go, a fresh one (a writer at work) stays."""
    from advisor.cachedir import write_private

    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    monkeypatch.setenv(CACHE_ENV, str(cache))
    stale, fresh, other = cache / ".kb-1.tmp", cache / ".kb-2.tmp", cache / ".content-3.tmp"
    for path in (stale, fresh, other):
        path.write_bytes(b"half")
    hours_ago = stale.stat().st_mtime - 7200
    os.utime(stale, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    write_private("kb-key.json", b"data\n", keep=2)
    assert (cache / "kb-key.json").read_bytes() == b"data\n"
    assert not stale.exists()
    assert fresh.exists()
    assert other.exists()  # another kind's files are its own writer's
