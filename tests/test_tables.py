"""``advisor matrix`` and ``advisor countries``: golden files in every format, the JSON
contracts, bad input, and the footnotes of the sender matrix."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from advisor import knowledge
from advisor.cli import app
from advisor.engine import recommend, resolve_sender
from advisor.intake import Intake
from advisor.knowledge import KnowledgeBase
from advisor.knowledge.summary import last_asserted, summarise
from advisor.render.model import Table
from advisor.views.countries import TERMINAL_NOTES_MAX, country_support
from advisor.views.countries_document import countries_document
from advisor.views.matrix import matrix_document, sender_matrix, uses_mark
from advisor.vocab import Direction, OutputFormat, SenderId, UseCase

runner = CliRunner()

# --- Helpers -------------------------------------------------------------------------------------


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def ok(*args: str) -> str:
    code, out, err = invoke(*args)
    assert (code, err) == (0, ""), err
    return out


def as_json(*args: str) -> Any:
    return json.loads(ok(*args, "--format", "json"))


def fails(*args: str) -> str:
    """The one error line of a command that must exit 2 and print nothing on stdout."""
    code, out, err = invoke(*args)
    assert code == 2, (code, out, err)
    assert out == ""
    assert err.startswith("advisor: error: ")
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    return err


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge.load()


# --- Golden files: every command in every format -------------------------------------------------

COMMANDS = {
    "matrix": ("matrix",),
    "matrix-short-code-toll-free": ("matrix", "--senders", "short_code,toll_free"),
    "matrix-de": ("matrix", "--country", "DE"),
    "countries": ("countries", "US", "BR", "DE", "IN"),
    "countries-alphanumeric-registered": (
        "countries",
        "US",
        "BR",
        "DE",
        "IN",
        "--sender",
        "alphanumeric_registered",
    ),
}
FORMATS = {
    "txt": ("--format", "table"),
    "md": ("--format", "markdown"),
    "html": ("--format", "html"),
    "fragment.html": ("--format", "html", "--fragment"),
    "csv": ("--format", "csv"),
    "json": ("--format", "json"),
}


@pytest.mark.parametrize("extension", FORMATS)
@pytest.mark.parametrize("name", COMMANDS)
def test_golden(golden: Any, name: str, extension: str) -> None:
    out = ok(*COMMANDS[name], *FORMATS[extension])
    golden.check(f"tables/{name}.{extension}", out)


def test_output_is_deterministic() -> None:
    for args in COMMANDS.values():
        assert ok(*args, "--format", "html") == ok(*args, "--format", "html")


@pytest.mark.parametrize("name", COMMANDS)
def test_terminal_tables_fit_100_columns_and_keep_words_whole(name: str) -> None:
    text = ok(*COMMANDS[name])
    grid = [line for line in text.splitlines() if line and line[0] in "┌│├└"]
    assert grid
    assert max(len(line) for line in grid) <= 100
    cut = [line for line in grid if line[-1] not in "┐│┤┘"]
    assert not cut, "tables cut off at the right:\n" + "\n".join(cut[:3])
    # Every word of every cell is shown whole: no column is so narrow that the
    # terminal folds a word in two.
    shown = set(re.split(r"[\s│]+", text))
    cells = csv.reader(io.StringIO(ok(*COMMANDS[name], "--format", "csv")))
    words = {word for row in cells for cell in row for word in cell.split()}
    assert words - shown == set()


# --- advisor matrix ------------------------------------------------------------------------------


def test_matrix_json_has_the_documented_keys(kb: KnowledgeBase) -> None:
    data = as_json("matrix")
    assert list(data) == ["schema_version", "title", "country", "senders", "footnotes", "sources"]
    assert data["title"] == kb.matrix.title
    assert data["country"] is None
    assert [sender["id"] for sender in data["senders"]] == [str(s) for s in kb.senders]
    for sender in data["senders"]:
        assert list(sender) == ["id", "name", "matrix_title", "available", "attributes"]
        assert sender["available"] is None
        assert list(sender["attributes"]) == list(kb.matrix.rows)
        for fact in sender["attributes"].values():
            assert list(fact) == ["text", "source", "as_of", "note"]
            assert fact["text"]
            assert set(fact["source"]) <= set(data["sources"])
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fact["as_of"])
    assert [note["mark"] for note in data["footnotes"]] == [
        note.mark for note in kb.matrix.footnotes
    ]
    cited = {
        source for s in data["senders"] for f in s["attributes"].values() for source in f["source"]
    }
    assert set(data["sources"]) == cited  # every source cited, and nothing else


def test_matrix_rows_and_columns_follow_the_knowledge_base(kb: KnowledgeBase) -> None:
    document = matrix_document(sender_matrix(kb), kb, OutputFormat.MARKDOWN)
    (table,) = document.tables()
    assert table.row_headers
    assert [column.title for column in table.columns[1:]] == [
        sender.matrix_title for sender in kb.senders.values()
    ]
    assert [row[0] for row in table.rows] == list(kb.matrix.rows.values())
    throughput = table.rows[0]
    assert throughput[1:] == tuple(s.attributes.throughput.text for s in kb.senders.values())


def test_senders_pick_and_order_the_columns() -> None:
    data = as_json("matrix", "--senders", "toll_free, short_code")
    assert [sender["id"] for sender in data["senders"]] == ["toll_free", "short_code"]
    repeated = ok("matrix", "--senders", "toll_free", "--senders", "short_code")
    assert repeated == ok("matrix", "--senders", "toll_free,short_code")
    # Any letter case, hyphens for underscores; a sender named twice is shown once.
    assert ok("matrix", "--senders", "Toll-Free,toll_free,SHORT_CODE") == repeated


def test_senders_only_show_the_footnotes_their_cells_use() -> None:
    data = as_json("matrix", "--senders", "short_code")
    assert [note["mark"] for note in data["footnotes"]] == ["*"]  # "Recurring Fees*"
    markdown = ok("matrix", "--senders", "short_code", "--format", "markdown")
    assert "Verified Toll Free number" not in markdown


def test_matrix_in_a_country_applies_variants_and_overrides(kb: KnowledgeBase) -> None:
    data = as_json("matrix", "--country", "Germany")
    assert data["country"] == {
        "code": "DE",
        "name": "Germany",
        "reviewed": True,
        "as_of": last_asserted(kb.countries["DE"]).isoformat(),  # type: ignore[union-attr]
    }
    senders = {sender["id"]: sender for sender in data["senders"]}
    long_code = senders["long_code"]
    assert long_code["name"] == "Domestic long code"
    assert long_code["attributes"]["throughput"]["text"] == (
        resolve_sender(kb, SenderId.LONG_CODE, "DE").attributes.throughput.text
    )
    summary = summarise(kb, "DE")
    assert {sender: entry["available"] for sender, entry in senders.items()} == {
        str(sender): summary.status(sender).value for sender in kb.senders
    }
    assert senders["toll_free"]["available"] == "no"
    # Column titles: the sender's name there when a variant applies, else the matrix title.
    document = matrix_document(sender_matrix(kb, country="DE"), kb, OutputFormat.HTML)
    (table,) = document.tables()
    titles = [column.title for column in table.columns]
    assert titles[:3] == ["Attribute", "Short Codes", "Domestic long code"]
    assert table.rows[0][0] == "Available in Germany"
    us = matrix_document(sender_matrix(kb, country="US"), kb, OutputFormat.HTML)
    assert us.tables()[0].columns[2].title == "A2P 10DLC"
    assert us.title == "Sender matrix: United States (US)"


def _ban(**scope: Any) -> dict[str, Any]:
    return {
        "id": "aa-long-numbers-p2p",
        "kind": "ban",
        "title": "Long numbers are person-to-person only",
        "text": "Operators block A2P traffic from long numbers.",
        "senders": ["long_code"],
        **scope,
        "source": ["twilio-guidelines"],
        "as_of": "2026-05-09",
    }


@pytest.mark.parametrize(
    ("scope", "provider", "expected"),
    [
        ({}, None, "no"),  # the country's ban, for every use case: no A2P SMS, whoever sells it
        ({}, "infobip", "no"),
        ({"use_cases": ["promotional"]}, None, "yes"),  # other traffic still goes
        ({"providers": ["twilio"]}, None, "yes"),  # the market may still have it
        ({"providers": ["twilio"]}, "twilio", "no"),
        ({"providers": ["twilio"]}, "infobip", "yes"),
        ({"until": "2026-01-01"}, None, "yes"),  # a ban that has ended
    ],
)
def test_a_ban_on_every_use_case_is_what_the_country_tables_say(
    scope: dict[str, Any], provider: str | None, expected: str
) -> None:
    """FR and MY: the claims say providers sell long numbers, a ban says they carry no A2P."""
    import datetime as dt

    from kbtools import country, make_kb

    from advisor.knowledge import dated

    kb_ = make_kb({"AA": country(requirements=[_ban(**scope)])})
    context = dated.Context(on=dt.date(2026, 12, 2), provider=provider)
    summary = summarise(kb_, "AA", context)
    assert summary.domestic_long_code_sms.value == expected
    assert summary.alpha_supported.value == "yes"  # other senders are untouched
    if expected == "no":
        assert summary.senders[SenderId.LONG_CODE].sources == ("twilio-guidelines",)
        assert SenderId.LONG_CODE not in summary.two_way_options


def test_the_terminal_shows_the_matrix_three_senders_to_a_table(kb: KnowledgeBase) -> None:
    document = matrix_document(sender_matrix(kb), kb, OutputFormat.TABLE)
    tables = document.tables()
    assert [len(table.columns) for table in tables] == [4, 4]
    assert [table.footnotes != () for table in tables] == [False, True]
    two = matrix_document(sender_matrix(kb, ["short_code", "toll_free"]), kb, OutputFormat.TABLE)
    assert [len(table.columns) for table in two.tables()] == [3]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--senders", "fax"), "--senders: unknown sender id 'fax'; expected one of short_code, "),
        (("--senders", ","), "--senders: expected sender ids separated by commas, got nothing"),
        (("--country", "Atlantis"), "--country: unknown country 'Atlantis'"),
        (("--country", "XX"), "--country: unknown country code 'XX'"),
        (("--format", "svg"), "--format: expected one of table, markdown, html, csv, json"),
        (("--fragment",), "--fragment applies to --format html only, not table"),
    ],
)
def test_matrix_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], expected: str) -> None:
    assert expected in fails("matrix", *args)


def test_an_unknown_sender_names_every_valid_id() -> None:
    error = fails("matrix", "--senders", "short_code,fax")
    assert all(sender.value in error for sender in SenderId)


# --- Footnotes -----------------------------------------------------------------------------------


def _marks(text: str) -> str:
    found = re.search(r"\*+$", text)
    return found.group(0) if found else ""


def _every_cell_text(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(where, text) of every matrix label and every text a matrix cell can show."""
    texts = [(f"matrix.rows.{name}", label) for name, label in kb.matrix.rows.items()]
    for sender_id, sender in kb.senders.items():
        for attribute in kb.matrix.rows:
            texts.append((f"{sender_id}.{attribute}", getattr(sender.attributes, attribute).text))
        for index, variant in enumerate(sender.variants):
            for attribute, fact in variant.overrides:
                if fact is not None:
                    texts.append((f"{sender_id}.variants[{index}].{attribute}", fact.text))
    for code, country in kb.countries.items():
        for sender_id, entry in country.senders.items():
            for attribute in ("lead_time", "throughput", "registration"):
                for index, claim in enumerate(getattr(entry, attribute)):
                    where = f"countries.{code}.senders.{sender_id}.{attribute}[{index}]"
                    texts.append((where, claim.text))
    return texts


