"""The one-page customer report as JSON and as a Document (a proposal's page).

JSON keys (docs/json.md): ``customer``, ``date`` (null unless asked for),
``recommendation`` (the ``recommend`` JSON), ``capacity`` (the ``capacity`` JSON of the
recommended sender, or null), ``capacity_note``, ``campaign``, ``message`` (the
``lint`` JSON of the sample message, or null), ``checklist`` (``title``, ``items``,
``error_rate_max_percent``, ``opt_out_rate_max_percent``, ``source``, ``as_of``),
``knowledge_base``.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from advisor.content.segments import unit_name
from advisor.knowledge import KnowledgeBase
from advisor.render.cells import format_cell, format_count
from advisor.render.model import (
    Align,
    Block,
    BulletList,
    Column,
    Document,
    Heading,
    Paragraph,
    Table,
)
from advisor.report import Report
from advisor.views.capacity import capacity_blocks, capacity_json
from advisor.views.common import reasons_list, sources_blocks
from advisor.views.recommend import all_reasons, recommendation_json
from advisor.views.recommend_document import conflict_blocks


def report_json(report: Report, kb: KnowledgeBase, *, data: str = "shipped") -> dict[str, Any]:
    checklist = report.checklist
    return {
        "customer": report.customer or None,
        "date": report.dated.isoformat() if report.dated else None,
        "recommendation": recommendation_json(report.recommendation, kb, data=data),
        "capacity": capacity_json(report.capacity, kb) if report.capacity else None,
        "capacity_note": report.capacity_note or None,
        "campaign": report.campaign or None,
        "message": report.message.to_dict() if report.message else None,
        "checklist": {
            "title": checklist.title,
            "items": [{"id": item.id, "text": item.text} for item in checklist.items],
            "error_rate_max_percent": checklist.error_rate_max_percent,
            "opt_out_rate_max_percent": checklist.opt_out_rate_max_percent,
            "source": list(checklist.source),
            "as_of": checklist.as_of.isoformat(),
        },
        "knowledge_base": {"file": data, "as_of": report.kb_as_of},
        "cost": _cost_json(report),
    }


def _cost_json(report: Report) -> dict[str, Any] | None:
    from advisor.views.cost import cost_json

    return cost_json(report.cost) if report.cost is not None else None


def _cost(report: Report) -> list[Block]:
    from advisor.views.cost import cost_blocks

    return cost_blocks(report.cost) if report.cost is not None else []


def _requirements(report: Report) -> Table:
    intake = report.recommendation.intake
    country = report.recommendation.country
    rows: list[tuple[str, str | int | float | bool | None]] = [
        ("Country", f"{country.name} ({intake.country})"),
        ("Use case", intake.use_case.value),
        ("Direction", intake.direction.value),
        ("Peak throughput", f"{format_cell(intake.mps)} MPS" if intake.mps else ""),
        ("Daily volume", intake.daily_volume if intake.daily_volume is not None else ""),
        ("Go-live in", "" if intake.lead_time_days is None else f"{intake.lead_time_days} days"),
        ("Priority", intake.priority.value),
        ("Voice on the same number", intake.voice),
    ]
    return Table(
        title="Requirements",
        columns=(Column("what", "Requirement"), Column("value", "Answer")),
        rows=tuple(rows),
        row_headers=True,
    )


def _recommendation_blocks(report: Report) -> list[Block]:
    rec = report.recommendation
    if rec.best is None:
        return conflict_blocks(rec.conflicts) if rec.conflicts else []
    best = rec.best
    blocks: list[Block] = [
        Heading("Recommendation", 2),
        Paragraph(
            f"{best.name} ({best.sender.value}). Throughput: {best.attributes.throughput.text}. "
            f"Lead time: {best.lead_time.text}."
        ),
        Paragraph("Why:"),
        reasons_list(best.reasons),
    ]
    if len(rec.recommendations) > 1:
        blocks.append(
            Table(
                title="Alternatives that also fit",
                columns=(
                    Column("name", "Sender"),
                    Column("score", "Score", Align.RIGHT),
                    Column("mps", "MPS"),
                    Column("lead", "Lead time"),
                ),
                rows=tuple(
                    (c.name, c.score, c.attributes.throughput.text, c.lead_time.text)
                    for c in rec.recommendations[1:]
                ),
            )
        )
    warnings = [c for c in best.caveats if c.severity == "warning"]
    if warnings or rec.warnings:
        blocks.append(Paragraph("Watch out for:"))
        blocks.append(reasons_list([*rec.warnings, *warnings]))
    return blocks


def _ruled_out(report: Report) -> Table:
    return Table(
        title="Ruled out",
        columns=(Column("name", "Sender"), Column("why", "Why not")),
        rows=tuple(
            (e.name, "\n".join(f"{r.text} ({r.rule})" for r in e.reasons))
            for e in report.recommendation.excluded
        ),
    )


def _going_live(report: Report) -> list[Block]:
    best = report.recommendation.best
    if best is None:
        return []
    registration = best.registration
    steps = [f"Lead time: {best.lead_time.text}."]
    steps.extend(registration.steps or (f"Registration: {registration.text}.",))
    fees = [c.text for c in best.caveats if c.rule == "fees"]
    return [Heading("Getting live", 2), BulletList((*steps, *fees))]


def _capacity(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Capacity plan", 2)]
    if report.capacity is None:
        if report.capacity_note:
            blocks.append(Paragraph(report.capacity_note))
        return blocks if report.capacity_note else []
    if report.campaign == "a day's volume":
        blocks.append(Paragraph("The campaign below is one day's volume, sent at once."))
    return [*blocks, *capacity_blocks(report.capacity)]


def _message(report: Report) -> list[Block]:
    lint = report.message
    if lint is None:
        return []
    count = lint.count
    summary = (
        f"{count.encoding.value}, {format_count(count.segments, 'segment')} "
        f"({format_cell(count.units)} {unit_name(count.encoding, count.units)})."
    )
    table = Table(
        title="Message check",
        columns=(
            Column("severity", "Severity"),
            Column("check", "Check"),
            Column("message", "What to change"),
        ),
        rows=tuple((f.severity.value, f.id.value, f.message) for f in lint.findings),
    )
    return [Heading("Sample message", 2), Paragraph(lint.text), Paragraph(summary), table]


def _checklist(report: Report) -> list[Block]:
    checklist = report.checklist
    return [
        Heading(checklist.title, 2),
        BulletList(tuple(item.text for item in checklist.items), checklist=True),
    ]


def report_document(report: Report, kb: KnowledgeBase) -> Document:
    rec = report.recommendation
    who = report.customer or "the customer"
    subtitle = f"Knowledge base as of {report.kb_as_of}"
    if report.dated:
        subtitle = f"{report.dated.isoformat()}. {subtitle}"
    source_ids = [
        *chain.from_iterable(r.sources for r in all_reasons(rec)),
        *(report.capacity.sources() if report.capacity else ()),
        *report.checklist.source,
    ]
    blocks: list[Block] = [
        _requirements(report),
        *_recommendation_blocks(report),
        *_going_live(report),
        *_capacity(report),
        *_message(report),
        *_cost(report),
    ]
    if rec.excluded:
        blocks.append(_ruled_out(report))
    blocks.extend(_checklist(report))
    blocks.extend(sources_blocks(source_ids, kb))
    return Document(
        title=f"SMS sender proposal for {who} in {rec.country.name}",
        subtitle=subtitle,
        blocks=tuple(blocks),
    )


def row_error_document(line: int, customer: str, error: str) -> Document:
    """The report of an intake row the advisor could not evaluate: what is wrong with it."""
    who = customer or f"line {line}"
    return Document(
        title=f"Intake row not evaluated: {who}",
        blocks=(Paragraph(f"Line {line} of the intake sheet is invalid: {error}"),),
    )
