"""How each provider counts SMS segments (``data/segments.yaml``), and a text counted so.

The data says only what each provider's pages say: a 7-bit alphabet of its own (Telnyx's
GSM-7 set is narrower than 3GPP's), another alphabet for a sender type (Telnyx's short
codes send ASCII 7-bit), and caps on a message (characters or segments) with what the
provider does with a longer one. Everything else is 3GPP's (:mod:`advisor.content.segments`),
and a provider whose pages add nothing is said to be counted by 3GPP.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.content.segments import (
    GSM7_3GPP,
    Alphabet,
    Encoding,
    SegmentCount,
    UnicodeChar,
    count_in,
    count_segments,
)
from advisor.errors import DataError, UsageError, shown
from advisor.paths import shipped_data_dir
from advisor.validation import one_line
from advisor.vocab import SenderId
from advisor.yamlio import read_yaml_mapping

__all__ = [
    "Cap",
    "ProviderCount",
    "ProviderRequest",
    "ProviderRules",
    "SegmentRules",
    "count_for",
    "load_segment_rules",
    "provider_rules",
]

_URL = re.compile(r"https?://[^\s/]+\.[^\s/]+(?:/\S*)?")
#: every ASCII character, one septet each (Telnyx's "ASCII 7-bit")
_ASCII: str = "".join(chr(code) for code in range(128))


def _url(value: str) -> str:
    if not _URL.fullmatch(value):
        raise ValueError("expected an http(s) URL")
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """A page the rules were read from."""

    title: str = Field(min_length=1)
    url: Annotated[str, AfterValidator(_url)]
    publisher: str = Field(min_length=1)
    #: the date the page shows, when it shows one.
    published: date | None = None
    #: the day it was read for this file.
    read: date
    note: str = ""


class _Cited(_Frozen):
    #: ids of ``sources``.
    source: tuple[str, ...] = Field(min_length=1)
    #: the date the newest cited source asserted it.
    as_of: date


class AlphabetRule(_Cited):
    """A 7-bit alphabet: basic characters one septet each, extension characters two."""

    #: what the provider calls it (``GSM-7``, ``ASCII-7``).
    name: str = Field(min_length=1)
    basic: str = ""
    extension: str = ""
    #: every ASCII character as a basic character (``ascii: true``), instead of ``basic``.
    ascii: bool = False
    #: one sentence, for a sender rule.
    text: str = ""

    @model_validator(mode="after")
    def _one_set(self) -> AlphabetRule:
        if self.ascii == bool(self.basic):
            raise ValueError("give either basic (the characters) or ascii: true")
        both = sorted(set(self.basic) & set(self.extension))
        if both:
            raise ValueError(f"{shown(both[0])} is both a basic and an extension character")
        return self

    def alphabet(self) -> Alphabet:
        return Alphabet.of(self.name, _ASCII if self.ascii else self.basic, self.extension)


class Cap(_Cited):
    """The longest message a provider takes, and what it does with a longer one."""

    limit: Literal["characters", "segments"]
    value: int = Field(ge=1)
    #: the encoding it applies to; None: every encoding.
    encoding: Literal["GSM-7", "UCS-2"] | None = None
    #: ``reject``: the provider refuses the message; ``unstated``: its pages do not say.
    action: Literal["reject", "unstated"]
    error: str | None = None
    text: str = Field(min_length=1)


class Review(_Frozen):
    date: date


class ProviderRules(_Cited):
    """One provider's rules."""

    name: str = Field(min_length=1)
    review: Review
    #: ``3gpp``: its pages add nothing to the standard's counting; ``own``: they do.
    rules: Literal["3gpp", "own"]
    summary: str = Field(min_length=1)
    alphabet: AlphabetRule | None = None
    senders: dict[SenderId, AlphabetRule] = {}
    caps: tuple[Cap, ...] = ()

    def cited(self) -> tuple[str, ...]:
        """The ids of every source its rules cite, each once, in order."""
        blocks: list[_Cited] = [self]
        if self.alphabet is not None:
            blocks.append(self.alphabet)
        blocks += [*self.senders.values(), *self.caps]
        return tuple(dict.fromkeys(source for block in blocks for source in block.source))

    @model_validator(mode="after")
    def _own_when_different(self) -> ProviderRules:
        different = self.alphabet is not None or bool(self.senders)
        if different != (self.rules == "own"):
            raise ValueError(
                "rules: own is for a provider with an alphabet or sender rules of its own, "
                "rules: 3gpp for one without"
            )
        return self


