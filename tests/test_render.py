"""The renderers: cell formatting, escaping, determinism and golden files."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import enum
import io
import json
import locale
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.cells import cell_len

from advisor.render.cells import format_cell, format_number, is_number
from advisor.render.csv_out import csv_line, neutralise, render_csv
from advisor.render.html import TABLE_CLASS, render_html
from advisor.render.markdown import render_markdown
from advisor.render.model import (
    Align,
    BulletList,
    Cell,
    Column,
    Document,
    Heading,
    Paragraph,
    Table,
)
from advisor.render.output import render, render_json
from advisor.render.terminal import render_terminal
from advisor.vocab import OutputFormat, SenderId

# -------------------------------------------------------------------------------------------------
# Sample document (also the subject of the golden files)

SAMPLE = Document(
    title="Sender plan: Acme Corp",
    subtitle="Germany and the United States, transactional traffic",
    blocks=(
        Heading("Summary"),
        Paragraph(
            "Use a registered alphanumeric sender in Germany and a toll-free number in the US."
            "\nThroughput figures are per sender."
        ),
        BulletList(("Register the brand & campaign", "Keep opt-out wording in every message")),
        BulletList(
            ("Collect sample messages", "Submit the toll-free verification form"),
            checklist=True,
        ),
        Heading("Capacity"),
        Table(
            title="Throughput by sender",
            columns=(
                Column("sender", "Sender"),
                Column("mps", "Messages/s", Align.RIGHT),
                Column("daily", "Messages/day", Align.RIGHT),
                Column("cost", "Cost (USD)", Align.RIGHT),
                Column("two_way", "Two-way"),
            ),
            rows=(
                ("short_code", 100, 8_640_000, 0.0079, True),
                ("toll_free", 3.75, 324_000, 0.3333, True),
                ("alphanumeric_registered", 450.0, None, 0.07, False),
            ),
            footnotes=(
                "Messages/day assumes 24 hours at the full rate.",
                "Costs exclude carrier surcharges.",
            ),
        ),
        Heading("Sender matrix", level=3),
        Table(
            title="Germany and the United States",
            columns=(
                Column("attribute", "Attribute"),
                Column("de", "Germany"),
                Column("us", "United States"),
            ),
            rows=(
                ("Sender", "alphanumeric_registered", "toll_free"),
                ("Registration", "Brand | campaign\nabout 2 weeks", None),
                ("Two-way", False, True),
                ("Formula", "=SUM(A1)", ""),
            ),
            row_headers=True,
        ),
    ),
)


def one_cell(text: Cell, *, title: str = "Value") -> Document:
    return Document(title="", blocks=(Table(columns=(Column("v", title),), rows=((text,),)),))


# -------------------------------------------------------------------------------------------------
# Cells


@pytest.mark.parametrize(
    ("cell", "human", "raw"),
    [
        (True, "yes", "yes"),
        (False, "no", "no"),
        (None, "unknown", "unknown"),
        (0, "0", "0"),
        (1_440_000, "1,440,000", "1440000"),
        (-1234, "-1,234", "-1234"),
        (450.0, "450", "450"),
        (3.75, "3.75", "3.75"),
        (0.3333, "0.33", "0.33"),
        (2.5, "2.5", "2.5"),
        (0.005, "0.01", "0.01"),
        (-0.001, "0", "0"),
        (1234567.891, "1,234,567.89", "1234567.89"),
        (1e6, "1,000,000", "1000000"),
        ("", "", ""),
        ("as is, 1000", "as is, 1000", "as is, 1000"),
    ],
)
def test_format_cell(cell: Cell, human: str, raw: str) -> None:
    assert format_cell(cell) == human
    assert format_cell(cell, grouped=False) == raw


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(value: float) -> None:
    with pytest.raises(ValueError, match="cannot show"):
        format_cell(value)


def test_bool_is_not_a_number() -> None:
    assert not is_number(True)
    assert is_number(3)
    assert is_number(3.5)
    assert not is_number("3")
    with pytest.raises(TypeError):
        format_number(True)


def test_formatting_ignores_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    german = dict(locale.localeconv())
    german.update(thousands_sep=".", decimal_point=",", grouping=[3, 3, 0])
    monkeypatch.setattr(locale, "localeconv", lambda: german)
    assert format_cell(1234567.5) == "1,234,567.5"
    assert format_cell(1_440_000) == "1,440,000"


# -------------------------------------------------------------------------------------------------
# Markdown

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_text(token: Token) -> str:
    """The text an inline token renders to; any markup is shown in brackets."""
    out: list[str] = []
    for child in token.children or []:
        if child.type in {"text", "text_special"}:
            out.append(child.content)
        elif child.type in {"hardbreak", "softbreak"} or (
            child.type == "html_inline" and child.content == "<br>"
        ):
            out.append("\n")
        else:
            out.append(f"[{child.type}:{child.content}]")
    return "".join(out)


def _md_cells(markdown: str) -> list[list[str]]:
    """Rows of a rendered Markdown table (header first), as displayed text."""
    rows: list[list[str]] = []
    tokens = _MD.parse(markdown)
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and tokens[index - 1].type in {"td_open", "th_open"}:
            rows[-1].append(_inline_text(token))
    return rows


def _visible(text: str) -> str:
    """Control characters (C0 but tab and newline, DEL, C1) as every renderer shows them."""
    return "".join(
        f"\\x{ord(char):02x}"
        if (ord(char) < 0x20 and char not in "\t\n") or 0x7F <= ord(char) < 0xA0
        else char
        for char in text
    )


def _displayed(text: str) -> str:
    """What a cell or paragraph is expected to show: lines stripped, newlines kept,
    control characters made visible."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_visible(line.strip(" \t")) for line in lines)


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a|b", r"a\|b"),
        ("`rm -rf`", r"\`rm -rf\`"),
        ("one\ntwo", "one<br>two"),
        ("one\r\ntwo\rthree", "one<br>two<br>three"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("&copy; &#35; &#x23;", "&amp;copy; &amp;#35; &amp;#x23;"),
        ("AT&T & co", "AT&T & co"),
        ("*bold* **x**", r"\*bold\* \*\*x\*\*"),
        ("_em_ long_code", r"\_em\_ long_code"),
        ("[link](http://x)", r"\[link\](http://x)"),
        ("~~gone~~", r"\~\~gone\~\~"),
        ("$x$", r"\$x\$"),
        ("back\\slash", r"back\\slash"),
        ("a\\|b", r"a\\\|b"),
    ],
)
def test_markdown_cell_escaping(text: str, escaped: str) -> None:
    markdown = render_markdown(one_cell(text))
    body_row = markdown.splitlines()[2]
    assert body_row.startswith("| " + escaped)
    assert _md_cells(markdown)[1] == [_displayed(text)]


