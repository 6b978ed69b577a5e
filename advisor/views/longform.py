"""The answers of ``recommend``, ``capacity`` and ``report`` as one tidy table.

A CSV (or a sheet) of them is one rectangular table with the columns ``section, item,
value, unit``: one row per fact, the value typed (a number stays a number) and its unit
beside it, so that a spreadsheet can filter and compute. Items are named as the JSON keys
name them (docs/json.md); the recommendation, the chosen sender, is in section
``recommendation``. A figure the inputs do not determine has an empty value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import Enum

from advisor.capacity import Outcome
from advisor.capacity.planning import CapacityResult
from advisor.content.segments import unit_name
from advisor.engine import Candidate, Recommendation
from advisor.intake import Intake
from advisor.render.model import Align, Cell, Column, Table
from advisor.report import Report

#: one row: section, item, value, unit.
Row = tuple[str, str, Cell, str]

COLUMNS = (
    Column("section", "section"),
    Column("item", "item"),
    Column("value", "value", Align.RIGHT),
    Column("unit", "unit"),
)

#: units, as the column shows them.
SECONDS, SEGMENTS, MESSAGES = "s", "segments", "messages"
SEGMENTS_PER_SECOND, MESSAGES_PER_SECOND = "segments/s", "messages/s"


def long_table(rows: Iterable[Row]) -> Table:
    """Rows as the tidy table (no title: a CSV of it is the header and the rows)."""
    return Table(columns=COLUMNS, rows=tuple(rows))


def _value(value: object) -> Cell:
    """A value as a cell: floats to the thousandth (as the JSON), enums by value, None empty."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str | int | bool):
        return value
    return str(value)


def _row(section: str, item: str, value: object, unit: str = "") -> Row:
    return (section, item, _value(value), unit)


# --- recommend -----------------------------------------------------------------------------------


def requirement_rows(intake: Intake, country_name: str) -> list[Row]:
    section = "requirements"
    rows = [
        _row(section, "country", intake.country),
        _row(section, "country_name", country_name),
        _row(section, "use_case", intake.use_case),
        _row(section, "direction", intake.direction),
        _row(section, "mps", intake.mps, SEGMENTS_PER_SECOND),
        _row(section, "daily_volume", intake.daily_volume, "messages/day"),
        _row(section, "lead_time_days", intake.lead_time_days, "days"),
        _row(section, "go_live", intake.go_live),
        _row(section, "priority", intake.priority),
        _row(section, "voice", intake.voice),
        _row(section, "provider", intake.provider or "any"),
        _row(section, "entity", intake.entity),
        _row(section, "account_mps", intake.account_mps, SEGMENTS_PER_SECOND),
        _row(section, "today", intake.today),
    ]
    return [row for row in rows if row[2] != ""]  # what was not given is not a row


def _candidate_rows(section: str, candidate: Candidate) -> list[Row]:
    throughput = candidate.attributes.throughput
    lead = candidate.lead_time
    return [
        _row(section, "sender", candidate.sender),
        _row(section, "name", candidate.name),
        _row(section, "score", candidate.score, "points"),
        _row(section, "mps", throughput.default_mps, SEGMENTS_PER_SECOND),
        _row(section, "max_mps", throughput.max_mps, SEGMENTS_PER_SECOND),
        _row(section, "mps_text", throughput.text),
        _row(section, "lead_time_days", lead.days("max"), "days"),
        _row(section, "lead_time", lead.text),
        _row(section, "registration", candidate.registration.text),
    ]


