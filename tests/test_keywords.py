"""Reply classification: opt-out, opt-in or neither (advisor.content.keywords)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.content.keywords import KeywordClass, classify_reply
from advisor.content.policy import ContentPolicy, load_content_policy

POLICY = load_content_policy()
OPT_OUT = POLICY.opt_out_keywords.keywords
OPT_IN = POLICY.opt_in_keywords.keywords
ALL_KEYWORDS = OPT_OUT + OPT_IN


# --- the guide's examples ------------------------------------------------------------------------


@pytest.mark.parametrize("reply", ["STOP", "Stop", "stop", "STop"])
def test_the_guides_valid_opt_outs(reply: str) -> None:
    assert classify_reply(reply) is KeywordClass.OPT_OUT


@pytest.mark.parametrize("reply", ["UNSTOP", "Unstop", "unstop", "UNStop"])
def test_the_guides_valid_opt_ins(reply: str) -> None:
    assert classify_reply(reply) is KeywordClass.OPT_IN


def test_unstop_with_trailing_spaces_is_an_opt_in() -> None:
    # "any trailing spaces are trimmed"
    assert classify_reply("unstop  ") is KeywordClass.OPT_IN
    assert classify_reply("UNSTOP ") is KeywordClass.OPT_IN


@pytest.mark.parametrize(
    "reply",
    [
        " UNSTOP",  # a leading space
        "\tunstop",
        "UNSTOP!",  # punctuation
        "UNSTOP.",
        '"UNSTOP"',
        "un-stop",
        "I said unstop",  # inside a sentence
        "unstop please",
        "UNSTOP UNSTOP",
        "unstop\t",  # only spaces are trimmed, as the guide says
        "unstop\n",
    ],
)
def test_unstop_near_misses_are_not_opt_ins(reply: str) -> None:
    assert classify_reply(reply) is KeywordClass.NONE


# --- opt-out keywords ----------------------------------------------------------------------------


def test_the_opt_out_list_holds_twilios_current_defaults() -> None:
    twilio = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
    assert twilio <= set(OPT_OUT)
    assert set(OPT_IN) == {"UNSTOP", "START"}


@pytest.mark.parametrize("keyword", OPT_OUT)
def test_every_opt_out_keyword_in_any_case(keyword: str) -> None:
    for reply in (keyword, keyword.lower(), keyword.capitalize()):
        assert classify_reply(reply) is KeywordClass.OPT_OUT, reply


@pytest.mark.parametrize(
    "reply",
    [
        "  stop  ",
        "STOP.",
        "Stop!",
        "stop?!",
        " Stop. ",
        '"STOP"',
        "\u201cStop\u201d",
        "'stop'",
        "STOP\n",
    ],
)
def test_opt_out_tolerates_surrounding_whitespace_quotes_and_sentence_marks(reply: str) -> None:
    assert classify_reply(reply) is KeywordClass.OPT_OUT


@pytest.mark.parametrize(
    "reply",
    [
        "Please stop",
        "STOP PLEASE",
        "stop it",
        "STOP, thanks",
        "STOP,",  # only . ! ? are sentence marks here
        "STOPP",
        "S TOP",
        "non-stop",
        "unsubscribed",
        "Stop texting me",
        "\u017ftop",  # long s: upper() would make it STOP, but it is not ASCII
        "\uff33\uff34\uff2f\uff30",  # fullwidth STOP
    ],
)
def test_opt_out_near_misses_are_none(reply: str) -> None:
    assert classify_reply(reply) is KeywordClass.NONE


@pytest.mark.parametrize("reply", ["START", "start", "Start", "start  "])
def test_start_opts_in_under_the_same_rule_as_unstop(reply: str) -> None:
    assert classify_reply(reply) is KeywordClass.OPT_IN


@pytest.mark.parametrize("reply", ["YES", "yes", "HELP", "INFO", "", "   ", "\n"])
def test_other_replies_are_none(reply: str) -> None:
    # YES is left out of the opt-in list on purpose: it answers "reply YES to confirm".
    assert classify_reply(reply) is KeywordClass.NONE


def test_the_policy_argument_is_used() -> None:
    data: dict[str, Any] = POLICY.model_dump(mode="json")
    data["opt_in_keywords"]["keywords"] = ["JOIN"]
    policy = ContentPolicy.model_validate(data)
    assert classify_reply("join", policy) is KeywordClass.OPT_IN
    assert classify_reply("unstop", policy) is KeywordClass.NONE
    assert classify_reply("unstop") is KeywordClass.OPT_IN


def test_keyword_class_values_are_the_contract() -> None:
    assert [member.value for member in KeywordClass] == ["opt_out", "opt_in", "none"]


# --- properties ----------------------------------------------------------------------------------

_ascii_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30)


@st.composite
def _recased(draw: st.DrawFn, words: tuple[str, ...]) -> tuple[str, str]:
    word = draw(st.sampled_from(words))
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return word, "".join(
        c.lower() if flip else c.upper() for c, flip in zip(word, flips, strict=True)
    )


@given(_recased(ALL_KEYWORDS))
def test_any_letter_case_of_a_keyword_classifies_like_the_keyword(pair: tuple[str, str]) -> None:
    keyword, recased = pair
    assert classify_reply(recased) is classify_reply(keyword)
    assert classify_reply(recased) is not KeywordClass.NONE


@given(_ascii_text)
def test_classification_ignores_letter_case(text: str) -> None:
    expected = classify_reply(text)
    assert classify_reply(text.upper()) is expected
    assert classify_reply(text.lower()) is expected
    assert classify_reply(text.swapcase()) is expected


@given(st.text(max_size=40))
def test_an_opt_in_is_exactly_a_keyword_and_trailing_spaces(text: str) -> None:
    if classify_reply(text) is KeywordClass.OPT_IN:
        assert text.rstrip(" ").upper() in OPT_IN
        assert not text[:1].isspace()


@given(
    st.sampled_from(OPT_IN),
    st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=10),
    st.sampled_from([" ", "", "-", ", "]),
    st.booleans(),
)
def test_a_letter_beyond_the_keyword_is_never_an_opt_in(
    keyword: str, letters: str, glue: str, before: bool
) -> None:
    text = f"{letters}{glue}{keyword}" if before else f"{keyword}{glue}{letters}"
    assert classify_reply(text) is not KeywordClass.OPT_IN


@given(
    st.sampled_from(OPT_IN),
    st.text(alphabet=st.sampled_from(" \t\n\u00a0"), min_size=1, max_size=3),
)
def test_leading_whitespace_is_never_an_opt_in(keyword: str, whitespace: str) -> None:
    assert classify_reply(whitespace + keyword) is not KeywordClass.OPT_IN


@given(
    st.sampled_from(OPT_OUT),
    st.text(alphabet=st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=1, max_size=8),
)
def test_an_opt_out_keyword_with_another_word_is_none(keyword: str, word: str) -> None:
    assert classify_reply(f"{keyword} {word}") is KeywordClass.NONE
    assert classify_reply(f"{word} {keyword}") is KeywordClass.NONE


@given(st.text(max_size=60))
def test_classify_reply_is_total(text: str) -> None:
    assert classify_reply(text) in set(KeywordClass)