def test_markdown_structure() -> None:
    markdown = render_markdown(SAMPLE)
    lines = markdown.splitlines()
    assert lines[0] == "# Sender plan: Acme Corp"
    assert "## Summary" in lines
    assert "### Sender matrix" in lines
    assert "- [ ] Collect sample messages" in lines
    # a table's title is a heading one level below its section (## Capacity)
    assert "### Throughput by sender" in lines
    header = lines.index("### Throughput by sender") + 2
    assert lines[header].startswith("| Sender ")
    assert re.fullmatch(r"\| :-+ \| -+: \| -+: \| -+: \| :-+ \|", lines[header + 1])
    assert re.fullmatch(
        r"\| short_code +\| +100 \| +8,640,000 \| +0\.01 \| yes +\|", lines[header + 2]
    )
    assert "unknown" in lines[header + 4]
    # Footnotes: a paragraph right under the table.
    assert lines[header + 5] == ""
    assert lines[header + 6] == "Messages/day assumes 24 hours at the full rate.\\"
    assert lines[header + 7] == "Costs exclude carrier surcharges."
    assert markdown.endswith("|\n")
    assert not markdown.endswith("\n\n")


def test_markdown_renders_as_intended() -> None:
    tokens = _MD.parse(render_markdown(SAMPLE))
    kinds = [
        token.type for token in tokens if token.level == 0 and not token.type.endswith("close")
    ]
    assert kinds == [
        "heading_open",  # title
        "paragraph_open",  # subtitle
        "heading_open",
        "paragraph_open",
        "bullet_list_open",
        "bullet_list_open",  # the checklist stays a list of its own
        "heading_open",
        "heading_open",  # table title
        "table_open",
        "paragraph_open",  # footnotes
        "heading_open",
        "heading_open",  # table title
        "table_open",
    ]
    rows = _md_cells(render_markdown(SAMPLE))
    assert ["Registration", "Brand | campaign\nabout 2 weeks", "unknown"] in rows
    assert ["Formula", "=SUM(A1)", ""] in rows


