"""The generated pages of docs/ (scripts/gen_docs.py) are up to date with data/senders.yaml."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from advisor.cli import app

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages(gen_docs: ModuleType) -> dict[str, str]:
    generated: dict[str, str] = gen_docs.generate()
    return generated


def test_committed_pages_are_up_to_date(gen_docs: ModuleType, pages: dict[str, str]) -> None:
    out_of_date = gen_docs.stale(ROOT / "docs", pages)
    assert not out_of_date, (
        f"docs/{', docs/'.join(out_of_date)} out of date with data/senders.yaml; "
        f"regenerate with:\n  {gen_docs.COMMAND}"
    )


def test_pages_are_the_advisors_own_markdown(pages: dict[str, str]) -> None:
    runner = CliRunner()
    for name, args in (("matrix.md", ["matrix"]), ("countries.md", ["countries"])):
        first, _, body = pages[name].partition("\n\n")
        assert first.startswith("<!-- Generated from data/senders.yaml by `advisor ")
        assert first.endswith("regenerate with `python scripts/gen_docs.py`. -->")
        assert "\n" not in first
        shown = runner.invoke(app, [*args, "--format", "markdown"], catch_exceptions=False)
        assert body == shown.stdout
    rows = [line for line in pages["countries.md"].splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + 221  # the header, the rule and every country


def test_check_names_a_stale_page_and_write_fixes_it(
    gen_docs: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert gen_docs.main(["--check", "--docs", str(tmp_path)]) == 1
    assert "matrix.md is out of date: run python scripts/gen_docs.py" in capsys.readouterr().err
    assert gen_docs.main(["--docs", str(tmp_path)]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["countries.md", "matrix.md"]
    assert gen_docs.main(["--check", "--docs", str(tmp_path)]) == 0
    (tmp_path / "countries.md").write_text("edited by hand\n", encoding="utf-8")
    assert gen_docs.main(["--check", "--docs", str(tmp_path)]) == 1
    assert capsys.readouterr().err.endswith(
        "countries.md is out of date: run python scripts/gen_docs.py\n"
    )
