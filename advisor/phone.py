"""Phone numbers: the only module that imports phonenumbers (imported on first use)."""

from __future__ import annotations

from advisor.errors import InputError, shown


def looks_like_phone_number(text: str) -> bool:
    """True for ``+4915123456789`` and friends: a leading plus, or mostly digits."""
    stripped = text.strip()
    if stripped.startswith("+"):
        return True
    digits = sum(char.isdigit() for char in stripped)
    return digits >= 5 and digits >= len(stripped.replace(" ", "")) * 0.6


def region_of(number_text: str, *, field: str = "country") -> str:
    """The ISO 3166 alpha-2 region of an E.164 number, e.g. ``+4915123456789`` -> ``DE``."""
    import phonenumbers

    try:
        number = phonenumbers.parse(number_text, None)
    except phonenumbers.NumberParseException:
        raise InputError(
            f"{field}: {shown(number_text)} is not a phone number in E.164 form "
            "(expected + and the country code, e.g. +14155550100)"
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise InputError(
            f"{field}: {shown(number_text)} is not a valid phone number "
            f"(no such number in country code +{number.country_code})"
        )
    region = phonenumbers.region_code_for_number(number)
    if not region or region == "001":
        raise InputError(
            f"{field}: {shown(number_text)} belongs to no single country (a non-geographic number)"
        )
    return str(region)
