"""``segments --provider``: each provider's documented counting (data/segments.yaml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.content.analysis import analyse, record
from advisor.content.policy import load_content_policy
from advisor.content.provider_rules import (
    ProviderRequest,
    count_for,
    load_segment_rules,
    provider_rules,
)
from advisor.content.segments import GSM7_3GPP, Encoding, count_segments
from advisor.content.segments_lines import answer_lines
from advisor.errors import DataError, UsageError
from advisor.paths import shipped_data_dir
from advisor.schemas import output_schema, versioned
from advisor.views.segments import build_document
from advisor.vocab import SenderId
from tests.clitools import invoke, run

RULES = load_segment_rules()
PROVIDERS = sorted(RULES.providers)
GREEK = "\u0394\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e"
#: what Telnyx's page leaves out of the standard's alphabet (its "GSM 7-bit character set")
TELNYX_LEAVES_OUT = frozenset("\u00c7\u00a4\f" + GREEK)


def _request(provider: str, sender: SenderId | None = None) -> ProviderRequest:
    return provider_rules(provider, sender)


def _common_subset() -> str:
    """The characters every provider's default alphabet carries, as 3GPP does."""
    common = set(GSM7_3GPP.basic | GSM7_3GPP.extension)
    for provider in PROVIDERS:
        alphabet = count_for("", _request(provider)).alphabet
        common &= alphabet.basic | alphabet.extension
        assert alphabet.extension <= GSM7_3GPP.extension  # an extension is 2 septets everywhere
    return "".join(sorted(common))


COMMON = _common_subset()


# --- the data ------------------------------------------------------------------------------------


def test_every_provider_is_one_the_knowledge_base_knows() -> None:
    from advisor import knowledge

    assert set(RULES.providers) <= set(knowledge.load(None).providers)


def test_every_provider_cites_sources_read_on_or_after_its_facts() -> None:
    for provider, rules in RULES.providers.items():
        assert rules.cited(), provider
        for key in rules.cited():
            source = RULES.sources[key]
            assert source.read <= rules.review.date, (provider, key)
            if source.published is not None:
                assert source.published <= source.read, (provider, key)
        assert rules.as_of <= rules.review.date, provider


def test_telnyx_leaves_out_what_its_page_leaves_out_and_nothing_else() -> None:
    alphabet = count_for("", _request("telnyx")).alphabet
    standard = GSM7_3GPP.basic | GSM7_3GPP.extension
    assert standard - (alphabet.basic | alphabet.extension) == TELNYX_LEAVES_OUT
    assert (alphabet.basic | alphabet.extension) <= standard
    assert alphabet.extension == GSM7_3GPP.extension - {"\f"}


def test_twilio_cap_is_the_content_policys_body_limit() -> None:
    """Two files state Twilio's 1,600 characters: they must not drift apart."""
    limit = load_content_policy().body_limit
    (cap,) = RULES.providers["twilio"].caps
    assert (cap.limit, cap.value, cap.error, cap.action) == (
        "characters",
        limit.max_characters,
        limit.error,
        "reject",
    )


