"""Per-country sender support as a Document: the table, its legend, notes and sources.

The rows and JSON are in :mod:`advisor.views.countries`; this module lays them out:
columns of words per fact, one table of every sender (turned round for a terminal)
or the columns of one sender type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from advisor.knowledge import KnowledgeBase
from advisor.knowledge.summary import (
    AlphaRegistration,
    AlphaSupport,
    Delivery,
    cited,
    last_asserted,
)
from advisor.render.model import Block, BulletList, Cell, Column, Document, Heading, Table
from advisor.views.common import sources_blocks
from advisor.views.countries import (
    CountryRow,
    CountrySupport,
    own_lead_time,
    sender_status,
    two_way_confirmed,
)
from advisor.vocab import OutputFormat, SenderId, YesNo

#: countries side by side in one terminal table.
TERMINAL_COUNTRIES = 4

#: what happens to a sender ID a country does not take as sent.
DELIVERY_WORDS = {
    Delivery.YES: "preserved",
    Delivery.OVERWRITTEN: "overwritten",
    Delivery.NO: "rejected",
    Delivery.UNKNOWN: "unknown",
}
ALPHA_WORDS = {
    AlphaSupport.YES: "supported",
    AlphaSupport.PARTIAL: "partial",
    AlphaSupport.NO: "no",
    AlphaSupport.UNKNOWN: "unknown",
}
NOT_APPLICABLE = "n/a"


def _yes_no(value: YesNo) -> Cell:
    return None if value is YesNo.UNKNOWN else value.value


def _delivery(value: Delivery) -> Cell:
    return None if value is Delivery.UNKNOWN else DELIVERY_WORDS[value]


def _registration(row: CountryRow) -> Cell:
    if row.summary.alpha_supported is AlphaSupport.NO:
        return NOT_APPLICABLE
    registration = row.summary.alpha_registration
    return None if registration is AlphaRegistration.UNKNOWN else registration.value


def _unavailable(row: CountryRow, sender: SenderId) -> bool:
    return sender_status(row, sender) == "no"


def _lead_time(row: CountryRow, sender: SenderId) -> Cell:
    lead = own_lead_time(row, sender)
    if lead is not None:
        return lead.text
    return NOT_APPLICABLE if _unavailable(row, sender) else None


def _two_way(row: CountryRow, sender: SenderId) -> Cell:
    if _unavailable(row, sender):
        return NOT_APPLICABLE
    return "confirmed" if two_way_confirmed(row, sender) else "unconfirmed"


# --- Document ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    column: Column
    cell: Callable[[CountryRow], Cell]
    #: what the column means, under the table (empty: obvious).
    legend: str = ""


def _short_code_cell(row: CountryRow) -> Cell:
    value = row.summary.short_code
    lead = own_lead_time(row, SenderId.SHORT_CODE)
    if value is YesNo.YES and lead is not None:
        return f"{_with_providers(row, SenderId.SHORT_CODE)} ({lead.text})"
    if value is YesNo.YES:
        return _with_providers(row, SenderId.SHORT_CODE)
    return _local_or(row, SenderId.SHORT_CODE, _yes_no(value))


def _with_providers(row: CountryRow, sender: SenderId, word: str = "yes") -> str:
    """``yes``, or ``yes (Twilio)`` when only some providers offer it."""
    providers = [p for p in row.summary.senders[sender].providers if p]
    return (
        f"{word} ({', '.join(row.provider_names.get(p, p) for p in providers)})"
        if providers
        else word
    )


def _local_or(row: CountryRow, sender: SenderId, cell: Cell) -> Cell:
    return "local entity only" if row.summary.senders[sender].local_only else cell


def _long_code_cell(row: CountryRow) -> Cell:
    sms, two_way = row.summary.domestic_long_code_sms, row.summary.domestic_long_code_two_way
    if row.summary.senders[SenderId.LONG_CODE].local_only:
        return "local entity only"
    if sms is YesNo.UNKNOWN and two_way is YesNo.UNKNOWN:
        return None
    shown = _with_providers(row, SenderId.LONG_CODE, sms.value) if sms is YesNo.YES else sms.value
    return f"A2P {shown}\ntwo-way {two_way.value}"


def _alpha_cell(row: CountryRow) -> Cell:
    summary = row.summary
    support, dynamic = summary.alpha_supported, summary.alpha_dynamic_delivered
    registration = summary.alpha_registration
    if (support, registration, dynamic) == (
        AlphaSupport.UNKNOWN,
        AlphaRegistration.UNKNOWN,
        Delivery.UNKNOWN,
    ):
        return None
    lines = [ALPHA_WORDS[support]]
    if support is not AlphaSupport.NO:
        lead = own_lead_time(row, SenderId.ALPHANUMERIC_REGISTERED)
        line = (
            "no registration"
            if registration is AlphaRegistration.NONE
            else f"registration {registration.value}"
        )
        lines.append(f"{line}:\n{lead.text}" if lead is not None else line)
    lines.append(f"dynamic ID {DELIVERY_WORDS[dynamic]}")
    return "\n".join(lines)


def _two_way_options(row: CountryRow) -> Cell:
    options = row.summary.two_way_options
    return "\n".join(row.name_of(sender) for sender in options) if options else "none confirmed"


_LEGEND_LONG_CODE = (
    "Long code: A2P = the country's own long numbers can send application-to-person SMS; "
    "two-way = they take replies."
)
_LEGEND_ALPHA = (
    "Alphanumeric: whether a brand-name sender ID is shown (partial: on some networks only) "
    "and must be registered (with the country's own lead time when known); dynamic ID: what "
    "happens to an unregistered one."
)
_LEGEND_DELIVERY = (
    "preserved = delivered as sent; overwritten = replaced by another sender ID on delivery; "
    "rejected = not delivered."
)
_LEGEND_INTERNATIONAL = "International long code: a foreign long number used as the sender."
_LEGEND_LEAD = "Lead times in brackets are the country's own figures."
_LEGEND_TWO_WAY = "Two-way options: sender types a source names as two-way in the country."
LEGEND_AVAILABLE = (
    "Available: yes, partial (on some networks only), overwritten (the message arrives, but "
    "from another sender ID) or no."
)
LEGEND_NO_REGISTRATION = (
    "A registered alphanumeric sender ID is not available where the country has no "
    "registration for one."
)
_LEGEND_REVIEWED = (
    "Reviewed: the day the facts were last checked against current provider pages; no: a "
    "first reading of 2017-2026 sources that nobody has checked. Values are for an "
    "international business, any provider, today; a provider in brackets is the only one "
    "that offers it; local entity only: only a business registered in the country can have it."
)

_COUNTRY = _Field(Column("country", "Country"), lambda row: f"{row.country.name} ({row.code})")


def _reviewed(row: CountryRow) -> Cell:
    """The review date; for an unreviewed country, "no" and how old its sources are."""
    review = row.country.review
    if row.country.reviewed and review.date is not None:
        return review.date.isoformat()
    newest = last_asserted(row.country)
    return f"no (sources as of {newest.isoformat()})" if newest else "no"


_REVIEWED = _Field(Column("reviewed", "Reviewed"), _reviewed, _LEGEND_REVIEWED)
_NOTES = _Field(Column("notes", "Notes"), lambda row: row.country.notes)

_EVERY_SENDER = (
    _Field(Column("short_code", "Short code"), _short_code_cell, _LEGEND_LEAD),
    _Field(Column("long_code", "Long code"), _long_code_cell, _LEGEND_LONG_CODE),
    _Field(Column("toll_free", "Toll-free"), lambda row: _yes_no(row.summary.toll_free_sms)),
    _Field(Column("alphanumeric", "Alphanumeric"), _alpha_cell, _LEGEND_ALPHA),
    _Field(
        Column("international_long_code", "International long code"),
        lambda row: _delivery(row.summary.international_long_code),
        _LEGEND_INTERNATIONAL + " " + _LEGEND_DELIVERY,
    ),
    _Field(Column("two_way_options", "Two-way options"), _two_way_options, _LEGEND_TWO_WAY),
)


def _available(row: CountryRow, sender: SenderId) -> Cell:
    status = sender_status(row, sender)
    if status == "unknown":
        return None
    if status == "no":
        return _local_or(row, sender, status)
    return _with_providers(row, sender, status)


def _one_sender(sender: SenderId) -> tuple[_Field, ...]:
    """The columns of one sender type, one fact each."""
    available = _Field(
        Column("available", "Available"), lambda row: _available(row, sender), LEGEND_AVAILABLE
    )
    alpha = _Field(
        Column("alpha_supported", "Alphanumeric"),
        lambda row: (
            None
            if row.summary.alpha_supported is AlphaSupport.UNKNOWN
            else ALPHA_WORDS[row.summary.alpha_supported]
        ),
        "Alphanumeric: whether brand-name sender IDs are shown (partial: on some networks only).",
    )
    registration = _Field(
        Column("alpha_registration", "Registration"),
        lambda row: _registration(row),
        "Registration: whether the country requires alphanumeric sender IDs to be registered "
        "(n/a: none are shown).",
    )
    lead = _Field(
        Column("lead_time", "Lead time"),
        lambda row: _lead_time(row, sender),
        "Lead time: the country's own figure (unknown: the knowledge base has none; n/a: the "
        "sender is not available).",
    )
    confirmed = _Field(
        Column("two_way", "Two-way"),
        lambda row: _two_way(row, sender),
        "Two-way: confirmed when a source names the sender as two-way in the country (n/a: the "
        "sender is not available).",
    )
    match sender:
        case SenderId.SHORT_CODE:
            return (available, lead, confirmed)
        case SenderId.LONG_CODE:
            replies = _Field(
                Column("domestic_long_code_two_way", "Two-way"),
                lambda row: _yes_no(row.summary.domestic_long_code_two_way),
                "Two-way: the country's own long numbers take replies.",
            )
            return (available, replies)
        case SenderId.TOLL_FREE:
            return (available, confirmed)
        case SenderId.ALPHANUMERIC_REGISTERED:
            available = _Field(
                available.column, available.cell, f"{LEGEND_AVAILABLE} {LEGEND_NO_REGISTRATION}"
            )
            return (available, alpha, registration, lead)
        case SenderId.ALPHANUMERIC_DYNAMIC:
            dynamic = _Field(
                Column("alpha_dynamic_delivered", "Dynamic ID"),
                lambda row: _delivery(row.summary.alpha_dynamic_delivered),
                "Dynamic ID: what happens to an unregistered sender ID. " + _LEGEND_DELIVERY,
            )
            return (available, alpha, registration, dynamic)
        case SenderId.LONG_CODE_INTERNATIONAL:
            return (available,)


#: formats that are one grid: the notes are the table's last column, not a list under it.
_GRIDS = (OutputFormat.CSV, OutputFormat.XLSX)


def _fields(result: CountrySupport) -> tuple[_Field, ...]:
    middle = _one_sender(result.sender) if result.sender is not None else _EVERY_SENDER
    notes = (_NOTES,) if result.notes and result.fmt in _GRIDS else ()
    return (_COUNTRY, *middle, _REVIEWED, *notes)


def _legend(fields: Sequence[_Field]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(field.legend for field in fields if field.legend))


def _source_ids(result: CountrySupport) -> list[str]:
    shown = [result.sender] if result.sender is not None else list(SenderId)
    ids: list[str] = []
    for row in result.rows:
        ids.extend(cited(row.country))
        for sender in shown:
            lead = own_lead_time(row, sender)
            if lead is not None:
                ids.extend(lead.source)
    return ids


def _chunks(rows: Sequence[CountryRow], size: int) -> list[Sequence[CountryRow]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def _transposed(result: CountrySupport, fields: Sequence[_Field]) -> list[Table]:
    """Facts as rows and countries as columns, a few countries a table (for a terminal)."""
    facts = [field for field in fields if field is not _COUNTRY]
    tables = []
    for chunk in _chunks(result.rows, TERMINAL_COUNTRIES):
        tables.append(
            Table(
                columns=(
                    Column("fact", _COUNTRY.column.title),
                    *(Column(row.code, str(_COUNTRY.cell(row))) for row in chunk),
                ),
                rows=tuple(
                    (field.column.title, *(field.cell(row) for row in chunk)) for field in facts
                ),
                row_headers=True,
            )
        )
    return tables


def _tables(result: CountrySupport) -> list[Table]:
    fields = _fields(result)
    if result.fmt is OutputFormat.TABLE and result.sender is None:
        tables = _transposed(result, fields)
    else:
        tables = [
            Table(
                columns=tuple(field.column for field in fields),
                rows=tuple(tuple(field.cell(row) for field in fields) for row in result.rows),
                row_headers=True,
            )
        ]
    last = tables[-1]
    tables[-1] = Table(last.columns, last.rows, footnotes=_legend(fields), row_headers=True)
    return tables


def countries_document(result: CountrySupport, kb: KnowledgeBase) -> Document:
    """The table (rows: countries), its legend, the notes and the sources.

    The notes are a list under the table, where they read as prose, except in
    CSV and xlsx, where they are the table's last column. For a terminal, the table of
    every sender type turns round (countries as columns, a few to a table) so
    that no column is too narrow for its words.
    """
    blocks: list[Block] = [*_tables(result)]
    if result.notes and result.fmt not in _GRIDS:
        blocks.append(Heading("Notes", 2))
        blocks.append(
            BulletList(tuple(f"{_COUNTRY.cell(row)}: {row.country.notes}" for row in result.rows))
        )
    blocks.extend(sources_blocks(_source_ids(result), kb))
    subject = f"{result.sender_name}: support" if result.sender is not None else "Sender support"
    count = len(result.rows)
    subtitle = (
        f"All {count} countries of the knowledge base, by ISO code." if result.every_country else ""
    )
    return Document(title=f"{subject} by country", subtitle=subtitle, blocks=tuple(blocks))
