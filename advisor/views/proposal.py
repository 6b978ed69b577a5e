"""The proposal a customer receives: the report in the customer's words.

A :class:`Proposal` is the :class:`~advisor.report.Report` arranged for a reader who
is not an engineer: a call-out with the answer, the requirements, why this sender,
a timeline of next steps with calendar dates, whether it keeps up (in durations a
person reads), the sample message, the reliability checklist and the sources as
links. Rule ids, CLI flags and internal ids stay out of it unless ``explain`` is
asked for; the engineer's detail (the full capacity plan, what was ruled out, the
message check, the rule trace) goes in an appendix that can be left out.

:func:`proposal_document` flattens it into the :class:`Document` that every renderer
takes; the HTML template (:mod:`advisor.render.proposal_html`) lays out the
:class:`Proposal` itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from advisor.engine import Candidate, Reason, Recommendation
from advisor.knowledge import KnowledgeBase
from advisor.render.model import Block, BulletList, Column, Document, Heading, Paragraph, Table
from advisor.report import Report
from advisor.views.capacity_chart import capacity_chart
from advisor.views.common import human_duration, long_date, reasons_list, source_links
from advisor.views.cost import cost_blocks

#: how long a proposal stays valid by default, in days: its facts are dated.
VALID_DAYS = 30


@dataclass(frozen=True, slots=True)
class Proposal:
    title: str
    prepared_for: str
    prepared_by: str
    dated: dt.date
    valid_until: dt.date
    kb_as_of: str
    #: the answer at a glance: (label, text) pairs.
    callout: tuple[tuple[str, str], ...]
    #: the proposal's sections up to "Will it keep up?", whose chart follows them.
    body: tuple[Block, ...]
    #: the sections after the chart: the sample message, the reliability checklist.
    closing: tuple[Block, ...]
    #: the appendix (empty when it is turned off).
    appendix: tuple[Block, ...]
    #: the sources behind the facts shown, as links.
    sources: BulletList

    @property
    def subtitle(self) -> str:
        parts = [f"Prepared for {self.prepared_for}"]
        if self.prepared_by:
            parts.append(f"by {self.prepared_by}")
        return (
            " ".join(parts) + f", {long_date(self.dated)}. Valid until "
            f"{long_date(self.valid_until)}; facts as of {self.kb_as_of}."
        )


def _reasons(reasons: Iterable[Reason], explain: bool) -> BulletList:
    return reasons_list(reasons, with_rule=explain)


def _sender_words(candidate: Candidate, explain: bool) -> str:
    return f"{candidate.name} ({candidate.sender.value})" if explain else candidate.name


def _ready(report: Report, candidate: Candidate) -> tuple[dt.date | None, dt.date | None]:
    """The earliest and latest day the sender can be live, counted from today."""
    today = report.recommendation.intake.today
    least, most = candidate.lead_time.days("min"), candidate.lead_time.days("max")
    first = None if least is None else today + dt.timedelta(days=int(least))
    last = None if most is None else today + dt.timedelta(days=int(most))
    return first, last


def _go_live_text(report: Report, candidate: Candidate) -> str:
    intake = report.recommendation.intake
    _, last = _ready(report, candidate)
    ready = (
        f"ready by {long_date(last)}, after {candidate.lead_time.text}"
        if last is not None
        else f"ready after {candidate.lead_time.text}"
    )
    if intake.go_live is None:
        return ready[0].upper() + ready[1:]
    return f"{long_date(intake.go_live)}; the sender is {ready}"


def throughput_text(report: Report) -> str:
    plan = report.capacity.plan if report.capacity else None
    if plan is None or plan.egress_messages_per_second is None:
        best = report.recommendation.best
        return best.attributes.throughput.text if best else ""
    rate = _figure(plan.egress_messages_per_second)
    text = f"{rate} messages a second"
    messages = report.capacity.request.messages if report.capacity else None
    if plan.drain_seconds is not None and messages:
        what = "a day's" if report.campaign == "a day's volume" else "a campaign of"
        text += f": {what} {messages:,} messages sent in {human_duration(plan.drain_seconds)}"
    return text


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"


def _callout(report: Report, explain: bool) -> tuple[tuple[str, str], ...]:
    rec = report.recommendation
    best = rec.best
    if best is None:
        return (("Answer", "No sender fits these requirements as they stand: see below."),)
    sender = _sender_words(best, explain)
    if rec.tie is not None and rec.tie.broken_by is None:
        tied = [c for c in rec.recommendations if c.sender in rec.tie.senders]
        sender = " or ".join(_sender_words(c, explain) for c in tied) + " (a tie)"
    return (
        ("Recommended sender", sender),
        ("Go-live", _go_live_text(report, best)),
        ("Throughput", throughput_text(report)),
    )


def _requirements(report: Report) -> Table:
    intake = report.recommendation.intake
    country = report.recommendation.country
    go_live = ""
    if intake.go_live is not None:
        go_live = f"{long_date(intake.go_live)} (in {intake.lead_time_days} days)"
    rows: list[tuple[str, str | int | float | bool | None]] = [
        ("Country", country.name),
        ("Use case", intake.use_case.value),
        ("Direction", intake.direction.value),
        ("Peak throughput", f"{intake.mps:,g} messages a second" if intake.mps else ""),
        ("Daily volume", f"{intake.daily_volume:,} messages" if intake.daily_volume else ""),
        ("Go-live", go_live),
        ("Priority", intake.priority.value),
        ("Voice on the same number", intake.voice),
    ]
    return Table(
        columns=(Column("what", "Requirement"), Column("value", "Answer")),
        rows=tuple(row for row in rows if row[1] != ""),
        row_headers=True,
    )


def _compared(rec: Recommendation, candidate: Candidate) -> str:
    """How an alternative compares with the recommendation: a tie is said to be one."""
    tie = rec.tie
    if tie is None or candidate.sender not in tie.senders:
        return "a weaker fit"
    if tie.broken_by is None:
        return "equally good (a tie)"
    return f"equally good on the rules; behind on {tie.broken_by}"


def _alternatives(rec: Recommendation, explain: bool) -> Table:
    return Table(
        columns=(
            Column("name", "Sender"),
            Column("fit", "Compared with the recommendation"),
            Column("mps", "Throughput"),
            Column("lead", "Time to go live"),
        ),
        rows=tuple(
            (
                _sender_words(c, explain),
                _compared(rec, c),
                c.attributes.throughput.text,
                c.lead_time.text,
            )
            for c in rec.recommendations[1:]
        ),
    )


def _recommendation(report: Report, explain: bool, appendix: bool) -> list[Block]:
    rec = report.recommendation
    best = rec.best
    if best is None:
        from advisor.views.recommend_document import conflict_blocks

        return conflict_blocks(rec.conflicts) if rec.conflicts else []
    blocks: list[Block] = [Heading("Recommendation", 2)]
    lead = f"{_sender_words(best, explain)}, in {rec.country.name}."
    if rec.tie is not None:
        lead += f" {rec.tie.text}"
    blocks.append(Paragraph(lead))
    if best.reasons:
        blocks += [Heading("Why", 3), _reasons(best.reasons, explain)]
    warnings = [*rec.warnings, *(c for c in best.caveats if c.severity == "warning")]
    if warnings:
        blocks += [Heading("Watch out for", 3), _reasons(warnings, explain)]
    if len(rec.recommendations) > 1:
        blocks += [Heading("Alternatives that also fit", 3), _alternatives(rec, explain)]
    if rec.excluded:
        names = ", ".join(e.name for e in rec.excluded)
        where = " (the appendix says why)" if appendix else ""
        blocks.append(Paragraph(f"Ruled out: {names}{where}."))
    return blocks


def _next_steps(report: Report) -> list[Block]:
    best = report.recommendation.best
    if best is None:
        return []
    today = report.recommendation.intake.today
    registration = best.registration
    rows: list[tuple[str, str]] = [
        (long_date(today), "Confirm the sender and start the registration.")
    ]
    steps = registration.steps or ((registration.text,) if registration.required else ())
    rows.extend(("", f"{step}." if not step.endswith(".") else step) for step in steps)
    first, last = _ready(report, best)
    if last is not None:
        span = (
            long_date(last) if first in (None, last) else f"{long_date(first)} to {long_date(last)}"
        )
        rows.append((span, f"The sender is ready to send, after {best.lead_time.text}."))
    else:
        rows.append(
            ("ask the provider", f"The sender is ready to send, after {best.lead_time.text}.")
        )
    go_live = report.recommendation.intake.go_live
    if go_live is not None:
        rows.append((long_date(go_live), "Go-live."))
    fees = [c.text for c in best.caveats if c.rule == "fees"]
    blocks: list[Block] = [
        Heading("Next steps", 2),
        Table(columns=(Column("when", "When"), Column("step", "Step")), rows=tuple(rows)),
    ]
    if fees:
        blocks.append(Paragraph(" ".join(fees)))
    return blocks


def keeps_up(report: Report) -> list[Block]:
    blocks: list[Block] = [Heading("Will it keep up?", 2)]
    result = report.capacity
    if result is None:
        note = report.capacity_note.replace(", then plan with --sender-mps", "")
        return [*blocks, Paragraph(note)] if note else []
    plan = result.plan
    lines: list[str] = []
    if plan.egress_messages_per_second is not None:
        lines.append(f"The sender sends {throughput_text(report)}.")
    if plan.peak_queue_segments and plan.max_wait_seconds is not None:
        lines.append(
            f"At its peak the provider's queue holds {plan.peak_queue_segments:,.0f} segments; "
            f"the last message waits {human_duration(plan.max_wait_seconds)}."
        )
    if plan.throttling_needed is False:
        lines.append(
            "Sending at full speed loses nothing: the provider's queue absorbs the campaign, "
            "so no throttling is needed."
        )
    elif plan.throttling_needed and plan.throttle_messages_per_second is not None:
        workers = f" with {plan.workers} concurrent workers" if plan.workers else ""
        lost = (plan.rejected_messages or 0) + (plan.expired_messages or 0)
        lines.append(
            f"Pace the sending at {_figure(plan.throttle_messages_per_second)} messages a "
            f"second{workers}: at full speed {lost:,} messages would be refused or expire."
        )
    else:
        lines.append(
            "Whether the provider's queue absorbs the campaign at full speed depends on how "
            "fast your platform submits: tell us its API concurrency and latency."
        )
    if plan.deadline is not None and plan.deadline.deadline_met is not None:
        verdict = "meets" if plan.deadline.deadline_met else "misses"
        lines.append(
            f"The plan {verdict} the deadline of {human_duration(plan.deadline.deadline_seconds)}."
        )
    chart = capacity_chart(result)  # the queue over time; None when nothing queues
    return [*blocks, *(Paragraph(line) for line in lines), *([chart] if chart else [])]


def _message(report: Report, explain: bool) -> list[Block]:
    lint = report.message
    if lint is None:
        return []
    count = lint.count
    segments = "1 segment" if count.segments == 1 else f"{count.segments} segments"
    findings = [f for f in lint.findings if f.severity.value != "info"]
    verdict = "no problems found." if not findings else "change it before sending:"
    blocks: list[Block] = [
        Heading("Sample message", 2),
        Paragraph(lint.text),
        Paragraph(f"{count.encoding.value}, {segments}: {verdict}"),
    ]
    if findings:
        blocks.append(
            BulletList(
                tuple(f"{f.message} ({f.id.value})" if explain else f.message for f in findings)
            )
        )
    return blocks


def _checklist(report: Report) -> list[Block]:
    checklist = report.checklist
    return [
        Heading(checklist.title, 2),
        BulletList(tuple(item.text for item in checklist.items), checklist=True),
    ]


def build_proposal(
    report: Report,
    kb: KnowledgeBase,
    *,
    prepared_by: str = "",
    explain: bool = False,
    appendix: bool = True,
    valid_days: int = VALID_DAYS,
) -> Proposal:
    """The report as a proposal for the customer (see the module's docstring)."""
    from advisor.views.report import appendix_blocks, shown_sources

    rec = report.recommendation
    who = report.customer or "the customer"
    dated = report.dated or rec.intake.today
    body: list[Block] = [
        Heading("Requirements", 2),
        _requirements(report),
        *_recommendation(report, explain, appendix),
        *_next_steps(report),
        *keeps_up(report),
        *(cost_blocks(report.cost) if report.cost is not None else []),
    ]
    closing = [*_message(report, explain), *_checklist(report)]
    extra = appendix_blocks(report, explain=explain) if appendix else []
    return Proposal(
        title=f"SMS sender proposal for {who} in {rec.country.name}",
        prepared_for=who,
        prepared_by=prepared_by,
        dated=dated,
        valid_until=dated + dt.timedelta(days=valid_days),
        kb_as_of=report.kb_as_of,
        callout=_callout(report, explain),
        body=tuple(body),
        closing=tuple(closing),
        appendix=tuple(extra),
        sources=source_links(shown_sources(report, appendix=appendix), kb, rec.intake.provider),
    )


def proposal_document(proposal: Proposal) -> Document:
    """The proposal as a document: the call-out first, the sources and appendix last."""
    callout = BulletList(tuple(f"{label}: {text}" for label, text in proposal.callout))
    blocks: list[Block] = [Heading("In short", 2), callout, *proposal.body, *proposal.closing]
    if proposal.sources.items:
        blocks += [Heading("Sources", 2), proposal.sources]
    if proposal.appendix:
        blocks += [Heading("Appendix: the detail", 2), *proposal.appendix]
    return Document(title=proposal.title, subtitle=proposal.subtitle, blocks=tuple(blocks))
