"""Exact SMS segmentation: the encoding, the number of segments and the text of each.

The rules, and where they come from:

* **Alphabet** (3GPP TS 23.038 §6.2.1). A message is sent in the GSM 7-bit default
  alphabet when every character is in its basic table (one septet each) or in its
  extension table (two septets each: ESC plus a code, §6.2.1.1). Otherwise the
  *whole* message is sent as UCS-2, counted here in UTF-16 code units: a character
  above U+FFFF (most emoji) takes two units, a surrogate pair.
* **Limits** (3GPP TS 23.040 §9.2.3.24, §9.2.3.24.1). One SMS carries 140 octets of
  user data: 160 septets or 70 UCS-2 units. A longer text is split into parts that
  each carry a 6-octet concatenation header, leaving 153 septets or 67 units a part.
* **Boundaries** (TS 23.040 §9.2.3.24.1). A part boundary never splits an escape
  sequence or a UCS-2 character: when only one unit is left in a part, an extension
  character (or a surrogate pair) moves whole to the next part, and the part ends
  with 152 septets (66 units). Grapheme clusters are *not* protected: the two
  regional indicators of a flag, the pieces of a ZWJ sequence, a letter and its
  combining mark, or a CR and its LF may end up in different parts.

Choices made here:

* **0x09 is capital Ç.** The table in TS 23.038 shows capital ``Ç`` at 0x09; the
  Unicode Consortium's (obsolete) mapping file GSM0338.TXT maps it to small ``ç``
  and gateways differ. The strict reading is used, so ``ç`` forces UCS-2.
* **Empty text** is one segment: one SMS PDU with TP-UDL = 0 (TS 23.040
  §9.2.3.16). Provider APIs refuse a message with neither a body nor media.
* **National language shift tables** (TS 23.038 §6.2.1.2.4) are not used: they cost
  header octets in every part and international A2P traffic does not use them.
* **Lone surrogates** (not valid Unicode, but possible in a Python ``str``) are one
  UCS-2 unit each.

Positions are indexes into the Python ``str`` (code points, from 0).

Speed: :func:`count_segments` works with C-speed primitives (a bytes translate for
ASCII text, a compiled character-class regex, a UTF-16 encode) and looks at single
characters only to find the extension or astral characters of a multipart message,
from which the part boundaries follow. The characters that forced UCS-2 are found
on first access to :attr:`SegmentCount.unicode_chars`, so counting stays cheap.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final, NamedTuple

__all__ = [
    "CODEPOINTS",
    "ESCAPE",
    "GSM7_3GPP",
    "GSM7_BASIC",
    "GSM7_CHARACTERS",
    "GSM7_EXTENSION",
    "MULTIPART_GSM7",
    "MULTIPART_UCS2",
    "NON_GSM7_RUN",
    "SINGLE_GSM7",
    "SINGLE_UCS2",
    "Alphabet",
    "Encoding",
    "SegmentCount",
    "UnicodeChar",
    "codepoint",
    "count_in",
    "count_segments",
    "count_units",
    "is_gsm7",
    "split_segments",
]


class Encoding(StrEnum):
    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


#: 160 septets in one SMS (140 octets of TP-UD).
SINGLE_GSM7: Final = 160
#: 153 septets in each part of a concatenated message (6-octet UDH plus a fill bit).
MULTIPART_GSM7: Final = 153
#: 70 UCS-2 units in one SMS.
SINGLE_UCS2: Final = 70
#: 67 UCS-2 units in each part: (140 - 6) / 2.
MULTIPART_UCS2: Final = 67

#: The escape to the extension table; a code point of the table, not a character.
ESCAPE: Final = "\x1b"

#: 3GPP TS 23.038 §6.2.1, the GSM 7-bit default alphabet in code order (index = code).
#: 0x1B is ESC. Escapes keep look-alikes apart: the Greek capitals are U+0394 etc.,
#: not the mathematical U+2206 INCREMENT or U+2126 OHM SIGN.
GSM7_BASIC: Final = (
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"  # 0x00
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\x1b\u00c6\u00e6\u00df\u00c9"
    " !\"#\u00a4%&'()*+,-./"  # 0x20: $ is at 0x02, the currency sign at 0x24
    "0123456789:;<=>?"  # 0x30
    "\u00a1ABCDEFGHIJKLMNO"  # 0x40
    "PQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"  # 0x50
    "\u00bfabcdefghijklmno"  # 0x60: no grave accent
    "pqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0"  # 0x70
)

#: 3GPP TS 23.038 §6.2.1.1, the extension table: character -> code after ESC.
#: Each costs two septets in a GSM-7 message (and one unit in a UCS-2 message).
GSM7_EXTENSION: Final[Mapping[str, int]] = MappingProxyType(
    {
        "\f": 0x0A,
        "^": 0x14,
        "{": 0x28,
        "}": 0x29,
        "\\": 0x2F,
        "[": 0x3C,
        "~": 0x3D,
        "]": 0x3E,
        "|": 0x40,
        "\u20ac": 0x65,  # euro sign
    }
)

#: Every character a GSM-7 message can carry (127 basic, 10 extension).
GSM7_CHARACTERS: Final = frozenset(GSM7_BASIC.replace(ESCAPE, "")) | frozenset(GSM7_EXTENSION)

_GSM7_CLASS = re.escape("".join(sorted(GSM7_CHARACTERS)))
_NON_GSM7: Final = re.compile(f"[^{_GSM7_CLASS}]")
#: a run of characters outside GSM-7 (the characters that force UCS-2, run by run)
NON_GSM7_RUN: Final = re.compile(f"[^{_GSM7_CLASS}]+")
_EXTENSION: Final = re.compile(f"[{re.escape(''.join(GSM7_EXTENSION))}]")
_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")
# The ASCII members, for the bytes fast path: a bytes translate deletes them in C.
_GSM7_ASCII: Final = bytes(sorted(ord(char) for char in GSM7_CHARACTERS if char.isascii()))
_EXTENSION_ASCII: Final = bytes(sorted(ord(char) for char in GSM7_EXTENSION if char.isascii()))
_EURO: Final = "\u20ac"


class UnicodeChar(NamedTuple):
    """A character outside the GSM-7 alphabet, which makes the message UCS-2.

    A named tuple: a message of CJK text has hundreds, and a tuple is made fastest.
    """

    #: index in the Python ``str`` (code points, from 0).
    position: int
    char: str
    #: ``U+2019``
    codepoint: str


@dataclass(frozen=True, slots=True)
class SegmentCount:
    """How a text travels as SMS.

    ``units`` are septets for GSM-7 and UTF-16 code units for UCS-2.
    ``units_per_segment`` is 160 or 70 for a single SMS, 153 or 67 once the text is
    split; a part that had to end early (an extension character or a surrogate pair
    moved to the next part) holds one unit less.
    """

    encoding: Encoding
    segments: int
    units: int
    units_per_segment: int
    #: units used in the last segment
    units_in_last: int
    #: units left in the last segment
    units_left: int
    #: ``len(text)``: code points
    characters: int
    #: the text counted
    text: str = field(repr=False)
    _unicode_chars: tuple[UnicodeChar, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def unicode_chars(self) -> tuple[UnicodeChar, ...]:
        """The characters that forced UCS-2, in order, with positions (empty for GSM-7)."""
        found = self._unicode_chars
        if found is None:
            found = () if self.encoding is Encoding.GSM7 else _non_gsm7_chars(self.text)
            object.__setattr__(self, "_unicode_chars", found)
        return found

    @property
    def multipart(self) -> bool:
        return self.segments > 1


class _Codepoints(dict[str, str]):
    """:func:`codepoint` of each character looked up so far, made on first lookup.

    A lookup that finds its character is the dict's own, in C (no call into Python);
    bounded: cleared when full.
    """

    def __missing__(self, char: str) -> str:
        if len(self) >= _CODEPOINTS_MAX:
            self.clear()
        found = self[char] = f"U+{ord(char):04X}"
        return found


_CODEPOINTS_MAX: Final = 65_536
#: ``CODEPOINTS[char]`` is :func:`codepoint` of ``char``: look it up directly in a loop
#: over many characters.
CODEPOINTS: Final[dict[str, str]] = _Codepoints()
_CODEPOINTS = CODEPOINTS


def codepoint(char: str) -> str:
    """``U+2019`` for ``'\\u2019'``: at least four hex digits."""
    return _CODEPOINTS[char]


def _non_gsm7_chars(text: str) -> tuple[UnicodeChar, ...]:
    names = _CODEPOINTS
    return tuple(
        [
            UnicodeChar(match.start(), char := match.group(), names[char])
            for match in _NON_GSM7.finditer(text)
        ]
    )


def _measure(text: str) -> tuple[Encoding, int, int]:
    """The encoding, the length in units, and how many characters take two units."""
    if text.isascii():  # O(1) in CPython
        data = text.encode("ascii")
        if not data.translate(None, _GSM7_ASCII):
            wide = len(data) - len(data.translate(None, _EXTENSION_ASCII))
            return Encoding.GSM7, len(text) + wide, wide
        return Encoding.UCS2, len(text), 0  # ASCII has no astral characters
    if _NON_GSM7.search(text) is None:
        # UTF-8 encodes non-ASCII characters with bytes >= 0x80 only, so deleting the
        # ASCII extension characters from the bytes counts exactly those.
        data = text.encode("utf-8")
        wide = len(data) - len(data.translate(None, _EXTENSION_ASCII)) + text.count(_EURO)
        return Encoding.GSM7, len(text) + wide, wide
    units = len(text.encode("utf-16-le", "surrogatepass")) >> 1
    return Encoding.UCS2, units, units - len(text)


def _wide_offsets(text: str, pattern: re.Pattern[str]) -> list[int]:
    """Unit offsets at which the two-unit characters matched by ``pattern`` start."""
    return [match.start() + index for index, match in enumerate(pattern.finditer(text))]


def _part_starts(units: int, wide: Sequence[int], per_part: int) -> list[int]:
    """Unit offsets at which each part of a multipart message starts.

    A part ends early when its last unit would be the first half of a two-unit
    character (TS 23.040 §9.2.3.24.1); the loop runs once per part.
    """
    wide_set = set(wide)
    starts = [0]
    start = 0
    while units - start > per_part:
        end = start + per_part
        if end - 1 in wide_set:
            end -= 1
        starts.append(end)
        start = end
    return starts


#: an encoding's units in one SMS, in each part, and what takes two units
_LIMITS: Final[dict[Encoding, tuple[int, int, re.Pattern[str]]]] = {
    Encoding.GSM7: (SINGLE_GSM7, MULTIPART_GSM7, _EXTENSION),
    Encoding.UCS2: (SINGLE_UCS2, MULTIPART_UCS2, _ASTRAL),
}


def is_gsm7(text: str) -> bool:
    """Whether every character of ``text`` is in the GSM-7 basic or extension table."""
    return _measure(text)[0] is Encoding.GSM7


def count_units(text: str, encoding: Encoding) -> int:
    """The length of ``text`` in septets (GSM-7) or UTF-16 units (UCS-2).

    For GSM-7 the text must be GSM-7 (see :func:`is_gsm7`); it is not checked.
    """
    if encoding is Encoding.GSM7:
        data = text.encode("utf-8", "surrogatepass")
        wide = len(data) - len(data.translate(None, _EXTENSION_ASCII)) + text.count(_EURO)
        return len(text) + wide
    return len(text.encode("utf-16-le", "surrogatepass")) >> 1


def unit_name(encoding: Encoding, count: int) -> str:
    """What a message is counted in: ``septet(s)`` for GSM-7, ``UTF-16 unit(s)`` for UCS-2."""
    if encoding is Encoding.GSM7:
        return "septet" if count == 1 else "septets"
    return "UTF-16 unit" if count == 1 else "UTF-16 units"


def count_segments(text: str) -> SegmentCount:
    """The encoding and the number of SMS segments ``text`` takes (the fast path)."""
    encoding, units, wide = _measure(text)
    return _counted(text, encoding, units, wide, _EXTENSION)


def _counted(
    text: str, encoding: Encoding, units: int, wide: int, extension: re.Pattern[str]
) -> SegmentCount:
    single, per_part, pattern = _LIMITS[encoding]
    if encoding is Encoding.GSM7:
        pattern = extension
    characters = len(text)
    if units <= single:
        return SegmentCount(encoding, 1, units, single, units, single - units, characters, text)
    if wide:
        last_start = _part_starts(units, _wide_offsets(text, pattern), per_part)
        segments = len(last_start)
        in_last = units - last_start[-1]
    else:
        segments = -(-units // per_part)
        in_last = units - per_part * (segments - 1)
    return SegmentCount(
        encoding, segments, units, per_part, in_last, per_part - in_last, characters, text
    )


@dataclass(frozen=True, slots=True)
class Alphabet:
    """A 7-bit alphabet a message can be sent in: a basic character takes one septet,
    an extension character two (ESC and its code), as in TS 23.038.

    :data:`GSM7_3GPP` is the standard's; a provider that documents a set of its own
    (``data/segments.yaml``) gets one built with :meth:`of`.
    """

    #: what the provider calls it: ``GSM-7``, ``ASCII-7``
    name: str
    basic: frozenset[str]
    extension: frozenset[str]
    #: matches a character outside the alphabet
    outside: re.Pattern[str] = field(repr=False, compare=False)
    #: matches an extension character
    wide: re.Pattern[str] = field(repr=False, compare=False)

    @classmethod
    def of(cls, name: str, basic: Iterable[str], extension: Iterable[str] = ()) -> Alphabet:
        basic_set = frozenset(basic)
        extension_set = frozenset(extension) - basic_set
        members = re.escape("".join(sorted(basic_set | extension_set)))
        wide = re.escape("".join(sorted(extension_set)))
        return cls(
            name,
            basic_set,
            extension_set,
            re.compile(f"[^{members}]" if members else "[\\s\\S]"),
            re.compile(f"[{wide}]" if wide else "(?!)"),
        )

    def chars_outside(self, text: str) -> tuple[UnicodeChar, ...]:
        """The characters of ``text`` outside this alphabet, in order, with positions."""
        return tuple(
            UnicodeChar(match.start(), char := match.group(), codepoint(char))
            for match in self.outside.finditer(text)
        )


#: The GSM 7-bit default alphabet and its extension table (TS 23.038 §6.2.1).
GSM7_3GPP: Final = Alphabet.of("GSM-7", GSM7_BASIC.replace(ESCAPE, ""), GSM7_EXTENSION)


def count_in(text: str, alphabet: Alphabet) -> SegmentCount:
    """:func:`count_segments` with ``alphabet`` as the 7-bit alphabet (GSM-7 stands for
    it in :attr:`SegmentCount.encoding`); the limits and part boundaries are 3GPP's.

    :attr:`SegmentCount.unicode_chars` lists 3GPP's non-GSM characters; the characters
    outside ``alphabet`` are :meth:`Alphabet.chars_outside`.
    """
    if alphabet == GSM7_3GPP:
        return count_segments(text)
    if alphabet.outside.search(text) is None:
        wide = len(alphabet.wide.findall(text))
        return _counted(text, Encoding.GSM7, len(text) + wide, wide, alphabet.wide)
    units = len(text.encode("utf-16-le", "surrogatepass")) >> 1
    return _counted(text, Encoding.UCS2, units, units - len(text), alphabet.wide)


def split_segments(text: str) -> tuple[str, ...]:
    """The text of each segment, in order; they join back to ``text``."""
    encoding, units, wide = _measure(text)
    single, per_part, pattern = _LIMITS[encoding]
    if units <= single:
        return (text,)
    offsets = _wide_offsets(text, pattern) if wide else []
    starts = _part_starts(units, offsets, per_part)
    # A unit offset minus the two-unit characters before it is a str index.
    cuts = [start - bisect_left(offsets, start) for start in starts]
    cuts.append(len(text))
    return tuple(text[cuts[i] : cuts[i + 1]] for i in range(len(starts)))
