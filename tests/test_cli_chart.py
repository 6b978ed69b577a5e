"""``advisor capacity``'s queue chart as users get it: JSON ``timeline``, and the chart in
the table, Markdown and HTML outputs (in-process and as a real process)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from clitools import invoke, run

#: Bandwidth's worked example: 5 MPS, the 15-minute queue, 20,000 messages.
BANDWIDTH = (
    "capacity", "--provider", "bandwidth", "--account-mps", "5", "--queue-seconds", "900",
    "--messages", "20000",
)  # fmt: skip

#: the keys of ``capacity --format json`` before the timeline, in order: a contract.
KEYS = [
    "mps",
    "sender_mps",
    "mps_origin",
    "missing_inputs",
    "segments_per_message",
    "provider",
    "api_requests_per_second",
    "ingress_messages_per_second",
    "egress_segments_per_second",
    "egress_messages_per_second",
    "bottleneck",
    "queue_depth_segments",
    "queue_fill_seconds",
    "peak_queue_segments",
    "max_wait_seconds",
    "submission_seconds",
    "drain_seconds",
    "rejections",
    "expiry",
    "rejected_messages",
    "expired_messages",
    "sent_messages",
    "throttling_needed",
    "throttle_messages_per_second",
    "workers",
    "lossless_max_messages_per_second",
    "api_concurrency_errors",
    "deadline",
    "scaling",
    "pacing",
    "notes",
    "sources",
    "input",
]
SVG = "{http://www.w3.org/2000/svg}"
POINT = ["seconds", "submitted_messages", "queued_segments", "sent_segments", "expired_messages"]


def capacity_json(*args: str) -> dict[str, Any]:
    code, out, err = invoke(*args, "--format", "json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def test_the_json_keeps_its_keys_and_adds_the_timeline_last() -> None:
    data = capacity_json(*BANDWIDTH)
    assert list(data) == ["schema_version", *KEYS, "timeline"]
    assert all(list(point) == POINT for point in data["timeline"])


def test_bandwidths_example_peaks_at_4500_segments_in_the_json() -> None:
    data = capacity_json(*BANDWIDTH)
    timeline = data["timeline"]
    assert max(point["queued_segments"] for point in timeline) == 4_500
    assert data["peak_queue_segments"] == 4_500
    assert timeline == [
        {
            "seconds": 0.0,
            "submitted_messages": 0.0,
            "queued_segments": 0.0,
            "sent_segments": 0.0,
            "expired_messages": 0.0,
        },
        {  # the queue is full: 4,500 / (15 - 5)
            "seconds": 450.0,
            "submitted_messages": 6750.0,
            "queued_segments": 4500.0,
            "sent_segments": 2250.0,
            "expired_messages": 0.0,
        },
        {  # the last submission: 20,000 / 15
            "seconds": 1333.333,
            "submitted_messages": 20000.0,
            "queued_segments": 4500.0,
            "sent_segments": 6666.667,
            "expired_messages": 0.0,
        },
        {  # the queue is empty: 4,500 / 5 later
            "seconds": 2233.333,
            "submitted_messages": 20000.0,
            "queued_segments": 0.0,
            "sent_segments": 11166.667,
            "expired_messages": 0.0,
        },
    ]
    # what is not sent, queued or expired was refused: the plan's 8,833.3 segments
    last = timeline[-1]
    refused = last["submitted_messages"] - last["sent_segments"]
    assert refused == pytest.approx(data["rejections"]["queue_full"]["segments"], abs=1e-3)


@pytest.mark.parametrize(
    "args",
    [
        ("--concurrency", "50", "--latency-ms", "250", "--mps", "100"),  # a sustained stream
        ("--mps", "100", "--messages", "1000"),  # the submission rate unknown
        ("--concurrency", "50", "--latency-ms", "250", "--messages", "1000"),  # no MPS
        (
            "--provider",
            "aws",
            "--mps",
            "1",
            "--concurrency",
            "50",
            "--latency-ms",
            "250",
            "--messages",
            "1000",
        ),  # something queues, in a queue of unknown length
    ],
)
def test_the_timeline_is_null_when_the_plan_cannot_tell(args: tuple[str, ...]) -> None:
    data = capacity_json("capacity", *args)
    assert data["timeline"] is None
    assert list(data) == ["schema_version", *KEYS, "timeline"]


def test_expiry_shows_in_the_timeline() -> None:
    data = capacity_json(
        "capacity", "--sender", "short_code", "--country", "US", "--provider", "twilio",
        "--concurrency", "100", "--latency-ms", "200", "--messages", "1000000",
        "--validity-seconds", "3600",
    )  # fmt: skip
    timeline = data["timeline"]
    assert [point["seconds"] for point in timeline] == [0, 2_000, 4_500, 5_600]
    assert timeline[-1]["expired_messages"] == data["expiry"]["messages"] == 440_000
    assert data["expiry"]["from_seconds"] == 4_500


def test_the_table_shows_the_text_chart_after_the_queue_table() -> None:
    code, out, err = invoke(*BANDWIDTH)
    assert (code, err) == (0, "")
    drain = out.index("Time to send the campaign (drain)")
    assert drain < out.index("\nThe queue over time, at full speed\n4,500 ┤") < out.index("At full")
    chart = out[out.index("The queue over time") : out.index("At full speed")]
    assert all(len(line) <= 60 for line in chart.splitlines()[1:10])
    assert "╌ Queue limit: 4,500 segments" in chart
    assert "The queue peaks at 4,500 segments after 7 min 30 s" in chart


def test_markdown_shows_the_chart_in_a_code_block() -> None:
    code, out, _ = invoke(*BANDWIDTH, "--format", "markdown")
    assert code == 0
    assert "**The queue over time, at full speed**\n\n```text\n4,500 ┤" in out


def test_html_draws_an_inline_svg() -> None:
    code, out, _ = invoke(*BANDWIDTH, "--deadline-minutes", "60", "--format", "html")
    assert code == 0
    start, end = out.index("<svg"), out.index("</svg>") + len("</svg>")
    svg = ET.fromstring(out[start:end])
    texts = {element.text for element in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Peak: 4,500 segments", "Queue limit: 4,500 segments", "Deadline: 1 h"} <= texts
    assert "<script" not in out


@pytest.mark.parametrize(
    "args",
    [
        ("--mps", "100", "--concurrency", "10", "--latency-ms", "250"),  # the sender keeps up
        ("--mps", "10", "--concurrency", "50", "--latency-ms", "250", "--queue-seconds", "0"),
    ],
    ids=["keeps-up", "no-queue"],
)
def test_nothing_queued_no_chart_but_the_timeline(args: tuple[str, ...]) -> None:
    code, out, _ = invoke("capacity", *args, "--messages", "1000")
    assert code == 0
    assert "Peak queue" in out
    assert "The queue over time" not in out
    timeline = capacity_json("capacity", *args, "--messages", "1000")["timeline"]
    assert len(timeline) >= 2
    assert all(point["queued_segments"] == 0 for point in timeline)


def test_no_campaign_no_chart() -> None:
    code, out, _ = invoke("capacity", "--concurrency", "50", "--latency-ms", "250", "--mps", "100")
    assert code == 0
    assert "The queue over time" not in out


@pytest.mark.slow
def test_a_real_process_writes_the_chart_and_the_timeline() -> None:
    done = run(*BANDWIDTH, "--format", "html")
    assert done.returncode == 0, done.stderr
    page = done.stdout.decode("utf-8")
    assert page.count("<svg") == 1
    assert 'role="img"' in page
    done = run(*BANDWIDTH, "--format", "json")
    assert done.returncode == 0, done.stderr
    timeline = json.loads(done.stdout)["timeline"]
    assert max(point["queued_segments"] for point in timeline) == 4_500
    done = run(*BANDWIDTH)
    assert done.returncode == 0, done.stderr
    assert "4,500 ┤" in done.stdout.decode("utf-8")


# --- The report: its capacity section draws the chart as the capacity page does ----------------

#: a report whose capacity plan is Bandwidth's worked example
REPORT = (
    "report", "--customer", "Falcon Flights", "--country", "US", "--use-case", "transactional",
    "--direction", "one-way", "--provider", "bandwidth", "--account-mps", "5",
    "--queue-seconds", "900", "--messages", "20000",
)  # fmt: skip


def test_the_report_draws_the_chart_under_will_it_keep_up() -> None:
    """The proposal's "Will it keep up?" shows the chart; the appendix does not repeat it."""
    code, out, _ = invoke(*REPORT, "--format", "html")
    assert code == 0
    assert out.count("<svg") == out.count('<figure class="advisor-chart"') == 1
    assert out.index("Will it keep up?") < out.index("<svg") < out.index("Appendix: the detail")
    start, end = out.index("<svg"), out.index("</svg>") + len("</svg>")
    texts = {el.text for el in ET.fromstring(out[start:end]).iter(f"{SVG}text")}
    assert {"Peak: 4,500 segments", "Queue limit: 4,500 segments"} <= texts
    assert "<script" not in out
    code, out, _ = invoke(*REPORT)
    assert code == 0
    assert "\nThe queue over time, at full speed\n4,500 ┤" in out
    data = json.loads(invoke(*REPORT, "--format", "json")[1])
    assert max(point["queued_segments"] for point in data["capacity"]["timeline"]) == 4_500


def test_a_report_without_a_plan_has_no_chart() -> None:
    # a day's volume, but no submission rate (--concurrency, --latency-ms): the plan has
    # its table and cannot follow the campaign over time
    code, out, _ = invoke(
        "report", "--country", "US", "--use-case", "transactional", "--direction", "one-way",
        "--format", "html",
    )  # fmt: skip
    assert code == 0
    assert "Queue and timing" in out
    assert "<svg" not in out


def test_the_report_workbook_says_what_the_chart_shows(tmp_path: Path) -> None:
    """A sheet draws no chart: the Summary sheet holds its words, under its title."""
    from openpyxl import load_workbook

    target = tmp_path / "report.xlsx"
    code, out, err = invoke(*REPORT, "--format", "xlsx", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    book = load_workbook(target, read_only=True)
    summary = [tuple(row) for row in book["Summary"].iter_rows(values_only=True)]
    said = [text for section, text in summary if section == "The queue over time, at full speed"]
    assert len(said) == 1
    assert str(said[0]).startswith("The queue peaks at 4,500 segments after 7 min 30 s")
    book.close()
