"""Pausing the garbage collector while a run makes many objects that all live on, or that
reference counting frees (issue 13).

The collector looks at every container object it tracks, again and again as they pile
up: a third of loading the knowledge base, whose objects all live on, and a seventh of
answering ``segments --jsonl``, whose answers (dicts, lists, strings, frozen dataclasses)
hold no cycles and are freed by reference counting as soon as they are written. What the
block leaves behind is collected as usual once the collector runs again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No garbage collection within the block (as it was after it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
