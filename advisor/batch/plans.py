"""Customers with several destinations in an intake sheet: a plan each (``batch``).

A customer gets a plan when its rows share a ``customer`` value (compared ignoring case
and spaces around it) or when one of its rows lists several countries in its
``country`` cell (:mod:`~advisor.batch.destinations`). The plan is the one ``advisor
plan`` gives: :func:`advisor.plan.build_plan` over the intakes the rows give (each row's
own use case, direction, MPS, volume and lead time apply to its destinations), the
engine's first choice per destination, never re-ranked.

The sheet is read before its rows are answered (:func:`plan_sheet`), so that a bad
cell stops the run before any output: a ``country`` cell that lists countries
ambiguously is an :class:`InputError` (exit 2). A customer whose rows cannot make a plan
(a row that is an error, one country twice, two rows that disagree on what a plan has
once, :data:`~advisor.batch.customers.CUSTOMER_LEVEL`: the provider, the entity) gets
none, and the summary says why; its rows are answered as always.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.batch.columns import NOT_IN_KEY
from advisor.batch.customers import SheetOpener, find_customers, rows_of
from advisor.batch.records import Record
from advisor.batch.results import Answer, RowResult
from advisor.errors import InputError, shown
from advisor.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from advisor.cost.estimate import Cost, Rates
    from advisor.cost.sheet import PriceSheet
    from advisor.intake import Intake
    from advisor.plan import Plan


@dataclass(frozen=True, slots=True)
class CustomerPlan:
    """The plan of one customer of a sheet."""

    #: 1, 2, ... in the order of the customers' first rows.
    number: int
    #: the customer as its first row writes it; empty for a row without one.
    customer: str
    #: the lines of the sheet whose destinations the plan covers, in order.
    lines: tuple[int, ...]
    plan: Plan
    #: the monthly cost (``--prices``); None when not priced.
    cost: Cost | None = None
    #: why the plan has no cost when it was priced (mixed currencies, say).
    cost_note: str | None = None

    @property
    def name(self) -> str:
        """What the outputs call the plan: the customer, else the row it is on."""
        return self.customer or f"line {self.lines[0]}"

    def ready_on(self, country: str) -> str:
        """The go-live day of one destination (``YYYY-MM-DD``), empty when unknown."""
        for destination in self.plan.destinations:
            if destination.country == country and destination.go_live.ready_on is not None:
                return destination.go_live.ready_on.isoformat()
        return ""

    @property
    def pool_text(self) -> str:
        """The pool in a cell: ``Messaging Service (twilio): US short_code, CA toll_free``."""
        pool = self.plan.pool
        senders = ", ".join(f"{s.country} {s.sender.value}" for s in pool.senders)
        if pool.name and pool.provider:
            return f"{pool.name} ({pool.provider}): {senders}"
        return senders


@dataclass
class SheetPlans:
    """What :func:`plan_sheet` found: the plans, and which lines they cover."""

    plans: list[CustomerPlan] = field(default_factory=list)
    #: line -> the plan of the customer on it.
    by_line: dict[int, CustomerPlan] = field(default_factory=dict)
    #: line -> the destinations of a ``country`` cell listing several (as written).
    lists: dict[int, tuple[str, ...]] = field(default_factory=dict)
    #: what the summary says (a customer without a plan, and why).
    notes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.plans)


@dataclass
class _Pending:
    """A customer's destinations, as the rows are answered."""

    customer: str
    lines: list[int]
    intakes: list[Intake] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    messages: list[tuple[str | None, str]] = field(default_factory=list)
    countries: dict[str, int] = field(default_factory=dict)
    blocked: str | None = None


