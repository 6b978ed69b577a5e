"""Per-country sender support (``advisor countries``) as JSON and as a Document.

Rows are countries, in the order given (else sorted by code); columns give a
readable status per sender type, the two-way options, whether the row was
reviewed by hand and its as-of date, and (when shown) the country's notes.
``sender`` narrows the table to one sender type: its own columns, split into
one fact each, plus the notes.

JSON: a list of country objects, in the order of the table, whatever the sender
or the notes setting (``--sender`` narrows only ``senders``):

- ``code``, ``name``, ``aliases`` (list of other names);
- ``reviewed``: true when a person set the facts from the sources, false when
  they were derived mechanically (a first guess);
- ``short_code``, ``toll_free_sms``: ``"yes"``, ``"no"`` or ``"unknown"``;
- ``domestic_long_code_sms`` (the country's own long numbers send A2P SMS) and
  ``domestic_long_code_two_way`` (they take replies): ``"yes"``, ``"no"`` or
  ``"unknown"``;
- ``alpha_supported``: ``"yes"``, ``"partial"`` (some networks), ``"no"`` or
  ``"unknown"``; ``alpha_registration``: ``"required"``, ``"optional"``,
  ``"none"`` or ``"unknown"``;
- ``alpha_dynamic_delivered`` (an unregistered alphanumeric sender ID) and
  ``international_long_code`` (a foreign long number as the sender): ``"yes"``
  (delivered as sent), ``"overwritten"`` (replaced by another sender ID),
  ``"no"`` (rejected) or ``"unknown"``;
- ``two_way_options``: sender ids a source names as two-way there (empty: none
  confirmed);
- ``senders``: sender id -> ``{"name", "status", "two_way_confirmed",
  "lead_time"}`` for every sender (only the ``--sender`` one when given), where
  ``name`` is the sender's name in the country (``Domestic long code`` outside
  the US), ``status`` is ``"yes"``, ``"partial"``, ``"overwritten"``, ``"no"``
  or ``"unknown"`` (whether it can send there), and ``lead_time`` is the
  country's own figure (``{"text", "min", "max", "unit", "source", "as_of",
  "note"}``) or null when the country has none;
- ``notes``, ``links`` (list of URLs), ``source`` (ids into the knowledge
  base's sources), ``as_of`` (ISO date).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.engine import ResolvedSender, resolve_sender
from advisor.errors import InputError, shown
from advisor.knowledge import (
    AlphaRegistration,
    AlphaSupport,
    Country,
    Delivery,
    KnowledgeBase,
    LeadTime,
    YesNo,
)
from advisor.render.model import Block, BulletList, Cell, Column, Document, Heading, Table
from advisor.views.common import sources_blocks
from advisor.vocab import OutputFormat, SenderId

#: without ``--notes``/``--no-notes``, a terminal table of every sender type for
#: more countries than this leaves the notes out; every other format keeps them.
TERMINAL_NOTES_MAX = 5
#: countries side by side in one terminal table of every sender type.
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


# --- Reading the input ---------------------------------------------------------------------------


def parse_sender_id(value: str, field: str) -> SenderId:
    """A sender id in any letter case, with hyphens or spaces for underscores."""
    text = re.sub(r"[\s-]+", "_", value.strip().lower())
    try:
        return SenderId(text)
    except ValueError:
        valid = ", ".join(sender.value for sender in SenderId)
        raise InputError(
            f"{field}: unknown sender id {shown(value)}; expected one of {valid}"
        ) from None


def resolve_countries(kb: KnowledgeBase, values: Iterable[str], field: str) -> tuple[str, ...]:
    """Country codes from codes, names or numbers, in the order given, each once."""
    from advisor.intake import resolve_country

    return tuple(dict.fromkeys(resolve_country(value, kb, field) for value in values))


# --- Facts in words ------------------------------------------------------------------------------


def own_lead_time(country: Country, sender: SenderId) -> LeadTime | None:
    """The country's own lead time for a sender, when the knowledge base has one."""
    overrides = country.senders.get(sender)
    return overrides.lead_time if overrides is not None else None


