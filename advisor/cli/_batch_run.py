"""How ``advisor batch`` answers a sheet and writes the answers: the run, the sheet read
again, the progress bar."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from advisor.cli._common import stderr_is_terminal
from advisor.vocab import OutputFormat

if TYPE_CHECKING:
    from rich.progress import Progress

    from advisor.batch import Sheet, Summary
    from advisor.batch.plans import SheetPlans
    from advisor.cost import PriceSheet, Rates
    from advisor.knowledge import KnowledgeBase

T = TypeVar("T")

#: sheets larger than this show a progress bar on a terminal.
PROGRESS_BYTES = 256 * 1024


@dataclass(frozen=True)
class Run:
    """What a run of ``batch`` answers a sheet with and writes its answers to."""

    kb: KnowledgeBase
    defaults: dict[str, str]
    number_locale: str | None
    output_format: OutputFormat
    target: Path | None
    excel: bool
    price_sheet: PriceSheet | None
    rates: Rates
    report_dir: Path | None
    reports: OutputFormat
    data_label: str
    bar_allowed: bool

    def answer(
        self,
        path: Path | None,
        reopen: Callable[[], contextlib.AbstractContextManager[Sheet]],
        plan: Callable[[], SheetPlans] | None,
    ) -> Summary:
        """Answer the sheet and write the answers; ``plan`` finds its customers' plans
        (None: on the guess that there are none, see
        :func:`~advisor.batch.customers.single_destinations`)."""
        from advisor import batch as lib
        from advisor.batch.customers import single_destinations
        from advisor.batch.plans import SheetPlans, expand_records, with_plans

        kb, output_format, target = self.kb, self.output_format, self.target
        price_sheet, rates, priced = self.price_sheet, self.rates, self.price_sheet is not None
        summary = lib.Summary()
        with reopen() as sheet, _progress(sheet, path, allowed=self.bar_allowed) as bar:
            if plan is None:
                plans = SheetPlans()
                sheet.records = single_destinations(sheet)
            else:
                plans = plan()
            planned = bool(plans)
            sheet.records = expand_records(sheet.records, plans, sheet.fields["country"])
            results = bar.track(
                lib.evaluate_sheet(sheet, kb, summary, self.defaults, self.number_locale)
            )
            results = with_plans(results, plans)
            if plans.notes:  # said after the notes of the rows (no layer for every row else)
                results = _then(results, lambda: summary.notes.extend(plans.notes))
            if price_sheet is not None:
                from advisor.batch.costs import with_costs

                results = with_costs(results, price_sheet, rates)
            if self.report_dir is not None:
                from advisor.batch.reports import with_reports

                results = with_reports(
                    results, self.report_dir, self.reports, kb, sheet.fields, summary
                )
            if output_format is OutputFormat.XLSX:
                from advisor.fileio import open_binary_output

                with open_binary_output(target) as binary:
                    streamed = _then(results, bar.rendering)
                    lib.write_xlsx(
                        streamed, sheet.header, sheet.fields, summary, binary, priced, plans
                    )
                return summary
            from advisor.fileio import open_output

            with open_output(target, newline="") as out:
                if output_format is OutputFormat.TABLE:
                    from advisor.cli._term import output_style

                    style = output_style(target)
                    lib.write_table(
                        _then(results, bar.rendering),
                        sheet.label,
                        sheet.fields,
                        sheet.header,
                        summary,
                        out,
                        width=style.width,
                        color=style.color,
                        priced=priced,
                        plans=plans,
                    )
                elif output_format is OutputFormat.HTML:
                    # the page is written around the rows once they are all in
                    streamed = _then(results, bar.rendering)
                    lib.write_html(
                        streamed,
                        sheet.label,
                        sheet.fields,
                        sheet.header,
                        summary,
                        out,
                        priced,
                        plans,
                    )
                elif output_format is OutputFormat.CSV:
                    lib.write_csv(
                        results,
                        sheet.header,
                        out,
                        delimiter=sheet.format.delimiter,
                        decimal=lib.output_decimal(sheet, self.number_locale),
                        bom=self.excel,
                        priced=priced,
                        planned=planned,
                    )
                else:
                    if output_format is OutputFormat.JSON:
                        from advisor.batch.plan_columns import plans_json

                        shown = plans_json(plans, kb, self.data_label) if planned else None
                        lib.write_json(results, sheet.header, out, summary, priced, shown)
                    else:
                        writer = {
                            OutputFormat.JSONL: lib.write_jsonl,
                            OutputFormat.MARKDOWN: lib.write_markdown,
                        }[output_format]
                        writer(results, sheet.header, out, priced, planned)
                if output_format is OutputFormat.MARKDOWN:
                    out.write("\n" + "\n\n".join(summary.lines()) + "\n")
        return summary


@contextlib.contextmanager
def rereadable(source: Path | None) -> Iterator[Path | None]:
    """``source`` as a file that can be read again (the plans read the sheet first):
    a regular file as it is; standard input, a pipe or a FIFO copied once into a
    temporary file that goes with the run."""
    import shutil
    import stat
    import tempfile

    if source is not None:
        try:
            if stat.S_ISREG(source.stat().st_mode):
                yield source
                return
        except OSError:
            yield source  # the sheet's reader names what is wrong with it
            return
    from advisor.fileinput import open_seekable

    with (
        open_seekable("-" if source is None else str(source), "a CSV or xlsx file") as handle,
        tempfile.TemporaryDirectory(prefix="advisor-batch-") as folder,
    ):
        copy = Path(folder) / f"sheet{source.suffix if source is not None else ''}"
        with copy.open("wb") as spooled:
            shutil.copyfileobj(handle, spooled)
        yield copy


def _then(results: Iterator[T], done: Callable[[], None]) -> Iterator[T]:
    """``results``, then ``done()`` once they are exhausted."""
    yield from results
    done()


class _NoBar:
    """No progress bar: rows pass through untouched."""

    def track(self, results: Iterator[T]) -> Iterator[T]:
        return results

    def rendering(self) -> None:
        return None


class _Bar(_NoBar):
    """A transient progress bar on stderr: rows evaluated, then the render step."""

    def __init__(self, progress: Progress, sheet: Sheet, size: int) -> None:
        self.progress = progress
        self.sheet = sheet
        self.task = progress.add_task("evaluating", total=size)
        progress.refresh()

    def track(self, results: Iterator[T]) -> Iterator[T]:
        for count, result in enumerate(results, start=1):
            if count % 1000 == 0:
                self.progress.update(self.task, completed=self.sheet.progress())
            yield result

    def rendering(self) -> None:
        # the size of the render step is unknown: the bar pulses
        self.progress.update(self.task, description="rendering", total=None, refresh=True)


@contextlib.contextmanager
def _progress(sheet: Sheet, source: Path | None, *, allowed: bool) -> Iterator[_NoBar]:
    """A bar for a large sheet, drawn on stderr and only when stderr is a terminal.

    Nothing of it reaches stdout: the bar has a console of its own on stderr, and
    stdout is not redirected through it.
    """
    size = source.stat().st_size if source is not None else 0
    if not allowed or size < PROGRESS_BYTES or not stderr_is_terminal():
        yield _NoBar()
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from advisor.cli._term import stderr_console

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=stderr_console(),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    ) as progress:
        yield _Bar(progress, sheet, size)
