"""A provider's own capacity facts, read from the knowledge base for one plan.

Each provider brings only what it publishes: its queue (or none, or an unknown one), its
burst rule, its error names, an account-wide dequeue rate (Bandwidth) and its own
per-sender rates and queue lengths (Telnyx). A figure the knowledge base has only from
other providers' pages is never used for this one: it is unknown here
(:func:`borrowed_from`). Every fact the plan rests on comes back as a :class:`Note` with
its sources, so that the plan can say it.
"""

from __future__ import annotations

import datetime as dt

from advisor.capacity.account import AccountRate as AccountRate
from advisor.capacity.account import Note as Note
from advisor.capacity.account import account_rate as account_rate
from advisor.capacity.model import ErrorName, ProviderLimits, Stage
from advisor.capacity.options import OPT_QUEUE
from advisor.errors import InputError, shown
from advisor.knowledge import KnowledgeBase, Provider, SenderRate, Throughput, dated
from advisor.render.cells import format_cell
from advisor.vocab import Entity, SenderId


def provider_id(kb: KnowledgeBase, name: str, option: str = "--provider") -> str:
    """The id of a provider given by id or name (the one parser intake uses too)."""
    from advisor.intake import parse_provider

    key = parse_provider(name, kb, option)
    if key is None:
        raise InputError(f"{option}: name one provider for a capacity plan, got {shown(name)}")
    return key


def provider(kb: KnowledgeBase, name: str, option: str = "--provider") -> Provider:
    """A provider of the knowledge base by id or name."""
    return kb.providers[provider_id(kb, name, option)]


def context(
    on: dt.date | None, provider_id: str | None, entity: Entity | None = None
) -> dated.Context:
    """The day, provider and buyer the sender's facts are read for (default: today, abroad)."""
    return dated.Context(
        on=on or dt.date.today(),
        entity=entity or Entity.INTERNATIONAL,
        provider=None if provider_id is None else provider_id.strip().lower(),
    )


# --- The account, the queue, the sender ----------------------------------------------------------


def sender_rate(
    kb: KnowledgeBase, found: Provider | None, sender: SenderId | None, country: str | None
) -> SenderRate | None:
    """The provider's own figures for this sender in this country (Telnyx), if it has any.

    The same figures the sender's recommendation reads: a US territory's A2P 10DLC long
    code gets the provider's US rate, not its rate for long codes abroad.
    """
    if found is None or sender is None or country is None:
        return None
    return kb.sender_rate(found, sender, country)


def _queue_seconds(found: Provider, rate: SenderRate | None) -> float | None:
    """The sender's queue length: its own (segments at its default rate), else the provider's."""
    if rate is not None and rate.max_queue_segments is not None and rate.default_mps:
        return rate.max_queue_segments / rate.default_mps
    return found.queue.seconds if found.queue is not None else None


def _errors(found: Provider) -> dict[str, tuple[ErrorName, ...]]:
    if found.errors is None:
        return {}
    return {
        stage.value: tuple(
            ErrorName(error.code, error.http_status, error.description)
            for error in getattr(found.errors, stage.value)
        )
        for stage in Stage
        if getattr(found.errors, stage.value)
    }


def provider_limits(
    kb: KnowledgeBase,
    name: str | None,
    *,
    queue_seconds: float | None = None,
    burst_rps: float | None = None,
    account_mps: float | None = None,
    rate: SenderRate | None = None,
) -> ProviderLimits | None:
    """The provider's queue, burst rule, error names and account rate; given figures win.

    ``--queue-seconds 14400`` with ``--provider twilio`` reproduces the ISV guide's
    4-hour arithmetic while keeping Twilio's error names. A provider that publishes no
    queue has an unknown one, never another provider's. A burst rule fills a queue: with
    no queue, the API takes no more than the dequeue rate. Without a provider and
    without figures there are no limits.
    """
    if name is None:
        if queue_seconds is None and burst_rps is None and account_mps is None:
            return None
        return ProviderLimits(
            "custom", queue_seconds, "per sender", burst_rps, account_mps=account_mps
        )
    key = provider_id(kb, name)
    found = kb.providers[key]
    length = queue_seconds if queue_seconds is not None else _queue_seconds(found, rate)
    headroom = None
    if burst_rps is None and found.burst is not None:
        headroom = found.burst.plus_mps if length is not None else 0.0
    cap = account_rate(found, account_mps)
    return ProviderLimits(
        provider=key,
        queue_seconds=length,
        queue_scope=found.queue.scope if found.queue else "per sender",
        burst_rps=burst_rps,
        errors=_errors(found),
        burst_headroom_rps=headroom,
        account_mps=None if cap is None else cap.mps,
        queue_known=queue_seconds is not None or found.queue is not None or rate is not None,
    )


def queue_notes(
    found: Provider, *, given: bool, rate: SenderRate | None, sender_name: str | None
) -> list[Note]:
    """What the plan must say about the provider's queue: none by default, unknown, its own."""
    if given:
        return []
    if rate is not None and rate.max_queue_segments is not None and rate.default_mps:
        seconds = rate.max_queue_segments / rate.default_mps
        text = (
            f"{found.name} queues up to {format_cell(rate.max_queue_segments)} segments for a "
            f"{sender_name or 'sender of this kind'} ({format_cell(seconds)} s at its "
            f"{format_cell(rate.default_mps)} MPS)."
        )
        return [Note(text, rate.source)]
    if found.queue is None:
        text = (
            f"{found.name}'s queue is not in the knowledge base: what a full queue refuses and "
            f"what expires in it are unknown. Give {OPT_QUEUE} if you know its length."
        )
        return [Note(text)]
    if found.queue.seconds is None:
        text = f"{found.name}'s queue: {found.queue.text}."
        if found.queue.note:
            text += f" {found.queue.note}"
        text += f" Give {OPT_QUEUE} with the account's queue length once it has one."
        return [Note(text, found.queue.source)]
    return []


def sender_throughput_note(
    found: Provider, throughput: Throughput, sender_name: str, publisher: str
) -> Note:
    return Note(
        f"{found.name}'s own MPS for a {sender_name} is not in the knowledge base: the only "
        f"figure there is {publisher}'s, and it is not used for {found.name}.",
        throughput.source,
    )