def sender_status(country: Country, sender: SenderId) -> str:
    """Whether a sender can send in a country: yes, partial, overwritten, no or unknown."""
    alpha = country.alpha_supported
    match sender:
        case SenderId.SHORT_CODE:
            return country.short_code.value
        case SenderId.LONG_CODE:
            return country.domestic_long_code_sms.value
        case SenderId.TOLL_FREE:
            return country.toll_free_sms.value
        case SenderId.ALPHANUMERIC_REGISTERED:
            if country.alpha_registration is AlphaRegistration.NONE:
                return "no"  # the country has no registration to apply for
            return alpha.value
        case SenderId.ALPHANUMERIC_DYNAMIC:
            dynamic = country.alpha_dynamic_delivered
            if alpha is AlphaSupport.NO or dynamic is Delivery.NO:
                return "no"
            return alpha.value if dynamic is Delivery.YES else dynamic.value
        case SenderId.LONG_CODE_INTERNATIONAL:
            return country.international_long_code.value


def two_way_confirmed(country: Country, sender: SenderId) -> bool:
    """A source names the sender as two-way in the country."""
    return sender in country.two_way_options or (
        sender is SenderId.LONG_CODE and country.domestic_long_code_two_way is YesNo.YES
    )


def _yes_no(value: YesNo) -> Cell:
    return None if value is YesNo.UNKNOWN else value.value


def _delivery(value: Delivery) -> Cell:
    return None if value is Delivery.UNKNOWN else DELIVERY_WORDS[value]


def _registration(country: Country) -> Cell:
    if country.alpha_supported is AlphaSupport.NO:
        return NOT_APPLICABLE
    registration = country.alpha_registration
    return None if registration is AlphaRegistration.UNKNOWN else registration.value


def _unavailable(row: CountryRow, sender: SenderId) -> bool:
    return sender_status(row.country, sender) == "no"


def _lead_time(row: CountryRow, sender: SenderId) -> Cell:
    lead = own_lead_time(row.country, sender)
    if lead is not None:
        return lead.text
    return NOT_APPLICABLE if _unavailable(row, sender) else None


def _two_way(row: CountryRow, sender: SenderId) -> Cell:
    if _unavailable(row, sender):
        return NOT_APPLICABLE
    return "confirmed" if two_way_confirmed(row.country, sender) else "unconfirmed"


# --- The result ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountryRow:
    code: str
    country: Country
    #: every sender as it works in the country, in the knowledge base's order.
    senders: tuple[ResolvedSender, ...]

    def name_of(self, sender: SenderId) -> str:
        return next(resolved.name for resolved in self.senders if resolved.id is sender)


@dataclass(frozen=True, slots=True)
class CountrySupport:
    rows: tuple[CountryRow, ...]
    #: the one sender type shown, or None for all of them.
    sender: SenderId | None
    sender_name: str
    notes: bool
    #: the output format the document is laid out for (see :func:`countries_document`).
    fmt: OutputFormat
    #: no country was named: the rows are every country of the knowledge base.
    every_country: bool


def country_support(
    kb: KnowledgeBase,
    countries: Sequence[str] = (),
    *,
    sender: str | None = None,
    notes: bool | None = None,
    fmt: OutputFormat = OutputFormat.MARKDOWN,
) -> CountrySupport:
    """Sender support in the countries named (codes or names), else in every country.

    ``fmt`` is the output format the document will be rendered in. ``notes``
    None chooses: a terminal table (``fmt`` table) leaves them out beyond
    :data:`TERMINAL_NOTES_MAX` countries unless one sender type is shown.
    """
    chosen = parse_sender_id(sender, "--sender") if sender is not None else None
    codes = (
        resolve_countries(kb, countries, "country") if countries else tuple(sorted(kb.countries))
    )
    if notes is None:
        terminal = fmt is OutputFormat.TABLE
        notes = not terminal or chosen is not None or len(codes) <= TERMINAL_NOTES_MAX
    rows = tuple(
        CountryRow(
            code,
            kb.countries[code],
            tuple(resolve_sender(kb, sender_id, code) for sender_id in kb.senders),
        )
        for code in codes
    )
    return CountrySupport(
        rows=rows,
        sender=chosen,
        sender_name=kb.senders[chosen].name if chosen is not None else "",
        notes=notes,
        fmt=fmt,
        every_country=not countries,
    )


