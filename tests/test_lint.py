"""Message content checks (advisor.content.lint) and the content policy they read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from advisor.content.lint import (
    Check,
    Finding,
    LintResult,
    Severity,
    find_links,
    has_opt_out_instruction,
    lint_message,
    mentions_brand,
    registrable_domain,
)
from advisor.content.lint_lines import lint_lines
from advisor.content.policy import ContentPolicy, load_content_policy
from advisor.errors import DataError, InputError
from advisor.paths import shipped_data_dir
from advisor.render.model import Document, Table
from advisor.views.lint import lint_document
from advisor.vocab import UseCase

GUIDE_EXAMPLE = (
    "Your Business Name: You have an appointment for Tuesday 3:00PM, reply YES to confirm, "
    "NO to reschedule. Reply STOP to unsubscribe"
)
BANDWIDTH = "https://dev.bandwidth.com/docs/messaging/rateLimits"
GUIDE_SHORTENERS = [
    "bit.ly",
    "goo.gl",
    "tinyurl.com",
    "Tiny.cc",
    "lc.chat",
    "is.gd",
    "soo.gd",
    "s2r.co",
    "Clicky.me",
    "budurl.com",
    "bc.vc",
]


def ids(result: LintResult) -> list[str]:
    return [finding.id.value for finding in result.findings]


def only(result: LintResult, check: Check) -> Finding:
    found = [finding for finding in result.findings if finding.id is check]
    assert len(found) == 1, ids(result)
    return found[0]


# --- the guide's example -------------------------------------------------------------------------


@pytest.mark.parametrize("use_case", [*UseCase, None])
def test_the_guides_example_passes_every_check(use_case: UseCase | None) -> None:
    result = lint_message(
        GUIDE_EXAMPLE, use_case=use_case, brand="Your Business Name", first_message=True
    )
    assert ids(result) == ["length-segments"]
    assert not result.has_errors
    assert result.count.encoding.value == "GSM-7"
    assert result.count.segments == 1


def test_the_guides_example_without_its_opt_out_sentence() -> None:
    text = GUIDE_EXAMPLE.removesuffix(" Reply STOP to unsubscribe")
    result = lint_message(text, use_case=UseCase.TRANSACTIONAL, first_message=True)
    finding = only(result, Check.OPT_OUT_MISSING)
    assert finding.severity is Severity.WARNING
    assert "Reply STOP to unsubscribe" in finding.message
    assert finding.source == BANDWIDTH


# --- opt-out language ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Reply STOP to unsubscribe",
        "reply STOP to cancel",
        "Text STOP to opt out",
        "Msgs may apply. STOP to opt-out",
        'Reply "STOP" to end these alerts',
        "Reply \u201cStop\u201d to quit",
        "reply stop",
        "Hi! Text  STOP\nto stop",
        "STOP to unsubscribe",
    ],
)
def test_opt_out_instructions_are_recognised(text: str) -> None:
    assert has_opt_out_instruction(text)


@pytest.mark.parametrize(
    "text",
    [
        "Please stop by our store",
        "Don't stop believing",
        "STOP",
        "Reply STOPALL to unsubscribe",  # only STOP: the keyword every sender honours
        "Reply END to unsubscribe",
        "Reply NOW to stop",
        "nonstop to unsubscribe",
        "Replying STOP",
        "Text STOPS",
        "STOP to continue",
    ],
)
def test_non_instructions_are_not_opt_out_language(text: str) -> None:
    assert not has_opt_out_instruction(text)


@pytest.mark.parametrize(
    ("use_case", "first_message", "expected"),
    [
        (UseCase.PROMOTIONAL, True, Severity.ERROR),
        (UseCase.PROMOTIONAL, False, Severity.INFO),
        (UseCase.TRANSACTIONAL, True, Severity.WARNING),
        (UseCase.TRANSACTIONAL, False, None),
        (UseCase.OTP, True, Severity.WARNING),
        (UseCase.OTP, False, None),
        (UseCase.CONVERSATIONAL, True, Severity.INFO),
        (UseCase.CONVERSATIONAL, False, None),
        (None, True, Severity.WARNING),
        (None, False, None),
    ],
)
def test_opt_out_missing_severity_policy(
    use_case: UseCase | None, first_message: bool, expected: Severity | None
) -> None:
    result = lint_message(
        "Acme: 20% off everything today", use_case=use_case, first_message=first_message
    )
    found = [f for f in result.findings if f.id is Check.OPT_OUT_MISSING]
    assert [f.severity for f in found] == ([expected] if expected else [])
    assert result.has_errors is (expected is Severity.ERROR)


def test_with_an_instruction_no_opt_out_finding() -> None:
    result = lint_message(
        "Acme: 20% off today. Reply STOP to opt out",
        use_case=UseCase.PROMOTIONAL,
        first_message=True,
    )
    assert Check.OPT_OUT_MISSING.value not in ids(result)


# --- brand ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("ACME: your order shipped", "Acme"),
        ("Your order from acme shipped", "Acme"),
        ("Acme's sale starts now", "Acme"),
        ("Your  Business\nName: hello", "Your Business Name"),
        ("Macy\u2019s: sale", "Macy's"),
        ("Macy's: sale", "Macy\u2019s"),
        ("(Acme) order shipped", "Acme"),
        ("AT&T: your bill is ready", "AT&T"),
    ],
)
def test_brand_is_found_case_insensitively_on_word_boundaries(text: str, brand: str) -> None:
    assert mentions_brand(text, brand)
    assert Check.BRAND_MISSING.value not in ids(lint_message(text, brand=brand))


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("Acmeville: your order shipped", "Acme"),
        ("Your order from NotAcme shipped", "Acme"),
        ("acme_corp: hello", "Acme"),
        ("Your Business: hello", "Your Business Name"),
        ("Your order shipped", "Acme"),
    ],
)
def test_brand_missing(text: str, brand: str) -> None:
    assert not mentions_brand(text, brand)
    finding = only(lint_message(text, brand=brand), Check.BRAND_MISSING)
    assert finding.severity is Severity.WARNING
    assert f'"{brand}"' in finding.message
    assert finding.source == BANDWIDTH


def test_no_brand_given_no_brand_check() -> None:
    assert Check.BRAND_MISSING.value not in ids(lint_message("Your order shipped"))


@pytest.mark.parametrize("brand", ["", "   "])
def test_an_empty_brand_is_bad_input(brand: str) -> None:
    with pytest.raises(InputError, match="brand is empty"):
        lint_message("hello", brand=brand)


@pytest.mark.parametrize("text", ["", " ", "\n\t"])
def test_an_empty_message_is_bad_input(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        lint_message(text)


# --- shorteners ----------------------------------------------------------------------------------


def test_the_policy_lists_the_guides_shorteners() -> None:
    policy = load_content_policy()
    assert list(policy.public_shorteners.domains) == [d.lower() for d in GUIDE_SHORTENERS]
    assert policy.public_shorteners.source == (BANDWIDTH,)


@pytest.mark.parametrize("domain", GUIDE_SHORTENERS)
@pytest.mark.parametrize(
    "template",
    [
        "Details: https://{d}/abc123",
        "Details: http://{d}/abc",
        "Details: {d}/abc123 today",
        "Details at {d}.",
        "See (https://www.{d}/x?utm=1&a=b#top)",
        "Go to m.{d}/x",
    ],
)
def test_every_guide_shortener_is_an_error(domain: str, template: str) -> None:
    result = lint_message(template.format(d=domain))
    finding = only(result, Check.SHORTENER_PUBLIC)
    assert finding.severity is Severity.ERROR
    assert domain.lower() in finding.message
    assert finding.source == BANDWIDTH
    assert result.has_errors


def test_an_uppercase_shortener_url() -> None:
    finding = only(lint_message("Sale: HTTPS://BIT.LY/x"), Check.SHORTENER_PUBLIC)
    assert finding.message.startswith("HTTPS://BIT.LY/x uses bit.ly")


def test_a_shortener_url_with_path_and_query_is_reported_whole() -> None:
    text = "Track it: https://bit.ly/a/b?c=d&e=f, thanks"
    (link,) = find_links(text)
    assert link.text == "https://bit.ly/a/b?c=d&e=f"
    assert link.host == "bit.ly"
    assert link.shortener == "bit.ly"
    assert only(lint_message(text), Check.SHORTENER_PUBLIC).message.startswith(link.text)


@pytest.mark.parametrize(
    "text",
    [
        "Visit notbit.ly/x",
        "Visit https://notbit.ly/x",
        "Visit bit.lyrics.com/song",
        "Visit habit.ly/x",
        "An orbit.ly-style name",
        "Read tinyurl.company.com",
        "Try mygoo.gl/x",
        "Write to help@bit.ly",  # an e-mail address, not a link
    ],
)
def test_shortener_near_misses(text: str) -> None:
    assert Check.SHORTENER_PUBLIC.value not in ids(lint_message(text))


def test_a_bare_shortener_domain_counts() -> None:
    assert Check.SHORTENER_PUBLIC.value in ids(lint_message("A bit.ly link is a bad idea"))


def test_each_shortener_link_is_reported_once() -> None:
    result = lint_message("a bit.ly/x b bit.ly/x c goo.gl/y")
    found = [f for f in result.findings if f.id is Check.SHORTENER_PUBLIC]
    assert len(found) == 2


# --- links and domains ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("example.com", "example.com"),
        ("www.example.com", "example.com"),
        ("a.b.example.com", "example.com"),
        ("shop.example.co.uk", "example.co.uk"),
        ("example.com.au", "example.com.au"),
        ("WWW.Example.COM", "example.com"),
        ("bit.ly", "bit.ly"),
        ("go.example.io", "example.io"),
        # the Public Suffix List, private section included
        ("alice.github.io", "alice.github.io"),
        ("www.alice.github.io", "alice.github.io"),
        ("github.io", "github.io"),
        ("shop.example.ac.jp", "example.ac.jp"),
        ("a.b.example.gov.uk", "example.gov.uk"),
        ("example.ck", "example.ck"),
        ("192.168.0.1", "192.168.0.1"),
        ("пример.рф", "пример.рф"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_links_on_one_domain_are_fine() -> None:
    text = "See https://www.acme.com/a and acme.com/b or shop.acme.com"
    assert [link.domain for link in find_links(text)] == ["acme.com"] * 3
    assert Check.LINKS_MULTIPLE_DOMAINS.value not in ids(lint_message(text))


def test_two_sites_under_a_shared_host_are_two_domains() -> None:
    finding = only(
        lint_message("Docs: alice.github.io/guide and https://bob.github.io/x"),
        Check.LINKS_MULTIPLE_DOMAINS,
    )
    assert "2 domains (alice.github.io, bob.github.io)" in finding.message


def test_a_word_after_a_full_stop_is_no_link() -> None:
    text = "Your order shipped.Track it at acme.com/t, thanks.Reply STOP to opt out"
    assert [link.text for link in find_links(text)] == ["acme.com/t"]
    assert Check.LINKS_MULTIPLE_DOMAINS.value not in ids(lint_message(text))


def test_links_on_two_domains_are_a_warning() -> None:
    finding = only(
        lint_message("See https://acme.com/a and www.acme-shop.com/b"),
        Check.LINKS_MULTIPLE_DOMAINS,
    )
    assert finding.severity is Severity.WARNING
    assert "2 domains (acme.com, acme-shop.com)" in finding.message
    assert finding.source == BANDWIDTH


@pytest.mark.parametrize(
    "text",
    [
        "Meet at 3:00PM, e.g. tomorrow",
        "Version 1.2.3 is out",
        "Mail help@acme.com",
        "Costs $3.50 today",
        "U.S. customers only",
        "Your order shipped.Track it",
        "Done.Thanks for waiting",
        "Write to mailto:help@acme.com",
    ],
)
def test_text_without_links(text: str) -> None:
    assert find_links(text) == ()


@given(
    st.lists(
        st.sampled_from([*"ab.:/ \u3002\uff0e\u00a0\n@-", "com", "ly", "http", "www"]),
        max_size=20,
    ).map("".join)
)
def test_the_quick_test_never_hides_a_link(text: str) -> None:
    """find_urls asks linkify-it only when a link is possible: it would find none otherwise."""
    from advisor.content import links

    if links._MAYBE_LINK.search(text) is None:
        assert links._linkify().match(text) is None


def test_links_are_found_offline_and_nothing_is_cached(tmp_path: Path) -> None:
    """The suffix list is the bundled copy: no network, no cache file, whatever the env says."""
    code = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('no network in this test')\n"
        "socket.socket.connect = socket.getaddrinfo = refuse\n"
        "from advisor.content.lint import lint_message\n"
        "result = lint_message('See alice.github.io and bob.github.io')\n"
        "print(sorted(link.domain for link in result.links))\n"
    )
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TLDEXTRACT_CACHE": str(tmp_path / "tldextract"),
        "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "https://publicsuffix.invalid/list.dat",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "['alice.github.io', 'bob.github.io']\n"
    assert list(tmp_path.rglob("*")) == []


# --- encoding and length -------------------------------------------------------------------------


def test_a_curly_apostrophe_costs_segments() -> None:
    text = (
        "Acme: Don\u2019t miss our spring event this weekend with new arrivals in every "
        "department, extended hours, free parking and more. Reply STOP to opt out now."
    )
    assert len(text) == 151
    result = lint_message(text)
    finding = only(result, Check.UNICODE_FORCES_UCS2)
    assert finding.severity is Severity.WARNING
    assert "'\u2019' (U+2019) (character 10) forces UCS-2" in finding.message
    assert "3 segments instead of 1 (GSM-7 after smart encoding)" in finding.message
    assert (
        finding.source == "https://www.twilio.com/docs/messaging/services/smart-encoding-char-list"
    )
    length = only(result, Check.LENGTH_SEGMENTS)
    assert length.message.startswith("3 segments (UCS-2: 151 UTF-16 units, 67 a segment)")


def test_an_emoji_has_no_look_alike() -> None:
    result = lint_message("Acme: Party time \U0001f389 tonight! Reply STOP to unsubscribe")
    finding = only(result, Check.UNICODE_FORCES_UCS2)
    assert "'\U0001f389' (U+1F389) (character 18) forces UCS-2" in finding.message
    assert "still 1 segment (1 in GSM-7 without them)" in finding.message
    assert "has no GSM-7 look-alike" in finding.message


def test_mixed_characters_list_what_cannot_be_replaced() -> None:
    text = "Acme: \u201cBig\u201d \u2014 sale \U0001f389 and \u2713 done " * 3
    finding = only(lint_message(text), Check.UNICODE_FORCES_UCS2)
    assert "(the first is character 7) force UCS-2" in finding.message
    assert "2 segments instead of 1 (GSM-7 without them)" in finding.message
    assert "'\U0001f389' (U+1F389), '\u2713' (U+2713) have no GSM-7 look-alike" in finding.message


def test_gsm_text_has_no_ucs2_finding() -> None:
    result = lint_message("Acme: caf\u00e9 \u00fcber \u20ac5 {ok}")  # all in GSM-7
    assert Check.UNICODE_FORCES_UCS2.value not in ids(result)
    assert result.count.encoding.value == "GSM-7"


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (160, "1 segment (GSM-7: 160 of 160 septets)"),
        (161, "2 segments (GSM-7: 161 septets, 153 a segment)"),
        (307, "3 segments (GSM-7: 307 septets, 153 a segment)"),
    ],
)
def test_length_in_segments(length: int, expected: str) -> None:
    finding = only(lint_message("a" * length), Check.LENGTH_SEGMENTS)
    assert finding.severity is Severity.INFO
    assert finding.message.startswith(expected)
    assert finding.source == "https://www.twilio.com/docs/glossary/what-sms-character-limit"


# --- the result ----------------------------------------------------------------------------------


def test_findings_are_ordered_errors_warnings_infos() -> None:
    result = lint_message(
        "Big sale! https://bit.ly/x and www.shop.com \u2014 hurry",
        use_case=UseCase.PROMOTIONAL,
        brand="Acme",
        first_message=True,
    )
    assert ids(result) == [
        "opt-out-missing",
        "shortener-public",
        "brand-missing",
        "links-multiple-domains",
        "unicode-forces-ucs2",
        "length-segments",
    ]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    ranks = [order[finding.severity] for finding in result.findings]
    assert ranks == sorted(ranks)


def test_to_dict_is_json_ready() -> None:
    result = lint_message("Acme: see acme.com", use_case=UseCase.OTP, brand=" Acme ")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["use_case"] == "otp"
    assert data["brand"] == "Acme"
    assert data["encoding"] == "GSM-7"
    assert data["ok"] is True
    assert data["links"] == [
        {"text": "acme.com", "host": "acme.com", "domain": "acme.com", "shortener": None}
    ]
    assert {"id", "severity", "message", "source"} == set(data["findings"][0])


def test_lint_document_is_a_table_of_the_findings() -> None:
    result = lint_message("Sale at bit.ly/x", use_case=UseCase.PROMOTIONAL, first_message=True)
    document = lint_document(result)
    assert isinstance(document, Document)
    (table,) = document.tables()
    assert isinstance(table, Table)
    assert [row[1] for row in table.rows] == ids(result)
    assert any(BANDWIDTH in note for note in table.footnotes)


def test_lint_document_without_findings_has_no_table() -> None:
    result = lint_message("hello", policy=None)
    stripped = LintResult(
        text=result.text,
        use_case=None,
        brand=None,
        first_message=False,
        count=result.count,
        links=(),
        findings=(),
    )
    assert lint_document(stripped).tables() == ()


@given(st.text(min_size=1, max_size=200).filter(lambda text: text.strip() != ""))
def test_lint_message_never_fails_on_text(text: str) -> None:
    result = lint_message(text)
    assert [f.id for f in result.findings].count(Check.LENGTH_SEGMENTS) == 1
    assert all(f.id in set(Check) and f.source.startswith("https://") for f in result.findings)


@given(
    st.sampled_from([d.lower() for d in GUIDE_SHORTENERS]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
)
def test_a_shortener_behind_more_letters_is_not_a_shortener(domain: str, prefix: str) -> None:
    assert all(link.shortener is None for link in find_links(f"go {prefix}{domain}/x"))
    assert [link.shortener for link in find_links(f"go {prefix}.{domain}/x")] == [domain]


# --- many messages -------------------------------------------------------------------------------


def test_lint_lines_answers_every_line() -> None:
    lines = [
        '{"id": 1, "text": "Acme: hi. Reply STOP to opt out", "use_case": "promotional"}\n',
        "\n",
        "{not json\n",
        '{"id": "x", "text": "Sale bit.ly/x"}\n',
        '{"id": "y", "text": "hi", "colour": "red"}\n',
        '{"id": "z", "text": "hi", "first_message": "yes"}\n',
        '["a"]\n',
        '{"text": "no id"}\n',
        '{"id": 2, "text": "hi", "brand": ""}\n',
    ]
    answers = list(lint_lines(lines, use_case=UseCase.TRANSACTIONAL, first_message=True))
    assert [answer.line for answer in answers] == [1, 3, 4, 5, 6, 7, 8, 9]
    first = answers[0]
    assert first.ok
    assert first.result is not None
    assert first.result.use_case is UseCase.PROMOTIONAL  # the line's own value wins
    assert first.result.first_message is True  # the default fills in
    errors = {answer.line: answer.error for answer in answers if answer.error}
    assert errors[3] is not None
    assert errors[3].startswith("line 3: not valid JSON")
    assert errors[5] == "line 5: colour: unknown key (not part of the schema), got 'red'"
    assert errors[6] == "line 6: first_message: expected true or false, got 'yes'"
    assert errors[7] == "line 7: expected a JSON object, got an array"
    assert errors[8] == "line 8: id: missing: this key is required"
    assert errors[9] == "line 9: the brand is empty: give a name or leave it out"
    shortener = answers[2]
    assert shortener.result is not None
    assert not shortener.ok  # an error-severity finding
    assert shortener.to_dict()["id"] == "x"
    assert answers[3].to_dict() == {
        "id": "y",
        "line": 5,
        "ok": False,
        "error": errors[5],
    }


# --- the content policy file ---------------------------------------------------------------------


def _shipped_data() -> dict[str, Any]:
    loaded = yaml.safe_load((shipped_data_dir() / "content.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "content.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_shipped_policy_is_cached_and_sourced() -> None:
    policy = load_content_policy()
    assert load_content_policy() is policy
    for section in (
        policy.public_shorteners,
        policy.single_domain,
        policy.brand_in_body,
        policy.opt_out_keywords,
        policy.opt_in_keywords,
        policy.opt_out_language,
        policy.segments,
        policy.smart_encoding,
    ):
        assert section.source
        assert all(url.startswith("https://") for url in section.source)
        assert section.as_of.year >= 2026


def test_a_policy_file_of_ones_own(tmp_path: Path) -> None:
    data = _shipped_data()
    data["public_shorteners"]["domains"].append("Example.link")
    policy = load_content_policy(_write(tmp_path, data))
    assert "example.link" in policy.public_shorteners.domains
    result = lint_message("go https://example.link/x", policy=policy)
    assert Check.SHORTENER_PUBLIC.value in ids(result)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["opt_out_keywords"].pop("as_of"),
            "opt_out_keywords.as_of: missing: this key is required",
        ),
        (
            lambda d: d["opt_out_keywords"].update(source=[]),
            "opt_out_keywords.source: expected at least one item",
        ),
        (
            lambda d: d["opt_out_keywords"].update(source=["dev.bandwidth.com"]),
            "opt_out_keywords.source[0]: expected an http(s) URL",
        ),
        (
            lambda d: d["opt_in_keywords"]["keywords"].append("unstop"),
            "opt_in_keywords.keywords: 'UNSTOP' is listed twice",
        ),
        (
            lambda d: d["opt_in_keywords"]["keywords"].append("STOP"),
            "keyword 'STOP' is both an opt-out and an opt-in keyword",
        ),
        (
            lambda d: d["opt_out_language"].update(keywords=["HALT"]),
            "opt_out_language keyword 'HALT' is not one of opt_out_keywords",
        ),
        (
            lambda d: d["opt_out_language"].update(use_cases=["marketing"]),
            "opt_out_language.use_cases[0]: expected one of",
        ),
        (
            lambda d: d["public_shorteners"]["domains"].append("not a domain"),
            "public_shorteners.domains[11]: expected a domain name such as bit.ly",
        ),
        (
            lambda d: d["opt_out_keywords"]["keywords"].append("stop it"),
            "opt_out_keywords.keywords[10]: expected one word of letters",
        ),
        (lambda d: d.update(extra=1), "extra: unknown key (not part of the schema)"),
        (lambda d: d.pop("segments"), "segments: missing: this key is required"),
    ],
)
def test_a_bad_policy_file_is_one_line_naming_the_yaml_path(
    tmp_path: Path, change: Any, expected: str
) -> None:
    data = _shipped_data()
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(DataError) as caught:
        load_content_policy(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_a_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        load_content_policy(tmp_path / "absent.yaml")


def test_content_policy_models_are_frozen() -> None:
    policy = load_content_policy()
    with pytest.raises(ValueError, match="frozen"):
        policy.opt_in_keywords.keywords = ("JOIN",)  # type: ignore[misc]
    assert isinstance(policy, ContentPolicy)
