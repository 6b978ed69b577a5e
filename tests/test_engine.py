"""The engine: rules applied to requirements, ranking, exclusions, caveats, conflicts."""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kbtools import country, make_kb

from advisor import knowledge
from advisor.engine import Engine, classify_traffic, recommend, resolve_sender
from advisor.intake import Intake, TrafficProfile
from advisor.knowledge import KnowledgeBase
from advisor.vocab import Direction, Priority, SenderId, TrafficClass, UseCase


@functools.cache
def kb() -> KnowledgeBase:
    return knowledge.load()


def intake(**fields: Any) -> Intake:
    base: dict[str, Any] = {"country": "US", "use_case": "transactional", "direction": "one-way"}
    return Intake.model_validate({**base, **fields})


def senders(result: Any) -> list[str]:
    return [candidate.sender.value for candidate in result.recommendations]


def excluded_by(result: Any) -> dict[str, list[str]]:
    return {e.sender.value: [reason.rule for reason in e.reasons] for e in result.excluded}


# --- The seed's worked examples ------------------------------------------------------------------


def test_falcon_flights_order_status_in_the_us() -> None:
    """The ISV guide's US example: order status updates, one-way, with a month to go-live."""
    result = recommend(
        intake(use_case="transactional", mps=10, daily_volume=20000, lead_time_days=30), kb()
    )
    assert senders(result) == ["long_code", "toll_free"]
    best = result.recommendations[0]
    assert best.name == "A2P 10DLC"
    assert {reason.rule for reason in best.reasons} >= {"local-sender", "throughput-headroom"}
    # 20,000 a day is above T-Mobile's baseline cap: the caveat names the tier that covers it.
    tier = next(c for c in best.caveats if c.rule == "daily-volume-tier")
    assert "trust score 50-74: 40,000 a day" in tier.text
    # Toll-free's 3 MPS is below the peak: upgrade, and no spreading over numbers.
    toll_free = result.recommendations[1]
    assert {"throughput-needs-upgrade", "snowshoeing"} <= {c.rule for c in toll_free.caveats}
    assert excluded_by(result) == {
        "short_code": ["lead-time-too-short"],
        "alphanumeric_dynamic": ["alpha-unsupported", "alpha-dynamic-blocked"],
        "alphanumeric_registered": ["alpha-unsupported"],
        "long_code_international": ["international-long-code-rejected"],
    }


def test_falcon_flights_with_time_to_spare_gets_a_short_code_first() -> None:
    result = recommend(intake(use_case="transactional", mps=50, lead_time_days=120), kb())
    assert senders(result)[0] == "short_code"
    # 50 MPS is beyond a toll-free number's default and a low trust score.
    ten_dlc = next(c for c in result.recommendations if c.sender is SenderId.LONG_CODE)
    upgrade = next(c for c in ten_dlc.caveats if c.rule == "throughput-needs-upgrade")
    assert "a brand trust score of 50-74 (120 MPS)" in upgrade.text


def test_brazil_conversational_needs_a_short_code() -> None:
    """The ISV guide's Brazil example: conversational, so two-way; long codes are P2P-only."""
    result = recommend(
        intake(country="BR", use_case="conversational", direction="two-way", lead_time_days=60),
        kb(),
    )
    assert senders(result) == ["short_code"]
    assert excluded_by(result)["long_code"] == ["long-code-no-a2p", "long-code-no-replies"]
    assert excluded_by(result)["alphanumeric_dynamic"] == ["one-way-sender"]
    assert excluded_by(result)["long_code_international"] == ["overwritten-sender-no-replies"]


def test_brazil_conversational_on_a_short_deadline_names_the_conflict() -> None:
    result = recommend(
        intake(country="BR", use_case="conversational", direction="two-way", lead_time_days=5),
        kb(),
    )
    assert not result.fits
    conflicts = result.conflicts
    assert conflicts is not None
    assert [(r.field, r.value, [s.value for s in r.excludes]) for r in conflicts.requirements] == [
        ("lead_time_days", 5, ["short_code"])
    ]
    assert [r.text for r in conflicts.relaxations] == [
        "Short code fits if go-live can wait 14 days (2 weeks)."
    ]
    # Conversational is two-way by definition: going one-way is not offered as a way out.
    assert "alphanumeric_dynamic" in [s.value for s in conflicts.unavailable]


