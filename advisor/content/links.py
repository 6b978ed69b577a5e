"""Links in a message and their registrable domains.

The only module that imports linkify-it-py and tldextract, each on first use (the
lint path), never at start-up.

A link is what linkify-it finds: a URL with a scheme (``https://bit.ly/x``), or a
fuzzy link without one (``bit.ly/x``, ``BIT.LY``) whose top-level domain is a real
one, so ``shipped.Track`` is no link (``.track`` is no TLD) while ``bit.ly`` is.
E-mail addresses (``help@acme.com``, ``mailto:``) are not links. The top-level
domains are those of the Public Suffix List that tldextract bundles.

A host's *registrable domain* is the label before its public suffix, with the suffix,
by the same bundled list and counting its private section: ``shop.example.co.uk`` is
``example.co.uk``, and ``alice.github.io`` and ``bob.github.io`` are two domains.
The list is read from the copy inside the tldextract package: nothing is fetched
and nothing is cached on disk.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import tldextract

__all__ = ["FoundLink", "find_urls", "registrable_domain"]

#: what every link has, a scheme's ``//`` or a dot inside a host: a text without it has no
#: link, and most messages are answered without asking linkify-it (about 0.2 ms a text).
_MAYBE_LINK = re.compile(r"//|[^\s.]\.[^\s.]")


@dataclass(frozen=True, slots=True)
class FoundLink:
    #: the link as written in the message.
    text: str
    #: the host, lower case.
    host: str


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    """tldextract on its bundled Public Suffix List: no network, no cache directory."""
    import tldextract

    return tldextract.TLDExtract(
        cache_dir=None,
        suffix_list_urls=(),
        fallback_to_snapshot=True,
        include_psl_private_domains=True,
    )


@functools.cache
def _top_level_domains() -> tuple[str, ...]:
    """Every top-level domain of the bundled list (the suffixes of one label)."""
    suffixes: list[str] = _extractor().tlds
    return tuple(sorted(suffix for suffix in suffixes if "." not in suffix))


@functools.cache
def _linkify() -> Any:
    from linkify_it import LinkifyIt

    # Fuzzy links only with a real top-level domain; e-mail addresses are not links.
    return LinkifyIt(options={"fuzzy_email": False}).tlds(list(_top_level_domains()), False)


def find_urls(text: str) -> tuple[FoundLink, ...]:
    """The links in ``text``, in order, as written and with their host."""
    if _MAYBE_LINK.search(text) is None:
        return ()
    matches = _linkify().match(text) or []
    found: list[FoundLink] = []
    for match in matches:
        if str(match.schema).lower() == "mailto:":
            continue
        try:
            host = urlsplit(str(match.url)).hostname
        except ValueError:  # e.g. an unbalanced IPv6 bracket
            continue
        if host:
            found.append(FoundLink(text=str(match.raw), host=host.lower()))
    return tuple(found)


def registrable_domain(host: str) -> str:
    """The domain a host is registered under: ``www.example.com`` is ``example.com``.

    A host that is itself a public suffix (``github.io``), an IP address or a name
    with no known suffix is its own domain.
    """
    name = host.lower().rstrip(".")
    return _extractor()(name).top_domain_under_public_suffix or name