def test_every_footnote_mark_used_in_a_cell_has_its_footnote(kb: KnowledgeBase) -> None:
    marks = {note.mark for note in kb.matrix.footnotes}
    used = {_marks(text): where for where, text in _every_cell_text(kb) if _marks(text)}
    assert used, "the matrix uses footnote marks"
    missing = {mark: where for mark, where in used.items() if mark not in marks}
    assert not missing, f"footnote marks without a footnote: {missing}"


def _shown_marks(table: Table) -> set[str]:
    cells = [cell for row in table.rows for cell in row if isinstance(cell, str)]
    return {_marks(cell) for cell in cells} - {""}


@pytest.mark.parametrize("country", [None, "US", "DE", "BR", "IN", "CA"])
def test_every_shown_mark_is_explained_under_the_table(
    kb: KnowledgeBase, country: str | None
) -> None:
    document = matrix_document(sender_matrix(kb, country=country), kb, OutputFormat.MARKDOWN)
    (table,) = document.tables()
    explained = {note.split(" ", 1)[0] for note in table.footnotes if note.startswith("*")}
    assert _shown_marks(table) == explained


def test_uses_mark_matches_the_whole_run_of_asterisks() -> None:
    assert uses_mark("API*****", "*****")
    assert not uses_mark("API*****", "*")
    assert not uses_mark("API*****", "****")
    assert uses_mark("Recurring Fees*", "*")
    assert not uses_mark("Unlimited", "*")


