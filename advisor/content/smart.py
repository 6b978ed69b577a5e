"""Smart encoding: the look-alike replacements providers make to stay in GSM-7."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, NamedTuple

from advisor.content.segments import (
    GSM7_CHARACTERS,
    Encoding,
    SegmentCount,
    UnicodeChar,
    codepoint,
    count_segments,
)

# --- Smart encoding ------------------------------------------------------------------
#
# Provider transliteration, not part of 3GPP. The table follows Twilio's public "List
# of characters replaced by Smart Encoding":
# https://www.twilio.com/docs/messaging/services/smart-encoding-char-list
# with two differences: the Unicode spaces become one space (not two), and control
# characters are left alone (they are not look-alikes). Twilio applies it only when
# every non-GSM character can be replaced; otherwise the message goes out unchanged.
_TWILIO_SMART_ENCODING: Final[dict[str, str]] = {
    # double quotation marks
    "\u00ab": '"',  # left-pointing double angle quotation mark
    "\u00bb": '"',  # right-pointing double angle quotation mark
    "\u201c": '"',  # left double quotation mark
    "\u201d": '"',  # right double quotation mark
    "\u02ba": '"',  # modifier letter double prime
    "\u02ee": '"',  # modifier letter double apostrophe
    "\u201e": '"',  # double low-9 quotation mark
    "\u201f": '"',  # double high-reversed-9 quotation mark
    "\u275d": '"',  # heavy double turned comma quotation mark ornament
    "\u275e": '"',  # heavy double comma quotation mark ornament
    "\u301d": '"',  # reversed double prime quotation mark
    "\u301e": '"',  # double prime quotation mark
    "\uff02": '"',  # fullwidth quotation mark
    # single quotation marks, apostrophes, primes, accents
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark
    "\u02bb": "'",  # modifier letter turned comma
    "\u02c8": "'",  # modifier letter vertical line
    "\u02bc": "'",  # modifier letter apostrophe
    "\u02bd": "'",  # modifier letter reversed comma
    "\u02b9": "'",  # modifier letter prime
    "\u201b": "'",  # single high-reversed-9 quotation mark
    "\uff07": "'",  # fullwidth apostrophe
    "\u00b4": "'",  # acute accent
    "\u02ca": "'",  # modifier letter acute accent
    "`": "'",  # grave accent (not in the GSM alphabet)
    "\u02cb": "'",  # modifier letter grave accent
    "\u275b": "'",  # heavy single turned comma quotation mark ornament
    "\u275c": "'",  # heavy single comma quotation mark ornament
    "\u0313": "'",  # combining comma above
    "\u0314": "'",  # combining reversed comma above
    "\ufe10": "'",  # presentation form for vertical comma
    "\ufe11": "'",  # presentation form for vertical ideographic comma
    # slashes, fractions, lines
    "\u00f7": "/",  # division sign
    "\u00bc": "1/4",  # vulgar fraction one quarter
    "\u00bd": "1/2",  # vulgar fraction one half
    "\u00be": "3/4",  # vulgar fraction three quarters
    "\u29f8": "/",  # big solidus
    "\u0337": "/",  # combining short solidus overlay
    "\u0338": "/",  # combining long solidus overlay
    "\u2044": "/",  # fraction slash
    "\u2215": "/",  # division slash
    "\uff0f": "/",  # fullwidth solidus
    "\u29f9": "\\",  # big reverse solidus
    "\u29f5": "\\",  # reverse solidus operator
    "\u20e5": "\\",  # combining reverse solidus overlay
    "\ufe68": "\\",  # small reverse solidus
    "\uff3c": "\\",  # fullwidth reverse solidus
    "\u0332": "_",  # combining low line
    "\uff3f": "_",  # fullwidth low line
    "\u2017": "_",  # double low line
    "\u20d2": "|",  # combining long vertical line overlay
    "\u20d3": "|",  # combining short vertical line overlay
    "\u2223": "|",  # divides
    "\uff5c": "|",  # fullwidth vertical line
    "\u23b8": "|",  # left vertical box line
    "\u23b9": "|",  # right vertical box line
    "\u23d0": "|",  # vertical line extension
    "\u239c": "|",  # left parenthesis extension
    "\u239f": "|",  # right parenthesis extension
    # dashes and hyphens
    "\u23bc": "-",  # horizontal scan line-7
    "\u23bd": "-",  # horizontal scan line-9
    "\u2010": "-",  # hyphen
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",  # horizontal bar
    "\u2043": "-",  # hyphen bullet
    "\u2022": "-",  # bullet
    "\ufe63": "-",  # small hyphen-minus
    "\uff0d": "-",  # fullwidth hyphen-minus
    # other punctuation
    "\ufe6b": "@",  # small commercial at
    "\uff20": "@",  # fullwidth commercial at
    "\ufe69": "$",  # small dollar sign
    "\uff04": "$",  # fullwidth dollar sign
    "\u01c3": "!",  # latin letter retroflex click
    "\ufe15": "!",  # presentation form for vertical exclamation mark
    "\ufe57": "!",  # small exclamation mark
    "\uff01": "!",  # fullwidth exclamation mark
    "\u203c": "!!",  # double exclamation mark
    "\ufe5f": "#",  # small number sign
    "\uff03": "#",  # fullwidth number sign
    "\ufe6a": "%",  # small percent sign
    "\uff05": "%",  # fullwidth percent sign
    "\ufe60": "&",  # small ampersand
    "\uff06": "&",  # fullwidth ampersand
    "\u201a": ",",  # single low-9 quotation mark
    "\u0326": ",",  # combining comma below
    "\ufe50": ",",  # small comma
    "\ufe51": ",",  # small ideographic comma
    "\uff0c": ",",  # fullwidth comma
    "\uff64": ",",  # halfwidth ideographic comma
    "\u3001": ",",  # ideographic comma
    "\u2768": "(",  # medium left parenthesis ornament
    "\u276a": "(",  # medium flattened left parenthesis ornament
    "\ufe59": "(",  # small left parenthesis
    "\uff08": "(",  # fullwidth left parenthesis
    "\u27ee": "(",  # mathematical left flattened parenthesis
    "\u2985": "(",  # left white parenthesis
    "\u2769": ")",  # medium right parenthesis ornament
    "\u276b": ")",  # medium flattened right parenthesis ornament
    "\ufe5a": ")",  # small right parenthesis
    "\uff09": ")",  # fullwidth right parenthesis
    "\u27ef": ")",  # mathematical right flattened parenthesis
    "\u2986": ")",  # right white parenthesis
    "\u204e": "*",  # low asterisk
    "\u2217": "*",  # asterisk operator
    "\u229b": "*",  # circled asterisk operator
    "\u2722": "*",  # four teardrop-spoked asterisk
    "\u2723": "*",  # four balloon-spoked asterisk
    "\u2724": "*",  # heavy four balloon-spoked asterisk
    "\u2725": "*",  # four club-spoked asterisk
    "\u2731": "*",  # heavy asterisk
    "\u2732": "*",  # open centre asterisk
    "\u2733": "*",  # eight spoked asterisk
    "\u273a": "*",  # sixteen pointed asterisk
    "\u273b": "*",  # teardrop-spoked asterisk
    "\u273c": "*",  # open centre teardrop-spoked asterisk
    "\u273d": "*",  # heavy teardrop-spoked asterisk
    "\u2743": "*",  # heavy teardrop-spoked pinwheel asterisk
    "\u2749": "*",  # balloon-spoked asterisk
    "\u274a": "*",  # eight teardrop-spoked propeller asterisk
    "\u274b": "*",  # heavy eight teardrop-spoked propeller asterisk
    "\u29c6": "*",  # squared asterisk
    "\ufe61": "*",  # small asterisk
    "\uff0a": "*",  # fullwidth asterisk
    "\u02d6": "+",  # modifier letter plus sign
    "\ufe62": "+",  # small plus sign
    "\uff0b": "+",  # fullwidth plus sign
    "\u3002": ".",  # ideographic full stop
    "\ufe52": ".",  # small full stop
    "\uff0e": ".",  # fullwidth full stop
    "\uff61": ".",  # halfwidth ideographic full stop
    "\u2026": "...",  # horizontal ellipsis
    "\u02d0": ":",  # modifier letter triangular colon
    "\u02f8": ":",  # modifier letter raised colon
    "\u2982": ":",  # z notation type colon
    "\ua789": ":",  # modifier letter colon
    "\ufe13": ":",  # presentation form for vertical colon
    "\uff1a": ":",  # fullwidth colon
    "\u204f": ";",  # reversed semicolon
    "\ufe14": ";",  # presentation form for vertical semicolon
    "\ufe54": ";",  # small semicolon
    "\uff1b": ";",  # fullwidth semicolon
    "\u2039": "<",  # single left-pointing angle quotation mark
    "\ufe64": "<",  # small less-than sign
    "\uff1c": "<",  # fullwidth less-than sign
    "\u0347": "=",  # combining equals sign below
    "\ua78a": "=",  # modifier letter short equals sign
    "\ufe66": "=",  # small equals sign
    "\uff1d": "=",  # fullwidth equals sign
    "\u203a": ">",  # single right-pointing angle quotation mark
    "\ufe65": ">",  # small greater-than sign
    "\uff1e": ">",  # fullwidth greater-than sign
    "\ufe16": "?",  # presentation form for vertical question mark
    "\ufe56": "?",  # small question mark
    "\uff1f": "?",  # fullwidth question mark
    "\u02c6": "^",  # modifier letter circumflex accent
    "\u0302": "^",  # combining circumflex accent
    "\uff3e": "^",  # fullwidth circumflex accent
    "\u1dcd": "^",  # combining double circumflex above
    "\u2774": "{",  # medium left curly bracket ornament
    "\ufe5b": "{",  # small left curly bracket
    "\uff5b": "{",  # fullwidth left curly bracket
    "\u2775": "}",  # medium right curly bracket ornament
    "\ufe5c": "}",  # small right curly bracket
    "\uff5d": "}",  # fullwidth right curly bracket
    "\uff3b": "[",  # fullwidth left square bracket
    "\uff3d": "]",  # fullwidth right square bracket
    "\u02dc": "~",  # small tilde
    "\u02f7": "~",  # modifier letter low tilde
    "\u0303": "~",  # combining tilde
    "\u0330": "~",  # combining tilde below
    "\u0334": "~",  # combining tilde overlay
    "\u223c": "~",  # tilde operator
    "\uff5e": "~",  # fullwidth tilde
    # fullwidth digits and small capitals / fullwidth capitals
    **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
    **{chr(0xFF21 + index): chr(ord("A") + index) for index in range(26)},
    "\u1d00": "A",  # latin letter small capital a
    "\u0299": "B",
    "\u1d04": "C",
    "\u1d05": "D",
    "\u1d07": "E",
    "\ua730": "F",
    "\u0262": "G",
    "\u029c": "H",
    "\u026a": "I",
    "\u1d0a": "J",
    "\u1d0b": "K",
    "\u029f": "L",
    "\u1d0d": "M",
    "\u0274": "N",
    "\u1d0f": "O",
    "\u1d18": "P",
    "\u0280": "R",
    "\ua731": "S",
    "\u1d1b": "T",
    "\u1d1c": "U",
    "\u1d20": "V",
    "\u1d21": "W",
    "\u028f": "Y",
    "\u1d22": "Z",  # latin letter small capital z
    # spaces and separators
    "\u00a0": " ",  # no-break space
    **{chr(code): " " for code in range(0x2000, 0x200B)},  # en quad ... hair space
    "\u202f": " ",  # narrow no-break space
    "\u205f": " ",  # medium mathematical space
    "\u3000": " ",  # ideographic space
    "\u2028": " ",  # line separator
    "\u2029": " ",  # paragraph separator
    # invisible characters: removed
    "\u200b": "",  # zero width space
    "\u200c": "",  # zero width non-joiner
    "\u2060": "",  # word joiner
    "\ufeff": "",  # zero width no-break space (byte order mark)
}

# Look-alikes of the same families that Twilio's published list leaves out: the
# non-breaking hyphen and figure dash, the prime marks, the zero width joiner, and
# the rest of the fullwidth ASCII block U+FF01-U+FF5E (its lower-case letters map
# to ASCII under Unicode compatibility decomposition, NFKC).
_COMPATIBILITY: Final[dict[str, str]] = {
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2032": "'",  # prime
    "\u2035": "'",  # reversed prime
    "\u2033": '"',  # double prime
    "\u2036": '"',  # reversed double prime
    "\u200d": "",  # zero width joiner
    "\uff40": "'",  # fullwidth grave accent: the grave accent is not GSM either
    **{chr(0xFF41 + index): chr(ord("a") + index) for index in range(26)},
}

#: Non-GSM character -> its GSM-7 replacement ("" removes it).
SMART_ENCODING_TABLE: Final[Mapping[str, str]] = MappingProxyType(
    {**_COMPATIBILITY, **_TWILIO_SMART_ENCODING}
)
#: the table as a plain dict, for lookups in a loop
_TABLE: Final = dict(SMART_ENCODING_TABLE)
#: any character smart encoding replaces
_REPLACEABLE: Final = re.compile("[" + re.escape("".join(sorted(SMART_ENCODING_TABLE))) + "]")
#: a character outside GSM-7 that smart encoding cannot replace
_UNREPLACEABLE: Final = re.compile(
    "[^" + re.escape("".join(sorted(GSM7_CHARACTERS | set(SMART_ENCODING_TABLE)))) + "]"
)


class Replacement(NamedTuple):
    #: index in the original text
    position: int
    original: str
    replacement: str


@dataclass(frozen=True, slots=True)
class SmartEncoding:
    """What provider smart encoding does to a message.

    ``applicable`` is true when the message is UCS-2 and *every* character that
    forced UCS-2 has a GSM replacement; then ``text`` is the replaced text and
    ``encoded`` its count. Otherwise the message goes out unchanged: ``text`` is the
    original and ``encoded`` equals ``original``, while ``replacements`` still lists
    what could have been replaced and ``unreplaceable`` what could not.
    """

    original: SegmentCount
    text: str
    encoded: SegmentCount
    replacements: tuple[Replacement, ...]
    applicable: bool
    _unreplaceable: tuple[UnicodeChar, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def unreplaceable(self) -> tuple[UnicodeChar, ...]:
        """The characters that forced UCS-2 and have no replacement, in order (listed on
        first access: a message of CJK text has hundreds)."""
        found = self._unreplaceable
        if found is None:
            if self.applicable or self.original.encoding is Encoding.GSM7:
                found = ()
            elif not self.replacements:
                found = self.original.unicode_chars
            else:
                found = tuple(
                    UnicodeChar(match.start(), char := match.group(), codepoint(char))
                    for match in _UNREPLACEABLE.finditer(self.original.text)
                )
            object.__setattr__(self, "_unreplaceable", found)
        return found

    @property
    def segments_saved(self) -> int:
        """Segments saved by smart encoding (negative when replacements lengthen it)."""
        return self.original.segments - self.encoded.segments


def smart_encode(text: str) -> SmartEncoding:
    """Apply smart encoding the way Twilio Messaging Services do (all or nothing).

    Two regex passes decide it, without listing every character that forced UCS-2: the
    replaceable characters (few), and whether any other non-GSM character is left.
    """
    original = count_segments(text)
    if original.encoding is Encoding.GSM7:
        return SmartEncoding(original, text, original, (), False)  # not applicable
    table = _TABLE
    first = _REPLACEABLE.search(text)  # most messages have none: no list made
    replacements = (
        ()
        if first is None
        else tuple(
            [
                Replacement(match.start(), char := match.group(), table[char])
                for match in _REPLACEABLE.finditer(text, first.start())
            ]
        )
    )
    if not replacements or _UNREPLACEABLE.search(text) is not None:
        return SmartEncoding(original, text, original, replacements, False)
    encoded_text = _replaced(text, replacements)
    return SmartEncoding(original, encoded_text, count_segments(encoded_text), replacements, True)


def _replaced(text: str, replacements: tuple[Replacement, ...]) -> str:
    """``text`` with each of its ``replacements`` made (all of them, in order): what
    ``text.translate`` with the table gives, from the positions already found. (The
    translation looked every character up, and each one not in the table, as most are,
    raised and caught a KeyError inside it: 11 us a message against about 1.)"""
    parts: list[str] = []
    start = 0
    for position, _, replacement in replacements:
        parts.append(text[start:position])
        parts.append(replacement)
        start = position + 1
    parts.append(text[start:])
    return "".join(parts)


def is_replaceable(char: str) -> bool:
    """Whether smart encoding has a GSM replacement for ``char``."""
    return char in _TABLE


__all__ = ["SMART_ENCODING_TABLE", "Replacement", "SmartEncoding", "is_replaceable", "smart_encode"]
