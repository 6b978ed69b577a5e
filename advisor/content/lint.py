"""Content checks for an outgoing message: ``lint_message``.

Each finding has a stable id, a severity, a message saying what to change and
the public source of the rule behind it. The rules come from the content policy
(``data/content.yaml``) and, for encoding and length, from
:mod:`advisor.content.segments`.

Severity policy
---------------
``error`` (``advisor lint`` exits 1) is kept for what the guidance names
explicitly and the sender can fix at once: a link on a public shortener the
guide lists by name, and a promotional first message with no way to opt out.
``warning`` is for what hurts deliverability or cost; ``info`` for facts worth
knowing. A use case outside the policy's ``opt_out_language.use_cases`` (today:
conversational) gets ``info`` at most for a missing opt-out instruction.

================================  ==========================================
check                             severity
================================  ==========================================
``opt-out-missing``               first message: ``error`` for promotional,
                                  ``warning`` for transactional, otp or an
                                  unspecified use case, ``info`` for
                                  conversational. Later messages: ``info``
                                  for promotional, nothing otherwise.
``brand-missing``                 ``warning`` (only when a brand is given)
``shortener-public``              ``error``: the guidance names these domains
``links-multiple-domains``        ``warning``
``unicode-forces-ucs2``           ``warning``, with the segments it costs
``length-segments``               ``info``
================================  ==========================================

Opt-out language is called for, in Bandwidth's words, "especially" for
informational and promotional messages and at the end of the initial message;
a promotional first message without it is the one case treated as an error.

Links are found with or without a scheme (``https://bit.ly/x``, ``bit.ly/x``,
``BIT.LY``), a link without one only when its top-level domain is a real one
(``shipped.Track`` is no link); ``links-multiple-domains`` counts registrable
domains by the Public Suffix List, private suffixes included, so two sites under
``github.io`` are two domains. :mod:`advisor.content.links` has the details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from advisor.content.policy import ContentPolicy, load_content_policy
from advisor.content.segments import (
    SINGLE_GSM7,
    SINGLE_UCS2,
    Encoding,
    SegmentCount,
    UnicodeChar,
    count_segments,
    unit_name,
)
from advisor.content.smart import smart_encode
from advisor.errors import InputError
from advisor.jsonlines import check_message
from advisor.render.cells import format_count
from advisor.vocab import UseCase

__all__ = [
    "Check",
    "Finding",
    "Link",
    "LintResult",
    "Severity",
    "find_links",
    "has_opt_out_instruction",
    "lint_message",
    "mentions_brand",
    "registrable_domain",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Check(StrEnum):
    """The stable ids of the findings."""

    OPT_OUT_MISSING = "opt-out-missing"
    BRAND_MISSING = "brand-missing"
    SHORTENER_PUBLIC = "shortener-public"
    LINKS_MULTIPLE_DOMAINS = "links-multiple-domains"
    UNICODE_FORCES_UCS2 = "unicode-forces-ucs2"
    LENGTH_SEGMENTS = "length-segments"


@dataclass(frozen=True, slots=True)
class Finding:
    id: Check
    severity: Severity
    #: what is wrong and what to change.
    message: str
    #: the public page the rule comes from.
    source: str

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id.value,
            "severity": self.severity.value,
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Link:
    #: the link as written in the message.
    text: str
    #: the host, lower case.
    host: str
    #: the registrable domain of the host (see the module notes).
    domain: str
    #: the public shortener the host belongs to, if any.
    shortener: str | None = None


@dataclass(frozen=True, slots=True)
class LintResult:
    text: str
    use_case: UseCase | None
    brand: str | None
    first_message: bool
    #: encoding, segments and the characters that force UCS-2.
    count: SegmentCount
    links: tuple[Link, ...]
    #: errors first, then warnings, then infos.
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        return any(finding.severity is Severity.ERROR for finding in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "use_case": self.use_case.value if self.use_case is not None else None,
            "brand": self.brand,
            "first_message": self.first_message,
            "encoding": self.count.encoding.value,
            "segments": self.count.segments,
            "units": self.count.units,
            "links": [
                {
                    "text": link.text,
                    "host": link.host,
                    "domain": link.domain,
                    "shortener": link.shortener,
                }
                for link in self.links
            ],
            "ok": not self.has_errors,
            "findings": [finding.to_dict() for finding in self.findings],
        }


# --- links ----------------------------------------------------------------------


def _shortener(host: str, shorteners: Iterable[str]) -> str | None:
    for domain in shorteners:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def find_links(text: str, policy: ContentPolicy | None = None) -> tuple[Link, ...]:
    """The links in ``text``, with their registrable domain and shortener."""
    from advisor.content.links import find_urls

    policy = policy if policy is not None else load_content_policy()
    return tuple(
        Link(
            text=found.text,
            host=found.host,
            domain=registrable_domain(found.host),
            shortener=_shortener(found.host, policy.public_shorteners.domains),
        )
        for found in find_urls(text)
    )


def registrable_domain(host: str) -> str:
    """The domain a host is registered under: ``www.example.com`` is ``example.com``."""
    from advisor.content import links

    return links.registrable_domain(host)


# --- opt-out language and brand -------------------------------------------------

_QUOTE = "[\"'\u2018\u2019\u201c\u201d]?"


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _opt_out_instruction(policy: ContentPolicy) -> re.Pattern[str]:
    language = policy.opt_out_language
    keyword = "|".join(re.escape(word) for word in language.keywords)
    verbs = "|".join(_words(verb) for verb in language.verbs)
    actions = "|".join(_words(action) for action in language.actions)
    quoted = rf"{_QUOTE}(?:{keyword}){_QUOTE}"
    return re.compile(
        rf"(?<!\w)(?:(?:{verbs})\s+{quoted}(?!\w)|{quoted}\s+to\s+(?:{actions})(?!\w))",
        re.IGNORECASE,
    )


def has_opt_out_instruction(text: str, policy: ContentPolicy | None = None) -> bool:
    """Whether ``text`` tells the consumer how to opt out ("Reply STOP to unsubscribe")."""
    policy = policy if policy is not None else load_content_policy()
    return _opt_out_instruction(policy).search(text) is not None


def _brand_pattern(brand: str) -> re.Pattern[str]:
    def word(text: str) -> str:
        return "".join("['\u2019]" if char in "'\u2019" else re.escape(char) for char in text)

    body = r"\s+".join(word(part) for part in brand.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def mentions_brand(text: str, brand: str) -> bool:
    """Whether ``brand`` appears in ``text`` as whole words, in any letter case."""
    return _brand_pattern(brand).search(text) is not None


# --- the checks -----------------------------------------------------------------


def _opt_out_severity(use_case: UseCase | None, first_message: bool) -> Severity | None:
    if first_message:
        if use_case is UseCase.PROMOTIONAL:
            return Severity.ERROR
        if use_case is UseCase.CONVERSATIONAL:
            return Severity.INFO
        return Severity.WARNING
    if use_case is UseCase.PROMOTIONAL:
        return Severity.INFO
    return None


def _check_opt_out(
    text: str, use_case: UseCase | None, first_message: bool, policy: ContentPolicy
) -> Finding | None:
    language = policy.opt_out_language
    severity = _opt_out_severity(use_case, first_message and language.first_message)
    if severity is None or has_opt_out_instruction(text, policy):
        return None
    if use_case is not None and use_case not in language.use_cases:
        # Outside the use cases the guidance names: a reminder at most.
        severity = Severity.INFO
    keyword = language.keywords[0]
    where = "the first message" if first_message else "this message"
    kind = f"a {use_case.value} message" if use_case is not None else "a message"
    return Finding(
        id=Check.OPT_OUT_MISSING,
        severity=severity,
        message=(
            f"No opt-out instruction in {where} ({kind}): end it with "
            f'"Reply {keyword} to unsubscribe" or similar.'
        ),
        source=language.source[0],
    )


def _check_brand(text: str, brand: str, policy: ContentPolicy) -> Finding | None:
    if mentions_brand(text, brand):
        return None
    return Finding(
        id=Check.BRAND_MISSING,
        severity=Severity.WARNING,
        message=f'The brand "{brand}" is not named in the body: start with "{brand}: ...".',
        source=policy.brand_in_body.source[0],
    )


def _check_shorteners(links: tuple[Link, ...], policy: ContentPolicy) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[str] = set()
    for link in links:
        if link.shortener is None or link.text in seen:
            continue
        seen.add(link.text)
        findings.append(
            Finding(
                id=Check.SHORTENER_PUBLIC,
                severity=Severity.ERROR,
                message=(
                    f"{link.text} uses {link.shortener}, a public shared URL shortener: "
                    "link to a domain you own, or to a shortener on your own domain."
                ),
                source=policy.public_shorteners.source[0],
            )
        )
    return findings


def _check_domains(links: tuple[Link, ...], policy: ContentPolicy) -> Finding | None:
    domains = list(dict.fromkeys(link.domain for link in links))
    if len(domains) <= 1:
        return None
    return Finding(
        id=Check.LINKS_MULTIPLE_DOMAINS,
        severity=Severity.WARNING,
        message=(
            f"Links point to {len(domains)} domains ({', '.join(domains)}): "
            "keep every link on one domain you own."
        ),
        source=policy.single_domain.source[0],
    )


def _describe_chars(chars: Iterable[UnicodeChar], limit: int = 5) -> tuple[str, int]:
    """Each distinct character with its code point, and how many distinct ones there are."""
    distinct = list(dict.fromkeys((item.char, item.codepoint) for item in chars))
    shown = ", ".join(f"{char!r} ({point})" for char, point in distinct[:limit])
    if len(distinct) > limit:
        shown += f" and {len(distinct) - limit} more"
    return shown, len(distinct)


def _ucs2_cost(count: SegmentCount, gsm: SegmentCount, how: str) -> str:
    if count.segments > gsm.segments:
        return f"{format_count(count.segments, 'segment')} instead of {gsm.segments} ({how})"
    return (
        f"still {format_count(count.segments, 'segment')} ({gsm.segments} in {how}), but a UCS-2 "
        f"segment holds {SINGLE_UCS2} characters instead of {SINGLE_GSM7}"
    )


def _check_ucs2(text: str, count: SegmentCount, policy: ContentPolicy) -> Finding | None:
    if count.encoding is not Encoding.UCS2:
        return None
    chars = count.unicode_chars
    listed, distinct = _describe_chars(chars)
    verb = "forces" if distinct == 1 else "force"
    where = ""
    if chars:
        where = f" (character {chars[0].position + 1})"
        if len(chars) > 1:
            where = f" (the first is character {chars[0].position + 1})"
    smart = smart_encode(text)
    if smart.applicable:
        cost = _ucs2_cost(count, smart.encoded, "GSM-7 after smart encoding")
        return Finding(
            id=Check.UNICODE_FORCES_UCS2,
            severity=Severity.WARNING,
            message=(
                f"{listed}{where} {verb} UCS-2: {cost}. Replace with GSM-7 look-alikes, "
                "or send with smart encoding on."
            ),
            source=policy.smart_encoding.source[0],
        )
    # Some characters have no look-alike: what the message costs without them.
    dropped = {item.position for item in smart.unreplaceable}
    rest = "".join(char for index, char in enumerate(text) if index not in dropped)
    cost = _ucs2_cost(count, smart_encode(rest).encoded, "GSM-7 without them")
    missing, how_many = _describe_chars(smart.unreplaceable)
    has = "has" if how_many == 1 else "have"
    return Finding(
        id=Check.UNICODE_FORCES_UCS2,
        severity=Severity.WARNING,
        message=(
            f"{listed}{where} {verb} UCS-2: {cost}. {missing} {has} no GSM-7 look-alike: "
            "remove to send in GSM-7, or keep and pay for UCS-2."
        ),
        source=policy.segments.source[0],
    )


def _check_length(count: SegmentCount, policy: ContentPolicy) -> Finding:
    unit = unit_name(count.encoding, 1)
    if count.segments <= 1:
        message = (
            f"1 segment ({count.encoding.value}: {count.units} of {count.units_per_segment} "
            f"{unit}s); a longer text is split and each segment is billed as a message."
        )
    else:
        message = (
            f"{count.segments} segments ({count.encoding.value}: "
            f"{format_count(count.units, unit)}, {count.units_per_segment} a segment); "
            "each segment is billed as a message: shorten the text to send fewer."
        )
    return Finding(
        id=Check.LENGTH_SEGMENTS,
        severity=Severity.INFO,
        message=message,
        source=policy.segments.source[0],
    )


def lint_message(
    text: str,
    *,
    use_case: UseCase | None = None,
    brand: str | None = None,
    first_message: bool = False,
    policy: ContentPolicy | None = None,
) -> LintResult:
    """Check one outgoing message against the content policy.

    ``brand`` enables the brand check; ``use_case`` and ``first_message`` decide
    whether an opt-out instruction is called for (see the module notes).
    Raises :class:`advisor.errors.InputError` for an empty message or brand.
    """
    if not text.strip():
        raise InputError("the message is empty")
    check_message(text)
    if brand is not None and not brand.strip():
        raise InputError("the brand is empty: give a name or leave it out")
    policy = policy if policy is not None else load_content_policy()
    count = count_segments(text)
    links = find_links(text, policy)
    candidates: list[Finding | None] = [_check_opt_out(text, use_case, first_message, policy)]
    if brand is not None:
        candidates.append(_check_brand(text, brand.strip(), policy))
    candidates.extend(_check_shorteners(links, policy))
    candidates.append(_check_domains(links, policy))
    candidates.append(_check_ucs2(text, count, policy))
    candidates.append(_check_length(count, policy))
    findings = sorted(
        (finding for finding in candidates if finding is not None),
        key=lambda finding: _SEVERITY_ORDER[finding.severity],
    )
    return LintResult(
        text=text,
        use_case=use_case,
        brand=brand.strip() if brand is not None else None,
        first_message=first_message,
        count=count,
        links=links,
        findings=tuple(findings),
    )
