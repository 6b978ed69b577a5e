"""The sender pool of a plan and how far a recipient's STOP reaches in it.

Pure functions over the knowledge base's provider facts (``providers.*.pool``,
``opt_out``): a setting or an opt-out claim is used only when a page of that
provider (or, for the network's own rules, any page) states it; nothing is filled in
from another provider.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

from advisor.knowledge import KnowledgeBase
from advisor.knowledge.providers import OptOut
from advisor.plan.model import (
    Destination,
    OptOutFact,
    OptOutScope,
    Pool,
    PoolSender,
    PoolSettingAdvice,
)
from advisor.render.cells import format_cell
from advisor.vocab import SenderId


def pool_sender(destination: Destination) -> PoolSender | None:
    """One sender of the destination's first choice, and whether it meets the peak."""
    best = destination.report.recommendation.best
    if best is None:
        return None
    throughput = best.attributes.throughput
    each, needed = throughput.default_mps, destination.report.recommendation.intake.mps
    meets = None if each is None or needed is None else each >= needed
    if meets is False:
        more = throughput.raise_how or "ask the provider to raise the sender's rate"
        text = (
            f"One sender gives {format_cell(each)} MPS, below the {format_cell(needed)} needed; "
            f"more senders of this kind would only spread the traffic (snowshoeing): {more}."
        )
    elif each is None:
        text = f"One sender; its MPS is not published ({throughput.text})."
    else:
        text = f"One sender: {throughput.text}."
    return PoolSender(
        country=destination.country,
        sender=best.sender,
        name=best.name,
        count=1,
        mps_per_sender=each,
        mps_needed=needed,
        meets_mps=meets,
        text=text,
        sources=throughput.source,
    )


def build_pool(
    kb: KnowledgeBase, provider: str | None, destinations: Sequence[Destination]
) -> Pool:
    senders = tuple(s for s in map(pool_sender, destinations) if s is not None)
    sender_sources = tuple(chain.from_iterable(s.sources for s in senders))
    if provider is None:
        known = sorted(name for name, entry in kb.providers.items() if entry.pool is not None)
        text = (
            "One pool per provider: give --provider for its pool and the settings to turn on "
            f"(known for {', '.join(known) or 'no provider'})."
        )
        return Pool(None, None, text, senders, (), sender_sources)
    facts = kb.providers[provider].pool
    if facts is None:
        name = kb.providers[provider].name
        text = f"{name}'s sender pool is not in the knowledge base: ask {name} how to pool senders."
        return Pool(provider, None, text, senders, (), sender_sources)
    settings = []
    for setting in facts.settings:
        countries = tuple(
            s.country
            for s in senders
            if (not setting.senders or s.sender in setting.senders)
            and (not setting.countries or s.country in setting.countries)
        )
        if countries or (not setting.senders and not setting.countries and senders):
            settings.append(
                PoolSettingAdvice(
                    id=setting.id,
                    title=setting.title,
                    reason=setting.text,
                    countries=countries,
                    sources=setting.source,
                    as_of=setting.as_of.isoformat(),
                )
            )
    return Pool(
        provider,
        facts.name,
        facts.text,
        senders,
        tuple(settings),
        (*facts.source, *sender_sources),
    )


def _holds(claim: OptOut, provider: str | None, pairs: set[tuple[str, SenderId]]) -> bool:
    if claim.providers and (provider is None or provider not in claim.providers):
        return False
    return any(
        (not claim.senders or sender in claim.senders)
        and (not claim.countries or country in claim.countries)
        for country, sender in pairs
    )


def _fact(claim: OptOut) -> OptOutFact:
    return OptOutFact(
        scope=claim.scope,
        providers=claim.providers,
        senders=claim.senders,
        countries=claim.countries,
        pooled=claim.pooled,
        text=claim.text,
        consequence=claim.consequence,
        sources=claim.source,
        as_of=claim.as_of.isoformat(),
    )


def opt_out_scope(
    kb: KnowledgeBase, provider: str | None, destinations: Sequence[Destination]
) -> OptOutScope:
    """How far a STOP reaches across the plan's senders at ``provider``.

    ``scope`` is the provider's own rule for pooled senders (a claim with ``pooled``
    true, or one that holds either way); the network's rules (US toll-free) are listed
    beside it. Without a provider, or with one whose rule no page states, it is None.
    """
    pairs = {(d.country, d.sender) for d in destinations if d.sender is not None}
    held = [claim for claim in kb.opt_out if _holds(claim, provider, pairs)]
    own = [claim for claim in held if claim.providers and claim.pooled is not False]
    facts = tuple(_fact(claim) for claim in held)
    if provider is None:
        return OptOutScope(
            None,
            None,
            "How far a STOP reaches depends on the provider: give --provider. Until then, keep "
            "the platform's own opt-out list and check it before every send.",
            facts,
        )
    name = kb.providers[provider].name
    if not own:
        return OptOutScope(
            provider,
            None,
            f"How far a STOP reaches across {name}'s senders is not in the knowledge base: "
            "keep the platform's own opt-out list and check it before every send.",
            facts,
        )
    scopes = sorted({claim.scope for claim in own})
    return OptOutScope(
        provider,
        scopes[0] if len(scopes) == 1 else None,
        " ".join(c.consequence for c in own),
        facts,
    )
