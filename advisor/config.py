"""A config file of defaults: the provider, buyer, API figures, locale and format a user
gives on every run, said once.

The file is TOML, ``config.toml`` in the platform's config folder
(``platformdirs.user_config_path("advisor")``: ``~/.config/advisor`` on Linux,
``~/Library/Application Support/advisor`` on macOS, ``%LOCALAPPDATA%\\advisor`` on
Windows), or the file ``ADVISOR_CONFIG`` names. Its keys are flat::

    provider = "twilio"        # --provider
    entity = "local"           # --entity
    concurrency = 50           # --concurrency
    latency_ms = 250           # --latency-ms
    locale = "de_DE"           # --locale
    format = "json"            # --format, where a command offers it
    company = "Acme Messaging" # your company, for proposals

and the proposal's other branding: ``logo`` (an image file), ``accent_color``
(``#rrggbb``) and ``template`` (a Jinja2 file), as ``--logo``, ``--accent-color`` and
``--template`` give them.

A flag wins over its ``ADVISOR_*`` environment variable, which wins over this file,
which wins over the built-in default. A value that is not what a key expects, or a key
this file does not know, is an error naming the file and the key.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.errors import InputError, UsageError, shown
from advisor.vocab import Entity, OutputFormat

#: names a config file to read instead of the one in the platform's config folder.
CONFIG_ENV = "ADVISOR_CONFIG"
#: the file's name in the platform's config folder.
CONFIG_NAME = "config.toml"


@dataclass(frozen=True, slots=True)
class Defaults:
    """What a config file says; empty when there is none."""

    #: the file read, or None when there is none
    path: Path | None = None
    #: key -> value, checked and normalised (:func:`keys`)
    values: Mapping[str, Any] = field(default_factory=dict)


def default_path() -> Path:
    """``config.toml`` in the platform's config folder for the advisor."""
    from platformdirs import user_config_path

    return user_config_path("advisor") / CONFIG_NAME


def config_path() -> tuple[Path, bool]:
    """The config file to read, and whether it was named (``ADVISOR_CONFIG``)."""
    named = os.environ.get(CONFIG_ENV, "").strip()
    return (Path(named), True) if named else (default_path(), False)


def load_defaults() -> Defaults:
    """The config file's defaults (:class:`UsageError` naming the file and key if bad).

    No file in the config folder means no defaults; a file ``ADVISOR_CONFIG`` names
    must exist.
    """
    path, named = config_path()
    try:
        with path.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        if named:
            raise UsageError(
                f"{path}: cannot read the config file ({CONFIG_ENV}): no such file"
            ) from None
        return Defaults()
    except OSError as error:
        raise UsageError(
            f"{path}: cannot read the config file: {error.strerror or error}"
        ) from None
    import tomllib  # only when there is a file (most runs have none)

    try:
        raw = tomllib.loads(content.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    return Defaults(path, check(raw, str(path)))


def check(raw: Mapping[str, Any], label: str) -> dict[str, Any]:
    """The values of a config file checked and normalised; ``label`` names the file."""
    values = {}
    readers = keys()
    for key, value in raw.items():
        reader = readers.get(key)
        if reader is None:
            known = ", ".join(readers)
            raise UsageError(f"{label}: {key}: unknown key; expected one of {known}")
        values[key] = reader(value, f"{label}: {key}")
    return values


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{field}: expected a non-empty string, got {shown(value)}")
    return value.strip()


def _provider(value: object, field: str) -> str:
    text = _text(value, field).lower()
    if not text.replace("-", "").replace("_", "").isalnum():
        raise UsageError(f"{field}: expected a provider id such as twilio, got {shown(value)}")
    return text


def _entity(value: object, field: str) -> str:
    from advisor.intake import parse_choice

    if not isinstance(value, str):
        raise UsageError(f"{field}: expected one of international, local, got {shown(value)}")
    try:
        return parse_choice(value, Entity, field).value
    except InputError as error:  # the library's own wording, as a usage error of the file
        raise UsageError(error.message) from None


def _whole(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise UsageError(f"{field}: expected a whole number > 0, got {shown(value)}")
    return value


def _positive(value: object, field: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise UsageError(f"{field}: expected a number > 0, got {shown(value)}")
    return float(value)


def _locale(value: object, field: str) -> str:
    from advisor.locales import parse_locale

    if not isinstance(value, str):
        raise UsageError(f"{field}: expected a locale such as de_DE, got {shown(value)}")
    try:
        return parse_locale(value, field)
    except InputError as error:
        raise UsageError(error.message) from None


def _format(value: object, field: str) -> str:
    names = [member.value for member in OutputFormat]
    text = value.strip().lower() if isinstance(value, str) else None
    if text is None or text not in names:
        raise UsageError(f"{field}: expected one of {', '.join(names)}, got {shown(value)}")
    return text


@functools.cache
def keys() -> dict[str, Callable[[object, str], Any]]:
    """The keys a config file may hold, and how each is read.

    Made when a config file is read: most runs have none, and need no branding.
    """
    from advisor.branding import CONFIG_KEYS

    return {
        "provider": _provider,
        "entity": _entity,
        "concurrency": _whole,
        "latency_ms": _positive,
        "locale": _locale,
        "format": _format,
        "company": _text,
        # the proposal's branding: company (the same reader), logo, accent colour, template
        **CONFIG_KEYS,
    }
