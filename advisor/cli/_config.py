"""The config file's defaults, handed to the options as click's ``default_map``.

Click gives each option its value from the command line, else its environment variable
(``envvar=``), else the ``default_map``, else its own default: the precedence the
advisor documents (flag > ``ADVISOR_*`` > config file > built-in).
"""

from __future__ import annotations

from typing import Any

import typer

from advisor.cli.params import CONFIG_META

#: config key -> the name of the option it is a default for
OPTION_OF = {
    "provider": "provider",
    "entity": "entity",
    "concurrency": "concurrency",
    "latency_ms": "latency_ms",
    "locale": "locale",
    "format": "fmt",
}


def apply_defaults(ctx: typer.Context) -> None:
    """Read the config file (:func:`advisor.config.load_defaults`) into ``ctx.default_map``."""
    from advisor.config import load_defaults

    defaults = load_defaults()
    if defaults.path is None:
        return
    ctx.meta[CONFIG_META] = str(defaults.path)
    ctx.default_map = default_map(ctx.command, defaults.values)


def default_map(group: Any, values: dict[str, Any] | Any) -> dict[str, Any]:
    """Per command (and sub-command), the defaults of the options it has."""
    found: dict[str, Any] = {}
    for name, command in getattr(group, "commands", {}).items():
        if hasattr(command, "commands"):
            nested = default_map(command, values)
            if nested:
                found[name] = nested
            continue
        names = {param.name for param in command.params}
        entry = {
            OPTION_OF[key]: value
            for key, value in values.items()
            if key in OPTION_OF and OPTION_OF[key] in names
        }
        if entry:
            found[name] = entry
    return found
