"""``--format pdf``: a real PDF from WeasyPrint, read back with pypdfium2.

The proposal fits on two A4 pages (the appendix starts on a page of its own after them);
``capacity``, ``matrix`` and ``countries`` print their pages; a PDF is refused to a
terminal and without ``-o``; a missing WeasyPrint is a one-line error saying what to
install. ``docs/proposal-sample.png`` is page 1 of the sample proposal, checked here.
"""

from __future__ import annotations

import builtins
import sys
from pathlib import Path
from typing import Any

import pytest
from clitools import invoke, run
from pdftools import SAMPLE_ARGS, need_weasyprint, page_image, pages_text

ROOT = Path(__file__).parent.parent
SAMPLE_PNG = ROOT / "docs" / "proposal-sample.png"
#: how far (mean absolute difference of the pixels, 0-255) the committed picture may be
#: from a fresh rendering: a font's hinting, not a changed word (a changed line of text
#: moves far more than this)
PICTURE_TOLERANCE = 2.0


@pytest.fixture
def weasyprint() -> None:
    need_weasyprint()


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the sample's logo is examples/acme-logo.svg


def _pdf(tmp_path: Path, *args: str, name: str = "out.pdf") -> Path:
    target = tmp_path / name
    code, out, err = invoke(*args, "--format", "pdf", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_bytes().startswith(b"%PDF-")
    return target


@pytest.mark.usefixtures("weasyprint", "in_root")
def test_the_proposal_fits_on_two_a4_pages(tmp_path: Path) -> None:
    pages = pages_text(_pdf(tmp_path, *SAMPLE_ARGS))
    appendix = next(i for i, text in enumerate(pages) if "Appendix: the detail" in text)
    # the proposal proper: at most 2 pages; the appendix begins on a page of its own
    assert appendix <= 2
    assert pages[appendix].lstrip().startswith("Appendix: the detail")
    assert "Prepared for Falcon Flights by Acme Messaging" in pages[0]
    assert "Reliability checklist" in "".join(pages[:appendix])
    short = pages_text(_pdf(tmp_path, *SAMPLE_ARGS, "--no-appendix", name="short.pdf"))
    assert len(short) <= 2
    assert not any("Appendix" in text for text in short)


@pytest.mark.usefixtures("weasyprint", "in_root")
def test_the_page_is_a4(tmp_path: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(_pdf(tmp_path, *SAMPLE_ARGS, "--no-appendix"))
    try:
        width, height = document[0].get_size()
    finally:
        document.close()
    # A4 is 210 x 297 mm: 595 x 842 points
    assert (round(width), round(height)) == (595, 842)


@pytest.mark.usefixtures("weasyprint")
@pytest.mark.parametrize(
    ("args", "title"),
    [
        (
            ("capacity", "--provider", "bandwidth", "--account-mps", "5", "--queue-seconds",
             "900", "--messages", "20000"),
            "Capacity plan",
        ),
        (("matrix",), "Sender matrix"),
        (("countries", "US", "DE", "BR"), "United States"),
    ],
)  # fmt: skip
def test_tables_print_as_pdf(tmp_path: Path, args: tuple[str, ...], title: str) -> None:
    pages = pages_text(_pdf(tmp_path, *args))
    assert 1 <= len(pages) <= 4
    assert title in pages[0]


@pytest.mark.usefixtures("weasyprint")
def test_a_pdf_goes_to_standard_output_when_it_is_redirected() -> None:
    done = run("matrix", "--format", "pdf", "-o", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-")
    assert done.stderr == b""


@pytest.mark.parametrize("command", [["matrix"], ["countries", "DE"], ["capacity", "--mps", "5"]])
def test_a_pdf_needs_a_file(command: list[str]) -> None:
    code, out, err = invoke(*command, "--format", "pdf")
    assert (code, out) == (2, "")
    assert err == "advisor: error: --format pdf writes a binary document: give -o FILE.pdf\n"


def test_a_pdf_is_never_written_to_a_terminal() -> None:
    from ttytools import Terminal

    terminal = Terminal("matrix", "--format", "pdf", "-o", "-")
    code, seen = terminal.finish()
    assert code == 2
    assert seen.strip() == (
        "advisor: error: --format pdf: not writing a binary document to the terminal; "
        "give -o FILE.pdf, or redirect standard output"
    )


def _without_weasyprint(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    real = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise error
        return real(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", fake)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            ImportError("No module named 'weasyprint'"),
            "advisor: error: --format pdf needs WeasyPrint: pip install 'sms-advisor[pdf]'\n",
        ),
        (
            OSError("cannot load library 'libpango-1.0-0'"),
            "advisor: error: --format pdf: WeasyPrint cannot load its system libraries "
            "(cannot load library 'libpango-1.0-0'); on Debian or Ubuntu: apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0\n",
        ),
    ],
)
def test_a_missing_weasyprint_is_one_line_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, error: Exception, expected: str
) -> None:
    _without_weasyprint(monkeypatch, error)
    target = tmp_path / "matrix.pdf"
    code, out, err = invoke("matrix", "--format", "pdf", "-o", str(target))
    assert (code, out, err) == (2, "", expected)
    assert not target.exists()


def test_a_page_never_fetches_from_the_network(tmp_path: Path) -> None:
    need_weasyprint()
    from advisor.render.pdf import layout

    page = '<p>x</p><img src="http://example.invalid/a.png"><img src="file:///etc/passwd">'
    assert len(layout(page).pages) == 1  # the images are left out, nothing is fetched


@pytest.mark.usefixtures("weasyprint", "in_root")
def test_the_docs_picture_is_page_one_of_the_sample(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from PIL import ImageChops, ImageStat

    fresh = page_image(_pdf(tmp_path, *SAMPLE_ARGS), 0, scale=1.5)
    if request.config.getoption("--update-goldens"):
        fresh.save(SAMPLE_PNG, optimize=True)
        return
    from PIL import Image

    assert SAMPLE_PNG.exists(), "create docs/proposal-sample.png with pytest --update-goldens"
    with Image.open(SAMPLE_PNG) as committed:
        assert committed.size == fresh.size
        difference = ImageChops.difference(committed.convert("RGB"), fresh)
    mean = sum(ImageStat.Stat(difference).mean) / 3
    assert mean <= PICTURE_TOLERANCE, (
        f"docs/proposal-sample.png is stale (mean difference {mean:.2f}); "
        "regenerate it with pytest tests/test_pdf.py --update-goldens and look at it"
    )
