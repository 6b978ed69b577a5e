"""CSV that opens right in a spreadsheet.

- ``recommend``, ``capacity`` and ``report`` write one rectangular table, the tidy long
  form ``section, item, value, unit``, with the chosen sender in it (golden files);
- ``batch`` writes CSV in the delimiter and decimal separator the sheet came in;
- ``--excel`` starts any CSV with a UTF-8 byte order mark, so that Excel reads a
  right single quotation mark (``Lee\u2019s``) as written, and is refused with any other format.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from clitools import invoke, one_error_line, run
from conftest import Golden

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "intake.csv"
SHEETS = Path(__file__).parent / "sheets"
LONG_FORM = ["section", "item", "value", "unit"]
US_OTP = ["--country", "US", "--use-case", "otp", "--direction", "one-way", "--no-input"]
CAPACITY = [
    "--provider", "twilio", "--concurrency", "50", "--latency-ms", "250", "--mps", "10",
    "--messages", "20000", "--validity-seconds", "600", "--deadline-minutes", "30",
]  # fmt: skip
#: the commands that write CSV, each with arguments that answer.
COMMANDS = {
    "recommend": ["recommend", *US_OTP],
    "capacity": ["capacity", *CAPACITY],
    "report": ["report", *US_OTP, "--customer", "Lee\u2019s Bakery"],
    "matrix": ["matrix"],
    "countries": ["countries", "DE"],
    "batch": ["batch", str(EXAMPLE)],
    "template": ["template"],
}


def table(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# --- One table: the long form ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "code"),
    [
        ("recommend-us-otp", ["recommend", *US_OTP], 0),
        # nothing fits: the answer says so, and why, in the same four columns
        (
            "recommend-no-fit",
            [
                "recommend",
                "--country",
                "US",
                "--use-case",
                "otp",
                "--direction",
                "two-way",
                "--mps",
                "500",
                "--lead-time-days",
                "3",
                "--no-input",
            ],
            1,
        ),
        ("capacity-twilio", ["capacity", *CAPACITY], 0),
        ("capacity-no-mps", ["capacity", "--concurrency", "10", "--latency-ms", "100"], 0),
    ],
)
def test_long_form_golden(name: str, args: list[str], code: int, golden: Golden) -> None:
    got, out, err = invoke(*args, "--format", "csv")
    assert got == code, err
    golden.check(f"longform/{name}.csv", out)


@pytest.mark.parametrize("command", ["recommend", "capacity", "report"])
def test_a_long_form_is_one_rectangular_table(command: str) -> None:
    code, out, _ = invoke(*COMMANDS[command], "--format", "csv")
    assert code == 0
    rows = table(out)
    assert rows[0] == LONG_FORM
    assert all(len(row) == 4 for row in rows)
    assert all(row[0] and row[1] for row in rows[1:])  # no title rows, no blank lines
    if command != "capacity":
        facts = {(row[0], row[1]): row[2] for row in rows}
        assert facts["recommendation", "sender"] == "short_code"
        assert facts["recommendation", "mps"] == "100"
        _, answer, _ = invoke(*COMMANDS["recommend"], "--format", "json")
        upper = json.loads(answer)["recommendations"][0]["lead_time_days"]
        assert facts["recommendation", "lead_time_days"] == ("" if upper is None else f"{upper:g}")


def test_the_report_long_form_holds_the_capacity_plan_with_units() -> None:
    _, out, _ = invoke(*COMMANDS["report"], *CAPACITY[2:], "--format", "csv")
    rows = {(row[0], row[1]): (row[2], row[3]) for row in table(out)}
    assert rows["report", "customer"] == ("Lee\u2019s Bakery", "")
    assert rows["capacity rates", "api_requests_per_second"] == ("200", "requests/s")
    assert rows["capacity queue", "drain_seconds"][1] == "s"
    assert rows["checklist", "opt_out_rate_max_percent"] == ("0.3", "%")


# --- --excel ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_excel_adds_a_byte_order_mark_to_every_csv(command: str) -> None:
    args = COMMANDS[command]
    if command != "template":
        args = [*args, "--format", "csv"]
    plain = invoke(*args)
    code, out, err = invoke(*args, "--excel")
    assert (code, err) == plain[::2]
    assert out == "\ufeff" + plain[1]


@pytest.mark.parametrize("command", sorted(set(COMMANDS) - {"template"}))
def test_excel_is_refused_with_another_format(command: str) -> None:
    code, out, err = invoke(
        *COMMANDS[command], "--format", "json" if command != "batch" else "jsonl", "--excel"
    )
    assert (code, out) == (2, "")
    assert one_error_line(err).startswith("advisor: error: --excel applies to --format csv only")


def test_excel_csv_opens_with_its_accents_as_a_real_process(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    done = run("batch", str(EXAMPLE), "--excel", "-o", str(target))
    assert done.returncode == 1, done.stderr
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfCustomer,Country,")
    assert "Dr. Lee\u2019s office" in data.decode("utf-8-sig")


# --- batch: the sheet's own delimiter and decimal separator ---------------------------------------


def test_batch_writes_a_semicolon_sheet_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    sheet = tmp_path / "de.csv"
    sheet.write_text(
        "Kunde;country;use_case;direction;mps;messages;concurrency;latency_ms;provider\r\n"
        "Kranich;US;transactional;one-way;10;20.000;50;250;twilio\r\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("batch", str(sheet))
    assert code == 0
    header, row = table(out, ";")
    answer = dict(zip(header, row, strict=True))
    assert (answer["Kunde"], answer["messages"]) == ("Kranich", "20.000")  # as it came
    assert answer["drain_seconds"] == "1666,7"  # 20,000 messages at 12 MPS, as de_DE writes it
    assert answer["status"] == "ok"
    # a locale given says how the numbers are written: the figures follow it
    code, out, _ = invoke("batch", str(sheet), "--locale", "en_US", "--format", "csv")
    assert dict(zip(*table(out, ";"), strict=True))["messages"] == "20.000"


@pytest.mark.parametrize(("sheet", "delimiter"), [("utf16_tabs.txt", "\t"), ("utf8_bom.csv", ",")])
def test_batch_writes_the_sheets_delimiter(sheet: str, delimiter: str) -> None:
    code, out, _ = invoke("batch", str(SHEETS / sheet))
    assert code == 0
    rows = table(out, delimiter)
    assert len(rows[0]) > 10
    assert {len(row) for row in rows} == {len(rows[0])}
    assert rows[1][rows[0].index("status")] == "ok"


def test_an_xlsx_sheet_gives_comma_separated_csv() -> None:
    code, out, _ = invoke("batch", str(ROOT / "examples" / "intake.xlsx"))
    assert code == 1
    assert out.startswith("Customer,Country,Use case,")
