"""The knowledge base's cache: validated data as JSON, never code.

The validated knowledge base is cached as JSON and read back through the same pydantic
models, so a cache file can only ever hold data that validates: nothing in it runs (issue
14). The cache folder must belong to the user and be writable by nobody else; otherwise
the advisor works without it.

A cache file is, one per line: a header (the country files' glob and the signature of the
country files it was built from), the knowledge base without its countries, then each
country as ``CODE<TAB>JSON``. The knowledge base is validated when the file is read, each
country when it is first read (:class:`advisor.knowledge.lazy.LazyCountries`): a
recommendation for one country validates that country only.

The key of a cache file is the hash of the entry file (``senders.yaml``), its path and the
advisor's version; the country files are told apart by their names, sizes, modification
and change times and inode numbers (reading and hashing 221 files took longer than
validating the country a command reads; a file changed in the last two seconds is also
hashed). Two checkouts of the same data have files of
different signatures: each has a cache file of its own.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

# the folder's rules, shared with the content policy's cache (re-exported as before)
from advisor.cachedir import CACHE_ENV as CACHE_ENV
from advisor.cachedir import NO_CACHE_ENV as NO_CACHE_ENV
from advisor.cachedir import cache_dir as cache_dir
from advisor.cachedir import cache_enabled as cache_enabled
from advisor.cachedir import read_private, write_private
from advisor.errors import DataError
from advisor.knowledge.countries import Country
from advisor.knowledge.lazy import LazyCountries
from advisor.knowledge.model import KnowledgeBase

#: Cache files kept (one per knowledge base and folder: a few checkouts side by side);
#: older ones are removed when a new one is written.
CACHE_KEEP = 8
#: the layout of the cache files (part of every key: another layout is another file)
LAYOUT = "kb-json 3"
_CODE = re.compile(rb"[A-Z]{2}")


#: a file modified this recently may change again within the same timestamp: its content
#: is part of its signature (what git calls "racily clean")
RECENT_NS = 2_000_000_000


def signature(paths: Sequence[Path]) -> str:
    """What tells one state of the country files from another, without reading them.

    A file's name, size, modification and change times and inode; and, for a file changed
    in the last two seconds, a hash of its content: a file system's clock ticks coarsely,
    and a file rewritten within one tick at the same size would otherwise look unchanged.
    The same whatever the order of ``paths`` (a glob's, unsorted: sorting the strings is
    cheaper than sorting the paths).
    """
    parts = []
    now = time.time_ns()
    for path in paths:
        info = path.stat()
        part = f"{path.name}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"
        if now - max(info.st_mtime_ns, info.st_ctime_ns) < RECENT_NS:
            part += ":" + hashlib.sha256(path.read_bytes()).hexdigest()
        parts.append(part)
    return ",".join(sorted(parts))


def read_cache(
    key: str, pattern_signature: Callable[[str | None], str], fallback: Callable[[str], Country]
) -> KnowledgeBase | None:
    """The cached knowledge base of ``key``, or None (no cache, stale, damaged or foreign).

    ``pattern_signature`` gives the signature of the country files a glob names now;
    ``fallback`` validates a country from the files, for a cached one that does not.
    """
    content = read_private(f"kb-{key}.json")
    if content is None:
        return None
    try:
        header_end = content.index(b"\n")
        core_end = _line_end(content, header_end + 1)
        pattern, digest = content[:header_end].decode("utf-8").split("\t")
        if digest != pattern_signature(pattern or None):
            return None
        pending = _country_lines(content, core_end + 1)
        if pending is None:
            return None
        if pending:
            # built first, Country's schema is reused by the knowledge base's, not made twice
            Country.model_rebuild()
        kb = KnowledgeBase.model_validate_json(content[header_end + 1 : core_end])
    except (ValueError, OSError, DataError):  # stale, damaged or foreign: a slower start
        return None
    if kb.countries:
        return None
    kb.__dict__["countries"] = LazyCountries(content, pending, fallback)
    return kb


def _line_end(content: bytes, start: int) -> int:
    """Where the line that starts at ``start`` ends (its newline, or the end)."""
    end = content.find(b"\n", start)
    return len(content) if end < 0 else end


def _country_lines(content: bytes, start: int) -> dict[str, tuple[int, int]] | None:
    """Country code -> where its JSON is in ``content``, from the ``CODE<TAB>JSON`` lines
    from ``start`` on; None if one is not that.

    The lines are found, not copied: a run copies out the countries it reads only.
    """
    pending: dict[str, tuple[int, int]] = {}
    while start < len(content):
        end = _line_end(content, start)
        if end > start:
            tab = content.find(b"\t", start, end)
            code = content[start:tab]
            if tab < 0 or not _CODE.fullmatch(code) or code.decode() in pending:
                return None
            pending[code.decode()] = (tab + 1, end)
        start = end + 1
    return pending


def write_cache(key: str, kb: KnowledgeBase, digest: str) -> None:
    """Cache a knowledge base validated from its files (``digest``: their signature)."""
    pattern = kb.meta.country_files or ""
    try:
        core = kb.model_copy(update={"countries": {}})
        lines = [
            f"{pattern}\t{digest}".encode(),
            core.model_dump_json(by_alias=True).encode(),
            *(
                f"{code}\t".encode() + country.model_dump_json(by_alias=True).encode()
                for code, country in kb.countries.items()
            ),
        ]
    except ValidationError:  # nothing to cache: the files are read again next time
        return
    write_private(f"kb-{key}.json", b"\n".join(lines) + b"\n", keep=CACHE_KEEP)
