"""The garbage collector's settings for runs that make many objects (issue 13).

The collector looks at every container object it tracks, again and again as they pile
up. Two kinds of run pay for that without need:

- a run whose objects all live on, or hold no cycles and are freed by reference
  counting as soon as they are written: loading the knowledge base (a third of the
  load went to the collector) and answering ``segments --jsonl`` (a seventh). There the
  collector is :func:`paused`; what the block leaves behind is collected as usual once
  the collector runs again;
- a sheet's run, which keeps what it has learnt (the knowledge base, the compiled
  rules, tens of thousands of memoised answers) and makes millions of short-lived
  objects, some in cycles: a fifth of a 200,000-row run with 34,000 distinct profiles
  went to the collector. For the length of the run, what is alive when it starts is
  frozen (never walked again; it lives as long as the run anyway), a collection waits
  for more new objects (:func:`tuned_for_a_run`), and what the run learns is frozen as
  it goes (:func:`settle`). Cycles are still collected, so memory stays flat; the
  settings are put back when the run ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: new objects between two collections of the youngest generation during a sheet's run
#: (the default is 700); the older generations keep their ratios.
RUN_THRESHOLD = 10_000


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


def settle() -> None:
    """During a run, now and then: freeze what is alive (mostly what the run has learnt:
    its memoised answers, which live on), so that no later collection walks it again.

    Without it, a 200,000-row run with 34,000 distinct profiles spent 1.3 s of its 10 s
    in the collector (one full collection of 0.6 s); with it, 0.65 s. Garbage in a
    cycle that is not collected yet when it is frozen waits for the end of the run: at
    most what the last few thousand new objects hold, and peak memory is unchanged
    (293 MiB on that sheet; 530 MiB on 200,000 rows that are all distinct).
    """
    gc.freeze()


@contextlib.contextmanager
def tuned_for_a_run() -> Iterator[None]:
    """Freeze what is alive and collect less often, until the block ends (call
    :func:`settle` now and then within it)."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(RUN_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
