"""The engine: the knowledge base's rules applied to a customer's requirements.

Submodules, along the data's path:

- :mod:`~advisor.engine.language`: the rule language and the registry of facts;
- :mod:`~advisor.engine.evaluate`: three-valued evaluation, compiled once;
- :mod:`~advisor.engine.facts`: the facts of a request, a country and a sender;
- :mod:`~advisor.engine.core`: ranking, exclusions, requirements, dated changes;
- :mod:`~advisor.engine.relax`: what relaxing a requirement would allow.

``from advisor.engine import recommend`` works; the names below are imported on
first use, so that the knowledge base (which is written in the rule language) can
import :mod:`advisor.engine.language` without loading the whole engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names as mypy sees them; at run time they load on first use
    from advisor.engine.core import Engine, engine_for, recommend
    from advisor.engine.facts import ResolvedSender, resolve_sender
    from advisor.engine.numbers import mps_route
    from advisor.engine.results import (
        Candidate,
        Change,
        Conflicts,
        Exclusion,
        Reason,
        Recommendation,
        Relaxation,
        Requirement,
        TraceEntry,
        UpcomingChange,
    )
    from advisor.engine.traffic import classify_traffic

_EXPORTS = {
    "Candidate": "advisor.engine.results",
    "Change": "advisor.engine.results",
    "Conflicts": "advisor.engine.results",
    "Exclusion": "advisor.engine.results",
    "Reason": "advisor.engine.results",
    "Recommendation": "advisor.engine.results",
    "Relaxation": "advisor.engine.results",
    "Requirement": "advisor.engine.results",
    "TraceEntry": "advisor.engine.results",
    "UpcomingChange": "advisor.engine.results",
    "ResolvedSender": "advisor.engine.facts",
    "classify_traffic": "advisor.engine.traffic",
    "mps_route": "advisor.engine.numbers",
    "resolve_sender": "advisor.engine.facts",
    "Engine": "advisor.engine.core",
    "engine_for": "advisor.engine.core",
    "recommend": "advisor.engine.core",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'advisor.engine' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(_EXPORTS)


__all__ = [
    "Candidate",
    "Change",
    "Conflicts",
    "Engine",
    "Exclusion",
    "Reason",
    "Recommendation",
    "Relaxation",
    "Requirement",
    "ResolvedSender",
    "TraceEntry",
    "UpcomingChange",
    "classify_traffic",
    "engine_for",
    "mps_route",
    "recommend",
    "resolve_sender",
]