class SegmentRules(_Frozen):
    """The whole of ``segments.yaml``."""

    sources: dict[str, Source]
    providers: dict[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")], ProviderRules]

    @model_validator(mode="after")
    def _sources_known(self) -> SegmentRules:
        for provider_id, rules in self.providers.items():
            for source in rules.cited():
                if source not in self.sources:
                    raise ValueError(f"providers.{provider_id}: unknown source {shown(source)}")
        return self


def _load(path: Path) -> SegmentRules:
    data = read_yaml_mapping(path)
    try:
        return SegmentRules.model_validate(data)
    except ValidationError as error:
        raise DataError(one_line(error, str(path))) from None


@functools.lru_cache(maxsize=1)
def _shipped() -> SegmentRules:
    return _load(shipped_data_dir() / "segments.yaml")


def load_segment_rules(path: Path | None = None) -> SegmentRules:
    """Load and validate the provider segment rules; the shipped ones (cached) by default.

    Raises :class:`advisor.errors.DataError` naming the file and the first problem.
    """
    return _shipped() if path is None else _load(path)


@dataclass(frozen=True, slots=True)
class ProviderRequest:
    """Count by this provider's rules, for this sender type (None: its default)."""

    provider: str
    rules: ProviderRules
    sender: SenderId | None = None


def provider_rules(
    name: str, sender: SenderId | None = None, rules: SegmentRules | None = None
) -> ProviderRequest:
    """The rules of the provider ``name`` (any letter case), for ``sender``.

    Raises :class:`~advisor.errors.UsageError` naming the choices for another name.
    """
    rules = rules if rules is not None else load_segment_rules()
    key = name.strip().lower()
    if key not in rules.providers:
        raise UsageError(
            f"--provider: expected one of {', '.join(sorted(rules.providers))}, got {shown(name)}"
        )
    return ProviderRequest(key, rules.providers[key], sender)


@dataclass(frozen=True, slots=True)
class CapOutcome:
    cap: Cap
    #: the message is over the cap (in the encoding the cap applies to).
    exceeded: bool


@dataclass(frozen=True, slots=True)
class ProviderCount:
    """A text as one provider counts it."""

    provider: str
    rules: ProviderRules
    sender: SenderId | None
    #: the 7-bit alphabet the provider sends this text's sender type in.
    alphabet: Alphabet
    count: SegmentCount
    #: the 3GPP count of the same text.
    standard: SegmentCount
    #: characters the standard carries in GSM-7 that this provider's 7-bit alphabet does
    #: not: they make it send the whole message in UCS-2 (UTF-16).
    forces_ucs2: tuple[UnicodeChar, ...]
    caps: tuple[CapOutcome, ...]

    @property
    def encoding(self) -> str:
        """``GSM-7``, ``ASCII-7`` (the provider's name for its 7-bit alphabet) or ``UCS-2``."""
        if self.count.encoding is Encoding.GSM7:
            return self.alphabet.name
        return Encoding.UCS2.value

    @property
    def differs(self) -> bool:
        """The provider counts other segments or another encoding than 3GPP."""
        standard = self.standard
        return self.count.segments != standard.segments or self.encoding != standard.encoding.value

    @property
    def cap_exceeded(self) -> bool:
        return any(outcome.exceeded for outcome in self.caps)

    @property
    def rejected(self) -> bool:
        """The provider refuses the message (a cap whose action is ``reject`` is exceeded)."""
        return any(o.exceeded and o.cap.action == "reject" for o in self.caps)


def _exceeded(cap: Cap, count: SegmentCount, encoding: str) -> bool:
    if cap.encoding is not None and cap.encoding != encoding:
        return False
    measured = count.characters if cap.limit == "characters" else count.segments
    return measured > cap.value


def count_for(
    text: str, request: ProviderRequest, *, standard: SegmentCount | None = None
) -> ProviderCount:
    """``text`` counted by a provider's rules (3GPP's where they say nothing).

    ``standard`` is the 3GPP count of ``text`` when the caller has it.
    """
    provider, rules, sender = request.provider, request.rules, request.sender
    standard = standard if standard is not None else count_segments(text)
    spec = rules.senders.get(sender) if sender is not None else None
    if spec is None:
        spec = rules.alphabet
    alphabet = GSM7_3GPP if spec is None else spec.alphabet()
    count = standard if alphabet == GSM7_3GPP else count_in(text, alphabet)
    forces: tuple[UnicodeChar, ...] = ()
    if count.encoding is Encoding.UCS2 and standard.encoding is Encoding.GSM7:
        forces = alphabet.chars_outside(text)
    encoding = alphabet.name if count.encoding is Encoding.GSM7 else Encoding.UCS2.value
    caps = tuple(CapOutcome(cap, _exceeded(cap, count, encoding)) for cap in rules.caps)
    return ProviderCount(provider, rules, sender, alphabet, count, standard, forces, caps)
