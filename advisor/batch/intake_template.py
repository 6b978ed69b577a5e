"""The intake template: a sheet with every column the advisor reads, ready to fill.

As CSV, the header line (:func:`~advisor.batch.columns.template`). As an xlsx workbook,
sheet "Intake" holds the header, with a drop-down of the answers in each column that
has a closed vocabulary (use case, direction, priority, voice, entity: from
:mod:`advisor.vocab` through :data:`~advisor.batch.columns.COLUMNS`), and sheet
"Columns" says what each column holds and the other names it goes by.
"""

from __future__ import annotations

import io

from advisor.batch.columns import COLUMNS

#: the sheet a template's rows go into (the first: the one ``batch`` reads).
INTAKE_SHEET = "Intake"


def template_xlsx() -> bytes:
    """The intake template as an xlsx workbook."""
    from advisor.render.xlsx import Workbook

    buffer = io.BytesIO()
    with Workbook(buffer) as book:
        choices = {index: spec.choices for index, spec in enumerate(COLUMNS) if spec.choices}
        book.sheet(INTAKE_SHEET, [spec.name for spec in COLUMNS], choices=choices)
        about = book.sheet("Columns", ("Column", "Required", "What it holds", "Answers", "Also"))
        for spec in COLUMNS:
            about.row(
                (
                    spec.name,
                    "yes" if spec.required else "no",
                    spec.description,
                    ", ".join(spec.choices) or ("a number" if spec.number else ""),
                    ", ".join(spec.aliases),
                )
            )
    return buffer.getvalue()
