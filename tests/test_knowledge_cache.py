"""The knowledge-base cache keeps each country apart and validates it when first read
(issue 13): a cached knowledge base answers exactly as the one validated from the files,
a country line that does not validate is taken from the files, and nothing unvalidated
is ever returned."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import knowledge
from advisor.knowledge import cache as cache_module
from advisor.knowledge import loading
from advisor.knowledge.lazy import LazyCountries


@pytest.fixture(scope="module", autouse=True)
def _settled_files() -> Iterator[None]:
    """The copies are fresh: their content would be hashed into the cache's signature
    for two seconds (``RECENT_NS``), and the cache rebuilt once after. Here no file is
    recent, but in the test that makes one so."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache_module, "RECENT_NS", 0)
        yield


@pytest.fixture(scope="module")
def shipped_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kb")
    shutil.copytree(knowledge.shipped_path().parent, folder / "data")
    return folder / "data" / "senders.yaml"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(knowledge.CACHE_ENV, str(folder))
    monkeypatch.delenv(knowledge.NO_CACHE_ENV, raising=False)
    return folder


def _built(entry: Path, monkeypatch: pytest.MonkeyPatch) -> knowledge.KnowledgeBase:
    with monkeypatch.context() as patch:
        patch.setenv(knowledge.NO_CACHE_ENV, "1")
        return loading._load.__wrapped__(entry)


def _cached(entry: Path) -> knowledge.KnowledgeBase:
    loading._load.__wrapped__(entry)  # writes the cache (or finds it)
    kb = loading._load.__wrapped__(entry)
    assert isinstance(kb.countries, LazyCountries), "the second load should read the cache"
    return kb


def test_a_country_read_is_the_only_one_validated(shipped_copy: Path, cache: Path) -> None:
    kb = _cached(shipped_copy)
    countries = kb.countries
    assert isinstance(countries, LazyCountries)
    assert "US" in countries
    assert len(countries) == len(list((shipped_copy.parent / "countries").glob("*.yaml")))
    assert not list(countries.read())
    assert countries["US"].name == "United States"
    assert [country.name for country in countries.read()] == ["United States"]
    assert countries.get("ZZ") is None
    assert not countries.complete


