"""The sender matrix (``advisor matrix``) as JSON and as a Document.

Senders are the columns (headed with each sender's matrix title), the
attributes of ``matrix.rows`` the rows, in that order; under the table go the
footnotes its labels and cells use, then the sources its cells cite. With a
country, each sender is shown as it works there (its variant and the country's
own figures applied), headed with its name there when a variant applies
(``Domestic long code`` outside the US), and a first row says whether it can
send there at all.

JSON::

    {
      "title": str,
      "country": null | {"code", "name", "reviewed", "as_of"},
      "senders": [
        {
          "id": sender id, "name": its name (in the country, when one is given),
          "matrix_title": the column title in the guide's matrix,
          "available": null | "yes" | "partial" | "overwritten" | "no" | "unknown"
                       (null without a country),
          "attributes": {attribute: {"text", "source": [source ids], "as_of": ISO date,
                                     "note": str | null}}   # in the matrix's row order
        }
      ],
      "footnotes": [{"mark", "text"}],   # those the shown labels and cells use
      "sources": {source id: {"title", "publisher", "url", "published"}}
    }

A cell's ``text`` is the matrix cell as written, footnote marks included
(``Instant****``); the footnote of each mark is in ``footnotes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from advisor.engine import ResolvedSender, resolve_sender
from advisor.errors import InputError
from advisor.knowledge import Country, Footnote, KnowledgeBase, dated
from advisor.knowledge.summary import AlphaRegistration, CountrySummary, last_asserted, summarise
from advisor.knowledge.summary import cited as country_sources
from advisor.render.model import Block, Cell, Column, Document, Table
from advisor.views.common import cited, sources_blocks
from advisor.views.countries import parse_sender_id
from advisor.views.countries_document import LEGEND_AVAILABLE, LEGEND_NO_REGISTRATION
from advisor.vocab import OutputFormat, SenderId, YesNo

#: senders side by side in one terminal table.
TERMINAL_SENDERS = 3


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    sender: ResolvedSender
    #: the column title: the matrix title, or the sender's name in the country.
    title: str


@dataclass(frozen=True, slots=True)
class SenderMatrix:
    title: str
    columns: tuple[MatrixColumn, ...]
    #: attribute name -> row label, in display order.
    rows: dict[str, str]
    country_code: str | None = None
    country: Country | None = None
    #: the country's claims summed up for an international business, any provider, today.
    summary: CountrySummary | None = None


def parse_senders(values: Sequence[str]) -> tuple[SenderId, ...]:
    """Sender ids from ``--senders`` values (comma-separated, repeatable), each once."""
    ids = [part for value in values for part in value.split(",") if part.strip()]
    if values and not ids:
        raise InputError("--senders: expected sender ids separated by commas, got nothing")
    return tuple(dict.fromkeys(parse_sender_id(part, "--senders") for part in ids))


def sender_matrix(
    kb: KnowledgeBase, senders: Sequence[str] = (), country: str | None = None
) -> SenderMatrix:
    """The matrix of the senders given (default: all), as they work in ``country`` if given."""
    chosen = parse_senders(senders) or tuple(kb.senders)
    if country is None:
        columns = tuple(
            MatrixColumn(resolve_sender_plain(kb, sender), kb.senders[sender].matrix_title)
            for sender in chosen
        )
        return SenderMatrix(kb.matrix.title, columns, dict(kb.matrix.rows))
    from advisor.country import resolve_country

    code = resolve_country(country, kb, "--country")
    columns = tuple(_column_in(kb, sender, code) for sender in chosen)
    place = kb.countries[code]
    title = f"{kb.matrix.title}: {place.name} ({code})"
    return SenderMatrix(title, columns, dict(kb.matrix.rows), code, place, summarise(kb, code))


def resolve_sender_plain(kb: KnowledgeBase, sender_id: SenderId) -> ResolvedSender:
    """A sender as the matrix gives it, no variant or country applied."""
    sender = kb.senders[sender_id]
    return ResolvedSender(
        sender_id,
        sender.name,
        sender,
        sender.attributes,
        sender.traffic_class,
        sender.registered,
        dated.UNKNOWN,
        None,
        YesNo.UNKNOWN,
    )


def _column_in(kb: KnowledgeBase, sender_id: SenderId, code: str) -> MatrixColumn:
    resolved = resolve_sender(kb, sender_id, code)
    sender = kb.senders[sender_id]
    varied = any(variant.applies_to(code) for variant in sender.variants)
    return MatrixColumn(resolved, resolved.name if varied else sender.matrix_title)


class MatrixFact(Protocol):
    """What every attribute of the matrix has: its cell text, sources and date."""

    @property
    def text(self) -> str: ...
    @property
    def source(self) -> tuple[str, ...]: ...
    @property
    def as_of(self) -> date: ...
    @property
    def note(self) -> str: ...


def _fact(column: MatrixColumn, attribute: str) -> MatrixFact:
    fact: MatrixFact = getattr(column.sender.attributes, attribute)
    return fact


def _available(matrix: SenderMatrix, column: MatrixColumn) -> str | None:
    return matrix.summary.status(column.sender.id).value if matrix.summary else None


def uses_mark(text: str, mark: str) -> bool:
    """The text ends in the footnote mark (``API*****`` uses ``*****``, not ``*``)."""
    return text.endswith(mark) and not text[: -len(mark)].endswith(mark[-1])


def _texts(matrix: SenderMatrix) -> list[str]:
    """Every row label and cell text the matrix shows."""
    texts = list(matrix.rows.values())
    for attribute in matrix.rows:
        texts.extend(_fact(column, attribute).text for column in matrix.columns)
    return texts


def footnotes(matrix: SenderMatrix, kb: KnowledgeBase) -> tuple[Footnote, ...]:
    """The matrix's footnotes whose marks the shown labels and cells use."""
    texts = _texts(matrix)
    return tuple(
        note for note in kb.matrix.footnotes if any(uses_mark(text, note.mark) for text in texts)
    )


