"""A provider that gives no lead time, beside the other providers' figures.

The provider's own figure stays unknown (never another provider's); the others' figures
are shown beside it with their sources, and when every one of them misses the go-live,
``lead-time-elsewhere-longer`` says so and ranks the sender below those that can make it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from kbtools import country, make_kb

from advisor.engine import Engine
from advisor.intake import Intake
from advisor.knowledge import KnowledgeBase, dated
from advisor.vocab import SenderId

TODAY = dt.date(2026, 12, 3)
AWS = "AWS End User Messaging"


def lead(text: str, low: float | None, high: float | None, *providers: str) -> dict[str, Any]:
    return {
        "text": text,
        "min": low,
        "max": high,
        "unit": "weeks",
        "providers": list(providers),
        "source": ["twilio-guidelines"],
        "as_of": "2026-05-09",
    }


def kb_with(*claims: dict[str, Any]) -> KnowledgeBase:
    return make_kb(countries={"AA": country(senders={"short_code": {"lead_time": list(claims)}})})


TWO_PROVIDERS = kb_with(lead("6-10 weeks", 6, 10, "twilio"), lead("2-4 weeks", 2, 4, "infobip"))


def answer(kb: KnowledgeBase, **fields: Any) -> Any:
    request = {"country": "AA", "use_case": "otp", "direction": "one-way", "today": TODAY}
    return Engine(kb).recommend(Intake.model_validate({**request, **fields}))


def short_code(result: Any) -> Any:
    return next(c for c in result.recommendations if c.sender is SenderId.SHORT_CODE)


def caveat_rules(candidate: Any) -> set[str]:
    return {reason.rule for reason in candidate.caveats}


def test_the_others_figures_stand_beside_an_unknown_and_are_cited() -> None:
    sc = short_code(answer(TWO_PROVIDERS, provider="aws", lead_time_days=10))
    assert sc.lead_time.days("min") is None
    assert sc.lead_time.days("max") is None
    assert sc.lead_time.text == f"unknown for {AWS} (other providers state 14-70 days)"
    said = next(r for r in sc.caveats if r.rule == "lead-time-elsewhere-longer")
    assert "Infobip: 2-4 weeks" in said.text
    assert "Twilio: 6-10 weeks" in said.text
    assert "twilio-guidelines" in said.sources
    assert "lead-time-unknown" not in caveat_rules(sc)  # one warning, not two


def test_a_sender_every_figure_says_misses_the_date_ranks_last() -> None:
    def place(days: int) -> int:
        result = answer(TWO_PROVIDERS, provider="aws", lead_time_days=days)
        return [c.sender for c in result.recommendations].index(SenderId.SHORT_CODE)

    assert place(10) == len(SenderId) - 1  # below the international long code
    assert place(20) < place(10)  # a date one figure makes: only the unknown's penalty


def test_a_date_one_figure_makes_leaves_only_the_unknown() -> None:
    sc = short_code(answer(TWO_PROVIDERS, provider="aws", lead_time_days=20))
    assert caveat_rules(sc) >= {"lead-time-unknown"}
    assert "lead-time-elsewhere-longer" not in caveat_rules(sc)


def test_a_figure_without_a_least_is_no_evidence() -> None:
    kb = kb_with(lead("6-10 weeks", 6, 10, "twilio"), lead("up to 4 weeks", None, 4, "infobip"))
    sc = short_code(answer(kb, provider="aws", lead_time_days=3))
    assert "lead-time-elsewhere-longer" not in caveat_rules(sc)
    assert "lead-time-unknown" in caveat_rules(sc)
    assert sc.lead_time.text == f"unknown for {AWS} (other providers state up to 70 days)"


def test_the_provider_s_own_figure_and_the_market_are_unchanged() -> None:
    own = short_code(answer(TWO_PROVIDERS, provider="infobip", lead_time_days=20))
    assert own.lead_time.text == "2-4 weeks"
    excluded = answer(TWO_PROVIDERS, lead_time_days=10).excluded
    assert [r.rule for e in excluded if e.sender is SenderId.SHORT_CODE for r in e.reasons] == [
        "lead-time-too-short"
    ]


def test_a_country_wide_figure_speaks_for_every_provider() -> None:
    kb = kb_with(lead("6-10 weeks", 6, 10))
    sc = short_code(answer(kb, provider="aws", lead_time_days=100))
    assert sc.lead_time.text == "6-10 weeks"
    entry = kb.country_sender("AA", SenderId.SHORT_CODE)
    assert dated.lead_time_elsewhere(entry, dated.Context(TODAY, provider="aws")) == ()


@settings(max_examples=60, deadline=None)
@given(
    low=st.integers(min_value=1, max_value=12),
    width=st.integers(min_value=0, max_value=8),
    days=st.integers(min_value=1, max_value=200),
)
def test_the_warning_fires_exactly_when_the_date_is_before_every_least(
    low: int, width: int, days: int
) -> None:
    kb = kb_with(lead("figure", low, low + width, "twilio"), lead("other", low + 1, None, "sinch"))
    sc = short_code(answer(kb, provider="aws", lead_time_days=days))
    assert ("lead-time-elsewhere-longer" in caveat_rules(sc)) == (days < low * 7)
    assert ("lead-time-unknown" in caveat_rules(sc)) == (days >= low * 7)