# --- JSON ----------------------------------------------------------------------------------------


def _lead_time_json(lead: LeadTime | None) -> dict[str, Any] | None:
    if lead is None:
        return None
    return {
        "text": lead.text,
        "min": lead.min,
        "max": lead.max,
        "unit": lead.unit.value,
        "source": list(lead.source),
        "as_of": lead.as_of.isoformat(),
        "note": lead.note or None,
    }


def _country_json(row: CountryRow, only: SenderId | None) -> dict[str, Any]:
    country = row.country
    return {
        "code": row.code,
        "name": country.name,
        "aliases": list(country.aliases),
        "reviewed": country.reviewed,
        "short_code": country.short_code.value,
        "toll_free_sms": country.toll_free_sms.value,
        "domestic_long_code_sms": country.domestic_long_code_sms.value,
        "domestic_long_code_two_way": country.domestic_long_code_two_way.value,
        "alpha_supported": country.alpha_supported.value,
        "alpha_registration": country.alpha_registration.value,
        "alpha_dynamic_delivered": country.alpha_dynamic_delivered.value,
        "international_long_code": country.international_long_code.value,
        "two_way_options": [sender.value for sender in country.two_way_options],
        "senders": {
            resolved.id.value: {
                "name": resolved.name,
                "status": sender_status(country, resolved.id),
                "two_way_confirmed": two_way_confirmed(country, resolved.id),
                "lead_time": _lead_time_json(own_lead_time(country, resolved.id)),
            }
            for resolved in row.senders
            if only is None or resolved.id is only
        },
        "notes": country.notes,
        "links": list(country.links),
        "source": list(country.source),
        "as_of": country.as_of.isoformat(),
    }


def countries_json(result: CountrySupport) -> list[dict[str, Any]]:
    return [_country_json(row, result.sender) for row in result.rows]


# --- Document ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    column: Column
    cell: Callable[[CountryRow], Cell]
    #: what the column means, under the table (empty: obvious).
    legend: str = ""


def _short_code_cell(row: CountryRow) -> Cell:
    value = row.country.short_code
    lead = own_lead_time(row.country, SenderId.SHORT_CODE)
    if value is YesNo.YES and lead is not None:
        return f"yes ({lead.text})"
    return _yes_no(value)


def _long_code_cell(row: CountryRow) -> Cell:
    sms, two_way = row.country.domestic_long_code_sms, row.country.domestic_long_code_two_way
    if sms is YesNo.UNKNOWN and two_way is YesNo.UNKNOWN:
        return None
    return f"A2P {sms.value}\ntwo-way {two_way.value}"


def _alpha_cell(row: CountryRow) -> Cell:
    country = row.country
    support, dynamic = country.alpha_supported, country.alpha_dynamic_delivered
    registration = country.alpha_registration
    if (support, registration, dynamic) == (
        AlphaSupport.UNKNOWN,
        AlphaRegistration.UNKNOWN,
        Delivery.UNKNOWN,
    ):
        return None
    lines = [ALPHA_WORDS[support]]
    if support is not AlphaSupport.NO:
        lead = own_lead_time(country, SenderId.ALPHANUMERIC_REGISTERED)
        line = (
            "no registration"
            if registration is AlphaRegistration.NONE
            else f"registration {registration.value}"
        )
        lines.append(f"{line}:\n{lead.text}" if lead is not None else line)
    lines.append(f"dynamic ID {DELIVERY_WORDS[dynamic]}")
    return "\n".join(lines)