def _source_ids(matrix: SenderMatrix) -> list[str]:
    ids: list[str] = []
    if matrix.country is not None:
        ids.extend(country_sources(matrix.country))
    for attribute in matrix.rows:
        for column in matrix.columns:
            ids.extend(_fact(column, attribute).source)
    return ids


def matrix_json(matrix: SenderMatrix, kb: KnowledgeBase) -> dict[str, Any]:
    place = matrix.country
    return {
        "title": matrix.title,
        "country": None
        if place is None
        else {
            "code": matrix.country_code,
            "name": place.name,
            "reviewed": place.reviewed,
            "as_of": (lambda day: day.isoformat() if day else None)(last_asserted(place)),
        },
        "senders": [
            {
                "id": column.sender.id.value,
                "name": column.sender.name,
                "matrix_title": column.sender.sender.matrix_title,
                "available": _available(matrix, column),
                "attributes": {
                    attribute: {
                        "text": fact.text,
                        "source": list(fact.source),
                        "as_of": fact.as_of.isoformat(),
                        "note": fact.note or None,
                    }
                    for attribute in matrix.rows
                    for fact in (_fact(column, attribute),)
                },
            }
            for column in matrix.columns
        ],
        "footnotes": [{"mark": note.mark, "text": note.text} for note in footnotes(matrix, kb)],
        "sources": cited(_source_ids(matrix), kb),
    }


def _status_cell(status: str) -> Cell:
    return None if status == "unknown" else status


def _table(matrix: SenderMatrix, columns: Sequence[MatrixColumn]) -> Table:
    rows: list[tuple[Cell, ...]] = []
    if matrix.country is not None and matrix.summary is not None:
        statuses = (matrix.summary.status(column.sender.id).value for column in columns)
        rows.append((f"Available in {matrix.country.name}", *map(_status_cell, statuses)))
    for attribute, label in matrix.rows.items():
        rows.append((label, *(_fact(column, attribute).text for column in columns)))
    return Table(
        columns=(
            Column("attribute", "Attribute"),
            *(Column(column.sender.id.value, column.title) for column in columns),
        ),
        rows=tuple(rows),
        row_headers=True,
    )


def matrix_document(
    matrix: SenderMatrix, kb: KnowledgeBase, fmt: OutputFormat = OutputFormat.MARKDOWN
) -> Document:
    """The matrix, its footnotes and its sources.

    ``fmt`` is the output format the document will be rendered in: for a
    terminal the senders are shown a few to a table, so that no column is too
    narrow for its words.
    """
    size = TERMINAL_SENDERS if fmt is OutputFormat.TABLE else len(matrix.columns)
    tables = [
        _table(matrix, matrix.columns[start : start + size])
        for start in range(0, len(matrix.columns), size)
    ]
    notes = tuple(f"{note.mark} {note.text}" for note in footnotes(matrix, kb))
    if matrix.summary is not None:
        registered = SenderId.ALPHANUMERIC_REGISTERED
        unregistrable = matrix.summary.alpha_registration is AlphaRegistration.NONE and any(
            column.sender.id is registered for column in matrix.columns
        )
        notes = (LEGEND_AVAILABLE, *((LEGEND_NO_REGISTRATION,) if unregistrable else ()), *notes)
    last = tables[-1]
    tables[-1] = Table(last.columns, last.rows, footnotes=notes, row_headers=True)
    subtitle = ""
    if matrix.country is not None:
        subtitle = (
            f"Each sender as it works in {matrix.country.name}: its local variant and the "
            "country's own figures applied."
        )
    blocks: list[Block] = [*tables, *sources_blocks(_source_ids(matrix), kb)]
    return Document(title=matrix.title, subtitle=subtitle, blocks=tuple(blocks))