def recommendation_rows(rec: Recommendation) -> list[Row]:
    """The answer of ``recommend``: the requirements, the chosen sender, the others, why."""
    rows = requirement_rows(rec.intake, rec.country.name)
    best = rec.best
    if best is None:
        rows.append(_row("recommendation", "sender", ""))
        if rec.conflicts is not None:
            rows.append(_row("conflicts", "summary", rec.conflicts.summary))
            rows.extend(
                _row("conflicts", f"relax for {r.sender.value}", r.text)
                for r in rec.conflicts.relaxations
            )
    else:
        rows.extend(_candidate_rows("recommendation", best))
        rows.extend(_row("reason", reason.rule, reason.text) for reason in best.reasons)
        rows.extend(_row("caveat", caveat.rule, caveat.text) for caveat in best.caveats)
    if rec.tie is not None:
        rows.append(_row("tie", "senders", " ".join(s.value for s in rec.tie.senders)))
        rows.append(_row("tie", "text", rec.tie.text))
    for rank, candidate in enumerate(rec.recommendations[1:], start=2):
        rows.extend(_candidate_rows(f"alternative {rank}", candidate))
    rows.extend(_row("warning", warning.rule, warning.text) for warning in rec.warnings)
    rows.extend(
        _row("excluded", exclusion.sender.value, " ".join(r.text for r in exclusion.reasons))
        for exclusion in rec.excluded
    )
    rows.extend(_row("change", change.on.isoformat(), change.text) for change in rec.changes)
    country = rec.country
    rows.append(_row("country", "reviewed", country.reviewed))
    rows.append(_row("country", "review_date", country.review.date))
    rows.append(_row("knowledge_base", "as_of", rec.kb_as_of))
    return rows


# --- capacity ------------------------------------------------------------------------------------


def _outcome_rows(section: str, name: str, outcome: Outcome) -> list[Row]:
    return [
        _row(section, f"{name}_occurs", outcome.occurs),
        _row(section, f"{name}_from_seconds", outcome.from_seconds, SECONDS),
        _row(section, f"{name}_messages", outcome.messages, MESSAGES),
        _row(section, f"{name}_segments", outcome.segments, SEGMENTS),
    ]


#: the request's fields that are inputs, in the order the JSON's ``input`` lists them.
_INPUTS = (
    "concurrency", "latency_ms", "mps", "sender", "country", "provider", "queue_seconds",
    "burst_rps", "messages", "segments", "validity_seconds", "deadline_minutes", "traffic",
    "use_case", "account_mps", "on",
)  # fmt: skip
#: the unit of each capacity input (the request's fields).
_INPUT_UNITS = {
    "concurrency": "requests",
    "latency_ms": "ms",
    "mps": SEGMENTS_PER_SECOND,
    "queue_seconds": SECONDS,
    "burst_rps": "requests/s",
    "messages": MESSAGES,
    "segments": SEGMENTS,
    "validity_seconds": SECONDS,
    "deadline_minutes": "min",
    "account_mps": SEGMENTS_PER_SECOND,
}


