"""Branding of a proposal: the company that prepares it, its logo and accent colour, and
the page template.

Each setting comes from a flag (``--company``, ``--logo``, ``--accent-color``,
``--template``) or, without one, from a config file's key (``company``, ``logo``,
``accent_color``, ``template``): :data:`CONFIG_KEYS` reads them as the config file's
other keys are read (a reader per key, errors naming ``FILE: key``), for the config
file's table of keys to include; :func:`branding` puts the flags over those values.
Without either, the proposal is unbranded, in the default colour.

The logo is embedded in the page as a ``data:`` URI, so the page, the fragment and the
PDF carry it with no file beside them and fetch nothing.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.errors import InputError, UsageError, shown

#: the accent colour of an unbranded proposal.
DEFAULT_COLOR = "#0b5cad"
#: the largest logo embedded (bytes): a logo, not a photograph.
LOGO_MAX_BYTES = 512 * 1024

_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


@dataclass(frozen=True, slots=True)
class Branding:
    """How a proposal looks: who prepared it, their logo and colour, and the template."""

    company: str = ""
    #: the logo as a ``data:`` URI ("" for none).
    logo: str = ""
    color: str = DEFAULT_COLOR
    #: a Jinja2 template replacing the built-in one (None: the built-in).
    template: Path | None = None


def parse_color(value: str, field: str) -> str:
    """``#rgb`` or ``#rrggbb``, lower-cased."""
    text = value.strip()
    if not _COLOR.fullmatch(text):
        raise UsageError(f"{field}: expected a colour as #rrggbb or #rgb, got {shown(value)}")
    return text.lower()


def logo_uri(path: Path, field: str = "--logo") -> str:
    """The image at ``path`` as a ``data:`` URI (PNG, JPEG, GIF, SVG or WebP)."""
    mime = _LOGO_TYPES.get(path.suffix.lower())
    if mime is None:
        kinds = ", ".join(sorted({suffix.lstrip(".") for suffix in _LOGO_TYPES}))
        raise InputError(f"{field}: {path}: expected an image file ({kinds})")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{field}: {path}: cannot read: {error.strerror or error}") from None
    if not data:
        raise InputError(f"{field}: {path}: the file is empty")
    if len(data) > LOGO_MAX_BYTES:
        raise InputError(
            f"{field}: {path}: {len(data):,} bytes; a logo must be at most {LOGO_MAX_BYTES:,}"
        )
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def template_path(path: Path, field: str = "--template") -> Path:
    """A template file that exists and can be read."""
    if not path.is_file():
        raise InputError(f"{field}: {path}: no such file")
    return path


def branding(
    *,
    company: str | None = None,
    logo: Path | None = None,
    color: str | None = None,
    template: Path | None = None,
    config: Mapping[str, Any] | None = None,
) -> Branding:
    """The branding from flags (given, not None) over the config file's values.

    ``config`` holds the config file's values already checked by :data:`CONFIG_KEYS`.
    """
    settings = dict(config or {})
    chosen_logo = logo_uri(logo) if logo is not None else settings.get("logo", "")
    return Branding(
        company=(company.strip() if company is not None else settings.get("company", "")),
        logo=chosen_logo,
        color=(
            parse_color(color, "--accent-color")
            if color is not None
            else settings.get("accent_color", DEFAULT_COLOR)
        ),
        template=(template_path(template) if template is not None else settings.get("template")),
    )


# --- The config file's keys (merged into advisor.config.keys()) --------------------------------


def _config_text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{field}: expected a non-empty string, got {shown(value)}")
    return value.strip()


def _config_color(value: object, field: str) -> str:
    return parse_color(_config_text(value, field), field)


def _config_logo(value: object, field: str) -> str:
    return logo_uri(Path(_config_text(value, field)).expanduser(), field)


def _config_template(value: object, field: str) -> Path:
    return template_path(Path(_config_text(value, field)).expanduser(), field)


#: config file key -> how it is read (the key's name ``FILE: key`` labels its errors).
CONFIG_KEYS: dict[str, Callable[[object, str], Any]] = {
    "company": _config_text,
    "logo": _config_logo,
    "accent_color": _config_color,
    "template": _config_template,
}

__all__ = [
    "CONFIG_KEYS",
    "DEFAULT_COLOR",
    "Branding",
    "branding",
    "logo_uri",
    "parse_color",
    "template_path",
]
