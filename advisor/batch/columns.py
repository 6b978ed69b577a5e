"""The columns of an intake sheet: names, aliases, and what the advisor adds."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from advisor.vocab import Direction, Entity, Priority, UseCase, YesNo

# --- The intake sheet's columns ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    name: str
    description: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    #: a number (an xlsx output writes a plain number in it as a number).
    number: bool = False
    #: the answers a template's drop-down offers (from the vocabularies in advisor.vocab).
    choices: tuple[str, ...] = ()


def _values(vocabulary: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in vocabulary)


#: the answers of a yes/no column.
YES_NO = (YesNo.YES.value, YesNo.NO.value)


#: The columns of an intake sheet, in template order. Headers match ignoring case,
#: spaces and punctuation, and any alias matches too; other columns pass through.
COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("customer", "customer or account name", ("customer name", "company", "account")),
    ColumnSpec(
        "country",
        "destination: ISO code, country name or an E.164 number",
        ("country code", "destination", "destination country", "iso", "iso2"),
        required=True,
    ),
    ColumnSpec(
        "use_case",
        "conversational, transactional, promotional or otp",
        ("usecase", "use case type", "message type", "category"),
        required=True,
        choices=_values(UseCase),
    ),
    ColumnSpec(
        "direction",
        "one-way or two-way",
        ("way", "one/two-way"),
        required=True,
        choices=_values(Direction),
    ),
    ColumnSpec(
        "mps",
        "peak segments per second",
        ("peak mps", "throughput", "peak throughput"),
        number=True,
    ),
    ColumnSpec(
        "daily_volume",
        "messages a day",
        ("volume", "daily messages", "volume per day"),
        number=True,
    ),
    ColumnSpec(
        "lead_time_days", "days until go-live", ("lead time", "days to go live"), number=True
    ),
    ColumnSpec("priority", "deliverability or cost", (), choices=tuple(Priority)),
    ColumnSpec(
        "voice",
        "voice on the same number: yes or no",
        ("needs voice", "voice enabled"),
        choices=YES_NO,
    ),
    ColumnSpec("sample_message", "a typical message body", ("sample", "message", "body", "text")),
    ColumnSpec("brand", "brand name the messages must show (lint)", ("brand name",)),
    ColumnSpec(
        "concurrency",
        "API concurrency limit (requests in flight)",
        ("api concurrency",),
        number=True,
    ),
    ColumnSpec("latency_ms", "API response time in ms", ("latency", "api latency"), number=True),
    ColumnSpec(
        "messages",
        "campaign size in messages",
        ("campaign size", "campaign messages"),
        number=True,
    ),
    ColumnSpec("validity_seconds", "validity period in seconds", ("validity", "ttl"), number=True),
    ColumnSpec(
        "deadline_minutes", "minutes the campaign must finish in", ("deadline",), number=True
    ),
    ColumnSpec(
        "provider",
        "the provider: narrows the answer, and gives its queue (twilio, aws, vonage, ...)",
        (),
    ),
    ColumnSpec(
        "entity",
        "international (a business abroad, the default) or local (registered in the country)",
        ("buyer", "legal entity"),
        choices=_values(Entity),
    ),
    ColumnSpec("go_live", "the go-live day, YYYY-MM-DD (instead of lead_time_days)", ("go live",)),
    ColumnSpec(
        "account_mps",
        "the account's contracted outbound rate (Bandwidth)",
        ("account rate",),
        number=True,
    ),
    ColumnSpec(
        "messages_per_minute", "P2P/A2P profile: messages a minute per number", (), number=True
    ),
    ColumnSpec("messages_per_day", "P2P/A2P profile: messages a day per number", (), number=True),
    ColumnSpec(
        "unique_recipients", "P2P/A2P profile: unique recipients per number", (), number=True
    ),
    ColumnSpec(
        "inbound_outbound_ratio",
        "P2P/A2P profile: inbound per outbound message",
        ("ratio",),
        number=True,
    ),
)
COLUMN_NAMES = tuple(spec.name for spec in COLUMNS)

#: What the advisor adds to every row, in this order.
ADDED = (
    "status",
    "recommended_sender",
    "alternatives",
    "lead_time_days",
    "segments",
    "encoding",
    "drain_seconds",
    "warnings",
    "lint",
    "error",
)

#: columns that never change the answer, so identical profiles share one.
NOT_IN_KEY = frozenset({"customer"})

CAPACITY_COLUMNS = (
    "concurrency",
    "latency_ms",
    "messages",
    "validity_seconds",
    "deadline_minutes",
    "provider",
)


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


HEADER_INDEX: dict[str, str] = {}
for _spec in COLUMNS:
    for _alias in (_spec.name, *_spec.aliases):
        HEADER_INDEX.setdefault(normalise_header(_alias), _spec.name)


def unique_names(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` in order, each once: a repeated name becomes ``name_2`` (``_3``, ...).

    The first of equal names keeps it; a suffix is the smallest that no name of the
    sheet has and none given before, so the result is the same on every run.
    """
    taken = set(names)
    given: set[str] = set()
    result = []
    for name in names:
        candidate, number = name, 1
        while candidate in given or (candidate != name and candidate in taken):
            number += 1
            candidate = f"{name}_{number}"
        given.add(candidate)
        result.append(candidate)
    return tuple(result)


#: the column ``batch --prices`` adds after :data:`ADDED`.
COST_COLUMN = "monthly_cost"
#: the currency of :data:`COST_COLUMN` in an xlsx output, whose cost cells are numbers.
CURRENCY_COLUMN = "monthly_cost_currency"
#: the columns a run with plans adds last (:mod:`advisor.batch.plans`): the plan's name,
#: the row's destination's go-live day, the whole plan's, its pool and opt-out scope.
PLAN_COLUMNS = ("plan", "ready_on", "plan_ready_on", "pool", "opt_out_scope")


def added_names(
    sheet_header: Sequence[str],
    priced: bool = False,
    planned: bool = False,
    *,
    currency: bool = False,
) -> tuple[str, ...]:
    """The names of the advisor's columns (:data:`ADDED`) beside a sheet's own.

    ``priced``: then :data:`COST_COLUMN` (and, ``currency``, :data:`CURRENCY_COLUMN`);
    ``planned``: then :data:`PLAN_COLUMNS`. A name the sheet has (ignoring case and
    punctuation) gets the prefix ``advisor_``; when the sheet has that too, the smallest
    free ``advisor_NAME_2``, ``_3``, ...
    """
    taken = {normalise_header(name) for name in sheet_header}
    result = []
    cost = (COST_COLUMN, *((CURRENCY_COLUMN,) if currency else ())) if priced else ()
    for name in (*ADDED, *cost, *(PLAN_COLUMNS if planned else ())):
        candidate, number = name, 1
        if normalise_header(candidate) in taken:
            candidate = f"advisor_{name}"
            while normalise_header(candidate) in taken:
                number += 1
                candidate = f"advisor_{name}_{number}"
        taken.add(normalise_header(candidate))
        result.append(candidate)
    return tuple(result)


def template() -> str:
    """The header of a ready-to-fill intake sheet (CSV)."""
    return ",".join(COLUMN_NAMES) + "\n"
