"""``advisor plan``: the library (advisor.plan), its inputs, the CLI and its goldens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import knowledge
from advisor.engine import recommend
from advisor.errors import InputError
from advisor.intake import Intake, build_intake
from advisor.knowledge import KnowledgeBase
from advisor.plan import build_plan
from advisor.plan.inputs import destination_intakes, read_countries_file, split_countries
from tests.clitools import invoke, one_error_line, run
from tests.conftest import TESTS_TODAY

PLANS = Path(__file__).parent / "plans"
AIRLINE = PLANS / "airline.csv"
DONE_WHEN = (
    "plan",
    "--customer",
    "Acme",
    "--country",
    "US,CA,GB,DE",
    "--use-case",
    "transactional",
    "--direction",
    "one-way",
    "--mps",
    "20",
    "--daily-volume",
    "50000",
    "--lead-time-days",
    "60",
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge.load()


def _intake(kb: KnowledgeBase, country: str, **answers: Any) -> Intake:
    base = {"use_case": "transactional", "direction": "one-way", "today": TESTS_TODAY}
    return build_intake({**base, **answers, "country": country}, kb)


# --- The library: senders are recommend's, in input order ----------------------------------------

PROVIDERS = (None, "twilio", "aws", "telnyx", "vonage", "bandwidth")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_senders_are_recommends_first_choice(kb: KnowledgeBase, data: st.DataObject) -> None:
    countries = data.draw(
        st.lists(st.sampled_from(sorted(kb.countries)), min_size=1, max_size=4, unique=True)
    )
    use_case = data.draw(st.sampled_from(["transactional", "promotional", "otp"]))
    direction = data.draw(st.sampled_from(["one-way", "two-way"]))
    provider = data.draw(st.sampled_from(PROVIDERS))
    mps = data.draw(st.sampled_from([None, "1", "50"]))
    answers = {"use_case": use_case, "direction": direction, "provider": provider, "mps": mps}
    intakes = [_intake(kb, code, **answers) for code in countries]
    plan = build_plan(kb, intakes, provider=provider)
    assert [d.country for d in plan.destinations] == countries
    for destination, intake in zip(plan.destinations, intakes, strict=True):
        best = recommend(intake, kb).best
        assert destination.sender == (best.sender if best is not None else None)
    assert plan.fits == all(d.sender is not None for d in plan.destinations)
    # one sender per destination that has one: never more of a kind (snowshoeing)
    assert [(s.country, s.sender) for s in plan.pool.senders] == [
        (d.country, d.sender) for d in plan.destinations if d.sender is not None
    ]
    assert all(s.count == 1 for s in plan.pool.senders)


def test_go_live_is_today_plus_the_longest_lead_time(kb: KnowledgeBase) -> None:
    plan = build_plan(kb, [_intake(kb, c, lead_time_days="60") for c in ("US", "CA", "DE")])
    for destination in plan.destinations:
        best = destination.report.recommendation.best
        assert best is not None
        days = best.lead_time.days("max")
        assert days is not None
        ready = destination.go_live.ready_on
        assert ready is not None
        assert (ready - destination.report.recommendation.intake.today).days == days
    days_ready = [d.go_live.ready_on for d in plan.destinations]
    assert plan.ready_on == max(day for day in days_ready if day is not None)


def test_go_live_of_the_plan_is_unknown_when_one_destination_is(kb: KnowledgeBase) -> None:
    plan = build_plan(kb, [_intake(kb, c, provider="twilio") for c in ("DE", "ES")])
    assert plan.destinations[1].go_live.ready_on is None  # Spain's registration time is unknown
    assert plan.ready_on is None


def test_a_sender_below_the_peak_is_one_sender_and_says_why(kb: KnowledgeBase) -> None:
    plan = build_plan(
        kb, [_intake(kb, "CA", mps="20", lead_time_days="60", provider="twilio")], provider="twilio"
    )
    (sender,) = plan.pool.senders
    assert sender.count == 1
    assert sender.mps_per_sender is not None
    assert sender.mps_per_sender < 20
    assert sender.meets_mps is False
    assert "snowshoeing" in sender.text


# --- The pool's settings and the opt-out scope: only what the provider's pages say ---------------


def _plan(kb: KnowledgeBase, provider: str | None, *countries: str, **answers: Any) -> Any:
    intakes = [_intake(kb, c, provider=provider, **answers) for c in countries]
    return build_plan(kb, intakes, provider=provider)


TWO_WAY = {"use_case": "conversational", "direction": "two-way"}


def test_pool_settings_follow_the_destinations(kb: KnowledgeBase) -> None:
    plan = _plan(kb, "twilio", "US", "GB")
    settings_by_id = {s.id: s.countries for s in plan.pool.settings}
    assert plan.pool.name == "Messaging Service"
    assert settings_by_id["alpha-sender"] == ("GB",)
    assert "US" not in settings_by_id["alpha-sender"]
    assert all(s.sources for s in plan.pool.settings)


def test_without_a_provider_there_are_no_settings_and_no_scope(kb: KnowledgeBase) -> None:
    plan = _plan(kb, None, "US", "GB")
    assert plan.pool.settings == ()
    assert plan.pool.name is None
    assert plan.opt_out.scope is None
    assert "--provider" in plan.opt_out.text


@pytest.mark.parametrize(
    ("provider", "countries", "scope"),
    [
        ("twilio", ("US", "GB"), "pool"),
        ("telnyx", ("US", "GB"), "messaging_profile"),
        ("aws", ("US", "GB"), "opt_out_list"),
        # a US long code: Opt-Out Assist blocks the number the STOP was sent to
        ("vonage", ("US",), "sender"),
        # Vonage's pages state the scope for US and Canada only; none is borrowed elsewhere
        ("vonage", ("GB", "DE"), None),
        ("bandwidth", ("US",), None),
    ],
)
def test_opt_out_scope(
    kb: KnowledgeBase, provider: str, countries: tuple[str, ...], scope: str | None
) -> None:
    plan = _plan(kb, provider, *countries, **TWO_WAY)
    assert plan.opt_out.scope == scope
    if scope is None:
        assert "not in the knowledge base" in plan.opt_out.text
    for fact in plan.opt_out.facts:
        assert not fact.providers or provider in fact.providers
        assert fact.sources


def test_toll_free_opt_out_is_the_networks_whatever_the_provider(kb: KnowledgeBase) -> None:
    for provider in (None, "twilio", "bandwidth"):
        plan = _plan(kb, provider, "CA")
        assert plan.destinations[0].sender is not None
        if plan.destinations[0].sender.value == "toll_free":
            assert "carrier" in [fact.scope for fact in plan.opt_out.facts]


def test_opt_out_claims_name_known_providers(kb: KnowledgeBase) -> None:
    for claim in kb.opt_out:
        assert set(claim.providers) <= set(kb.providers)
        assert all(kb.source(source) is not None for source in claim.source)


# --- Inputs: --country and the countries file -----------------------------------------------------


def test_split_countries() -> None:
    assert [d.answers["country"] for d in split_countries("US, ca;GB")] == ["US", "ca", "GB"]
    with pytest.raises(InputError, match="country 2 is empty"):
        split_countries("US,,GB")
    with pytest.raises(InputError, match="expected one or more countries"):
        split_countries(" , ")


def test_countries_file_rows_override_the_shared_answers(kb: KnowledgeBase) -> None:
    rows = read_countries_file(AIRLINE, "airline.csv")
    assert [row.origin for row in rows] == [f"airline.csv: line {n}" for n in (2, 3, 4, 5)]
    shared = {"use_case": "transactional", "direction": "one-way", "mps": "2", "today": TESTS_TODAY}
    intakes = destination_intakes(kb, shared, rows, lambda name: f"--{name}")
    assert [i.country for i in intakes] == ["US", "CA", "GB", "DE"]
    assert [i.use_case.value for i in intakes] == [
        "otp",
        "transactional",
        "transactional",
        "promotional",
    ]
    assert [i.mps for i in intakes] == [30, 5, 2, 2]
    assert [i.daily_volume for i in intakes] == [40000, None, 12000, None]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("country,mps\nUS,fast\n", "bad.csv: line 2: mps: expected a number"),
        ("Destination,Use case\nUS,otp\nNarnia,otp\n", "bad.csv: line 3: Destination:"),
        (
            "country\nUS\nus\n",
            "bad.csv: line 3: country: US is already a destination (bad.csv: line 2)",
        ),
        ("country,provider\nUS,twilio\n", "bad.csv: header: 'provider': a plan has one provider"),
        ("country,mps\nUS,1,2\n", "bad.csv: line 2: the row has 3 cells but the header has 2"),
        ("mps\n1\n", "bad.csv: header: no column for country"),
        ("country\n\n\n", "bad.csv: no destinations under the header"),
        ("country,direction\nUS,sideways\n", "bad.csv: line 2: direction: expected one of"),
    ],
)
def test_countries_file_errors_name_file_line_and_column(
    kb: KnowledgeBase, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    shared = {"use_case": "transactional", "direction": "one-way"}
    with pytest.raises(InputError) as error:
        destination_intakes(kb, shared, read_countries_file(path, "bad.csv"), str)
    assert message in error.value.message
    assert "\n" not in error.value.message


# --- The command ----------------------------------------------------------------------------------


def _json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = invoke(*args, "--format", "json", "--today", TESTS_TODAY)
    return code, json.loads(out)


def test_done_when_destinations_match_recommend() -> None:
    code, data = _json(*DONE_WHEN, "--provider", "twilio")
    assert code == 0
    assert data["schema_version"] == 1
    assert [d["country"] for d in data["destinations"]] == ["US", "CA", "GB", "DE"]
    for destination in data["destinations"]:
        country = destination["country"]
        _, rec = _json("recommend", "--country", country, *DONE_WHEN[5:], "--provider", "twilio")
        assert destination["sender"] == rec["recommendations"][0]["sender"]
        assert destination["recommendation"]["recommendations"] == rec["recommendations"]
    assert data["pool"]["name"] == "Messaging Service"
    assert data["opt_out_scope"]["scope"] == "pool"
    assert data["go_live"]["destinations"][0]["country"] == "US"
    assert set(data["sources"]) >= {"twilio-messaging-services", "twilio-stop-filtering"}


def test_exit_1_when_a_destination_has_no_sender() -> None:
    args = ("plan", "--country", "GB,BR", "--use-case", "conversational", "--direction", "two-way")
    code, data = _json(*args, "--provider", "twilio", "--lead-time-days", "5")
    assert code == 1
    assert [d["sender"] for d in data["destinations"]] == ["long_code", None]
    assert data["destinations"][1]["recommendation"]["conflicts"] is not None
    assert data["go_live"]["ready_on"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--country", "US,Narnia"), "--country:"),
        (("--country", "US", "--countries-file", str(AIRLINE)), "give exactly one of"),
        ((), "give exactly one of --country or --countries-file"),
        (("--country", "US", "--format", "yaml"), "--format: expected one of table, json"),
        (("--country", "US", "--format", "xlsx"), "--format xlsx writes a binary workbook"),
        (("--country", "US", "--mps", "lots"), "--mps: expected a number"),
        (("--country", "US,US"), "US is already a destination"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke("plan", "--use-case", "otp", "--direction", "one-way", *args)
    assert (code, out) == (2, "")
    assert message in one_error_line(err)


def test_missing_use_case_without_a_terminal() -> None:
    code, _, err = invoke("plan", "--country", "US", "--direction", "one-way", "--no-input")
    assert code == 2
    assert "missing --use-case (--no-input was given" in one_error_line(err)


def test_a_real_process_writes_the_plan_atomically(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    done = run(
        "plan",
        "--countries-file",
        str(AIRLINE),
        "--direction",
        "one-way",
        "--use-case",
        "transactional",
        "--today",
        TESTS_TODAY,
        "--format",
        "markdown",
        "-o",
        str(target),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# SMS sender plan for the customer")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


GOLDEN_FORMATS = {
    "txt": ("--format", "table"),
    "md": ("--format", "markdown"),
    "html": ("--format", "html"),
    "csv": ("--format", "csv"),
    "json": ("--format", "json"),
}


@pytest.mark.parametrize("suffix", GOLDEN_FORMATS)
def test_golden(suffix: str, golden: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PLANS)
    code, out, _ = invoke(
        "plan",
        "--customer",
        "Heron Air",
        "--countries-file",
        "airline.csv",
        "--use-case",
        "transactional",
        "--direction",
        "one-way",
        "--lead-time-days",
        "45",
        "--daily-volume",
        "20000",
        "--provider",
        "twilio",
        "--prices",
        "../../examples/prices-INVENTED-example.csv",
        "--body",
        "Heron Air: your flight HA 12 to Berlin now boards at gate B7. Reply STOP to opt out.",
        "--today",
        TESTS_TODAY,
        *GOLDEN_FORMATS[suffix],
    )
    assert code == 0
    golden.check(f"plan/heron-air.{suffix}", out)
