"""Whose figure is it: the provider whose own pages a fact rests on.

"Never borrow one provider's figure for another": a figure whose every source is
another provider's page is unknown for this provider. A figure with one of the
provider's own pages among its sources is its own; one with a source that is no
provider's page (a carrier, a registry, a reseller's table) is the market's.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from advisor.knowledge.base import Registration
from advisor.knowledge.model import KnowledgeBase


def _site(url: str | None) -> str:
    host = urlsplit(url or "").hostname or ""
    return ".".join(host.split(".")[-2:])


def publisher_of(kb: KnowledgeBase, source_id: str) -> str | None:
    """The provider id whose own page ``source_id`` is; None: not a provider's page."""
    source = kb.source(source_id)
    if source is None:
        return None
    for provider_id, found in kb.providers.items():
        names = {provider_id, found.name.casefold()}
        if source.publisher.casefold() in names:
            return provider_id
        if found.url is not None and _site(found.url) == _site(source.url):
            return provider_id
    return None


def borrowed_from(kb: KnowledgeBase, provider_id: str, sources: tuple[str, ...]) -> str | None:
    """Whose figure this is ("Twilio", "Twilio and AWS End User Messaging"), when every
    source is another provider's page; None when it is this provider's or the market's."""
    owners = [publisher_of(kb, source_id) for source_id in sources]
    if not owners or provider_id in owners or None in owners:
        return None
    names = list(dict.fromkeys(kb.providers[owner].name for owner in owners if owner))
    return " and ".join(names)


def step_provider(kb: KnowledgeBase, step: str) -> str | None:
    """The provider a step is labelled with ("Twilio: register in the Console"), if any."""
    label, colon, _ = step.partition(":")
    if not colon:
        return None
    wanted = label.strip().casefold()
    for provider_id, provider in kb.providers.items():
        name = provider.name.casefold()
        if wanted in (provider_id, name, name.split()[0]):
            return provider_id
    return None


def own_steps(
    kb: KnowledgeBase, registration: Registration, provider: str | None
) -> Registration | None:
    """For one provider, the registration without the steps labelled with another provider."""
    if provider is None:
        return None
    steps = tuple(
        step for step in registration.steps if step_provider(kb, step) in (None, provider)
    )
    if steps == registration.steps:
        return None
    return registration.model_copy(update={"steps": steps})
