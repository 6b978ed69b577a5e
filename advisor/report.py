"""A one-page proposal for one customer: every answer the advisor has, in one object.

``build_report`` runs the engine on the customer's requirements, plans capacity for the
recommended sender (its MPS from the knowledge base, or a figure the customer was
granted), checks a sample message (segments and lint), and carries the reliability
checklist of the ISV guide. Renderers turn the :class:`Report` into a page
(:mod:`advisor.views.report`); nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from advisor.capacity import facts
from advisor.capacity.numbers import RANGES, in_range, positive
from advisor.capacity.options import OPT_MPS
from advisor.capacity.planning import (
    CapacityRequest,
    CapacityResult,
    plan_request,
    sender_figure,
)
from advisor.engine import Recommendation, recommend
from advisor.errors import InputError
from advisor.intake import Intake
from advisor.knowledge import Checklist, KnowledgeBase
from advisor.vocab import SenderId

if TYPE_CHECKING:
    from advisor.content.lint import LintResult
    from advisor.cost import Cost, PriceSheet, Rates


#: the report's name for the sender's MPS (``--mps`` is the customer's peak throughput there).
OPT_SENDER_MPS = "--sender-mps"


@dataclass(frozen=True, slots=True)
class CapacityInputs:
    """The capacity part of a report request (the sender and country come from the answer)."""

    sender_mps: float | None = None
    concurrency: int | None = None
    latency_ms: float | None = None
    provider: str | None = None
    queue_seconds: float | None = None
    burst_rps: float | None = None
    messages: int | None = None
    validity_seconds: float | None = None
    deadline_minutes: float | None = None


@dataclass(frozen=True, slots=True)
class Report:
    customer: str
    recommendation: Recommendation
    #: the capacity plan of the recommended sender; None when nothing fits.
    capacity: CapacityResult | None
    #: why there is no capacity plan (the sender's MPS is unknown, nothing fits).
    capacity_note: str
    #: what the campaign size stands for ("campaign" or "a day's volume").
    campaign: str
    message: LintResult | None
    checklist: Checklist
    kb_as_of: str
    #: the date printed on the report; None: undated (the output stays byte-identical).
    dated: date | None = None
    #: the monthly cost from a price sheet (``--prices``); None: no price sheet given.
    cost: Cost | None = None


def build_report(
    kb: KnowledgeBase,
    intake: Intake,
    *,
    customer: str = "",
    capacity: CapacityInputs | None = None,
    message: str | None = None,
    brand: str | None = None,
    dated: date | None = None,
) -> Report:
    """Everything the advisor says about one customer's requirements."""
    inputs = capacity or CapacityInputs()
    rec = recommend(intake, kb)
    plan, note, campaign = _capacity(kb, rec, inputs)
    lint = None
    if message is not None:
        if not message:
            raise InputError("--body: the sample message is empty")
        from advisor.content.lint import lint_message

        lint = lint_message(message, use_case=intake.use_case, brand=brand, first_message=True)
    return _assemble(kb, customer, rec, (plan, note, campaign), lint, dated)


def _assemble(
    kb: KnowledgeBase,
    customer: str,
    rec: Recommendation,
    capacity: tuple[CapacityResult | None, str, str],
    message: LintResult | None,
    dated: date | None = None,
) -> Report:
    plan, note, campaign = capacity
    return Report(
        customer=customer.strip(),
        recommendation=rec,
        capacity=plan,
        capacity_note=note,
        campaign=campaign,
        message=message,
        checklist=kb.checklist,
        kb_as_of=kb.meta.as_of.isoformat(),
        dated=dated,
    )


def _capacity(
    kb: KnowledgeBase, rec: Recommendation, inputs: CapacityInputs
) -> tuple[CapacityResult | None, str, str]:
    best = rec.best
    if inputs.sender_mps is not None:
        in_range(OPT_SENDER_MPS, positive(OPT_SENDER_MPS, inputs.sender_mps), RANGES[OPT_MPS])
    if best is None:
        return None, "No sender fits, so there is no capacity plan.", ""
    messages = inputs.messages
    campaign = "campaign"
    if messages is None and rec.intake.daily_volume is not None:
        messages, campaign = rec.intake.daily_volume, "a day's volume"
    request = CapacityRequest(
        concurrency=inputs.concurrency,
        latency_ms=inputs.latency_ms,
        mps=inputs.sender_mps,
        sender=best.sender,
        country=rec.intake.country,
        provider=inputs.provider,
        queue_seconds=inputs.queue_seconds,
        burst_rps=inputs.burst_rps,
        messages=messages,
        validity_seconds=inputs.validity_seconds,
        deadline_minutes=inputs.deadline_minutes,
        use_case=rec.intake.use_case,
        account_mps=rec.intake.account_mps,
        on=rec.intake.evaluated_on,
        entity=rec.intake.entity,
    )
    try:
        return plan_request(kb, request), "", campaign
    except InputError as error:
        if inputs.sender_mps is None and "no MPS is known" in error.message:
            return None, _unknown_mps_note(kb, best.name, best.sender, request), campaign
        raise


def _unknown_mps_note(
    kb: KnowledgeBase, name: str, sender: SenderId, request: CapacityRequest
) -> str:
    """Why the plan has no MPS: not published, or only another provider's figure."""
    context = facts.context(request.on, request.provider, request.entity)
    figure = sender_figure(kb, sender, request.country or "", context)
    text = figure.throughput.text
    if figure.borrowed_from is not None and context.provider is not None:
        provider = kb.providers[context.provider].name
        return (
            f"{provider}'s MPS for {name} here is not in the knowledge base (the only figure "
            f"is {figure.borrowed_from}'s): ask {provider}, then plan with --sender-mps."
        )
    return (
        f"The MPS of {name} here is not published ({text}): ask the provider, "
        "then plan with --sender-mps."
    )


__all__ = ["CapacityInputs", "Report", "build_report", "report_for_answer", "with_cost"]


def with_cost(report: Report, sheet: PriceSheet, rates: Rates | None = None) -> Report:
    """The report with the monthly cost of its sender, from ``sheet``.

    Segments per message are the sample message's (``--body``), else 1 assumed.
    """
    from dataclasses import replace

    from advisor.cost.estimate import CostInput, Rates, estimate

    rec = report.recommendation
    segments, origin = 1, "assumed"
    if report.message is not None:
        segments, origin = report.message.count.segments, "--body"
    item = CostInput(
        country=rec.intake.country,
        sender=rec.best.sender if rec.best is not None else None,
        daily_volume=rec.intake.daily_volume,
        segments_per_message=segments,
        segments_from=origin,
    )
    return replace(report, cost=estimate(sheet, [item], rates or Rates()))


def report_for_answer(
    kb: KnowledgeBase,
    customer: str,
    recommendation: Recommendation,
    capacity: CapacityResult | None,
    message: LintResult | None,
) -> Report:
    """A report from what a batch row's answer already holds (its plan, its lint)."""
    planned = (
        (capacity, "", "campaign")
        if capacity is not None
        else _capacity(kb, recommendation, CapacityInputs())
    )
    return _assemble(kb, customer, recommendation, planned, message)
