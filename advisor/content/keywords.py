"""Classify a consumer's reply: does it opt out, opt back in, or neither?

The keyword lists come from the content policy (``data/content.yaml``); the
matching rules are here.

**Opt-in** (UNSTOP, START) follows the rule Bandwidth's "Understanding Messaging
Rate Limits" guide states for UNSTOP on toll-free numbers, to the letter: the
keyword is not case sensitive and counts only as a single word with no
punctuation and no leading spaces; trailing spaces are trimmed; inside a
sentence it does not count. So ``"unstop  "`` opts in, while ``" UNSTOP"``,
``"UNSTOP!"`` and ``"I said unstop"`` do not. Only the space character is
trimmed, as the guide says; a trailing tab or line break is not a space.

**Opt-out** (STOP, STOPALL, UNSUBSCRIBE, ...) must also be the whole message:
Twilio documents that only single-word messages trigger its opt-out ("STOP
PLEASE" does not), and Bandwidth's examples of valid opt-outs are the bare word
in any letter case. Neither source says how whitespace or punctuation around
the word is treated. Misreading an opt-out as "none" means texting someone who
asked to stop, so the doubt is resolved in the consumer's favour, and only as
far as the word itself: surrounding whitespace, surrounding quotes (consumers
copy ``Reply "STOP"``) and trailing sentence marks (``.``, ``!``, ``?``) are
ignored, so ``" Stop. "`` and ``"STOP!"`` opt out. Anything else, such as
another word, makes it no keyword: ``"Please stop"`` is ``none``.

``none`` only says the reply is not a keyword. It is not consent to keep
sending: a free-text request such as "please stop texting me" still deserves a
person's attention.

Keywords are ASCII; a reply with any other character never matches (so Unicode
case folding cannot turn a look-alike letter into a keyword).
"""

from __future__ import annotations

from enum import StrEnum

from advisor.content.policy import ContentPolicy, load_content_policy

__all__ = ["KeywordClass", "classify_reply"]

#: quotes a consumer may copy from an instruction such as ``Reply "STOP"``.
_QUOTES = "\"'\u2018\u2019\u201c\u201d"
#: sentence marks tolerated after an opt-out keyword.
_TRAILING_MARKS = ".!?"


class KeywordClass(StrEnum):
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    NONE = "none"


def _is_keyword(candidate: str, keywords: tuple[str, ...]) -> bool:
    return candidate.isascii() and candidate.upper() in keywords


def _opt_in_candidate(text: str) -> str:
    """The reply as the opt-in rule reads it: trailing spaces trimmed, nothing else."""
    return text.rstrip(" ")


def _opt_out_candidate(text: str) -> str:
    """The reply as the opt-out rule reads it: the word without what surrounds it."""
    word = text.strip()
    word = word.rstrip(_TRAILING_MARKS).rstrip()
    if len(word) >= 2 and word[0] in _QUOTES and word[-1] in _QUOTES:
        word = word[1:-1].strip()
    return word.rstrip(_TRAILING_MARKS)


def classify_reply(text: str, policy: ContentPolicy | None = None) -> KeywordClass:
    """Whether ``text``, a consumer's whole reply, is an opt-out, an opt-in, or neither.

    ``policy`` defaults to the shipped content policy. A pure function.
    """
    policy = policy if policy is not None else load_content_policy()
    if _is_keyword(_opt_in_candidate(text), policy.opt_in_keywords.keywords):
        return KeywordClass.OPT_IN
    if _is_keyword(_opt_out_candidate(text), policy.opt_out_keywords.keywords):
        return KeywordClass.OPT_OUT
    return KeywordClass.NONE
