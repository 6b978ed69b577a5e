"""Pieces the views share: reasons with their sources, and the sources section."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
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


def reasons_list(
    reasons: Iterable[Reason], *, prefix: str = "", with_rule: bool = True
) -> BulletList:
    """Reasons as a list, each naming the rule behind it (unless ``with_rule`` is False)."""
    from advisor.render.model import BulletList

    return BulletList(
        tuple(
            f"{prefix}{reason.text} ({reason.rule})" if with_rule else f"{prefix}{reason.text}"
            for reason in reasons
        )
    )


def human_duration(seconds: float) -> str:
    """A duration as a person says it: ``about 28 min``, ``about 1 h 7 min``, ``about 3 days``."""
    if seconds < 1:
        return "under a second"
    if seconds < 59.5:
        return f"about {round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} min"
    if minutes < 48 * 60:
        hours, rest = divmod(minutes, 60)
        return f"about {hours} h {rest} min" if rest else f"about {hours} h"
    return f"about {round(seconds / 86_400)} days"  # from the seconds: rounding twice drifts


def long_date(day: date) -> str:
    """``2 December 2026``: a date no reader can take for another (no 12/02 or 02/12)."""
    return f"{day.day} {day:%B} {day.year}"


def source_links(ids: Iterable[str], kb: KnowledgeBase, provider: str | None = None) -> BulletList:
    """The sources named by ``ids`` as links (publisher and title), in first-cited order.

    With ``provider`` (an id), pages of the other providers are left out: a proposal for a
    Twilio customer cites Twilio and independent pages, not a competitor's documentation.
    """
    from advisor.render.model import BulletList

    others = _other_providers(kb, provider) if provider else ()
    items: list[str] = []
    links: list[str] = []
    for entry in cited(ids, kb).values():
        if any(_published_by(entry, words) for words in others):
            continue
        dated = f", {entry['published']}" if entry["published"] else ""
        items.append(f"{entry['publisher']}: {entry['title']}{dated}")
        links.append(str(entry["url"]))
    return BulletList(tuple(items), links=tuple(links))


def _other_providers(kb: KnowledgeBase, provider: str) -> tuple[tuple[str, ...], ...]:
    """For each provider but ``provider``: the words that mark its own pages."""
    from urllib.parse import urlsplit

    marks = []
    for key, found in kb.providers.items():
        if key == provider:
            continue
        words = [key.lower(), found.name.split()[0].lower()]
        if found.url is not None:
            host = (urlsplit(str(found.url)).hostname or "").split(".")
            words += [".".join(host[-2:]), host[-2] if len(host) > 1 else ""]
        marks.append(tuple(word for word in dict.fromkeys(words) if word))
    return tuple(marks)


def _published_by(entry: dict[str, Any], words: tuple[str, ...]) -> bool:
    from urllib.parse import urlsplit

    publisher = str(entry["publisher"]).lower().split()
    host = (urlsplit(str(entry["url"])).hostname or "").lower()
    return any(word in publisher or host == word or host.endswith("." + word) for word in words)
