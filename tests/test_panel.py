"""The scenario panel: realistic requests in many countries, each judged by a public source.

Every case in ``tests/panel/<CC>.yaml`` names the request, the acceptable first
choices, the senders that must be excluded (each with the id of the rule or
requirement that must exclude it), the caveats ranked senders must carry, the exit
code, and the public page, its date and the sentence that justifies the verdict. The
panel runs against the shipped knowledge base with "today" fixed, so that dated
changes are read as of that day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field

from advisor import knowledge
from advisor.engine import recommend
from advisor.intake import build_intake
from advisor.vocab import SenderId

PANEL = Path(__file__).parent / "panel"
#: The day the panel's verdicts were checked against their sources.
TODAY = dt.date(2026, 12, 2)


class Citation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(pattern=r"^https?://")
    #: the page's own date, or the day it was read when it shows none.
    date: dt.date
    #: the sentence of the page that justifies the verdict, as the page words it.
    quote: str = Field(min_length=20)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    request: dict[str, Any]
    #: acceptable first choices (empty: nothing may fit).
    first: list[SenderId]
    #: senders that must be excluded, with the rule (or country requirement) id that excludes it.
    excluded: dict[SenderId, str] = Field(default_factory=dict)
    #: senders that must be ranked with a caveat from this rule, or this country requirement.
    caveats: dict[SenderId, str] = Field(default_factory=dict)
    exit: int = Field(ge=0, le=1)
    source: Citation
    #: more pages that support the verdict.
    also: list[Citation] = Field(default_factory=list)
    note: str = ""


def _cases() -> list[tuple[str, Case]]:
    found = []
    for path in sorted(PANEL.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            case = Case.model_validate(raw)
            found.append((path.stem, case))
    return found


CASES = _cases()


@pytest.fixture(scope="module")
def kb() -> knowledge.KnowledgeBase:
    return knowledge.load()


@pytest.mark.parametrize(("country", "case"), CASES, ids=[case.id for _, case in CASES])
def test_panel_case(country: str, case: Case, kb: knowledge.KnowledgeBase) -> None:
    request = {"today": TODAY.isoformat(), **case.request}
    assert str(request["country"]).upper() == country, "a case lives in its country's file"
    rec = recommend(build_intake(request, kb), kb)
    exit_code = 0 if rec.fits else 1
    ranked = [c.sender for c in rec.recommendations]
    excluded = {e.sender: [r.rule for r in e.reasons] for e in rec.excluded}
    requirements = kb.countries[country].requirements
    caveats = {  # the rules of a sender's caveats, and the country requirements they state
        c.sender: {r.rule for r in c.caveats}
        | {q.id for q in requirements if q.text in {r.text for r in c.caveats}}
        for c in rec.recommendations
    }
    problems = []
    if exit_code != case.exit:
        problems.append(f"exit {exit_code}, expected {case.exit}")
    if case.first and (not ranked or ranked[0] not in case.first):
        problems.append(f"first choice {ranked[:1]}, expected one of {case.first}")
    for sender, rule in case.excluded.items():
        if sender not in excluded:
            problems.append(f"{sender} is not excluded (expected by {rule})")
        elif rule not in excluded[sender]:
            problems.append(f"{sender} is excluded by {excluded[sender]}, expected {rule}")
    for sender, said in case.caveats.items():
        if sender not in caveats:
            problems.append(f"{sender} is not ranked (expected with the caveat {said})")
        elif said not in caveats[sender]:
            problems.append(f"{sender} has the caveats {sorted(caveats[sender])}, not {said}")
    assert not problems, (
        f"{case.id}: " + "; ".join(problems) + f"\n  ranked: {ranked}\n  excluded: {excluded}"
        f"\n  source: {case.source.url}"
    )


def test_the_panel_is_wide_enough() -> None:
    """At least 100 cases in at least 50 countries (the issue's bar)."""
    countries = {country for country, _ in CASES}
    assert len(CASES) >= 100, len(CASES)
    assert len(countries) >= 50, len(countries)


def test_case_ids_are_unique() -> None:
    ids = [case.id for _, case in CASES]
    assert len(ids) == len(set(ids))
