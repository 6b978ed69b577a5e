"""A segments analysis as a Document: the summary, the parts, the characters, smart encoding."""

from __future__ import annotations

import unicodedata
from typing import Final

from advisor.content.analysis import (
    MAX_CHARACTER_ROWS,
    SegmentsReport,
    notes,
    provider_summary,
)
from advisor.content.provider_rules import ProviderCount
from advisor.content.segments import (
    MULTIPART_GSM7,
    MULTIPART_UCS2,
    Encoding,
    codepoint,
    count_units,
    split_segments,
    unit_name,
)
from advisor.content.smart import SmartEncoding
from advisor.render.cells import format_count
from advisor.render.model import (
    Align,
    BulletList,
    Column,
    Document,
    Heading,
    Kind,
    Paragraph,
    Table,
)

# --- Document ------------------------------------------------------------------------

_CONTROL_NAMES: Final = {"\n": "line feed", "\r": "carriage return", "\f": "form feed"}


def _visible(text: str) -> str:
    """Control characters as Unicode control pictures (LF -> U+240A ...)."""
    if text.isprintable():
        return text
    return "".join(
        chr(0x2400 + ord(char)) if ord(char) < 0x20 else "\u2421" if char == "\x7f" else char
        for char in text
    )


def _has_controls(text: str) -> bool:
    return any(ord(char) < 0x20 or char == "\x7f" for char in text)


def _char_name(char: str) -> str:
    name = unicodedata.name(char, "")
    if name:
        return name.lower()
    return _CONTROL_NAMES.get(char, "control character" if ord(char) < 0x20 else "")


def _shown_char(char: str) -> str:
    """The character itself when it is visible on its own, else nothing."""
    category = unicodedata.category(char)
    if category[0] in "CZM" or char.isspace():
        return ""
    return char


def _positions(positions: list[int]) -> str:
    shown = ", ".join(str(position) for position in positions[:5])
    if len(positions) > 5:
        shown += f", ... ({len(positions)} in all)"
    return shown


def _summary(report: SegmentsReport) -> Table:
    sent = report.sent
    unit = unit_name(sent.encoding, sent.units)
    rows: list[tuple[str, str | int]] = [
        ("Encoding", sent.encoding.value),
        ("Segments", sent.segments),
        ("Characters", sent.characters),
        ("Length", f"{sent.units:,} {unit}"),
        (
            "Per segment",
            f"{sent.units_per_segment} {unit_name(sent.encoding, 2)} "
            + ("(each part of a multipart message)" if sent.multipart else "(single SMS)"),
        ),
        ("Last segment", f"{sent.units_in_last:,} used, {sent.units_left:,} left"),
    ]
    if report.applied:
        rows.insert(0, ("Smart encoding", "applied"))
    return Table(
        columns=(Column("item", "Item"), Column("value", "Value")),
        rows=tuple(rows),
        row_headers=True,
    )


def _parts(report: SegmentsReport) -> Table:
    sent = report.sent
    parts = split_segments(report.sent_text)
    per_part = MULTIPART_GSM7 if sent.encoding is Encoding.GSM7 else MULTIPART_UCS2
    rows: list[tuple[int, int, str]] = []
    footnotes: list[str] = []
    for number, part in enumerate(parts, start=1):
        units = count_units(part, sent.encoding)
        rows.append((number, units, _visible(part)))
        if len(parts) > 1 and number < len(parts) and units < per_part:
            moved = parts[number][0]
            if sent.encoding is Encoding.GSM7:
                what = f"the extension character {codepoint(moved)} takes two septets"
            else:
                what = f"the character {codepoint(moved)} takes two UTF-16 units"
            held = f"{units} {unit_name(sent.encoding, units)}"
            footnotes.append(
                f"Part {number} holds {held}: {what} and may not be split, so it starts "
                "the next part (3GPP TS 23.040 §9.2.3.24.1)."
            )
    if _has_controls(report.sent_text):
        footnotes.append(
            "Control characters are shown as Unicode control pictures "
            "(\u240a line feed, \u240d carriage return, \u240c form feed)."
        )
    return Table(
        columns=(
            Column("number", "#", Align.RIGHT, Kind.NUMBER),
            Column("units", "Units", Align.RIGHT, Kind.NUMBER),
            Column("text", "Text"),
        ),
        rows=tuple(rows),
        footnotes=tuple(footnotes),
    )


def _characters(report: SegmentsReport) -> Table:
    """The characters that force UCS-2, one row per distinct character."""
    smart = report.smart
    found: dict[str, list[int]] = {}
    for item in smart.original.unicode_chars:
        found.setdefault(item.char, []).append(item.position)
    replaceable = {item.original: item.replacement for item in smart.replacements}
    rows: list[tuple[str, str, str, int, str, str]] = []
    for char, positions in found.items():
        replaced = _replacement_shown(replaceable.get(char))
        rows.append(
            (
                _shown_char(char),
                codepoint(char),
                _char_name(char),
                len(positions),
                _positions(positions),
                replaced,
            )
        )
    footnotes = ["Positions count characters (code points) from 0."]
    if len(rows) > MAX_CHARACTER_ROWS:
        rest = rows[MAX_CHARACTER_ROWS:]
        footnotes.insert(
            0,
            f"... and {len(rest)} more distinct characters "
            f"({sum(row[3] for row in rest):,} occurrences); --format json lists all.",
        )
        rows = rows[:MAX_CHARACTER_ROWS]
    return Table(
        columns=(
            Column("char", "Character"),
            Column("codepoint", "Code point", kind=Kind.ID),
            Column("name", "Name"),
            Column("count", "Count", Align.RIGHT, Kind.NUMBER),
            Column("positions", "Positions"),
            Column("replacement", "Smart encoding"),
        ),
        rows=tuple(rows),
        footnotes=tuple(footnotes),
    )


