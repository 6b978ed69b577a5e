"""The knowledge base: the shipped file's consistency, validation errors, caching."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from kbtools import country, make_kb, raw_kb, shipped_raw, write_yaml

from advisor import knowledge
from advisor.errors import DataError
from advisor.knowledge import LeadTime, TimeUnit
from advisor.vocab import SenderId

# --- The shipped knowledge base ------------------------------------------------------------------


def test_shipped_file_has_no_problems() -> None:
    assert knowledge.problems_in(knowledge.shipped_path()) == []


def test_every_country_of_the_reference_list_loads() -> None:
    kb = knowledge.load()
    assert len(kb.countries) == 221
    for code, entry in kb.countries.items():
        assert re.fullmatch(r"[A-Z]{2}", code)
        assert entry.name
        assert entry.source, code


def test_every_fact_is_sourced_and_dated() -> None:
    """Walk the whole tree: every fact block names known sources and a date not in the future."""
    kb = knowledge.load()
    problems: list[str] = []
    for path, source in knowledge._walk_sources(kb, ""):
        if source not in kb.sources:
            problems.append(f"{path}: {source}")

    def dates(value: Any, path: str) -> None:
        if isinstance(value, knowledge.Sourced) and value.as_of > kb.meta.as_of:
            problems.append(f"{path}.as_of {value.as_of} is after the file's {kb.meta.as_of}")
        if isinstance(value, knowledge.BaseModel):
            for name, child in value:
                dates(child, f"{path}.{name}")
        elif isinstance(value, dict):
            for key, child in value.items():
                dates(child, f"{path}.{key}")
        elif isinstance(value, tuple):
            for index, child in enumerate(value):
                dates(child, f"{path}[{index}]")

    dates(kb, "")
    assert problems == []


def test_the_matrix_has_six_senders_and_every_attribute() -> None:
    kb = knowledge.load()
    assert list(kb.senders) == [
        SenderId.SHORT_CODE,
        SenderId.LONG_CODE,
        SenderId.TOLL_FREE,
        SenderId.ALPHANUMERIC_DYNAMIC,
        SenderId.ALPHANUMERIC_REGISTERED,
        SenderId.LONG_CODE_INTERNATIONAL,
    ]
    assert set(kb.matrix.rows) == set(knowledge.SenderAttributes.model_fields)
    assert [footnote.mark for footnote in kb.matrix.footnotes] == [
        "*",
        "**",
        "***",
        "****",
        "*****",
    ]


def test_figures_the_matrix_left_vague_are_filled_in() -> None:
    kb = knowledge.load()
    ten_dlc = kb.senders[SenderId.LONG_CODE].attributes.throughput
    assert [tier.mps for tier in ten_dlc.tiers][:3] == [225, 120, 12]
    assert [tier.per_carrier_mps for tier in ten_dlc.tiers][:3] == [75, 40, 4]
    toll_free = kb.senders[SenderId.TOLL_FREE].attributes.throughput
    assert (toll_free.default_mps, toll_free.max_mps) == (3, 150)
    us_short_code = kb.countries["US"].senders[SenderId.SHORT_CODE].throughput
    assert us_short_code is not None
    assert us_short_code.default_mps == 100


def test_unknown_is_recorded_as_unknown_not_guessed() -> None:
    kb = knowledge.load()
    short_code = kb.senders[SenderId.SHORT_CODE].attributes.throughput
    assert short_code.default_mps is None  # "Country dependent"
    registered = kb.senders[SenderId.ALPHANUMERIC_REGISTERED].attributes.lead_time
    assert (registered.min, registered.max) == (None, None)  # "Country specific"


def test_twilio_queue_defaults_to_the_newest_figure_and_keeps_the_older_one() -> None:
    twilio = knowledge.load().providers["twilio"]
    assert twilio.queue.seconds == 36000
    assert [old.seconds for old in twilio.queue_history] == [14400]
    assert twilio.queue_history[0].as_of == date(2021, 7, 6)
    codes = {error.code for error in twilio.errors.queue_full}
    assert codes == {"21611", "30001"}
    assert [error.code for error in twilio.errors.expired] == ["30036"]


# --- Errors name the YAML path -------------------------------------------------------------------


def _break(mutate: Any) -> dict[str, Any]:
    raw = raw_kb()
    mutate(raw)
    return raw


BROKEN = [
    (
        lambda raw: raw["senders"]["short_code"]["attributes"]["lead_time"].update(min="six"),
        "senders.short_code.attributes.lead_time.min: expected a number, got 'six'",
    ),
    (
        lambda raw: raw["countries"]["BR"].update(short_code="maybe"),
        "countries.BR.short_code: expected one of",
    ),
    (
        lambda raw: raw["countries"]["DE"].pop("name"),
        "countries.DE.name: missing",
    ),
    (
        lambda raw: raw["countries"]["DE"].update(colour="red"),
        "countries.DE.colour: unknown key",
    ),
    (
        lambda raw: raw["countries"]["DE"].update(source=["no-such-source"]),
        "countries.DE.source: unknown source id 'no-such-source'",
    ),
    (
        lambda raw: raw["senders"].pop("toll_free"),
        "senders: every sender needs an entry; missing: toll_free",
    ),
    (
        lambda raw: raw["rules"][0]["when"]["all"][0].update(fact="sender.colour"),
        "rules[0].when.all[0].fact: unknown fact 'sender.colour' (rule short-code-unavailable)",
    ),
    (
        lambda raw: raw["rules"][0]["when"]["all"][0].update(eq="shortcode"),
        "rules[0].when.all[0].eq: expected one of",
    ),
    (
        lambda raw: raw["rules"][0].update(when={"every": []}),
        "rules[0].when: expected a condition",
    ),
    (
        lambda raw: raw["rules"][0].update(reason="{country.nam} has none"),
        "rules[0].reason: unknown fact {country.nam} in the text",
    ),
    (
        lambda raw: raw["rules"][1].update(id=raw["rules"][0]["id"]),
        "rules[1].id: 'short-code-unavailable' is already used by rules[0]",
    ),
    (
        lambda raw: raw["meta"].update(as_of="last tuesday"),
        "meta.as_of: expected a date (YYYY-MM-DD)",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), BROKEN)
def test_a_broken_file_is_reported_with_its_yaml_path(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    path = str(tmp_path / "kb.yaml")
    problems = knowledge.problems_in_mapping(_break(mutate), path)
    assert any(expected in problem for problem in problems), problems
    with pytest.raises(DataError) as caught:
        knowledge.validate_mapping(_break(mutate), path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(path)


def test_validate_lists_every_problem_of_a_file(tmp_path: Path) -> None:
    def two_problems(raw: dict[str, Any]) -> None:
        raw["countries"]["BR"]["short_code"] = "maybe"
        raw["countries"]["DE"]["toll_free_sms"] = "perhaps"

    path = write_yaml(tmp_path / "kb.yaml", _break(two_problems))
    problems = knowledge.problems_in(path)
    assert sorted(problem.split(": ")[1] for problem in problems) == [
        "countries.BR.short_code",
        "countries.DE.toll_free_sms",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "expected a mapping at the top level, got a list"),
        ("", "expected a mapping at the top level, got empty"),
        ("just words\n", "expected a mapping at the top level, got a str"),
        ("meta: [unclosed\n", "line 2, column 1: invalid YAML"),
        ("a: 1\n\tb: 2\n", "invalid YAML"),
    ],
)
def test_a_file_that_is_not_a_mapping_is_one_clear_error(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(expected)):
        knowledge.load(path)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        knowledge.load(tmp_path / "absent.yaml")
    with pytest.raises(DataError, match="is a directory"):
        knowledge.load(tmp_path)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(DataError, match="not UTF-8"):
        knowledge.load(binary)


def test_bare_yes_and_no_are_read_as_words(tmp_path: Path) -> None:
    """YAML 1.1 turns a bare `no` into False: a user's file may write it unquoted."""
    text = knowledge.shipped_path().read_text(encoding="utf-8")
    unquoted = text.replace("short_code: 'no'", "short_code: no")
    assert unquoted != text
    path = tmp_path / "kb.yaml"
    path.write_text(unquoted, encoding="utf-8")
    kb = knowledge.load(path)
    assert kb.countries["IE"].short_code.value == "no"


