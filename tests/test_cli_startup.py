"""Start-up (issue 13): a command imports its own module and what it needs, nothing else.

What a run imports is read from ``sys.modules`` in a real process running the console
script's entry point (no timing: what is measured is in benchmarks/bench_recommend.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.core import TyperGroup
from typer.main import get_command

from advisor.cli import COMMAND_MODULES, modules_for

#: runs the entry point as the console script does, and prints the modules it imported
#: (``exit_now`` ends the process without a word otherwise)
PROBE = """
import gc, json, sys
import advisor.cli as cli

def report(code):
    sys.stderr.flush()
    found = {"modules": sorted(sys.modules), "collector": gc.isenabled()}
    print(json.dumps(found), file=sys.stderr)

cli.exit_now = report
sys.argv = ["advisor", *sys.argv[1:]]
cli.main()
"""

#: libraries a JSON recommendation never needs: terminal rendering, YAML (read only on
#: a cache miss), phone numbers, locales, sheets, the proposal's page, links
NOT_FOR_JSON = (
    "rich",
    "yaml",
    "phonenumbers",
    "babel",
    "openpyxl",
    "xlsxwriter",
    "jinja2",
    "css_inline",
    "tldextract",
    "linkify_it",
    "pycountry",
    "charset_normalizer",
)


def imported(*args: str, tmp_path: Path) -> set[str]:
    """The modules a run of ``advisor ARGS`` imported (the second run: the cache is warm).

    The garbage collector, paused while the process starts, is on again for the command.
    """
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stderr.splitlines()[-1])
    assert found["collector"] is True
    return set(found["modules"])


def test_every_command_is_registered_by_the_module_named_for_it() -> None:
    from advisor.cli import app

    group = get_command(app)
    assert isinstance(group, TyperGroup)
    assert set(COMMAND_MODULES) == set(group.commands)
    for name, command in group.commands.items():
        callback = command.callback
        if isinstance(command, TyperGroup):  # ``data``: its subcommands' module
            callback = next(iter(command.commands.values())).callback
        assert callback is not None
        module = callback.__module__
        assert module == f"advisor.cli.{COMMAND_MODULES[name]}", name


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["recommend", "--country", "US"], ("recommend_cmd",)),
        (["--no-color", "--traceback", "segments", "hi"], ("segments_cmd",)),
        (["keyword", "STOP"], ("lint_cmd",)),
        (["data", "audit"], ("data_cmd",)),
    ],
)
def test_a_command_line_needs_the_module_of_its_command(
    args: list[str], expected: tuple[str, ...]
) -> None:
    assert modules_for(args, environ={}) == expected


@pytest.mark.parametrize(
    "args", [[], ["--help"], ["-h"], ["--version"], ["recomend"], ["--", "recommend"]]
)
def test_help_a_misspelt_command_and_no_command_need_every_module(args: list[str]) -> None:
    assert set(modules_for(args, environ={})) == set(COMMAND_MODULES.values())


def test_shell_completion_needs_every_module() -> None:
    every = set(COMMAND_MODULES.values())
    assert set(modules_for(["recommend"], environ={"_ADVISOR_COMPLETE": "bash_complete"})) == every


@pytest.mark.slow
def test_a_json_recommendation_imports_its_command_and_no_other(tmp_path: Path) -> None:
    modules = imported(
        "recommend",
        *("--country", "US", "--use-case", "transactional", "--direction", "one-way"),
        *("--mps", "10", "--format", "json", "--no-input"),
        tmp_path=tmp_path,
    )
    commands = {name for name in modules if name.startswith("advisor.cli.") and "_cmd" in name}
    assert commands == {"advisor.cli.recommend_cmd"}
    roots = {name.split(".")[0] for name in modules}
    assert not roots & set(NOT_FOR_JSON)
    assert "advisor.render.terminal" not in modules
    # the engine caps a sender by the account's rate (advisor.capacity.account) and
    # needs none of the capacity model, formulas or timeline
    assert "advisor.capacity.account" in modules
    assert not {"advisor.capacity.model", "advisor.capacity.formulas"} & set(modules)
    # the answer cites the country's sources (Country.cited), not the tables' summaries
    assert "advisor.knowledge.summary" not in modules


@pytest.mark.slow
def test_counting_segments_reads_no_knowledge_base(tmp_path: Path) -> None:
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"id": 1, "text": "hello"}\n', encoding="utf-8")
    modules = imported("segments", "--jsonl", str(lines), "-o", "out.jsonl", tmp_path=tmp_path)
    commands = {name for name in modules if name.startswith("advisor.cli.") and "_cmd" in name}
    assert commands == {"advisor.cli.segments_cmd"}
    assert "advisor.knowledge" not in modules
    assert "advisor.engine" not in modules
    assert not {name.split(".")[0] for name in modules} & {"rich", "phonenumbers", "babel"}
    # the body limit comes from the content policy's cache (advisor.content.policy_cache)
    assert "yaml" not in modules
