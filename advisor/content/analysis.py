"""The ``segments`` report: JSON records, JSON Lines answers and a document.

Pure functions over :mod:`advisor.content.segments`; the CLI only reads input and writes
what these return.

JSON record of one message (a ``--jsonl`` answer line, and ``--format json``)::

    id                 the input's "id" (any JSON value; null when absent)
    line               the input line number, from 1 (JSON Lines only)
    encoding           "GSM-7" or "UCS-2"
    segments           number of SMS segments (parts) the message is billed as
    units              length: septets for GSM-7, UTF-16 code units for UCS-2
    units_per_segment  160 / 70 for a single SMS, 153 / 67 per part once split
    units_in_last      units used in the last segment
    units_left         units still free in the last segment
    characters         code points in the text
    unicode_chars      [{"position", "char", "codepoint"}]: the characters that forced
                       UCS-2 (position = code point index from 0); [] for GSM-7
    smart_encoding     {
      requested        smart encoding was asked for (flag or the line's "smart_encoding")
      applied          requested and applicable: the counts above are of the
                       smart-encoded text
      applicable       the message is UCS-2 and every character that forced it has a
                       GSM replacement
      segments_before  segments of the text as given
      segments_after   segments after smart encoding (= before when not applicable)
      segments_saved   before - after (negative when replacements lengthen it)
      encoding_after   encoding after smart encoding
      text             the smart-encoded text, or null when not applicable
      replacements     [{"position", "original", "codepoint", "replacement"}]: what
                       smart encoding replaces (also listed when not applicable)
      unreplaceable    [{"position", "char", "codepoint"}]: what it cannot replace
    }
    notes              [str]: limits the message runs into (length caps, empty text)
    provider           null without --provider; else the text as sent, counted by that
                       provider's rules (data/segments.yaml): {
      id, name         "telnyx", "Telnyx"
      rules            "own" (its pages differ from 3GPP) or "3gpp" (they add nothing)
      summary          how it counts, in a sentence ("X documents no rules of its own:
                       3GPP." for the latter)
      reviewed         the day its rules were last checked
      sources          [{"title", "url", "publisher", "published", "read"}]
      sender           the --sender it was counted for, or null
      encoding         "GSM-7", "UCS-2", or its own name for a 7-bit alphabet ("ASCII-7")
      segments, units, units_per_segment, units_in_last, units_left
                       as above, by its rules
      differs          its segments or encoding differ from the 3GPP count
      forces_ucs2      [{"position", "char", "codepoint"}]: what 3GPP sends in GSM-7 but
                       this provider only in UCS-2
      caps             [{"limit", "value", "encoding", "action", "error", "text",
                       "exceeded"}]: the longest message it takes, and what it does with
                       a longer one ("reject", or "unstated" by its pages)
      cap_exceeded     some cap is exceeded
      rejected         the provider refuses the message (a "reject" cap is exceeded)
    }

``--format json`` adds::

    text               the text as sent (smart-encoded when applied)
    parts              [{"number", "units", "text"}]: each segment, in order

A JSON Lines input line that cannot be answered gets ``{"id", "line", "error"}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from advisor.content.segments import (
    CODEPOINTS,
    NON_GSM7_RUN,
    Encoding,
    SegmentCount,
    UnicodeChar,
    codepoint,
    count_units,
    split_segments,
)
from advisor.content.smart import SmartEncoding, is_replaceable, smart_encode
from advisor.jsonlines import check_message, lone_surrogate_at

if TYPE_CHECKING:
    from advisor.content.policy import BodyLimit
    from advisor.content.provider_rules import ProviderCount, ProviderRequest

__all__ = [
    "SegmentsReport",
    "analyse",
    "body_limit",
    "fill_record",
    "lone_surrogate",
    "notes",
    "provider_record",
    "provider_summary",
    "record",
]

#: The concatenation header numbers parts in one octet (3GPP TS 23.040 §9.2.3.24.1).
MAX_PARTS: Final = 255
#: Rows of the character table before the rest is summed up in a footnote.
MAX_CHARACTER_ROWS: Final = 25
#: an encoding's name in a record (``Encoding.value`` is a Python-level property)
_ENCODING_NAMES: Final = {encoding: encoding.value for encoding in Encoding}


@dataclass(frozen=True, slots=True)
class SegmentsReport:
    """One message: as given, after smart encoding, and what is sent."""

    smart: SmartEncoding
    #: smart encoding was asked for.
    requested: bool
    #: the text as sent, counted by the provider asked for (None: 3GPP only).
    provider: ProviderCount | None = None

    @property
    def applied(self) -> bool:
        return self.requested and self.smart.applicable

    @property
    def sent(self) -> SegmentCount:
        """The count of the text as sent."""
        return self.smart.encoded if self.applied else self.smart.original

    @property
    def sent_text(self) -> str:
        return self.smart.text if self.applied else self.smart.original.text


def analyse(
    text: str, *, smart_encoding: bool = False, provider: ProviderRequest | None = None
) -> SegmentsReport:
    """Count ``text``; with ``smart_encoding``, as a provider would send it; with
    ``provider``, also by that provider's rules (:mod:`advisor.content.provider_rules`).

    Raises :class:`~advisor.errors.InputError` for a text longer than the advisor
    analyses (:data:`advisor.jsonlines.MAX_MESSAGE_CHARACTERS`).
    """
    check_message(text)
    report = SegmentsReport(smart_encode(text), requested=smart_encoding)
    if provider is None:
        return report
    from advisor.content.provider_rules import count_for

    counted = count_for(report.sent_text, provider, standard=report.sent)
    return SegmentsReport(report.smart, smart_encoding, counted)


def lone_surrogate(text: str) -> UnicodeChar | None:
    """The first lone surrogate in ``text`` (not valid Unicode), if any."""
    position = lone_surrogate_at(text)
    if position is None:
        return None
    return UnicodeChar(position, text[position], codepoint(text[position]))


def body_limit() -> BodyLimit:
    """The provider body limit of the content policy (``data/content.yaml``)."""
    from advisor.content.policy import shipped_body_limit

    return shipped_body_limit()


def notes(report: SegmentsReport, limit: BodyLimit | None = None) -> tuple[str, ...]:
    """Limits the message runs into, one sentence each."""
    limit = limit if limit is not None else body_limit()
    return tuple(_notes(report.sent, limit))


def _notes(sent: SegmentCount, limit: BodyLimit) -> list[str]:
    found: list[str] = []
    if sent.characters == 0:
        found.append(
            "Empty text: one SMS with no user data on the wire, but provider APIs "
            "refuse a message with neither a body nor media."
        )
    if sent.characters > limit.max_characters:
        found.append(
            f"{sent.characters:,} characters: {limit.provider} refuses a body over "
            f"{limit.max_characters:,} characters (error {limit.error})."
        )
    if sent.segments > MAX_PARTS:
        found.append(
            f"{sent.segments:,} segments: the concatenation header numbers at most "
            f"{MAX_PARTS} parts (3GPP TS 23.040 §9.2.3.24.1)."
        )
    if "\r\n" in sent.text:  # the text as sent
        found.append(
            "CR LF line breaks cost 2 "
            + ("septets" if sent.encoding is Encoding.GSM7 else "units")
            + " each; a lone LF costs 1."
        )
    return found


def _chars(chars: Iterable[UnicodeChar]) -> list[dict[str, Any]]:
    return [
        {"position": position, "char": char, "codepoint": code} for position, char, code in chars
    ]


def _unicode_records(sent: SegmentCount) -> list[dict[str, Any]]:
    """The ``unicode_chars`` of a count: straight from the text, no objects in between.

    A regex finds each run of non-GSM characters (one match object per run, not per
    character), and the characters of a run are listed without a test each: the GSM-7
    characters of the text are never looked at one by one."""
    if sent.encoding is Encoding.GSM7:
        return []
    names = CODEPOINTS
    return [
        {"position": position, "char": char, "codepoint": names[char]}
        for run in NON_GSM7_RUN.finditer(sent.text)
        for position, char in enumerate(run.group(), run.start())
    ]


def record(
    report: SegmentsReport, *, detailed: bool = False, limit: BodyLimit | None = None
) -> dict[str, Any]:
    """The JSON object of one message (see the module docstring for the keys).

    ``detailed`` adds ``text`` and ``parts`` (the ``--format json`` report); ``limit`` is
    the body limit of :func:`notes` (read from the content policy when not given).
    """
    limit = limit if limit is not None else body_limit()
    data = fill_record({"id": None}, report.smart, report.requested, report.provider, limit)
    if detailed:
        sent = report.sent
        data["text"] = report.sent_text
        data["parts"] = [
            {"number": number, "units": count_units(part, sent.encoding), "text": part}
            for number, part in enumerate(split_segments(report.sent_text), start=1)
        ]
    return data


def fill_record(
    data: dict[str, Any],
    smart: SmartEncoding,
    requested: bool,
    provider: ProviderCount | None,
    limit: BodyLimit,
) -> dict[str, Any]:
    """``data`` with the keys of :func:`record` after its own (``id`` first in a record,
    ``schema_version``, ``id`` and ``line`` in a JSON Lines answer): the object is made
    once, in the order written, instead of being copied behind other keys.

    The message is a :class:`SegmentsReport`'s fields (``smart``, ``requested``,
    ``provider``): a JSON Lines answer without a provider makes no report."""
    applied = requested and smart.applicable
    sent = smart.encoded if applied else smart.original
    unicode_chars = _unicode_records(sent)
    # What smart encoding cannot replace, from the same dicts: all of them when it
    # replaces nothing, the others when it could replace some (never when applicable).
    unreplaceable: list[dict[str, Any]] = []
    if sent.encoding is Encoding.UCS2 and not smart.applicable:
        unreplaceable = (
            [item for item in unicode_chars if not is_replaceable(item["char"])]
            if smart.replacements
            else unicode_chars
        )
    data["encoding"] = _ENCODING_NAMES[sent.encoding]
    data["segments"] = sent.segments
    data["units"] = sent.units
    data["units_per_segment"] = sent.units_per_segment
    data["units_in_last"] = sent.units_in_last
    data["units_left"] = sent.units_left
    data["characters"] = sent.characters
    data["unicode_chars"] = unicode_chars
    data["smart_encoding"] = {
        "requested": requested,
        "applied": applied,
        "applicable": smart.applicable,
        "segments_before": smart.original.segments,
        "segments_after": smart.encoded.segments,
        "segments_saved": smart.original.segments - smart.encoded.segments,
        "encoding_after": _ENCODING_NAMES[smart.encoded.encoding],
        "text": smart.text if smart.applicable else None,
        "replacements": [
            {
                "position": item.position,
                "original": item.original,
                "codepoint": codepoint(item.original),
                "replacement": item.replacement,
            }
            for item in smart.replacements
        ]
        if smart.replacements
        else [],
        "unreplaceable": unreplaceable,
    }
    data["notes"] = _notes(sent, limit)
    data["provider"] = None if provider is None else provider_record(provider)
    return data


def provider_record(counted: ProviderCount) -> dict[str, Any]:
    """The ``provider`` object of a record: the rules, their sources, and the outcome."""
    from advisor.content.provider_rules import load_segment_rules

    rules = counted.rules
    sources = load_segment_rules().sources
    count = counted.count
    return {
        "id": counted.provider,
        "name": rules.name,
        "rules": rules.rules,
        "summary": provider_summary(counted),
        "reviewed": rules.review.date.isoformat(),
        "sources": [
            {
                "title": sources[key].title,
                "url": sources[key].url,
                "publisher": sources[key].publisher,
                "published": None
                if sources[key].published is None
                else str(sources[key].published),
                "read": sources[key].read.isoformat(),
            }
            for key in rules.cited()
        ],
        "sender": None if counted.sender is None else counted.sender.value,
        "encoding": counted.encoding,
        "segments": count.segments,
        "units": count.units,
        "units_per_segment": count.units_per_segment,
        "units_in_last": count.units_in_last,
        "units_left": count.units_left,
        "differs": counted.differs,
        "forces_ucs2": _chars(counted.forces_ucs2),
        "caps": [
            {
                "limit": outcome.cap.limit,
                "value": outcome.cap.value,
                "encoding": outcome.cap.encoding,
                "action": outcome.cap.action,
                "error": outcome.cap.error,
                "text": outcome.cap.text,
                "exceeded": outcome.exceeded,
            }
            for outcome in counted.caps
        ],
        "cap_exceeded": counted.cap_exceeded,
        "rejected": counted.rejected,
    }


def provider_summary(counted: ProviderCount) -> str:
    """One sentence: how the provider counts, and whether that is 3GPP's counting."""
    rules = counted.rules
    if rules.rules == "3gpp":
        return f"{rules.name} documents no rules of its own: 3GPP. {rules.summary}"
    return rules.summary
