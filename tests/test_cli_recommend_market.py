"""Issue 9 through the command line: what an engineer reads, and the exit code.

Structure is checked on a synthetic country given with ``--data`` (so that a review
of a real country does not move these tests); the reviewers' own commands are run
against the shipped data where the point is a country's answer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from clitools import invoke, run
from kbtools import SOURCE, claim, country, raw_kb, write_yaml

TODAY = ("--today", "2026-12-02", "--no-input")


def synthetic(tmp_path: Path, **facts: Any) -> str:
    path = write_yaml(tmp_path / "kb.yaml", raw_kb(countries={"AA": country(**facts)}))
    return str(path)


def test_without_a_provider_each_row_and_option_names_who_sells_it(tmp_path: Path) -> None:
    data = synthetic(
        tmp_path,
        short_code=[claim("yes", providers=["bird"]), claim("no", providers=["aws"])],
    )
    args = ("recommend", "--country", "AA", "--use-case", "otp", "--direction", "one-way")
    code, out, err = invoke(*args, *TODAY, "--data", data, "--format", "markdown")
    assert (code, err) == (0, "")
    header = next(line for line in out.splitlines() if line.startswith("|   # |"))
    assert re.search(r"\| Offered by +\|", header)
    row = next(line for line in out.splitlines() if "| short_code " in line)
    assert "| Bird " in row  # the name a customer knows, not the id
    assert "Offered by Bird; not by AWS End User Messaging (its pages say so)." in out
    code, text, _ = invoke(*args, *TODAY, "--data", data)
    assert code == 0
    assert "Offered by Bird; not by AWS End User Messaging" in " ".join(text.split())
    # with a provider, the provider is the answer's: no column, no line
    code, one, _ = invoke(
        *args, *TODAY, "--data", data, "--provider", "bird", "--format", "markdown"
    )
    assert code == 0
    assert "Offered by" not in one


def test_the_terminal_never_folds_an_id_in_the_wider_table(tmp_path: Path) -> None:
    data = synthetic(tmp_path)
    args = ("recommend", "--country", "AA", "--use-case", "otp", "--direction", "one-way")
    result = run(*args, *TODAY, "--data", data, env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    for sender in ("alphanumeric_registered", "long_code_international", "alphanumeric_dynamic"):
        assert sender in out


def test_nothing_a_source_confirms_exits_1_and_says_so() -> None:
    """The reviewers' BY at AWS: the registered ID needs 45 days, the long code is unknown."""
    args = ("recommend", "--country", "BY", "--provider", "aws", "--use-case", "otp")
    result = run(*args, "--direction", "one-way", "--lead-time-days", "14", *TODAY)
    assert result.returncode == 1, result.stderr
    text = " ".join(result.stdout.decode().split())
    assert "No sender a source confirms fits" in text
    assert "no source confirms that long_code_international can be had in Belarus" in text
    assert "Recommended senders" not in text


def test_with_a_provider_only_its_registration_steps_are_listed() -> None:
    args = ("recommend", "--country", "BY", "--use-case", "otp", "--direction", "one-way")
    code, aws, _ = invoke(*args, *TODAY, "--provider", "aws")
    assert code == 0
    assert "Registration: AWS: submit the Belarus sender ID registration" in aws
    assert "Twilio: register in the Console" not in aws
    code, market, _ = invoke(*args, *TODAY)
    assert "Twilio: register in the Console" in market


def test_a_us_territory_gets_a2p_10dlc_not_a_p2p_long_code() -> None:
    for code in ("PR", "VI", "GU", "AS"):
        args = ("recommend", "--country", code, "--use-case", "transactional")
        # one-way: in AS no page confirms that replies reach a number, so two-way has no answer
        status, out, _ = invoke(*args, "--direction", "one-way", *TODAY, "--format", "json")
        assert status == 0
        found = {c["sender"]: c for c in json.loads(out)["recommendations"]}
        long_code = found["long_code"]
        assert long_code["name"] == "A2P 10DLC", code
        assert long_code["mps_text"] != "10 MPS per number", code
        assert "Regulatory bundle" not in long_code["registration"]["text"], code


def test_disagreeing_guidance_reads_as_who_says_what(tmp_path: Path) -> None:
    def guidance(sender: str, providers: list[str]) -> dict[str, Any]:
        return {
            "use_cases": ["otp"],
            "senders": [sender],
            "providers": providers,
            "source": list(SOURCE),
            "as_of": "2026-05-09",
        }

    practice = [
        guidance("alphanumeric_dynamic", ["twilio"]),
        guidance("alphanumeric_registered", ["infobip"]),
    ]
    data = synthetic(tmp_path, practice=practice)
    args = ("recommend", "--country", "AA", "--use-case", "otp", "--direction", "one-way")
    code, out, _ = invoke(*args, *TODAY, "--data", data, "--format", "markdown")
    assert code == 0
    assert "named first" not in out
    assert "first at twilio" in out
    assert "first at infobip" in out
    assert (
        "Providers' guidance for Openland disagrees: Twilio names Alphanumeric sender ID "
        "(dynamic) first; Infobip names Alphanumeric sender ID (registered) first."
    ) in out
    code, data_json = invoke(*args, *TODAY, "--data", data, "--format", "json")[:2]
    firsts = {c["sender"]: c["first_for"] for c in json.loads(data_json)["recommendations"]}
    assert firsts["alphanumeric_dynamic"] == ["twilio"]
    assert firsts["alphanumeric_registered"] == ["infobip"]


def test_the_partial_caveat_names_the_networks_the_reviewers_asked_for() -> None:
    args = ("recommend", "--use-case", "otp", "--direction", "one-way", *TODAY, "--format", "json")
    for where, provider, network in (("TL", "aws", "Telkomcel"), ("FJ", "twilio", "Vodafone")):
        code, out, err = invoke(*args, "--country", where, "--provider", provider)
        assert (code, err) == (0, "")
        caveats = [
            caveat["text"]
            for found in json.loads(out)["recommendations"]
            for caveat in found["caveats"]
            if caveat["rule"] == "sender-partial"
        ]
        assert caveats, where
        assert all(network in text for text in caveats), (where, caveats)