def capacity_rows(result: CapacityResult, prefix: str = "") -> list[Row]:
    """The answer of ``capacity``: inputs, rates, queue, losses at full speed, advice.

    ``prefix`` goes before every section (the report's ``capacity`` sections).
    """
    plan, request = result.plan, result.request

    def row(section: str, item: str, value: object, unit: str = "") -> Row:
        return _row(prefix + section, item, value, unit)

    rows = [
        row("input", name, getattr(request, name), _INPUT_UNITS.get(name, "")) for name in _INPUTS
    ]
    rows = [item for item in rows if item[2] != ""]  # what was not given is not a row
    rows += [
        row("sender", "mps", plan.mps, SEGMENTS_PER_SECOND),
        row("sender", "mps_origin", result.mps_origin),
        row("sender", "segments_per_message", plan.segments_per_message, SEGMENTS),
    ]
    if result.limits is not None:
        limits = result.limits
        rows += [
            row("provider", "id", limits.provider),
            row("provider", "name", result.provider.name if result.provider else ""),
            row("provider", "queue_seconds", limits.queue_seconds, SECONDS),
            row("provider", "queue_known", limits.queue_known),
            row("provider", "queue_scope", limits.queue_scope),
            row("provider", "burst_rps", limits.burst_rps, "requests/s"),
            row("provider", "account_mps", limits.account_mps, SEGMENTS_PER_SECOND),
        ]
    rows += [
        row("rates", "api_requests_per_second", plan.api_requests_per_second, "requests/s"),
        row("rates", "ingress_messages_per_second", plan.ingress_messages_per_second, "messages/s"),
        row("rates", "egress_segments_per_second", plan.egress_segments_per_second, "segments/s"),
        row("rates", "egress_messages_per_second", plan.egress_messages_per_second, "messages/s"),
        row("rates", "bottleneck", plan.bottleneck),
        row("queue", "queue_depth_segments", plan.queue_depth_segments, SEGMENTS),
        row("queue", "queue_fill_seconds", plan.queue_fill_seconds, SECONDS),
        row("queue", "peak_queue_segments", plan.peak_queue_segments, SEGMENTS),
        row("queue", "max_wait_seconds", plan.max_wait_seconds, SECONDS),
        row("queue", "submission_seconds", plan.submission_seconds, SECONDS),
        row("queue", "drain_seconds", plan.drain_seconds, SECONDS),
    ]
    for name, outcome in (
        ("burst_rejection", plan.burst_rejection),
        ("queue_rejection", plan.queue_rejection),
        ("expiry", plan.expiry),
    ):
        rows += _outcome_rows(prefix + "at full speed", name, outcome)
    rows += [
        row("at full speed", "rejected_messages", plan.rejected_messages, MESSAGES),
        row("at full speed", "expired_messages", plan.expired_messages, MESSAGES),
        row("at full speed", "sent_messages", plan.sent_messages, MESSAGES),
        row("advice", "throttling_needed", plan.throttling_needed),
        row(
            "advice",
            "throttle_messages_per_second",
            plan.throttle_messages_per_second,
            MESSAGES_PER_SECOND,
        ),
        row("advice", "workers", plan.workers, "workers"),
        row(
            "advice",
            "lossless_max_messages_per_second",
            plan.lossless_max_messages_per_second,
            MESSAGES_PER_SECOND,
        ),
    ]
    if plan.deadline is not None:
        check = plan.deadline
        rows += [
            row("deadline", "deadline_seconds", check.deadline_seconds, SECONDS),
            row("deadline", "required_mps", check.required_mps, SEGMENTS_PER_SECOND),
            row("deadline", "required_mps_whole", check.required_mps_whole, SEGMENTS_PER_SECOND),
            row("deadline", "mps_meets_deadline", check.mps_meets_deadline),
            row("deadline", "required_concurrency", check.required_concurrency, "requests"),
            row("deadline", "deadline_met", check.deadline_met),
        ]
    if result.scaling is not None:
        rows.append(row("scaling", "senders_needed", result.scaling.senders_needed, "senders"))
        rows += [row("scaling", "advice", text) for text in result.scaling.advice]
    if plan.pacing is not None:
        rows.append(row("pacing", "strategy", plan.pacing.strategy))
        rows.append(row("pacing", "reason", plan.pacing.reason))
        rows += [row("pacing", "detail", text) for text in plan.pacing.details]
    rows += [row("note", "text", note.text) for note in result.notes]
    return rows


# --- report --------------------------------------------------------------------------------------


def report_rows(report: Report) -> list[Row]:
    """The one-page report: who and when, the recommendation, capacity, message, checklist."""
    rows = [_row("report", "customer", report.customer), _row("report", "date", report.dated)]
    rows = [row for row in rows if row[2] != ""]
    rows += recommendation_rows(report.recommendation)
    best = report.recommendation.best
    if best is not None:
        registration = best.registration
        steps = registration.steps or (registration.text,)
        rows += [_row("getting live", "step", step) for step in steps]
    if report.capacity is not None:
        if report.campaign:
            rows.append(_row("capacity", "campaign", report.campaign))
        rows += capacity_rows(report.capacity, prefix="capacity ")
    elif report.capacity_note:
        rows.append(_row("capacity", "note", report.capacity_note))
    lint = report.message
    if lint is not None:
        count = lint.count
        rows += [
            _row("message", "text", lint.text),
            _row("message", "encoding", count.encoding),
            _row("message", "segments", count.segments, SEGMENTS),
            _row("message", "units", count.units, unit_name(count.encoding, count.units)),
        ]
        rows += [
            _row("message check", f"{finding.severity.value} {finding.id.value}", finding.message)
            for finding in lint.findings
        ]
    checklist = report.checklist
    rows += [_row("checklist", item.id, item.text) for item in checklist.items]
    rows.append(_row("checklist", "error_rate_max_percent", checklist.error_rate_max_percent, "%"))
    rows.append(
        _row("checklist", "opt_out_rate_max_percent", checklist.opt_out_rate_max_percent, "%")
    )
    return rows