def test_markdown_heading_levels_are_clamped() -> None:
    document = Document(title="T", blocks=(Heading("deep", level=9), Heading("top", level=0)))
    assert render_markdown(document) == "# T\n\n###### deep\n\n# top\n"


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "- not a list",
        "+ nor this",
        "* nor this",
        "1. not numbered",
        "2) neither",
        "---",
        "===",
        ":-",
        "> not a quote",
        "```",
        "~~~",
        "<div>",
        "[ref]: /url",
        "    not code",
        "a | b",
    ],
)
@pytest.mark.parametrize("before", ["", "intro\n", "a | b\n"])
def test_markdown_paragraph_is_never_a_block_marker(before: str, text: str) -> None:
    markdown = render_markdown(Document(title="", blocks=(Paragraph(before + text),)))
    tokens = _MD.parse(markdown)
    assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert _inline_text(tokens[1]) == before + text.strip()


@pytest.mark.parametrize("text", ["Plan #", "Plan ##", "a # b #", "C#", "# x", "###", "*a* _b_"])
def test_markdown_heading_shows_exactly_its_text(text: str) -> None:
    for document in (Document(title=text), Document(title="", blocks=(Heading(text, 3),))):
        tokens = _MD.parse(render_markdown(document))
        assert tokens[0].type == "heading_open"
        assert _inline_text(tokens[1]) == text


@pytest.mark.parametrize("title", ["Plain", "*", "_", "**", "a_", "`", "a\\", "(x)", "[1]", "*a*"])
def test_markdown_table_title_is_a_heading_showing_exactly_its_text(title: str) -> None:
    # issue 11: section titles are headings, so a document's outline shows them
    table = Table((), (), title=title)
    for blocks, level in (((table,), 2), ((Heading("Part", 3), table), 4)):
        tokens = _MD.parse(render_markdown(Document(title="", blocks=blocks)))
        openers = [token for token in tokens if token.type == "heading_open"]
        assert openers[-1].tag == f"h{level}"
        assert _inline_text(tokens[tokens.index(openers[-1]) + 1]) == title


def test_markdown_links_are_links() -> None:
    block = BulletList(("A [page] *here*", "plain"), links=("https://example.com/a_b?x=<1>", ""))
    tokens = _MD.parse(render_markdown(Document(title="", blocks=(block,))))
    inline = [token for token in tokens if token.type == "inline"]
    link = inline[0].children or []
    assert link[0].type == "link_open"
    assert link[0].attrGet("href") == "https://example.com/a_b?x=%3C1%3E"
    assert "".join(child.content for child in link[1:-1]) == "A [page] *here*"
    assert [child.type for child in inline[1].children or []] == ["text"]


def test_markdown_skips_blank_table_title_and_footnotes() -> None:
    table = Table((Column("a", "A"),), (("x",),), title="  ", footnotes=("", "n1", " ", "n2\nmore"))
    assert render_markdown(Document(title="", blocks=(table,))) == (
        "| A   |\n| :-- |\n| x   |\n\nn1\\\nn2\\\nmore\n"
    )


def test_markdown_adjacent_lists_stay_apart() -> None:
    document = Document(
        title="", blocks=(BulletList(("a",)), BulletList(("b",)), BulletList(("c",)))
    )
    markdown = render_markdown(document)
    assert markdown == "- a\n\n* b\n\n- c\n"
    assert [t.type for t in _MD.parse(markdown)].count("bullet_list_open") == 3


