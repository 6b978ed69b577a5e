"""A report file per row of a sheet (``advisor batch --report-dir``).

Each file is new, named after the customer, claimed exclusively and written
atomically: a name that exists, that a concurrent run claims first, or a symlink,
is never written through. This module renders documents, so it is imported on its
own, not with the rest of :mod:`advisor.batch`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

from advisor.batch.plans import CustomerPlan
from advisor.batch.results import RowResult, Summary
from advisor.errors import InputError
from advisor.knowledge import KnowledgeBase
from advisor.report import report_for_answer
from advisor.vocab import OutputFormat

#: names Windows keeps for devices, whatever the extension (``con.html`` is the console).
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{digit}" for digit in range(10)}
    | {f"lpt{digit}" for digit in range(10)}
)


def slug(name: str) -> str:
    """A file-name-safe form of a customer name: ASCII letters, digits and hyphens only.

    Nothing in it can climb out of a directory (no separators, no dots at all) or be
    a device name (``con`` becomes ``con-customer``: Windows reserves ``con.html``);
    an empty result is the caller's to replace.
    """
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    )
    made = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60].strip("-")
    return f"{made}-customer" if made in WINDOWS_DEVICES else made


def report_names(customer: str, line: int, suffix: str, taken: set[str]) -> Iterator[str]:
    """File names for a customer's report, best first: ``name.html``, ``name-2.html``, ...

    Names in ``taken`` (used earlier in this run) are skipped; a name that exists on
    disk is the writer's to skip (it claims a name exclusively, see
    :func:`advisor.fileio.create_new`).
    """
    base = slug(customer) or f"row-{line}"
    candidate = f"{base}{suffix}"
    number = 1
    while True:
        if candidate not in taken:
            yield candidate
        number += 1
        candidate = f"{base}-{number}{suffix}"


def report_path(directory: Path, customer: str, line: int, suffix: str, taken: set[str]) -> Path:
    """The first of :func:`report_names` free in ``directory`` now, added to ``taken``.

    Only a guess under concurrency: :func:`with_reports` claims its names exclusively.
    """
    for name in report_names(customer, line, suffix, taken):
        if not os.path.lexists(directory / name):
            taken.add(name)
            return directory / name
    raise AssertionError("unreachable: report_names never ends")  # pragma: no cover


def ensure_directory(directory: Path) -> Path:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(f"{directory}: exists and is not a directory") from None
    except OSError as error:
        raise InputError(f"{directory}: cannot create: {error.strerror or error}") from None
    return directory


#: report file suffixes by output format
SUFFIXES = {"html": ".html", "markdown": ".md", "table": ".txt", "csv": ".csv", "json": ".json"}


def with_reports(
    results: Iterator[RowResult],
    directory: Path,
    fmt: OutputFormat,
    kb: KnowledgeBase,
    fields: Mapping[str, int],
    summary: Summary,
) -> Iterator[RowResult]:
    """Pass rows through, writing one report per row into ``directory`` as they go by.

    A customer with a plan (several destinations) gets one proposal covering every
    destination instead, written when its first row goes by
    (:func:`advisor.views.plan_proposal.build_plan_proposal`). Each file is new,
    written atomically and named after the customer (see :func:`report_names`): a
    name that exists, or that a concurrent run claims first, or a symlink, is never
    written through; the next free name is used. An
    invalid row gets a page saying what is wrong with it.
    """
    from advisor.fileio import create_new
    from advisor.render.jsonout import render_json
    from advisor.render.output import render
    from advisor.schemas import versioned
    from advisor.views.report import report_json, report_page, row_error_document

    ensure_directory(directory)
    suffix = SUFFIXES[fmt.value]
    taken: set[str] = set()
    index = fields.get("customer")
    written = 0
    planned: set[int] = set()
    for result in results:
        customer = result.cells[index] if index is not None else ""
        answer = result.answer
        if result.plan is not None:
            if result.plan.number not in planned:
                planned.add(result.plan.number)
                text = plan_report(result.plan, kb, fmt)
                names = report_names(result.plan.name, result.plan.lines[0], suffix, taken)
                taken.add(create_new(directory, names, text).name)
                written += 1
            yield result
            continue
        if answer.recommendation is None:
            error = answer.error or ""
            if fmt is OutputFormat.JSON:
                error_json = {"line": result.line, "customer": customer, "error": error}
                text = render_json(versioned(error_json))
            else:
                text = render(row_error_document(result.line, customer, error), fmt)
        else:
            report = report_for_answer(
                kb, customer, answer.recommendation, answer.capacity, answer.message
            )
            if fmt is OutputFormat.JSON:
                text = render_json(versioned(report_json(report, kb)))
            else:
                text = report_page(report, kb, fmt)
        names = report_names(customer, result.line, suffix, taken)
        taken.add(create_new(directory, names, text).name)
        written += 1
        yield result
    summary.notes.append(f"reports written: {written} in {directory}")


def plan_report(found: CustomerPlan, kb: KnowledgeBase, fmt: OutputFormat) -> str:
    """The proposal of a customer with several destinations, as text in ``fmt``."""
    from advisor.views.plan_proposal import build_plan_proposal
    from advisor.views.proposal import proposal_document

    if fmt is OutputFormat.JSON:
        from advisor.render.jsonout import render_json
        from advisor.views.cost import cost_json
        from advisor.views.plan import plan_json

        cost = cost_json(found.cost) if found.cost is not None else None
        return render_json(plan_json(found.plan, kb, cost=cost))
    proposal = build_plan_proposal(found.plan, kb, cost=found.cost)
    if fmt is OutputFormat.HTML:
        from advisor.render.proposal_html import render_proposal_html

        return render_proposal_html(proposal)
    from advisor.render.output import render

    return render(proposal_document(proposal), fmt)
