"""Each provider's own capacity facts (issue 9, item 7): never another provider's figure.

The providers are the shipped ones (their facts are what is tested); the country is a
synthetic one, so that no country's facts decide the answers.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from kbtools import AS_OF, country, make_kb, territory
from typer.testing import CliRunner

from advisor import knowledge
from advisor.capacity import facts
from advisor.capacity.planning import CapacityRequest, CapacityResult, plan_request
from advisor.errors import InputError
from advisor.knowledge import KnowledgeBase
from advisor.knowledge.provenance import borrowed_from
from advisor.vocab import SenderId

runner = CliRunner()


@functools.cache
def kb() -> KnowledgeBase:
    return make_kb(countries={"AA": country(), "US": country("Usland")})


def plan(**fields: Any) -> CapacityResult:
    return plan_request(kb(), CapacityRequest(**fields))


def text(result: CapacityResult) -> str:
    return " ".join(note.text for note in result.notes)


# --- Bandwidth: the account's dequeue rate, and no queue until contracted ------------------------


def test_bandwidths_account_rate_caps_every_sender() -> None:
    result = plan(mps=5, provider="bandwidth", messages=1000)
    assert result.plan.mps == 1
    assert result.plan.sender_mps == 5
    assert result.plan.capped_by_account is True
    assert result.plan.drain_seconds == 1000
    assert "Bandwidth sends at most 1 segments per second" in text(result)
    assert "--account-mps" in text(result)
    assert "bandwidth-default-limits" in result.sources()
    assert result.mps_origin.startswith("Bandwidth's default account dequeue rate, below the")


@pytest.mark.parametrize(("account", "expected"), [(20, 5), (3, 3)])
def test_the_accounts_own_rate_replaces_the_default(account: float, expected: float) -> None:
    result = plan(mps=5, provider="bandwidth", account_mps=account)
    assert result.plan.mps == expected
    assert result.limits is not None
    assert result.limits.account_mps == account


def test_without_a_sender_the_account_rate_is_the_mps() -> None:
    result = plan(provider="bandwidth", account_mps=5, messages=9000)
    assert result.plan.mps == 5
    assert result.plan.missing_inputs == ()
    assert result.mps_origin == "the account's rate (--account-mps)"


def test_bandwidth_has_no_queue_until_it_is_contracted_and_says_so() -> None:
    result = plan(mps=5, provider="bandwidth", account_mps=5, messages=9000)
    assert result.limits is not None
    assert (result.limits.queue_seconds, result.limits.queue_known) == (None, True)
    assert result.plan.queue_depth_segments is None
    assert "none by default; once contracted, a 15-minute queue" in text(result)
    assert "--queue-seconds" in text(result)
    queue_note = next(note for note in result.notes if "Bandwidth's queue:" in note.text)
    assert "bandwidth-rate-limits" in queue_note.sources
    # Without a queue the API takes no more than the dequeue rate: the burst rule
    # (dequeue + 10) fills a queue, and there is none.
    assert result.limits.burst_headroom_rps == 0
    assert result.plan.ingress_messages_per_second == 5


def test_once_contracted_the_guides_arithmetic_holds() -> None:
    """5 MPS * 900 s = 4,500 segments; 4,500 / (15 - 5) = 450 s."""
    result = plan(provider="bandwidth", account_mps=5, queue_seconds=900, messages=20000)
    assert result.plan.queue_depth_segments == 4500
    assert result.plan.ingress_messages_per_second == 15
    assert result.plan.queue_fill_seconds == 450
    assert not any("none by default" in note.text for note in result.notes)


def test_an_account_wide_queue_holds_the_accounts_rate() -> None:
    """A slower sender on a 5 MPS account: the queue holds 5 * 900 segments, drained at 0.5."""
    result = plan(
        mps=0.5, provider="bandwidth", account_mps=5, queue_seconds=900,
        concurrency=1, latency_ms=500, messages=10000,
    )  # fmt: skip
    assert result.plan.mps == 0.5
    assert result.plan.queue_depth_segments == 4500
    assert result.plan.max_wait_seconds == 9000


def test_without_a_queue_refusals_carry_bandwidths_burst_error() -> None:
    result = plan(mps=5, provider="bandwidth", concurrency=10, latency_ms=200, messages=1000)
    burst = result.plan.burst_rejection
    assert burst.occurs is True
    assert burst.errors is not None
    assert [error.code for error in burst.errors] == ["message-rate-limit"]


def test_bandwidth_never_borrows_twilios_toll_free_figure() -> None:
    """The matrix's 3 MPS for a toll-free number is Twilio's: unknown at Bandwidth."""
    result = plan(sender=SenderId.TOLL_FREE, country="AA", provider="bandwidth", messages=100)
    assert result.plan.sender_mps is None
    assert result.plan.mps == 1  # the account's rate
    assert "the only figure there is Twilio and AWS End User Messaging's, and it is not used" in (
        text(result)
    )
    assert result.mps_origin.startswith("Bandwidth's default account dequeue rate;")


def test_a_missed_deadline_on_bandwidth_points_to_the_account_rate() -> None:
    result = plan(mps=5, provider="bandwidth", messages=100_000, deadline_minutes=10)
    assert result.scaling is None  # no sender named: no sender advice
    named = plan(
        sender=SenderId.TOLL_FREE, country="AA", provider="bandwidth",
        messages=100_000, deadline_minutes=10,
    )  # fmt: skip
    assert named.scaling is not None
    advice = " ".join(named.scaling.advice)
    assert "--account-mps" in advice
    assert "snowshoeing" not in advice
    assert named.scaling.senders_needed is None


# --- Telnyx: its own per-sender rates and 4-hour queues -------------------------------------------


def test_telnyx_toll_free_is_20_mps_with_a_288000_segment_queue() -> None:
    result = plan(sender=SenderId.TOLL_FREE, country="AA", provider="telnyx", messages=10)
    assert result.plan.mps == 20
    assert result.plan.queue_depth_segments == 288_000
    assert result.limits is not None
    assert result.limits.queue_seconds == 14_400
    assert "Telnyx queues up to 288,000 segments for a Toll-free number" in text(result)
    assert "telnyx-rate-limiting" in result.sources()
    assert result.plan.queue_rejection.errors is not None
    assert [e.code for e in result.plan.queue_rejection.errors] == ["40318"]


def test_telnyx_long_code_outside_the_us_is_its_own_0_1_mps() -> None:
    result = plan(sender=SenderId.LONG_CODE, country="AA", provider="telnyx", messages=10)
    assert result.plan.mps == 0.1
    assert result.plan.queue_depth_segments == 1440
    in_us = plan(sender=SenderId.LONG_CODE, country="US", provider="telnyx")
    assert in_us.plan.mps != 0.1  # in the US, 10DLC's campaign throughput applies


@functools.cache
def territory_kb() -> KnowledgeBase:
    """A territory that follows the US rules for its long codes and toll-free numbers."""
    tt = territory("Territory", "long_code", "toll_free")
    return make_kb(countries={"US": country("Usland"), "TT": tt, "AA": country()})


@pytest.mark.parametrize("sender", list(SenderId))
def test_a_territory_reads_the_rate_of_the_variant_recommend_reads(sender: SenderId) -> None:
    base = territory_kb()
    telnyx = base.providers["telnyx"]
    ruled = base.countries["TT"].rules_country("TT", sender)  # the choice recommend makes
    assert facts.sender_rate(base, telnyx, sender, "TT") == telnyx.rate_for(sender, ruled)


def test_a_territorys_a2p_10dlc_has_telnyxs_us_figures_not_its_long_code_abroad() -> None:
    base = territory_kb()
    telnyx = base.providers["telnyx"]
    assert facts.sender_rate(base, telnyx, SenderId.LONG_CODE, "TT") is None  # as in the US
    assert facts.sender_rate(base, telnyx, SenderId.LONG_CODE, "AA") is not None

    def territory_plan(where: str) -> CapacityResult:
        request = CapacityRequest(
            sender=SenderId.LONG_CODE, country=where, provider="telnyx", messages=10_000
        )
        return plan_request(base, request)

    in_territory, in_us = territory_plan("TT"), territory_plan("US")
    assert in_territory.plan == in_us.plan
    assert in_territory.notes == in_us.notes
    assert in_territory.limits == in_us.limits
    assert "0.1 MPS" not in text(in_territory)
    assert "0.1 MPS" in text(territory_plan("AA"))


def test_telnyx_never_takes_twilios_queue() -> None:
    result = plan(mps=20, provider="telnyx")
    assert result.limits is not None
    assert result.limits.queue_seconds == 14_400  # not Twilio's 36,000


# --- A provider with only a name: unknown, never another provider's -------------------------------


def test_a_provider_without_queue_facts_has_an_unknown_queue() -> None:
    result = plan(mps=10, provider="aws", concurrency=10, latency_ms=100, messages=10_000)
    assert result.limits is not None
    assert result.limits.queue_known is False
    p = result.plan
    assert (p.queue_depth_segments, p.queue_fill_seconds, p.peak_queue_segments) == (None,) * 3
    assert (p.queue_rejection.occurs, p.expiry.occurs, p.rejected_messages) == (None,) * 3
    assert p.burst_rejection.occurs is False
    assert "--queue-seconds" in p.missing_inputs
    assert p.drain_seconds == 1000
    assert "AWS End User Messaging's queue is not in the knowledge base" in text(result)


def test_an_unknown_queue_does_not_matter_when_nothing_queues() -> None:
    result = plan(mps=10, provider="aws", concurrency=1, latency_ms=200, messages=100)
    assert result.plan.queue_rejection.occurs is False
    assert result.plan.throttling_needed is False


def test_a_figure_only_another_provider_publishes_is_unknown_there() -> None:
    with pytest.raises(InputError) as info:
        plan(sender=SenderId.ALPHANUMERIC_DYNAMIC, country="AA", provider="aws")
    message = str(info.value)
    assert message.startswith(
        "--sender: no MPS is known for alphanumeric_dynamic in Openland at AWS"
    )
    assert "is Twilio's); give --mps" in message


def test_whose_figure_it_is() -> None:
    base = kb()
    assert borrowed_from(base, "bandwidth", ("twilio-tollfree-mps",)) == "Twilio"
    assert borrowed_from(base, "twilio", ("twilio-tollfree-mps",)) is None  # its own
    # a source that is no provider's page makes it the market's figure
    assert borrowed_from(base, "bandwidth", ("twilio-tollfree-mps", "telnyx-10dlc-rate-limits"))
    assert borrowed_from(base, "aws", ("twilio-10dlc-throughput-table",)) is None
    assert borrowed_from(base, "aws", ()) is None


# --- Through the command line --------------------------------------------------------------------


def invoke(*args: str) -> tuple[int, str, str]:
    from advisor.cli import app

    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_capacity_takes_the_accounts_rate() -> None:
    code, out, err = invoke(
        "capacity", "--provider", "bandwidth", "--mps", "5", "--account-mps", "20",
        "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["mps"], data["sender_mps"]) == (5, 5)
    assert data["provider"]["account_mps"] == 20
    assert data["provider"]["queue_known"] is True
    assert data["provider"]["queue_text"].startswith("none by default")
    assert data["input"]["account_mps"] == 20
    assert [note["sources"] for note in data["notes"]][-1] == [
        "bandwidth-rate-limits",
        "bandwidth-queuing",
    ]


@pytest.mark.parametrize("territory", ["PR", "VI", "GU", "AS"])
def test_capacity_in_a_us_territory_plans_telnyxs_us_long_code(territory: str) -> None:
    args = ("capacity", "--sender", "long_code", "--provider", "telnyx", "--messages", "10000")
    answers = {}
    for where in (territory, "US"):
        code, out, err = invoke(*args, "--country", where, "--format", "json", "--today", AS_OF)
        assert (code, err) == (0, "")
        answers[where] = json.loads(out)
    assert answers[territory]["notes"] == answers["US"]["notes"]
    assert answers[territory]["provider"] == answers["US"]["provider"]
    code, out, _ = invoke(*args, "--country", territory, "--today", AS_OF)
    assert code == 0
    assert "A2P 10DLC" in out
    assert "0.1 MPS" not in out


def test_capacity_in_puerto_rico_as_a_real_command() -> None:
    from clitools import run

    args = ("--country", "PR", "--provider", "telnyx", "--sender", "long_code")
    done = run("capacity", *args, "--messages", "10000", "--today", AS_OF)
    out = done.stdout.decode()
    assert (done.returncode, done.stderr) == (0, b"")
    assert "MPS: 12 segments/s (A2P 10DLC in Puerto Rico" in out
    assert "Telnyx queues up to 1,440 segments" not in out


def test_capacity_refuses_an_account_rate_out_of_range() -> None:
    code, out, err = invoke("capacity", "--provider", "bandwidth", "--account-mps", "0.001")
    assert (code, out) == (2, "")
    assert err.startswith("advisor: error: --account-mps: expected a number from 0.01")


def test_the_plan_says_bandwidths_cap_and_queue_in_its_table() -> None:
    code, out, _ = invoke("capacity", "--provider", "bandwidth", "--mps", "5", "--messages", "20")
    assert code == 0
    flat = " ".join(out.split())
    assert (
        "MPS: 1 segments/s (Bandwidth's default account dequeue rate, below the sender's 5" in flat
    )
    assert "queue: none." in flat
    assert "[bandwidth-default-limits, bandwidth-rate-limits]" in flat


def test_report_plans_bandwidth_at_the_accounts_rate() -> None:
    args = (
        "report", "--country", "US", "--use-case", "transactional", "--direction", "one-way",
        "--daily-volume", "1000", "--provider", "bandwidth", "--format", "json",
    )  # fmt: skip
    code, out, _ = invoke(*args)
    assert code == 0
    capacity = json.loads(out)["capacity"]
    assert capacity["mps"] == 1
    assert capacity["provider"]["account_mps"] == 1
    _, raised, _ = invoke(*args, "--account-mps", "0.5")
    assert json.loads(raised)["capacity"]["mps"] == 0.5


def test_the_shipped_providers_have_the_documented_figures() -> None:
    shipped = knowledge.load()
    bandwidth = shipped.providers["bandwidth"]
    assert bandwidth.account_dequeue_mps is not None
    assert bandwidth.account_dequeue_mps.value == 1
    assert bandwidth.queue is not None
    assert bandwidth.queue.seconds is None  # no queue until contracted
    rate = shipped.providers["telnyx"].rate_for(SenderId.TOLL_FREE, "US")
    assert rate is not None
    assert (rate.default_mps, rate.max_queue_segments) == (20, 288_000)


def test_report_says_whose_figure_it_would_have_borrowed() -> None:
    from advisor.intake import Intake
    from advisor.report import CapacityInputs, build_report

    intake = Intake(
        country="AA", use_case="transactional", direction="one-way", provider="vonage",
        daily_volume=1000,
    )  # fmt: skip
    report = build_report(kb(), intake, capacity=CapacityInputs(provider="vonage"))
    assert report.recommendation.best is not None
    assert report.recommendation.best.sender is SenderId.TOLL_FREE
    assert report.capacity is None
    assert report.capacity_note.startswith(
        "Vonage's MPS for Toll-free number here is not in the knowledge base"
    )
    assert "is Twilio and AWS End User Messaging's): ask Vonage, then plan with" in (
        report.capacity_note
    )
