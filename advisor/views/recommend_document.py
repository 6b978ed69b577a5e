"""The ``recommend`` result as a Document: terminal table, Markdown, HTML, CSV."""

from __future__ import annotations

from advisor.engine import Candidate, Conflicts, Recommendation
from advisor.engine.market import provider_names
from advisor.intake import Intake
from advisor.knowledge import KnowledgeBase
from advisor.render.cells import format_cell
from advisor.render.model import (
    Align,
    Block,
    BulletList,
    Column,
    Document,
    Heading,
    Kind,
    Paragraph,
    Table,
)
from advisor.views.common import reasons_list, sources_blocks
from advisor.views.recommend import source_ids


def requirements_line(intake: Intake, country_name: str) -> str:
    parts = [
        f"{country_name} ({intake.country})",
        intake.use_case.value,
        intake.direction.value,
        f"peak {format_cell(intake.mps)} MPS" if intake.mps is not None else "peak MPS not given",
    ]
    if intake.daily_volume is not None:
        parts.append(f"{format_cell(intake.daily_volume)} a day")
    if intake.go_live is not None:
        parts.append(f"go-live {intake.go_live.isoformat()} (in {intake.lead_time_days} days)")
    parts.append(f"priority {intake.priority.value}")
    parts.append("voice needed" if intake.voice else "no voice")
    parts.append(
        "a business registered in the country"
        if intake.entity.value == "local"
        else "an international business"
    )
    parts.append(f"provider {intake.provider}" if intake.provider else "any provider")
    return "Requirements: " + ", ".join(parts) + "."


def practice_words(rank: int | None, first_for: tuple[str, ...] = ()) -> str:
    """The country-guidance column: whether providers' country guidance names the sender
    (when providers disagree on the first, whose first it is)."""
    if rank is None:
        return ""
    if first_for:
        return f"first at {', '.join(first_for)}"
    return "named first" if rank == 0 else "named"


def offer_text(candidate: Candidate, kb: KnowledgeBase) -> str:
    """Who sells the sender, and whose pages say they do not (the market view)."""
    if not candidate.confirmed:
        parts = ["No source says which provider offers it"]
    elif candidate.providers:
        parts = [f"Offered by {provider_names(kb, candidate.providers)}"]
    else:
        parts = [
            "Not tied to a provider: the sources say what the country's operators support; "
            "confirm that your provider sells it"
        ]
    if candidate.not_offered_by:
        refusing = candidate.not_offered_by
        whose = "its" if len(refusing) == 1 else "their"
        parts.append(f"not by {provider_names(kb, refusing, 'or')} ({whose} pages say so)")
    if candidate.no_replies_from:
        names = provider_names(kb, candidate.no_replies_from)
        one = len(candidate.no_replies_from) == 1
        verbs = ("sells", "says") if one else ("sell", "say")
        parts.append(f"{names} {verbs[0]} it but {verbs[1]} replies do not reach it")
    return "; ".join(parts) + "."


def _sellers(candidate: Candidate, kb: KnowledgeBase) -> str:
    """Who sells the sender, by the names a customer knows (not the advisor's ids)."""
    if not candidate.confirmed:
        return "unknown"
    names = (kb.providers[p].name if p in kb.providers else p for p in candidate.providers)
    return ", ".join(names) or "no provider named"


def _ranking_table(rec: Recommendation, kb: KnowledgeBase) -> Table:
    market = rec.intake.provider is None
    rows = tuple(
        (
            rank,
            candidate.name,
            candidate.sender.value,
            *((_sellers(candidate, kb),) if market else ()),
            practice_words(candidate.practice_rank, candidate.first_for),
            candidate.score,
            candidate.attributes.throughput.text,
            candidate.lead_time.text,
        )
        for rank, candidate in enumerate(rec.recommendations, start=1)
    )
    return Table(
        title="Recommended senders, best first",
        columns=(
            Column("rank", "#", Align.RIGHT, Kind.NUMBER),
            Column("name", "Sender"),
            Column("sender", "Id", kind=Kind.ID),
            # Without --provider, who sells each sender: a row never promises one provider
            # what only another sells.
            *((Column("providers", "Offered by"),) if market else ()),
            Column("guidance", "Country guidance"),
            Column("score", "Score", Align.RIGHT, Kind.NUMBER),
            Column("mps", "MPS"),
            Column("lead_time", "Lead time"),
        ),
        rows=rows,
        footnotes=(
            "Ranked by the country guidance of providers first, then the score of the rules, "
            "then lead time, cost and throughput.",
        ),
    )


