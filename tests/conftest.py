"""Shared test fixtures.

Golden files live under ``tests/golden/``. A test compares text with one using
the ``golden`` fixture; ``pytest --update-goldens`` rewrites the goldens of the
tests it runs instead (review the diff before committing it).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

GOLDEN_ROOT = Path(__file__).parent / "golden"
#: "today" for every test that runs a command (ADVISOR_TODAY).
TESTS_TODAY = "2026-12-02"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


def _diff(expected: str, actual: str, name: str) -> str:
    def lines(text: str) -> list[str]:
        # Every line ends in "\n" so the diff stays readable; a final line
        # without one is marked, as diff(1) does.
        out = text.splitlines(keepends=True)
        if out and not out[-1].endswith(("\n", "\r")):
            out[-1] += "\n\\ No newline at end of file\n"
        return out

    diff = difflib.unified_diff(
        lines(expected), lines(actual), fromfile=f"golden/{name}", tofile="actual"
    )
    text = "".join(diff)
    if not text or expected.splitlines() == actual.splitlines():
        # Only line endings differ: show them.
        text += f"line endings or whitespace differ:\n{expected!r}\n{actual!r}\n"
    return text


class Golden:
    """Compares text with a golden file byte for byte."""

    def __init__(self, root: Path, *, update: bool, nodeid: str) -> None:
        self.root = root
        self.update = update
        self.nodeid = nodeid

    def path(self, name: str) -> Path:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"golden name must be relative to tests/golden: {name!r}")
        return self.root.joinpath(*relative.parts)

    def check(self, name: str, text: str) -> None:
        path = self.path(name)
        actual = text.encode("utf-8")
        if self.update:
            if not path.exists() or path.read_bytes() != actual:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(actual)
            return
        if not path.exists():
            pytest.fail(
                f"golden file {path} does not exist; create it with\n"
                f"  pytest '{self.nodeid}' --update-goldens\n"
                "and review it before committing",
                pytrace=False,
            )
        expected = path.read_bytes()
        if expected != actual:
            pytest.fail(
                f"output differs from golden file {path}:\n"
                + _diff(expected.decode("utf-8", errors="replace"), text, name)
                + "if the change is intended, rerun with --update-goldens and review the diff",
                pytrace=False,
            )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare text with ``tests/golden/<name>``: ``golden.check(name, text)``."""
    return Golden(
        GOLDEN_ROOT,
        update=bool(request.config.getoption("--update-goldens")),
        nodeid=request.node.nodeid,
    )


@pytest.fixture(autouse=True, scope="session")
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests use their own knowledge-base cache and never a developer's ADVISOR_DATA,
    colour or width settings.

    "Today" is the day the expected answers were checked against their sources: the
    commands read dated facts (a registry that becomes mandatory) as of that day.
    """
    patch = pytest.MonkeyPatch()
    patch.setenv("ADVISOR_CACHE_DIR", str(tmp_path_factory.mktemp("kb-cache")))
    patch.setenv("ADVISOR_TODAY", TESTS_TODAY)
    patch.delenv("ADVISOR_DATA", raising=False)
    patch.delenv("ADVISOR_NO_CACHE", raising=False)
    patch.delenv("ADVISOR_LOCALE", raising=False)
    # a developer's config file and defaults stay out: an empty config file
    config = tmp_path_factory.mktemp("config") / "config.toml"
    config.write_text("", encoding="utf-8")
    patch.setenv("ADVISOR_CONFIG", str(config))
    for name in ("PROVIDER", "ENTITY", "CONCURRENCY", "LATENCY_MS", "FORMAT"):
        patch.delenv(f"ADVISOR_{name}", raising=False)
    # colour and width are the terminal's business: a developer's settings stay out
    for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        patch.delenv(name, raising=False)
    yield
    patch.undo()
