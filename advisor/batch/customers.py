"""Which customers of an intake sheet have several destinations, read in flat memory.

A customer has several destinations when its rows share a ``customer`` value (compared
ignoring case and spaces around it) or when one of its rows lists several countries in
its ``country`` cell. :func:`find_customers` reads the sheet before its rows are
answered (:mod:`~advisor.batch.plans` then plans each customer found): a ``country``
cell that lists countries ambiguously is an :class:`~advisor.errors.InputError` there,
before any output.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from rbloom import Bloom

from advisor.batch.destinations import split_country_cell
from advisor.batch.records import MAX_CELL_CHARS, Record
from advisor.batch.sheet import Sheet
from advisor.errors import shown
from advisor.knowledge import KnowledgeBase

#: the answers a plan has once, so every row of a customer must give the same.
CUSTOMER_LEVEL = ("provider", "entity")
SheetOpener = Callable[[], contextlib.AbstractContextManager[Sheet]]

#: customers the first reading of a sheet tells apart before its filter errs more often
#: than :data:`SEEN_ERROR_RATE` (the filter takes 9.6 MB whatever the sheet's length; an
#: error costs only a second reading of the sheet, never a wrong plan).
SEEN_CAPACITY = 4_000_000
SEEN_ERROR_RATE = 1e-4


@dataclass
class Customer:
    """A customer of the sheet with several destinations, as its rows give it."""

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


def rows_of(sheet: Sheet) -> Iterator[tuple[Record, list[str] | None]]:
    """Each non-blank record, its cells padded to the header (None: an error row)."""
    width = len(sheet.header)
    for record in sheet.records:
        cells = record.cells
        if record.error is None and len(cells) == width and not record.big:  # the usual row
            yield record, cells
            continue
        padded = _padded(record, width)
        if padded != []:
            yield record, padded


def _padded(record: Record, width: int) -> list[str] | None:
    """The cells of a record that is not the usual row, padded to the header: None for
    an error row, ``[]`` for a blank line."""
    cells = record.cells
    if record.error is None and (not cells or (len(cells) == 1 and not cells[0].strip())):
        return []
    if (
        record.error is not None
        or (len(cells) > width and any(cell.strip() for cell in cells[width:]))
        or (record.big and any(len(cell) > MAX_CELL_CHARS for cell in cells))
    ):
        return None
    return (cells + [""] * (width - len(cells)))[:width]


class SeveralDestinations(Exception):
    """A sheet read on the guess that no customer has several destinations belies it."""


def single_destinations(sheet: Sheet) -> Iterator[Record]:
    """The sheet's records, unchanged, on the guess that no customer of it has several
    destinations, so that :func:`find_customers` need not read it first (it would find
    nothing: no plans, no lists, no notes).

    Raises :class:`SeveralDestinations` at the first row that belies the guess: a
    ``country`` cell that may list countries, or a customer seen on an earlier row (or
    one the filter mistakes for such). Whoever guessed then reads the sheet as usual.
    """
    fields = sheet.fields
    return _watched(sheet.records, len(sheet.header), fields["country"], fields.get("customer"))


def _watched(
    records: Iterator[Record], width: int, country: int, who: int | None
) -> Iterator[Record]:
    seen = Bloom(SEEN_CAPACITY, SEEN_ERROR_RATE)
    for record in records:
        cells: list[str] | None = record.cells
        if record.error is not None or len(record.cells) != width or record.big:
            cells = _padded(record, width)
        if cells:  # neither an error row nor a blank line: a row _Scan reads
            cell = cells[country]
            if ";" in cell or "," in cell:
                raise SeveralDestinations(f"line {record.line} may list countries")
            name = "" if who is None else cells[who].strip()
            if name:
                key = _key(name, record.line)
                if key in seen:
                    raise SeveralDestinations(f"line {record.line}: a customer seen before")
                seen.add(key)
        yield record


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
        #: line -> the destinations of a ``country`` cell listing several (as written).
        self.lists: dict[int, tuple[str, ...]] = {}
        #: what the summary says (a customer without a plan, and why).
        self.notes: list[str] = []
        #: customers seen on more than one row (or mistaken for such by the filter)
        self.candidates: set[str] = set()
        #: candidates seen on one row of one country so far: key -> (line, name, level values)
        self.once: dict[str, tuple[int, str, tuple[str, ...]]] = {}
        #: customers with several destinations (several rows, or a list cell)
        self.customers: dict[str, Customer] = {}
        #: customers with a row that cannot be read: key -> why
        self.blocked: dict[str, str] = {}

    def run(self, reopen: SheetOpener) -> Customers:
        """Both passes: this sheet, then (only when needed) the sheet ``reopen`` opens."""
        self.first_pass()
        if self.candidates or self.lists:
            with reopen() as sheet:
                self.second_pass(sheet)
        planned = []
        for key, customer in self.customers.items():
            why = customer.blocked or self.blocked.get(key)
            if why is not None:
                self.notes.append(f"{_named(customer)}: no plan: {why}")
                continue
            planned.append(customer)
        return Customers(self.lists, self.notes, planned)

    def first_pass(self) -> None:
        """Lists of countries, error rows, and the customers seen more than once."""
        who, country, lists = self.who, self.country, self.lists
        seen = Bloom(SEEN_CAPACITY, SEEN_ERROR_RATE)
        for record, cells in rows_of(self.sheet):
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
        who, lists, candidates = self.who, self.lists, self.candidates
        for record, cells in rows_of(sheet):
            if cells is None:
                continue
            line = record.line
            if line in lists or (who is not None and _key(cells[who].strip(), line) in candidates):
                self.row(line, cells)

    def row(self, line: int, cells: list[str]) -> None:
        items = self.lists.get(line)
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
                self.customers[_key("", line)] = Customer("", [line], destinations)
            return
        key = _key(name, line)
        customer = self.customers.get(key)
        if customer is None:
            first = self.once.pop(key, None)
            if first is None and destinations == 1:
                self.once[key] = (line, name, values)  # one row so far: no plan yet
                return
            if first is None:  # a list cell on the customer's first row
                first, customer = (line, name, values), Customer(name)
            else:
                customer = Customer(first[1], [first[0]], 1)
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


def _named(customer: Customer) -> str:
    return shown(customer.name) if customer.name else f"line {customer.lines[0]}"


@dataclass
class Customers:
    """What :func:`find_customers` found."""

    #: line -> the destinations of a ``country`` cell listing several (as written).
    lists: dict[int, tuple[str, ...]]
    #: what the summary says (a customer without a plan, and why).
    notes: list[str]
    #: the customers with several destinations that can be planned, by first row.
    planned: list[Customer]


def find_customers(
    open_sheet: SheetOpener, kb: KnowledgeBase, defaults: Mapping[str, str]
) -> Customers:
    """The customers of the sheet ``open_sheet`` opens that have several destinations
    (``defaults``: the run's answers for a blank cell, ``--provider``)."""
    with open_sheet() as sheet:
        return _Scan(sheet, kb, defaults).run(open_sheet)
