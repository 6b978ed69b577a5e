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
once, :data:`CUSTOMER_LEVEL`: the provider, the entity) gets none, and the summary says
why; its rows are answered as always.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rbloom import Bloom

from advisor.batch.columns import NOT_IN_KEY
from advisor.batch.destinations import split_country_cell
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
#: customers the first reading of a sheet tells apart before its filter errs more often
#: than :data:`SEEN_ERROR_RATE` (the filter takes 9.6 MB whatever the sheet's length; an
#: error costs only a second reading of the sheet, never a wrong plan).
SEEN_CAPACITY = 4_000_000
SEEN_ERROR_RATE = 1e-4

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
        if record.error is None:
            if len(cells) == width and not record.big:  # the usual row
                yield record, cells
                continue
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line
        if (
            record.error is not None
            or (len(cells) > width and any(cell.strip() for cell in cells[width:]))
            or (record.big and any(len(cell) > MAX_CELL_CHARS for cell in cells))
        ):
            yield record, None
            continue
        yield record, (cells + [""] * (width - len(cells)))[:width]


class _Scan:
    """The first reading: which customers have several destinations.

    In two passes, so that memory does not grow with the rows: the first notes the
    ``country`` cells that list several countries and, in a Bloom filter of fixed size,
    every customer seen; a customer seen again (or, rarely, one the filter mistakes for
    one seen) is a candidate. Only when there are candidates or lists, the second pass
    follows those customers' rows exactly (:meth:`row`). A sheet of distinct customers
    is read once, whatever its length.
    """

    def __init__(self, sheet: Sheet, kb: KnowledgeBase, defaults: Mapping[str, str]) -> None:
        self.sheet = sheet
        self.kb = kb
        fields = sheet.fields
        self.country = fields["country"]
        self.who = fields.get("customer")
        self.level = tuple((name, fields[name]) for name in CUSTOMER_LEVEL if name in fields)
        self.defaults = tuple(defaults.get(name, "") for name, _ in self.level)
        self.found = SheetPlans()
        #: customers seen on more than one row (or mistaken for such by the filter)
        self.candidates: set[str] = set()
        #: candidates seen on one row of one country so far: key -> (line, name, level values)
        self.once: dict[str, tuple[int, str, tuple[str, ...]]] = {}
        #: customers with several destinations (several rows, or a list cell)
        self.customers: dict[str, _Customer] = {}
        #: customers with a row that cannot be read: key -> why
        self.blocked: dict[str, str] = {}

    def run(self, reopen: SheetOpener) -> tuple[SheetPlans, list[_Customer]]:
        """Both passes: this sheet, then (only when needed) the sheet ``reopen`` opens."""
        self.first_pass()
        if self.candidates or self.found.lists:
            with reopen() as sheet:
                self.second_pass(sheet)
        planned = []
        for key, customer in self.customers.items():
            why = customer.blocked or self.blocked.get(key)
            if why is not None:
                self.found.notes.append(f"{_named(customer)}: no plan: {why}")
                continue
            planned.append(customer)
        return self.found, planned

    def first_pass(self) -> None:
        """Lists of countries, error rows, and the customers seen more than once."""
        who, country, lists = self.who, self.country, self.found.lists
        seen = Bloom(SEEN_CAPACITY, SEEN_ERROR_RATE)
        for record, cells in _rows(self.sheet):
            if cells is None:  # an error row: its customer, if named, gets no plan
                raw = record.cells[who] if who is not None and who < len(record.cells) else ""
                if raw.strip():
                    self.blocked.setdefault(
                        _key(raw, record.line), f"line {record.line} cannot be read"
                    )
                continue
            cell = cells[country]
            if ";" in cell or "," in cell:  # is_list, inline: once per row
                where = f"{self.sheet.label}: line {record.line}: {self.sheet.header[country]}"
                items = split_country_cell(cell, self.kb, where)
                if len(items) > 1:
                    lists[record.line] = items
            name = "" if who is None else cells[who].strip()
            if not name:
                continue
            key = _key(name, record.line)
            if key in seen:
                self.candidates.add(key)
            else:
                seen.add(key)

    def second_pass(self, sheet: Sheet) -> None:
        """The rows of the candidates and the rows with lists, followed exactly."""
        who, lists, candidates = self.who, self.found.lists, self.candidates
        for record, cells in _rows(sheet):
            if cells is None:
                continue
            line = record.line
            if line in lists or (who is not None and _key(cells[who].strip(), line) in candidates):
                self.row(line, cells)

    def row(self, line: int, cells: list[str]) -> None:
        items = self.found.lists.get(line)
        destinations = 1 if items is None else len(items)
        name = "" if self.who is None else cells[self.who].strip()
        values = (
            tuple(
                cells[index].strip() or default
                for (_, index), default in zip(self.level, self.defaults, strict=True)
            )
            if self.level
            else ()
        )
        if not name:  # a row without a customer is a customer of its own
            if destinations > 1:
                self.customers[_key("", line)] = _Customer("", [line], destinations)
            return
        key = _key(name, line)
        customer = self.customers.get(key)
        if customer is None:
            first = self.once.pop(key, None)
            if first is None and destinations == 1:
                self.once[key] = (line, name, values)  # one row so far: no plan yet
                return
            if first is None:  # a list cell on the customer's first row
                first, customer = (line, name, values), _Customer(name)
            else:
                customer = _Customer(first[1], [first[0]], 1)
            answers = (answer for answer, _ in self.level)
            customer.first = {
                answer: (first[0], value) for answer, value in zip(answers, first[2], strict=True)
            }
            self.customers[key] = customer
        customer.lines.append(line)
        customer.destinations += destinations
        for (answer, index), value in zip(self.level, values, strict=True):
            first_line, first_value = customer.first[answer]
            if first_value.casefold() != value.casefold() and customer.blocked is None:
                column = self.sheet.header[index]
                customer.blocked = (
                    f"line {line} gives {column} {shown(value or '(blank)')} but line "
                    f"{first_line} gives {shown(first_value or '(blank)')} (a plan has one "
                    f"{answer}: give the rows other customer names to plan each)"
                )


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
        found, planned = _Scan(sheet, kb, given).run(open_sheet)
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
