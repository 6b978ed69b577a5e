"""A plan in the outputs of ``batch``: a row's plan columns, its JSON, the ``plans`` array."""

from __future__ import annotations

from advisor.batch.plans import SheetPlans
from advisor.batch.results import RowResult
from advisor.knowledge import KnowledgeBase


def _country(result: RowResult) -> str:
    rec = result.answer.recommendation
    return rec.intake.country if rec is not None else ""


def plan_cells(result: RowResult) -> list[str]:
    """The :data:`~advisor.batch.columns.PLAN_COLUMNS` of a row (blank without a plan)."""
    found = result.plan
    if found is None:
        return ["", "", "", "", ""]
    plan = found.plan
    return [
        found.name,
        found.ready_on(_country(result)),
        plan.ready_on.isoformat() if plan.ready_on is not None else "",
        found.pool_text,
        plan.opt_out.scope or "",
    ]


def plan_record(result: RowResult) -> dict[str, object] | None:
    """A row's ``plan`` in JSON: the plan's number in ``plans`` and the row's share of it."""
    found = result.plan
    if found is None:
        return None
    name, ready_on, plan_ready_on, pool, scope = plan_cells(result)
    return {
        "number": found.number,
        "name": name,
        "ready_on": ready_on or None,
        "plan_ready_on": plan_ready_on or None,
        "pool": pool,
        "opt_out_scope": scope or None,
    }


def plans_json(
    plans: SheetPlans, kb: KnowledgeBase, data: str = "shipped"
) -> list[dict[str, object]]:
    """``batch --format json``'s ``plans``: per plan its number, name, lines, and the plan
    as ``advisor plan --format json`` gives it (without its ``schema_version``)."""
    from advisor.views.cost import cost_json
    from advisor.views.plan import plan_json

    shown_plans = []
    for found in plans.plans:
        cost = cost_json(found.cost) if found.cost is not None else None
        whole = plan_json(found.plan, kb, data=data, cost=cost)
        whole.pop("schema_version", None)
        shown_plans.append(
            {"number": found.number, "name": found.name, "lines": list(found.lines), "plan": whole}
        )
    return shown_plans
