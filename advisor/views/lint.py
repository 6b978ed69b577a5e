"""A lint result as a Document: the message, its context and the findings."""

from __future__ import annotations

from advisor.content.lint import LintResult
from advisor.render.cells import format_count
from advisor.render.model import BulletList, Column, Document, Kind, Paragraph, Table

# --- the document ---------------------------------------------------------------


def lint_document(result: LintResult) -> Document:
    """The table view of a lint result (pure: no rendering)."""
    count = result.count
    context = [
        f"use case: {result.use_case.value if result.use_case is not None else 'not given'}",
        f"brand: {result.brand if result.brand is not None else 'not given'}",
        f"first message: {'yes' if result.first_message else 'no'}",
        f"{count.encoding.value}, {format_count(count.segments, 'segment')}",
    ]
    blocks: list[Paragraph | BulletList | Table] = [
        Paragraph(result.text),
        BulletList(tuple(context)),
    ]
    if result.findings:
        blocks.append(
            Table(
                columns=(
                    Column("severity", "Severity", kind=Kind.ID),
                    Column("id", "Check", kind=Kind.ID),
                    Column("message", "What to change"),
                ),
                rows=tuple(
                    (finding.severity.value, finding.id.value, finding.message)
                    for finding in result.findings
                ),
                title="Findings",
                footnotes=tuple(
                    f"{check}: {source}"
                    for check, source in dict.fromkeys(
                        (finding.id.value, finding.source) for finding in result.findings
                    )
                ),
            )
        )
    verdict = (
        "error-severity findings: fix them before sending" if result.has_errors else "no errors"
    )
    blocks.append(Paragraph(f"Result: {verdict}."))
    return Document(title="Message lint", blocks=tuple(blocks))


__all__ = ["lint_document"]
