"""SMS segmentation: hand-checked boundaries, the tables, smart encoding, properties."""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.content.analysis import analyse
from advisor.content.segments import (
    ESCAPE,
    GSM7_BASIC,
    GSM7_CHARACTERS,
    GSM7_EXTENSION,
    MULTIPART_GSM7,
    MULTIPART_UCS2,
    SINGLE_GSM7,
    SINGLE_UCS2,
    Encoding,
    SegmentCount,
    UnicodeChar,
    count_segments,
    count_units,
    is_gsm7,
    split_segments,
)
from advisor.content.segments_lines import answer_lines
from advisor.content.smart import SMART_ENCODING_TABLE, Replacement, smart_encode
from advisor.render.model import Heading, Paragraph
from advisor.views.segments import build_document

GSM = Encoding.GSM7
UCS2 = Encoding.UCS2
ZHE = "\u0436"  # Cyrillic small zhe: one UCS-2 unit, not GSM
EMOJI = "\U0001f600"  # grinning face: a surrogate pair
FLAG_US = "\U0001f1fa\U0001f1f8"  # two regional indicators
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
RIGHT_QUOTE = "\u2019"
EURO = "\u20ac"


def shape(count: SegmentCount) -> tuple[Encoding, int, int, int, int, int]:
    return (
        count.encoding,
        count.segments,
        count.units,
        count.units_per_segment,
        count.units_in_last,
        count.units_left,
    )


def part_units(text: str) -> list[int]:
    encoding = count_segments(text).encoding
    return [count_units(part, encoding) for part in split_segments(text)]


# --- the alphabet (3GPP TS 23.038 §6.2.1) --------------------------------------------------------


def test_basic_table_has_128_positions_in_code_order() -> None:
    assert len(GSM7_BASIC) == 128
    assert GSM7_BASIC[0x00] == "@"
    assert GSM7_BASIC[0x02] == "$"
    assert GSM7_BASIC[0x09] == "\u00c7"  # capital C cedilla
    assert GSM7_BASIC[0x0A] == "\n"
    assert GSM7_BASIC[0x0D] == "\r"
    assert GSM7_BASIC[0x10] == "\u0394"  # GREEK CAPITAL LETTER DELTA
    assert GSM7_BASIC[0x1B] == ESCAPE
    assert GSM7_BASIC[0x24] == "\u00a4"  # currency sign
    assert GSM7_BASIC[0x40] == "\u00a1"
    assert GSM7_BASIC[0x5F] == "\u00a7"
    assert GSM7_BASIC[0x60] == "\u00bf"
    assert GSM7_BASIC[0x7F] == "\u00e0"


def test_alphabet_has_127_basic_and_10_extension_characters() -> None:
    assert len(set(GSM7_BASIC)) == 128
    assert len(GSM7_EXTENSION) == 10
    assert len(GSM7_CHARACTERS) == 137
    assert ESCAPE not in GSM7_CHARACTERS
    assert set(GSM7_EXTENSION) == set("\f^{}\\[~]|" + EURO)
    assert GSM7_EXTENSION[EURO] == 0x65


@pytest.mark.parametrize(
    ("text", "encoding", "units"),
    [
        ("\u00c7", GSM, 1),  # capital C cedilla is at 0x09
        ("\u00e7", UCS2, 1),  # small c cedilla: strict reading, forces UCS-2
        ("$", GSM, 1),
        ("\u00a4", GSM, 1),
        ("$\u00a4\u00a3\u00a5", GSM, 4),
        ("`", UCS2, 1),  # the grave accent is not in the alphabet
        ("\r\n", GSM, 2),  # CR and LF are one septet each
        ("\f", GSM, 2),  # form feed is an extension character
        (EURO, GSM, 2),
        ("{}[]~|^\\", GSM, 16),
        ("\u03a9", GSM, 1),  # GREEK CAPITAL LETTER OMEGA
        ("\u2126", UCS2, 1),  # OHM SIGN looks the same but is not GSM
        ("\u0391", UCS2, 1),  # GREEK CAPITAL LETTER ALPHA, a look-alike of A
        ("\u03b1", UCS2, 1),  # lower-case Greek is not GSM
        ("\u00e9", GSM, 1),
        ("\u00e1", UCS2, 1),
        (ESCAPE, UCS2, 1),  # ESC is a code, not a character
        ("\t", UCS2, 1),
        ("\x7f", UCS2, 1),
    ],
)
def test_encoding_and_units_of_single_characters(text: str, encoding: Encoding, units: int) -> None:
    count = count_segments(text)
    assert (count.encoding, count.units, count.segments) == (encoding, units, 1)
    assert is_gsm7(text) is (encoding is GSM)


