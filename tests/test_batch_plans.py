"""``batch`` for customers with several destinations (issue 12 item 4): the country cell
that lists countries, customers whose rows are planned as ``advisor plan`` plans them,
the outputs that carry the plans, and one proposal per customer."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import knowledge
from advisor.batch import Summary, evaluate_sheet, open_sheet
from advisor.batch.destinations import split_country_cell
from advisor.batch.plans import SheetPlans, expand_records, plan_sheet, with_plans
from advisor.batch.results import RowResult
from advisor.engine import recommend
from advisor.errors import InputError
from advisor.knowledge import KnowledgeBase
from advisor.plan import build_plan
from advisor.plan.inputs import DestinationAnswers, destination_intakes
from tests.clitools import bash, invoke, one_error_line, run
from tests.xlsxtools import read_xlsx

ROOT = Path(__file__).parent.parent
MULTI = ROOT / "examples" / "intake-multi-country.csv"
PRICES = ROOT / "examples" / "prices-INVENTED-example.csv"
HEADER = ("customer", "country", "use_case", "direction", "mps", "daily_volume", "provider")


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge.load()


def _sheet(folder: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> Path:
    path = folder / "sheet.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _run(path: Path, kb: KnowledgeBase, **defaults: str) -> tuple[SheetPlans, list[RowResult]]:
    """What ``batch`` does with a sheet: the plans, then every row, expanded and planned."""
    plans = plan_sheet(lambda: open_sheet(path, str(path)), kb, defaults)
    with open_sheet(path, str(path)) as sheet:
        sheet.records = expand_records(sheet.records, plans, sheet.fields["country"])
        rows = list(with_plans(evaluate_sheet(sheet, kb, Summary(), defaults), plans))
    return plans, rows


# --- The country cell ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("US", ("US",)),
        ("United States", ("United States",)),
        ("+1 416 555 0199", ("+1 416 555 0199",)),
        ("US;CA;GB", ("US", "CA", "GB")),
        ("US, Canada , GB", ("US", "Canada", "GB")),
        (" DE ; +33612345678 ", ("DE", "+33612345678")),
    ],
)
def test_a_country_cell_is_one_destination_or_a_list(
    kb: KnowledgeBase, cell: str, expected: tuple[str, ...]
) -> None:
    assert split_country_cell(cell, kb, "s.csv: line 2: country") == expected


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("US;CA,GB", "mixes ; and , as separators"),
        ("US;;GB", "country 2 of 'US;;GB' is empty"),
        ("US;", "country 2 of 'US;' is empty"),
        ("US;United States", "'United States' is US, already country 1"),
        ("US;Atlantis", "unknown country 'Atlantis'"),
    ],
)
def test_an_ambiguous_country_cell_is_an_error_naming_where(
    kb: KnowledgeBase, cell: str, says: str
) -> None:
    with pytest.raises(InputError) as raised:
        split_country_cell(cell, kb, "s.csv: line 4: Country")
    message = raised.value.message
    assert message.startswith("s.csv: line 4: Country: ")
    assert says in message
    assert "expected" in message or "give each country once" in message
    assert "\n" not in message


# --- Which customers get a plan ------------------------------------------------------------------


def test_rows_of_one_customer_and_a_list_cell_are_planned(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        [
            ("Acme", "US;CA", "transactional", "one-way", "20", "5000", "twilio"),
            ("Solo", "FR", "otp", "one-way", "", "", ""),
            (" acme ", "GB", "otp", "one-way", "5", "1000", "Twilio"),
            ("", "DE;FR", "promotional", "one-way", "", "", ""),
        ],
    )
    plans, rows = _run(path, kb)
    assert [(p.number, p.name, p.lines) for p in plans.plans] == [
        (1, "Acme", (2, 4)),
        (2, "line 5", (5,)),
    ]
    assert [d.country for d in plans.plans[0].plan.destinations] == ["US", "CA", "GB"]
    # a result row per destination, each with its input line; Solo has no plan
    assert [(r.line, r.cells[1]) for r in rows] == [
        (2, "US"),
        (2, "CA"),
        (3, "FR"),
        (4, "GB"),
        (5, "DE"),
        (5, "FR"),
    ]
    assert [r.plan.number if r.plan else None for r in rows] == [1, 1, None, 1, 2, 2]
    # the row's own values apply to its destinations: GB is otp at 5 MPS, US 20
    acme = plans.plans[0].plan
    assert [d.report.recommendation.intake.mps for d in acme.destinations] == [20, 20, 5]


def test_rows_that_disagree_on_the_provider_give_no_plan_and_say_why(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    """One customer on two providers is a real set-up: its rows are answered, unplanned."""
    path = _sheet(
        tmp_path,
        [
            ("Acme", "US", "otp", "one-way", "", "", "twilio"),
            ("Other", "DE", "otp", "one-way", "", "", ""),
            ("ACME", "CA", "otp", "one-way", "", "", "aws"),
        ],
    )
    plans, rows = _run(path, kb)
    assert not plans
    assert [r.status for r in rows] == ["ok", "ok", "ok"]
    assert plans.notes == [
        "'Acme': no plan: line 4 gives provider 'aws' but line 2 gives 'twilio' (a plan has "
        "one provider: give the rows other customer names to plan each)"
    ]


def test_a_blank_provider_takes_the_command_lines_before_comparing(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    rows = [
        ("Acme", "US", "otp", "one-way", "", "", "twilio"),
        ("Acme", "CA", "otp", "one-way", "", "", ""),
    ]
    path = _sheet(tmp_path, rows)
    plans, _ = _run(path, kb)
    assert not plans
    assert plans.notes == [
        "'Acme': no plan: line 3 gives provider '(blank)' but line 2 gives 'twilio' (a plan "
        "has one provider: give the rows other customer names to plan each)"
    ]
    plans, _ = _run(path, kb, provider="twilio")
    assert plans.plans[0].plan.provider == "twilio"


def test_a_customer_that_cannot_be_planned_is_said_and_its_rows_answered(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path,
        [
            ("Twice", "US", "otp", "one-way", "", "", ""),
            ("Twice", "US", "promotional", "one-way", "", "", ""),
            ("Broken", "DE", "otp", "one-way", "", "", ""),
            ("Broken", "FR", "sometimes", "one-way", "", "", ""),
        ],
    )
    plans, rows = _run(path, kb)
    assert not plans
    assert [r.status for r in rows] == ["ok", "ok", "ok", "error"]
    assert plans.notes == [
        "'Twice': no plan: lines 2 and 3 both send to US; a plan answers each country once "
        "(give them other customer names to plan them apart)",
        "'Broken': no plan: line 5 is an error (use_case: expected one of conversational, "
        "transactional, promotional, otp, got 'sometimes')",
    ]


def test_a_sheet_without_plans_is_answered_as_before(kb: KnowledgeBase, tmp_path: Path) -> None:
    plans, rows = _run(ROOT / "examples" / "intake.csv", kb)
    assert not plans
    assert not plans.lists
    assert not plans.notes
    assert len(rows) == 21
    assert all(r.plan is None for r in rows)


# --- The property: batch's plan is plan's, and each sender is recommend's ------------------------

COUNTRIES = ("US", "CA", "GB", "DE", "FR", "AU", "BR", "IN", "JP", "MX", "SG", "ZA", "NL", "ES")
USES = ("transactional", "promotional", "otp")


@contextlib.contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_batch_plans_are_plans_and_senders_are_recommends(
    kb: KnowledgeBase, data: st.DataObject
) -> None:
    countries = data.draw(st.lists(st.sampled_from(COUNTRIES), min_size=2, max_size=6, unique=True))
    provider = data.draw(st.sampled_from(["", "twilio", "aws", "telnyx"]))
    # the destinations split over rows, some of them listing several countries
    cuts = sorted(data.draw(st.sets(st.integers(1, len(countries) - 1), max_size=3)))
    groups = [countries[a:b] for a, b in zip([0, *cuts], [*cuts, len(countries)], strict=True)]
    separator = data.draw(st.sampled_from([";", ","]))
    rows = []
    for group in groups:
        use = data.draw(st.sampled_from(USES))
        way = data.draw(st.sampled_from(["one-way", "two-way"]))
        mps = data.draw(st.sampled_from(["", "1", "30"]))
        rows.append(("Acme", separator.join(group), use, way, mps, "10000", provider))
    with _folder() as folder:
        plans, results = _run(_sheet(folder, rows), kb)
    assert len(plans.plans) == 1
    batch_plan = plans.plans[0].plan
    # advisor plan's path: a destination per country with the row's own answers
    answers = [
        DestinationAnswers(
            f"row {index}",
            {
                "country": code,
                "use_case": row[2],
                "direction": row[3],
                "mps": row[4],
                "daily_volume": row[5],
            },
        )
        for index, row in enumerate(rows)
        for code in row[1].split(separator)
    ]
    shared = {"provider": provider or None}
    intakes = destination_intakes(kb, shared, answers, str)
    plan = build_plan(kb, intakes, provider=intakes[0].provider)
    batch_senders = [d.sender for d in batch_plan.destinations]
    assert [d.country for d in batch_plan.destinations] == countries
    assert batch_senders == [d.sender for d in plan.destinations]
    firsts = [recommend(intake, kb).best for intake in intakes]
    assert batch_senders == [best.sender if best else None for best in firsts]
    # and each result row says the same sender as the plan for its destination
    by_country = {d.country: d.sender for d in batch_plan.destinations}
    for result in results:
        rec = result.answer.recommendation
        assert rec is not None
        sender = by_country[rec.intake.country]
        assert result.answer.recommended_sender == (sender.value if sender else None)
    assert plans.plans[0].pool_text.endswith(
        ", ".join(f"{s.country} {s.sender.value}" for s in plan.pool.senders)
    )
    assert batch_plan.opt_out.scope == plan.opt_out.scope


# --- The command ---------------------------------------------------------------------------------


def test_csv_has_a_row_per_destination_and_the_plan_columns() -> None:
    code, out, err = invoke("batch", str(MULTI))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["customer"], r["country"]) for r in rows] == [
        ("Heronsgate Air", "US"),
        ("Heronsgate Air", "CA"),
        ("Heronsgate Air", "GB"),
        ("Heronsgate Air", "DE"),
        ("Larkspur Pharmacy", "US"),
        ("Larkspur Pharmacy", "Canada"),
        ("Quillfeather Books", "FR"),
    ]
    assert list(rows[0])[-5:] == ["plan", "ready_on", "plan_ready_on", "pool", "opt_out_scope"]
    assert rows[0]["pool"].startswith("Messaging Service (twilio): US short_code, CA ")
    assert rows[0]["opt_out_scope"] == "pool"
    assert rows[-1]["plan"] == ""
    assert rows[-1]["pool"] == ""
    assert "plans: 2 customers with several destinations" in err


def test_a_sheet_without_plans_keeps_its_columns() -> None:
    code, out, _ = invoke("batch", "examples/intake.csv", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["schema_version", "rows", "summary"]
    assert "plan" not in data["rows"][0]


def test_json_has_the_plans_as_plan_gives_them() -> None:
    code, out, _ = invoke("batch", str(MULTI), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["schema_version", "rows", "plans", "summary"]
    first = data["plans"][0]
    assert (first["number"], first["name"], first["lines"]) == (1, "Heronsgate Air", [2, 3])
    countries = [d["country"] for d in first["plan"]["destinations"]]
    assert countries == ["US", "CA", "GB", "DE"]
    senders = {d["country"]: d["sender"] for d in first["plan"]["destinations"]}
    for row in data["rows"][:4]:
        assert row["plan"]["number"] == 1
        assert row["recommended_sender"] == senders[row["input"]["country"]]
    assert data["rows"][-1]["plan"] is None


@pytest.mark.parametrize(
    ("cell", "says"),
    [("US;CA,GB", "mixes ; and , as separators"), ("US;;GB", "is empty")],
)
def test_an_ambiguous_cell_stops_the_run_with_exit_2_and_no_output(
    tmp_path: Path, cell: str, says: str
) -> None:
    sheet = _sheet(tmp_path, [("Acme", "FR", "otp", "one-way", "", "", ""),
                              ("Acme", cell, "otp", "one-way", "", "", "")])  # fmt: skip
    out = tmp_path / "out.csv"
    result = run("batch", str(sheet), "-o", str(out))
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert line.startswith(f"advisor: error: {sheet}: line 3: country: ")
    assert says in line
    assert "expected countries separated by ; or by ," in line
    assert not out.exists()


def test_stdin_is_read_twice_through_a_spool() -> None:
    result = run("batch", "-", "--format", "jsonl", input=MULTI.read_bytes())
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["line"] for line in lines] == [2, 2, 2, 3, 4, 5, 6]
    assert [line["plan"]["name"] if line["plan"] else None for line in lines][-3:] == [
        "Larkspur Pharmacy",
        "Larkspur Pharmacy",
        None,
    ]


def test_xlsx_has_the_cost_as_numbers_and_a_plans_sheet(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    code, _, err = invoke(
        "batch", str(MULTI), "--prices", str(PRICES), "--format", "xlsx", "-o", str(out)
    )
    assert code == 0, err
    book = read_xlsx(out)
    assert list(book) == ["Results", "Plans", "Summary"]
    header, *rows = book["Results"]
    cost = header.index("monthly_cost")
    assert header[cost + 1 : cost + 3] == ("monthly_cost_currency", "plan")
    # priced where the sheet has a price; blank (never zero) where it has none (FR)
    assert [isinstance(row[cost], float | int) for row in rows] == [True] * 6 + [False]
    assert rows[-1][cost] in (None, "")
    assert rows[-1][cost + 1] in (None, "")
    assert {row[cost + 1] for row in rows[:6]} == {"USD"}
    plans_header, *plan_rows = book["Plans"]
    assert plans_header[:5] == ("plan", "customer", "lines", "country", "sender")
    assert [(r[0], r[3]) for r in plan_rows] == [
        (1, "US"), (1, "CA"), (1, "GB"), (1, "DE"), (2, "US"), (2, "CA")
    ]  # fmt: skip
    # the plan's cost per destination is the row's
    by_row = {(r[0], r[1]): r[cost] for r in rows}
    assert plan_rows[0][9] == by_row[("Heronsgate Air", "US")]


def test_xlsx_without_plans_has_the_monthly_cost_too(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    code, _, _ = invoke(
        "batch", "examples/intake.csv", "--prices", str(PRICES), "--format", "xlsx", "-o", str(out)
    )
    assert code == 1  # the sheet has error rows
    book = read_xlsx(out)
    assert list(book) == ["Results", "Summary"]
    header, *rows = book["Results"]
    assert header[-2:] == ("monthly_cost", "monthly_cost_currency")
    priced = [row for row in rows if row[-2] not in (None, "")]
    assert priced
    assert all(isinstance(row[-2], float | int) and row[-1] for row in priced)


def test_report_dir_writes_one_proposal_per_customer(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    code, _, err = invoke(
        "batch", str(MULTI), "--report-dir", str(folder), "--report-format", "markdown"
    )
    assert code == 0, err
    names = sorted(path.name for path in folder.iterdir())
    assert names == ["heronsgate-air.md", "larkspur-pharmacy.md", "quillfeather-books.md"]
    text = (folder / "heronsgate-air.md").read_text(encoding="utf-8")
    assert "SMS sender proposal for Heronsgate Air in 4 countries" in text
    for country in ("United States", "Canada", "United Kingdom", "Germany"):
        assert text.count(country) >= 2  # its row of destinations, its "keeps up"
    assert "Short code" in text
    assert "Toll-free number" in text
    assert "10 February 2027" in text  # the US's go-live
    assert "messages a second" in text  # capacity
    assert "Sender pool: Messaging Service" in text
    assert "Opt-out scope" in text
    assert "reports written: 3" in err


def test_report_dir_never_writes_over_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "heronsgate-air.html").write_text("mine", encoding="utf-8")
    code, _, _ = invoke("batch", str(MULTI), "--report-dir", str(folder))
    assert code == 0
    assert (folder / "heronsgate-air.html").read_text(encoding="utf-8") == "mine"
    assert "Heronsgate Air in 4 countries" in (folder / "heronsgate-air-2.html").read_text(
        encoding="utf-8"
    )


# --- Goldens -------------------------------------------------------------------------------------

GOLDEN_FORMATS = {"csv": "csv", "md": "markdown", "json": "json", "txt": "table", "html": "html"}


@pytest.mark.parametrize("suffix", GOLDEN_FORMATS)
def test_golden(suffix: str, golden: Any) -> None:
    code, out, _ = invoke(
        "batch", "examples/intake-multi-country.csv", "--prices", str(PRICES.relative_to(ROOT)),
        "--format", GOLDEN_FORMATS[suffix],
    )  # fmt: skip
    assert code == 0
    golden.check(f"batch/multi-country.{suffix}", out)


def test_golden_proposal(golden: Any, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    code, _, _ = invoke("batch", str(MULTI), "--report-dir", str(folder))
    assert code == 0
    golden.check("batch/heronsgate-air.html", (folder / "heronsgate-air.html").read_text("utf-8"))


def test_rows_that_disagree_are_answered_without_a_plan(tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path,
        [
            ("Acme", "US", "otp", "one-way", "", "", ""),
            ("Acme", "CA", "otp", "one-way", "", "", ""),
        ],
    )
    out = tmp_path / "out.json"
    result = run("batch", str(sheet), "--format", "json", "-o", str(out), "--provider", "aws")
    assert result.returncode == 0, result.stderr  # --provider fills both blank cells
    assert len(json.loads(out.read_text("utf-8"))["plans"]) == 1
    sheet.write_text(
        sheet.read_text("utf-8").replace("otp,one-way,,,\nAcme", "otp,one-way,,,aws\nAcme")
    )
    new = tmp_path / "new.json"
    result = run("batch", str(sheet), "--format", "json", "-o", str(new))
    assert result.returncode == 0, result.stderr
    answer = json.loads(new.read_text("utf-8"))
    assert len(answer["rows"]) == 2
    assert not answer.get("plans")
    assert answer["summary"]["notes"] == [
        "'Acme': no plan: line 3 gives provider '(blank)' but line 2 gives 'aws' (a plan has "
        "one provider: give the rows other customer names to plan each)"
    ]
    assert answer["summary"]["notes"][0] in result.stderr.decode("utf-8")


def test_a_sheet_from_a_pipe_is_planned() -> None:
    """Process substitution: a FIFO can be read once only, so it is copied first."""
    result = bash('"$ADVISOR" batch <(cat "$1") --format csv', (str(MULTI),))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"))))
    assert [row["plan"] for row in rows] == ["Heronsgate Air"] * 4 + ["Larkspur Pharmacy"] * 2 + [
        ""
    ]


# --- The scan in flat memory ---------------------------------------------------------------------


def _plans_seen(plans: SheetPlans) -> tuple[object, ...]:
    return (
        [(p.number, p.customer, p.lines, p.plan.destinations) for p in plans.plans],
        plans.lists,
        plans.notes,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_filter_that_errs_changes_no_plan(kb: KnowledgeBase, data: st.DataObject) -> None:
    """The first reading's Bloom filter may take a customer seen once for one seen again
    (at its capacity it errs once in 10,000): the second reading follows such a customer
    exactly and finds it has one row, so the plans are those of a filter that never errs.
    A filter of capacity 1 errs on nearly every customer."""
    names = data.draw(st.lists(st.sampled_from(["Acme", "acme ", "Bolt", "Cove", ""]), max_size=8))
    rows = [
        (
            name,
            data.draw(st.sampled_from(["US", "GB", "DE", "US;CA", "FR, ES"])),
            data.draw(st.sampled_from(USES)),
            "one-way",
            "",
            "1000",
            data.draw(st.sampled_from(["", "twilio", "aws"])),
        )
        for name in names
    ]
    with _folder() as folder:
        path = _sheet(
            folder, [*rows, *((f"Solo {n}", "US", "otp", "one-way", "", "", "") for n in range(30))]
        )
        exact = plan_sheet(lambda: open_sheet(path, str(path)), kb, {})
        with pytest.MonkeyPatch.context() as patched:
            patched.setattr("advisor.batch.customers.SEEN_CAPACITY", 1)
            erring = plan_sheet(lambda: open_sheet(path, str(path)), kb, {})
    assert _plans_seen(erring) == _plans_seen(exact)


def test_a_sheet_of_distinct_customers_is_read_once(kb: KnowledgeBase, tmp_path: Path) -> None:
    """No customer repeats and no cell lists countries: one reading finds no plan."""
    rows = [(f"Customer {n}", "US", "otp", "one-way", "", "", "") for n in range(50)]
    path = _sheet(tmp_path, rows)
    opened = []

    def opener() -> contextlib.AbstractContextManager[Any]:
        opened.append(1)
        return open_sheet(path, str(path))

    assert not plan_sheet(opener, kb, {})
    assert len(opened) == 1
    rows.append(("customer 7", "CA", "otp", "one-way", "", "", ""))  # Customer 7 again
    path = _sheet(tmp_path, rows)
    opened.clear()
    found = plan_sheet(opener, kb, {})
    assert [(p.customer, p.lines) for p in found.plans] == [("Customer 7", (9, 52))]
    assert len(opened) == 3  # read, then read again for Customer 7, then answered
