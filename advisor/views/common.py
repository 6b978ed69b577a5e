"""Pieces the views share: reasons with their sources, and the sources section."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from advisor.engine import Reason
from advisor.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from advisor.render.model import BulletList, Heading


def reason_json(reason: Reason) -> dict[str, Any]:
    return {
        "rule": reason.rule,
        "text": reason.text,
        "severity": reason.severity,
        "sources": list(reason.sources),
        "as_of": reason.as_of,
    }


def cited(ids: Iterable[str], kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """The sources named by ``ids``, in first-cited order, as JSON."""
    result: dict[str, dict[str, Any]] = {}
    for source_id in ids:
        source = kb.source(source_id)
        if source_id in result or source is None:
            continue
        result[source_id] = {
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url,
            "published": source.published.isoformat() if source.published else None,
        }
    return result


def sources_blocks(ids: Iterable[str], kb: KnowledgeBase) -> tuple[Heading, BulletList]:
    """The sources a result cites, as a list: id, publisher, title, date and URL."""
    from advisor.render.model import BulletList, Heading

    items = []
    for source_id, entry in cited(ids, kb).items():
        dated = f", {entry['published']}" if entry["published"] else ""
        items.append(f"{source_id}: {entry['publisher']}, {entry['title']}{dated}. {entry['url']}")
    return Heading("Sources", 2), BulletList(tuple(items))


def reasons_list(reasons: Iterable[Reason], *, prefix: str = "") -> BulletList:
    """Reasons as a list, each naming the rule behind it."""
    from advisor.render.model import BulletList

    return BulletList(tuple(f"{prefix}{reason.text} ({reason.rule})" for reason in reasons))
