"""The shipped content policy's cache: the validated policy as JSON, never code.

Reading ``data/content.yaml`` costs the import of yaml and the building of every model of
:mod:`advisor.content.policy`, about 25 ms of a ``segments --jsonl`` run that needs one
section of it (the body limit). Once validated from the YAML, the policy is written to
the user's private cache folder (:mod:`advisor.cachedir`) as JSON and read back through
the same pydantic models, so a cache file can only ever hold data that validates:

- line 1: the body limit, read through :class:`~advisor.content.policy.BodyLimit` alone
  (``segments`` builds no other model);
- line 2: the whole policy, read through :class:`~advisor.content.policy.ContentPolicy`.

The key of a cache file is the hash of the YAML's bytes, the advisor's version and the
layout: a changed policy file is another key, read from the YAML (and cached) again. A
cache file that is missing, foreign, damaged or does not validate is not used.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from advisor import __version__
from advisor.cachedir import cache_enabled, read_private, write_private

if TYPE_CHECKING:
    from advisor.content.policy import BodyLimit, ContentPolicy

__all__ = ["LAYOUT", "cache_key", "cached_body_limit", "cached_policy", "write_policy"]

#: the layout of the cache files (part of every key)
LAYOUT = "content-json 1"
#: cache files kept (one per policy file's content; a few checkouts side by side)
KEEP = 4
M = TypeVar("M", bound=BaseModel)


def cache_key(source: bytes) -> str:
    """The key of the cache file of a policy file's bytes."""
    digest = hashlib.sha256(f"advisor {__version__} {LAYOUT}\n".encode())
    digest.update(source)
    return digest.hexdigest()[:32]


def _cached(source: bytes, line: int, model: type[M]) -> M | None:
    """The ``line``-th line (0: the body limit, 1: the policy) of the cache file of the
    policy file's bytes ``source``, validated through ``model``; None: none that does."""
    if not cache_enabled():
        return None
    content = read_private(f"content-{cache_key(source)}.json")
    if content is None:
        return None
    lines = content.split(b"\n")
    if len(lines) != 3 or lines[2]:
        return None
    try:
        return model.model_validate_json(lines[line])
    except ValidationError:
        return None


def cached_body_limit(source: bytes) -> BodyLimit | None:
    """The body limit cached for the policy file's bytes ``source``, or None."""
    from advisor.content.policy import BodyLimit

    return _cached(source, 0, BodyLimit)


def cached_policy(source: bytes) -> ContentPolicy | None:
    """The policy cached for the policy file's bytes ``source``, or None."""
    from advisor.content.policy import ContentPolicy

    return _cached(source, 1, ContentPolicy)


def write_policy(source: bytes, policy: ContentPolicy) -> None:
    """Cache ``policy``, validated from the policy file's bytes ``source``."""
    if not cache_enabled():
        return
    content = b"%s\n%s\n" % (
        policy.body_limit.model_dump_json().encode(),
        policy.model_dump_json().encode(),
    )
    write_private(f"content-{cache_key(source)}.json", content, keep=KEEP)
