"""``advisor report``: the one-page proposal; and ``advisor batch --report-dir``."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from advisor import knowledge
from advisor.batch.reports import report_path, slug
from advisor.intake import Intake
from advisor.report import CapacityInputs, build_report

runner = CliRunner()
EXAMPLE = Path(__file__).parent.parent / "examples" / "intake.csv"

FALCON = (
    "report",
    "--customer",
    "Falcon Flights",
    "--country",
    "US",
    "--use-case",
    "transactional",
    "--direction",
    "one-way",
    "--mps",
    "10",
    "--daily-volume",
    "20000",
    "--lead-time-days",
    "30",
    "--body",
    "Falcon Flights: flight FF123 to Denver now departs 9:40 from gate B12. Reply STOP to opt out.",
    "--provider",
    "twilio",
    "--concurrency",
    "50",
    "--latency-ms",
    "250",
)


def invoke(*args: str) -> tuple[int, str, str]:
    from advisor.cli import app

    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# --- The report's content ------------------------------------------------------------------------


def test_the_report_has_every_section_a_proposal_needs() -> None:
    code, out, err = invoke(*FALCON, "--format", "markdown")
    assert (code, err) == (0, "")
    for heading in (
        "# SMS sender proposal for Falcon Flights in United States",
        "## In short",
        "## Requirements",
        "## Recommendation",
        "## Next steps",
        "## Will it keep up?",
        "## Sample message",
        "## Reliability checklist",
        "## Sources",
        "## Appendix: the detail",
        "### Ruled out",
    ):
        assert heading in out, heading
    assert "- Recommended sender: A2P 10DLC\n" in out
    assert "- [ ] An error and warning webhook (Twilio's Debugger event webhook)" in out
    assert "healthy is 0-6% errors and 0-0.3%" in out


def _proposal(markdown: str) -> str:
    """The proposal without its appendix."""
    return markdown.split("## Appendix")[0]


def test_the_proposal_speaks_the_customers_language() -> None:
    _, out, _ = invoke(*FALCON, "--format", "markdown")
    proposal = _proposal(out)
    # no rule ids, sender ids or flags outside --explain
    kb = knowledge.load()
    for rule in kb.rules:
        assert f"({rule.id})" not in out, rule.id
    for sender in ("long_code", "toll_free", "short_code"):
        assert sender not in proposal
    assert not re.search(r"(?<![-\w])--[a-z]", proposal), "a flag in the proposal"
    # durations a person reads, dates on the calendar, a validity
    assert "about 28 min" in proposal
    assert "1,666.67 s" not in proposal
    assert "Prepared for Falcon Flights, 2 December 2026. Valid until 1 January 2027" in out
    assert "| 11 December 2026 to 16 December 2026 | The sender is ready to send" in out
    assert "| 1 January 2027 " in out
    assert "Go-live." in out


def test_explain_names_the_rules_and_adds_the_trace() -> None:
    _, out, _ = invoke(*FALCON, "--format", "markdown", "--explain")
    assert "(local-sender)" in out
    assert "A2P 10DLC (long_code)" in out
    assert "### Every rule, as the engine read it" in out
    assert "| length-segments |" in out  # the message check's id
    _, plain, _ = invoke(*FALCON, "--format", "markdown")
    assert "length-segments" not in plain


def test_the_advice_does_not_contradict_itself() -> None:
    _, out, _ = invoke(*FALCON, "--format", "markdown")
    assert "no throttling is needed" in out
    assert "Throttle:" not in out


def test_the_appendix_can_be_turned_off() -> None:
    _, full, _ = invoke(*FALCON, "--format", "markdown")
    _, short, _ = invoke(*FALCON, "--format", "markdown", "--no-appendix")
    assert "## Appendix" in full
    assert "## Appendix" not in short
    assert "(the appendix says why)" not in short
    # sources only behind the facts shown: the queue error pages are in the appendix only
    assert "30036" in full.split("## Appendix")[0]
    assert short.count("](<") < full.count("](<")


def test_sources_are_links_of_the_chosen_provider_or_independent() -> None:
    _, twilio, _ = invoke(*FALCON, "--format", "markdown")
    links = [line for line in twilio.splitlines() if line.startswith("- [")]
    assert links
    for line in links:
        assert "telnyx" not in line.lower(), line
        assert "amazon" not in line.lower(), line
    _, anyone, _ = invoke(*FALCON, "--format", "markdown", "--provider", "")
    assert any("Telnyx" in line for line in anyone.splitlines() if line.startswith("- ["))


def test_the_report_as_json() -> None:
    code, out, _ = invoke(*FALCON, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == [
        "schema_version",
        "customer",
        "date",
        "recommendation",
        "capacity",
        "capacity_note",
        "campaign",
        "message",
        "checklist",
        "knowledge_base",
        "cost",
    ]
    assert data["cost"] is None  # no --prices
    assert data["recommendation"]["recommendations"][0]["sender"] == "long_code"
    assert data["capacity"]["mps"] == 12
    assert data["capacity"]["api_requests_per_second"] == 200
    assert data["campaign"] == "a day's volume"
    assert data["message"]["ok"] is True
    assert data["checklist"]["error_rate_max_percent"] == 6
    assert data["date"] is None


def test_an_unknown_mps_is_said_not_guessed() -> None:
    kb = knowledge.load()
    intake = Intake(country="BR", use_case="conversational", direction="two-way", mps=2)
    report = build_report(kb, intake, capacity=CapacityInputs(messages=1000))
    assert report.capacity is None
    assert report.capacity_note == (
        "The MPS of Short code here is not published (Country dependent): ask the provider, "
        "then plan with --sender-mps."
    )
    granted = build_report(kb, intake, capacity=CapacityInputs(messages=1000, sender_mps=30))
    assert granted.capacity is not None
    assert granted.capacity.plan.drain_seconds == pytest.approx(1000 / 30)


def test_nothing_fits_still_reports_why_and_exits_1() -> None:
    code, out, _ = invoke(
        "report", "--country", "BR", "--use-case", "conversational", "--direction", "two-way",
        "--lead-time-days", "5", "--format", "markdown", "--provider", "twilio",
    )  # fmt: skip
    assert code == 1
    assert "## Nothing fits" in out
    assert "- Answer: No sender fits these requirements as they stand: see below." in out
    assert "## Will it keep up?\n\nNo sender fits, so there is no capacity plan." in out


def test_the_output_is_deterministic_unless_a_date_is_asked_for() -> None:
    first, second = invoke(*FALCON, "--format", "html"), invoke(*FALCON, "--format", "html")
    assert first == second
    code, dated, _ = invoke(*FALCON, "--format", "markdown", "--date", "2026-12-01")
    assert code == 0
    as_of = knowledge.load().meta.as_of.isoformat()
    assert (
        "Prepared for Falcon Flights, 1 December 2026. Valid until 31 December 2026; "
        f"facts as of {as_of}." in dated
    )
    _, today, _ = invoke(*FALCON, "--format", "json", "--date", "today")
    assert json.loads(today)["date"] == date.today().isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--date", "tomorrow"), "--date: expected YYYY-MM-DD or 'today', got 'tomorrow'"),
        (("--fragment",), "--fragment applies to --format html only"),
        (("--sender-mps", "-1"), "--sender-mps: expected a number > 0, got -1"),
        (("--body-file", "x.txt"), "give --body or --body-file, not both"),
    ],
)
def test_bad_input_is_one_line(args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke(*FALCON, *args)
    assert (code, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "falcon.html"
    code, out, _ = invoke(*FALCON, "--format", "html", "-o", str(target))
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- Goldens: every format -----------------------------------------------------------------------

GOLDEN_FORMATS = {
    "txt": ("--format", "table"),
    "md": ("--format", "markdown"),
    "html": ("--format", "html"),
    "fragment.html": ("--format", "html", "--fragment"),
    "csv": ("--format", "csv"),
    "json": ("--format", "json"),
}


@pytest.mark.parametrize("suffix", GOLDEN_FORMATS)
def test_golden(suffix: str, golden: Any) -> None:
    code, out, _ = invoke(*FALCON, *GOLDEN_FORMATS[suffix])
    assert code == 0
    golden.check(f"report/falcon-flights.{suffix}", out)


# --- Report files --------------------------------------------------------------------------------


@given(st.text())
def test_a_slug_can_never_leave_the_directory(name: str) -> None:
    made = slug(name)
    assert all(char.isascii() and (char.isalnum() or char == "-") for char in made)
    assert not made.startswith("-")
    assert ".." not in made
    assert "/" not in made
    assert len(made) <= 60


@pytest.mark.parametrize(
    ("customer", "expected"),
    [
        ("Café Lumière", "cafe-lumiere"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("   ", ""),
        ("さくら旅行", ""),
    ],
)
def test_slug(customer: str, expected: str) -> None:
    assert slug(customer) == expected


def test_report_paths_never_clobber(tmp_path: Path) -> None:
    (tmp_path / "acme.html").write_text("older", encoding="utf-8")
    taken: set[str] = set()
    first = report_path(tmp_path, "Acme", 2, ".html", taken)
    second = report_path(tmp_path, "ACME", 3, ".html", taken)
    nameless = report_path(tmp_path, "さくら", 4, ".html", taken)
    assert [first.name, second.name, nameless.name] == ["acme-2.html", "acme-3.html", "row-4.html"]
    assert (tmp_path / "acme.html").read_text(encoding="utf-8") == "older"


def test_batch_writes_one_report_per_row(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    args = ("batch", str(EXAMPLE), "-o", str(tmp_path / "out.csv"), "--report-dir", str(reports))
    code, _, err = invoke(*args, "--report-format", "markdown")
    assert code == 1
    names = sorted(path.name for path in reports.iterdir())
    assert len(names) == 21
    assert "falcon-flights.md" in names
    assert "cafe-lumiere.md" in names
    atlantis = (reports / "atlantis-shipping.md").read_text(encoding="utf-8")
    assert "Line 20 of the intake sheet is invalid: Country: unknown country 'Atlantis'" in atlantis
    falcon = (reports / "falcon-flights.md").read_text(encoding="utf-8")
    assert "# SMS sender proposal for Falcon Flights in United States" in falcon
    assert "advisor: reports written: 21 in" in err
    # A second run writes new files beside the first ones.
    invoke(*args, "--report-format", "markdown")
    assert len(list(reports.iterdir())) == 42
    assert (reports / "falcon-flights.md").read_text(encoding="utf-8") == falcon


def test_a_report_dir_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = str(tmp_path / "o.csv")
    code, _, err = invoke("batch", str(EXAMPLE), "--report-dir", str(blocker), "-o", out)
    assert code == 2
    assert err == f"advisor: error: {blocker}: exists and is not a directory\n"


# --- In a browser --------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_report_prints_on_a4_with_all_its_tables() -> None:
    from browsertools import check_print_layout, find_chromium, headers_of

    from advisor.views.report import report_document

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("chromium is not installed: install it (apt-get install chromium)")
    _, html, _ = invoke(*FALCON, "--format", "html")
    kb = knowledge.load()
    intake = Intake(
        country="US", use_case="transactional", direction="one-way", mps=10,
        daily_volume=20000, lead_time_days=30,
    )  # fmt: skip
    report = build_report(
        kb,
        intake,
        customer="Falcon Flights",
        capacity=CapacityInputs(provider="twilio", concurrency=50, latency_ms=250),
        message=FALCON[FALCON.index("--body") + 1],
    )
    document = report_document(report, kb)
    layout = check_print_layout(html, headers_of(document), chromium)
    assert len(layout.tables) == len(document.tables()) >= 6


@pytest.mark.parametrize(
    ("name", "expected"),
    [("AWS End User Messaging", "aws"), ("Twilio", "twilio"), ("", None), ("any", None)],
)
def test_the_capacity_plan_uses_the_provider_the_recommendation_read(
    name: str, expected: str | None
) -> None:
    # The capacity plan looked the raw --provider up as an id: a name, or '' (the
    # recommendation's "any"), was an internal error (exit 3).
    code, out, err = invoke(*FALCON, "--provider", name, "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["recommendation"]["input"]["provider"] == expected
    assert (data["capacity"]["provider"] or {}).get("id") == expected
