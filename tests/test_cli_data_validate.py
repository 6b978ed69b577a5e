"""``advisor data validate`` on one country file (``data/countries/XX.yaml``): the file is
checked with the knowledge base in use, in place of the file it stands for, and its
problems are named by its own path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from clitools import invoke, one_error_line, run

from advisor.knowledge.loading import country_codes, shipped_path

COUNTRIES = shipped_path().parent / "countries"
BRAZIL = COUNTRIES / "BR.yaml"


def _brazil() -> dict[str, object]:
    raw = yaml.safe_load(BRAZIL.read_text(encoding="utf-8"))
    assert isinstance(raw, dict)
    return raw


def _write(path: Path, raw: dict[str, object]) -> Path:
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_shipped_country_file_is_valid() -> None:
    code, out, err = invoke("data", "validate", str(BRAZIL))
    assert (code, err) == (0, "")
    assert out == f"{BRAZIL} is valid: Brazil (BR), checked with the shipped knowledge base\n"


def test_a_country_file_is_read_from_stdin_once() -> None:
    done = run("data", "validate", "-", input=BRAZIL.read_bytes())
    assert done.returncode == 0, done.stderr
    assert done.stdout == b"stdin is valid: Brazil (BR), checked with the shipped knowledge base\n"


def test_a_bad_value_is_named_by_the_country_files_path(tmp_path: Path) -> None:
    raw = _brazil()
    raw["BR"]["review"]["status"] = "bogus"  # type: ignore[index]
    path = _write(tmp_path / "BR.yaml", raw)
    code, out, err = invoke("data", "validate", str(path))
    assert (code, out) == (2, "")
    line = one_error_line(err)
    assert line.startswith(f"advisor: error: {path}: BR.review.status: expected one of")


def test_an_unknown_source_is_found_with_the_rest_of_the_knowledge_base(tmp_path: Path) -> None:
    """Cross-references (a source id, a sender) are checked, not only the file's shape."""
    raw = _brazil()
    raw["BR"]["requirements"][0]["source"] = ["br-nowhere"]  # type: ignore[index]
    path = _write(tmp_path / "BR.yaml", raw)
    code, _, err = invoke("data", "validate", str(path))
    assert code == 2
    assert "unknown source id 'br-nowhere'" in one_error_line(err)
    assert f"{path}: BR.requirements[0].source" in err


def test_a_country_file_holds_the_country_it_is_named_for(tmp_path: Path) -> None:
    path = _write(tmp_path / "FR.yaml", _brazil())
    code, _, err = invoke("data", "validate", str(path))
    assert code == 2
    assert one_error_line(err) == (
        f"advisor: error: {path}: BR: a country file holds the country it is named for"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BR: {name: Brazil}\n", ["BR"]),
        ("BR: {}\nAR: {}\n", ["BR", "AR"]),
        ("meta: {}\nBR: {}\n", None),
        ("senders: {}\n", None),
        ("br: {}\n", None),
        ("BRA: {}\n", None),
    ],
)
def test_what_is_a_country_file(text: str, expected: list[str] | None) -> None:
    assert country_codes(text.encode(), "x.yaml") == expected