# --- Conflicts and relaxations -------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"country": "US", "lead_time_days": 3, "mps": 500},
        {"country": "BR", "use_case": "otp", "direction": "two-way", "lead_time_days": 1},
        {"country": "IN", "use_case": "promotional", "voice": True, "lead_time_days": 2, "mps": 50},
        {"country": "US", "direction": "two-way", "voice": True, "lead_time_days": 1},
        {"country": "MX", "use_case": "otp", "mps": 300, "voice": True, "lead_time_days": 0},
        {"country": "AE", "use_case": "otp", "voice": True, "lead_time_days": 0},
    ],
)
def test_every_relaxation_offered_really_brings_its_sender_back(fields: dict[str, Any]) -> None:
    result = recommend(intake(**fields), kb())
    assert not result.fits
    assert result.conflicts is not None
    assert result.conflicts.relaxations, result.conflicts.summary
    for relaxation in result.conflicts.relaxations:
        changed = result.intake.model_copy(
            update={change.field: change.after for change in relaxation.changes}
        )
        assert relaxation.sender in [c.sender for c in recommend(changed, kb()).recommendations]
    offered = {r.sender for r in result.conflicts.relaxations}
    assert offered.isdisjoint(result.conflicts.unavailable)


def test_a_short_code_fits_if_go_live_can_wait_six_weeks() -> None:
    result = recommend(intake(country="US", use_case="otp", mps=500, lead_time_days=3), kb())
    texts = (
        {r.sender.value: r.text for r in result.conflicts.relaxations} if result.conflicts else {}
    )
    assert texts["short_code"] == "Short code fits if go-live can wait 42 days (6 weeks)."


# --- Rules, one at a time, over synthetic countries ----------------------------------------------


def synthetic(**facts: Any) -> KnowledgeBase:
    return make_kb(countries={"AA": country(**facts)})


def run(kb_: KnowledgeBase, **fields: Any) -> Any:
    return Engine(kb_).recommend(intake(country="AA", **fields))


def test_a_country_where_everything_works_keeps_every_local_sender() -> None:
    result = run(synthetic())
    assert "short_code" in senders(result)
    # registration is optional there: a registered sender ID exists as well as a dynamic one
    assert excluded_by(result) == {}


def test_availability_rules_follow_the_country_facts() -> None:
    result = run(
        synthetic(
            short_code="no", toll_free_sms="no", alpha_supported="no", alpha_registration="unknown"
        )
    )
    rules = excluded_by(result)
    assert rules["short_code"] == ["short-code-unavailable"]
    assert rules["toll_free"] == ["toll-free-unavailable"]
    assert "alpha-unsupported" in rules["alphanumeric_dynamic"]
    assert "alpha-unsupported" in rules["alphanumeric_registered"]


def test_an_unknown_country_fact_is_a_caveat_not_a_guess() -> None:
    result = run(synthetic(short_code="unknown"))
    short_code = next(c for c in result.recommendations if c.sender is SenderId.SHORT_CODE)
    caveat = next(c for c in short_code.caveats if c.rule == "short-code-unavailable")
    assert (
        caveat.text
        == "Whether short codes are available in Openland is unknown; confirm with the provider."
    )
    assert caveat.severity == "warning"


def test_an_unanswered_question_is_not_reported_as_unknown() -> None:
    """No --mps given: the throughput rules are undecided, silently."""
    result = run(synthetic())
    for candidate in result.recommendations:
        assert not [c for c in candidate.caveats if c.rule.startswith("throughput")]
    undecided = [t for t in result.trace if t.rule == "throughput-unreachable"]
    assert {t.outcome for t in undecided} == {"undecided"}
    assert all(t.unknown and "intake.mps" in t.unknown for t in undecided)


def test_registration_rules_for_alphanumeric_senders() -> None:
    required = run(synthetic(alpha_registration="required", alpha_dynamic_delivered="overwritten"))
    assert senders(required)[0] == "alphanumeric_registered"
    dynamic = next(c for c in required.recommendations if c.sender is SenderId.ALPHANUMERIC_DYNAMIC)
    assert {"alpha-dynamic-overwritten", "alpha-registration-required-dynamic"} <= {
        c.rule for c in dynamic.caveats
    }
    none = run(synthetic(alpha_registration="none"))
    assert excluded_by(none)["alphanumeric_registered"] == ["alpha-registration-not-offered"]
    dynamic = next(c for c in none.recommendations if c.sender is SenderId.ALPHANUMERIC_DYNAMIC)
    assert "alpha-dynamic-may-change" in {c.rule for c in dynamic.caveats}
    blocked = run(synthetic(alpha_dynamic_delivered="no"))
    assert excluded_by(blocked)["alphanumeric_dynamic"] == ["alpha-dynamic-blocked"]