def test_the_environment_variable_points_at_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_yaml(tmp_path / "mine.yaml", raw_kb(countries={"AA": country()}))
    monkeypatch.setenv(knowledge.DATA_ENV, str(path))
    assert knowledge.data_path() == path
    assert list(knowledge.load().countries) == ["AA"]
    assert knowledge.data_path(tmp_path / "explicit.yaml") == tmp_path / "explicit.yaml"


# --- Caching -------------------------------------------------------------------------------------


def test_the_validated_result_is_cached_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(knowledge.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(knowledge.NO_CACHE_ENV, raising=False)
    path = write_yaml(tmp_path / "kb.yaml", raw_kb(countries={"AA": country()}))
    first = knowledge._load.__wrapped__(path)
    assert len(list((tmp_path / "cache").glob("kb-*.pickle"))) == 1

    def no_yaml(*_: Any) -> dict[str, Any]:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr("advisor.yamlio.load_yaml_mapping", no_yaml)
    assert knowledge._load.__wrapped__(path) == first
    # A changed file is a different key: it is read and validated again.
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="the cache should have answered"):
        knowledge._load.__wrapped__(path)


def test_a_corrupt_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(knowledge.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(knowledge.NO_CACHE_ENV, raising=False)
    path = write_yaml(tmp_path / "kb.yaml", raw_kb(countries={"AA": country()}))
    knowledge._load.__wrapped__(path)
    for cached in (tmp_path / "cache").glob("kb-*.pickle"):
        cached.write_bytes(b"not a pickle")
    assert list(knowledge._load.__wrapped__(path).countries) == ["AA"]


def test_an_unwritable_cache_is_no_reason_to_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv(knowledge.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.delenv(knowledge.NO_CACHE_ENV, raising=False)
    path = write_yaml(tmp_path / "kb.yaml", raw_kb(countries={"AA": country()}))
    assert list(knowledge._load.__wrapped__(path).countries) == ["AA"]


# --- Small models --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "low", "high", "expected"),
    [
        (TimeUnit.WEEKS, 6, 10, (42, 70)),
        (TimeUnit.BUSINESS_DAYS, 5, 7, (7, 10)),  # 5 business days = a week; 7 -> 9.8, up
        (TimeUnit.DAYS, 0, 1, (0, 1)),
        (TimeUnit.HOURS, 2, 30, (0, 2)),
        (TimeUnit.MINUTES, 5, 90, (0, 1)),
    ],
)
def test_lead_times_in_calendar_days(
    unit: TimeUnit, low: float, high: float, expected: tuple[float, float]
) -> None:
    lead = LeadTime(text="x", min=low, max=high, unit=unit, source=("s",), as_of=date(2026, 1, 1))
    assert (lead.days("min"), lead.days("max")) == expected


def test_lead_time_bounds_must_be_ordered() -> None:
    with pytest.raises(ValueError, match=r"min 10\.0 is above max 6\.0"):
        LeadTime(
            text="x", min=10, max=6, unit=TimeUnit.WEEKS, source=("s",), as_of=date(2026, 1, 1)
        )


def test_a_tiny_knowledge_base_builds() -> None:
    kb = make_kb(countries={"AA": country(), "BB": country(name="Bland", short_code="no")})
    assert kb.countries["BB"].short_code.value == "no"
    assert shipped_raw()["meta"]["title"] == kb.meta.title


def test_the_committed_json_schema_is_current() -> None:
    from advisor.render.jsonout import render_json

    committed = Path(__file__).parent.parent / "docs" / "senders.schema.json"
    assert committed.read_text(encoding="utf-8") == render_json(knowledge.json_schema()), (
        "docs/senders.schema.json is stale: advisor data schema > docs/senders.schema.json"
    )
