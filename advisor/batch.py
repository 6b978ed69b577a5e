"""Batch evaluation of customer intake sheets, streamed row by row.

``evaluate_sheet`` reads a CSV intake sheet and yields, for every row in input
order, the row's original cells and the advisor's answer: the recommended sender
and alternatives, lead time, segments and encoding of the sample message, the
campaign's drain time, key warnings, lint findings, and a precise error naming
the column when the row is invalid. A bad row never stops the run.

Reading real files: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode
text"), a Latin-1 fallback with a warning when the bytes are not UTF-8, a
delimiter sniffed from the header line (``,``, ``;``, tab or ``|``), quoted
newlines, blank lines, ragged rows. A file that is not CSV at all (binary,
empty, a header without rows) is a :class:`~advisor.errors.InputError`.

Speed: answers are memoised per distinct combination of the cells that matter
(intake sheets repeat a few profiles), on top of the engine's own memo per
normalised intake; both caches are bounded, so memory does not grow with rows.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from advisor.engine import Candidate, Recommendation, engine_for
from advisor.errors import AdvisorError, InputError, shown
from advisor.fileio import open_seekable
from advisor.intake import build_intake, parse_number
from advisor.knowledge import KnowledgeBase
from advisor.planning import CapacityRequest, CapacityResult, plan_request
from advisor.render.cells import format_cell
from advisor.render.csv_out import FORMULA_TRIGGERS

if TYPE_CHECKING:
    from advisor.lint import LintResult
    from advisor.segments import SegmentCount
    from advisor.vocab import UseCase

K = TypeVar("K")
V = TypeVar("V")

# --- The intake sheet's columns ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    name: str
    description: str
    aliases: tuple[str, ...] = ()
    required: bool = False


#: The columns of an intake sheet, in template order. Headers match ignoring case,
#: spaces and punctuation, and any alias matches too; other columns pass through.
COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("customer", "customer or account name", ("customer name", "company", "account")),
    ColumnSpec(
        "country",
        "destination: ISO code, country name or an E.164 number",
        ("country code", "destination", "destination country", "iso", "iso2"),
        required=True,
    ),
    ColumnSpec(
        "use_case",
        "conversational, transactional, promotional or otp",
        ("usecase", "use case type", "message type", "category"),
        required=True,
    ),
    ColumnSpec("direction", "one-way or two-way", ("way", "one/two-way"), required=True),
    ColumnSpec("mps", "peak segments per second", ("peak mps", "throughput", "peak throughput")),
    ColumnSpec("daily_volume", "messages a day", ("volume", "daily messages", "volume per day")),
    ColumnSpec("lead_time_days", "days until go-live", ("lead time", "days to go live")),
    ColumnSpec("priority", "deliverability or cost", ()),
    ColumnSpec("voice", "voice on the same number: yes or no", ("needs voice", "voice enabled")),
    ColumnSpec("sample_message", "a typical message body", ("sample", "message", "body", "text")),
    ColumnSpec("brand", "brand name the messages must show (lint)", ("brand name",)),
    ColumnSpec("concurrency", "API concurrency limit (requests in flight)", ("api concurrency",)),
    ColumnSpec("latency_ms", "API response time in ms", ("latency", "api latency")),
    ColumnSpec("messages", "campaign size in messages", ("campaign size", "campaign messages")),
    ColumnSpec("validity_seconds", "validity period in seconds", ("validity", "ttl")),
    ColumnSpec("deadline_minutes", "minutes the campaign must finish in", ("deadline",)),
    ColumnSpec(
        "provider",
        "the provider: narrows the answer, and gives its queue (twilio, aws, vonage, ...)",
        (),
    ),
    ColumnSpec(
        "entity",
        "international (a business abroad, the default) or local (registered in the country)",
        ("buyer", "legal entity"),
    ),
    ColumnSpec("go_live", "the go-live day, YYYY-MM-DD (instead of lead_time_days)", ("go live",)),
    ColumnSpec(
        "account_mps", "the account's contracted outbound rate (Bandwidth)", ("account rate",)
    ),
    ColumnSpec("messages_per_minute", "P2P/A2P profile: messages a minute per number", ()),
    ColumnSpec("messages_per_day", "P2P/A2P profile: messages a day per number", ()),
    ColumnSpec("unique_recipients", "P2P/A2P profile: unique recipients per number", ()),
    ColumnSpec(
        "inbound_outbound_ratio", "P2P/A2P profile: inbound per outbound message", ("ratio",)
    ),
)
COLUMN_NAMES = tuple(spec.name for spec in COLUMNS)

#: What the advisor adds to every row, in this order.
ADDED = (
    "status",
    "recommended_sender",
    "alternatives",
    "lead_time_days",
    "segments",
    "encoding",
    "drain_seconds",
    "warnings",
    "lint",
    "error",
)

#: columns that never change the answer, so identical profiles share one.
_NOT_IN_KEY = frozenset({"customer"})

CAPACITY_COLUMNS = (
    "concurrency",
    "latency_ms",
    "messages",
    "validity_seconds",
    "deadline_minutes",
    "provider",
)


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


_HEADER_INDEX: dict[str, str] = {}
for _spec in COLUMNS:
    for _alias in (_spec.name, *_spec.aliases):
        _HEADER_INDEX.setdefault(normalise_header(_alias), _spec.name)


def template() -> str:
    """The header of a ready-to-fill intake sheet (CSV)."""
    return ",".join(COLUMN_NAMES) + "\n"


# --- Reading the file ----------------------------------------------------------------------------

_SNIFF_BYTES = 64 * 1024
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class SheetFormat:
    encoding: str
    delimiter: str
    notes: tuple[str, ...]


def _detect_encoding(handle: IO[bytes], label: str) -> tuple[str, tuple[str, ...]]:
    head = handle.read(_SNIFF_BYTES)
    handle.seek(0)
    if not head.strip():
        raise InputError(f"{label}: the file is empty; expected a CSV intake sheet")
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", ()
    else:
        encoding = "utf-8"
    nul = head.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{label}: not a CSV text file (a NUL byte at byte {nul + 1}); "
            "save the sheet as CSV (UTF-8)"
        )
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    try:
        while chunk := handle.read(_CHUNK):
            decoder.decode(chunk)
            offset += len(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        handle.seek(0)
        where = offset + error.start + 1
        return "latin-1", (
            f"{label}: not UTF-8 (byte {where} is not valid UTF-8); read as Latin-1 — "
            "check accented letters, or save the sheet as CSV UTF-8",
        )
    handle.seek(0)
    return encoding, ()


_DELIMITERS = (",", ";", "\t", "|")


def _sniff_delimiter(first_line: str) -> str:
    """The delimiter of the header line: the candidate that occurs most outside quotes."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {delimiter: outside.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


