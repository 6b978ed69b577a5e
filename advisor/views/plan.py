"""A multi-country plan as JSON and as a Document.

JSON keys (docs/json.md): ``schema_version``, ``customer``, ``provider``,
``destinations`` (input order: ``country``, ``name``, ``origin``, ``sender``,
``sender_name``, ``reasons``, ``caveats``, ``registration``, ``lead_time``,
``go_live``, ``capacity``, ``capacity_note``, ``recommendation``), ``pool``,
``go_live``, ``opt_out_scope``, ``cost``, ``sources``, ``knowledge_base``.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain
from typing import Any

from advisor.knowledge import KnowledgeBase
from advisor.plan.model import Destination, GoLive, OptOutScope, Plan, Pool
from advisor.render.cells import format_cell
from advisor.render.model import Block, BulletList, Column, Document, Heading, Paragraph, Table
from advisor.schemas import SCHEMA_VERSION
from advisor.views.capacity import capacity_json
from advisor.views.common import cited, reason_json, sources_blocks
from advisor.views.recommend import recommendation_json, source_ids

#: the version of this JSON object's shape (keys are added, never renamed).


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _go_live_json(go_live: GoLive) -> dict[str, Any]:
    return {
        "ready_on": _day(go_live.ready_on),
        "wanted": _day(go_live.wanted),
        "on_time": go_live.on_time,
    }


def _start_by(destination: Destination) -> dt.date | None:
    """The last day to start registering and still be live on the day wanted."""
    best = destination.report.recommendation.best
    wanted = destination.go_live.wanted
    days = best.lead_time.days("max") if best is not None else None
    if wanted is None or days is None:
        return None
    try:
        return wanted - dt.timedelta(days=days)
    except OverflowError:
        return None


def destination_json(destination: Destination, kb: KnowledgeBase, data: str) -> dict[str, Any]:
    report = destination.report
    rec = report.recommendation
    best = rec.best
    registration = best.registration if best is not None else None
    return {
        "country": destination.country,
        "name": rec.country.name,
        "origin": destination.origin,
        "sender": best.sender.value if best is not None else None,
        "sender_name": best.name if best is not None else None,
        "reasons": [reason_json(r) for r in best.reasons] if best is not None else [],
        "caveats": [reason_json(r) for r in best.caveats] if best is not None else [],
        "registration": None
        if registration is None
        else {
            "required": registration.required,
            "text": registration.text,
            "steps": list(registration.steps),
            "start_by": _day(_start_by(destination)),
            "ready_on": _day(destination.go_live.ready_on),
        },
        "lead_time": None
        if best is None
        else {
            "min_days": best.lead_time.days("min"),
            "max_days": best.lead_time.days("max"),
            "text": best.lead_time.text,
        },
        "go_live": _go_live_json(destination.go_live),
        "capacity": capacity_json(report.capacity, kb) if report.capacity else None,
        "capacity_note": report.capacity_note or None,
        "recommendation": recommendation_json(rec, kb, data=data),
    }


def pool_json(pool: Pool) -> dict[str, Any]:
    return {
        "provider": pool.provider,
        "name": pool.name,
        "text": pool.text,
        "senders": [
            {
                "country": s.country,
                "sender": s.sender.value,
                "name": s.name,
                "count": s.count,
                "mps_per_sender": s.mps_per_sender,
                "mps_needed": s.mps_needed,
                "meets_mps": s.meets_mps,
                "text": s.text,
                "sources": list(dict.fromkeys(s.sources)),
            }
            for s in pool.senders
        ],
        "settings": [
            {
                "id": setting.id,
                "title": setting.title,
                "reason": setting.reason,
                "countries": list(setting.countries),
                "sources": list(setting.sources),
                "as_of": setting.as_of,
            }
            for setting in pool.settings
        ],
    }


def opt_out_json(scope: OptOutScope) -> dict[str, Any]:
    return {
        "provider": scope.provider,
        "scope": scope.scope,
        "text": scope.text,
        "facts": [
            {
                "scope": fact.scope,
                "providers": list(fact.providers),
                "senders": [sender.value for sender in fact.senders],
                "countries": list(fact.countries),
                "pooled": fact.pooled,
                "text": fact.text,
                "consequence": fact.consequence,
                "sources": list(fact.sources),
                "as_of": fact.as_of,
            }
            for fact in scope.facts
        ],
    }


def plan_source_ids(plan: Plan) -> list[str]:
    ids: list[str] = []
    for destination in plan.destinations:
        ids.extend(source_ids(destination.report.recommendation))
        if destination.report.capacity is not None:
            ids.extend(destination.report.capacity.sources())
    ids.extend(plan.pool.sources)
    ids.extend(chain.from_iterable(s.sources for s in plan.pool.settings))
    ids.extend(chain.from_iterable(f.sources for f in plan.opt_out.facts))
    return ids


def plan_json(
    plan: Plan, kb: KnowledgeBase, *, data: str = "shipped", cost: dict[str, Any] | None = None
) -> dict[str, Any]:
    wanted = [d.go_live.wanted for d in plan.destinations if d.go_live.wanted is not None]
    latest_wanted = max(wanted) if wanted else None
    on_time = (
        None if plan.ready_on is None or latest_wanted is None else plan.ready_on <= latest_wanted
    )
    return {
        "schema_version": SCHEMA_VERSION,
        "customer": plan.customer or None,
        "provider": plan.provider,
        "destinations": [destination_json(d, kb, data) for d in plan.destinations],
        "pool": pool_json(plan.pool),
        "go_live": {
            "destinations": [
                {"country": d.country, **_go_live_json(d.go_live)} for d in plan.destinations
            ],
            "ready_on": _day(plan.ready_on),
            "wanted": _day(latest_wanted),
            "on_time": on_time,
        },
        "opt_out_scope": opt_out_json(plan.opt_out),
        "cost": cost,
        "sources": cited(plan_source_ids(plan), kb),
        "knowledge_base": {"file": data, "as_of": plan.kb_as_of},
    }


# --- The document --------------------------------------------------------------------------------


def _destinations_table(plan: Plan) -> Table:
    rows = []
    for d in plan.destinations:
        best = d.report.recommendation.best
        rows.append(
            (
                d.country,
                d.report.recommendation.country.name,
                best.name if best is not None else "nothing fits",
                best.sender.value if best is not None else "",
                best.lead_time.text if best is not None else "",
                _day(d.go_live.ready_on),
                None if d.go_live.on_time is None else ("yes" if d.go_live.on_time else "no"),
            )
        )
    return Table(
        title="Destinations",
        columns=(
            Column("country", "Country"),
            Column("name", "Name"),
            Column("sender", "Sender"),
            Column("id", "Id"),
            Column("lead", "Lead time"),
            Column("ready", "Ready on"),
            Column("on_time", "On time"),
        ),
        rows=tuple(rows),
    )


def pool_blocks(pool: Pool) -> list[Block]:
    title = f"Sender pool: {pool.name}" if pool.name else "Sender pool"
    blocks: list[Block] = [
        Heading(title, 2),
        Paragraph(pool.text),
        Table(
            title="Senders in the pool",
            columns=(
                Column("country", "Country"),
                Column("sender", "Sender"),
                Column("count", "How many"),
                Column("mps", "MPS each"),
                Column("needed", "MPS needed"),
                Column("note", "Note"),
            ),
            rows=tuple(
                (
                    s.country,
                    s.name,
                    s.count,
                    format_cell(s.mps_per_sender),
                    "" if s.mps_needed is None else format_cell(s.mps_needed),
                    s.text,
                )
                for s in pool.senders
            ),
        ),
    ]
    if pool.settings:
        blocks.append(
            Table(
                title="Pool settings to turn on",
                columns=(
                    Column("setting", "Setting"),
                    Column("countries", "For"),
                    Column("why", "Why"),
                ),
                rows=tuple((s.title, ", ".join(s.countries), s.reason) for s in pool.settings),
            )
        )
    return blocks


def opt_out_blocks(scope: OptOutScope) -> list[Block]:
    lead = f"Scope: {scope.scope.replace('_', ' ')}. " if scope.scope else ""
    items = tuple(f"{fact.text} ({', '.join(fact.sources)})" for fact in scope.facts)
    blocks: list[Block] = [Heading("Opt-out scope", 2), Paragraph(lead + scope.text)]
    if items:
        blocks.append(BulletList(items))
    return blocks


def plan_document(plan: Plan, kb: KnowledgeBase, extra: tuple[Block, ...] = ()) -> Document:
    who = plan.customer or "the customer"
    at = f" with {kb.providers[plan.provider].name}" if plan.provider else ""
    ready = _day(plan.ready_on) or "unknown (a destination has no sender or no known lead time)"
    blocks: list[Block] = [
        _destinations_table(plan),
        Paragraph(f"The whole plan can be live on: {ready}."),
        *pool_blocks(plan.pool),
        *opt_out_blocks(plan.opt_out),
        *extra,
    ]
    for d in plan.destinations:
        rec = d.report.recommendation
        if rec.conflicts is not None:
            blocks.append(Heading(f"{rec.country.name}: nothing fits", 2))
            blocks.append(Paragraph(rec.conflicts.summary))
    blocks.extend(sources_blocks(plan_source_ids(plan), kb))
    return Document(
        title=f"SMS sender plan for {who}{at}",
        subtitle=f"Knowledge base as of {plan.kb_as_of}",
        blocks=tuple(blocks),
    )
