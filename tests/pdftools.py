"""PDF in tests: WeasyPrint where the system has its libraries, and pypdfium2 to read a PDF
back (its pages, their text, a page as an image)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

#: the proposal in the README's picture: the guide's Falcon Flights, branded
SAMPLE_ARGS = (
    "report", "--customer", "Falcon Flights", "--country", "US", "--use-case", "transactional",
    "--direction", "one-way", "--mps", "10", "--daily-volume", "20000", "--lead-time-days", "30",
    "--provider", "twilio", "--concurrency", "50", "--latency-ms", "250",
    "--body", "Falcon Flights: flight FF123 to Denver now departs 9:40 from gate B12. "
    "Reply STOP to opt out.",
    "--company", "Acme Messaging", "--logo", "examples/acme-logo.svg",
    "--accent-color", "#7a3eb1",
)  # fmt: skip


def need_weasyprint() -> None:
    """Skip the test where WeasyPrint or the system libraries it loads are missing
    (``.ci/run`` installs both)."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        pytest.skip("WeasyPrint is not installed: pip install 'sms-advisor[pdf]'")
    except OSError as error:
        pytest.skip(f"WeasyPrint cannot load its system libraries: {error}")


def pages_text(path: Path) -> list[str]:
    """The text of each page of the PDF at ``path``."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return [document[index].get_textpage().get_text_range() for index in range(len(document))]
    finally:
        document.close()


def page_image(path: Path, index: int = 0, scale: float = 1.0) -> Any:
    """Page ``index`` of the PDF at ``path`` as a Pillow image (72 dpi times ``scale``)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return document[index].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
