"""The destination country, from whatever a user or a sheet gives for it.

An ISO 3166 alpha-2 code (``DE``) or alpha-3 code (``DEU``, as CRM exports write it)
in any letter case, a country name or one of its aliases from the knowledge base
(``Deutschland``), an E.164 phone number (``+4915123456789``) or a calling code alone
(``+49``). Phone numbers are read by :mod:`advisor.phone`, ISO codes by
:mod:`advisor.iso3166`, each imported only when the answer needs it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from advisor.errors import InputError, shown
from advisor.knowledge import KnowledgeBase


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", " ", bare.casefold()).strip()


_NAME_INDEX: dict[int, dict[str, str]] = {}


def _names(kb: KnowledgeBase) -> dict[str, str]:
    index = _NAME_INDEX.get(id(kb))
    if index is None:
        index = {}
        for code, country in kb.countries.items():
            for name in (country.name, *country.aliases):
                index.setdefault(_fold(name), code)
        _NAME_INDEX[id(kb)] = index
    return index


@dataclass(frozen=True, slots=True)
class CountryAnswer:
    """A country read from an answer, and a note for the user when the reading needs one."""

    #: the ISO 3166 alpha-2 code, a country of the knowledge base.
    code: str
    #: e.g. that the number the country was read from is not an assigned number.
    note: str | None = None


def _country_name(code: str, kb: KnowledgeBase) -> str:
    country = kb.countries.get(code)
    if country is not None:
        return country.name
    from advisor.iso3166 import country_name

    return country_name(code) or code


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _country_of_number(text: str, kb: KnowledgeBase, field: str) -> CountryAnswer:
    """The country of an E.164 number or a calling code alone (see :mod:`advisor.phone`)."""
    from advisor.phone import number_country

    found = number_country(text, field=field)
    plus = f"+{found.calling_code}"
    if found.region is None:
        where = f"{len(found.regions)} countries and territories ({', '.join(found.regions)})"
        what = (
            f"is a calling code that {where} share"
            if found.code_only
            else f"is not an assigned number, and {plus} is shared by {where}"
        )
        raise InputError(
            f"{field}: {shown(text)} {what}: give the country (e.g. {found.regions[0]}) "
            "or an assigned number"
        )
    code = found.region
    if code not in kb.countries:
        raise InputError(f"{field}: {shown(text)} is in {code}, which the knowledge base lacks")
    name = _country_name(code, kb)
    note: str | None = None
    if found.code_only:
        note = f"{plus} is only a calling code, and {name} is the only country that uses it"
        if found.shared:
            others = [f"{_country_name(other, kb)} ({other})" for other in found.regions[1:]]
            note = (
                f"{plus} is only a calling code: read as {code} ({name}), its main country; "
                f"{_and(others)} {'share' if len(others) > 1 else 'shares'} it: give their "
                "code or an assigned number for them"
            )
    elif not found.assigned:
        note = (
            f"{found.e164} is in the {name} number plan but not an assigned number; "
            "the country is certain"
        )
    return CountryAnswer(code, note)


def _iso_country(
    code: str | None, text: str, kb: KnowledgeBase, field: str
) -> CountryAnswer | None:
    """The country ISO 3166 reads ``text`` as (``code``; None: none), if the knowledge
    base has it; an error naming it if not."""
    if code is None:
        return None
    if code not in kb.countries:
        raise InputError(
            f"{field}: {shown(text)} is {code} ({_country_name(code, kb)}), "
            "which the knowledge base lacks"
        )
    return CountryAnswer(code)


def read_country(value: object, kb: KnowledgeBase, field: str = "country") -> CountryAnswer:
    """A country of the knowledge base from what a user gives for it, with a note if needed.

    Accepted: an ISO 3166 alpha-2 code (``DE``) or alpha-3 code (``DEU``) in any letter
    case, a country name or one of its aliases (``Deutschland``), a name ISO 3166 gives
    (``Korea, Republic of``, ``Iran, Islamic Republic of``), an E.164 number
    (``+4915123456789``; one possible but not assigned names its country with a note),
    or a calling code alone (``+49``, with a note). A calling code that several
    countries' plans share (+1, +7) is an error listing them, never a guess.
    """
    text = str(value if value is not None else "").strip()
    if not text:
        raise InputError(f"{field}: expected a country (ISO code, name or E.164 number)")
    if len(text) == 2 and text.isalpha() and text.upper() in kb.countries:
        return CountryAnswer(text.upper())  # (two letters are never a phone number)
    from advisor.phone import looks_like_phone_number

    if looks_like_phone_number(text):
        return _country_of_number(text, kb, field)
    folded = _fold(text)
    names = _names(kb)
    if folded in names:
        return CountryAnswer(names[folded])
    if len(text) == 3 and text.isascii() and text.isalpha():
        from advisor.iso3166 import alpha2_of_alpha3

        if (found := _iso_country(alpha2_of_alpha3(text), text, kb, field)) is not None:
            return found
    if len(text) <= 100:  # ISO 3166's own names (``Korea, Republic of``)
        from advisor.iso3166 import alpha2_of_name

        if (found := _iso_country(alpha2_of_name(text), text, kb, field)) is not None:
            return found
    # a did-you-mean only for what could be a name: a huge cell is compared with none
    close = difflib.get_close_matches(folded, list(names), n=1, cutoff=0.75)
    close = close if len(folded) <= 100 else []
    hint = f"; did you mean {kb.countries[names[close[0]]].name}?" if close else ""
    is_code = text.isascii() and text.isalpha() and (len(text) == 2 or text.isupper())
    what = "country code" if is_code and len(text) <= 3 else "country"
    raise InputError(
        f"{field}: unknown {what} {shown(text)}: expected an ISO 3166 alpha-2 code (e.g. DE) "
        "or alpha-3 code (e.g. DEU), a country name (e.g. Germany) or an E.164 number "
        f"(e.g. +4915123456789){hint}"
    )


def resolve_country(value: object, kb: KnowledgeBase, field: str = "country") -> str:
    """The ISO 3166 alpha-2 code of a country given as :func:`read_country` accepts it."""
    return read_country(value, kb, field).code
