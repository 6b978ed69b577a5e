"""Issue 9: who sells a sender, what no source confirms, and whose rules hold.

Synthetic countries (``AA``; ``US`` and a territory ``TT`` for the variants) test the
engine, not what a country's sources say today: the market view (no provider) keeps a
sender that one provider refuses while another sells it, names who does and does not,
says providers' disagreeing guidance as who says what, and shows only figures of a
provider that sells the sender; with a provider, that provider decides and only its
registration steps are shown; a sender no source confirms is never the answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kbtools import SOURCE, claim, country, make_kb, territory

from advisor.engine import Engine
from advisor.engine.ranking import UNCONFIRMED
from advisor.intake import Intake
from advisor.knowledge import KnowledgeBase
from advisor.vocab import SenderId

TODAY = dt.date(2026, 12, 2)
AS_OF = "2026-05-09"


def intake(**fields: Any) -> Intake:
    base: dict[str, Any] = {
        "country": "AA",
        "use_case": "transactional",
        "direction": "one-way",
        "today": TODAY,
    }
    return Intake.model_validate({**base, **fields})


def run(kb: KnowledgeBase, **fields: Any) -> Any:
    return Engine(kb).recommend(intake(**fields))


def excluded_by(result: Any) -> dict[str, list[str]]:
    return {e.sender.value: [reason.rule for reason in e.reasons] for e in result.excluded}


def candidate(result: Any, sender: SenderId) -> Any:
    return next(c for c in result.recommendations if c.sender is sender)


def only(sender: str, *claims: dict[str, Any], **extra: Any) -> KnowledgeBase:
    """A country where every sender but ``sender`` is refused, and ``sender`` has ``claims``."""
    available: dict[str, Any] = {s.value: "no" for s in SenderId}
    available[sender] = list(claims) or None
    return make_kb(countries={"AA": country(**available, **extra)})


# --- A sender no source confirms is never the answer ---------------------------------------------


def test_when_nothing_confirmed_fits_nothing_fits_and_the_unconfirmed_are_named() -> None:
    result = run(only("long_code_international"))
    assert not result.fits
    assert excluded_by(result)["long_code_international"] == [UNCONFIRMED]
    assert result.conflicts is not None
    summary = result.conflicts.summary
    assert summary.startswith("No sender a source confirms fits")
    assert "no source confirms that long_code_international can be had in Openland" in summary
    assert "cannot serve" not in summary.split("no source confirms")[1]


def test_a_confirmed_sender_ranks_above_an_unconfirmed_one_whatever_the_guidance() -> None:
    practice = [
        {
            "use_cases": ["transactional"],
            "senders": ["alphanumeric_registered"],
            "source": list(SOURCE),
            "as_of": AS_OF,
        }
    ]
    kb = make_kb(
        countries={
            "AA": country(
                alphanumeric_registered=None,
                short_code="no",
                long_code="no",
                toll_free="no",
                long_code_international="no",
                alphanumeric_dynamic="overwritten",
                practice=practice,
            )
        }
    )
    result = run(kb)
    assert [c.sender for c in result.recommendations] == [
        SenderId.ALPHANUMERIC_DYNAMIC,
        SenderId.ALPHANUMERIC_REGISTERED,
    ]
    assert result.best.confirmed
    assert not result.recommendations[1].confirmed


AVAILABILITY = st.sampled_from(["yes", "partial", "overwritten", "no", None])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.fixed_dictionaries({s.value: AVAILABILITY for s in SenderId}),
    direction=st.sampled_from(["one-way", "two-way"]),
)
def test_the_first_pick_is_always_confirmed_and_nothing_fits_only_without_one(
    values: dict[str, str | None], direction: str
) -> None:
    result = run(make_kb(countries={"AA": country(**values)}), direction=direction)
    assert all(c.confirmed for c in result.recommendations[:1])
    confirmed = [c for c in result.recommendations if c.confirmed]
    assert result.fits == bool(confirmed)
    # every unconfirmed sender ranks below every confirmed one
    flags = [c.confirmed for c in result.recommendations]
    assert flags == sorted(flags, reverse=True)


# --- The market view: one provider's "no" is not every provider's --------------------------------


def test_one_providers_refusal_leaves_the_sender_named_with_who_does_and_does_not() -> None:
    kb = make_kb(
        countries={
            "AA": country(
                short_code=[claim("yes", providers=["bird"]), claim("no", providers=["aws"])]
            )
        }
    )
    market = run(kb)
    found = candidate(market, SenderId.SHORT_CODE)
    assert found.providers == ("bird",)
    assert found.not_offered_by == ("aws",)
    assert excluded_by(run(kb, provider="aws"))["short_code"] == ["sender-unavailable"]
    assert candidate(run(kb, provider="bird"), SenderId.SHORT_CODE).not_offered_by == ()


def test_a_refusal_by_the_only_provider_with_a_say_excludes_and_names_it() -> None:
    kb = make_kb(countries={"AA": country(short_code=[claim("no", providers=["aws"])])})
    (reason,) = next(e for e in run(kb).excluded if e.sender is SenderId.SHORT_CODE).reasons
    assert reason.rule == "sender-unavailable"
    assert "from AWS End User Messaging (no other provider's page speaks of it)" in reason.text
    everyone = make_kb(countries={"AA": country(short_code="no")})
    (reason,) = next(e for e in run(everyone).excluded if e.sender is SenderId.SHORT_CODE).reasons
    assert "from any provider:" in reason.text


def replies(*claims: dict[str, Any], sellers: list[str]) -> KnowledgeBase:
    return make_kb(
        countries={
            "AA": country(
                long_code=[claim("yes", providers=sellers)],
                senders={"long_code": {"two_way": list(claims)}},
            )
        }
    )


def test_one_sellers_no_replies_does_not_exclude_two_way_while_another_seller_is_silent() -> None:
    kb = replies(claim("no", providers=["infobip"]), sellers=["infobip", "bird"])
    market = run(kb, direction="two-way")
    found = candidate(market, SenderId.LONG_CODE)
    assert found.providers == ("bird",)
    assert found.no_replies_from == ("infobip",)
    assert "replies-unconfirmed" in {c.rule for c in found.caveats}
    assert (
        "no-replies" in excluded_by(run(kb, direction="two-way", provider="infobip"))["long_code"]
    )


def test_every_sellers_no_replies_excludes_two_way() -> None:
    kb = replies(claim("no", providers=["infobip", "bird"]), sellers=["infobip", "bird"])
    assert "no-replies" in excluded_by(run(kb, direction="two-way"))["long_code"]


# --- Providers' guidance that disagrees ----------------------------------------------------------


def guidance(sender: str, providers: list[str]) -> dict[str, Any]:
    return {
        "use_cases": ["otp"],
        "directions": ["one-way"],
        "senders": [sender],
        "providers": providers,
        "source": list(SOURCE),
        "as_of": AS_OF,
    }


DISAGREEING = [
    guidance("alphanumeric_dynamic", ["twilio", "bird"]),
    guidance("alphanumeric_registered", ["infobip"]),
]


def test_disagreeing_guidance_is_said_as_who_says_what_not_two_firsts() -> None:
    kb = make_kb(countries={"AA": country(practice=DISAGREEING)})
    result = run(kb, use_case="otp")
    dynamic = candidate(result, SenderId.ALPHANUMERIC_DYNAMIC)
    registered = candidate(result, SenderId.ALPHANUMERIC_REGISTERED)
    assert dynamic.first_for == ("bird", "twilio")
    assert registered.first_for == ("infobip",)
    text = dynamic.reasons[0].text
    assert text.startswith("Providers' guidance for Openland disagrees: ")
    assert "Bird and Twilio name Alphanumeric sender ID (dynamic) first" in text
    assert "Infobip names Alphanumeric sender ID (registered) first" in text
    one = run(kb, use_case="otp", provider="infobip")
    assert candidate(one, SenderId.ALPHANUMERIC_REGISTERED).first_for == ()
    assert "disagrees" not in candidate(one, SenderId.ALPHANUMERIC_REGISTERED).reasons[0].text


def test_agreeing_guidance_is_not_a_disagreement() -> None:
    kb = make_kb(
        countries={"AA": country(practice=[guidance("alphanumeric_dynamic", ["twilio", "bird"])])}
    )
    found = candidate(run(kb, use_case="otp"), SenderId.ALPHANUMERIC_DYNAMIC)
    assert found.first_for == ()
    assert found.reasons[0].text.endswith(
        "names Alphanumeric sender ID (dynamic) for this traffic first."
    )


# --- Figures: only a seller's ---------------------------------------------------------------------


def test_a_figure_of_a_provider_that_does_not_sell_the_sender_is_unknown_in_the_market() -> None:
    # The generic sender ID figure rests on Twilio's pages; only Infobip sells it here.
    kb = make_kb(
        countries={
            "AA": country(
                alphanumeric_registered=[
                    claim("yes", providers=["infobip"]),
                    claim("no", providers=["twilio"]),
                ]
            )
        }
    )
    found = candidate(run(kb), SenderId.ALPHANUMERIC_REGISTERED)
    throughput = found.attributes.throughput
    assert throughput.default_mps is None
    assert throughput.text.startswith("unknown at Infobip (Twilio")
    sold_by_twilio = make_kb(
        countries={"AA": country(alphanumeric_registered=[claim("yes", providers=["twilio"])])}
    )
    figure = candidate(run(sold_by_twilio), SenderId.ALPHANUMERIC_REGISTERED).attributes
    assert figure.throughput.default_mps is not None


def test_two_way_figures_come_from_a_seller_whose_replies_are_not_denied() -> None:
    # The long code's figure rests on Twilio's and Bandwidth's pages; Twilio and Bird sell
    # it, and Twilio says replies do not reach it: for two-way traffic the customer buys
    # from Bird, whose pages give no figure.
    kb = replies(claim("no", providers=["twilio"]), sellers=["twilio", "bird"])
    two_way = candidate(run(kb, direction="two-way"), SenderId.LONG_CODE)
    assert two_way.providers == ("bird",)
    assert two_way.no_replies_from == ("twilio",)
    assert two_way.attributes.throughput.default_mps is None
    assert two_way.attributes.throughput.text.startswith("unknown at Bird (Twilio")
    one_way = candidate(run(kb, direction="one-way"), SenderId.LONG_CODE)
    assert one_way.attributes.throughput.default_mps == 10
    with_twilio = candidate(run(kb, direction="one-way", provider="twilio"), SenderId.LONG_CODE)
    assert with_twilio.attributes.throughput.default_mps == 10


def test_jamaicas_two_way_international_long_code_shows_no_figure_of_twilios() -> None:
    """Twilio's Jamaica page (https://www.twilio.com/en-us/guidelines/jm/sms, read
    2026-12-02): "Two-way SMS supported: No"; Bird's Jamaica page lists international
    phone numbers and says nothing of replies (data/countries/JM.yaml). The 10 MPS is
    Twilio's figure (its ISV guide and its MPS page): not the answer for two-way
    traffic, which only Bird may carry."""
    from advisor import knowledge

    kb = knowledge.load()
    request = {"country": "JM", "use_case": "transactional", "today": dt.date(2026, 12, 3)}
    two_way = Engine(kb).recommend(Intake(**request, direction="two-way"))
    found = next(c for c in two_way.recommendations if c.sender is SenderId.LONG_CODE_INTERNATIONAL)
    assert found.no_replies_from == ("twilio",)
    assert found.attributes.throughput.default_mps is None
    assert found.attributes.throughput.text.startswith("unknown at Bird")
    one_way = Engine(kb).recommend(Intake(**request, direction="one-way"))
    same = next(c for c in one_way.recommendations if c.sender is SenderId.LONG_CODE_INTERNATIONAL)
    assert same.attributes.throughput.default_mps == 10


# --- With a provider: its own registration steps --------------------------------------------------


def test_with_a_provider_only_its_own_registration_steps_are_shown() -> None:
    registration = {
        "text": "Pre-register the sender ID through the provider.",
        "required": True,
        "steps": [
            "Twilio: register in the Console.",
            "AWS: submit the sender ID registration.",
            "Wait for the operators to approve it.",
        ],
        "source": list(SOURCE),
        "as_of": AS_OF,
    }
    kb = make_kb(
        countries={
            "AA": country(senders={"alphanumeric_registered": {"registration": [registration]}})
        }
    )

    def steps(**fields: Any) -> tuple[str, ...]:
        found = candidate(run(kb, **fields), SenderId.ALPHANUMERIC_REGISTERED)
        return tuple(found.registration.steps)

    assert steps(provider="aws") == (
        "AWS: submit the sender ID registration.",
        "Wait for the operators to approve it.",
    )
    assert steps(provider="vonage") == ("Wait for the operators to approve it.",)
    assert len(steps()) == 3  # the market view names every provider's steps


# --- Territories that follow another country's rules ----------------------------------------------


def test_a_territory_following_us_rules_gets_the_us_variant() -> None:
    tt = territory("Territory", "long_code", "toll_free")
    kb = make_kb(countries={"US": country("Usland"), "TT": tt, "AA": country()})
    engine = Engine(kb)
    in_territory = candidate(engine.recommend(intake(country="TT")), SenderId.LONG_CODE)
    in_us = candidate(engine.recommend(intake(country="US")), SenderId.LONG_CODE)
    abroad = candidate(engine.recommend(intake(country="AA")), SenderId.LONG_CODE)
    assert in_territory.name == in_us.name == "A2P 10DLC"
    assert in_territory.attributes.throughput == in_us.attributes.throughput
    assert abroad.name == "Domestic long code"


# --- The dynamic sender's caveat is true wherever it is said --------------------------------------


def test_the_dynamic_sender_caveat_says_nothing_of_the_country() -> None:
    kb = make_kb(countries={"AA": country()})
    caveats = candidate(run(kb), SenderId.ALPHANUMERIC_DYNAMIC).caveats
    (text,) = (c.text for c in caveats if c.rule == "alpha-dynamic-may-change")
    assert "where pre-registration is not required" not in text.casefold()
    assert text.startswith("A dynamic sender ID is not pre-registered")


# --- A sender shown as sent on some networks says which ------------------------------------------

NETONE = "Twilio: only Netone shows the sender as sent."
TELECEL = "AWS: Telecel overwrites it with a short code."


def partial_caveat(kb: KnowledgeBase, **fields: Any) -> str:
    caveats = candidate(run(kb, **fields), SenderId.LONG_CODE_INTERNATIONAL).caveats
    (text,) = (c.text for c in caveats if c.rule == "sender-partial")
    return str(text)


def test_the_partial_caveat_names_the_networks_its_claim_names() -> None:
    kb = only(
        "long_code_international",
        claim("partial", providers=["twilio"], note=NETONE),
        claim("partial", providers=["aws"], note=TELECEL),
    )
    assert partial_caveat(kb, provider="twilio") == (
        "In Openland, International long code reaches handsets as sent only on some networks; "
        "which ones, as the sources say: Twilio: only Netone shows the sender as sent."
    )
    assert "Telecel" not in partial_caveat(kb, provider="twilio")
    assert "Netone" not in partial_caveat(kb, provider="aws")
    market = partial_caveat(kb)  # both providers offer it: both notes, in the providers' order
    assert market.endswith(f"as the sources say: {TELECEL[:-1]}; {NETONE}")


def test_without_a_note_the_partial_caveat_says_the_networks_are_unknown() -> None:
    kb = only("long_code_international", claim("partial"))
    assert partial_caveat(kb).endswith("which ones, as the sources say: unknown.")


@given(notes=st.lists(st.text(max_size=30), max_size=4))
def test_the_availability_note_keeps_every_note_once(notes: list[str]) -> None:
    from advisor.engine.facts import availability_note
    from advisor.knowledge import AvailabilityClaim, dated
    from advisor.vocab import Availability

    claims = tuple(
        AvailabilityClaim(value=Availability.PARTIAL, source=SOURCE, as_of=AS_OF, note=note)
        for note in notes
    )
    found = availability_note(dated.Resolved(Availability.PARTIAL, (None,), claims))
    kept = [note.strip().rstrip(".").strip() for note in notes]
    kept = [note for note in dict.fromkeys(kept) if note]
    assert found == ("; ".join(kept) or None)
    for note in kept:
        assert note in (found or "")
