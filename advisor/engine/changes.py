"""Facts of a country that change on a date, said in a sentence each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from advisor.engine.facts import context_for
from advisor.engine.results import Candidate, UpcomingChange
from advisor.intake import Intake
from advisor.knowledge import KnowledgeBase, Requirement, dated
from advisor.vocab import Availability, SenderId

#: How long after go-live a dated change is still worth telling.
CHANGES_HORIZON = dt.timedelta(days=365)

AVAILABILITY_WORDS = {
    Availability.YES: "available",
    Availability.PARTIAL: "shown as sent on some networks only",
    Availability.OVERWRITTEN: "delivered with the sender replaced",
    Availability.NO: "not available (blocked or not sold)",
    Availability.UNKNOWN: "unknown",
}


def window(intake: Intake) -> tuple[dt.date, dt.date]:
    """The days whose changes are told: from today to a year after go-live (or the last
    day a date can be: go-live may be in year 9999)."""
    go_live = intake.evaluated_on
    return intake.today, go_live + min(CHANGES_HORIZON, dt.date.max - go_live)


def dated_changes(
    kb: KnowledgeBase,
    intake: Intake,
    candidates: list[Candidate],
    name_of: Callable[[SenderId], str],
    span: Sequence[dated.DatedChange] | None = None,
) -> list[UpcomingChange]:
    """Dated changes from today to a year after go-live, each said in a sentence;
    ``span``: the country's changes in the :func:`window` (found here if not given)."""
    country = kb.countries[intake.country]
    go_live = intake.evaluated_on
    best = candidates[0] if candidates else None
    found: list[UpcomingChange] = []
    if span is None:
        span = dated.changes(country, context_for(intake), *window(intake))
    for change in span:
        before = change.on <= go_live
        if isinstance(change.claim, Requirement):
            requirement = change.claim
            word = "From" if change.starts else "Until"
            text = f"{word} {change.on}, {country.name}: {requirement.title}: {requirement.text}"
        elif change.sender is not None:
            after = AVAILABILITY_WORDS[change.after or Availability.UNKNOWN]
            earlier = AVAILABILITY_WORDS[change.before or Availability.UNKNOWN]
            text = (
                f"From {change.on}, {name_of(change.sender)} in {country.name}: {after} "
                f"(before: {earlier})"
            )
            if change.claim.note:
                text += f". {change.claim.note.rstrip('.')}"
            if before and best is not None and best.sender is not change.sender:
                text += f". The recommendation, {best.name}, takes {best.lead_time.text}"
        else:  # pragma: no cover - an availability change always names its sender
            continue
        found.append(
            UpcomingChange(
                change.on, change.sender, text.rstrip(".") + ".", before, change.claim.source
            )
        )
    return found
