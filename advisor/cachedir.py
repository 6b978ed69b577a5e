"""The user's cache folder: private to the user, or not used (issue 14).

The knowledge base (:mod:`advisor.knowledge.cache`) and the content policy
(:mod:`advisor.content.policy_cache`) keep validated data there as JSON, read back through
their pydantic models: never code. A folder or file that another user can write is not
used; a cache file is opened without following a symbolic link.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

__all__ = [
    "CACHE_ENV",
    "NO_CACHE_ENV",
    "cache_dir",
    "cache_enabled",
    "private",
    "read_private",
    "safe_cache_dir",
    "write_private",
]

CACHE_ENV = "ADVISOR_CACHE_DIR"
NO_CACHE_ENV = "ADVISOR_NO_CACHE"
_FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured)
    from platformdirs import user_cache_path

    return user_cache_path("advisor", appauthor=False)


def cache_enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() in _FALSE_WORDS


def private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def safe_cache_dir(create: bool) -> Path | None:
    """The cache folder when it is private to the user (created 0700 if asked); else None."""
    directory = cache_dir()
    try:
        if create:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = directory.stat(follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or not private(info):
        return None
    return directory


def read_private(name: str) -> bytes | None:
    """The bytes of the cache file ``name`` when the folder and the file are private to the
    user (the file not a symbolic link), or None."""
    directory = safe_cache_dir(create=False)
    if directory is None:
        return None
    try:
        fd = os.open(directory / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not private(os.fstat(handle.fileno())):
            return None
        return handle.read()


def write_private(name: str, content: bytes, *, keep: int) -> None:
    """Write the cache file ``name`` in the private cache folder (created if need be) at
    once, through a temporary file, and remove the oldest files of the same kind (the
    same name up to its first ``-``) beyond ``keep``, and the temporary files of that kind
    a killed process left over an hour ago. A read-only or full disk is no reason to fail:
    the cache is then not written."""
    directory = safe_cache_dir(create=True)
    if directory is None:
        return
    import tempfile

    kind = name.partition("-")[0]
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, directory / name)
        tmp = None
        files = sorted(
            directory.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
        for old in files[keep:]:
            old.unlink(missing_ok=True)
        hour_ago = time.time() - 3600
        for stale in directory.glob(f".{kind}-*.tmp"):
            if stale.stat().st_mtime < hour_ago:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
