"""A ``country`` cell that lists several destinations: ``US;CA;GB``.

The rules (docs/intake.md, "Several countries"):

- a cell without ``;`` or ``,`` is one destination, as it always was;
- a cell without ``;`` that names one country as a whole stays one (a name with a
  comma, ``Korea, Republic of``);
- otherwise it is a list, separated by ``;`` or by ``,`` (the separators of
  ``advisor plan --country``), not both: ``US;CA,GB`` is ambiguous;
- every item is a country as a single cell gives it (ISO code, name, E.164 number), none
  is empty and none names a country given before in the cell.

A cell that breaks a rule is an :class:`~advisor.errors.InputError` naming the file, the
line, the column and what was expected: the run stops before any output (exit 2), since
guessing which destinations were meant would answer for the wrong ones.
"""

from __future__ import annotations

import re

from advisor.country import read_country
from advisor.errors import InputError, shown
from advisor.knowledge import KnowledgeBase

#: the separators of a list of countries in one cell.
SEPARATORS = (";", ",")
_SPLIT = re.compile("[;,]")
EXPECTED = "expected countries separated by ; or by , (e.g. US;CA;GB)"


def is_list(cell: str) -> bool:
    """Whether a cell may list several countries (it holds a separator): cheap, no lookup."""
    return ";" in cell or "," in cell


def split_country_cell(cell: str, kb: KnowledgeBase, where: str) -> tuple[str, ...]:
    """The destinations of one ``country`` cell, as written, in order (one or more).

    ``where`` names the cell in errors (``FILE: line 4: Country``).
    """
    text = cell.strip()
    if not is_list(text):
        return (cell,)
    from advisor.phone import looks_like_phone_number

    if ";" not in text and not looks_like_phone_number(text):
        try:
            read_country(text, kb, where)
        except InputError:
            pass
        else:
            return (cell,)  # a name with a comma in it
    used = [separator for separator in SEPARATORS if separator in text]
    if len(used) > 1:
        raise InputError(
            f"{where}: {shown(text)} mixes ; and , as separators; {EXPECTED}, one separator a cell"
        )
    from advisor.plan.inputs import MAX_DESTINATIONS  # a list cell only: plan is heavy

    items = [item.strip() for item in _SPLIT.split(text)]
    if len(items) > MAX_DESTINATIONS:
        raise InputError(
            f"{where}: {len(items)} countries; a plan holds at most {MAX_DESTINATIONS}"
        )
    codes: dict[str, int] = {}
    for position, item in enumerate(items, start=1):
        if not item:
            raise InputError(f"{where}: country {position} of {shown(text)} is empty; {EXPECTED}")
        try:
            code = read_country(item, kb, where).code
        except InputError as error:
            raise InputError(f"{error.message}; in the list {shown(text)}: {EXPECTED}") from None
        if code in codes:
            raise InputError(
                f"{where}: {shown(item)} is {code}, already country {codes[code]} of "
                f"{shown(text)}; give each country once"
            )
        codes[code] = position
    return tuple(items)
