"""ISO 3166 country codes: the only module that imports pycountry (imported on first use).

The knowledge base names its countries by alpha-2 code; CRM exports often use the
alpha-3 code (``DEU``, ``GBR``), and a phone number's calling code may be shared with
regions the knowledge base does not hold, which still need a name in a message.
"""

from __future__ import annotations


def alpha2_of_alpha3(code: str) -> str | None:
    """The alpha-2 code of an alpha-3 code in any letter case (``deu`` -> ``DE``), or None.

    Withdrawn codes count too (``ANT``, the Netherlands Antilles, is ``AN``).
    """
    import pycountry

    text = code.strip().upper()
    if len(text) != 3 or not text.isascii() or not text.isalpha():
        return None
    for table in (pycountry.countries, pycountry.historic_countries):
        found = table.get(alpha_3=text)
        if found is not None:
            return str(found.alpha_2)
    return None


def country_name(alpha2: str) -> str | None:
    """The ISO 3166 short name of an alpha-2 code (``MP`` -> ``Northern Mariana Islands``)."""
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha2.strip().upper())
    return str(found.name) if found is not None else None


def alpha2_of_name(name: str) -> str | None:
    """The alpha-2 code of a country's ISO 3166 name, official name or common name, in
    any letter case (``Korea, Republic of`` -> ``KR``, as CRM picklists write it), or
    None. Codes are not names here: ``DEU`` or ``276`` give None."""
    import pycountry

    text = name.strip()
    try:
        found = pycountry.countries.lookup(text)
    except LookupError:
        return None
    names = (getattr(found, field, None) for field in ("name", "official_name", "common_name"))
    if text.casefold() in (str(known).casefold() for known in names if known):
        return str(found.alpha_2)
    return None
