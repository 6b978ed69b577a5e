"""Numbers as people write them: thousands separators, decimal commas and locales.

The one home of number parsing for flags, prompt answers and sheet cells, and the one
room of Babel (``babel.numbers.parse_decimal`` in strict mode reads a number the way a
locale writes it). docs/intake.md ("Numbers and locales") states the rules to users:

- A plain number (``20000``, ``2.5``, ``-3``, ``1e6``) means the same in every locale,
  except a point followed by exactly three digits (``20.000``, ``2.125``), which many
  locales use to group thousands.
- Spaces, apostrophes and underscores between groups of three digits group thousands
  in every locale (``1 000``, ``1'000``, ``1_000``).
- With a locale (``--locale``, ``ADVISOR_LOCALE``, a sheet separated by ``;``), the
  number is read the way that locale writes it.
- Without one, a comma groups thousands and a point is the decimal point (``20,000``,
  ``1,000.5``): a number that only a decimal-comma locale reads (``1,5``, ``1.000,5``)
  or that the two conventions read differently (``20.000``) is an error naming the
  readings and how to settle them, never a silent guess.
"""

from __future__ import annotations

import functools
import math
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from advisor.errors import InputError, shown

if TYPE_CHECKING:
    from babel import Locale

#: the convention a sheet separated by ``;`` is written in when no locale is given:
#: Excel writes ``;`` where the decimal separator is a comma (points group thousands).
DECIMAL_COMMA = "de_DE"
#: the locales whose readings an error names when no locale is given.
_POINT, _COMMA = "en_US", DECIMAL_COMMA

#: digits with an optional point and fraction, and an optional exponent.
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: a point followed by exactly three digits: thousands in many locales, a fraction in others.
_POINT_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
#: groups of three digits separated by a space (any, no-break ones too), an apostrophe
#: (straight or typographic) or an underscore, with an optional fraction after them.
_SPACED = re.compile(r"[+-]?\d{1,3}(?:[\s'\u2019_]\d{3})+(?:[.,]\d+)?")
_SPACERS = re.compile(r"[\s'\u2019_]")


def parse_locale(value: str, field: str = "--locale") -> str:
    """A locale identifier as Babel knows it (``de_DE``, ``de-DE``, ``de``), normalised."""
    from babel import Locale, UnknownLocaleError

    text = value.strip()
    try:
        return str(Locale.parse(text.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        raise InputError(
            f"{field}: unknown locale {shown(value)}: expected a language and region "
            "such as de_DE, fr_FR or en_US"
        ) from None


@functools.lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    from babel import Locale

    return Locale.parse(name)


#: texts up to this long are memoised (a sheet repeats its numbers; a long one is junk).
_MEMO_CHARS = 40


def _reading(text: str, locale: str) -> Decimal | tuple[str, ...]:
    """``text`` read the way ``locale`` writes numbers, or Babel's suggestions when it is not."""
    return _memo_reading(text, locale) if len(text) <= _MEMO_CHARS else _read_babel(text, locale)


@functools.lru_cache(maxsize=4096)
def _memo_reading(text: str, locale: str) -> Decimal | tuple[str, ...]:
    return _read_babel(text, locale)


def _read_babel(text: str, locale: str) -> Decimal | tuple[str, ...]:
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        return parse_decimal(text, _locale(locale), strict=True)
    except NumberFormatError as error:
        return tuple(getattr(error, "suggestions", None) or ())
    except ArithmeticError:  # strict mode re-formats the value: 1,5e99999 overflows
        return ()


def example(locale: str) -> str:
    """How ``locale`` writes one thousand two hundred and thirty-four and a half."""
    from babel.numbers import format_decimal

    return str(format_decimal(Decimal("1234.5"), locale=_locale(locale)))


def decimal_symbol(locale: str | None) -> str:
    """The decimal separator of ``locale`` (``,`` for de_DE); ``.`` without one."""
    if locale is None:
        return "."
    from babel.numbers import get_decimal_symbol

    return str(get_decimal_symbol(_locale(locale)))


def _english(value: Decimal) -> str:
    """A value as an error message says it: ``20,000``, ``1.5`` (``1E+400`` when huge)."""
    value = value.normalize()
    return f"{value:,f}" if abs(value.adjusted()) < _DIGITS else f"{value:E}"


def _plain(value: Decimal) -> str:
    """A value as a user can write it in any locale: ``20000``, ``1.5``."""
    value = value.normalize()
    return f"{value:f}" if abs(value.adjusted()) < _DIGITS else f"{value:E}"


#: the most digits a message writes out in full.
_DIGITS = 30


def parse_number(
    value: object, field: str, *, integer: bool = False, locale: str | None = None
) -> float | int | None:
    """A number from a flag, a prompt or a cell; blank is None. See the module's rules.

    ``locale`` is how the number is written (a Babel identifier, :func:`parse_locale`);
    None: not known, and a number whose meaning depends on it is an :class:`InputError`.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(f"{field}: expected a number, got {shown(value)}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        number = _read(text, field, integer=integer, locale=locale)
        read_by_locale = locale is not None and not _PLAIN.fullmatch(text)
        if integer and read_by_locale and math.isfinite(number) and not number.is_integer():
            raise InputError(
                f"{field}: expected a whole number, got {shown(value)} "
                f"(as {locale} writes numbers, that is {number:g})"
            )
    if not math.isfinite(number):
        raise InputError(f"{field}: expected a finite number, got {shown(value)}")
    if integer:
        if not number.is_integer():
            raise InputError(f"{field}: expected a whole number, got {shown(value)}")
        return int(number)
    return number


def _read(given: str, field: str, *, integer: bool, locale: str | None) -> float:
    text = given
    if _PLAIN.fullmatch(text) and not _POINT_THOUSANDS.fullmatch(text):
        return float(text)
    if _SPACED.fullmatch(text):
        text = _SPACERS.sub("", text)
        if _PLAIN.fullmatch(text) and not _POINT_THOUSANDS.fullmatch(text):
            return float(text)
    if locale is not None:
        reading = _reading(text, locale)
        if isinstance(reading, Decimal):
            return float(reading)
        hint = " or ".join(shown(s) for s in reading[:2])
        hint = f"; did you mean {hint}?" if hint else ""
        raise InputError(
            f"{field}: expected a number as {locale} writes it (e.g. {example(locale)}), "
            f"got {shown(given)}{hint}"
        )
    point, comma = _reading(text, _POINT), _reading(text, _COMMA)
    if isinstance(point, Decimal):
        # a comma groups thousands unless a locale says otherwise (20,000 is 20000)
        if not isinstance(comma, Decimal) or comma == point or "." not in text:
            return float(point)
        raise InputError(
            f"{field}: {shown(given)} is {_english(point)} or {_english(comma)} depending on "
            f"the locale: give --locale ({_COMMA} reads {_english(comma)}) "
            f"or write {_plain(comma)}"
        )
    if isinstance(comma, Decimal) and math.isfinite(comma):
        raise InputError(
            f"{field}: {shown(given)} is {_english(comma)} only with a decimal comma: "
            f"give --locale ({_COMMA} reads {_english(comma)}) or write {_plain(comma)}"
        )
    kind = "a whole number" if integer else "a number"
    raise InputError(f"{field}: expected {kind}, got {shown(given)}")