def test_every_country_has_a_matrix(kb: KnowledgeBase) -> None:
    for code in kb.countries:
        matrix = sender_matrix(kb, country=code)
        assert [column.sender for column in matrix.columns] == [
            resolve_sender(kb, sender, code) for sender in kb.senders
        ]
        document = matrix_document(matrix, kb, OutputFormat.CSV)
        assert all(cell not in ("", None) for row in document.tables()[0].rows for cell in row[:1])


# --- advisor countries ---------------------------------------------------------------------------

COUNTRY_KEYS = [
    "code",
    "name",
    "aliases",
    "reviewed",
    "review_date",
    "short_code",
    "toll_free_sms",
    "domestic_long_code_sms",
    "domestic_long_code_two_way",
    "alpha_supported",
    "alpha_registration",
    "alpha_dynamic_delivered",
    "international_long_code",
    "two_way_options",
    "senders",
    "notes",
    "links",
    "source",
    "as_of",
]


def countries_json(*args: str) -> list[Any]:
    """The countries of ``countries --format json``: ``{schema_version, countries: [...]}``."""
    data = as_json("countries", *args)
    assert list(data) == ["schema_version", "countries"]
    countries: list[Any] = data["countries"]
    return countries


def test_countries_json_has_every_fact(kb: KnowledgeBase) -> None:
    data = countries_json("DE", "US")
    assert [country["code"] for country in data] == ["DE", "US"]
    germany = data[0]
    assert list(germany) == COUNTRY_KEYS
    country = kb.countries["DE"]
    summary = summarise(kb, "DE")
    assert germany["alpha_registration"] == summary.alpha_registration.value
    assert germany["reviewed"] is country.reviewed
    assert germany["review_date"] == (
        country.review.date.isoformat() if country.review.date else None
    )
    assert germany["notes"] == country.notes
    assert list(germany["senders"]) == [str(sender) for sender in kb.senders]
    long_code = germany["senders"]["long_code"]
    assert list(long_code) == [
        "name",
        "status",
        "providers",
        "local_only",
        "two_way_confirmed",
        "lead_time",
    ]
    assert long_code["name"] == "Domestic long code"
    assert long_code["status"] == summary.status(SenderId.LONG_CODE).value
    assert germany["links"] == [source.url for source in country.sources.values()]
    assert data[1]["senders"]["long_code"]["name"] == "A2P 10DLC"


