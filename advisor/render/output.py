"""The one entry point the commands use to turn results into text."""

from __future__ import annotations

from typing import assert_never

from advisor.render.jsonout import render_json, to_jsonable
from advisor.render.model import Document
from advisor.vocab import OutputFormat

__all__ = ["render", "render_json", "to_jsonable"]


def render(
    document: Document,
    fmt: OutputFormat,
    *,
    fragment: bool = False,
    width: int | None = None,
    color: bool = False,
) -> str:
    """Render ``document`` in ``fmt``.

    ``fragment`` applies to HTML only (body content with inline styles);
    ``width`` and ``color`` apply to the terminal table only. Options that do not
    apply to ``fmt`` are ignored. JSON and JSON Lines are not made from a
    document: a command serialises its result with :func:`render_json`.
    """
    # Each renderer is imported when it is used: rich costs start-up time.
    match fmt:
        case OutputFormat.TABLE:
            from advisor.render.terminal import render_terminal

            return render_terminal(document, width=width, color=color)
        case OutputFormat.MARKDOWN:
            from advisor.render.markdown import render_markdown

            return render_markdown(document)
        case OutputFormat.HTML:
            from advisor.render.html import render_html

            return render_html(document, fragment=fragment)
        case OutputFormat.CSV:
            from advisor.render.csv_out import render_csv

            return render_csv(document)
        case OutputFormat.JSON | OutputFormat.JSONL:
            raise ValueError(
                f"cannot render {fmt.value} from a document: "
                "render JSON from the result, not from a table"
            )
        case OutputFormat.XLSX:
            raise ValueError(
                "cannot render xlsx as text: a workbook is bytes (advisor.render.xlsx.render_xlsx)"
            )
        case OutputFormat.PDF:
            raise ValueError("cannot render pdf as text: a PDF is bytes (advisor.render.pdf)")
        case _:
            assert_never(fmt)
