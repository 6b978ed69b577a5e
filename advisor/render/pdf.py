"""PDF: an HTML page printed by WeasyPrint (its print CSS: A4, page breaks, page numbers).

WeasyPrint is an optional extra (``pip install 'sms-advisor[pdf]'``): it needs the Pango
libraries of the system. Without it, or without them, :func:`render_pdf` raises a
one-line :class:`~advisor.errors.UsageError` saying what to install.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor.errors import UsageError

if TYPE_CHECKING:
    from weasyprint.document import Document as PdfDocument

#: how to install what ``--format pdf`` needs.
INSTALL = "pip install 'sms-advisor[pdf]'"
#: the system libraries WeasyPrint needs on Debian and Ubuntu.
SYSTEM_LIBRARIES = "libpango-1.0-0 libpangoft2-1.0-0"


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError:
        raise UsageError(f"--format pdf needs WeasyPrint: {INSTALL}") from None
    except OSError as error:  # WeasyPrint is there, the Pango libraries it loads are not
        raise UsageError(
            f"--format pdf: WeasyPrint cannot load its system libraries ({error}); on "
            f"Debian or Ubuntu: apt-get install {SYSTEM_LIBRARIES}"
        ) from None
    return weasyprint


def _quiet() -> None:
    """WeasyPrint's notes on CSS it skips (properties for browsers) go nowhere, not to
    stderr: the advisor's stderr holds its own one-line errors."""
    import logging

    for name in ("weasyprint", "fontTools"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


def layout(page: str) -> PdfDocument:
    """The HTML page laid out on paper (its ``pages`` counted as the PDF will have them).

    The page fetches nothing but ``data:`` URIs: the advisor's pages embed their
    stylesheet and images.
    """
    weasyprint = _weasyprint()
    _quiet()

    return weasyprint.HTML(string=page, url_fetcher=_data_only(weasyprint)).render()


def _data_only(weasyprint: Any) -> Any:
    """A URL fetcher that reads ``data:`` URIs and fetches nothing else."""
    fetcher_class = getattr(weasyprint.urls, "URLFetcher", None)
    if fetcher_class is not None:  # WeasyPrint 66 and later
        return fetcher_class(allowed_protocols=("data",))

    def fetch(url: str, *args: object, **kwargs: object) -> Any:  # pragma: no cover - older
        if url.startswith("data:"):
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"not fetching {url}: a page of the advisor embeds what it shows")

    return fetch


def render_pdf(page: str) -> bytes:
    """The HTML page as PDF bytes."""
    data: bytes = layout(page).write_pdf()
    return data


__all__ = ["INSTALL", "layout", "render_pdf"]