def test_countries_json_narrows_the_senders_only() -> None:
    data = countries_json("BR", "--sender", "alphanumeric_registered")
    assert list(data[0]) == COUNTRY_KEYS
    assert list(data[0]["senders"]) == ["alphanumeric_registered"]


def test_every_country_sorted_by_code_without_arguments(kb: KnowledgeBase) -> None:
    data = countries_json()
    assert [country["code"] for country in data] == sorted(kb.countries)
    assert len(data) == len(kb.countries)


def test_countries_by_name_in_the_order_given_each_once() -> None:
    data = countries_json("india", "Deutschland", "DE", "br")
    assert [country["code"] for country in data] == ["IN", "DE", "BR"]


def test_unknown_reads_unknown_never_blank() -> None:
    for args in ((), ("--sender", "short_code"), ("--sender", "alphanumeric_dynamic")):
        text = ok("countries", *args, "--format", "csv")
        rows = list(csv.reader(io.StringIO(text)))
        header, body = rows[0], rows[1:]
        assert len(body) == 221
        blank = [
            (row[0], name)
            for row in body
            for name, cell in zip(header, row, strict=True)
            if not cell
        ]
        # Only a note may be empty (a country with nothing to add).
        assert all(name == "Notes" for _, name in blank), blank
        assert any("unknown" in row for row in body)


