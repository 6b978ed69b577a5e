"""The knowledge base: the shipped file's consistency, validation errors, caching."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from kbtools import country, make_kb, raw_kb, shipped_raw, write_yaml
from pydantic import BaseModel

from advisor import knowledge
from advisor.errors import DataError
from advisor.knowledge import LeadTime, TimeUnit, loading
from advisor.knowledge.model import _walk_sources
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
        assert entry.claims(), code


def test_every_country_lives_in_its_own_file() -> None:
    folder = knowledge.shipped_path().parent / "countries"
    assert sorted(path.stem for path in folder.glob("*.yaml")) == sorted(knowledge.load().countries)


def test_every_fact_is_sourced_and_dated() -> None:
    """Walk the whole tree: every fact block names known sources and a date not in the future."""
    kb = knowledge.load()
    problems: list[str] = []
    for path, source in _walk_sources(kb, ""):
        if kb.source(source) is None:
            problems.append(f"{path}: {source}")

    def dates(value: Any, path: str) -> None:
        if isinstance(value, knowledge.Sourced) and value.as_of > kb.meta.as_of:
            problems.append(f"{path}.as_of {value.as_of} is after the file's {kb.meta.as_of}")
        if isinstance(value, BaseModel):
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
    assert 100 in {claim.default_mps for claim in us_short_code}


def test_unknown_is_recorded_as_unknown_not_guessed() -> None:
    kb = knowledge.load()
    short_code = kb.senders[SenderId.SHORT_CODE].attributes.throughput
    assert short_code.default_mps is None  # "Country dependent"
    lead = kb.senders[SenderId.SHORT_CODE].attributes.lead_time
    assert (lead.min, lead.max) == (None, None)  # the US figure is the US's own claim
    registered = kb.senders[SenderId.ALPHANUMERIC_REGISTERED].attributes.lead_time
    assert (registered.min, registered.max) == (None, None)  # "Country specific"


def test_twilio_queue_defaults_to_the_newest_figure_and_keeps_the_older_one() -> None:
    twilio = knowledge.load().providers["twilio"]
    assert twilio.queue is not None
    assert twilio.errors is not None
    assert twilio.queue.seconds == 36000
    assert [old.seconds for old in twilio.queue_history] == [14400]
    assert twilio.queue_history[0].as_of == date(2021, 7, 6)
    codes = {error.code for error in twilio.errors.queue_full}
    assert codes == {"21611", "30001"}
    assert [error.code for error in twilio.errors.expired] == ["30036"]


# --- Errors name the YAML path -------------------------------------------------------------------


def _break(mutate: Any) -> dict[str, Any]:
    raw = raw_kb(countries={"BR": country("Brazil"), "DE": country("Germany")})
    mutate(raw)
    return raw


BROKEN = [
    (
        lambda raw: raw["senders"]["short_code"]["attributes"]["lead_time"].update(min="six"),
        "senders.short_code.attributes.lead_time.min: expected a number, got 'six'",
    ),
    (
        lambda raw: raw["senders"]["short_code"]["attributes"]["lead_time"].update(min=True),
        "senders.short_code.attributes.lead_time.min: expected a number, got true",
    ),
    (
        lambda raw: raw["senders"]["short_code"]["attributes"]["lead_time"].update(min=1e308),
        "senders.short_code.attributes.lead_time.min: expected a number <= 1000000000",
    ),
    (
        lambda raw: raw["senders"]["short_code"]["attributes"]["lead_time"].update(
            min=float("nan")
        ),
        "senders.short_code.attributes.lead_time.min: expected a number >= 0, got nan",
    ),
    (
        lambda raw: raw["countries"]["BR"]["senders"]["short_code"]["available"][0].update(
            value="maybe"
        ),
        "countries.BR.senders.short_code.available[0].value: expected one of",
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
        lambda raw: raw["countries"]["DE"]["senders"]["short_code"]["available"][0].update(
            source=["no-such-source"]
        ),
        "countries.DE.senders.short_code.available[0].source: unknown source id 'no-such-source'",
    ),
    (
        lambda raw: raw["countries"]["DE"]["senders"]["short_code"]["available"][0].update(
            providers=["acme"]
        ),
        "countries.DE.senders.short_code.available[0].providers: unknown provider 'acme'",
    ),
    (
        lambda raw: raw["countries"]["DE"]["senders"]["short_code"]["available"].append(
            dict(raw["countries"]["DE"]["senders"]["short_code"]["available"][0])
        ),
        "holds for the same providers, buyer and date as [0]",
    ),
    (
        lambda raw: raw["countries"]["DE"].update(review={"status": "reviewed"}),
        "countries.DE.review: a reviewed country needs its review date",
    ),
    (
        lambda raw: raw["senders"].pop("toll_free"),
        "senders: every sender needs an entry; missing: toll_free",
    ),
    (
        lambda raw: raw["rules"][0]["when"].update(fact="sender.colour"),
        "rules[0].when.fact: unknown fact 'sender.colour' (rule sender-unavailable)",
    ),
    (
        lambda raw: raw["rules"][0]["when"].update(eq="maybe"),
        "rules[0].when.eq: expected one of",
    ),
    (
        lambda raw: raw["rules"][0].update(when={"every": []}),
        "rules[0].when: expected a condition",
    ),
    (
        lambda raw: raw["rules"][0].update(when=_nested(200)),
        "rules[0].when: expected a condition",
    ),
    (
        lambda raw: raw["rules"][0].update(reason="{country.nam} has none"),
        "rules[0].reason: unknown fact {country.nam} in the text",
    ),
    (
        lambda raw: raw["rules"][1].update(id=raw["rules"][0]["id"]),
        "rules[1].id: 'sender-unavailable' is already used by rules[0]",
    ),
    (
        lambda raw: raw["meta"].update(as_of="last tuesday"),
        "meta.as_of: expected a date (YYYY-MM-DD)",
    ),
]


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"fact": "intake.mps", "gt": 1}
    for _ in range(depth):
        node = {"not": node}
    return node


@pytest.mark.parametrize(("mutate", "expected"), BROKEN)
def test_a_broken_file_is_reported_with_its_yaml_path(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    path = str(tmp_path / "kb.yaml")
    problems = loading.problems_in_mapping(_break(mutate), path)
    assert any(expected in problem for problem in problems), problems
    with pytest.raises(DataError) as caught:
        knowledge.validate_mapping(_break(mutate), path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(path)


def test_validate_lists_every_problem_of_a_file(tmp_path: Path) -> None:
    def two_problems(raw: dict[str, Any]) -> None:
        raw["countries"]["BR"]["senders"]["short_code"]["available"][0]["value"] = "maybe"
        raw["countries"]["DE"]["senders"]["toll_free"]["available"][0]["value"] = "perhaps"

    path = write_yaml(tmp_path / "kb.yaml", _break(two_problems))
    problems = knowledge.problems_in(path)
    assert sorted(problem.split(": ")[1] for problem in problems) == [
        "countries.BR.senders.short_code.available[0].value",
        "countries.DE.senders.toll_free.available[0].value",
    ]


def test_a_country_file_error_names_the_file(tmp_path: Path) -> None:
    """A copy of the shipped layout: senders.yaml and countries/*.yaml beside it."""
    import shutil

    shutil.copytree(knowledge.shipped_path().parent, tmp_path / "data")
    broken = tmp_path / "data" / "countries" / "DE.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("name: Germany", "name: Germany\n  colour: red"),
        encoding="utf-8",
    )
    problems = knowledge.problems_in(tmp_path / "data" / "senders.yaml")
    assert problems == [f"{broken}: DE.colour: unknown key (not part of the schema), got 'red'"]


@pytest.mark.parametrize(
    ("key", "named"),
    [
        ("colour", "DE.colour"),
        ("\r", "DE.'\\r'"),  # found by the CLI's hypothesis property: a line break
        ("a\x1b]0;title\x07", "DE.'a\\x1b]0;title\\x07'"),  # a terminal's escape code
        ("", "DE.''"),
    ],
)
def test_a_key_of_the_file_is_named_on_one_printable_line(key: str, named: str) -> None:
    from pydantic_core import ErrorDetails

    from advisor.validation import describe_error

    error: ErrorDetails = {
        "type": "extra_forbidden",
        "loc": ("DE", key),
        "msg": "Extra inputs are not permitted",
        "input": "red",
    }
    assert describe_error(error) == f"{named}: unknown key (not part of the schema), got 'red'"


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


@pytest.mark.parametrize(
    "content", [b"\x00", b"a: 1\x07\n", b"a: '\x1b'\n", b"key: [1, 2\n", b"\xef\xbb\xbfa: \x00\n"]
)
def test_a_yaml_error_is_one_line(tmp_path: Path, content: bytes) -> None:
    # PyYAML's reader and scanner errors span lines ('in "<unicode string>", position 0'):
    # an error of the knowledge base is one line on stderr.
    path = tmp_path / "kb.yaml"
    path.write_bytes(content)
    with pytest.raises(DataError) as raised:
        knowledge.load(path)
    assert "\n" not in raised.value.message
    assert raised.value.message.startswith(f"{path}:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "countries:\n  DE: {name: Germany}\n  DE: {name: Planted}\n",
            "line 3, column 3: invalid YAML: the key 'DE' is given twice in one mapping "
            "(first on line 2): the first value would be lost",
        ),
        (
            "sources:\n  a: 1\n  b: 2\n  a: 3\n",
            "line 4, column 3: invalid YAML: the key 'a' is given twice in one mapping",
        ),
        (
            "meta:\n  mps: " + "9" * 5000 + "\n",
            "line 2, column 8: invalid YAML: a whole number of 5,000 digits (at most 4,300)",
        ),
    ],
)
def test_what_yaml_would_accept_silently_is_refused_with_its_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    # PyYAML keeps the last of two equal keys (a country silently replaced), and an
    # integer over 4,300 digits was refused without its line.
    path = tmp_path / "kb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        knowledge.load(path)
    assert raised.value.message.startswith(f"{path}: {expected}")


def test_a_merge_key_may_override_what_it_merges(tmp_path: Path) -> None:
    from advisor.yamlio import load_yaml_mapping

    text = b"base: &base {a: 1, b: 2}\nchild:\n  <<: *base\n  b: 3\n"
    assert load_yaml_mapping(text, "x")["child"] == {"a": 1, "b": 3}


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
    raw = raw_kb(countries={"AA": country(short_code="no")})
    text = write_yaml(tmp_path / "kb.yaml", raw).read_text(encoding="utf-8")
    unquoted = text.replace("value: 'no'", "value: no")
    assert unquoted != text
    path = tmp_path / "kb.yaml"
    path.write_text(unquoted, encoding="utf-8")
    kb = knowledge.load(path)
    assert kb.countries["AA"].senders[SenderId.SHORT_CODE].available[0].value.value == "no"


def test_the_environment_variable_points_at_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_yaml(tmp_path / "mine.yaml", raw_kb(countries={"AA": country()}))
    monkeypatch.setenv(knowledge.DATA_ENV, str(path))
    assert knowledge.data_path() == path
    assert list(knowledge.load().countries) == ["AA"]
    assert knowledge.data_path(tmp_path / "explicit.yaml") == tmp_path / "explicit.yaml"


# --- Caching -------------------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(knowledge.CACHE_ENV, str(folder))
    monkeypatch.delenv(knowledge.NO_CACHE_ENV, raising=False)
    return folder


def _kb_file(tmp_path: Path) -> Path:
    return write_yaml(tmp_path / "kb.yaml", raw_kb(countries={"AA": country()}))


def test_the_validated_result_is_cached_as_json(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _kb_file(tmp_path)
    first = loading._load.__wrapped__(path)
    assert len(list(cache.glob("kb-*.json"))) == 1
    assert not list(cache.glob("*.pickle"))
    assert oct(cache.stat().st_mode & 0o777) == "0o700"

    def no_yaml(*_: Any) -> dict[str, Any]:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr("advisor.yamlio.load_yaml_mapping", no_yaml)
    assert loading._load.__wrapped__(path) == first
    # A changed file is a different key: it is read and validated again.
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="the cache should have answered"):
        loading._load.__wrapped__(path)


def test_the_shipped_layout_is_cached_and_a_changed_country_file_is_seen(
    tmp_path: Path, cache: Path
) -> None:
    import shutil

    shutil.copytree(knowledge.shipped_path().parent, tmp_path / "data")
    entry = tmp_path / "data" / "senders.yaml"
    assert loading._load.__wrapped__(entry).countries["DE"].name == "Germany"
    german = tmp_path / "data" / "countries" / "DE.yaml"
    german.write_text(
        german.read_text(encoding="utf-8").replace("name: Germany", "name: Deutschland"),
        encoding="utf-8",
    )
    assert loading._load.__wrapped__(entry).countries["DE"].name == "Deutschland"


def test_a_planted_or_altered_cache_never_runs_and_never_answers_unvalidated(
    tmp_path: Path, cache: Path
) -> None:
    """A pickle planted under the cache's name is not code to the advisor: it is ignored."""
    import pickle

    path = _kb_file(tmp_path)
    loading._load.__wrapped__(path)
    (cached,) = cache.glob("kb-*.json")
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (marker.write_text, ("ran",))

    cached.write_bytes(pickle.dumps(Payload()))
    assert list(loading._load.__wrapped__(path).countries) == ["AA"]
    assert not marker.exists()
    # The load wrote a good cache again; JSON that does not validate is ignored too.
    header = cached.read_bytes().split(b"\n", 1)[0]
    cached.write_bytes(header + b"\n" + b'{"meta": {}}')
    assert list(loading._load.__wrapped__(path).countries) == ["AA"]


def test_a_cache_folder_others_can_write_is_refused(tmp_path: Path, cache: Path) -> None:
    path = _kb_file(tmp_path)
    cache.mkdir(mode=0o700)
    cache.chmod(0o777)
    loading._load.__wrapped__(path)
    assert not list(cache.glob("kb-*.json"))  # not written into
    cache.chmod(0o700)
    loading._load.__wrapped__(path)
    assert len(list(cache.glob("kb-*.json"))) == 1
    cache.chmod(0o777)

    def no_yaml(*_: Any) -> dict[str, Any]:
        raise AssertionError("read from a folder others can write")

    import advisor.yamlio

    original = advisor.yamlio.load_yaml_mapping
    advisor.yamlio.load_yaml_mapping = no_yaml  # type: ignore[assignment]
    try:
        with pytest.raises(AssertionError, match="read from a folder others can write"):
            loading._load.__wrapped__(path)
    finally:
        advisor.yamlio.load_yaml_mapping = original
        cache.chmod(0o700)


def test_old_cache_files_are_pruned(tmp_path: Path, cache: Path) -> None:
    cache.mkdir(mode=0o700)
    for number in range(10):
        (cache / f"kb-old{number}.json").write_text("{}", encoding="utf-8")
    loading._load.__wrapped__(_kb_file(tmp_path))
    assert len(list(cache.glob("kb-*.json"))) == loading.CACHE_KEEP


@pytest.mark.parametrize(
    ("value", "enabled"), [("", True), ("0", True), ("false", True), ("1", False), ("yes", False)]
)
def test_the_no_cache_variable_reads_as_a_boolean(
    monkeypatch: pytest.MonkeyPatch, value: str, enabled: bool
) -> None:
    monkeypatch.setenv(knowledge.NO_CACHE_ENV, value)
    assert loading.cache_enabled() is enabled


def test_an_unwritable_cache_is_no_reason_to_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv(knowledge.CACHE_ENV, str(blocker / "cache"))
    monkeypatch.delenv(knowledge.NO_CACHE_ENV, raising=False)
    assert list(loading._load.__wrapped__(_kb_file(tmp_path)).countries) == ["AA"]
    assert not list(tmp_path.glob(".kb-*"))


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
    assert kb.countries["BB"].senders[SenderId.SHORT_CODE].available[0].value.value == "no"
    assert shipped_raw()["meta"]["title"] == kb.meta.title


def test_the_committed_json_schema_is_current() -> None:
    from advisor.render.jsonout import render_json

    committed = Path(__file__).parent.parent / "docs" / "senders.schema.json"
    assert committed.read_text(encoding="utf-8") == render_json(knowledge.json_schema()), (
        "docs/senders.schema.json is stale: advisor data schema > docs/senders.schema.json"
    )


def test_an_invalid_only_rule_is_one_problem_not_two() -> None:
    # pydantic also said "rules: expected at least one item" of a list whose one item
    # was invalid: a phantom second problem, echoing the whole rule.
    from advisor.knowledge.loading import problems_in_mapping

    bad = {**raw_kb()["rules"][0], "effect": "explode"}
    problems = problems_in_mapping(raw_kb(rules=[bad]), "kb.yaml")
    assert len(problems) == 1, problems
    assert problems[0].startswith("kb.yaml: rules[0].effect: expected one of ")