def _shipped() -> dict[str, Any]:
    data = yaml.safe_load((shipped_data_dir() / "segments.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_an_unknown_source_is_a_one_line_data_error(tmp_path: Path) -> None:
    data = _shipped()
    data["providers"]["aws"]["source"] = ["nowhere"]
    path = tmp_path / "segments.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match=r"segments\.yaml: .*unknown source 'nowhere'") as caught:
        load_segment_rules(path)
    assert "\n" not in str(caught.value)


def test_rules_own_needs_rules_of_its_own(tmp_path: Path) -> None:
    data = _shipped()
    data["providers"]["aws"]["rules"] = "own"
    path = tmp_path / "segments.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match="rules: own is for a provider"):
        load_segment_rules(path)


def test_an_unknown_provider_names_the_choices() -> None:
    with pytest.raises(UsageError) as caught:
        provider_rules("nexmo")
    assert str(caught.value) == (
        "--provider: expected one of " + ", ".join(PROVIDERS) + ", got 'nexmo'"
    )
    assert provider_rules(" Telnyx ").provider == "telnyx"


# --- counting ------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PROVIDERS), st.text(alphabet=COMMON, max_size=700))
def test_in_the_common_subset_every_provider_agrees_with_3gpp(provider: str, text: str) -> None:
    counted = count_for(text, _request(provider))
    assert counted.count == count_segments(text)
    assert counted.encoding == "GSM-7"
    assert not counted.differs
    assert counted.forces_ucs2 == ()


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=COMMON, max_size=300),
    st.text(alphabet="".join(sorted(TELNYX_LEAVES_OUT)), min_size=1, max_size=5),
    st.integers(min_value=0),
)
def test_what_telnyx_leaves_out_forces_ucs2_there_only(text: str, extra: str, at: int) -> None:
    at %= len(text) + 1
    message = text[:at] + extra + text[at:]
    counted = count_for(message, _request("telnyx"))
    assert count_segments(message).encoding is Encoding.GSM7
    assert counted.encoding == "UCS-2"
    assert counted.differs
    assert [item.char for item in counted.forces_ucs2] == list(extra)
    assert [item.position for item in counted.forces_ucs2] == list(range(at, at + len(extra)))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(PROVIDERS),
    st.sampled_from([None, *SenderId]),
    st.text(alphabet=COMMON + "\u00e7\u2019\U0001f600\u4e2d", max_size=2500),
)
def test_a_cap_is_never_exceeded_silently(
    provider: str, sender: SenderId | None, text: str
) -> None:
    report = analyse(text, provider=_request(provider, sender))
    counted = report.provider
    assert counted is not None
    data = record(report)["provider"]
    rejected = False
    for cap, shown in zip(counted.rules.caps, data["caps"], strict=True):
        measured = counted.count.characters if cap.limit == "characters" else counted.count.segments
        applies = cap.encoding is None or cap.encoding == counted.encoding
        over = applies and measured > cap.value
        assert shown["exceeded"] is over
        rejected = rejected or (over and cap.action == "reject")
        if over:
            assert data["cap_exceeded"] is True
            document = json.dumps(build_document(report), default=repr)
            assert "EXCEEDED: " + cap.text.replace('"', '\\"') in document
    assert data["rejected"] is rejected
    assert data["cap_exceeded"] is any(item["exceeded"] for item in data["caps"])


def test_a_telnyx_short_code_sends_ascii_7_bit() -> None:
    request = _request("telnyx", SenderId.SHORT_CODE)
    braces = count_for("{" * 100, request)  # 1 septet each in ASCII, 2 in GSM-7
    assert (braces.encoding, braces.count.units, braces.count.segments) == ("ASCII-7", 100, 1)
    assert count_segments("{" * 100).segments == 2
    accented = count_for("caf\u00e9", request)
    assert accented.encoding == "UCS-2"
    assert [item.char for item in accented.forces_ucs2] == ["\u00e9"]
    # other Telnyx senders use its GSM-7 set
    assert count_for("caf\u00e9", _request("telnyx", SenderId.LONG_CODE)).encoding == "GSM-7"


def test_eleven_telnyx_segments_exceed_its_cap_and_say_what_is_unknown() -> None:
    report = analyse("x" * (153 * 10 + 1), provider=_request("telnyx"))
    data = record(report)["provider"]
    assert (data["segments"], data["cap_exceeded"], data["rejected"]) == (11, True, False)
    assert data["caps"][0]["action"] == "unstated"


def test_3gpp_providers_say_so() -> None:
    for provider in PROVIDERS:
        data = record(analyse("hello", provider=_request(provider)))["provider"]
        if RULES.providers[provider].rules == "3gpp":
            name = RULES.providers[provider].name
            assert data["summary"].startswith(f"{name} documents no rules of its own: 3GPP.")
        assert data["sources"]
        assert all(s["url"].startswith("https://") for s in data["sources"])


def test_smart_encoding_then_the_provider_counts_the_text_as_sent() -> None:
    report = analyse("Don\u2019t \u00c7a", smart_encoding=True, provider=_request("telnyx"))
    assert report.applied
    counted = report.provider
    assert counted is not None
    assert counted.count.text == "Don't \u00c7a"
    assert counted.encoding == "UCS-2"


# --- output --------------------------------------------------------------------------------------

SCHEMA = output_schema("segments")
LINE_SCHEMA = output_schema("segments-line")


