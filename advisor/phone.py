"""Phone numbers: the only module that imports phonenumbers (imported on first use).

:func:`number_country` says what a number, or a calling code alone, tells about its
country. An assigned number (phonenumbers' ``is_valid_number``) names its region. A
number that is possible but not assigned (``+447700900123``, the UK's range for
fiction) and a calling code alone (``+44``) name the country that owns the calling
code: the only region using it, or the main one phonenumbers names for it. The
one-digit codes +1 and +7 are different: each is one numbering plan shared by several
countries (the North American plan; Russia and Kazakhstan), so there only an assigned
number tells the country, and the answer lists the candidates instead of a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.errors import InputError, shown

#: ``+44``, ``+ 44``: a calling code and nothing after it.
_CALLING_CODE = re.compile(r"^\+\s*(\d{1,3})$")
#: phonenumbers' region for the non-geographic codes (+800, +882, ...).
_NON_GEOGRAPHIC = "001"


def looks_like_phone_number(text: str) -> bool:
    """True for ``+4915123456789`` and friends: a leading plus, or mostly digits."""
    stripped = text.strip()
    if stripped.startswith("+"):
        return True
    digits = sum(char.isdigit() for char in stripped)
    return digits >= 5 and digits >= len(stripped.replace(" ", "")) * 0.6


@dataclass(frozen=True, slots=True)
class NumberCountry:
    """What a phone number (or a calling code alone) says about its country."""

    #: the number in E.164 form (``+447700900123``), or the calling code alone (``+44``).
    e164: str
    #: the calling code, e.g. 44.
    calling_code: int
    #: the ISO 3166 alpha-2 region; None when the code's plan is shared by several
    #: countries and the number does not say which (+1, +7).
    region: str | None
    #: every region that uses the calling code, the main one first.
    regions: tuple[str, ...]
    #: an assigned number (valid in its region's plan), not just a possible one.
    assigned: bool
    #: the text was a calling code alone.
    code_only: bool

    @property
    def shared(self) -> bool:
        """Whether other regions use the same calling code."""
        return len(self.regions) > 1


def _not_e164(text: str, field: str) -> InputError:
    return InputError(
        f"{field}: {shown(text)} is not a phone number in E.164 form "
        "(expected + and the country code, e.g. +14155550100)"
    )


def _non_geographic(text: str, field: str) -> InputError:
    return InputError(
        f"{field}: {shown(text)} belongs to no single country (a non-geographic number)"
    )


def _regions(calling_code: int) -> tuple[str, ...]:
    """The regions using a calling code, the main one (phonenumbers' choice) first."""
    import phonenumbers

    regions = tuple(
        str(region) for region in phonenumbers.region_codes_for_country_code(calling_code)
    )
    if len(regions) <= 1:
        return regions
    main = str(phonenumbers.region_code_for_country_code(calling_code))
    return (main, *(region for region in regions if region != main))


def _code_country(calling_code: int, regions: tuple[str, ...]) -> str | None:
    """The country a calling code alone names: None for a plan several countries share."""
    if len(regions) > 1 and calling_code < 10:
        return None  # +1 and +7: one plan, several countries
    return regions[0]


def number_country(text: str, *, field: str = "country") -> NumberCountry:
    """The country of an E.164 number or a calling code alone, e.g. ``+4915123456789``.

    Raises :class:`advisor.errors.InputError` for text that is no number in E.164
    form, a number too short or too long for its plan, and a non-geographic number.
    """
    import phonenumbers

    stripped = text.strip()
    bare = _CALLING_CODE.match(stripped)
    if bare:
        code = int(bare.group(1))
        regions = _regions(code)
        if not regions:
            raise _not_e164(text, field)
        if regions == (_NON_GEOGRAPHIC,):
            raise _non_geographic(text, field)
        return NumberCountry(f"+{code}", code, _code_country(code, regions), regions, False, True)
    try:
        number = phonenumbers.parse(stripped, None)
    except phonenumbers.NumberParseException:
        raise _not_e164(text, field) from None
    if not number.country_code:
        raise _not_e164(text, field)
    code = int(number.country_code)
    regions = _regions(code)
    e164 = str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    if phonenumbers.is_valid_number(number):
        region = phonenumbers.region_code_for_number(number)
        if not region or region == _NON_GEOGRAPHIC:
            raise _non_geographic(text, field)
        return NumberCountry(e164, code, str(region), regions, True, False)
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE or not regions:
        raise InputError(
            f"{field}: {shown(text)} is not a valid phone number "
            f"(no such number in country code +{code})"
        )
    if regions == (_NON_GEOGRAPHIC,):
        raise _non_geographic(text, field)
    return NumberCountry(e164, code, _code_country(code, regions), regions, False, False)
