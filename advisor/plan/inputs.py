"""A plan's destinations from ``--country US,CA,GB`` or a countries file, as intakes.

The answers shared by every destination (``--use-case``, ``--mps``, ...) apply unless a
row of the countries file gives its own. Errors are one line naming where the answer
came from: the flag, or the file, its line and its column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import InputError, shown
from advisor.intake import Intake, build_intake
from advisor.knowledge import KnowledgeBase
from advisor.vocab import FIELDS, PROFILE_FIELDS

#: more destinations than there are countries is a typo (or the wrong file).
MAX_DESTINATIONS = 300
#: the columns a countries file may give per destination (the plan has one provider).
ROW_FIELDS = (
    *(name for name in (*FIELDS, *PROFILE_FIELDS) if name != "provider"),
    "sample_message",
)


@dataclass(frozen=True, slots=True)
class DestinationAnswers:
    """One destination's own answers, and how to name where each came from."""

    #: ``--country``, or ``FILE: line N``.
    origin: str
    answers: dict[str, str]
    #: field -> its name in the file's header (fields given by the row only).
    columns: dict[str, str] = field(default_factory=dict)


def split_countries(value: str, name: str = "--country") -> list[DestinationAnswers]:
    """``US,CA,GB`` (commas or semicolons) as one destination each, in order."""
    items = [item.strip() for item in re.split(r"[,;]", value)]
    if not any(items):
        raise InputError(f"{name}: expected one or more countries, e.g. US,CA,GB")
    for position, item in enumerate(items, start=1):
        if not item:
            raise InputError(f"{name}: country {position} is empty in {shown(value)}")
    _check_count(len(items), name)
    return [DestinationAnswers(origin=name, answers={"country": item}) for item in items]


def _check_count(count: int, where: str) -> None:
    if count > MAX_DESTINATIONS:
        raise InputError(f"{where}: {count} destinations; a plan holds at most {MAX_DESTINATIONS}")


def read_countries_file(path: Path, label: str | None = None) -> list[DestinationAnswers]:
    """A CSV with a row per destination: ``country`` and, optionally, its own answers.

    Read like an intake sheet (encoding, delimiter, header aliases); a row that cannot
    be read, has more cells than the header, or names a provider is an error.
    """
    from advisor.batch.sheet import open_sheet, strict_rows

    name = label or str(path)
    rows: list[DestinationAnswers] = []
    with open_sheet(path, name, required=("country",)) as sheet:
        if "provider" in sheet.fields:
            raise InputError(
                f"{name}: header: {shown(sheet.header[sheet.fields['provider']])}: a plan has "
                "one provider for every destination; give it with --provider"
            )
        columns = {
            field_name: sheet.header[index]
            for field_name, index in sheet.fields.items()
            if field_name in ROW_FIELDS
        }
        for where, cells in strict_rows(sheet):
            answers = {
                field_name: cells[sheet.fields[field_name]].strip()
                for field_name in columns
                if sheet.fields[field_name] < len(cells) and cells[sheet.fields[field_name]].strip()
            }
            if "country" not in answers:
                raise InputError(f"{where}: {columns['country']}: missing: a country is required")
            rows.append(DestinationAnswers(where, answers, columns))
            _check_count(len(rows), name)
    if not rows:
        raise InputError(f"{name}: no destinations under the header")
    return rows


def destination_intakes(
    kb: KnowledgeBase,
    shared: Mapping[str, Any],
    destinations: Sequence[DestinationAnswers],
    flag: Callable[[str], str],
    locale: str | None = None,
) -> tuple[Intake, ...]:
    """One intake per destination: its own answers over the shared ones.

    Two destinations in the same country are an error (a plan answers each once).
    """
    intakes: list[Intake] = []
    seen: dict[str, str] = {}
    for destination in destinations:
        answers = {**shared, **destination.answers}

        def label(name: str, destination: DestinationAnswers = destination) -> str:
            column = destination.columns.get(name)
            if column is not None and name in destination.answers:
                return f"{destination.origin}: {column}"
            return destination.origin if name == "country" else flag(name)

        intake = build_intake(answers, kb, label=label, locale=locale)
        if intake.country in seen:
            raise InputError(
                f"{label('country')}: {intake.country} is already a destination "
                f"({seen[intake.country]}); give each country once"
            )
        seen[intake.country] = destination.origin
        intakes.append(intake)
    return tuple(intakes)