class _Text:
    """Decoded text over a binary file, counting bytes read for progress."""

    def __init__(self, handle: IO[bytes], encoding: str) -> None:
        self.handle = handle
        self.text = io.TextIOWrapper(handle, encoding=encoding, newline="")

    def position(self) -> int:
        with contextlib.suppress(OSError, ValueError):
            return self.handle.tell()
        return 0


# --- Evaluating rows -----------------------------------------------------------------------------


class BoundedCache(Generic[K, V]):
    """A dict that forgets its oldest entries beyond ``size``: memory stays flat."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self.data.get(key)

    def put(self, key: K, value: V) -> V:
        if len(self.data) >= self.size:
            del self.data[next(iter(self.data))]
        self.data[key] = value
        return value


@dataclass(frozen=True)
class Answer:
    """The advisor's answer for one distinct row (shared by identical rows)."""

    status: str
    recommended_sender: str | None = None
    alternatives: tuple[str, ...] = ()
    lead_time_days: float | None = None
    segments: int | None = None
    encoding: str | None = None
    drain_seconds: float | None = None
    warnings: tuple[str, ...] = ()
    lint: tuple[str, ...] = ()
    error: str | None = None
    recommendation: Recommendation | None = field(default=None, repr=False, compare=False)
    capacity: CapacityResult | None = field(default=None, repr=False, compare=False)
    message: LintResult | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def cells(self) -> tuple[str, ...]:
        """The answer as text cells, in :data:`ADDED` order (computed once per answer)."""
        return (
            self.status,
            self.recommended_sender or "",
            " ".join(self.alternatives),
            "" if self.lead_time_days is None else format_cell(self.lead_time_days),
            "" if self.segments is None else str(self.segments),
            self.encoding or "",
            _seconds(self.drain_seconds),
            "; ".join(self.warnings),
            "; ".join(self.lint),
            self.error or "",
        )

    @functools.cached_property
    def csv_cells(self) -> list[str]:
        """:attr:`cells`, neutralised for CSV (once per answer, not once per row)."""
        return neutralise_cells(list(self.cells))

    def json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "recommended_sender": self.recommended_sender,
            "alternatives": list(self.alternatives),
            "lead_time_days": self.lead_time_days,
            "segments": self.segments,
            "encoding": self.encoding,
            "drain_seconds": None if self.drain_seconds is None else round(self.drain_seconds, 1),
            "warnings": list(self.warnings),
            "lint": list(self.lint),
            "error": self.error,
        }