def test_json_lines_carry_the_provider_and_keep_every_key() -> None:
    lines = [json.dumps({"id": 1, "text": "\u00c7a va"}), json.dumps({"id": 2, "text": "ok"})]
    plain = [answer.record for answer in answer_lines(lines)]
    with_provider = [answer.record for answer in answer_lines(lines, provider=_request("telnyx"))]
    for before, after in zip(plain, with_provider, strict=True):
        jsonschema.validate(versioned(after), LINE_SCHEMA)
        assert before["provider"] is None
        assert {key: value for key, value in after.items() if key != "provider"} == {
            key: value for key, value in before.items() if key != "provider"
        }
    assert [line["provider"]["encoding"] for line in with_provider] == ["UCS-2", "GSM-7"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_cli_json_for_each_provider_validates(provider: str) -> None:
    code, out, err = invoke(
        "segments", "\u00c7a va \u20ac", "--provider", provider, "--format", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["provider"]["id"] == provider
    assert data["encoding"] == "GSM-7"  # the standard's keys are unchanged


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_cli_every_input_form_takes_provider(tmp_path: Path, fmt: str) -> None:
    message = tmp_path / "message.txt"
    message.write_text("\u00c7a va\n", encoding="utf-8")
    outs = [
        invoke("segments", "\u00c7a va", "--provider", "telnyx", "--format", fmt),
        invoke("segments", "--file", str(message), "--provider", "telnyx", "--format", fmt),
    ]
    for code, out, err in outs:
        assert (code, err) == (0, "")
        assert "Telnyx" in out
        assert "U+00C7" in out
    assert outs[0][1] == outs[1][1]
    code, out, err = invoke(
        "segments",
        "--jsonl",
        "-",
        "--provider",
        "telnyx",
        input=json.dumps({"text": "\u00c7a va"}) + "\n",
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["provider"]["forces_ucs2"][0]["codepoint"] == "U+00C7"


@pytest.mark.parametrize(
    "source",
    [["ok"], ["--file", "absent.txt"], ["--jsonl", "-"]],
    ids=["argument", "file", "jsonl"],
)
def test_cli_unknown_provider_is_one_line_exit_2_before_any_work(source: list[str]) -> None:
    code, out, err = invoke("segments", *source, "--provider", "nexmo", input="")
    assert code == 2
    assert out == ""
    assert err == (
        "advisor: error: --provider: expected one of " + ", ".join(PROVIDERS) + ", got 'nexmo'\n"
    )


def test_cli_sender_without_provider_is_refused() -> None:
    code, out, err = invoke("segments", "ok", "--sender", "short_code")
    assert (code, out) == (2, "")
    assert (
        err == "advisor: error: --sender applies with --provider (3GPP counts every sender alike)\n"
    )


def test_cli_subprocess_jsonl_from_stdin_with_provider() -> None:
    lines = "".join(
        json.dumps({"id": ident, "text": text}) + "\n"
        for ident, text in (("a", "{" * 100), ("b", "caf\u00e9"))
    )
    result = run(
        "segments", "--jsonl", "-", "--provider", "telnyx", "--sender", "short_code",
        input=lines.encode("utf-8"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [a["provider"]["encoding"] for a in answers] == ["ASCII-7", "UCS-2"]
    assert [a["encoding"] for a in answers] == ["GSM-7", "GSM-7"]
    for answer in answers:
        jsonschema.validate(answer, LINE_SCHEMA)


GOLDEN_TEXT = "\u00c7a va? Prix: 5\u20ac {promo}"


@pytest.mark.parametrize(("fmt", "suffix"), [("table", "txt"), ("markdown", "md")])
def test_golden_provider_report(golden: Any, fmt: str, suffix: str) -> None:
    code, out, err = invoke(
        "segments", GOLDEN_TEXT, "--provider", "telnyx", "--sender", "short_code", "--format", fmt
    )
    assert (code, err) == (0, "")
    golden.check(f"segments/telnyx-short-code.{suffix}", out)


def test_the_guide_cites_every_source_of_the_rules() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "guide.md").read_text(encoding="utf-8")
    section = guide[guide.index("### Provider segment rules") :]
    for provider, rules in RULES.providers.items():
        assert f"| `{provider}` |" in section
        for key in rules.cited():
            assert RULES.sources[key].url in section, (provider, key)


def test_the_config_files_provider_does_not_change_what_segments_counts_by(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('provider = "infobip"\n', encoding="utf-8")
    monkeypatch.setenv("ADVISOR_CONFIG", str(config))
    monkeypatch.setenv("ADVISOR_PROVIDER", "infobip")
    code, out, err = invoke("segments", "ok", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["provider"] is None