def test_extension_characters_cost_one_unit_in_ucs2() -> None:
    count = count_segments(EURO + "{" + ZHE)
    assert shape(count) == (UCS2, 1, 3, SINGLE_UCS2, 3, 67)


def test_empty_text_is_one_empty_segment() -> None:
    count = count_segments("")
    assert shape(count) == (GSM, 1, 0, 160, 0, 160)
    assert count.characters == 0
    assert count.unicode_chars == ()
    assert split_segments("") == ("",)


# --- GSM-7 boundaries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (1, (GSM, 1, 1, 160, 1, 159)),
        (160, (GSM, 1, 160, 160, 160, 0)),
        (161, (GSM, 2, 161, 153, 8, 145)),
        (306, (GSM, 2, 306, 153, 153, 0)),
        (307, (GSM, 3, 307, 153, 1, 152)),
        (459, (GSM, 3, 459, 153, 153, 0)),
        (460, (GSM, 4, 460, 153, 1, 152)),
        (1600, (GSM, 11, 1600, 153, 70, 83)),
    ],
)
def test_gsm7_lengths_at_the_limits(
    length: int, expected: tuple[Encoding, int, int, int, int, int]
) -> None:
    assert shape(count_segments("a" * length)) == expected


def test_extension_character_starting_at_septet_153_moves_to_the_next_part() -> None:
    # septets 0-151 are "a"; the euro would take septets 152 and 153 (1-based 153, 154)
    text = "a" * 152 + EURO + "b" * 20
    assert shape(count_segments(text)) == (GSM, 2, 174, 153, 22, 131)
    assert split_segments(text) == ("a" * 152, EURO + "b" * 20)
    assert part_units(text) == [152, 22]


def test_extension_character_ending_at_septet_153_stays() -> None:
    text = "a" * 151 + EURO + "b" * 20
    assert shape(count_segments(text)) == (GSM, 2, 173, 153, 20, 133)
    assert split_segments(text) == ("a" * 151 + EURO, "b" * 20)


def test_extension_characters_only() -> None:
    assert shape(count_segments("{" * 80)) == (GSM, 1, 160, 160, 160, 0)
    # 81 braces = 162 septets: 76 braces (152 septets) fit a part, the 77th would split
    assert shape(count_segments("{" * 81)) == (GSM, 2, 162, 153, 10, 143)
    assert split_segments("{" * 81) == ("{" * 76, "{" * 5)
    # 153 braces: 76 + 76 + 1
    assert shape(count_segments("{" * 153)) == (GSM, 3, 306, 153, 2, 151)


def test_a_moved_extension_character_can_push_the_message_into_another_part() -> None:
    # 306 septets: without the rule 2 full parts; with it the euro at septet 152
    # moves, part 1 holds 152, part 2 153 and one septet is left for part 3.
    text = "a" * 152 + EURO + "b" * 152
    assert shape(count_segments(text)) == (GSM, 3, 306, 153, 1, 152)
    assert part_units(text) == [152, 153, 1]


def test_crlf_may_be_split_across_parts() -> None:
    text = "a" * 152 + "\r\n" + "b" * 10
    assert shape(count_segments(text)) == (GSM, 2, 164, 153, 11, 142)
    assert split_segments(text) == ("a" * 152 + "\r", "\n" + "b" * 10)


def test_non_ascii_gsm_text() -> None:
    text = "\u00c4rger \u00fcber \u00a3 und " + EURO + " \u0394\u03a3 \u00bfs\u00ed?"
    count = count_segments(text)
    assert count.encoding is UCS2  # the i with acute accent is not GSM
    assert len(text) == 26
    assert count.unicode_chars == (UnicodeChar(24, "\u00ed", "U+00ED"),)
    gsm_text = text.replace("\u00ed", "i")  # 26 characters, the euro takes 2 septets
    assert shape(count_segments(gsm_text)) == (GSM, 1, 27, 160, 27, 133)


