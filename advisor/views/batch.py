"""A batch run as a Document (terminal table and HTML): the rows and the summary.

CSV, JSON Lines and Markdown stream every original column (see :mod:`advisor.batch`);
the terminal and HTML views keep the columns a reader scans (the customer, the
requirements the advisor read, its answer) and list each row's warnings, lint
findings and errors under the table, by line. The HTML page is streamed: each row and
note is rendered as it comes (:func:`batch_row`, :func:`batch_note`), and the page
around them (:func:`batch_page`) once the summary is complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from advisor.batch import RowResult, Summary
from advisor.batch.plans import CustomerPlan, SheetPlans
from advisor.cost.estimate import cents
from advisor.plan.model import Destination
from advisor.render.model import (
    Align,
    Block,
    BulletList,
    Cell,
    Column,
    Document,
    Heading,
    Kind,
    Paragraph,
    Table,
)

SHOWN = ("customer",)

#: the title of the table of rows, and of the notes under it.
ROWS_TITLE = "Rows, in input order"
NOTES_TITLE = "Notes by row"


def batch_table(fields: dict[str, int], header: Sequence[str], priced: bool = False) -> Table:
    """The table of rows, without its rows (:func:`batch_row` makes each)."""
    shown = [name for name in SHOWN if name in fields]
    columns = (
        Column("line", "Line", Align.RIGHT, Kind.NUMBER),
        *(Column(name, header[fields[name]]) for name in shown),
        Column("country", "Country", kind=Kind.ID),
        Column("use_case", "Use case", kind=Kind.ID),
        Column("status", "Status", kind=Kind.ID),
        Column("recommended_sender", "Sender", kind=Kind.ID),
        Column("lead_time_days", "Lead days", Align.RIGHT, Kind.NUMBER),
        Column("segments", "Segments", Align.RIGHT, Kind.NUMBER),
        Column("drain_seconds", "Drain s", Align.RIGHT, Kind.NUMBER),
        *((Column("monthly_cost", "Monthly cost", Align.RIGHT, Kind.NUMBER),) if priced else ()),
    )
    return Table(columns=columns, rows=(), title=ROWS_TITLE)


def batch_row(result: RowResult, fields: dict[str, int], priced: bool = False) -> tuple[Cell, ...]:
    """One row of :func:`batch_table`."""
    answer = result.answer
    intake = answer.recommendation.intake if answer.recommendation else None
    return (
        result.line,
        *(result.cells[fields[name]] for name in SHOWN if name in fields),
        intake.country if intake else result.cells[fields["country"]],
        intake.use_case.value if intake else result.cells[fields["use_case"]],
        answer.status,
        answer.recommended_sender or "",
        answer.lead_time_days if answer.lead_time_days is not None else "",
        answer.segments if answer.segments is not None else "",
        round(answer.drain_seconds, 1) if answer.drain_seconds is not None else "",
        *((answer.cost_cell or None,) if priced else ()),
    )


def batch_note(result: RowResult, fields: dict[str, int]) -> str | None:
    """What the row's answer says beyond the table (error, alternatives, warnings, lint)."""
    answer = result.answer
    said = [
        *([f"error: {answer.error}"] if answer.error else []),
        *([f"alternatives: {', '.join(answer.alternatives)}"] if answer.alternatives else []),
        *answer.warnings,
        *([f"lint: {', '.join(answer.lint)}"] if answer.lint else []),
    ]
    if not said:
        return None
    named = [result.cells[fields["customer"]]] if "customer" in fields else []
    if result.plan is not None and answer.recommendation is not None:
        named.append(answer.recommendation.intake.country)  # a line may hold several
    who = f" ({', '.join(named)})" if named else ""
    return f"Line {result.line}{who}: " + " | ".join(said)


#: the title of the plans' section (a run with customers of several destinations).
PLANS_TITLE = "Plans: customers with several destinations"