def _two_way_options(row: CountryRow) -> Cell:
    options = row.country.two_way_options
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
    "Reviewed: yes when the facts were checked by hand against the sources; no when they were "
    "derived mechanically (a first guess)."
)

_COUNTRY = _Field(Column("country", "Country"), lambda row: f"{row.country.name} ({row.code})")
_REVIEWED = _Field(
    Column("reviewed", "Reviewed"), lambda row: row.country.reviewed, _LEGEND_REVIEWED
)
_AS_OF = _Field(Column("as_of", "As of"), lambda row: row.country.as_of.isoformat())
_NOTES = _Field(Column("notes", "Notes"), lambda row: row.country.notes)

_EVERY_SENDER = (
    _Field(Column("short_code", "Short code"), _short_code_cell, _LEGEND_LEAD),
    _Field(Column("long_code", "Long code"), _long_code_cell, _LEGEND_LONG_CODE),
    _Field(Column("toll_free", "Toll-free"), lambda row: _yes_no(row.country.toll_free_sms)),
    _Field(Column("alphanumeric", "Alphanumeric"), _alpha_cell, _LEGEND_ALPHA),
    _Field(
        Column("international_long_code", "International long code"),
        lambda row: _delivery(row.country.international_long_code),
        _LEGEND_INTERNATIONAL + " " + _LEGEND_DELIVERY,
    ),
    _Field(Column("two_way_options", "Two-way options"), _two_way_options, _LEGEND_TWO_WAY),
)


def _available(row: CountryRow, sender: SenderId) -> Cell:
    status = sender_status(row.country, sender)
    return None if status == "unknown" else status


def _one_sender(sender: SenderId) -> tuple[_Field, ...]:
    """The columns of one sender type, one fact each."""
    available = _Field(
        Column("available", "Available"), lambda row: _available(row, sender), LEGEND_AVAILABLE
    )
    alpha = _Field(
        Column("alpha_supported", "Alphanumeric"),
        lambda row: (
            None
            if row.country.alpha_supported is AlphaSupport.UNKNOWN
            else ALPHA_WORDS[row.country.alpha_supported]
        ),
        "Alphanumeric: whether brand-name sender IDs are shown (partial: on some networks only).",
    )
    registration = _Field(
        Column("alpha_registration", "Registration"),
        lambda row: _registration(row.country),
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
                lambda row: _yes_no(row.country.domestic_long_code_two_way),
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
                lambda row: _delivery(row.country.alpha_dynamic_delivered),
                "Dynamic ID: what happens to an unregistered sender ID. " + _LEGEND_DELIVERY,
            )
            return (available, alpha, registration, dynamic)
        case SenderId.LONG_CODE_INTERNATIONAL:
            return (available,)


def _fields(result: CountrySupport) -> tuple[_Field, ...]:
    middle = _one_sender(result.sender) if result.sender is not None else _EVERY_SENDER
    notes = (_NOTES,) if result.notes and result.fmt is OutputFormat.CSV else ()
    return (_COUNTRY, *middle, _REVIEWED, _AS_OF, *notes)


def _legend(fields: Sequence[_Field]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(field.legend for field in fields if field.legend))


def _source_ids(result: CountrySupport) -> list[str]:
    shown = [result.sender] if result.sender is not None else list(SenderId)
    ids: list[str] = []
    for row in result.rows:
        ids.extend(row.country.source)
        for sender in shown:
            lead = own_lead_time(row.country, sender)
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
    CSV, where they are the table's last column. For a terminal, the table of
    every sender type turns round (countries as columns, a few to a table) so
    that no column is too narrow for its words.
    """
    blocks: list[Block] = [*_tables(result)]
    if result.notes and result.fmt is not OutputFormat.CSV:
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