def test_two_way_needs_a_sender_that_takes_replies() -> None:
    result = run(
        synthetic(domestic_long_code_two_way="no", international_long_code="overwritten"),
        use_case="conversational",
        direction="two-way",
    )
    rules = excluded_by(result)
    assert rules["alphanumeric_dynamic"] == ["one-way-sender"]
    assert rules["long_code"] == ["long-code-no-replies"]
    assert rules["long_code_international"] == ["overwritten-sender-no-replies"]
    assert "local-sender-two-way" in {r.rule for r in result.recommendations[0].reasons}


def test_two_way_not_confirmed_is_a_caveat() -> None:
    result = run(synthetic(two_way_options=["short_code"]), direction="two-way")
    toll_free = next(c for c in result.recommendations if c.sender is SenderId.TOLL_FREE)
    assert "two-way-unconfirmed" in {c.rule for c in toll_free.caveats}


def test_conversational_prefers_a_local_long_code_and_otp_a_short_code() -> None:
    conversational = run(synthetic(), use_case="conversational", direction="two-way")
    assert senders(conversational)[0] == "long_code"
    otp = run(synthetic(), use_case="otp")
    assert senders(otp)[0] == "short_code"
    assert "otp-short-code" in {r.rule for r in otp.recommendations[0].reasons}


def test_voice_on_the_same_number() -> None:
    result = run(synthetic(), voice=True)
    rules = excluded_by(result)
    assert rules["short_code"] == ["voice-unsupported"]
    assert rules["alphanumeric_dynamic"] == ["voice-unsupported"]
    international = next(
        c for c in result.recommendations if c.sender is SenderId.LONG_CODE_INTERNATIONAL
    )
    assert "voice-same-country" in {c.rule for c in international.caveats}


def test_cost_priority_penalises_fees_and_deliverability_rewards_registration() -> None:
    cost = run(synthetic(), priority="cost")
    deliverability = run(synthetic(), priority="deliverability")
    score = {c.sender: c.score for c in cost.recommendations}
    score_d = {c.sender: c.score for c in deliverability.recommendations}
    assert score[SenderId.SHORT_CODE] < score_d[SenderId.SHORT_CODE]
    assert score[SenderId.ALPHANUMERIC_DYNAMIC] == score_d[SenderId.ALPHANUMERIC_DYNAMIC]


def test_throughput_rules() -> None:
    kb_ = synthetic()
    too_much = run(kb_, mps=20)
    assert "throughput-unreachable" in excluded_by(too_much)["long_code_international"]
    local = next(c for c in too_much.recommendations if c.sender is SenderId.LONG_CODE)
    snowshoeing = next(c for c in local.caveats if c.rule == "snowshoeing")
    assert "over 2 senders of this kind" in snowshoeing.text
    fine = run(kb_, mps=5)
    assert "throughput-headroom" in {r.rule for r in fine.recommendations[0].reasons}


def test_lead_time_rules() -> None:
    result = run(synthetic(), lead_time_days=50)
    short_code = next(c for c in result.recommendations if c.sender is SenderId.SHORT_CODE)
    # the generic 6-10 weeks: 50 days is inside the range, so it is tight, not impossible
    assert "lead-time-tight" in {c.rule for c in short_code.caveats}
    assert excluded_by(run(synthetic(), lead_time_days=41))["short_code"] == ["lead-time-too-short"]


def test_a2p_traffic_on_a_p2p_class_sender_is_warned() -> None:
    result = run(synthetic(), profile={"messages_per_day": 5000})
    assert result.traffic_class is TrafficClass.A2P
    assert [w.rule for w in result.warnings] == ["traffic-profile-a2p"]
    long_code = next(c for c in result.recommendations if c.sender is SenderId.LONG_CODE)
    assert "a2p-on-p2p-sender" in {c.rule for c in long_code.caveats}


# --- Every rule of the real knowledge base fires somewhere, and somewhere does not ---------------

GRID_COUNTRIES = (
    "US",
    "CA",
    "GB",
    "DE",
    "FR",
    "BR",
    "IN",
    "MX",
    "AU",
    "IE",
    "JP",
    "CH",
    "CU",
    "XK",
)


def grid() -> list[Intake]:
    cases = []
    for code, use_case, direction, mps, lead, extra in itertools.product(
        GRID_COUNTRIES,
        (UseCase.CONVERSATIONAL, UseCase.OTP, UseCase.PROMOTIONAL),
        (Direction.ONE_WAY, Direction.TWO_WAY),
        (None, 2.0, 50.0, 500.0),
        (None, 3, 50, 200),
        (
            {},
            {"voice": True, "priority": Priority.COST, "daily_volume": 500_000},
            {"daily_volume": 20_000, "profile": TrafficProfile(messages_per_day=5000)},
            {"profile": TrafficProfile(messages_per_minute=10, inbound_outbound_ratio=1)},
        ),
    ):
        if use_case is UseCase.CONVERSATIONAL and direction is Direction.ONE_WAY:
            continue
        cases.append(
            Intake(
                country=code,
                use_case=use_case,
                direction=direction,
                mps=mps,
                lead_time_days=lead,
                **extra,
            )
        )
    return cases