def test_an_unknown_fact_is_unknown_in_every_format(kb: KnowledgeBase) -> None:
    code = next(c for c in kb.countries if summarise(kb, c).short_code.value == "unknown")
    markdown = ok("countries", code, "--format", "markdown")
    row = next(
        line for line in markdown.splitlines() if line.startswith(f"| {kb.countries[code].name}")
    )
    assert row.split("|")[2].strip() == "unknown"
    html = ok("countries", code, "--format", "html")
    assert '<td class="unknown">unknown</td>' in html


def test_notes_are_left_out_of_a_long_terminal_table_only() -> None:
    many = ["US", "BR", "DE", "IN", "GB", "FR"]
    assert len(many) > TERMINAL_NOTES_MAX
    assert "\nNotes\n" not in ok("countries", *many)
    assert "\nNotes\n" in ok("countries", *many, "--notes")
    assert "\nNotes\n" in ok("countries", *many[:TERMINAL_NOTES_MAX])
    assert "\nNotes\n" in ok("countries", *many, "--sender", "short_code")
    assert "## Notes" in ok("countries", *many, "--format", "markdown")
    assert "## Notes" not in ok("countries", *many, "--format", "markdown", "--no-notes")
    assert ",Notes\n" in ok("countries", "DE", "--format", "csv")
    assert ",Notes\n" not in ok("countries", "DE", "--format", "csv", "--no-notes")


def test_the_terminal_turns_the_table_of_every_sender_round(kb: KnowledgeBase) -> None:
    result = country_support(kb, ["US", "BR", "DE", "IN", "GB"], fmt=OutputFormat.TABLE)
    tables = countries_document(result, kb).tables()
    assert [[column.title for column in table.columns[1:]] for table in tables] == [
        ["United States (US)", "Brazil (BR)", "Germany (DE)", "India (IN)"],
        ["United Kingdom (GB)"],
    ]
    assert [row[0] for row in tables[0].rows][:2] == ["Short code", "Long code"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("XX",), "country: unknown country code 'XX': expected an ISO 3166 alpha-2 code"),
        (("DE", "Narnia"), "country: unknown country 'Narnia'"),
        (("Germani",), "did you mean Germany?"),
        (("--sender", "fax"), "--sender: unknown sender id 'fax'; expected one of short_code, "),
        (("--format", "xml"), "--format: expected one of table, markdown, html, csv, json"),
        (("--fragment", "--format", "csv"), "--fragment applies to --format html only"),
    ],
)
def test_countries_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], expected: str) -> None:
    assert expected in fails("countries", *args)


AVAILABILITY_RULES = {"sender-unavailable", "local-entity-only"}


def _banned_for_every_use_case(kb: KnowledgeBase, code: str) -> set[SenderId]:
    """The senders a country ban excludes, whatever the traffic."""
    banned = set(SenderId)
    for use_case in UseCase:
        direction = Direction.TWO_WAY if use_case is UseCase.CONVERSATIONAL else Direction.ONE_WAY
        intake = Intake(country=code, use_case=use_case, direction=direction)
        banned &= {
            exclusion.sender
            for exclusion in recommend(intake, kb).excluded
            if any(reason.rule == "country-ban" for reason in exclusion.reasons)
        }
    return banned


def test_available_no_is_what_the_engine_rules_out(kb: KnowledgeBase) -> None:
    """The table's "no" and the engine's exclusions read the same claims (and bans)."""
    assert {rule.id for rule in kb.rules} >= AVAILABILITY_RULES
    for code in kb.countries:
        intake = Intake(country=code, use_case=UseCase.TRANSACTIONAL, direction=Direction.ONE_WAY)
        ruled_out = {
            exclusion.sender
            for exclusion in recommend(intake, kb).excluded
            if any(reason.rule in AVAILABILITY_RULES for reason in exclusion.reasons)
        } | _banned_for_every_use_case(kb, code)
        summary = summarise(kb, code)
        unavailable = {sender for sender in kb.senders if summary.status(sender).value == "no"}
        assert unavailable == ruled_out, code
