"""``advisor data audit`` as a Document: what to review next in the knowledge base."""

from __future__ import annotations

from advisor.knowledge.audit import Audit, Finding
from advisor.render.model import Block, Column, Document, Heading, Kind, Paragraph, Table


def _table(title: str, findings: tuple[Finding, ...]) -> Table | Paragraph:
    if not findings:
        return Paragraph("None.")
    return Table(
        title=title,
        columns=(
            Column("path", "Fact", kind=Kind.ID),
            Column("date", "Date", kind=Kind.ID),
            Column("sources", "Sources"),
            Column("text", "Finding"),
        ),
        rows=tuple(
            (
                finding.path,
                finding.as_of.isoformat() if finding.as_of else None,
                ", ".join(finding.sources),
                finding.text,
            )
            for finding in findings
        ),
    )


def audit_document(result: Audit) -> Document:
    blocks: list[Block] = [
        Paragraph(
            f"As of {result.today}: {len(result.unreviewed)} countries unreviewed, "
            f"{len(result.stale)} facts older than {result.older_than.days} days, "
            f"{len(result.single_source)} facts resting on a single source, "
            f"{len(result.upcoming)} dated changes within {result.within.days} days. "
            "Facts of unreviewed countries are not listed one by one."
        ),
        Heading("Dated changes coming", 2),
        _table("Changes", result.upcoming),
        Heading("Unreviewed countries", 2),
        Paragraph(", ".join(result.unreviewed) or "none"),
        Heading(f"Facts older than {result.older_than.days} days", 2),
        _table("Stale facts", result.stale),
        Heading("Facts resting on a single source", 2),
        _table("Single-source facts", result.single_source),
    ]
    return Document(title="Knowledge-base audit", blocks=tuple(blocks))
