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

from advisor.branding import Branding
from advisor.content.segments import unit_name
from advisor.knowledge import KnowledgeBase
from advisor.render.cells import format_cell, format_count
from advisor.render.model import (
    Block,
    Column,
    Document,
    Heading,
    Kind,
    Paragraph,
    Table,
)
from advisor.report import Report
from advisor.views.capacity import capacity_blocks, capacity_json
from advisor.views.recommend import recommendation_json
from advisor.vocab import OutputFormat


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


def _ruled_out(report: Report, explain: bool) -> Table:
    return Table(
        columns=(Column("name", "Sender"), Column("why", "Why not")),
        rows=tuple(
            (
                e.name,
                "\n".join(f"{r.text} ({r.rule})" if explain else r.text for r in e.reasons),
            )
            for e in report.recommendation.excluded
        ),
    )


def _capacity(report: Report) -> list[Block]:
    if report.capacity is None:
        return []
    blocks: list[Block] = [Heading("The capacity plan in detail", 3)]
    if report.campaign == "a day's volume":
        blocks.append(Paragraph("The campaign below is one day's volume, sent at once."))
    return [*blocks, *capacity_blocks(report.capacity)]  # the chart is in the proposal


def _message(report: Report, explain: bool) -> list[Block]:
    lint = report.message
    if lint is None:
        return []
    count = lint.count
    summary = (
        f"{count.encoding.value}, {format_count(count.segments, 'segment')} "
        f"({format_cell(count.units)} {unit_name(count.encoding, count.units)})."
    )
    check = (Column("check", "Check", kind=Kind.ID),) if explain else ()  # the check's id
    table = Table(
        columns=(
            Column("severity", "Severity", kind=Kind.ID),
            *check,
            Column("message", "What to change"),
        ),
        rows=tuple(
            (f.severity.value, *((f.id.value,) if explain else ()), f.message)
            for f in lint.findings
        ),
    )
    return [Heading("The message check", 3), Paragraph(summary), table]


def appendix_blocks(report: Report, *, explain: bool = False) -> list[Block]:
    """The engineer's detail behind a proposal: the capacity plan, what was ruled out and
    why, the message check, and (``explain``) the trace of every rule."""
    blocks = _capacity(report)
    if report.recommendation.excluded:
        blocks += [Heading("Ruled out", 3), _ruled_out(report, explain)]
    blocks += _message(report, explain)
    if explain:
        from advisor.views.recommend_document import trace_table

        blocks += [
            Heading("Every rule, as the engine read it", 3),
            trace_table(report.recommendation),
        ]
    return blocks


def shown_sources(report: Report, *, appendix: bool = True) -> list[str]:
    """The sources behind the facts a proposal shows (with its appendix, or without)."""
    rec = report.recommendation
    best = rec.best
    ids: list[str] = [*chain.from_iterable(r.sources for r in rec.warnings)]
    if best is not None:
        attributes = best.attributes
        ids += chain.from_iterable(r.sources for r in (*best.reasons, *best.caveats))
        ids += [*attributes.throughput.source, *best.lead_time.source, *best.registration.source]
        for other in rec.recommendations[1:]:
            ids += [*other.attributes.throughput.source, *other.lead_time.source]
    if report.capacity is not None:
        ids += report.capacity.sources()
    if appendix:
        ids += chain.from_iterable(r.sources for e in rec.excluded for r in e.reasons)
    ids += report.checklist.source
    return ids


def report_document(
    report: Report,
    kb: KnowledgeBase,
    *,
    explain: bool = False,
    appendix: bool = True,
    prepared_by: str = "",
) -> Document:
    """The proposal (:mod:`advisor.views.proposal`) as a document."""
    from advisor.views.proposal import build_proposal, proposal_document

    proposal = build_proposal(
        report, kb, prepared_by=prepared_by, explain=explain, appendix=appendix
    )
    return proposal_document(proposal)


def report_page(
    report: Report,
    kb: KnowledgeBase,
    fmt: OutputFormat,
    *,
    branding: Branding | None = None,
    explain: bool = False,
    appendix: bool = True,
    fragment: bool = False,
    color: bool = False,
    width: int | None = None,
) -> str:
    """The proposal as text in ``fmt``: HTML from the (brandable) template, the other
    formats from its document. A PDF prints the HTML page (:mod:`advisor.render.pdf`)."""
    from advisor.views.proposal import build_proposal, proposal_document

    brand = branding or Branding()
    proposal = build_proposal(
        report, kb, prepared_by=brand.company, explain=explain, appendix=appendix
    )
    if fmt is OutputFormat.HTML:
        from advisor.render.proposal_html import render_proposal_html

        return render_proposal_html(proposal, brand, fragment=fragment)
    from advisor.render.output import render

    return render(proposal_document(proposal), fmt, color=color, width=width)


def row_error_document(line: int, customer: str, error: str) -> Document:
    """The report of an intake row the advisor could not evaluate: what is wrong with it."""
    who = customer or f"line {line}"
    return Document(
        title=f"Intake row not evaluated: {who}",
        blocks=(Paragraph(f"Line {line} of the intake sheet is invalid: {error}"),),
    )