def test_the_cached_knowledge_base_equals_the_validated_one(
    shipped_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _built(shipped_copy, monkeypatch)
    kb = _cached(shipped_copy)
    assert list(kb.countries) == list(built.countries)  # the same order
    assert kb.countries["FR"] == built.countries["FR"]
    assert (kb.countries | {})["FR"] == built.countries["FR"]
    assert {**kb.countries}["ES"] == built.countries["ES"]
    assert dict(kb.countries) == built.countries  # every country validated to compare
    assert kb == built
    assert kb.countries.complete  # type: ignore[attr-defined]


def test_a_cached_knowledge_base_is_written_as_the_validated_one(
    shipped_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _built(shipped_copy, monkeypatch)
    kb = _cached(shipped_copy)
    kb.countries["US"]  # one read, the others not yet
    assert kb.model_dump_json() == built.model_dump_json()
    assert kb.model_dump()["countries"]["FR"] == built.model_dump()["countries"]["FR"]


@pytest.fixture(scope="module")
def built_and_cache(
    shipped_copy: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[knowledge.KnowledgeBase, Path]:
    """The knowledge base validated from the files, and a cache folder holding it."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(knowledge.CACHE_ENV, str(folder))
        patch.delenv(knowledge.NO_CACHE_ENV, raising=False)
        return loading._load.__wrapped__(shipped_copy), folder


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_source_is_found_as_in_the_whole_index(
    data: st.DataObject,
    shipped_copy: Path,
    built_and_cache: tuple[knowledge.KnowledgeBase, Path],
) -> None:
    """Whatever countries were read before, ``source`` finds what the whole index holds."""
    built, folder = built_and_cache
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(knowledge.CACHE_ENV, str(folder))
        patch.delenv(knowledge.NO_CACHE_ENV, raising=False)
        kb = loading._load.__wrapped__(shipped_copy)
    assert isinstance(kb.countries, LazyCountries)
    index = built.source_index
    codes = sorted(built.countries)
    for code in data.draw(st.lists(st.sampled_from(codes), max_size=3)):
        assert kb.countries[code] == built.countries[code]
    wanted = data.draw(st.one_of(st.sampled_from(sorted(index)), st.text(max_size=12)))
    assert kb.source(wanted) == index.get(wanted)


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def test_a_country_line_that_does_not_validate_comes_from_the_files(
    shipped_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _built(shipped_copy, monkeypatch)
    loading._load.__wrapped__(shipped_copy)
    (cached,) = cache.glob("kb-*.json")
    lines = _lines(cached)
    number = next(i for i, line in enumerate(lines) if line.startswith(b"DE\t"))
    lines[number] = b'DE\t{"name": 12, "senders": "not a mapping"}'
    cached.write_bytes(b"\n".join(lines))
    kb = loading._load.__wrapped__(shipped_copy)
    assert isinstance(kb.countries, LazyCountries)
    assert kb.countries["DE"] == built.countries["DE"]
    assert kb.countries["FR"] == built.countries["FR"]


def test_country_lines_are_found_without_the_final_newline_and_past_empty_lines(
    shipped_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The countries are found in the file's bytes (not split into lines): the last line
    may lack its newline, an empty line is skipped, and once every country is read the
    bytes are let go."""
    built = _built(shipped_copy, monkeypatch)
    loading._load.__wrapped__(shipped_copy)
    (cached,) = cache.glob("kb-*.json")
    lines = [line for line in _lines(cached) if line]
    cached.write_bytes(b"\n".join([*lines[:3], b"", *lines[3:]]))
    kb = loading._load.__wrapped__(shipped_copy)
    countries = kb.countries
    assert isinstance(countries, LazyCountries)
    last = lines[-1].split(b"\t")[0].decode()
    assert countries[last] == built.countries[last]
    assert countries == built.countries
    assert countries.complete
    assert countries._content == b""


def test_reading_a_cache_builds_country_before_the_knowledge_base(
    shipped_copy: Path, cache: Path
) -> None:
    """In a fresh process: Country's validator is built before the knowledge base's, whose
    schema then reuses Country's rather than generating it again (pydantic reuses a built
    model's schema); the countries themselves are still validated only when read."""
    loading._load.__wrapped__(shipped_copy)  # writes the cache
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from advisor.knowledge import cache, loading\n"
        "from advisor.knowledge.countries import Country\n"
        "cache.RECENT_NS = 0  # as in this module: the copied files are fresh\n"
        "from advisor.knowledge.lazy import LazyCountries\n"
        "assert not Country.__pydantic_complete__\n"
        "kb = loading._load(Path(sys.argv[1]))\n"
        "assert isinstance(kb.countries, LazyCountries)\n"
        "assert Country.__pydantic_complete__\n"
        "assert not list(kb.countries.read())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(shipped_copy)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, knowledge.CACHE_ENV: str(cache)},
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "damage",
    [
        lambda line: line.replace(b"US\t", b"us\t", 1),  # not a country code
        lambda line: line.replace(b"US\t", b"US ", 1),  # no tab
        lambda line: line + b"\n" + line,  # a country twice
    ],
)
def test_a_cache_whose_country_lines_are_not_lines_of_countries_is_not_used(
    shipped_copy: Path, cache: Path, damage: object
) -> None:
    loading._load.__wrapped__(shipped_copy)
    (cached,) = cache.glob("kb-*.json")
    lines = _lines(cached)
    number = next(i for i, line in enumerate(lines) if line.startswith(b"US\t"))
    lines[number] = damage(lines[number])  # type: ignore[operator]
    cached.write_bytes(b"\n".join(lines))
    kb = loading._load.__wrapped__(shipped_copy)
    assert not isinstance(kb.countries, LazyCountries)  # validated from the files
    assert kb.countries["US"].name == "United States"


def test_a_cache_with_countries_inside_the_knowledge_base_line_is_not_used(
    shipped_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The layout holds the countries on their own lines; one older or foreign is not read."""
    built = _built(shipped_copy, monkeypatch)
    loading._load.__wrapped__(shipped_copy)
    (cached,) = cache.glob("kb-*.json")
    header = _lines(cached)[0]
    cached.write_bytes(header + b"\n" + built.model_dump_json(by_alias=True).encode())
    kb = loading._load.__wrapped__(shipped_copy)
    assert not isinstance(kb.countries, LazyCountries)


@pytest.mark.parametrize("pattern", [b"../../*", b"/etc/*", b"nothing/*.yaml"])
def test_a_header_naming_other_files_is_not_used(
    shipped_copy: Path, cache: Path, pattern: bytes
) -> None:
    loading._load.__wrapped__(shipped_copy)
    (cached,) = cache.glob("kb-*.json")
    lines = _lines(cached)
    lines[0] = pattern + b"\t" + lines[0].split(b"\t")[1]
    cached.write_bytes(b"\n".join(lines))
    kb = loading._load.__wrapped__(shipped_copy)
    assert not isinstance(kb.countries, LazyCountries)


def test_two_copies_of_the_data_keep_a_cache_file_each(
    shipped_copy: Path, cache: Path, tmp_path: Path
) -> None:
    """Their country files differ in signature: one cache file would be rebuilt by each."""
    other = tmp_path / "other"
    shutil.copytree(shipped_copy.parent, other)
    for entry in (shipped_copy, other / "senders.yaml", shipped_copy, other / "senders.yaml"):
        loading._load.__wrapped__(entry)
    assert len(list(cache.glob("kb-*.json"))) == 2
    kb = loading._load.__wrapped__(shipped_copy)
    assert isinstance(kb.countries, LazyCountries)


def test_a_country_file_rewritten_at_once_at_the_same_size_is_seen(
    shipped_copy: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within one tick of the file system's clock, size and times may not change."""
    monkeypatch.setattr(cache_module, "RECENT_NS", 10**18)  # every file is recent
    folder = tmp_path / "data"
    shutil.copytree(shipped_copy.parent, folder)
    entry = folder / "senders.yaml"
    german = folder / "countries" / "DE.yaml"
    before = german.stat()
    loading._load.__wrapped__(entry)
    text = german.read_text(encoding="utf-8")
    german.write_text(text.replace("name: Germany", "name: Germanx"), encoding="utf-8")
    os.utime(german, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same tick
    assert loading._load.__wrapped__(entry).countries["DE"].name == "Germanx"


def test_a_recently_changed_file_is_signed_with_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    german = tmp_path / "DE.yaml"
    german.write_bytes(b"DE: {}\n")
    digest = hashlib.sha256(b"DE: {}\n").hexdigest()
    monkeypatch.setattr(cache_module, "RECENT_NS", 10**18)
    assert digest in cache_module.signature([german])
    monkeypatch.setattr(cache_module, "RECENT_NS", 0)
    assert digest not in cache_module.signature([german])


def test_the_signature_does_not_depend_on_the_order_of_the_files(shipped_copy: Path) -> None:
    """The glob's paths are not sorted for the signature (the files are read sorted)."""
    paths = sorted((shipped_copy.parent / "countries").glob("*.yaml"))[:20]
    assert cache_module.signature(paths) == cache_module.signature(paths[::-1])
    assert cache_module.signature(paths) != cache_module.signature(paths[1:])