def test_every_rule_both_fires_and_does_not() -> None:
    outcomes: dict[str, set[str]] = defaultdict(set)
    engine = Engine(kb())
    for case in grid():
        for entry in engine.recommend(case).trace:
            outcomes[entry.rule].add(entry.outcome)
    missing = {
        rule.id: sorted(outcomes[rule.id])
        for rule in kb().rules
        if not {"fired", "not fired"} <= outcomes[rule.id]
    }
    assert missing == {}


# --- Invariants ----------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    code=st.sampled_from(sorted(knowledge.load().countries)),
    use_case=st.sampled_from(list(UseCase)),
    two_way=st.booleans(),
    mps=st.one_of(st.none(), st.floats(0.1, 2000)),
    lead=st.one_of(st.none(), st.integers(0, 400)),
    daily=st.one_of(st.none(), st.integers(0, 10_000_000)),
    voice=st.booleans(),
    priority=st.sampled_from(list(Priority)),
)
def test_every_sender_is_either_recommended_or_excluded_with_a_reason(
    code: str,
    use_case: UseCase,
    two_way: bool,
    mps: float | None,
    lead: int | None,
    daily: int | None,
    voice: bool,
    priority: Priority,
) -> None:
    direction = (
        Direction.TWO_WAY if two_way or use_case is UseCase.CONVERSATIONAL else Direction.ONE_WAY
    )
    case = Intake(
        country=code,
        use_case=use_case,
        direction=direction,
        mps=mps,
        lead_time_days=lead,
        daily_volume=daily,
        voice=voice,
        priority=priority,
    )
    result = recommend(case, kb())
    recommended = senders(result)
    excluded = list(excluded_by(result))
    assert sorted(recommended + excluded) == sorted(s.value for s in SenderId)
    assert all(reasons for reasons in excluded_by(result).values())
    scores = [c.score for c in result.recommendations]
    assert scores == sorted(scores, reverse=True)
    assert (result.conflicts is None) == bool(recommended)
    for candidate in result.recommendations:
        assert any(c.rule == "lead-time" for c in candidate.caveats)
        for reason in (*candidate.reasons, *candidate.caveats):
            assert reason.sources
            assert all(s in kb().sources for s in reason.sources)


def test_results_are_memoised_per_intake() -> None:
    engine = Engine(kb())
    first = engine.recommend(intake(mps=5))
    assert engine.recommend(intake(mps=5)) is first
    assert engine.recommend(intake(mps=6)) is not first


# --- Pieces --------------------------------------------------------------------------------------


def test_the_long_code_is_10dlc_in_the_us_and_a_local_number_elsewhere() -> None:
    us = resolve_sender(kb(), SenderId.LONG_CODE, "US")
    de = resolve_sender(kb(), SenderId.LONG_CODE, "DE")
    assert (us.name, us.traffic_class, us.registered) == ("A2P 10DLC", TrafficClass.A2P, True)
    assert (de.name, de.traffic_class, de.registered) == (
        "Domestic long code",
        TrafficClass.P2P,
        False,
    )
    assert de.attributes.throughput.default_mps == 10
    br = resolve_sender(kb(), SenderId.SHORT_CODE, "BR")
    assert (br.attributes.lead_time.min, br.attributes.lead_time.max) == (2, 4)


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (TrafficProfile(), None),
        (TrafficProfile(messages_per_minute=30, messages_per_day=1500), TrafficClass.P2P),
        (TrafficProfile(messages_per_minute=61), TrafficClass.A2P),
        (TrafficProfile(messages_per_day=2001), TrafficClass.A2P),
        (TrafficProfile(unique_recipients=5000), TrafficClass.A2P),
        (TrafficProfile(inbound_outbound_ratio=0.05), TrafficClass.A2P),
        (TrafficProfile(inbound_outbound_ratio=0.9), TrafficClass.P2P),
    ],
)
def test_classify_traffic(profile: TrafficProfile, expected: TrafficClass | None) -> None:
    traffic_class, evidence = classify_traffic(profile, kb().p2p_profile)
    assert traffic_class is expected
    assert bool(evidence) == (expected is not None)
