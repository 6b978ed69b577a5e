"""``advisor data audit``: what to review next in the knowledge base."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from kbtools import claim, country, make_kb
from typer.testing import CliRunner

from advisor.cli import app
from advisor.errors import InputError
from advisor.knowledge.audit import audit, parse_span

runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "days"), [("90d", 90), ("6w", 42), ("12m", 365), ("2y", 730), (" 1 M ", 30)]
)
def test_spans(text: str, days: int) -> None:
    assert parse_span(text, "--older-than") == dt.timedelta(days=days)


@pytest.mark.parametrize("text", ["12", "m", "1.5y", "-3d", "12 months", "9" * 9 + "d"])
def test_a_bad_span_is_one_line_naming_the_flag(text: str) -> None:
    with pytest.raises(InputError, match="--older-than: expected a number and a unit"):
        parse_span(text, "--older-than")


def test_audit_lists_unreviewed_stale_single_source_and_upcoming() -> None:
    old = {**claim("yes"), "as_of": "2020-01-01"}
    kb = make_kb(
        countries={
            "AA": country(
                short_code=[old],
                alphanumeric_dynamic=[claim("yes"), claim("no", effective="2027-02-01")],
            ),
            "BB": country("Bland", reviewed=False),
        }
    )
    result = audit(kb, dt.date(2026, 12, 2), dt.timedelta(days=365), dt.timedelta(days=90))
    assert result.unreviewed == ("BB",)
    assert "countries.AA.senders.short_code.available[0]" in {f.path for f in result.stale}
    assert all(f.country != "BB" for f in (*result.stale, *result.single_source))
    assert [f.path for f in result.upcoming] == [
        "countries.AA.senders.alphanumeric_dynamic.available[1]"
    ]
    assert result.upcoming[0].as_of == dt.date(2027, 2, 1)
    later = audit(kb, dt.date(2026, 12, 2), dt.timedelta(days=365), dt.timedelta(days=30))
    assert later.upcoming == ()


def test_audit_of_the_shipped_data_as_json() -> None:
    result = runner.invoke(
        app, ["data", "audit", "--today", "2026-12-02", "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == [
        "schema_version",
        "today",
        "older_than_days",
        "within_days",
        "unreviewed",
        "stale",
        "single_source",
        "upcoming",
    ]
    assert data["unreviewed"] == []  # every shipped country was reviewed by 2026-12-02


def test_audit_refuses_a_bad_flag_in_one_line() -> None:
    result = runner.invoke(app, ["data", "audit", "--older-than", "soon"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "--older-than: expected a number and a unit" in result.stderr


@pytest.mark.parametrize(
    ("today", "older_than", "within"),
    [("9999-12-31", "12m", "90d"), ("0001-01-01", "12m", "90d"), ("2026-12-02", "9999y", "9999y")],
)
def test_an_audit_reaching_past_the_calendar_stops_at_its_ends(
    today: str, older_than: str, within: str
) -> None:
    # today - 12 months, or today + 9999 years, is no date: it was an internal error (exit 3)
    result = runner.invoke(
        app,
        [
            "data",
            "audit",
            "--today",
            today,
            "--older-than",
            older_than,
            "--within",
            within,
            "--format",
            "json",
        ],
        catch_exceptions=False,
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout)["today"] == today
