"""Every example in README.md and docs/ runs, and prints what the page says it prints.

A ``console`` block holds one ``$ advisor ...`` command and its output. A last
output line ``...`` means "and more": only the lines before it are compared. A
command that exits non-zero says so in a comment: ``$ advisor batch x.csv  # exits 1``.
``pytest --update-goldens`` rewrites the outputs from what the commands print now
(keeping each block's cut); read the diff before committing.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
EXITS = re.compile(r"\s+#\s*exits\s+(\d+)\s*$")
runner = CliRunner()


@dataclass(frozen=True)
class Example:
    page: Path
    #: the block's text as the page holds it (replaced by content, not by offset)
    raw: str
    command: str
    exit_code: int
    expected: list[str]
    cut: bool

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}: {self.command}"


def examples(page: Path) -> list[Example]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        lines = match.group(1).splitlines()
        assert lines, f"{page}: an empty console block"
        assert lines[0].startswith("$ "), f"{page}: a console block starts with '$ '"
        command = lines[0][2:]
        exits = EXITS.search(command)
        if exits:
            command = command[: exits.start()]
        expected = lines[1:]
        cut = bool(expected) and expected[-1] == "..."
        found.append(
            Example(
                page,
                match.group(1),
                command,
                int(exits.group(1)) if exits else 0,
                expected[:-1] if cut else expected,
                cut,
            )
        )
    return found


ALL = [example for page in PAGES for example in examples(page)]
#: "today" for every documented example (the day its output was last checked).
DOCS_DAY = "2026-12-02"


def run(example: Example) -> tuple[int, list[str]]:
    from advisor.cli import app

    args = shlex.split(example.command)
    assert args[0] == "advisor", f"{example.name}: examples run the advisor"
    # Examples read the countries as of the day the docs were checked.
    result = runner.invoke(app, args[1:], catch_exceptions=False, env={"ADVISOR_TODAY": DOCS_DAY})
    output = result.stdout + result.stderr
    return result.exit_code, [line.rstrip() for line in output.splitlines()]


@pytest.mark.parametrize("example", ALL, ids=[example.name for example in ALL])
def test_documented_example(
    example: Example, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code, lines = run(example)
    assert code == example.exit_code, f"{example.name} exited {code}:\n" + "\n".join(lines)
    shown = lines[: len(example.expected)] if example.cut else lines
    if request.config.getoption("--update-goldens"):
        if shown != example.expected:
            _rewrite(example, lines)
        return
    assert shown == example.expected, (
        f"{example.name}: the page is stale; rerun with --update-goldens and read the diff"
    )


def _rewrite(example: Example, lines: list[str]) -> None:
    text = example.page.read_text(encoding="utf-8")
    head = f"$ {example.command}" + (f"  # exits {example.exit_code}" if example.exit_code else "")
    body = [*lines[: len(example.expected)], "..."] if example.cut else lines
    new = "\n".join([head, *body]) + "\n"
    assert example.raw in text, f"{example.name}: the page changed under the test"
    example.page.write_text(text.replace(example.raw, new, 1), encoding="utf-8")


def test_every_page_has_its_examples_found() -> None:
    assert len([e for e in ALL if e.page.name == "README.md"]) >= 5
    assert {example.page.name for example in ALL} >= {"README.md", "guide.md", "intake.md"}


# --- README: the two set-up commands, and the test command CI runs -------------------------------


def readme_commands() -> tuple[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, re.DOTALL)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert len(commands) == 2, "README gives exactly two set-up commands"
    return commands[0], commands[1]


def test_ci_runs_the_readmes_test_command() -> None:
    _, test_command = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command.endswith("python -m pytest")
    assert '"$VENV/bin/python" -m pytest' in ci


@pytest.mark.slow
def test_the_readmes_main_job_runs_on_a_fresh_checkout(tmp_path: Path) -> None:
    """The first set-up command, verbatim, in a copy of the project with no environment."""
    main_job, _ = readme_commands()
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "venv", "__pycache__", "*.egg-info", ".*_cache", "build", "dist"
        ),
    )
    process = subprocess.run(
        ["bash", "-c", main_job],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    # The example intake holds three invalid rows on purpose: exit 1, every row answered.
    assert process.returncode == 1, process.stderr[-3000:]
    assert "rows read: 21 (ok 17, no_fit 1, error 3)" in process.stdout
    assert "Traceback" not in process.stderr
    assert (copy / ".venv" / "bin" / "advisor").exists()  # its own fresh environment


def test_every_command_is_documented_in_the_guide() -> None:
    import typer

    from advisor.cli import app

    group = typer.main.get_group(app)
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = group.list_commands(None)
    assert len(commands) == 11
    for name in commands:
        assert f"$ advisor {name}" in guide + readme, f"advisor {name} has no example"
