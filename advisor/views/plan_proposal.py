"""The proposal for a customer with several destinations (``batch --report-dir``).

The same :class:`~advisor.views.proposal.Proposal` as a one-country proposal, so the
same template, branding and renderers lay it out; its words come from the customer's
:class:`~advisor.plan.Plan`: per destination the sender, the day it can go live and
whether it keeps up (the one-country proposal's "Will it keep up?", per destination),
then the sender pool and how far a STOP reaches across it, and the monthly cost when
priced.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from advisor.knowledge import KnowledgeBase
from advisor.plan.model import Destination, Plan
from advisor.render.model import Block, Column, Heading, Paragraph, Table
from advisor.views.common import long_date, source_links
from advisor.views.cost import cost_blocks
from advisor.views.plan import opt_out_blocks, plan_source_ids, pool_blocks
from advisor.views.proposal import VALID_DAYS, Proposal, keeps_up, throughput_text

if TYPE_CHECKING:
    from advisor.cost.estimate import Cost


def _day(day: dt.date | None) -> str:
    return long_date(day) if day is not None else "unknown"


def _sender(destination: Destination) -> str:
    best = destination.report.recommendation.best
    return best.name if best is not None else "nothing fits"


def _capacity(destination: Destination) -> str:
    if destination.sender is None:
        return ""
    return throughput_text(destination.report)


def _on_time(destination: Destination) -> str:
    on_time = destination.go_live.on_time
    return "" if on_time is None else ("yes" if on_time else "no")


def destinations_table(plan: Plan) -> Table:
    """Per destination: its sender, the day it can be live, on time or not, its capacity."""
    return Table(
        title="Destinations",
        columns=(
            Column("country", "Country"),
            Column("sender", "Sender"),
            Column("ready", "Live by"),
            Column("on_time", "On time"),
            Column("capacity", "Capacity"),
        ),
        rows=tuple(
            (
                d.report.recommendation.country.name,
                _sender(d),
                _day(d.go_live.ready_on),
                _on_time(d),
                _capacity(d),
            )
            for d in plan.destinations
        ),
    )


def _keeps_up_per_destination(plan: Plan) -> list[Block]:
    blocks: list[Block] = [Heading("Will it keep up?", 2)]
    for destination in plan.destinations:
        said = keeps_up(destination.report)[1:]  # without its own heading
        name = destination.report.recommendation.country.name
        blocks.append(Heading(name, 3))
        blocks.extend(said or [Paragraph("Nothing fits here: see the destinations above.")])
    return blocks


def build_plan_proposal(
    plan: Plan,
    kb: KnowledgeBase,
    *,
    prepared_by: str = "",
    cost: Cost | None = None,
    valid_days: int = VALID_DAYS,
) -> Proposal:
    """A customer's plan as a proposal: every destination in one document."""
    who = plan.customer or "the customer"
    first = plan.destinations[0].report
    dated = first.dated or first.recommendation.intake.today
    senders = "; ".join(f"{d.country}: {_sender(d)}" for d in plan.destinations)
    ready = (
        f"every destination by {long_date(plan.ready_on)}"
        if plan.ready_on is not None
        else "not every destination has a known day: see the destinations"
    )
    pool = plan.pool
    pool_words = (
        f"one {pool.name} at {kb.providers[pool.provider].name}"
        if pool.name and pool.provider
        else "one pool per provider"
    )
    scope = plan.opt_out
    scope_words = scope.text
    body: list[Block] = [
        destinations_table(plan),
        *pool_blocks(pool),
        *opt_out_blocks(scope),
        *_keeps_up_per_destination(plan),
        *(cost_blocks(cost) if cost is not None else []),
    ]
    for destination in plan.destinations:
        conflicts = destination.report.recommendation.conflicts
        if destination.sender is None and conflicts is not None:
            name = destination.report.recommendation.country.name
            body += [Heading(f"{name}: nothing fits", 2), Paragraph(conflicts.summary)]
    provider = plan.provider
    return Proposal(
        title=f"SMS sender proposal for {who} in {len(plan.destinations)} countries",
        prepared_for=who,
        prepared_by=prepared_by,
        dated=dated,
        valid_until=dated + dt.timedelta(days=valid_days),
        kb_as_of=plan.kb_as_of,
        callout=(
            ("Senders", senders),
            ("Go-live", ready),
            ("Sender pool", pool_words),
            ("Opt-out scope", scope_words),
        ),
        body=tuple(body),
        closing=(),
        appendix=(),
        sources=source_links(plan_source_ids(plan), kb, provider),
    )
