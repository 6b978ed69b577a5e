"""Per-country sender support (``advisor countries``) as JSON and as a Document.

Rows are countries, in the order given (else sorted by code); columns give a
readable status per sender type, the two-way options, whether the row was
reviewed by hand and its as-of date, and (when shown) the country's notes.
``sender`` narrows the table to one sender type: its own columns, split into
one fact each, plus the notes.

JSON: a list of country objects, in the order of the table, whatever the sender
or the notes setting (``--sender`` narrows only ``senders``):

- ``code``, ``name``, ``aliases`` (list of other names);
- ``reviewed``: true when a person checked the facts against current provider
  pages, false for a first reading nobody has checked; ``review_date``: the day of
  that check (null when unreviewed);
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
  or ``"unknown"`` (whether an international business can send from it there,
  today, from any provider), ``providers`` (the provider ids behind the status,
  empty when it is the country's own fact), ``local_only`` (only a business
  registered in the country can have it), and ``lead_time`` is the country's own
  figure (``{"text", "min", "max", "unit", "source", "as_of", "note"}``) or null
  when the country has none;
- ``notes``, ``links`` (the URLs of the country's own sources), ``source`` (ids
  of every source its facts cite), ``as_of`` (the newest date a cited source
  asserted a fact, ISO).

Every value is derived from the country's claims for an international business,
any provider, today (:mod:`advisor.knowledge.summary`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.engine import ResolvedSender, resolve_sender
from advisor.errors import InputError, shown
from advisor.knowledge import Country, KnowledgeBase, LeadTime
from advisor.knowledge.summary import (
    CountrySummary,
    cited,
    last_asserted,
    summarise,
)
from advisor.vocab import OutputFormat, SenderId, YesNo

#: without ``--notes``/``--no-notes``, a terminal table of every sender type for
#: more countries than this leaves the notes out; every other format keeps them.
TERMINAL_NOTES_MAX = 5
#: countries side by side in one terminal table of every sender type.
TERMINAL_COUNTRIES = 4


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
    from advisor.country import resolve_country

    return tuple(dict.fromkeys(resolve_country(value, kb, field) for value in values))


# --- Facts in words ------------------------------------------------------------------------------


def own_lead_time(row: CountryRow, sender: SenderId) -> LeadTime | None:
    """The country's own lead time for a sender, when the knowledge base has one."""
    return row.summary.senders[sender].lead_time


def sender_status(row: CountryRow, sender: SenderId) -> str:
    """Whether a sender can send in a country: yes, partial, overwritten, no or unknown."""
    return row.summary.status(sender).value


def two_way_confirmed(row: CountryRow, sender: SenderId) -> bool:
    """A source says replies reach the sender in the country."""
    return row.summary.senders[sender].replies is YesNo.YES


# --- The result ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountryRow:
    code: str
    country: Country
    #: every sender as it works in the country, in the knowledge base's order.
    senders: tuple[ResolvedSender, ...]
    #: the country's claims summed up for an international business, any provider, today.
    summary: CountrySummary
    #: provider id -> name, to show which providers offer a sender.
    provider_names: dict[str, str]

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
    provider_names = {key: provider.name for key, provider in kb.providers.items()}
    rows = tuple(
        CountryRow(
            code,
            kb.countries[code],
            tuple(resolve_sender(kb, sender_id, code) for sender_id in kb.senders),
            summarise(kb, code),
            provider_names,
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
    country, summary = row.country, row.summary
    as_of = last_asserted(country)
    return {
        "code": row.code,
        "name": country.name,
        "aliases": list(country.aliases),
        "reviewed": country.reviewed,
        "review_date": country.review.date.isoformat() if country.review.date else None,
        "short_code": summary.short_code.value,
        "toll_free_sms": summary.toll_free_sms.value,
        "domestic_long_code_sms": summary.domestic_long_code_sms.value,
        "domestic_long_code_two_way": summary.domestic_long_code_two_way.value,
        "alpha_supported": summary.alpha_supported.value,
        "alpha_registration": summary.alpha_registration.value,
        "alpha_dynamic_delivered": summary.alpha_dynamic_delivered.value,
        "international_long_code": summary.international_long_code.value,
        "two_way_options": [sender.value for sender in summary.two_way_options],
        "senders": {
            resolved.id.value: {
                "name": resolved.name,
                "status": sender_status(row, resolved.id),
                "providers": [p for p in summary.senders[resolved.id].providers if p],
                "local_only": summary.senders[resolved.id].local_only,
                "two_way_confirmed": two_way_confirmed(row, resolved.id),
                "lead_time": _lead_time_json(own_lead_time(row, resolved.id)),
            }
            for resolved in row.senders
            if only is None or resolved.id is only
        },
        "notes": country.notes,
        "links": [source.url for source in country.sources.values()],
        "source": list(cited(country)),
        "as_of": as_of.isoformat() if as_of else None,
    }


def countries_json(result: CountrySupport) -> list[dict[str, Any]]:
    return [_country_json(row, result.sender) for row in result.rows]
