"""Extreme but finite numbers: every capacity input has a documented range (issue 14, item 3).

An out-of-range value is a one-line error naming its flag (exit 2), a row error in a
batch, and no inf or NaN ever reaches an output.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from advisor import knowledge
from advisor.capacity import CapacityInput, plan_capacity
from advisor.capacity.numbers import RANGES
from advisor.capacity.planning import CapacityRequest, plan_request
from advisor.errors import InputError

runner = CliRunner()

#: what must never be printed: JSON's and Python's names for the non-finite numbers.
NON_FINITE = re.compile(r"\b(inf|nan|Infinity|NaN)\b", re.IGNORECASE)


def invoke(*args: str) -> tuple[int, str, str]:
    from advisor.cli import app

    result = runner.invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# --- The examples ------------------------------------------------------------------------

EXAMPLES = [
    (
        ("--queue-seconds", "1e308"),
        "--queue-seconds: expected a number from 0 to 604,800 (seconds), got 1e+308",
    ),
    (
        ("--deadline-minutes", "1e-310"),
        "--deadline-minutes: expected a number from 0.01 to 525,600 (minutes), got 1e-310",
    ),
    (
        ("--deadline-minutes", "5e-324"),
        "--deadline-minutes: expected a number from 0.01 to 525,600 (minutes), got 5e-324",
    ),
    (
        ("--concurrency", "1e308", "--latency-ms", "100"),
        "--concurrency: expected a whole number from 1 to 1,000,000 (requests in flight), "
        "got 1e+308",
    ),
    (
        ("--latency-ms", "1e-300", "--concurrency", "5"),
        "--latency-ms: expected a number from 0.1 to 600,000 (milliseconds), got 1e-300",
    ),
    (
        ("--validity-seconds", "1e308"),
        "--validity-seconds: expected a number from 1 to 604,800 (seconds), got 1e+308",
    ),
    (
        ("--burst-rps", "1e308"),
        "--burst-rps: expected a number from 0.01 to 1,000,000 (messages per second), got 1e+308",
    ),
    (
        ("--segments", "100000"),
        "--segments: expected a whole number from 1 to 1,000 (segments per message), got 100000",
    ),
]


@pytest.mark.parametrize(("args", "expected"), EXAMPLES)
def test_capacity_refuses_an_out_of_range_value_in_one_line(
    args: tuple[str, ...], expected: str
) -> None:
    code, out, err = invoke("capacity", "--mps", "10", "--messages", "100", *args)
    assert (code, out) == (2, "")
    assert err == f"advisor: error: {expected}\n"


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--mps", "1e308"), ("--mps", "1e-310"), ("--messages", "1e308")],
)
def test_the_mps_and_the_campaign_have_ranges_too(flag: str, value: str) -> None:
    args = {"--mps": "10", "--messages": "100"}
    args[flag] = value
    code, out, err = invoke("capacity", *(item for pair in args.items() for item in pair))
    assert (code, out) == (2, "")
    assert err.startswith(f"advisor: error: {flag}: expected ")
    assert err.count("\n") == 1


def test_report_refuses_an_out_of_range_capacity_input() -> None:
    code, out, err = invoke(
        "report", "--country", "US", "--use-case", "transactional", "--direction", "one-way",
        "--daily-volume", "20000", "--deadline-minutes", "5e-324", "--format", "json",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("advisor: error: --deadline-minutes: expected a number from 0.01")
    assert err.count("\n") == 1


def test_report_checks_the_granted_sender_mps_against_its_range() -> None:
    code, out, err = invoke(
        "report", "--country", "US", "--use-case", "transactional", "--direction", "one-way",
        "--sender-mps", "1e308",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("advisor: error: --sender-mps: expected a number from 0.01")


def test_the_library_names_the_field_so_a_batch_row_gets_its_own_error() -> None:
    kb = knowledge.load()
    with pytest.raises(InputError, match=r"^--deadline-minutes: expected a number from 0.01"):
        plan_request(kb, CapacityRequest(mps=10, messages=100, deadline_minutes=1e-310))
    with pytest.raises(InputError, match=r"^--concurrency: expected a whole number from 1"):
        plan_request(kb, CapacityRequest(mps=10, concurrency=10**308, latency_ms=100))
    with pytest.raises(InputError, match=r"^--queue-seconds: "):
        plan_request(kb, CapacityRequest(mps=10, queue_seconds=1e308))
    with pytest.raises(InputError, match=r"^--validity-seconds: expected a number from 1 "):
        plan_capacity(
            CapacityInput(concurrency=None, latency_ms=None, mps=10, validity_seconds=1e308)
        )


def test_a_batch_row_out_of_range_is_that_rows_error_only(tmp_path: Path) -> None:
    sheet = tmp_path / "in.csv"
    sheet.write_text(
        "Customer,Country,Use case,Direction,Daily volume,Messages,Deadline minutes\n"
        "Tiny,US,transactional,one-way,1000,1000,5e-324\n"
        "Fine,US,transactional,one-way,1000,1000,60\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("batch", str(sheet), "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [row["status"] for row in rows] == ["error", "ok"]
    assert rows[0]["error"].startswith("--deadline-minutes: expected a number from 0.01")
    assert rows[1]["drain_seconds"] is not None


def test_every_range_is_finite_and_ordered() -> None:
    for option, allowed in RANGES.items():
        assert option.startswith("--")
        assert math.isfinite(allowed.minimum)
        assert math.isfinite(allowed.maximum)
        assert 0 <= allowed.minimum < allowed.maximum <= 1e10
        assert allowed.unit


def test_the_extremes_of_every_range_give_finite_figures() -> None:
    """The largest campaign at the slowest rate, and the other way round: all finite."""
    kb = knowledge.load()
    for mps, latency, messages, deadline in ((0.01, 0.1, 10**10, 0.01), (1e6, 6e5, 10**10, 1)):
        result = plan_request(
            kb,
            CapacityRequest(
                concurrency=1_000_000 if mps > 1 else 1,
                latency_ms=latency,
                mps=mps,
                queue_seconds=604_800,
                messages=messages,
                segments=1000,
                validity_seconds=1,
                deadline_minutes=deadline,
                provider="twilio",
            ),
        )
        from advisor.render.jsonout import render_json
        from advisor.views.capacity import capacity_json

        assert not NON_FINITE.search(render_json(capacity_json(result, kb)))


# --- Properties: valid-but-extreme numbers through the command line ------------------------------


def _number(value: float) -> str:
    return repr(value)


finite = st.floats(allow_nan=False, allow_infinity=False)
#: numbers of every magnitude, from subnormals to 1e308, either sign.
extreme = finite.map(_number) | st.integers(-(10**20), 10**20).map(str)

OPTIONAL_FLAGS = (
    "--concurrency",
    "--latency-ms",
    "--queue-seconds",
    "--burst-rps",
    "--messages",
    "--segments",
    "--validity-seconds",
    "--deadline-minutes",
    "--account-mps",
)


@st.composite
def capacity_args(draw: st.DrawFn) -> list[str]:
    args = ["capacity", "--mps", draw(extreme)]
    for flag in OPTIONAL_FLAGS:
        if draw(st.booleans()):
            value = draw(extreme)
            if flag in ("--concurrency", "--messages", "--segments"):
                value = draw(st.integers(-(10**20), 10**20).map(str) | extreme)
            args += [flag, value]
    args += ["--provider", draw(st.sampled_from(["twilio", "bandwidth", "telnyx", "aws"]))]
    args += ["--format", draw(st.sampled_from(["json", "table", "markdown", "html"]))]
    return args


def _check(args: list[str]) -> None:
    from advisor.cli import app

    result = runner.invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: {result.exception!r}") from result.exception
    assert result.exit_code in (0, 1, 2), (args, result.exit_code)
    assert "Traceback" not in result.stdout + result.stderr
    assert not NON_FINITE.search(result.stdout), (args, result.stdout)
    if result.exit_code == 2:
        assert result.stderr.count("\n") == 1, result.stderr


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(capacity_args())
def test_capacity_never_crashes_on_extreme_numbers(args: list[str]) -> None:
    _check(args)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["--queue-seconds", "--deadline-minutes", "--concurrency", "--latency-ms"]),
    st.floats(min_value=1e-320, max_value=1e308, allow_nan=False, allow_infinity=False),
    st.sampled_from(["json", "table"]),
)
def test_capacity_with_a_campaign_never_crashes(flag: str, value: float, fmt: str) -> None:
    args = ["capacity", "--mps", "100", "--messages", "1000000", "--provider", "twilio"]
    if flag != "--concurrency":
        args += ["--concurrency", "50"]
    if flag != "--latency-ms":
        args += ["--latency-ms", "250"]
    shown = str(int(value)) if flag == "--concurrency" and value.is_integer() else repr(value)
    _check([*args, flag, shown, "--format", fmt])
