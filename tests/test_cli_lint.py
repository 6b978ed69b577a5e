"""``advisor lint`` and ``advisor keyword`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app

GUIDE_EXAMPLE = (
    "Your Business Name: You have an appointment for Tuesday 3:00PM, reply YES to confirm, "
    "NO to reschedule. Reply STOP to unsubscribe"
)

runner = CliRunner()


def invoke(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


# --- advisor lint: one message -------------------------------------------------------------------


def test_lint_the_guides_example_exits_0() -> None:
    code, out, err = invoke(
        "lint",
        GUIDE_EXAMPLE,
        "--brand",
        "Your Business Name",
        "--use-case",
        "transactional",
        "--first-message",
    )
    assert (code, err) == (0, "")
    assert "Message lint" in out
    assert "length-segments" in out
    assert "opt-out-missing" not in out
    assert "Result: no errors." in out


def test_lint_an_error_finding_exits_1() -> None:
    code, out, err = invoke(
        "lint", "Sale today at https://bit.ly/x", "--use-case", "promotional", "--first-message"
    )
    assert (code, err) == (1, "")
    assert "shortener-public" in out
    assert "opt-out-missing" in out
    assert "https://dev.bandwidth.com/docs/messaging/rateLimits" in out


def test_lint_warnings_alone_exit_0() -> None:
    code, out, err = invoke("lint", "Your order shipped", "--brand", "Acme")
    assert (code, err) == (0, "")
    assert "brand-missing" in out


def test_lint_json() -> None:
    code, out, err = invoke("lint", "Sale: HTTPS://BIT.LY/x?y=1", "--format", "json")
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert data["text"] == "Sale: HTTPS://BIT.LY/x?y=1"
    assert data["ok"] is False
    assert data["use_case"] is None
    assert [finding["id"] for finding in data["findings"]] == [
        "shortener-public",
        "length-segments",
    ]
    assert data["findings"][0]["severity"] == "error"
    assert data["links"][0]["shortener"] == "bit.ly"


def test_lint_json_clean_message() -> None:
    code, out, err = invoke("lint", "--format", "json", "--use-case", "otp", "Acme: code 123456")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["ok"] is True
    assert data["use_case"] == "otp"


def test_lint_from_a_file_drops_one_trailing_line_break(tmp_path: Path) -> None:
    path = tmp_path / "message.txt"
    path.write_text("Acme: hello\n", encoding="utf-8")
    code, out, err = invoke("lint", "--file", str(path), "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["text"] == "Acme: hello"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give exactly one of MESSAGE, --file or --jsonl"),
        (
            ("hi", "--file", "x.txt"),
            "give exactly one of MESSAGE, --file or --jsonl (got MESSAGE and --file)",
        ),
        (("--jsonl", "-", "--file", "x.txt"), "(got --file and --jsonl)"),
        (("--jsonl", "-", "--format", "table"), "--format table does not apply"),
        (("",), "the message is empty"),
        (("hi", "--brand", " "), "the brand is empty"),
        (("--file", "/nonexistent/message.txt"), "/nonexistent/message.txt: no such file"),
        (("--jsonl", "/nonexistent/in.jsonl"), "/nonexistent/in.jsonl: no such file"),
    ],
)
def test_lint_bad_usage_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke("lint", *args)
    assert code == 2
    assert out == ""
    assert err.startswith("advisor: error: ")
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_lint_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\u00e9".encode("latin-1"))
    code, out, err = invoke("lint", "--file", str(path))
    assert (code, out) == (2, "")
    assert err == f"advisor: error: {path}: not UTF-8 text (byte 4)\n"


def test_lint_an_unknown_use_case_is_a_usage_error() -> None:
    code, out, err = invoke("lint", "hi", "--use-case", "newsletters")
    assert code == 2
    assert out == ""
    assert err.startswith("advisor: error: --use-case: expected one of ")


# --- advisor lint --jsonl ------------------------------------------------------------------------


def test_lint_jsonl_answers_each_line_and_goes_on() -> None:
    lines = "\n".join(
        [
            json.dumps({"id": "a", "text": GUIDE_EXAMPLE, "brand": "Your Business Name"}),
            "not json",
            json.dumps({"id": "b", "text": "Sale at bit.ly/x"}),
            json.dumps({"id": "c", "text": "hi", "use_case": "promo"}),
            "",
            json.dumps({"id": 4, "text": "Your order shipped", "first_message": True}),
        ]
    )
    code, out, err = invoke("lint", "--jsonl", "-", "--use-case", "transactional", input=lines)
    assert (code, err) == (1, "")
    answers = [json.loads(line) for line in out.splitlines()]
    assert [(a["id"], a["line"], a["ok"]) for a in answers] == [
        ("a", 1, True),
        (None, 2, False),
        ("b", 3, False),
        ("c", 4, False),
        (4, 6, True),
    ]
    assert answers[1]["error"].startswith("line 2: not valid JSON")
    assert "use_case: expected one of" in answers[3]["error"]
    assert answers[0]["use_case"] == "transactional"  # the flag fills in
    assert "shortener-public" in [f["id"] for f in answers[2]["findings"]]
    assert [f["id"] for f in answers[4]["findings"]] == ["opt-out-missing", "length-segments"]


def test_lint_jsonl_all_clean_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": 1, "text": "Acme: hi"})
        + "\n"
        + json.dumps({"id": 2, "text": "ok"})
        + "\n",
        encoding="utf-8",
    )
    code, out, err = invoke("lint", "--jsonl", str(path), "--format", "json")
    assert (code, err) == (0, "")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1, 2]


def test_lint_jsonl_a_bad_line_alone_exits_1() -> None:
    code, out, err = invoke("lint", "--jsonl", "-", input='{"id": 1}\n')
    assert (code, err) == (1, "")
    assert json.loads(out) == {
        "schema_version": 1,
        "id": 1,
        "line": 1,
        "ok": False,
        "error": "line 1: text: missing: this key is required",
    }


# --- advisor keyword -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("STOP", "opt_out"),
        ("Stop", "opt_out"),
        ("stop", "opt_out"),
        ("STop", "opt_out"),
        ("UNSTOP", "opt_in"),
        ("Unstop", "opt_in"),
        ("unstop", "opt_in"),
        ("UNStop", "opt_in"),
        ("unstop  ", "opt_in"),
        (" UNSTOP", "none"),
        ("UNSTOP!", "none"),
        ("I said unstop", "none"),
        ("Please stop", "none"),
    ],
)
def test_keyword_prints_the_class(reply: str, expected: str) -> None:
    code, out, err = invoke("keyword", reply)
    assert (code, out, err) == (0, expected + "\n", "")


def test_keyword_json() -> None:
    code, out, err = invoke("keyword", "--format", "json", "unstop  ")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"schema_version": 1, "text": "unstop  ", "class": "opt_in"}


def test_keyword_needs_a_reply() -> None:
    code, out, _ = invoke("keyword")
    assert code == 2
    assert out == ""


# --- Hostile JSON Lines: each bad line gets its own error, the rest go on -------------------------


@pytest.mark.parametrize("command", ["lint", "segments"])
def test_hostile_json_lines_are_answered_line_by_line(command: str) -> None:
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines = [
        b'{"id": "a", "text": "hi"}',
        deep.encode(),
        b'{"id": "x", "text": "\\ud800 lone"}',
        b'{"id": "\\udfff", "text": "lone in the id"}',
        b'{"text": "ok \xff bad"}',
        b'{"id": "long", "text": "' + b"x" * 30_000 + b'"}',
        b'{"id": "z", "text": "fine"}',
    ]
    result = runner.invoke(app, [command, "--jsonl", "-"], input=b"\n".join(lines) + b"\n")
    assert result.exit_code == 1
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [answer["line"] for answer in answers] == [1, 2, 3, 4, 5, 6, 7]
    errors = {answer["line"]: answer.get("error") for answer in answers}
    assert errors[1] is None
    assert errors[7] is None
    assert "nested too deeply" in errors[2]
    assert "lone surrogate U+D800 at position 0" in errors[3]
    assert answers[3]["id"] is None  # a lone surrogate is never echoed back
    assert "not UTF-8 text (byte 14 of the line)" in errors[5]
    assert "30,000 characters; at most 20,000" in errors[6]


def test_a_message_over_the_limit_is_one_line_exit_2() -> None:
    for command in ("lint", "segments"):
        result = runner.invoke(app, [command, "x" * 20_001])
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1
        assert "20,001 characters; the advisor analyses at most 20,000" in result.stderr
