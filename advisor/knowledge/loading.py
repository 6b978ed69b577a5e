"""Reading the knowledge base: the entry file, the country files, validation, a safe cache.

``data/senders.yaml`` is the entry point. Its ``meta.country_files`` names a glob
(``countries/*.yaml``) of files beside it, each a mapping of country code to
country. A user's own copy may instead hold every country under ``countries:``.

The validated knowledge base is cached as JSON and read back through the same
pydantic models, so a cache file can only ever hold data that validates: nothing
in it runs (:mod:`advisor.knowledge.cache`; each country is validated when first read).
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from advisor import __version__
from advisor.collector import paused
from advisor.errors import DataError
from advisor.knowledge.cache import (
    CACHE_ENV,
    CACHE_KEEP,
    LAYOUT,
    NO_CACHE_ENV,
    cache_enabled,
    read_cache,
    signature,
    write_cache,
)
from advisor.knowledge.countries import Country
from advisor.knowledge.model import KnowledgeBase, consistency_problems
from advisor.validation import describe

DATA_ENV = "ADVISOR_DATA"
__all__ = ["CACHE_ENV", "CACHE_KEEP", "DATA_ENV", "NO_CACHE_ENV", "cache_enabled", "load"]


def shipped_path() -> Path:
    from advisor.paths import shipped_data_dir

    return shipped_data_dir() / "senders.yaml"


def data_path(explicit: Path | None = None) -> Path:
    """The knowledge-base file to use: ``--data``, else ``ADVISOR_DATA``, else the shipped one."""
    if explicit is not None:
        return explicit
    from advisor.paths import env_path

    return env_path(DATA_ENV) or shipped_path()


# --- Files ---------------------------------------------------------------------------------------


class Files:
    """The bytes of the entry file and of every country file it names, read once."""

    def __init__(self, path: Path, content: bytes) -> None:
        self.path = path
        self.content = content
        self._paths: dict[str | None, list[Path]] = {}
        self._countries: list[tuple[Path, bytes]] | None = None
        #: the signature of the country files read, taken before reading them
        self.read_signature = ""

    def country_paths(self, pattern: str | None) -> list[Path]:
        """The country files a glob names, beside the entry file (in the directory's order)."""
        if pattern not in self._paths:
            self._paths[pattern] = _country_paths(self.path, pattern)
        return self._paths[pattern]

    def country_files(self, pattern: str | None) -> list[tuple[Path, bytes]]:
        if self._countries is None:
            from advisor.fileinput import read_bytes

            self.read_signature = self.signature(pattern)
            self._countries = [
                (path, read_bytes(path, "a YAML file", DataError))
                for path in sorted(self.country_paths(pattern))
            ]
        return self._countries

    def signature(self, pattern: str | None) -> str:
        """The signature of the country files a glob names (:func:`cache.signature`)."""
        return signature(self.country_paths(pattern))


def _country_paths(entry: Path, pattern: str | None) -> list[Path]:
    if not pattern:
        return []
    if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
        raise DataError(f"{entry}: meta.country_files: expected a glob relative to the file")
    paths = list(entry.parent.glob(pattern))
    if not paths:
        raise DataError(f"{entry}: meta.country_files: no file matches {pattern!r}")
    return paths


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256(f"advisor {__version__} {LAYOUT}".encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


# --- Validation ----------------------------------------------------------------------------------


def _parse(content: bytes, label: str) -> dict[str, Any]:
    from advisor.yamlio import load_yaml_mapping  # only on a cache miss: yaml is slow to import

    return load_yaml_mapping(content, label)


#: (code, raw entry, the file it is in, the key path of the entry in that file)
_Entry = tuple[str, Any, str, str]


def _country_entries(files: Files, raw: dict[str, Any]) -> list[_Entry]:
    """Every country: those inline under ``countries:`` and those of the country files."""
    entry = str(files.path)
    meta = raw.get("meta")
    pattern = meta.get("country_files") if isinstance(meta, dict) else None
    inline = raw.get("countries") or {}
    if not isinstance(inline, dict):
        raise DataError(f"{entry}: countries: expected a mapping")
    found: list[_Entry] = [
        (str(code), value, entry, f"countries.{code}") for code, value in inline.items()
    ]
    for path, content in files.country_files(pattern if isinstance(pattern, str) else None):
        for code, value in _parse(content, str(path)).items():
            if str(code) != path.stem:
                raise DataError(f"{path}: {code}: a country file holds the country it is named for")
            found.append((str(code), value, str(path), str(code)))
    return found


def _assemble(
    raw: dict[str, Any], entries: list[_Entry], label: str
) -> tuple[KnowledgeBase | None, list[str]]:
    """The validated knowledge base, or every problem found (one line each, naming its file)."""
    problems: list[str] = []
    countries: dict[str, Country] = {}
    origin: dict[str, str] = {}
    for code, value, where, key in entries:
        if code in origin:
            problems.append(f"{where}: {key}: already given in {origin[code]}")
            continue
        origin[code] = where
        try:
            countries[code] = Country.model_validate(value)
        except ValidationError as error:
            problems.extend(f"{where}: {key}.{line}" for line in describe(error))
    if problems:
        return None, problems
    try:
        kb = KnowledgeBase.model_validate({**raw, "countries": countries})
    except ValidationError as error:
        return None, [f"{label}: {line}" for line in describe(error)]
    return kb, [_relabel(problem, origin, label) for problem in consistency_problems(kb)]


def _relabel(problem: str, origin: dict[str, str], entry: str) -> str:
    """``countries.ES.x: ...`` -> ``data/countries/ES.yaml: ES.x: ...`` for a country file."""
    if problem.startswith("countries."):
        code = problem.split(".", 2)[1].split(":")[0]
        where = origin.get(code)
        if where and where != entry:
            return f"{where}: {problem.removeprefix('countries.')}"
    return f"{entry}: {problem}"


def _one(problems: list[str]) -> str:
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


def build(files: Files) -> tuple[KnowledgeBase | None, list[str]]:
    """The validated knowledge base of the files, or every problem found."""
    raw = _parse(files.content, str(files.path))
    return _assemble(raw, _country_entries(files, raw), str(files.path))


def country_codes(content: bytes, label: str) -> list[str] | None:
    """The countries a country file holds (``BR: {...}``), or None for a knowledge-base file."""
    raw = _parse(content, label)
    codes = [str(code) for code in raw]
    if codes and all(len(c) == 2 and c.isascii() and c.isupper() for c in codes):
        return codes
    return None  # a knowledge-base file: meta, senders, rules, ...


def build_with_country(
    files: Files, path: Path, content: bytes
) -> tuple[KnowledgeBase | None, list[str]]:
    """The knowledge base of ``files`` with the country file at ``path`` read from ``content``,
    in place of the file it stands for (or of its countries, wherever they are): one country
    file checked against the senders, rules and other countries it is used with."""
    raw = _parse(files.content, str(files.path))
    given = _parse(content, str(path))
    replaced = path.resolve() if path.exists() else None
    kept = [
        entry
        for entry in _country_entries(files, raw)
        if entry[0] not in given and (replaced is None or Path(entry[2]).resolve() != replaced)
    ]
    label = str(path)
    ours = [(str(code), value, label, str(code)) for code, value in given.items()]
    named = path.suffix in (".yaml", ".yml")  # not stdin or a pipe
    for code in (code for code, *_ in ours if named and code != path.stem):
        return None, [f"{label}: {code}: a country file holds the country it is named for"]
    return _assemble(raw, [*kept, *ours], str(files.path))


def validated(files: Files) -> KnowledgeBase:
    kb, problems = build(files)
    if problems or kb is None:
        raise DataError(_one(problems))
    return kb


def _from_mapping(raw: dict[str, Any], label: str) -> tuple[KnowledgeBase | None, list[str]]:
    meta = raw.get("meta")
    if isinstance(meta, dict) and meta.get("country_files"):
        return None, [f"{label}: meta.country_files: a mapping holds its countries inline"]
    inline = raw.get("countries") or {}
    if not isinstance(inline, dict):
        return None, [f"{label}: countries: expected a mapping"]
    entries = [(str(code), value, label, f"countries.{code}") for code, value in inline.items()]
    return _assemble(raw, entries, label)


def problems_in_mapping(raw: dict[str, Any], label: str) -> list[str]:
    """Every problem of a parsed knowledge base holding its countries inline."""
    return _from_mapping(raw, label)[1]


def validate_mapping(raw: dict[str, Any], label: str) -> KnowledgeBase:
    """A knowledge base from a parsed mapping holding every country inline (no files)."""
    kb, problems = _from_mapping(raw, label)
    if problems or kb is None:
        raise DataError(_one(problems))
    return kb


def problems_in(path: Path) -> list[str]:
    """All problems of a knowledge base, one line each (empty when it is valid)."""
    from advisor.fileinput import read_bytes

    try:
        return build(Files(path, read_bytes(path, "a YAML file", DataError)))[1]
    except DataError as error:
        return [error.message]


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> KnowledgeBase:
    from advisor.fileinput import read_bytes

    files = Files(path, read_bytes(path, "a YAML file", DataError))
    use_cache = cache_enabled()
    # one cache file per folder of files: two checkouts of the same data have country
    # files of different signatures, and would otherwise replace each other's file
    key = _digest(files.content, os.path.abspath(path).encode())[:32]
    with paused():
        if use_cache:
            cached = read_cache(key, files.signature, _from_files(files))
            if cached is not None:
                return cached
        kb = validated(files)
    if use_cache:
        write_cache(key, kb, files.read_signature)
    return kb


def _from_files(files: Files) -> Callable[[str], Country]:
    """A country validated from the files, for a cached country that does not validate."""

    @functools.cache
    def whole() -> KnowledgeBase:
        with paused():
            return validated(files)

    def country(code: str) -> Country:
        return whole().countries[code]

    return country


def load(explicit: Path | None = None) -> KnowledgeBase:
    """Load, validate and cache the knowledge base."""
    return _load(data_path(explicit))


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a knowledge-base file, as the models define it."""
    schema = KnowledgeBase.model_json_schema()
    schema["title"] = "advisor knowledge base (data/senders.yaml)"
    return schema


def country_schema() -> dict[str, Any]:
    """The JSON Schema of one country in a country file."""
    schema = Country.model_json_schema()
    schema["title"] = "advisor country (data/countries/XX.yaml)"
    return schema
