"""A provider's lead time that no source gives, beside what the other providers' pages say.

When the customer's provider publishes no lead time for a sender in a country (and no
source states one for the country as a whole), the figure stays unknown: another
provider's figure is never put in its place. What the other providers state is still
evidence a sales engineer must repeat (a US short code takes weeks with every provider
that gives a figure), so it is shown beside the unknown, with its sources, and the rules
can weigh it (``sender.lead_time_elsewhere_min_days``).
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.engine.language import FactValue
from advisor.knowledge import KnowledgeBase, LeadTime, TimeUnit, dated
from advisor.knowledge.countries import LeadTimeClaim
from advisor.render.cells import format_cell


def _days(value: float) -> str:
    return f"{format_cell(value)} day{'' if value == 1 else 's'}"


def _span(claims: Sequence[LeadTimeClaim]) -> str:
    """What the claims state together, in days (a bound one of them leaves out is not
    stated for the whole), or their words when they give no bound in days."""
    combined = dated.combine_durations(claims)
    least, most = combined.days("min"), combined.days("max")
    if least is not None and least == most:
        return f"state {_days(least)}"
    if least is not None and most is not None:
        return f"state {format_cell(least)}-{_days(most)}"
    if least is not None:
        return f"state at least {_days(least)}"
    if most is not None:
        return f"state up to {_days(most)}"
    return "say: " + combined.text


def unknown_for(provider: str, default: LeadTime, claims: Sequence[LeadTimeClaim]) -> LeadTime:
    """The lead time of a sender its provider gives no figure for: unknown, with the other
    providers' range beside it and their sources."""
    return LeadTime(
        text=f"unknown for {provider} (other providers {_span(claims)})",
        min=None,
        max=None,
        unit=TimeUnit.DAYS,
        source=tuple(dict.fromkeys((*default.source, *(s for c in claims for s in c.source)))),
        as_of=max((default.as_of, *(claim.as_of for claim in claims))),
    )


def elsewhere_facts(kb: KnowledgeBase, claims: Sequence[LeadTimeClaim]) -> dict[str, FactValue]:
    """``sender.lead_time_elsewhere_min_days``: the least any other provider states (None
    when there are none, or one of them states no least: then it could be a day), and
    ``sender.lead_time_elsewhere_text``: each provider's words."""
    least = dated.combine_durations(claims).days("min") if claims else None
    text = "; ".join(
        f"{', '.join(kb.providers[p].name for p in claim.providers)}: {claim.text}"
        for claim in claims
    )
    return {
        "sender.lead_time_elsewhere_min_days": least,
        "sender.lead_time_elsewhere_text": text or None,
    }