class RowResult(NamedTuple):
    #: the line of the file where the row starts (1 = the first line).
    line: int
    #: the row's original cells, one per header column.
    cells: list[str]
    answer: Answer
    #: cells beyond the header's width (a ragged row); reported in the error.
    extra: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return self.answer.status


@dataclass
class Summary:
    rows: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    senders: Counter[str] = field(default_factory=Counter)
    blank_lines: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, result: RowResult) -> None:
        """Count one row."""
        self.rows += 1
        self.statuses[result.status] += 1
        if result.answer.recommended_sender:
            self.senders[result.answer.recommended_sender] += 1

    def lines(self) -> list[str]:
        counts = ", ".join(
            f"{status} {self.statuses.get(status, 0)}" for status in ("ok", "no_fit", "error")
        )
        lines = [f"rows read: {self.rows} ({counts})"]
        if self.senders:
            ranked = sorted(self.senders.items(), key=lambda item: (-item[1], item[0]))
            lines.append("recommended: " + ", ".join(f"{s} {n}" for s, n in ranked))
        if self.blank_lines:
            lines.append(f"blank lines skipped: {self.blank_lines}")
        lines.extend(self.notes)
        return lines


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def _seconds(value: float | None) -> str:
    return "" if value is None else format_cell(round(value, 1)).replace(",", "")