def test_markdown_multiline_list_item_stays_in_its_item() -> None:
    document = Document(title="", blocks=(BulletList(("first\n- second",), checklist=True),))
    markdown = render_markdown(document)
    assert markdown == "- [ ] first\\\n  \\- second\n"
    tokens = _MD.parse(markdown)
    assert [t.type for t in tokens].count("list_item_open") == 1


_ANY_TEXT = st.text(max_size=40)
_MARKUP_TEXT = st.text(
    alphabet=st.sampled_from([*"ab1 _*`|\\[]()<>&#;!~$-+=.:'\"\n\r\t", "é", "字", "\0"]),
    max_size=40,
)


@given(cells=st.lists(st.one_of(_ANY_TEXT, _MARKUP_TEXT), min_size=1, max_size=4))
def test_markdown_row_has_one_pipe_per_column_boundary(cells: list[str]) -> None:
    columns = tuple(Column(f"c{index}", f"C|{index}") for index in range(len(cells)))
    markdown = render_markdown(Document(title="", blocks=(Table(columns, (tuple(cells),)),)))
    lines = markdown.removesuffix("\n").split("\n")
    assert len(lines) == 3
    for line in lines:
        assert _unescaped_pipes(line) == len(cells) + 1


@given(text=st.one_of(_MARKUP_TEXT, _ANY_TEXT.filter(str.isprintable)))
def test_markdown_cell_shows_exactly_its_text(text: str) -> None:
    rows = _md_cells(render_markdown(one_cell(text)))
    assert rows == [["Value"], [_displayed(text)]]


@given(text=_MARKUP_TEXT.filter(lambda t: t.strip(" \t\r\n")))
def test_markdown_paragraph_shows_exactly_its_text(text: str) -> None:
    tokens = _MD.parse(render_markdown(Document(title="", blocks=(Paragraph(text),))))
    assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert _inline_text(tokens[1]) == _displayed(text.strip(" \t\r\n"))


@given(
    items=st.lists(_MARKUP_TEXT.filter(lambda t: t.strip(" \t\r\n")), min_size=1, max_size=3),
    checklist=st.booleans(),
)
def test_markdown_list_items_show_exactly_their_text(items: list[str], checklist: bool) -> None:
    markdown = render_markdown(Document(title="", blocks=(BulletList(tuple(items), checklist),)))
    tokens = _MD.parse(markdown)
    assert [token.type for token in tokens].count("list_item_open") == len(items)
    box = "[ ] " if checklist else ""
    shown = [_inline_text(token) for token in tokens if token.type == "inline"]
    assert shown == [box + _displayed(item.strip(" \t\r\n")) for item in items]


# -------------------------------------------------------------------------------------------------
# HTML


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in {"td", "th"}:
            self._in_cell = True
            self.cells.append("")
        elif tag == "br" and self._in_cell:
            self.cells[-1] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"}:
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def _parse_html(text: str) -> _Collector:
    parser = _Collector()
    parser.feed(text)
    parser.close()
    return parser


def test_html_standalone_page() -> None:
    page = render_html(SAMPLE)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    assert "<title>Sender plan: Acme Corp</title>" in page
    assert page.endswith("</html>\n")
    style = page[page.index("<style>") : page.index("</style>")]
    for rule in (
        "@page { size: A4;",
        "border-collapse: collapse",
        "overflow-wrap: break-word",
        "display: table-header-group",
        "page-break-inside: avoid",
        "@media print",
    ):
        assert rule in style
    # Offline and inert: no scripts, no external resources.
    for forbidden in ("<script", "http:", "https:", "url(", "@import", "@font-face", "<link"):
        assert forbidden not in page.lower()
    assert page.count(f'<table class="{TABLE_CLASS}">') == 2
    assert "<caption>Throughput by sender</caption>" in page