def plan_sheet(
    open_sheet: SheetOpener,
    kb: KnowledgeBase,
    defaults: Mapping[str, str] | None = None,
    locale: str | None = None,
    prices: tuple[PriceSheet, Rates] | None = None,
) -> SheetPlans:
    """The plans of a sheet's customers with several destinations.

    ``open_sheet`` opens the sheet anew (it is read once to find the customers, and
    once more, only when there are some, to answer their rows); ``defaults`` and
    ``locale`` are the run's (``--provider``, ``--locale``), ``prices`` its price sheet
    and rates (``--prices``).
    """
    from advisor.batch.rows import RowEvaluator, sheet_locale

    given = dict(defaults or {})
    customers = find_customers(open_sheet, kb, given)
    found = SheetPlans(lists=customers.lists, notes=customers.notes)
    if not customers.planned:
        return found
    pending = [_Pending(customer.name, customer.lines) for customer in customers.planned]
    by_line = {line: group for group in pending for line in group.lines}
    with open_sheet() as sheet:
        names = tuple(name for name in sheet.fields if name not in NOT_IN_KEY)
        labels = {name: sheet.header[index] for name, index in sheet.fields.items()}
        number_locale = sheet_locale(sheet, locale)[0]
        evaluator = RowEvaluator(kb, names, labels, defaults=given, locale=number_locale)
        pick = operator.itemgetter(*(sheet.fields[name] for name in names))
        country = sheet.fields["country"]
        message = sheet.fields.get("sample_message")
        for record, cells in rows_of(sheet):
            group = by_line.get(record.line)
            if group is None or cells is None or group.blocked is not None:
                continue
            for item in found.lists.get(record.line, (cells[country],)):
                row = list(cells)
                row[country] = item
                _add(group, record.line, evaluator.answer(pick(row)), row, message, sheet.label)
    plans = _build(kb, pending, found, prices)
    found.by_line = {line: plan for plan in plans for line in plan.lines}
    found.plans = plans
    return found


def _add(
    group: _Pending, line: int, answer: Answer, row: list[str], message: int | None, label: str
) -> None:
    rec = answer.recommendation
    if rec is None:
        group.blocked = f"line {line} is an error ({answer.error})"
        return
    code = rec.intake.country
    if code in group.countries:
        group.blocked = (
            f"lines {group.countries[code]} and {line} both send to {code}; a plan answers "
            "each country once (give them other customer names to plan them apart)"
        )
        return
    group.countries[code] = line
    group.intakes.append(rec.intake)
    group.origins.append(f"{label}: line {line}")
    text = row[message] if message is not None and row[message].strip() else None
    group.messages.append((text, f"{label}: line {line}"))


def _build(
    kb: KnowledgeBase,
    pending: list[_Pending],
    found: SheetPlans,
    prices: tuple[PriceSheet, Rates] | None,
) -> list[CustomerPlan]:
    from advisor.plan import build_plan

    plans: list[CustomerPlan] = []
    for group in sorted(pending, key=lambda group: group.lines[0]):
        named = shown(group.customer) if group.customer else f"line {group.lines[0]}"
        if group.blocked is not None:
            found.notes.append(f"{named}: no plan: {group.blocked}")
            continue
        plan = build_plan(
            kb,
            group.intakes,
            customer=group.customer,
            provider=group.intakes[0].provider,
            origins=group.origins,
        )
        cost, cost_note = None, None
        if prices is not None:
            from advisor.plan.costing import plan_cost

            try:
                cost = plan_cost(plan, prices[0], group.messages, prices[1])
            except InputError as error:
                cost_note = error.message
                found.notes.append(f"{named}: the plan has no cost: {error.message}")
        plans.append(
            CustomerPlan(len(plans) + 1, group.customer, tuple(group.lines), plan, cost, cost_note)
        )
    if plans:
        found.notes.append(
            f"plans: {len(plans)} customer{'s' if len(plans) > 1 else ''} with several "
            "destinations, each planned as `advisor plan` plans it"
        )
    if found.lists:
        extra = sum(len(items) - 1 for items in found.lists.values())
        found.notes.append(
            f"{len(found.lists)} row{'s list' if len(found.lists) > 1 else ' lists'} several "
            f"countries: a result row per destination ({extra} more result rows, each with "
            "its input line)"
        )
    return plans


def expand_records(records: Iterator[Record], plans: SheetPlans, country: int) -> Iterator[Record]:
    """The records of a sheet, a row listing several countries once per country, in order."""
    if not plans.lists:
        return records  # nothing to expand: no layer in the way of every row
    return _expanded(records, plans.lists, country)


def _expanded(
    records: Iterator[Record], lists: dict[int, tuple[str, ...]], country: int
) -> Iterator[Record]:
    for record in records:
        items = lists.get(record.line)
        if items is None:
            yield record
            continue
        for item in items:
            cells = list(record.cells)
            cells[country] = item
            yield record._replace(cells=cells)


def with_plans(results: Iterator[RowResult], plans: SheetPlans) -> Iterator[RowResult]:
    """Every row, in order, with the plan of its customer (if it has one)."""
    if not plans.by_line:
        return results
    return _planned(results, plans.by_line)


def _planned(results: Iterator[RowResult], by_line: dict[int, CustomerPlan]) -> Iterator[RowResult]:
    for result in results:
        plan = by_line.get(result.line)
        yield result if plan is None else result._replace(plan=plan)
