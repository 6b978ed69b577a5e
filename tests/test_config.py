"""A config file of defaults and ADVISOR_* variables: flag > environment > config > built-in,
and a bad file is one line naming the file, the key and what was expected."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from clitools import one_error_line
from typer.testing import CliRunner

runner = CliRunner()
US = ("--country", "US", "--use-case", "otp", "--direction", "one-way", "--no-input")


def advisor(*args: str, config: Path | None = None, **env: str) -> tuple[int, str, str]:
    from advisor.cli import app

    if config is not None:
        env["ADVISOR_CONFIG"] = str(config)
    result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def provider_of(*args: str, config: Path | None = None, **env: str) -> object:
    code, out, err = advisor("recommend", *US, "--format", "json", *args, config=config, **env)
    assert code in (0, 1), err
    return json.loads(out)["input"]["provider"]


def test_flag_beats_environment_beats_config_beats_built_in(tmp_path: Path) -> None:
    config = write(tmp_path, 'provider = "twilio"\n')
    assert provider_of("--provider", "telnyx", config=config, ADVISOR_PROVIDER="bandwidth") == (
        "telnyx"
    )
    assert provider_of(config=config, ADVISOR_PROVIDER="bandwidth") == "bandwidth"
    assert provider_of(config=config) == "twilio"
    assert provider_of(config=write(tmp_path, "")) is None


def test_every_key_is_a_default_of_its_options(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        'provider = "twilio"\nentity = "local"\nconcurrency = 50\nlatency_ms = 250\n'
        'locale = "de_DE"\nformat = "json"\ncompany = "Acme Messaging"\n',
    )
    code, out, _ = advisor("capacity", "--mps", "1.000", config=config)
    assert code == 0
    plan = json.loads(out)  # format = "json"
    assert plan["api_requests_per_second"] == 200  # 50 * 1000 / 250
    assert plan["mps"] == 1000  # 1.000 as de_DE writes a thousand
    assert plan["provider"]["id"] == "twilio"
    code, out, _ = advisor("recommend", *US, config=config)
    assert json.loads(out)["input"]["entity"] == "local"
    # a command that does not offer the configured format keeps its own default
    assert advisor("data", "facts", config=config)[0] == 0
    code, out, _ = advisor(
        "matrix", "--senders", "toll_free", "--format", "markdown", config=config
    )
    assert out.startswith("# Sender matrix")


def test_help_shows_the_configured_defaults_and_the_variables(tmp_path: Path) -> None:
    config = write(tmp_path, "concurrency = 50\nlatency_ms = 250\n")
    _, out, _ = advisor("capacity", "--help", config=config)
    flat = " ".join(out.split())
    assert "[env var: ADVISOR_CONCURRENCY; default: 50]" in flat
    assert "[env var: ADVISOR_LATENCY_MS; default: 250.0]" in flat
    assert "ADVISOR_PROVIDER" in flat
    assert "ADVISOR_FORMAT" in flat
    assert "ADVISOR_LOCALE" in flat
    _, out, _ = advisor("recommend", "--help", config=config)
    assert "ADVISOR_ENTITY" in out


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('colour = "never"\n', "colour: unknown key; expected one of provider, entity, "),
        ('concurrency = "ten"\n', "concurrency: expected a whole number > 0, got 'ten'"),
        ("concurrency = 0\n", "concurrency: expected a whole number > 0, got 0"),
        ("latency_ms = -5\n", "latency_ms: expected a number > 0, got -5"),
        ('entity = "locl"\n', "entity: expected one of international, local, got 'locl'"),
        ('format = "xml"\n', "format: expected one of table, json, markdown, html, csv, jsonl"),
        ('locale = "xx_QQ"\n', "locale: unknown locale 'xx_QQ'"),
        ("provider = 5\n", "provider: expected a non-empty string, got 5"),
        ("provider = twilio\n", "not valid TOML: "),
    ],
)
def test_a_bad_config_file_is_one_line_naming_file_and_key(
    tmp_path: Path, text: str, says: str
) -> None:
    config = write(tmp_path, text)
    code, out, err = advisor("keyword", "stop", config=config)
    assert code == 2
    assert out == ""
    assert one_error_line(err).startswith(f"advisor: error: {config}: {says}")


def test_an_unknown_provider_in_the_config_file_is_named_there(tmp_path: Path) -> None:
    config = write(tmp_path, 'provider = "twillio"\n')
    code, _, err = advisor("recommend", *US, config=config)
    assert code == 2
    assert one_error_line(err).startswith(f"advisor: error: {config}: provider: expected one of ")


def test_a_config_file_named_by_the_environment_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    code, _, err = advisor("keyword", "stop", config=missing)
    assert code == 2
    assert one_error_line(err) == (
        f"advisor: error: {missing}: cannot read the config file (ADVISOR_CONFIG): no such file"
    )


@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs' Linux folder: XDG_CONFIG_HOME")
def test_the_platforms_config_folder_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.config import default_path

    monkeypatch.delenv("ADVISOR_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_path() == tmp_path / "advisor" / "config.toml"
    assert provider_of() is None  # no file there: no defaults
    (tmp_path / "advisor").mkdir()
    (tmp_path / "advisor" / "config.toml").write_text('provider = "aws"\n', encoding="utf-8")
    assert provider_of() == "aws"


def test_the_environment_is_a_default_for_numbers_and_the_format() -> None:
    code, out, _ = advisor(
        "capacity",
        "--mps",
        "10",
        ADVISOR_CONCURRENCY="10",
        ADVISOR_LATENCY_MS="100",
        ADVISOR_FORMAT="json",
    )
    assert code == 0
    assert json.loads(out)["api_requests_per_second"] == 100