def test_html_fragment_is_body_content_with_inline_styles() -> None:
    fragment = render_html(SAMPLE, fragment=True)
    for forbidden in ("<!doctype", "<html", "<head", "<body", "<style", "<meta", 'class="right"'):
        assert forbidden not in fragment.lower()
    assert fragment.startswith("<h1>Sender plan: Acme Corp</h1>\n")
    tables = [attrs for tag, attrs in _parse_html(fragment).tags if tag == "table"]
    assert len(tables) == 2
    for attrs in tables:
        assert attrs["class"] == TABLE_CLASS
        assert "border-collapse:collapse" in (attrs["style"] or "")
    cells = [attrs for tag, attrs in _parse_html(fragment).tags if tag in {"td", "th"}]
    assert all("border:1px solid" in (attrs["style"] or "") for attrs in cells)
    assert all("padding:" in (attrs["style"] or "") for attrs in cells)


def test_html_header_scopes() -> None:
    tags = _parse_html(render_html(SAMPLE)).tags
    scopes = [attrs.get("scope") for tag, attrs in tags if tag == "th"]
    # 5 + 3 column headers, then one row header per row of the matrix.
    assert scopes == ["col"] * 8 + ["row"] * 4
    plain = Document(title="", blocks=(Table((Column("a", "A"),), (("x",),)),))
    assert "<td" in render_html(plain)
    assert 'scope="row"' not in render_html(plain)


def test_html_escapes_every_value() -> None:
    hostile = "<script>alert(\"x\" + 'y')</script> & more"
    document = Document(
        title=hostile,
        subtitle=hostile,
        blocks=(
            Heading(hostile),
            Paragraph(hostile),
            BulletList((hostile,), checklist=True),
            Table((Column("h", hostile),), ((hostile,),), title=hostile, footnotes=(hostile,)),
        ),
    )
    escaped = "&lt;script&gt;alert(&quot;x&quot; + &#x27;y&#x27;)&lt;/script&gt; &amp; more"
    for fragment in (False, True):
        page = render_html(document, fragment=fragment)
        assert "<script" not in page
        assert "'y'" not in page
        # title (twice in a page: <title> and <h1>), subtitle, heading,
        # paragraph, item, table title, column, cell, footnote
        assert page.count(escaped) == (10 if not fragment else 9)


def test_html_cells() -> None:
    document = one_cell("first\nsecond\r\nthird")
    assert ">first<br>second<br>third</td>" in render_html(document)
    unknown = render_html(one_cell(None))
    assert '<td class="unknown">unknown</td>' in unknown
    numbers = Document(
        title="", blocks=(Table((Column("n", "N", Align.RIGHT),), ((1_440_000,), (None,))),)
    )
    page = render_html(numbers)
    assert '<th scope="col" class="right">N</th>' in page
    assert '<td class="right">1,440,000</td>' in page
    assert '<td class="right unknown">unknown</td>' in page
    assert 'text-align:right">1,440,000</td>' in render_html(numbers, fragment=True)


def test_html_footnotes_follow_the_table() -> None:
    page = render_html(SAMPLE)
    table_end = page.index("</table>")
    assert page.index("Messages/day assumes 24 hours") > table_end
    assert '<div class="footnotes">\n<p>Messages/day assumes' in page


_HTML_TAGS = {"h1", "p", "table", "thead", "tbody", "tr", "th", "td", "br"}


@given(text=st.one_of(_ANY_TEXT, _MARKUP_TEXT))
def test_html_cell_text_never_becomes_markup(text: str) -> None:
    fragment = render_html(
        Document(title="t", blocks=(Table((Column("a", "A"),), ((text,),)),)), fragment=True
    )
    parsed = _parse_html(fragment)
    assert {tag for tag, _ in parsed.tags} <= _HTML_TAGS
    assert parsed.cells == ["A", _visible(text.replace("\r\n", "\n").replace("\r", "\n"))]
    cell_html = fragment.split("<td", 1)[1].split("</td>", 1)[0].split(">", 1)[1]
    assert "<" not in cell_html.replace("<br>", "")


# -------------------------------------------------------------------------------------------------
# CSV


