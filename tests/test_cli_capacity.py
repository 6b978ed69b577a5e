"""``advisor capacity`` and the knowledge-base glue behind it (advisor.capacity.planning)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from advisor import knowledge
from advisor.capacity import Stage, TrafficMix, planning
from advisor.errors import InputError, UsageError
from advisor.vocab import SenderId, UseCase

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    from advisor.cli import app

    result = runner.invoke(app, ["capacity", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def capacity_json(*args: str) -> dict[str, Any]:
    code, out, err = invoke(*args, "--format", "json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


# --- The seeds' worked examples ------------------------------------------------------------------


def test_fifty_concurrent_requests_at_250_ms_make_200_requests_a_second() -> None:
    """Twilio ISV guide: requests/s = concurrency * 1000 / latency."""
    data = capacity_json("--concurrency", "50", "--latency-ms", "250", "--mps", "100")
    assert data["api_requests_per_second"] == 200


def test_a_100_mps_short_code_with_a_4_hour_queue_holds_1_440_000_segments() -> None:
    """Twilio ISV guide: 100 * 4 * 60 * 60; --queue-seconds reproduces the 2021 figure."""
    data = capacity_json("--mps", "100", "--provider", "twilio", "--queue-seconds", "14400")
    assert data["queue_depth_segments"] == 1_440_000
    assert data["provider"]["queue_seconds"] == 14400


def test_twilio_defaults_to_its_current_10_hour_queue_and_keeps_the_older_figure() -> None:
    data = capacity_json("--mps", "100", "--provider", "twilio")
    assert data["queue_depth_segments"] == 3_600_000
    assert data["provider"]["queue_history"] == [
        {
            "queue_seconds": 14400.0,
            "as_of": "2021-07-06",
            "text": "4 hours (the ISV guide; older error pages)",
        }
    ]


#: Bandwidth's worked example: an account dequeue rate of 5 MPS with the 15-minute queue.
BANDWIDTH_5 = ("--provider", "bandwidth", "--account-mps", "5", "--queue-seconds", "900")


def test_bandwidth_at_5_mps_holds_4500_and_fills_in_450_seconds_at_a_15_mps_burst() -> None:
    """Bandwidth guide: 5 MPS * 900 s = 4,500; 4,500 / (15 - 5) = 450 s."""
    data = capacity_json(*BANDWIDTH_5, "--messages", "20000")
    assert data["queue_depth_segments"] == 4500
    assert data["provider"]["burst_headroom_rps"] == 10  # burst = dequeue + 10 = 15
    assert data["ingress_messages_per_second"] == 15
    assert data["queue_fill_seconds"] == 450
    full = data["rejections"]["queue_full"]
    assert full["occurs"] is True
    assert full["from_seconds"] == 450
    assert [error["code"] for error in full["errors"]] == [
        "max-message-queue-size-exceeded",
        "message-delay-limit",
    ]
    # an explicit burst rate gives the same answer
    same = capacity_json(*BANDWIDTH_5, "--burst-rps", "15", "--messages", "20000")
    assert same["queue_fill_seconds"] == 450


# --- Without the MPS: every figure the inputs determine (issue 10, defect 6) ----------------------


def test_concurrency_and_latency_alone_give_the_api_rate() -> None:
    data = capacity_json("--concurrency", "50", "--latency-ms", "250")
    assert data["api_requests_per_second"] == 200
    assert data["mps"] is None
    assert data["mps_origin"] == "not given"
    assert data["missing_inputs"] == ["--mps"]
    for key in (
        "egress_segments_per_second",
        "queue_depth_segments",
        "throttle_messages_per_second",
    ):
        assert data[key] is None, key
    # JSON keeps its keys: the same as with the MPS, plus nothing.
    assert list(data) == list(
        capacity_json("--concurrency", "50", "--latency-ms", "250", "--mps", "100")
    )


def test_the_table_says_what_is_not_given_and_which_input_completes_it() -> None:
    code, out, err = invoke(
        "--concurrency", "50", "--latency-ms", "250", "--messages", "10000",
        "--deadline-minutes", "10", "--provider", "twilio",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "MPS: not given." in out
    assert "200 req/s" in out
    assert "50 s" in out  # the time to submit the campaign needs only the API rate
    assert "needs --mps" in out
    assert "Give --mps (or --sender and --country) to complete" in " ".join(out.split())
    assert "it needs 16.67 MPS" in out


# --- The knowledge base supplies what the flags do not -------------------------------------------


def test_the_sender_and_country_give_the_mps() -> None:
    data = capacity_json("--sender", "short_code", "--country", "US", "--messages", "360000")
    assert data["mps"] == 100
    assert data["drain_seconds"] == 3600
    assert data["mps_origin"].startswith("Short code in United States: 100 MPS")


def test_the_country_may_be_a_calling_code_with_a_note() -> None:
    code, out, err = invoke(
        "--sender", "short_code", "--country", "+1 ", "--messages", "360000", "--format", "json"
    )
    assert (code, out) == (2, "")
    assert err.startswith("advisor: error: --country: '+1' is a calling code that 25 countries")
    code, out, err = invoke("--sender", "short_code", "--country", "+49", "--mps", "10")
    assert code == 0
    assert err == (
        "advisor: note: +49 is only a calling code, and Germany is the only country that uses it\n"
    )


def test_no_mps_known_for_that_sender_there_is_a_clear_error() -> None:
    code, out, err = invoke("--sender", "short_code", "--country", "BR")
    assert (code, out) == (2, "")
    assert err == (
        "advisor: error: --sender: no MPS is known for short_code in Brazil "
        "(documented: Country dependent); give --mps\n"
    )


def test_a_body_is_counted_in_segments() -> None:
    body = "Hello “friend” " * 10  # curly quotes force UCS-2: 150 units, 3 segments
    data = capacity_json("--mps", "10", "--body", body, "--messages", "100")
    assert data["segments_per_message"] == 3
    assert data["drain_seconds"] == 30  # 100 messages * 3 segments / 10 MPS


def test_a_body_file_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "body.txt"
    path.write_text("x" * 161 + "\n", encoding="utf-8")  # 161 septets: 2 segments
    assert capacity_json("--mps", "1", "--body-file", str(path))["segments_per_message"] == 2


def test_a_missed_deadline_points_to_the_trust_score_not_more_numbers() -> None:
    data = capacity_json(
        "--sender",
        "long_code",
        "--country",
        "US",
        "--messages",
        "100000",
        "--deadline-minutes",
        "30",
    )
    scaling = data["scaling"]
    assert scaling["required_mps"] == pytest.approx(55.56)
    assert any("a brand trust score of 50-74 (120 MPS)" in line for line in scaling["advice"])
    assert any("do not raise it" in line for line in scaling["advice"])


def test_a_missed_deadline_on_toll_free_warns_against_snowshoeing() -> None:
    data = capacity_json(
        "--sender",
        "toll_free",
        "--country",
        "US",
        "--messages",
        "50000",
        "--deadline-minutes",
        "60",
    )
    advice = " ".join(data["scaling"]["advice"])
    assert "high-throughput toll-free" in advice
    assert "Spreading one campaign over 5 senders of this kind is snowshoeing" in advice


def test_expiry_is_named_as_twilio_names_it() -> None:
    data = capacity_json(
        "--concurrency",
        "100",
        "--latency-ms",
        "100",
        "--mps",
        "10",
        "--provider",
        "twilio",
        "--messages",
        "100000",
        "--validity-seconds",
        "600",
    )
    expiry = data["expiry"]
    assert expiry["occurs"] is True
    assert [error["code"] for error in expiry["errors"]] == ["30036"]
    assert data["throttle_messages_per_second"] == 10


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_every_format_renders(fmt: str) -> None:
    code, out, err = invoke(*BANDWIDTH_5, "--messages", "20000", "--format", fmt)
    assert (code, err) == (0, "")
    assert "4,500" in out


# --- Bad input -----------------------------------------------------------------------------------

BAD = [
    (
        ("--mps", "10", "--concurrency", "5", "--latency-ms", "0"),
        "--latency-ms: expected a number > 0, got 0",
    ),
    (
        ("--mps", "10", "--concurrency", "5", "--latency-ms", "-3"),
        "--latency-ms: expected a number > 0, got -3",
    ),
    (("--mps", "0"), "--mps: expected a number > 0, got 0"),
    (
        ("--mps", "10", "--provider", "bandwidth", "--account-mps", "10", "--burst-rps", "4"),
        "--burst-rps: expected a burst rate >= the dequeue rate",
    ),
    (
        ("--mps", "10", "--provider", "acme"),
        "--provider: expected one of twilio, bandwidth, telnyx, aws",
    ),
    (("--mps", "10", "--segments", "2", "--body", "hi"), "give --segments or a message body"),
    (
        ("--mps", "10", "--body", "a", "--body-file", "x.txt"),
        "give --body or --body-file, not both",
    ),
    (("--sender", "short_code"), "--sender and --country go together"),
    ((), "give --mps (or --sender and --country), --concurrency and --latency-ms, or --messages"),
    (("--mps", "10", "--concurrency", "5"), "--latency-ms: needed with --concurrency"),
    (("--mps", "fast"), "--mps: expected a number, got 'fast'"),
    (("--mps", "10", "--messages", "1.5"), "--messages: expected a whole number, got '1.5'"),
    (("--sender", "pigeon", "--country", "US"), "--sender: expected one of short_code, long_code"),
]


@pytest.mark.parametrize(("args", "expected"), BAD)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], expected: str) -> None:
    code, out, err = invoke(*args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert expected in err
    assert "Traceback" not in err


# --- planning, as a library ----------------------------------------------------------------------


def test_provider_limits_come_from_the_data() -> None:
    kb = knowledge.load()
    twilio = planning.provider_limits(kb, "Twilio")
    assert twilio is not None
    assert (twilio.queue_seconds, twilio.queue_scope, twilio.burst_rps) == (
        36000,
        "per sender",
        None,
    )
    assert [e.code for e in twilio.errors[Stage.EXPIRED.value]] == ["30036"]
    assert Stage.BURST.value not in twilio.errors  # Twilio names no burst error: unknown
    bandwidth = planning.provider_limits(kb, "bandwidth", queue_seconds=14400)
    assert bandwidth is not None
    assert (bandwidth.queue_seconds, bandwidth.burst_headroom_rps) == (14400, 10)
    assert planning.provider_limits(kb, None) is None
    custom = planning.provider_limits(kb, None, queue_seconds=60)
    assert custom is not None
    assert (custom.provider, custom.queue_seconds) == ("custom", 60)
    with pytest.raises(InputError, match="--provider: expected one of"):
        planning.provider_limits(kb, "acme")


@pytest.mark.parametrize(
    ("use_case", "campaign", "expected"),
    [
        (UseCase.OTP, True, TrafficMix.REALTIME),
        (UseCase.CONVERSATIONAL, False, TrafficMix.REALTIME),
        (UseCase.PROMOTIONAL, False, TrafficMix.BULK),
        (UseCase.TRANSACTIONAL, True, TrafficMix.BULK),
        (UseCase.TRANSACTIONAL, False, TrafficMix.REALTIME),
        (None, True, None),
    ],
)
def test_traffic_mix(use_case: UseCase | None, campaign: bool, expected: TrafficMix | None) -> None:
    assert planning.traffic_mix(use_case, campaign) is expected


def test_a_request_with_a_body_and_segments_is_refused() -> None:
    with pytest.raises(UsageError):
        planning.plan_request(
            knowledge.load(), planning.CapacityRequest(mps=1, segments=2, body="hello")
        )


def test_sender_mps_in_the_us_and_abroad() -> None:
    kb = knowledge.load()
    assert planning.sender_mps(kb, SenderId.LONG_CODE, "DE") == 10
    assert planning.sender_mps(kb, SenderId.TOLL_FREE, "US") == 3
    with pytest.raises(InputError, match="no MPS is known for short_code in Brazil"):
        planning.sender_mps(kb, SenderId.SHORT_CODE, "BR")


@pytest.mark.parametrize("name", ["AWS End User Messaging", "aws", " AWS "])
def test_a_provider_named_by_its_name_plans_with_its_id(name: str) -> None:
    # The provider's name was looked up as an id for the sender's figure (exit 3).
    data = capacity_json("--sender", "short_code", "--country", "US", "--provider", name)
    assert data["provider"]["id"] == "aws"


@pytest.mark.parametrize("sender", [(), ("--sender", "short_code", "--country", "US")])
def test_an_empty_provider_is_one_line(sender: tuple[str, ...]) -> None:
    code, out, err = invoke(*sender, "--mps", "10", "--provider", "")
    assert (code, out) == (2, "")
    assert err == "advisor: error: --provider: name one provider for a capacity plan, got ''\n"


def test_a_body_longer_than_any_message_is_refused_as_segments_refuses_it() -> None:
    # capacity counted the segments of a body of any length; every other command
    # refuses a message over 20,000 characters.
    assert invoke("--mps", "10", "--body", "a" * 20_000, "--format", "json")[0] == 0
    code, out, err = invoke("--mps", "10", "--body", "a" * 20_001)
    assert (code, out) == (2, "")
    assert err == (
        "advisor: error: --body: 20,001 characters; the advisor analyses at most 20,000 "
        "(no provider sends more than 1,600 in one message)\n"
    )