def _replacement_shown(value: str | None) -> str:
    if value is None:
        return "none"
    if not value:
        return "(removed)"
    if value == " ":
        return "(space)"
    return _visible(value)


def _segments_change(smart: SmartEncoding) -> str:
    before = smart.original.segments
    after = smart.encoded.segments
    return f"{format_count(before, 'segment')} -> {after:,}"


def _smart_paragraph(report: SegmentsReport) -> str | None:
    smart = report.smart
    if smart.original.encoding is Encoding.GSM7:
        return "Already GSM-7: smart encoding has nothing to replace." if report.requested else None
    replaced = format_count(len(smart.replacements), "character")
    if smart.applicable:
        change = _segments_change(smart)
        if report.applied:
            verdict = f"Smart encoding applied: {change} (UCS-2 -> GSM-7, {replaced} replaced)."
        else:
            verdict = f"Smart encoding would send this as GSM-7: {change} ({replaced} replaced)."
        if smart.segments_saved < 0:
            verdict += " The replacements make it longer, so it costs more segments."
        elif smart.segments_saved == 0:
            verdict += " It saves no segment here."
        return verdict
    missing = {item.char: item.codepoint for item in smart.unreplaceable}
    listed = ", ".join(
        f"{_shown_char(char) or _char_name(char)} {code}".strip()
        for char, code in list(missing.items())[:5]
    )
    if len(missing) > 5:
        listed += ", ..."
    count = len(smart.unreplaceable)
    text = (
        f"Smart encoding cannot help: {format_count(count, 'character')} ({listed}) "
        f"{'has' if count == 1 else 'have'} no GSM replacement, so providers send the "
        "message unchanged as UCS-2."
    )
    if smart.replacements:
        text += (
            f" It could replace {len(smart.replacements):,} other"
            f"{'' if len(smart.replacements) == 1 else 's'}, but that alone does not make "
            "it GSM-7."
        )
    return text


def build_document(report: SegmentsReport) -> Document:
    """The report of one message for the table and Markdown formats."""
    sent = report.sent
    blocks: list[Heading | Paragraph | BulletList | Table] = [_summary(report)]
    blocks += [Heading("Segments"), _parts(report)]
    if report.smart.original.encoding is Encoding.UCS2:
        heading = (
            "Characters replaced by smart encoding"
            if report.applied
            else "Characters that force UCS-2"
        )
        blocks += [Heading(heading), _characters(report)]
    paragraph = _smart_paragraph(report)
    if paragraph is not None:
        blocks += [Heading("Smart encoding"), Paragraph(paragraph)]
    found = notes(report)
    if found:
        blocks += [Heading("Notes"), BulletList(found)]
    if report.provider is not None:
        blocks += _provider_blocks(report.provider)
    subtitle = f"{sent.encoding.value}, {format_count(sent.segments, 'segment')}"
    if report.provider is not None:
        counted = report.provider
        subtitle += (
            f" (3GPP); {counted.rules.name}: {counted.encoding}, "
            f"{format_count(counted.count.segments, 'segment')}"
        )
    return Document(title="SMS segments", subtitle=subtitle, blocks=tuple(blocks))


def _provider_blocks(counted: ProviderCount) -> list[Heading | Paragraph | BulletList | Table]:
    """The text as the provider counts it, beside 3GPP, with the rules' sources."""
    rules = counted.rules
    count, standard = counted.count, counted.standard
    rows: list[tuple[str, str, str]] = [
        ("Rules", "its own" if rules.rules == "own" else "3GPP", "3GPP TS 23.038 / 23.040"),
        ("Encoding", counted.encoding, standard.encoding.value),
        ("Segments", f"{count.segments:,}", f"{standard.segments:,}"),
        (
            "Length",
            f"{count.units:,} {unit_name(count.encoding, count.units)}",
            f"{standard.units:,} {unit_name(standard.encoding, standard.units)}",
        ),
    ]
    if counted.sender is not None:
        rows.insert(1, ("Sender", counted.sender.value, "any"))
    table = Table(
        columns=(
            Column("item", "Item"),
            Column("provider", rules.name),
            Column("standard", "3GPP"),
        ),
        rows=tuple(rows),
        row_headers=True,
    )
    points: list[str] = []
    if counted.forces_ucs2:
        listed = ", ".join(
            f"{_shown_char(item.char) or _char_name(item.char)} {item.codepoint}"
            for item in counted.forces_ucs2[:5]
        )
        more = ", ..." if len(counted.forces_ucs2) > 5 else ""
        points.append(
            f"{rules.name} sends {listed}{more} only in UCS-2 (UTF-16), although the standard "
            f"has {'it' if len(counted.forces_ucs2) == 1 else 'them'} in GSM-7."
        )
    sender_rule = rules.senders.get(counted.sender) if counted.sender is not None else None
    if sender_rule is not None:
        points.append(sender_rule.text)
    for outcome in counted.caps:
        state = "EXCEEDED: " if outcome.exceeded else ""
        points.append(f"{state}{outcome.cap.text}")
    from advisor.content.provider_rules import load_segment_rules

    sources = load_segment_rules().sources
    for key in rules.cited():
        source = sources[key]
        published = f", {source.published.isoformat()}" if source.published else ""
        points.append(
            f"Source: {source.publisher}, {source.title}{published} (read "
            f"{source.read.isoformat()}): {source.url}"
        )
    points.append(f"{rules.name}'s rules reviewed {rules.review.date.isoformat()}.")
    return [
        Heading(f"As {rules.name} counts it"),
        table,
        Paragraph(provider_summary(counted)),
        BulletList(tuple(points)),
    ]


__all__ = ["build_document"]