def _read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_csv_neutralises_formula_like_text(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert _read_csv(render_csv(one_cell(text))) == [["Value"], ["'" + text]]


@pytest.mark.parametrize("text", ["SUM(A1)", " =1", "a=b", "", "'quoted", "1-2", "unknown"])
def test_csv_leaves_plain_text_alone(text: str) -> None:
    assert neutralise(text) == text


def test_csv_numbers_are_numbers() -> None:
    table = Table(
        (
            Column("i", "i", Align.RIGHT),
            Column("f", "f", Align.RIGHT),
            Column("s", "s"),
            Column("b", "b"),
            Column("u", "u"),
        ),
        ((-5, -2.5, "-5", True, None), (1_440_000, 450.0, "1,440,000", False, "")),
    )
    assert render_csv(table) == (
        'i,f,s,b,u\n-5,-2.5,\'-5,yes,unknown\n1440000,450,"1,440,000",no,\n'
    )


def test_csv_document_layout() -> None:
    text = render_csv(SAMPLE)
    assert text.startswith("Throughput by sender\nSender,Messages/s,")
    assert "short_code,100,8640000,0.01,yes\n" in text
    assert "\n\nGermany and the United States\nAttribute,Germany,United States\n" in text
    assert "Formula,'=SUM(A1),\n" in text
    # Headings, paragraphs, lists and footnotes are not part of the grid.
    for absent in ("Summary", "Register the brand", "Collect sample", "surcharges"):
        assert absent not in text
    rows = _read_csv(text)
    assert rows[0] == ["Throughput by sender"]
    assert [] in rows  # the blank separator line
    assert ["Registration", "Brand | campaign\nabout 2 weeks", "unknown"] in rows


def test_csv_untitled_table_has_no_title_row() -> None:
    assert render_csv(Table((Column("a", "A"),), (("x",),))) == "A\nx\n"


def test_csv_line_quotes_a_lone_carriage_return() -> None:
    line = csv_line(["a\rb", 'say "hi"', "x,y"])
    assert line == '"a\rb","say ""hi""","x,y"\n'
    assert _read_csv(line) == [["a\rb", 'say "hi"', "x,y"]]


@given(cells=st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_csv_round_trips_any_text(cells: list[str]) -> None:
    columns = tuple(Column(f"c{index}", f"C{index}") for index in range(len(cells)))
    text = render_csv(Table(columns, (tuple(cells),)))
    header, row = _read_csv(text)
    assert header == [column.title for column in columns]
    restored = [
        value[1:] if value.startswith("'") and value[1:2] in {*"=+-@\t\r"} else value
        for value in row
    ]
    assert restored == cells
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row)


# -------------------------------------------------------------------------------------------------
# Terminal


def test_terminal_shows_text_verbatim() -> None:
    text = render_terminal(one_cell("[bold]x[/bold] :smile: [link=http://x]y[/link]"))
    assert "[bold]x[/bold] :smile: [link=http://x]y[/link]" in text
    assert "\x1b" not in text


def test_terminal_makes_control_characters_visible() -> None:
    text = render_terminal(one_cell("a\x1b[2Jb\x07c"))
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "a\\x1b[2Jb\\x07c" in text


def test_terminal_expands_tabs() -> None:
    document = Document(
        title="", blocks=(Paragraph("x\ty"), Table((Column("a", "A"),), (("a\tb",),)))
    )
    assert render_terminal(document) == (
        "x       y\n\n┌───────────┐\n│ A         │\n├───────────┤\n│ a       b │\n└───────────┘\n"
    )


def test_terminal_layout() -> None:
    text = render_terminal(SAMPLE)
    lines = text.splitlines()
    assert lines[:2] == ["Sender plan: Acme Corp", "=" * len("Sender plan: Acme Corp")]
    assert "Summary" in lines
    assert "-------" in lines
    assert "• Register the brand & campaign" in lines
    assert "[ ] Collect sample messages" in lines
    assert any(line.startswith("┌") for line in lines)
    row = next(line for line in lines if "short_code" in line)
    assert re.search(r"│\s+100 │\s+8,640,000 │\s+0\.01 │ yes\s+│$", row)
    assert "unknown" in next(line for line in lines if "alphanumeric_registered" in line)
    assert lines.index("Costs exclude carrier surcharges.") > lines.index(
        next(line for line in lines if line.startswith("└"))
    )
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in lines)


