"""``batch --prices``: each row's monthly cost, from its answer and a price sheet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from advisor.batch.results import Answer, RowResult
from advisor.cost.estimate import CostInput, Rates, cents, estimate
from advisor.cost.sheet import PriceSheet

#: priced answers kept (identical rows share one answer, and so one priced answer).
_KEPT = 4096


def priced_answer(answer: Answer, sheet: PriceSheet, rates: Rates) -> Answer:
    """``answer`` with its monthly cost: daily volume x 30 x segments x price + fee.

    Unknown (no sender, no price for it, no daily volume) stays None, never zero.
    Segments are the sample message's, else 1.
    """
    rec = answer.recommendation
    if answer.status != "ok" or rec is None or rec.best is None:
        return answer
    item = CostInput(
        country=rec.intake.country,
        sender=rec.best.sender,
        daily_volume=rec.intake.daily_volume,
        segments_per_message=answer.segments or 1,
        segments_from="sample_message" if answer.segments else "assumed",
    )
    cost = estimate(sheet, [item], rates)
    amount = cents(cost.monthly_total)
    if amount is None or cost.currency is None:
        return answer
    return replace(answer, monthly_cost=(amount, cost.currency))


def with_costs(
    results: Iterator[RowResult], sheet: PriceSheet, rates: Rates
) -> Iterator[RowResult]:
    """Every row, in order, its answer priced (once per distinct answer)."""
    done: dict[int, tuple[Answer, Answer]] = {}
    for result in results:
        answer = result.answer
        found = done.get(id(answer))
        if found is None or found[0] is not answer:
            if len(done) >= _KEPT:
                done.clear()
            found = done[id(answer)] = (answer, priced_answer(answer, sheet, rates))
        yield result._replace(answer=found[1])
