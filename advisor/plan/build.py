"""``build_plan``: the answer for every destination of one customer, and what joins them.

Each destination is answered exactly as ``advisor report`` answers it (the engine's
first choice, never re-ranked, and its capacity plan); the plan adds the sender pool,
the opt-out scope and the go-live day of the whole plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from advisor.intake import Intake
from advisor.knowledge import KnowledgeBase
from advisor.plan.model import Destination, GoLive, Plan
from advisor.plan.pool import build_pool, opt_out_scope
from advisor.report import CapacityInputs, Report, build_report


def go_live(report: Report) -> GoLive:
    """The day a destination's first choice can be live, against the day wanted."""
    rec = report.recommendation
    wanted = rec.intake.go_live
    best = rec.best
    days = best.lead_time.days("max") if best is not None else None
    ready = None
    if days is not None:
        try:
            ready = rec.intake.today + dt.timedelta(days=days)
        except OverflowError:  # a lead time past the calendar: unknown, not a crash
            ready = None
    on_time = None if ready is None or wanted is None else ready <= wanted
    return GoLive(ready_on=ready, wanted=wanted, on_time=on_time)


def plan_ready_on(destinations: Sequence[Destination]) -> dt.date | None:
    """The day every destination can be live: None when one has no sender or no known day."""
    days = [destination.go_live.ready_on for destination in destinations]
    if not days or any(day is None for day in days):
        return None
    return max(day for day in days if day is not None)


def build_plan(
    kb: KnowledgeBase,
    intakes: Sequence[Intake],
    *,
    customer: str = "",
    provider: str | None = None,
    origins: Sequence[str] = (),
) -> Plan:
    """A plan for ``intakes`` (one per destination, in order) at ``provider`` (None: any).

    ``origins`` names where each destination was given (``--country``, ``FILE: line N``).
    """
    destinations = []
    for index, intake in enumerate(intakes):
        report = build_report(
            kb, intake, customer=customer, capacity=CapacityInputs(provider=intake.provider)
        )
        origin = origins[index] if index < len(origins) else "--country"
        destinations.append(Destination(report=report, go_live=go_live(report), origin=origin))
    return Plan(
        customer=customer.strip(),
        provider=provider,
        destinations=tuple(destinations),
        pool=build_pool(kb, provider, destinations),
        opt_out=opt_out_scope(kb, provider, destinations),
        ready_on=plan_ready_on(destinations),
        kb_as_of=kb.meta.as_of.isoformat(),
    )