# --- UCS-2 boundaries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (70, (UCS2, 1, 70, 70, 70, 0)),
        (71, (UCS2, 2, 71, 67, 4, 63)),
        (134, (UCS2, 2, 134, 67, 67, 0)),
        (135, (UCS2, 3, 135, 67, 1, 66)),
        (201, (UCS2, 3, 201, 67, 67, 0)),
        (202, (UCS2, 4, 202, 67, 1, 66)),
    ],
)
def test_ucs2_lengths_at_the_limits(
    length: int, expected: tuple[Encoding, int, int, int, int, int]
) -> None:
    assert shape(count_segments(ZHE * length)) == expected


def test_one_non_gsm_character_makes_the_whole_message_ucs2() -> None:
    text = "a" * 150 + RIGHT_QUOTE
    assert shape(count_segments(text)) == (UCS2, 3, 151, 67, 17, 50)


def test_emoji_straddling_unit_67_moves_whole() -> None:
    text = ZHE * 66 + EMOJI + "x" * 10  # the emoji takes units 66 and 67 (0-based)
    assert shape(count_segments(text)) == (UCS2, 2, 78, 67, 12, 55)
    assert split_segments(text) == (ZHE * 66, EMOJI + "x" * 10)
    assert part_units(text) == [66, 12]


def test_emoji_ending_at_unit_67_stays() -> None:
    text = ZHE * 65 + EMOJI + "x" * 10
    assert shape(count_segments(text)) == (UCS2, 2, 77, 67, 10, 57)
    assert split_segments(text) == (ZHE * 65 + EMOJI, "x" * 10)


def test_emoji_only() -> None:
    assert shape(count_segments(EMOJI * 35)) == (UCS2, 1, 70, 70, 70, 0)
    # 36 emoji = 72 units: 33 emoji (66 units) a part, then 3
    assert shape(count_segments(EMOJI * 36)) == (UCS2, 2, 72, 67, 6, 61)
    assert part_units(EMOJI * 36) == [66, 6]


@pytest.mark.parametrize(
    ("text", "units", "positions"),
    [
        (FLAG_US, 4, [0, 1]),  # a flag is two regional indicators
        ("\U0001f44d\U0001f3fd", 4, [0, 1]),  # thumbs up with a skin tone
        (FAMILY, 11, [0, 1, 2, 3, 4, 5, 6]),  # 4 emoji and 3 ZWJ
        ("1\ufe0f\u20e3", 3, [1, 2]),  # keycap: the digit is GSM, the rest is not
        ("e\u0301", 2, [1]),  # a decomposed accent
        ("\U0001d400", 2, [0]),  # mathematical bold capital A
    ],
)
def test_clusters_are_counted_in_utf16_units(text: str, units: int, positions: list[int]) -> None:
    count = count_segments(text)
    assert (count.encoding, count.units, count.characters) == (UCS2, units, len(text))
    assert [item.position for item in count.unicode_chars] == positions


def test_a_flag_straddling_a_boundary_is_split_per_the_standard() -> None:
    # units 65-66 hold the first regional indicator, 67-68 the second
    text = ZHE * 65 + FLAG_US + "x" * 5
    assert shape(count_segments(text)) == (UCS2, 2, 74, 67, 7, 60)
    first, second = split_segments(text)
    assert first == ZHE * 65 + "\U0001f1fa"
    assert second == "\U0001f1f8" + "x" * 5


def test_zwj_sequence_is_split_between_its_pieces() -> None:
    text = ZHE * 64 + FAMILY + "x"  # the man takes units 64-65, the ZWJ 66
    first, second = split_segments(text)
    assert first == ZHE * 64 + "\U0001f468\u200d"
    assert second == FAMILY[2:] + "x"


def test_lone_surrogates_count_one_unit_each() -> None:
    count = count_segments("a\ud83d")
    assert (count.encoding, count.units) == (UCS2, 2)
    assert count.unicode_chars == (UnicodeChar(1, "\ud83d", "U+D83D"),)


# --- the characters that force UCS-2 -------------------------------------------------------------


def test_unicode_chars_have_positions_and_code_points() -> None:
    text = "It" + RIGHT_QUOTE + "s ok " + EMOJI + " \u00e7a"
    assert count_segments(text).unicode_chars == (
        UnicodeChar(2, RIGHT_QUOTE, "U+2019"),
        UnicodeChar(8, EMOJI, "U+1F600"),
        UnicodeChar(10, "\u00e7", "U+00E7"),
    )