def _excluded_table(rec: Recommendation) -> Table:
    return Table(
        title="Ruled out",
        columns=(
            Column("name", "Sender"),
            Column("sender", "Id", kind=Kind.ID),
            Column("why", "Why not"),
        ),
        rows=tuple(
            (
                exclusion.name,
                exclusion.sender.value,
                "\n".join(f"{reason.text} ({reason.rule})" for reason in exclusion.reasons),
            )
            for exclusion in rec.excluded
        ),
    )


def _trace_table(rec: Recommendation) -> Table:
    return Table(
        title="Rule trace",
        columns=(
            Column("rule", "Rule", kind=Kind.ID),
            Column("sender", "Sender", kind=Kind.ID),
            Column("outcome", "Outcome", kind=Kind.ID),
            Column("effect", "Effect"),
            Column("unknown", "Unknown facts"),
        ),
        rows=tuple(
            (
                entry.rule,
                entry.sender.value if entry.sender else "(intake)",
                entry.outcome,
                entry.effect.value,
                ", ".join(entry.unknown),
            )
            for entry in rec.trace
        ),
    )


#: the trace of every rule (``--explain``), for the report's appendix too.
trace_table = _trace_table


def conflict_blocks(conflicts: Conflicts) -> list[Block]:
    blocks: list[Block] = [Heading("Nothing fits", 2), Paragraph(conflicts.summary)]
    if conflicts.relaxations:
        blocks.append(Paragraph("What relaxing a requirement would allow:"))
        blocks.append(BulletList(tuple(relaxation.text for relaxation in conflicts.relaxations)))
    return blocks


def recommendation_document(
    rec: Recommendation, kb: KnowledgeBase, *, explain: bool = False
) -> Document:
    country = rec.country
    blocks: list[Block] = [Paragraph(requirements_line(rec.intake, country.name))]
    if rec.warnings:
        blocks.append(reasons_list(rec.warnings, prefix="Warning: "))
    if rec.recommendations:
        blocks.append(_ranking_table(rec, kb))
        if rec.tie is not None:
            blocks.append(Paragraph(f"Tie: {rec.tie.text}"))
        for rank, candidate in enumerate(rec.recommendations, start=1):
            heading = f"Option {rank}: {candidate.name} ({candidate.sender.value})"
            blocks.append(Heading(heading, 3))
            if rec.intake.provider is None:
                blocks.append(Paragraph(offer_text(candidate, kb)))
            if candidate.reasons:
                blocks.append(Paragraph("Why it fits:"))
                blocks.append(reasons_list(candidate.reasons))
            blocks.append(Paragraph("Caveats:"))
            blocks.append(reasons_list(candidate.caveats))
    if rec.conflicts:
        blocks.extend(conflict_blocks(rec.conflicts))
    if rec.changes:
        blocks.append(Heading("What changes, and when", 3))
        blocks.append(BulletList(tuple(change.text for change in rec.changes)))
    if rec.excluded:
        blocks.append(_excluded_table(rec))
    if rec.local_entity_options:
        names = ", ".join(exclusion.name for exclusion in rec.local_entity_options)
        blocks.append(
            Paragraph(f"A subsidiary registered in {country.name} could also use: {names}.")
        )
    if country.reviewed and country.review.date:
        note = f" (reviewed {country.review.date.isoformat()})"
    else:
        note = " (unreviewed: a first reading nobody has checked against current pages)"
    blocks.append(Heading(f"{country.name}: country notes{note}", 3))
    if country.notes:
        blocks.append(Paragraph(country.notes))
    if explain:
        blocks.append(_trace_table(rec))
    blocks.extend(sources_blocks(source_ids(rec), kb))
    title = f"Sender recommendation for {country.name}"
    return Document(title=title, blocks=tuple(blocks))
