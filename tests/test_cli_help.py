"""Every command's --help ends with examples that run; the root help lists the environment
variables the advisor reads and its exit codes, as the README does."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from clitools import invoke
from typer.core import TyperGroup
from typer.main import get_command

from advisor.cli import app
from advisor.cli.examples import ENVIRONMENT, EXAMPLES, EXIT_CODES
from advisor.errors import ExitCode

ROOT = Path(__file__).parent.parent


def commands() -> list[str]:
    """Every command and subcommand, as ``data audit``."""
    group = get_command(app)
    assert isinstance(group, TyperGroup)
    found = []
    for name, command in group.commands.items():
        found.append(name)
        if isinstance(command, TyperGroup):
            found += [f"{name} {sub}" for sub in command.commands]
    return found


def test_every_command_has_examples() -> None:
    assert set(EXAMPLES) == set(commands())


@pytest.mark.parametrize("name", commands())
def test_help_ends_with_the_commands_examples(name: str) -> None:
    code, out, err = invoke(*name.split(), "--help")
    assert (code, err) == (0, "")
    examples = out[out.index("Examples:\n") :]
    for example in EXAMPLES[name]:
        assert f"  $ advisor {example}\n" in examples  # one line each, never rewrapped


ALL = [example for name in EXAMPLES for example in EXAMPLES[name]]


@pytest.mark.parametrize("example", sorted(set(ALL)))
def test_every_example_in_help_runs(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # in a folder of its own (an example may write a file), beside the shipped examples
    for folder in ("examples", "data"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    args = shlex.split(example)
    monkeypatch.setenv("ADVISOR_TODAY", "2026-12-02")
    code, out, err = invoke(*args)
    # 1 is an answer ("nothing fits", a lint error, a row in error), never a failure
    assert code in (0, 1), f"advisor {example} exited {code}: {err}"
    assert "Traceback" not in err
    if "-o" in args:
        assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0
    else:
        assert out


def root_help() -> str:
    code, out, _ = invoke("--help")
    assert code == 0
    return out


def test_root_help_lists_every_environment_variable_the_advisor_reads() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "advisor").rglob("*.py"))
    read = set(re.findall(r'"(ADVISOR_[A-Z_]+)"', source))
    listed = {name for name, _ in ENVIRONMENT}
    assert read, "the source names its variables"
    assert read <= listed, f"not in the root help: {sorted(read - listed)}"
    out = root_help()
    for name in listed:
        assert re.search(rf"\n +{re.escape(name)}  ", out), name


def test_exit_codes_in_root_help_and_readme_agree_with_the_code() -> None:
    codes = {code for code, _ in EXIT_CODES}
    assert {str(int(member)) for member in ExitCode} | {"130"} <= codes
    out = root_help()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Exit codes") :]
    for code in codes:
        assert re.search(rf"\n +{re.escape(code)}  ", out), code
        assert f"\n| {code.replace('+', ' + ')} |" in table, code
    assert "Ctrl-D" in table
    assert "Ctrl-C" in table