def test_gsm7_text_has_no_unicode_chars() -> None:
    assert count_segments("Hello {name}, " + EURO + "5").unicode_chars == ()


def test_counts_compare_by_value() -> None:
    assert count_segments("abc") == count_segments("abc")
    assert count_segments("abc") != count_segments("abd")
    first = count_segments(ZHE)
    assert first.unicode_chars  # computed on access; equality ignores the cache
    assert first == count_segments(ZHE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.segments = 2  # type: ignore[misc]


# --- smart encoding ------------------------------------------------------------------------------


def test_smart_encoding_table_maps_non_gsm_to_gsm() -> None:
    for char, replacement in SMART_ENCODING_TABLE.items():
        assert len(char) == 1
        assert char not in GSM7_CHARACTERS, codepoint_of(char)
        assert is_gsm7(replacement), codepoint_of(char)


def codepoint_of(char: str) -> str:
    return f"U+{ord(char):04X}"


@pytest.mark.parametrize(
    ("char", "replacement"),
    [
        ("\u2018", "'"),
        ("\u2019", "'"),
        ("\u02bc", "'"),  # modifier letter apostrophe
        ("\u2032", "'"),  # prime
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u00ab", '"'),
        ("\u00bb", '"'),
        ("\u201e", '"'),
        ("\u2013", "-"),
        ("\u2014", "-"),
        ("\u2015", "-"),
        ("\u2010", "-"),
        ("\u2011", "-"),
        ("\u2026", "..."),
        ("\u00a0", " "),
        ("\u2000", " "),
        ("\u200a", " "),
        ("\u202f", " "),
        ("\u205f", " "),
        ("\u3000", " "),
        ("\u200b", ""),
        ("\u200c", ""),
        ("\u200d", ""),
        ("\ufeff", ""),
        ("\uff01", "!"),
        ("\uff21", "A"),
        ("\uff41", "a"),
        ("\uff5b", "{"),
        ("\uff5e", "~"),
        ("\u2022", "-"),
        ("`", "'"),
    ],
)
def test_smart_encoding_replacements(char: str, replacement: str) -> None:
    assert SMART_ENCODING_TABLE[char] == replacement


def test_the_whole_fullwidth_ascii_block_is_replaced() -> None:
    for code in range(0xFF01, 0xFF5F):
        assert code == 0xFF40 or SMART_ENCODING_TABLE[chr(code)] == chr(code - 0xFEE0)
    assert SMART_ENCODING_TABLE["\uff40"] == "'"  # the grave accent is not GSM


def test_smart_encoding_saves_segments() -> None:
    text = "a" * 150 + RIGHT_QUOTE  # 151 UCS-2 units: 3 segments
    smart = smart_encode(text)
    assert smart.applicable
    assert smart.text == "a" * 150 + "'"
    assert shape(smart.original) == (UCS2, 3, 151, 67, 17, 50)
    assert shape(smart.encoded) == (GSM, 1, 151, 160, 151, 9)
    assert smart.replacements == (Replacement(150, RIGHT_QUOTE, "'"),)
    assert smart.unreplaceable == ()
    assert smart.segments_saved == 2


def test_smart_encoding_can_land_on_extension_characters() -> None:
    smart = smart_encode("\uff5bx\uff5d")  # fullwidth braces
    assert smart.text == "{x}"
    assert shape(smart.encoded) == (GSM, 1, 5, 160, 5, 155)


def test_smart_encoding_can_lengthen_a_message() -> None:
    smart = smart_encode("\u2026" * 60)  # 60 units; 180 septets once replaced
    assert smart.applicable
    assert (smart.original.segments, smart.encoded.segments) == (1, 2)
    assert smart.segments_saved == -1


def test_smart_encoding_is_all_or_nothing() -> None:
    text = RIGHT_QUOTE + "ok " + EMOJI + " \u2014"
    smart = smart_encode(text)
    assert not smart.applicable
    assert smart.text == text
    assert smart.encoded == smart.original
    assert smart.replacements == (
        Replacement(0, RIGHT_QUOTE, "'"),
        Replacement(6, "\u2014", "-"),
    )
    assert smart.unreplaceable == (UnicodeChar(4, EMOJI, "U+1F600"),)
    assert smart.segments_saved == 0


def test_smart_encoding_of_gsm_text_changes_nothing() -> None:
    smart = smart_encode("Hello {you}")
    assert not smart.applicable
    assert smart.text == "Hello {you}"
    assert smart.replacements == ()
    assert smart.encoded == smart.original


def test_smart_encoding_removes_invisible_characters() -> None:
    smart = smart_encode("co\u200bop\ufeff")
    assert smart.text == "coop"
    assert shape(smart.encoded) == (GSM, 1, 4, 160, 4, 156)


# --- properties ----------------------------------------------------------------------------------

# A mix that reaches every rule: GSM basic (ASCII and not), extension, BMP non-GSM,
# look-alikes, astral characters, regional indicators, joiners and combining marks.
ALPHABET = (
    "ab z09 .\n\r@$\u00a4\u00e9\u00c7\u0394"
    + "".join(GSM7_EXTENSION)
    + "\u00e7`\u2019\u201c\u2014\u2026\u00a0\u200b\u0436\u4e2d\u0391\u0301\u200d\ufe0f\u20e3"
    + EMOJI
    + "\U0001f1fa\U0001f1f8\U0001f3fd\U0001d400"
)
texts = st.one_of(
    st.text(alphabet=st.sampled_from(ALPHABET), max_size=700),
    st.text(alphabet=st.sampled_from("abc{}" + EURO), min_size=140, max_size=700),
    st.text(alphabet=st.sampled_from("ab\u0436" + EMOJI), min_size=60, max_size=400),
    st.text(max_size=300),
)


def naive_count(text: str) -> tuple[Encoding, int, int]:
    """Fill parts one character at a time: the obvious reading of the standard."""
    gsm = all(char in GSM7_CHARACTERS for char in text)

    def width(char: str) -> int:
        if gsm:
            return 2 if char in GSM7_EXTENSION else 1
        return 2 if ord(char) > 0xFFFF else 1

    units = sum(width(char) for char in text)
    single, per_part = (SINGLE_GSM7, MULTIPART_GSM7) if gsm else (SINGLE_UCS2, MULTIPART_UCS2)
    if units <= single:
        return (GSM if gsm else UCS2), 1, units
    parts, used = 1, 0
    for char in text:
        if used + width(char) > per_part:
            parts, used = parts + 1, 0
        used += width(char)
    return (GSM if gsm else UCS2), parts, units


@settings(max_examples=400)
@given(texts)
def test_count_agrees_with_a_character_by_character_walk(text: str) -> None:
    count = count_segments(text)
    assert (count.encoding, count.segments, count.units) == naive_count(text)


@settings(max_examples=300)
@given(texts)
def test_split_agrees_with_count_and_rejoins(text: str) -> None:
    count = count_segments(text)
    parts = split_segments(text)
    assert "".join(parts) == text
    assert len(parts) == count.segments
    units = [count_units(part, count.encoding) for part in parts]
    assert sum(units) == count.units
    assert units[-1] == count.units_in_last
    assert count.units_left == count.units_per_segment - count.units_in_last >= 0
    assert count.characters == len(text)


@settings(max_examples=300)
@given(texts)
def test_each_part_fits_and_only_ends_early_before_a_two_unit_character(text: str) -> None:
    count = count_segments(text)
    parts = split_segments(text)
    if len(parts) == 1:
        assert count.units <= (SINGLE_GSM7 if count.encoding is GSM else SINGLE_UCS2)
        return
    per_part = MULTIPART_GSM7 if count.encoding is GSM else MULTIPART_UCS2
    assert count.units_per_segment == per_part
    for index, part in enumerate(parts):
        units = count_units(part, count.encoding)
        assert 0 < units <= per_part
        if index < len(parts) - 1 and units < per_part:
            assert units == per_part - 1
            assert count_units(parts[index + 1][0], count.encoding) == 2


@settings(max_examples=300)
@given(texts, st.sampled_from(ALPHABET + "x\u00e9\U0001f3f4"))
def test_appending_a_character_never_lowers_the_segments(text: str, char: str) -> None:
    before = count_segments(text)
    after = count_segments(text + char)
    assert after.segments >= before.segments
    assert after.units >= before.units or after.encoding is not before.encoding


@settings(max_examples=300)
@given(texts)
def test_ucs2_exactly_when_a_character_is_outside_the_gsm_tables(text: str) -> None:
    outside = [index for index, char in enumerate(text) if char not in GSM7_CHARACTERS]
    count = count_segments(text)
    assert (count.encoding is UCS2) == bool(outside)
    assert [item.position for item in count.unicode_chars] == outside
    assert all(text[item.position] == item.char for item in count.unicode_chars)
    if count.encoding is UCS2:
        assert count.units == len(text.encode("utf-16-le")) // 2


@settings(max_examples=300)
@given(texts)
def test_smart_encoding_replaces_all_or_nothing(text: str) -> None:
    smart = smart_encode(text)
    outside = count_segments(text).unicode_chars
    replaceable = [item for item in outside if item.char in SMART_ENCODING_TABLE]
    assert [(item.position, item.char) for item in replaceable] == [
        (item.position, item.original) for item in smart.replacements
    ]
    assert len(smart.replacements) + len(smart.unreplaceable) == len(outside)
    if smart.applicable:
        expected = "".join(SMART_ENCODING_TABLE.get(char, char) for char in text)
        assert smart.text == expected
        assert smart.encoded.encoding is GSM
        assert smart.encoded == count_segments(expected)
    else:
        assert smart.text == text
        assert smart.encoded == smart.original
        assert smart.unreplaceable or smart.original.encoding is GSM


# --- the report builders -------------------------------------------------------------------------


def test_document_of_a_multipart_gsm_message() -> None:
    # 152 + 2 + 9 = 163 septets; the euro moves to part 2, which holds 2 + 9
    document = build_document(analyse("a" * 152 + EURO + "b\r\nc" + "d" * 5))
    assert document.subtitle == "GSM-7, 2 segments"
    summary, parts = document.tables()
    assert dict(summary.rows)["Length"] == "163 septets"
    assert dict(summary.rows)["Last segment"] == "11 used, 142 left"
    assert parts.rows == ((1, 152, "a" * 152), (2, 11, EURO + "b\u240d\u240ac" + "d" * 5))
    assert parts.footnotes[0].startswith("Part 1 holds 152 septets: the extension character U+20AC")
    headings = [block.text for block in document.blocks if isinstance(block, Heading)]
    assert headings == ["Segments", "Notes"]


def test_document_groups_the_characters_that_force_ucs2() -> None:
    text = "\u201cA\u201d \u201cB\u201d " + EMOJI
    document = build_document(analyse(text))
    characters = document.tables()[2]
    assert [row[:5] for row in characters.rows] == [
        ("\u201c", "U+201C", "left double quotation mark", 2, "0, 4"),
        ("\u201d", "U+201D", "right double quotation mark", 2, "2, 6"),
        (EMOJI, "U+1F600", "grinning face", 1, "8"),
    ]
    assert [row[5] for row in characters.rows] == ['"', '"', "none"]
    paragraphs = [block.text for block in document.blocks if isinstance(block, Paragraph)]
    assert paragraphs == [
        "Smart encoding cannot help: 1 character (\U0001f600 U+1F600) has no GSM replacement, "
        "so providers send the message unchanged as UCS-2. It could replace 4 others, but "
        "that alone does not make it GSM-7."
    ]


def test_answer_lines_is_lazy_and_counts_blank_lines() -> None:
    def endless() -> Iterator[str]:
        number = 0
        while True:
            number += 1
            yield "" if number % 2 else json.dumps({"id": number, "text": "x" * number})

    answers = list(itertools.islice(answer_lines(endless()), 3))
    assert [(a.record["id"], a.record["line"], a.record["units"]) for a in answers] == [
        (2, 2, 2),
        (4, 4, 4),
        (6, 6, 6),
    ]
    assert all(answer.ok for answer in answers)


@settings(max_examples=200)
@given(
    st.text(
        alphabet=st.sampled_from(
            sorted(GSM7_CHARACTERS)[:40] + sorted(SMART_ENCODING_TABLE)[::7] + ["\u4e00"]
        ),
        max_size=200,
    )
)
def test_smart_encoding_makes_every_replacement_the_table_names(text: str) -> None:
    """The text smart encoding sends is the text translated by its table."""
    smart = smart_encode(text)
    translated = text.translate(str.maketrans(dict(SMART_ENCODING_TABLE)))
    if smart.applicable:
        assert smart.text == translated
        assert smart.encoded == count_segments(translated)
    else:
        assert smart.text == text
    assert [(item.position, item.original) for item in smart.replacements] == [
        (position, char) for position, char in enumerate(text) if char in SMART_ENCODING_TABLE
    ]
