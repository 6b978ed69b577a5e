"""Keeping the knowledge base right: what to review next.

``audit(kb, today, older_than, within)`` lists the countries nobody has reviewed,
the facts whose newest source is older than an age, the facts that rest on a
single source, and the dated changes coming within some days.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from advisor.errors import InputError
from advisor.knowledge.base import Sourced
from advisor.knowledge.countries import Scope
from advisor.knowledge.model import KnowledgeBase, walk

_SPAN = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$", re.IGNORECASE)
_DAYS = {"d": 1.0, "w": 7.0, "m": 365 / 12, "y": 365.0}


def parse_span(text: str, field: str) -> dt.timedelta:
    """``90d``, ``6w``, ``12m`` (a month is a twelfth of 365 days) or ``2y`` as a span."""
    match = _SPAN.match(text)
    if match is None:
        raise InputError(
            f"{field}: expected a number and a unit, d, w, m or y (e.g. 12m), got {text[:40]!r}"
        )
    return dt.timedelta(days=round(int(match.group(1)) * _DAYS[match.group(2).lower()]))


@dataclass(frozen=True, slots=True)
class Finding:
    #: the YAML path of the fact (``countries.ES.senders.short_code.available[1]``).
    path: str
    country: str | None
    as_of: dt.date | None
    sources: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Audit:
    today: dt.date
    older_than: dt.timedelta
    within: dt.timedelta
    unreviewed: tuple[str, ...]
    stale: tuple[Finding, ...]
    single_source: tuple[Finding, ...]
    upcoming: tuple[Finding, ...]


def _facts(value: Any, path: str) -> list[tuple[str, Sourced]]:
    return [(where, node) for where, node in walk(value, path) if isinstance(node, Sourced)]


def _country_of(path: str) -> str | None:
    return path.split(".")[1] if path.startswith("countries.") else None


def audit(
    kb: KnowledgeBase, today: dt.date, older_than: dt.timedelta, within: dt.timedelta
) -> Audit:
    facts = _facts(kb, "")
    # the ends of the calendar bound both (``--today 0001-01-01``, ``--within 9999y``)
    cutoff = today - min(older_than, today - dt.date.min)
    horizon = today + min(within, dt.date.max - today)
    stale: list[Finding] = []
    single: list[Finding] = []
    upcoming: list[Finding] = []
    for path, fact in facts:
        country = _country_of(path)
        if country is not None and not kb.countries[country].reviewed:
            continue  # an unreviewed country is listed once, not fact by fact
        sources = tuple(fact.source)
        if fact.as_of < cutoff:
            stale.append(Finding(path, country, fact.as_of, sources, f"as of {fact.as_of}"))
        if len(sources) == 1:
            single.append(Finding(path, country, fact.as_of, sources, f"only {sources[0]}"))
    for code, country_ in kb.countries.items():
        for path, node in walk(country_, f"countries.{code}"):
            if not isinstance(node, Scope):
                continue
            cited = tuple(node.source) if isinstance(node, Sourced) else ()
            for day, word in ((node.effective, "takes effect"), (node.until, "ends")):
                if day is not None and today < day <= horizon:
                    upcoming.append(Finding(path, code, day, cited, f"{word} on {day}"))
    unreviewed = tuple(sorted(code for code, c in kb.countries.items() if not c.reviewed))
    return Audit(
        today,
        older_than,
        within,
        unreviewed,
        tuple(stale),
        tuple(single),
        tuple(sorted(upcoming, key=lambda finding: (finding.as_of or today, finding.path))),
    )


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "country": finding.country,
        "date": finding.as_of.isoformat() if finding.as_of else None,
        "sources": list(finding.sources),
        "text": finding.text,
    }


def audit_json(result: Audit) -> dict[str, Any]:
    return {
        "today": result.today.isoformat(),
        "older_than_days": result.older_than.days,
        "within_days": result.within.days,
        "unreviewed": list(result.unreviewed),
        "stale": [_finding_json(f) for f in result.stale],
        "single_source": [_finding_json(f) for f in result.single_source],
        "upcoming": [_finding_json(f) for f in result.upcoming],
    }
