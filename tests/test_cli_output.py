"""-o/--output on every command (advisor.fileio.open_output behind each), one wording for a
bad output, and batch --format json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clitools import invoke, one_error_line

ROOT = Path(__file__).parent.parent
US = ("--country", "US", "--use-case", "transactional", "--direction", "one-way", "--no-input")
#: a run of every command, with its exit status
RUNS = {
    "recommend": (("recommend", *US), 0),
    "recommend json": (("recommend", *US, "--format", "json"), 0),
    "capacity": (("capacity", "--concurrency", "50", "--latency-ms", "250", "--mps", "10"), 0),
    "segments": (("segments", "Hello there"), 0),
    "segments json": (("segments", "Hello there", "--format", "json"), 0),
    "lint": (("lint", "Hello there. Reply STOP to opt out."), 0),
    "keyword": (("keyword", "STOP"), 0),
    "keyword json": (("keyword", "STOP", "--format", "json"), 0),
    "matrix": (("matrix", "--senders", "short_code,toll_free", "--format", "markdown"), 0),
    "countries": (("countries", "US", "DE", "--format", "json"), 0),
    "data validate": (("data", "validate"), 0),
    "data audit": (("data", "audit", "--format", "json"), 0),
    "data facts": (("data", "facts"), 0),
    "data schema": (("data", "schema"), 0),
    "report": (("report", *US, "--format", "markdown"), 0),
    "batch": (("batch", "examples/intake.csv", "--format", "json"), 1),
}


@pytest.fixture(autouse=True)
def _in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("name", list(RUNS))
def test_every_command_writes_to_output_what_it_prints(name: str, tmp_path: Path) -> None:
    args, status = RUNS[name]
    code, printed, _ = invoke(*args)
    assert code == status
    target = tmp_path / "out"
    code, out, _ = invoke(*args, "-o", str(target))
    assert code == status
    assert out == ""
    assert target.read_text(encoding="utf-8") == printed


@pytest.mark.parametrize("name", list(RUNS))
def test_a_bad_output_is_refused_before_any_work_in_one_wording(name: str) -> None:
    args, _ = RUNS[name]
    code, out, err = invoke(*args, "--output", ".")
    assert code == 2
    assert out == ""
    assert (
        one_error_line(err)
        == "advisor: error: --output: expected a file to write, got a directory: '.'"
    )


def test_the_jsonl_answers_go_to_the_output_too(tmp_path: Path) -> None:
    target = tmp_path / "answers.jsonl"
    lines = '{"id": 1, "text": "Hello"}\n{"id": 2, "text": "Hi. Reply STOP to opt out."}\n'
    for command in ("segments", "lint"):
        code, out, _ = invoke(command, "--jsonl", "-", "-o", str(target), input=lines)
        assert code in (0, 1)
        assert out == ""
        answers = target.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["id"] for line in answers] == [1, 2]


def test_an_output_that_is_the_input_is_refused(tmp_path: Path) -> None:
    message = tmp_path / "message.txt"
    message.write_text("Hello", encoding="utf-8")
    for command in ("segments", "lint"):
        code, _, err = invoke(command, "--file", str(message), "-o", str(message))
        assert code == 2
        assert "which the advisor never overwrites" in one_error_line(err)
    assert message.read_text(encoding="utf-8") == "Hello"


def test_batch_json_is_one_object_of_rows_and_summary() -> None:
    code, out, err = invoke("batch", "examples/intake.csv", "--format", "json")
    assert code == 1  # three rows are invalid on purpose
    data = json.loads(out)
    assert list(data) == ["schema_version", "rows", "summary"]
    assert data["schema_version"] == 1
    assert len(data["rows"]) == 21
    assert data["summary"]["rows"] == 21
    assert data["summary"]["statuses"] == {"ok": 17, "no_fit": 1, "error": 3}
    assert sum(data["summary"]["recommended"].values()) == 17
    assert "rows read: 21" in err
    # the rows are the JSON Lines rows
    _, lines, _ = invoke("batch", "examples/intake.csv", "--format", "jsonl")
    jsonl = [json.loads(line) for line in lines.splitlines()]
    assert [{k: v for k, v in row.items() if k != "schema_version"} for row in jsonl] == data[
        "rows"
    ]


def test_batch_json_of_a_sheet_of_bad_rows_is_still_one_object() -> None:
    sheet = "customer,country,use_case,direction\n,,,\n\nx,,otp,one-way\n"
    code, out, _ = invoke("batch", "-", "--format", "json", input=sheet)
    data = json.loads(out)
    assert [row["status"] for row in data["rows"]] == ["error", "error"]
    assert data["summary"]["blank_lines"] == 1
    assert code == 1