@pytest.mark.parametrize("width", [40, 60, 100])
def test_terminal_respects_width(width: int) -> None:
    long = "a-very-long-unbroken-value-" * 6
    document = Document(
        title="Wide",
        blocks=(Paragraph(long), Table((Column("a", "A"), Column("b", "B")), ((long, long),))),
    )
    text = render_terminal(document, width=width)
    assert max(cell_len(line) for line in text.splitlines()) <= width
    # Long text folds onto more lines: nothing is cut off.
    assert "\N{HORIZONTAL ELLIPSIS}" not in text
    assert text.count("v") == 3 * long.count("v")


def test_terminal_colour() -> None:
    plain = render_terminal(SAMPLE)
    coloured = render_terminal(SAMPLE, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[1m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).splitlines()[0] == plain.splitlines()[0]


def test_terminal_ignores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = render_terminal(SAMPLE), render_terminal(SAMPLE, color=True)
    for name, value in {
        "COLUMNS": "30",
        "LINES": "5",
        "NO_COLOR": "1",
        "FORCE_COLOR": "1",
        "TERM": "dumb",
        "TTY_COMPATIBLE": "1",
    }.items():
        monkeypatch.setenv(name, value)
    assert (render_terminal(SAMPLE), render_terminal(SAMPLE, color=True)) == expected


def test_terminal_rejects_a_silly_width() -> None:
    with pytest.raises(ValueError, match="width"):
        render_terminal(SAMPLE, width=-1)


# -------------------------------------------------------------------------------------------------
# Dispatch and JSON

_RENDERERS = {
    OutputFormat.TABLE: lambda: render_terminal(SAMPLE, width=80, color=True),
    OutputFormat.MARKDOWN: lambda: render_markdown(SAMPLE),
    OutputFormat.HTML: lambda: render_html(SAMPLE, fragment=True),
    OutputFormat.CSV: lambda: render_csv(SAMPLE),
}


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_render_covers_every_format(fmt: OutputFormat) -> None:
    if fmt in {OutputFormat.JSON, OutputFormat.JSONL}:
        with pytest.raises(ValueError, match="render JSON from the result, not from a table"):
            render(SAMPLE, fmt)
        return
    if fmt is OutputFormat.XLSX:  # bytes: advisor.render.xlsx (tests/test_xlsx_out.py)
        with pytest.raises(ValueError, match="a workbook is bytes"):
            render(SAMPLE, fmt)
        return
    if fmt is OutputFormat.PDF:  # bytes: advisor.render.pdf (tests/test_pdf.py)
        with pytest.raises(ValueError, match="a PDF is bytes"):
            render(SAMPLE, fmt)
        return
    assert render(SAMPLE, fmt, fragment=True, width=80, color=True) == _RENDERERS[fmt]()


def test_render_defaults() -> None:
    assert render(SAMPLE, OutputFormat.TABLE) == render_terminal(SAMPLE, width=100)
    assert render(SAMPLE, OutputFormat.HTML).startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("fmt", [f for f in OutputFormat if f in _RENDERERS])
def test_rendering_is_deterministic(fmt: OutputFormat) -> None:
    assert render(SAMPLE, fmt) == render(SAMPLE, fmt)
    assert render(SAMPLE, fmt).encode("utf-8") == render(SAMPLE, fmt).encode("utf-8")


class _Tier(enum.Enum):
    LOW = 1


class _Quote(pydantic.BaseModel):
    sender: SenderId
    price: float
    valid_from: dt.date


@dataclasses.dataclass(frozen=True)
class _Plan:
    name: str
    quotes: tuple[_Quote, ...]
    tier: _Tier
    created: dt.datetime
    tags: frozenset[str]


def test_render_json() -> None:
    plan = _Plan(
        name="Zürich plan",
        quotes=(_Quote(sender=SenderId.SHORT_CODE, price=0.5, valid_from=dt.date(2025, 1, 31)),),
        tier=_Tier.LOW,
        created=dt.datetime(2025, 2, 1, 12, 30),
        tags=frozenset({"b", "a"}),
    )
    text = render_json({"plan": plan, SenderId.TOLL_FREE: [1, 2]})
    assert text.endswith("}\n")
    assert '"name": "Zürich plan"' in text  # not \u-escaped
    assert text.startswith('{\n  "plan": {\n    "name"')
    assert json.loads(text) == {
        "plan": {
            "name": "Zürich plan",
            "quotes": [{"sender": "short_code", "price": 0.5, "valid_from": "2025-01-31"}],
            "tier": 1,
            "created": "2025-02-01T12:30:00",
            "tags": ["a", "b"],
        },
        "toll_free": [1, 2],
    }
    # Key order is kept, not sorted.
    assert list(json.loads(render_json({"b": 1, "a": 2}))) == ["b", "a"]


@pytest.mark.parametrize(
    "data",
    [
        float("nan"),
        {"x": float("inf")},
        _Quote(sender="toll_free", price=float("-inf"), valid_from=dt.date(2025, 1, 1)),
    ],
)
def test_render_json_rejects_non_finite_numbers(data: object) -> None:
    with pytest.raises(ValueError, match="JSON compliant"):
        render_json(data)


def test_render_json_rejects_unknown_types() -> None:
    with pytest.raises(TypeError, match="object"):
        render_json(object())
    with pytest.raises(TypeError, match="key"):
        render_json({(1, 2): "tuple key"})


# -------------------------------------------------------------------------------------------------
# Golden files


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("render/sample.md", lambda: render(SAMPLE, OutputFormat.MARKDOWN)),
        ("render/sample.html", lambda: render(SAMPLE, OutputFormat.HTML)),
        ("render/sample.fragment.html", lambda: render(SAMPLE, OutputFormat.HTML, fragment=True)),
        ("render/sample.csv", lambda: render(SAMPLE, OutputFormat.CSV)),
        ("render/sample.txt", lambda: render(SAMPLE, OutputFormat.TABLE, width=100)),
    ],
)
def test_golden(golden: Any, name: str, make: Callable[[], str]) -> None:
    golden.check(name, make())


