"""``advisor segments`` through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from advisor.cli import app

ROOT = Path(__file__).resolve().parent.parent
RIGHT_QUOTE = "\u2019"
EMOJI = "\U0001f600"
# 150 GSM characters and one curly apostrophe: 151 UCS-2 units, 3 segments; 1 in GSM-7.
CURLY_151 = "a" * 150 + RIGHT_QUOTE

runner = CliRunner()


def invoke(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# --- one message ---------------------------------------------------------------------------------


def test_table_report_of_a_gsm_message() -> None:
    code, out, err = invoke("segments", "a" * 152 + "\u20ac" + "b" * 20)
    assert (code, err) == (0, "")
    assert "GSM-7, 2 segments" in out
    assert "174 septets" in out
    assert "22 used, 131 left" in out
    assert "Part 1 holds 152 septets" in out
    assert "U+20AC" in out
    assert "Characters that force UCS-2" not in out


def test_table_report_lists_what_forces_ucs2_and_suggests_smart_encoding() -> None:
    code, out, err = invoke("segments", CURLY_151)
    assert (code, err) == (0, "")
    assert "UCS-2, 3 segments" in out
    assert "Characters that force UCS-2" in out
    assert "U+2019" in out
    assert "right single quotation mark" in out
    assert "Smart encoding would send this as GSM-7: 3 segments -> 1" in out


def test_smart_encoding_flag_applies_it_and_reports_the_saving() -> None:
    code, out, err = invoke("segments", CURLY_151, "--smart-encoding")
    assert (code, err) == (0, "")
    assert "GSM-7, 1 segment" in out
    assert "Smart encoding applied: 3 segments -> 1" in out
    assert "Characters replaced by smart encoding" in out


def test_smart_encoding_that_cannot_help_says_why() -> None:
    code, out, err = invoke("segments", f"It{RIGHT_QUOTE}s {EMOJI}", "--smart-encoding")
    assert (code, err) == (0, "")
    assert "UCS-2, 1 segment" in out
    assert "Smart encoding cannot help: 1 character" in out
    assert "U+1F600" in out


def test_json_report() -> None:
    code, out, err = invoke("segments", "--format", "json", CURLY_151)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["id"] is None
    assert (data["encoding"], data["segments"], data["units"]) == ("UCS-2", 3, 151)
    assert (data["units_per_segment"], data["units_in_last"], data["units_left"]) == (67, 17, 50)
    assert data["characters"] == 151
    assert data["unicode_chars"] == [{"position": 150, "char": RIGHT_QUOTE, "codepoint": "U+2019"}]
    assert [part["units"] for part in data["parts"]] == [67, 67, 17]
    assert "".join(part["text"] for part in data["parts"]) == CURLY_151
    assert data["text"] == CURLY_151
    smart = data["smart_encoding"]
    assert smart["requested"] is False
    assert smart["applied"] is False
    assert smart["applicable"] is True
    assert (smart["segments_before"], smart["segments_after"], smart["segments_saved"]) == (
        3,
        1,
        2,
    )
    assert smart["text"] == "a" * 150 + "'"
    assert smart["replacements"] == [
        {"position": 150, "original": RIGHT_QUOTE, "codepoint": "U+2019", "replacement": "'"}
    ]
    assert data["notes"] == []


def test_json_report_with_smart_encoding_counts_the_sent_text() -> None:
    code, out, err = invoke("segments", "--format", "json", "--smart-encoding", CURLY_151)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["encoding"], data["segments"], data["units"]) == ("GSM-7", 1, 151)
    assert data["unicode_chars"] == []
    assert data["smart_encoding"]["applied"] is True
    assert data["text"] == "a" * 150 + "'"


def test_markdown_report() -> None:
    code, out, err = invoke("segments", "--format", "markdown", "Hi {name}")
    assert (code, err) == (0, "")
    assert out.startswith("# SMS segments\n")
    assert "| Encoding     | GSM-7" in out
    assert "## Segments" in out
    assert "Hi {name}" in out


def test_empty_text_is_one_segment_with_a_note() -> None:
    code, out, err = invoke("segments", "--format", "json", "")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["segments"], data["units"], data["units_left"]) == (1, 0, 160)
    assert data["notes"][0].startswith("Empty text")


def test_over_1600_characters_is_noted() -> None:
    code, out, err = invoke("segments", "--format", "json", "a" * 1601)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["segments"] == 11
    assert any("error 21617" in note for note in data["notes"])


def test_file_drops_one_trailing_line_break_and_keeps_cr(tmp_path: Path) -> None:
    path = tmp_path / "message.txt"
    path.write_bytes(b"line one\r\nline two\r\n")
    code, out, err = invoke("segments", "--file", str(path), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["text"] == "line one\r\nline two"
    assert (data["characters"], data["units"]) == (18, 18)


def test_file_keeps_all_but_the_last_newline(tmp_path: Path) -> None:
    path = tmp_path / "message.txt"
    path.write_text("two\n\n", encoding="utf-8")
    code, out, err = invoke("segments", "--file", str(path), "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["text"] == "two\n"


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    code, out, err = invoke("segments", "--file", str(missing))
    assert (code, out) == (2, "")
    assert err == f"advisor: error: {missing}: no such file\n"


def test_file_that_is_not_utf8_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"caf\xe9")
    code, out, err = invoke("segments", "--file", str(path))
    assert (code, out) == (2, "")
    assert err == f"advisor: error: {path}: not UTF-8 text (byte 4)\n"


ONE_SOURCE = "give exactly one of TEXT, --file or --jsonl"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), ONE_SOURCE),
        (("hi", "--jsonl", "-"), ONE_SOURCE + " (got TEXT and --jsonl)"),
        (("hi", "--file", "x.txt"), ONE_SOURCE + " (got TEXT and --file)"),
        (
            ("--jsonl", "-", "--format", "table"),
            "--jsonl answers in JSON lines: --format table does not apply",
        ),
        (
            ("--jsonl", "-", "--format", "markdown"),
            "--jsonl answers in JSON lines: --format markdown does not apply",
        ),
    ],
)
def test_usage_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke("segments", *args)
    assert (code, out) == (2, "")
    assert err == f"advisor: error: {message}\n"


def test_bad_format_is_a_usage_error() -> None:
    code, out, _ = invoke("segments", "--format", "html", "hi")
    assert (code, out) == (2, "")


def test_lone_surrogate_in_text_is_an_input_error() -> None:
    code, out, err = invoke("segments", "ok\udcff")
    assert (code, out) == (2, "")
    assert err.startswith("advisor: error: TEXT: not valid Unicode: lone surrogate U+DCFF")
    assert err.count("\n") == 1


# --- JSON Lines ----------------------------------------------------------------------------------

JSONL_INPUT = (
    '{"id": "a", "text": "Hello {name}"}\n'
    "\n"
    '{"id": 7, "text": "' + "a" * 150 + '\\u2019", "smart_encoding": true}\n'
    "this is not json\n"
    '{"id": "no-text"}\n'
    '{"text": 5}\n'
    "   \n"
    '{"text": "\\u00e7a va"}\n'
)


def test_jsonl_answers_each_line_and_exits_1_on_errors(tmp_path: Path) -> None:
    path = tmp_path / "messages.jsonl"
    path.write_text(JSONL_INPUT, encoding="utf-8")
    code, out, err = invoke("segments", "--jsonl", str(path))
    assert code == 1
    assert err == 'advisor: 3 of 6 lines could not be answered (see their "error")\n'
    answers = json_lines(out)
    assert [(answer["id"], answer["line"]) for answer in answers] == [
        ("a", 1),
        (7, 3),
        (None, 4),
        ("no-text", 5),
        (None, 6),
        (None, 8),
    ]
    first, smart, bad_json, no_text, not_string, cedilla = answers
    assert (first["encoding"], first["segments"], first["units"]) == ("GSM-7", 1, 14)
    assert first["unicode_chars"] == []
    assert (smart["encoding"], smart["segments"]) == ("GSM-7", 1)
    assert smart["smart_encoding"]["applied"] is True
    assert smart["smart_encoding"]["segments_before"] == 3
    assert bad_json == {
        "schema_version": 1,
        "id": None,
        "line": 4,
        "error": "not valid JSON: Expecting value (column 1)",
    }
    assert no_text == {
        "schema_version": 1,
        "id": "no-text",
        "line": 5,
        "error": '"text" is missing',
    }
    assert not_string["error"] == '"text" must be a string, got a number'
    assert (cedilla["encoding"], cedilla["units"]) == ("UCS-2", 5)
    assert cedilla["unicode_chars"] == [{"position": 0, "char": "\u00e7", "codepoint": "U+00E7"}]


def test_jsonl_from_stdin_all_good_exits_0() -> None:
    lines = "".join(json.dumps({"id": n, "text": "x" * n}) + "\n" for n in (1, 160, 161))
    code, out, err = invoke("segments", "--jsonl", "-", input=lines)
    assert (code, err) == (0, "")
    answers = json_lines(out)
    assert [(answer["line"], answer["segments"]) for answer in answers] == [
        (1, 1),
        (2, 1),
        (3, 2),
    ]
    assert "parts" not in answers[0]


def test_jsonl_smart_encoding_flag_is_the_default_a_line_can_override() -> None:
    lines = (
        json.dumps({"id": 1, "text": CURLY_151})
        + "\n"
        + json.dumps({"id": 2, "text": CURLY_151, "smart_encoding": False})
        + "\n"
    )
    code, out, err = invoke("segments", "--jsonl", "-", "--smart-encoding", input=lines)
    assert (code, err) == (0, "")
    first, second = json_lines(out)
    assert (first["encoding"], first["segments"]) == ("GSM-7", 1)
    assert (second["encoding"], second["segments"]) == ("UCS-2", 3)
    assert second["smart_encoding"]["applicable"] is True


def test_jsonl_bad_bytes_and_bad_values_are_line_errors() -> None:
    data = (
        b'\xef\xbb\xbf{"text": "bom is ignored"}\n'
        b'{"text": "caf\xff"}\n'
        b'{"text": "x", "smart_encoding": "yes"}\n'
        b'{"text": "\\ud83d"}\n'
        b"[1, 2]\n"
    )
    code, out, err = invoke("segments", "--jsonl", "-", input=data)
    assert code == 1
    assert err == 'advisor: 4 of 5 lines could not be answered (see their "error")\n'
    answers = json_lines(out)
    assert answers[0]["units"] == 14
    assert [answer.get("error") for answer in answers[1:]] == [
        "not UTF-8 text (byte 14 of the line)",
        '"smart_encoding" must be true or false, got a string',
        '"text" has a lone surrogate U+D83D at position 0: not valid Unicode',
        "expected a JSON object, got an array",
    ]


def test_jsonl_missing_file_exits_2(tmp_path: Path) -> None:
    code, out, err = invoke("segments", "--jsonl", str(tmp_path / "none.jsonl"))
    assert (code, out) == (2, "")
    assert err.startswith("advisor: error: ")
    assert err.endswith("none.jsonl: no such file\n")


def test_jsonl_with_format_json_is_allowed() -> None:
    code, out, err = invoke("segments", "--jsonl", "-", "--format", "json", input='{"text":"a"}\n')
    assert (code, err) == (0, "")
    assert json_lines(out)[0]["segments"] == 1


# --- a real process ------------------------------------------------------------------------------


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", "segments", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_python_m_advisor_segments_json() -> None:
    done = run("--format", "json", f"Caf\u00e9 {EMOJI}")
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    data = json.loads(done.stdout.decode("utf-8"))
    assert (data["encoding"], data["segments"], data["units"]) == ("UCS-2", 1, 7)
    assert data["unicode_chars"] == [{"position": 5, "char": EMOJI, "codepoint": "U+1F600"}]


def test_python_m_advisor_segments_jsonl_from_stdin() -> None:
    done = run("--jsonl", "-", stdin=b'{"id": 1, "text": "hi"}\nnope\n')
    assert done.returncode == 1
    answers = json_lines(done.stdout.decode("utf-8"))
    assert answers[0]["segments"] == 1
    assert answers[1]["line"] == 2
    assert "error" in answers[1]
    assert done.stderr.decode() == (
        'advisor: 1 of 2 lines could not be answered (see their "error")\n'
    )


def test_python_m_advisor_usage_error_has_no_traceback() -> None:
    done = run()
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode() == f"advisor: error: {ONE_SOURCE}\n"
