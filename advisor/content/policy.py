"""The message-content policy (``data/content.yaml``) as validated, immutable models.

The file holds the facts the content checks rely on: the public URL shorteners
to avoid, the opt-out and opt-in keywords, what counts as opt-out language and
when it is called for. Each section carries its sources and the date they were
checked, so every finding can cite where its rule comes from.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from advisor.errors import DataError, shown
from advisor.paths import shipped_data_dir
from advisor.validation import one_line
from advisor.vocab import UseCase

__all__ = [
    "BodyLimit",
    "ContentPolicy",
    "KeywordList",
    "OptOutLanguage",
    "Rule",
    "ShortenerList",
    "load_content_policy",
    "shipped_body_limit",
]

_URL = re.compile(r"https?://[^\s/]+\.[^\s/]+(?:/\S*)?")
_KEYWORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_PHRASE = re.compile(r"[a-z]+(?:[ -][a-z]+)*")


def _url(value: str) -> str:
    if not _URL.fullmatch(value):
        raise ValueError("expected an http(s) URL")
    return value


def _keyword(value: str) -> str:
    if not _KEYWORD.fullmatch(value):
        raise ValueError("expected one word of letters (hyphens allowed inside)")
    return value.upper()


def _domain(value: str) -> str:
    lowered = value.lower()
    if not _DOMAIN.fullmatch(lowered):
        raise ValueError("expected a domain name such as bit.ly")
    return lowered


def _phrase(value: str) -> str:
    lowered = value.lower()
    if not _PHRASE.fullmatch(lowered):
        raise ValueError("expected words of letters separated by single spaces or hyphens")
    return lowered


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{shown(value)} is listed twice")
        seen.add(value)
    return values


Url = Annotated[str, AfterValidator(_url)]
Keyword = Annotated[str, AfterValidator(_keyword)]
Domain = Annotated[str, AfterValidator(_domain)]
Phrase = Annotated[str, AfterValidator(_phrase)]
Keywords = Annotated[tuple[Keyword, ...], Field(min_length=1), AfterValidator(_unique)]
Domains = Annotated[tuple[Domain, ...], Field(min_length=1), AfterValidator(_unique)]
Phrases = Annotated[tuple[Phrase, ...], Field(min_length=1), AfterValidator(_unique)]


class _Frozen(BaseModel):
    # Each model's validator is built when it first validates, not when the class is made:
    # ``segments`` validates the body limit alone (advisor.content.policy_cache)
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class _Sourced(_Frozen):
    #: the public pages the section was taken from.
    source: tuple[Url, ...] = Field(min_length=1)
    #: when those pages were last checked.
    as_of: date


class Rule(_Sourced):
    """A rule without a list: its sources and a one-sentence summary."""

    summary: str = Field(min_length=1)


class ShortenerList(_Sourced):
    """Public, shared URL shorteners (lower-case domains)."""

    domains: Domains


class KeywordList(_Sourced):
    """Reply keywords (stored in upper case; compared without regard to case)."""

    keywords: Keywords


class OptOutLanguage(_Sourced):
    """What counts as an opt-out instruction, and where one is called for.

    An instruction is ``<verb> KEYWORD`` ("Reply STOP") or ``KEYWORD to <action>``
    ("STOP to unsubscribe").
    """

    keywords: Keywords
    verbs: Phrases
    actions: Phrases
    #: the use cases whose messages should carry an opt-out instruction.
    use_cases: tuple[UseCase, ...] = Field(min_length=1)
    #: whether the instruction is called for on the first message sent to a consumer.
    first_message: bool


class BodyLimit(Rule):
    """The longest message body a provider accepts, and the error it answers with."""

    provider: str = Field(min_length=1)
    max_characters: int = Field(ge=1)
    error: str = Field(min_length=1)


class ContentPolicy(_Frozen):
    """The whole of ``content.yaml``."""

    public_shorteners: ShortenerList
    single_domain: Rule
    brand_in_body: Rule
    opt_out_keywords: KeywordList
    opt_in_keywords: KeywordList
    opt_out_language: OptOutLanguage
    #: where the encoding and length facts are documented.
    segments: Rule
    body_limit: BodyLimit
    smart_encoding: Rule

    @model_validator(mode="after")
    def _consistent(self) -> ContentPolicy:
        both = sorted(set(self.opt_out_keywords.keywords) & set(self.opt_in_keywords.keywords))
        if both:
            raise ValueError(f"keyword {shown(both[0])} is both an opt-out and an opt-in keyword")
        unknown = [
            keyword
            for keyword in self.opt_out_language.keywords
            if keyword not in self.opt_out_keywords.keywords
        ]
        if unknown:
            raise ValueError(
                f"opt_out_language keyword {shown(unknown[0])} is not one of opt_out_keywords"
            )
        return self


def _load(path: Path) -> ContentPolicy:
    from advisor.yamlio import read_yaml_mapping

    return _validated(read_yaml_mapping(path), path)


def _validated(data: dict[str, object], path: Path) -> ContentPolicy:
    try:
        return ContentPolicy.model_validate(data)
    except ValidationError as error:
        raise DataError(one_line(error, str(path))) from None


def _shipped_source() -> tuple[Path, bytes]:
    from advisor.fileinput import read_bytes

    path = shipped_data_dir() / "content.yaml"
    return path, read_bytes(path, "a YAML file", DataError)


@functools.lru_cache(maxsize=1)
def _shipped() -> ContentPolicy:
    """The shipped policy: from the cache of its file's bytes, else from the YAML (and then
    cached: :mod:`advisor.content.policy_cache`)."""
    from advisor.content.policy_cache import cached_policy, write_policy

    path, source = _shipped_source()
    policy = cached_policy(source)
    if policy is None:
        from advisor.yamlio import load_yaml_mapping

        policy = _validated(load_yaml_mapping(source, str(path)), path)
        write_policy(source, policy)
    return policy


@functools.lru_cache(maxsize=1)
def shipped_body_limit() -> BodyLimit:
    """The shipped policy's body limit; from the cache, it validates no other model."""
    from advisor.content.policy_cache import cached_body_limit

    limit = cached_body_limit(_shipped_source()[1])
    return limit if limit is not None else _shipped().body_limit


def load_content_policy(path: Path | None = None) -> ContentPolicy:
    """Load and validate a content policy; the shipped one (cached) when ``path`` is None.

    Raises :class:`advisor.errors.DataError` with one line naming the file and
    the YAML path of the first problem.
    """
    if path is None:
        return _shipped()
    return _load(path)