def test_golden_fixture_reports_missing_and_different_files(golden: Any, tmp_path: Path) -> None:
    checker = type(golden)(tmp_path, update=False, nodeid="tests/test_x.py::test_y")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)does not exist.*--update-goldens"):
        checker.check("render/new.md", "text\n")
    assert not (tmp_path / "render").exists()

    (tmp_path / "same.txt").write_bytes(b"one\ntwo\n")
    checker.check("same.txt", "one\ntwo\n")
    with pytest.raises(pytest.fail.Exception) as failure:
        checker.check("same.txt", "one\nthree\n")
    message = str(failure.value)
    assert "-two\n" in message
    assert "+three\n" in message
    with pytest.raises(pytest.fail.Exception, match="line endings"):
        checker.check("same.txt", "one\r\ntwo\r\n")
    with pytest.raises(ValueError, match="relative"):
        checker.check("../escape.txt", "x")


def test_golden_fixture_updates_only_when_asked(golden: Any, tmp_path: Path) -> None:
    updater = type(golden)(tmp_path, update=True, nodeid="n")
    updater.check("render/new.md", "é\r\n")
    assert (tmp_path / "render" / "new.md").read_bytes() == "é\r\n".encode()
    type(golden)(tmp_path, update=False, nodeid="n").check("render/new.md", "é\r\n")


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=6,
    ),
    width=st.integers(min_value=40, max_value=140),
)
def test_terminal_tables_never_exceed_the_width(cells: list[list[str]], width: int) -> None:
    """Whatever the cells hold, no rendered line is wider than the terminal."""
    from rich.cells import cell_len

    from advisor.render.terminal import render_terminal

    table = Table(
        columns=(Column("a", "First"), Column("b", "Second column"), Column("c", "Third")),
        rows=tuple(tuple(row) for row in cells),
    )
    text = render_terminal(Document(title="t", blocks=(table,)), width=width)
    assert max(cell_len(line) for line in text.splitlines()) <= width
