"""Customers with several destinations in an intake sheet: a plan each (``batch``).

A customer gets a plan when its rows share a ``customer`` value (compared ignoring case
and spaces around it) or when one of its rows lists several countries in its
``country`` cell (:mod:`~advisor.batch.destinations`). The plan is the one ``advisor
plan`` gives: :func:`advisor.plan.build_plan` over the intakes the rows give (each row's
own use case, direction, MPS, volume and lead time apply to its destinations), the
engine's first choice per destination, never re-ranked.

The sheet is read before its rows are answered (:func:`plan_sheet`), so that a bad
cell stops the run before any output: a ``country`` cell that lists countries
ambiguously, or two rows of one customer that disagree on what the plan has once
(:data:`CUSTOMER_LEVEL`: the provider, the entity), are an :class:`InputError` (exit 2).
A customer whose rows cannot make a plan (a row that is an error, one country twice)
gets none, and the summary says why; its rows are answered as always.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.batch.columns import NOT_IN_KEY
from advisor.batch.destinations import is_list, split_country_cell
from advisor.batch.records import MAX_CELL_CHARS, Record
from advisor.batch.results import Answer, RowResult
from advisor.batch.sheet import Sheet
from advisor.errors import InputError, shown
from advisor.knowledge import KnowledgeBase

if TYPE_CHECKING:
    from advisor.cost.estimate import Cost, Rates
    from advisor.cost.sheet import PriceSheet
    from advisor.intake import Intake
    from advisor.plan import Plan

#: the answers a plan has once, so every row of a customer must give the same.
CUSTOMER_LEVEL = ("provider", "entity")

SheetOpener = Callable[[], contextlib.AbstractContextManager[Sheet]]


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
class _Customer:
    name: str
    lines: list[int] = field(default_factory=list)
    destinations: int = 0
    #: (line, value) of the first row, per customer-level answer.
    first: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: why no plan can be made; None: one can.
    blocked: str | None = None


def _key(customer: str, line: int) -> str:
    folded = " ".join(customer.split()).casefold()
    return folded if folded else f"\x00line {line}"


def _rows(sheet: Sheet) -> Iterator[tuple[Record, list[str] | None]]:
    """Each non-blank record, its cells padded to the header (None: an error row)."""
    width = len(sheet.header)
    for record in sheet.records:
        cells = record.cells
        if record.error is None and (not cells or (len(cells) == 1 and not cells[0].strip())):
            continue
        if (
            record.error is not None
            or any(cell.strip() for cell in cells[width:])
            or (record.big and any(len(cell) > MAX_CELL_CHARS for cell in cells))
        ):
            yield record, None
            continue
        yield record, (cells + [""] * (width - len(cells)))[:width]


def _scan(
    sheet: Sheet, kb: KnowledgeBase, defaults: Mapping[str, str]
) -> tuple[SheetPlans, list[_Customer]]:
    """The customers to plan; ambiguous cells and conflicting rows are errors."""
    found = SheetPlans()
    fields = sheet.fields
    country = fields["country"]
    who = fields.get("customer")
    level = {name: fields[name] for name in CUSTOMER_LEVEL if name in fields}
    customers: dict[str, _Customer] = {}
    for record, cells in _rows(sheet):
        line = record.line
        name = "" if who is None or cells is None else cells[who].strip()
        if cells is None:  # an error row: its customer, if named, gets no plan
            raw = record.cells[who].strip() if who is not None and who < len(record.cells) else ""
            if raw:
                known = customers.setdefault(_key(raw, line), _Customer(raw))
                known.blocked = known.blocked or f"line {line} cannot be read"
            continue
        cell = cells[country]
        items: tuple[str, ...] = (cell,)
        if is_list(cell):
            where = f"{sheet.label}: line {line}: {sheet.header[country]}"
            items = split_country_cell(cell, kb, where)
            if len(items) > 1:
                found.lists[line] = items
        key = _key(name, line)
        customer = customers.setdefault(key, _Customer(name))
        customer.lines.append(line)
        customer.destinations += len(items)
        for answer, index in level.items():
            value = cells[index].strip() or defaults.get(answer, "")
            first = customer.first.setdefault(answer, (line, value))
            if first[1].casefold() != value.casefold():
                column = sheet.header[index]
                raise InputError(
                    f"{sheet.label}: line {line}: {column}: {shown(value or '(blank)')} but "
                    f"line {first[0]} of the same customer {shown(name)} gives "
                    f"{shown(first[1] or '(blank)')}; expected one {answer} per customer "
                    "(a plan has one), or another customer name"
                )
    planned = []
    for customer in customers.values():
        if customer.destinations < 2:
            continue
        if customer.blocked is not None:
            found.notes.append(f"{_named(customer)}: no plan: {customer.blocked}")
            continue
        planned.append(customer)
    return found, planned


def _named(customer: _Customer) -> str:
    return shown(customer.name) if customer.name else f"line {customer.lines[0]}"


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
    with open_sheet() as sheet:
        found, planned = _scan(sheet, kb, given)
    if not planned:
        return found
    pending = [_Pending(customer.name, customer.lines) for customer in planned]
    by_line = {line: group for group in pending for line in group.lines}
    with open_sheet() as sheet:
        names = tuple(name for name in sheet.fields if name not in NOT_IN_KEY)
        labels = {name: sheet.header[index] for name, index in sheet.fields.items()}
        number_locale = sheet_locale(sheet, locale)[0]
        evaluator = RowEvaluator(kb, names, labels, defaults=given, locale=number_locale)
        pick = operator.itemgetter(*(sheet.fields[name] for name in names))
        country = sheet.fields["country"]
        message = sheet.fields.get("sample_message")
        for record, cells in _rows(sheet):
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
    lists = plans.lists
    for record in records:
        items = lists.get(record.line) if lists else None
        if items is None:
            yield record
            continue
        for item in items:
            cells = list(record.cells)
            cells[country] = item
            yield record._replace(cells=cells)


def with_plans(results: Iterator[RowResult], plans: SheetPlans) -> Iterator[RowResult]:
    """Every row, in order, with the plan of its customer (if it has one)."""
    by_line = plans.by_line
    for result in results:
        plan = by_line.get(result.line)
        yield result if plan is None else result._replace(plan=plan)


# --- The plans in the outputs ---------------------------------------------------------------------


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