def plan_rows(plans: SheetPlans) -> Iterator[tuple[str | int | float, ...]]:
    """A row per destination of each plan (an xlsx "Plans" sheet), in plan order:
    plan, customer, lines, country, sender, ready on, plan ready on, pool, opt-out scope,
    monthly cost (a number, blank when unknown or not priced) and its currency."""
    for found in plans.plans:
        plan = found.plan
        ready = plan.ready_on.isoformat() if plan.ready_on is not None else ""
        costs = {}
        if found.cost is not None:
            costs = {(c.country, c.sender): c for c in found.cost.destinations}
        for destination in plan.destinations:
            sender = destination.sender
            cost = costs.get((destination.country, sender))
            amount = cost.monthly_cost if cost is not None else None
            currency = cost.price.currency if cost is not None and cost.price is not None else ""
            yield (
                found.number,
                found.customer,
                " ".join(str(line) for line in found.lines),
                destination.country,
                sender.value if sender is not None else "",
                found.ready_on(destination.country),
                ready,
                found.pool_text,
                plan.opt_out.scope or "",
                "" if amount is None else round(float(amount), 2),
                currency if amount is not None else "",
            )


def _destination_cells(found: CustomerPlan, destination: Destination) -> tuple[str, ...]:
    ready = found.plan.ready_on
    return (
        destination.country,
        destination.sender.value if destination.sender is not None else "nothing fits",
        found.ready_on(destination.country),
        ready.isoformat() if ready is not None else "",
    )


def plans_blocks(plans: SheetPlans | None) -> list[Block]:
    """The plans of a run: a table of every destination, then per plan its pool and how
    far a STOP reaches (the terminal table, HTML and the proposal's words)."""
    if not plans:
        return []
    table = Table(
        title="Destinations by plan",
        columns=(
            Column("plan", "Plan"),
            Column("lines", "Lines"),
            Column("country", "Country", kind=Kind.ID),
            Column("sender", "Sender", kind=Kind.ID),
            Column("ready_on", "Ready on", kind=Kind.ID),
            Column("plan_ready_on", "Plan ready on", kind=Kind.ID),
        ),
        rows=tuple(
            (found.name, " ".join(map(str, found.lines)), *_destination_cells(found, d))
            for found in plans.plans
            for d in found.plan.destinations
        ),
    )
    items = []
    for found in plans.plans:
        scope = found.plan.opt_out
        reach = f"opt-out scope {scope.scope.replace('_', ' ')}: " if scope.scope else "opt-out: "
        cost = found.cost
        total = cents(cost.monthly_total) if cost is not None else None
        priced = (
            f" Monthly cost: {total:,.2f} {cost.currency}."
            if cost is not None and total is not None and cost.currency
            else ""
        )
        items.append(f"{found.name}: pool {found.pool_text}; {reach}{scope.text}{priced}")
    return [Heading(PLANS_TITLE, 2), table, BulletList(tuple(items))]


def batch_page(
    label: str,
    summary: Summary,
    table: Table,
    notes: BulletList,
    plans: SheetPlans | None = None,
) -> Document:
    """The page around a table of rows and their notes, once every row is in the summary."""
    return Document(
        title=f"Intake evaluation: {label}",
        blocks=(
            *(Paragraph(line) for line in summary.lines()),
            table,
            Heading(NOTES_TITLE, 2),
            notes,
            *plans_blocks(plans),
        ),
    )


def batch_document(
    label: str,
    fields: dict[str, int],
    results: Iterable[RowResult],
    summary: Summary,
    header: Sequence[str],
    priced: bool = False,
    plans: SheetPlans | None = None,
) -> Document:
    """The whole run as one document (the terminal table: it holds every row)."""
    rows = []
    notes = []
    for result in results:
        rows.append(batch_row(result, fields, priced))
        note = batch_note(result, fields)
        if note is not None:
            notes.append(note)
    empty = batch_table(fields, header, priced)
    table = Table(columns=empty.columns, rows=tuple(rows), title=empty.title)
    return batch_page(label, summary, table, BulletList(tuple(notes)), plans)