class RowEvaluator:
    """Answers for rows of one sheet: memoised per distinct relevant cells."""

    def __init__(
        self,
        kb: KnowledgeBase,
        names: tuple[str, ...],
        labels: Mapping[str, str],
        cache_size: int = 4096,
        defaults: Mapping[str, str] | None = None,
    ) -> None:
        self.kb = kb
        #: answers that apply to every row whose own cell is blank (from the command line).
        self.defaults = dict(defaults or {})
        #: the canonical column names, in the order of the cells of a key.
        self.names = names
        self.engine = engine_for(kb)
        self.labels = labels
        self._answers: BoundedCache[tuple[str, ...], Answer] = BoundedCache(cache_size)
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
            from advisor.lint import lint_message
            from advisor.segments import count_segments

            count = count_segments(text)
            result = lint_message(text, use_case=use_case, brand=brand or None)
            found = self._messages.put(key, (count, result))
        return found

    def _evaluate_checked(self, values: dict[str, str]) -> Answer:
        if self.defaults:
            given = {name: value for name, value in values.items() if value.strip()}
            values = {**self.defaults, **given}
        intake = build_intake(values, self.kb, label=self.label)
        rec = self.engine.recommend(intake)
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
            name: parse_number(values.get(name), self.label(name), integer=name in _INTEGERS)
            for name in CAPACITY_COLUMNS
            if name != "provider"
        }
        messages = number["messages"]
        request = CapacityRequest(
            concurrency=_int(number["concurrency"]),
            latency_ms=number["latency_ms"],
            sender=best.sender,
            country=rec.intake.country,
            provider=values.get("provider", "").strip() or None,
            messages=_int(messages),
            segments=segments,
            validity_seconds=number["validity_seconds"],
            deadline_minutes=number["deadline_minutes"],
            use_case=rec.intake.use_case,
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


# --- The sheet -----------------------------------------------------------------------------------


@dataclass
class Sheet:
    """An open intake sheet: its header, how it maps, and its rows."""

    label: str
    format: SheetFormat
    header: tuple[str, ...]
    #: canonical column name -> index in the header.
    fields: dict[str, int]
    rows: Iterator[list[str]]
    #: blank lines before the header (the reader's line numbers start after them).
    lines_before: int
    reader: Any
    text: _Text

    def progress(self) -> int:
        return self.text.position()


def _map_header(header: Sequence[str], label: str) -> dict[str, int]:
    fields: dict[str, int] = {}
    for index, name in enumerate(header):
        canonical = _HEADER_INDEX.get(normalise_header(name))
        if canonical is None:
            continue
        if canonical in fields:
            first = header[fields[canonical]]
            raise InputError(
                f"{label}: header: columns {shown(first)} and {shown(name)} both mean "
                f"{canonical}; keep one"
            )
        fields[canonical] = index
    missing = [spec for spec in COLUMNS if spec.required and spec.name not in fields]
    if missing:
        spec = missing[0]
        names = ", ".join((spec.name, *spec.aliases))
        raise InputError(
            f"{label}: header: no column for {spec.name} (expected one of: {names}); "
            "see `advisor batch --template`"
        )
    return fields


@contextlib.contextmanager
def open_sheet(source: Path | None, label: str) -> Iterator[Sheet]:
    """Open an intake sheet (``None``: standard input) and read its header.

    The sheet is read twice (its encoding is checked first): standard input, a pipe
    or a FIFO is spooled once (:func:`advisor.fileio.open_seekable`).
    """
    with contextlib.ExitStack() as stack:
        name = "-" if source is None else str(source)
        handle = stack.enter_context(open_seekable(name, "a CSV file"))
        encoding, notes = _detect_encoding(handle, label)
        text = _Text(handle, encoding)
        stack.callback(text.text.detach)
        first = text.text.readline()
        skipped = 0
        while first and not first.strip():
            skipped += 1
            first = text.text.readline()
        delimiter = _sniff_delimiter(first)
        # chain, not a generator: closing a generator would close the file under it
        lines = itertools.chain([first], text.text)
        reader = csv.reader(lines, delimiter=delimiter, strict=False, skipinitialspace=False)
        header_row = next(reader, None)
        if not header_row or not any(cell.strip() for cell in header_row):
            raise InputError(f"{label}: no header row; expected a CSV intake sheet")
        header = tuple(
            cell.strip() or f"column {index}" for index, cell in enumerate(header_row, start=1)
        )
        fields = _map_header(header, label)
        yield Sheet(
            label=label,
            format=SheetFormat(encoding, delimiter, notes),
            header=header,
            fields=fields,
            rows=iter(reader),
            lines_before=skipped,
            reader=reader,
            text=text,
        )


def evaluate_sheet(
    sheet: Sheet,
    kb: KnowledgeBase,
    summary: Summary,
    defaults: Mapping[str, str] | None = None,
) -> Iterator[RowResult]:
    """Every row of the sheet, in order, with the advisor's answer.

    ``defaults`` are answers for every row whose own cell is blank (``--provider``).

    Raises :class:`InputError` at once (before any row is produced) when the
    header has no rows under it.
    """
    rows = _rows(sheet, kb, summary, defaults)
    first = next(rows, None)
    if first is None:
        raise InputError(f"{sheet.label}: the header has no rows under it")
    return itertools.chain((first,), rows)


def _rows(
    sheet: Sheet, kb: KnowledgeBase, summary: Summary, defaults: Mapping[str, str] | None
) -> Iterator[RowResult]:
    # The columns that decide the answer: the customer's name does not.
    names = tuple(name for name in sheet.fields if name not in _NOT_IN_KEY)
    labels = {name: sheet.header[index] for name, index in sheet.fields.items()}
    evaluator = RowEvaluator(kb, names, labels, defaults=defaults)
    width = len(sheet.header)
    indices = tuple(sheet.fields[name] for name in names)
    pick: Callable[[list[str]], tuple[str, ...]] = operator.itemgetter(*indices)
    reader = sheet.reader
    offset = sheet.lines_before
    line = offset + reader.line_num + 1
    summary.notes.extend(sheet.format.notes)
    summary.blank_lines += sheet.lines_before
    for row in sheet.rows:
        start, line = line, offset + reader.line_num + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            summary.blank_lines += 1
            continue
        extra: tuple[str, ...] = ()
        if len(row) < width:
            row = row + [""] * (width - len(row))
        elif len(row) > width:
            extra = tuple(row[width:])
            row = row[:width]
        if any(cell.strip() for cell in extra):
            shown = ", ".join(repr(cell) for cell in extra[:5])
            answer = _error(
                f"the row has {width + len(extra)} cells but the header has {width}; "
                f"extra cells: {shown}"
            )
        else:
            answer = evaluator.answer(pick(row))
        result = RowResult(start, row, answer, extra)
        summary.add(result)
        yield result


def output_header(sheet_header: Sequence[str]) -> tuple[str, ...]:
    """The sheet's columns, then the advisor's (prefixed ``advisor_`` where names collide)."""
    taken = {normalise_header(name) for name in sheet_header}
    added = tuple(f"advisor_{name}" if normalise_header(name) in taken else name for name in ADDED)
    return (*sheet_header, *added)


_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)
#: a cell, among cells joined with the unit separator, that starts like a formula
_FORMULA_START = re.compile("(?:\\A|\x1f)[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


def neutralise_cells(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run as a formula get a leading quote (OWASP CSV injection).

    The common row has none: it is returned as it is, after one quick look.
    """
    if not [cell for cell in cells if cell[:1] in _TRIGGER_SET]:
        return cells
    return [("'" + cell) if cell[:1] in _TRIGGER_SET else cell for cell in cells]


def write_csv(results: Iterator[RowResult], header: Sequence[str], out: IO[str]) -> None:
    """RFC 4180 CSV (CRLF), streamed; formula-like cells neutralised.

    The advisor's columns of a row depend only on its answer, and identical rows share
    one answer: its columns are encoded once and written as one string after the row's
    own cells, so a row costs about what copying its cells costs. A row with a line
    break in a cell takes the ordinary path (the writer quotes line breaks only when its
    line terminator has them).
    """
    full = csv.writer(out, lineterminator="\r\n")
    full.writerow(neutralise_cells(list(output_header(header))))
    cells_only = csv.writer(out, lineterminator="")
    suffixes: dict[int, tuple[Answer, str]] = {}
    formula = _FORMULA_START.search
    for result in results:
        cells = result.cells
        answer = result.answer
        joined = "\x1f".join(cells)  # one look at the row for both rare cases
        if formula(joined):
            cells = neutralise_cells(cells)
        if "\n" in joined or "\r" in joined:
            full.writerow(cells + answer.csv_cells)
            continue
        found = suffixes.get(id(answer))
        if found is None or found[0] is not answer:
            if len(suffixes) >= _WRITERS:
                suffixes.clear()
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerow(["", *answer.csv_cells])
            found = suffixes[id(answer)] = (answer, buffer.getvalue())
        cells_only.writerow(cells)
        out.write(found[1])


#: encoded answers kept (as many as the answer cache holds)
_WRITERS = 4096


def write_jsonl(results: Iterator[RowResult], header: Sequence[str], out: IO[str]) -> None:
    """One JSON object per row: ``line``, ``input`` (the row's cells by header), the answer."""
    import json

    for result in results:
        record = {
            "line": result.line,
            "input": dict(zip(header, result.cells, strict=True)),
            **result.answer.json(),
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_markdown(results: Iterator[RowResult], header: Sequence[str], out: IO[str]) -> None:
    """A GitHub-flavoured Markdown table, streamed."""
    from advisor.render.markdown import escape_cell

    columns = output_header(header)
    out.write("| " + " | ".join(escape_cell(name) for name in columns) + " |\n")
    out.write("|" + "|".join(" --- " for _ in columns) + "|\n")
    for result in results:
        cells = (*result.cells, *result.answer.cells)
        out.write("| " + " | ".join(escape_cell(cell) for cell in cells) + " |\n")
