"""Answering the rows of a sheet: every row once, in order, an error never stops the run.

Answers are memoised per distinct combination of the cells that matter (intake sheets
repeat a few profiles); under them, the intake and its recommendation are memoised per
distinct combination of the cells the intake is built from (rows that differ only in
their sample message share one). Every cache is bounded, so memory does not grow with
rows."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from advisor.capacity.planning import CapacityRequest, CapacityResult, plan_request
from advisor.collector import settle, tuned_for_a_run
from advisor.engine import Candidate, Recommendation, engine_for
from advisor.errors import AdvisorError, InputError, shown
from advisor.intake import ANSWER_FIELDS, build_intake
from advisor.knowledge import KnowledgeBase
from advisor.locales import DECIMAL_COMMA, decimal_symbol, example, parse_number
from advisor.render.cells import format_cell

if TYPE_CHECKING:
    from advisor.content.lint import LintResult
    from advisor.content.segments import SegmentCount
    from advisor.vocab import UseCase

from advisor.batch.columns import CAPACITY_COLUMNS, NOT_IN_KEY
from advisor.batch.records import MAX_CELL_CHARS, too_long_cell
from advisor.batch.results import Answer, RowResult, Summary
from advisor.batch.sheet import Sheet

K = TypeVar("K")
V = TypeVar("V")


# --- Evaluating rows -----------------------------------------------------------------------------


class BoundedCache(Generic[K, V]):
    """A dict that forgets its oldest entries beyond ``size``: memory stays flat."""

    def __init__(self, size: int) -> None:
        self.size = size
        #: the entries (never replaced: its lookup may be kept, see RowEvaluator.known)
        self.data: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self.data.get(key)

    def put(self, key: K, value: V) -> V:
        if len(self.data) >= self.size:
            del self.data[next(iter(self.data))]
        self.data[key] = value
        return value


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


class RowEvaluator:
    """Answers for rows of one sheet: memoised per distinct relevant cells."""

    def __init__(
        self,
        kb: KnowledgeBase,
        names: tuple[str, ...],
        labels: Mapping[str, str],
        cache_size: int = 65_536,
        defaults: Mapping[str, str] | None = None,
        locale: str | None = None,
    ) -> None:
        self.kb = kb
        #: how the sheet's numbers are written (see :func:`advisor.locales.parse_number`).
        self.locale = locale
        #: answers that apply to every row whose own cell is blank (from the command line).
        self.defaults = dict(defaults or {})
        #: the canonical column names, in the order of the cells of a key.
        self.names = names
        self.engine = engine_for(kb)
        self.labels = labels
        self._answers: BoundedCache[tuple[str, ...], Answer] = BoundedCache(cache_size)
        #: the answer already found for a key, if any (what :meth:`answer` looks up first):
        #: the cache's own lookup, so a row that repeats one costs no call of ours
        self.known: Callable[[tuple[str, ...]], Answer | None] = self._answers.data.get
        #: the names of the cells an intake is built from (the key of :meth:`_recommend`)
        self._intake_names = tuple(name for name in names if name in ANSWER_FIELDS)
        #: a recommendation, or the message of the error that refused the intake
        self._recommendations: BoundedCache[tuple[str, ...], Recommendation | str] = BoundedCache(
            cache_size
        )
        self._messages: BoundedCache[tuple[str, str, str], tuple[SegmentCount, LintResult]] = (
            BoundedCache(cache_size)
        )

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def answer(self, key: tuple[str, ...]) -> Answer:
        """The answer for a row whose relevant cells (in :attr:`names` order) are ``key``."""
        found = self._answers.get(key)
        if found is None:
            values = dict(zip(self.names, key, strict=True))
            found = self._answers.put(key, self._evaluate(values))
        return found

    def _evaluate(self, values: dict[str, str]) -> Answer:
        try:
            return self._evaluate_checked(values)
        except AdvisorError as error:
            return _error(error.message)

    def _message_facts(
        self, text: str, use_case: UseCase, brand: str
    ) -> tuple[SegmentCount, LintResult]:
        key = (text, use_case.value, brand)
        found = self._messages.get(key)
        if found is None:
            from advisor.content.lint import lint_message
            from advisor.content.segments import count_segments

            count = count_segments(text)
            result = lint_message(text, use_case=use_case, brand=brand or None)
            found = self._messages.put(key, (count, result))
        return found

    def _recommend(self, values: dict[str, str]) -> Recommendation | str:
        """The recommendation for the intake the cells give, or why the intake is refused."""
        key = tuple(values.get(name, "") for name in self._intake_names)
        found = self._recommendations.get(key)
        if found is None:
            try:
                intake = build_intake(values, self.kb, label=self.label, locale=self.locale)
                found = self.engine.recommend(intake)
            except AdvisorError as error:
                found = error.message
            self._recommendations.put(key, found)
        return found

    def _evaluate_checked(self, values: dict[str, str]) -> Answer:
        if self.defaults:
            given = {name: value for name, value in values.items() if value.strip()}
            values = {**self.defaults, **given}
        rec = self._recommend(values)
        if isinstance(rec, str):
            return _error(rec)
        intake = rec.intake
        segments: int | None = None
        encoding: str | None = None
        lint: tuple[str, ...] = ()
        lint_result = None
        message = values.get("sample_message", "")
        if message:
            count, lint_result = self._message_facts(
                message, intake.use_case, values.get("brand", "").strip()
            )
            segments, encoding = count.segments, count.encoding.value
            lint = tuple(f"{f.severity.value} {f.id.value}" for f in lint_result.findings)
        warnings = [warning.text for warning in rec.warnings]
        best = rec.best
        if best is None:
            if rec.conflicts is not None:
                warnings.append(rec.conflicts.summary)
                warnings.extend(relaxation.text for relaxation in rec.conflicts.relaxations)
            return Answer(
                "no_fit",
                segments=segments,
                encoding=encoding,
                warnings=_unique(warnings),
                lint=lint,
                recommendation=rec,
                message=lint_result,
            )
        warnings.extend(c.text for c in best.caveats if c.severity == "warning")
        capacity, capacity_warnings = self._capacity(values, rec, best, segments or 1)
        warnings.extend(capacity_warnings)
        return Answer(
            "ok",
            recommended_sender=best.sender.value,
            alternatives=tuple(c.sender.value for c in rec.recommendations[1:]),
            lead_time_days=best.lead_time.days("max"),
            segments=segments,
            encoding=encoding,
            drain_seconds=capacity.plan.drain_seconds if capacity else None,
            warnings=_unique(warnings),
            lint=lint,
            recommendation=rec,
            capacity=capacity,
            message=lint_result,
        )

    def _capacity(
        self, values: dict[str, str], rec: Recommendation, best: Candidate, segments: int
    ) -> tuple[CapacityResult | None, list[str]]:
        if not any(values.get(name, "").strip() for name in CAPACITY_COLUMNS):
            return None, []
        number = {
            name: parse_number(
                values.get(name), self.label(name), integer=name in _INTEGERS, locale=self.locale
            )
            for name in CAPACITY_COLUMNS
            if name != "provider"
        }
        messages = number["messages"]
        request = CapacityRequest(
            concurrency=_int(number["concurrency"]),
            latency_ms=number["latency_ms"],
            sender=best.sender,
            country=rec.intake.country,
            provider=rec.intake.provider,
            messages=_int(messages),
            segments=segments,
            validity_seconds=number["validity_seconds"],
            deadline_minutes=number["deadline_minutes"],
            use_case=rec.intake.use_case,
            account_mps=rec.intake.account_mps,
            on=rec.intake.evaluated_on,
            entity=rec.intake.entity,
        )
        try:
            result = plan_request(self.kb, request)
        except InputError as error:
            if "no MPS is known" not in error.message:
                raise
            text = best.attributes.throughput.text
            return None, [f"drain time unknown: the MPS of {best.name} here is not known ({text})"]
        plan = result.plan
        warnings = []
        for outcome in (plan.burst_rejection, plan.queue_rejection, plan.expiry):
            if outcome.occurs and outcome.messages:
                names = ", ".join(e.code for e in outcome.errors or ()) or "error name unknown"
                verb = "expire" if outcome.stage.value == "expired" else "are refused"
                warnings.append(f"{format_cell(outcome.messages)} messages {verb} ({names})")
        if result.scaling is not None:
            warnings.extend(result.scaling.advice)
        return result, warnings


_INTEGERS = frozenset({"concurrency", "messages"})


def _int(value: float | int | None) -> int | None:
    return None if value is None else int(value)


def _error(message: str) -> Answer:
    return Answer("error", error=message)


def evaluate_sheet(
    sheet: Sheet,
    kb: KnowledgeBase,
    summary: Summary,
    defaults: Mapping[str, str] | None = None,
    locale: str | None = None,
) -> Iterator[RowResult]:
    """Every row of the sheet, in order, with the advisor's answer.

    ``defaults`` are answers for every row whose own cell is blank (``--provider``).
    ``locale`` is how the sheet's numbers are written (``--locale``); without it, a
    sheet separated by ``;`` is read with a decimal comma (:func:`sheet_locale`).

    Raises :class:`InputError` at once (before any row is produced) when the
    header has no rows under it.
    """
    rows = _rows(sheet, kb, summary, defaults, locale)
    first = next(rows, None)
    if first is None:
        raise InputError(f"{sheet.label}: the header has no rows under it")
    return itertools.chain((first,), rows)


def sheet_locale(sheet: Sheet, locale: str | None) -> tuple[str | None, str | None]:
    """How the sheet's numbers are read, and what the summary says about it.

    The locale given wins; a sheet separated by ``;`` was written where the decimal
    separator is a comma (Excel uses ``;`` there), so it is read that way; any other
    sheet has no locale (a number whose meaning depends on one is an error).
    """
    if locale is not None:
        return locale, f"numbers read as {locale} writes them ({example(locale)}): the locale given"
    if sheet.format.delimiter != ";":
        return None, None
    return DECIMAL_COMMA, (
        f"numbers read with a decimal comma ({example(DECIMAL_COMMA)}), as sheets separated "
        "by ';' are written; give --locale to read them otherwise"
    )


def output_decimal(sheet: Sheet, locale: str | None) -> str:
    """The decimal separator of the advisor's figures in a CSV of the answers.

    The one the sheet's numbers were read with (:func:`sheet_locale`), so that the
    spreadsheet that wrote the sheet reads the figures as numbers too.
    """
    return decimal_symbol(sheet_locale(sheet, locale)[0])


def _rows(
    sheet: Sheet,
    kb: KnowledgeBase,
    summary: Summary,
    defaults: Mapping[str, str] | None,
    locale: str | None,
) -> Iterator[RowResult]:
    # The columns that decide the answer: the customer's name does not.
    names = tuple(name for name in sheet.fields if name not in NOT_IN_KEY)
    header = sheet.header
    labels = {name: header[index] for name, index in sheet.fields.items()}
    locale, note = sheet_locale(sheet, locale)
    evaluator = RowEvaluator(kb, names, labels, defaults=defaults, locale=locale)
    width = len(header)
    indices = tuple(sheet.fields[name] for name in names)
    pick: Callable[[list[str]], tuple[str, ...]] = operator.itemgetter(*indices)
    summary.notes.extend(sheet.format.notes)
    if note is not None:
        summary.notes.append(note)
    summary.blank_lines += sheet.lines_before
    with tuned_for_a_run():
        yield from _answered(sheet, evaluator, pick, width, summary)


#: rows between two moments the run's collector settles (:func:`advisor.collector.settle`)
SETTLE_ROWS = 10_000


def _answered(
    sheet: Sheet,
    evaluator: RowEvaluator,
    pick: Callable[[list[str]], tuple[str, ...]],
    width: int,
    summary: Summary,
) -> Iterator[RowResult]:
    header = sheet.header
    known, add = evaluator.known, summary.add  # once, not once per row
    make = tuple.__new__  # a result per row: the fastest way to build one
    usual = width > 1  # (a row of one blank cell is a blank line)
    for count, record in enumerate(sheet.records, 1):
        if not count % SETTLE_ROWS:
            settle()
        row = record.cells
        if usual and len(row) == width and record.error is None and not record.big:
            key = pick(row)
            result = make(
                RowResult, (record.line, row, known(key) or evaluator.answer(key), (), None)
            )
            add(result)
            yield result
            continue
        if record.error is None and (not row or (len(row) == 1 and not row[0].strip())):
            summary.blank_lines += 1
            continue
        extra: tuple[str, ...] = ()
        if len(row) < width:
            row = row + [""] * (width - len(row))
        elif len(row) > width:
            extra = tuple(row[width:])
            row = row[:width]
        if record.error is not None:
            answer = _error(record.error)
        elif any(cell.strip() for cell in extra):
            cells = ", ".join(shown(cell) for cell in extra[:5])
            answer = _error(
                f"the row has {width + len(extra)} cells but the header has {width}; "
                f"extra cells: {cells}"
            )
        elif record.big and (long := _long_cell(row)) is not None:
            answer = _error(f"{header[long]}: {too_long_cell(len(row[long]))}")
        else:
            key = pick(row)
            answer = known(key) or evaluator.answer(key)
        result = RowResult(record.line, row, answer, extra)
        add(result)
        yield result


def _long_cell(row: list[str]) -> int | None:
    """The index of the first cell over :data:`MAX_CELL_CHARS`, if any."""
    return next((index for index, cell in enumerate(row) if len(cell) > MAX_CELL_CHARS), None)
