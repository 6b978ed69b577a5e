"""Typed options: what ``--help`` shows, how a value is read, and how a shell completes it.

Help shows the kind of value (``--mps FLOAT``, ``--use-case [otp|transactional|...]``),
never the Python type. A choice is read by the library's own parser
(:func:`advisor.intake.parse_choice`, with its synonyms such as ``2fa`` for ``otp``)
as the option is parsed, so a bad value is the library's one-line error naming where
it came from: the flag, the environment variable, or the config file and its key.
Numbers stay text until the command knows ``--locale`` (:mod:`advisor.locales` reads
them); countries and providers until it has loaded the knowledge base. Every option
that takes a name completes it in the shell (``advisor --install-completion``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any, TypeAlias, TypeVar

import typer

from advisor.errors import UsageError, shown
from advisor.vocab import OutputFormat

E = TypeVar("E", bound=StrEnum)

#: a number as given: text from the command line or the environment (read by the command
#: as ``--locale`` writes numbers), or a config file's number
NumberInput: TypeAlias = Any

#: the key under ``ctx.meta`` naming the config file that gave defaults (see _config.py)
CONFIG_META = "advisor.config"


def as_given(value: object) -> object:
    """The value as typed (or a config file's number as it is): read later by the command."""
    return value


def origin(ctx: typer.Context, param: typer.CallbackParam, flag: str) -> str:
    """Where an option's value came from, as an error names it: the flag, the environment
    variable, or ``FILE: key`` of the config file."""
    return origin_of(ctx, param.name or "", flag)


def origin_of(ctx: typer.Context, name: str, flag: str) -> str:
    """:func:`origin` of the command's option ``name``."""
    source = getattr(ctx.get_parameter_source(name), "name", "")
    if source == "ENVIRONMENT":
        envvar = next((p.envvar for p in ctx.command.params if p.name == name), None)
        if isinstance(envvar, str):
            return envvar
    if source == "DEFAULT_MAP":
        label = ctx.meta.get(CONFIG_META)
        if label is not None:
            return f"{label}: {_config_key(name)}"
    return flag


def from_command_line(ctx: typer.Context, name: str) -> bool:
    """True when option ``name`` was given on the command line (not a default)."""
    return getattr(ctx.get_parameter_source(name), "name", "") == "COMMANDLINE"


def _config_key(name: str) -> str:
    return "format" if name == "fmt" else name


def choices(values: Iterable[str]) -> str:
    """A metavar listing the values: ``[table|json]``."""
    return "[" + "|".join(values) + "]"


def completer(values: Callable[[], Iterable[str]]) -> Callable[[str], list[str]]:
    """Shell completion of ``values()`` (any letter case), in the case the user typed."""

    def complete(incomplete: str) -> list[str]:
        typed = incomplete.lower()
        found = []
        for value in values():
            if value.lower().startswith(typed):
                found.append(value.lower() if incomplete and incomplete.islower() else value)
        return [incomplete + value[len(incomplete) :] for value in found]

    return complete


def choice(
    enum: type[E],
    flag: str,
    help: str,
    *,
    order: Sequence[E] | None = None,
    envvar: str | None = None,
) -> Any:
    """An option whose value is one of ``enum`` (or a synonym the library knows)."""
    members = tuple(order or enum)

    def read(ctx: typer.Context, param: typer.CallbackParam, value: object) -> E | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        from advisor.intake import parse_choice

        return parse_choice(value, enum, origin(ctx, param, flag))

    return typer.Option(
        None,
        flag,
        metavar=choices(member.value for member in members),
        parser=as_given,
        callback=read,
        autocompletion=completer(lambda: [member.value for member in members]),
        envvar=envvar,
        help=help,
        show_default=True,
    )


def number(flag: str, help: str, *, integer: bool = False, envvar: str | None = None) -> Any:
    """A number, read by the command as ``--locale`` writes it."""
    return typer.Option(
        None,
        flag,
        metavar="INTEGER" if integer else "FLOAT",
        parser=as_given,
        envvar=envvar,
        help=help,
        show_default=True,
    )


def text(flag: str, help: str, *, metavar: str, envvar: str | None = None) -> Any:
    """A value the command reads itself (a day, a span, a locale, a message)."""
    return typer.Option(None, flag, metavar=metavar, envvar=envvar, help=help, show_default=True)


def _country_names() -> list[str]:
    from advisor import knowledge

    kb = knowledge.load(None)
    names = list(kb.countries)
    for country in kb.countries.values():
        names.extend((country.name, *country.aliases))
    return names


def _provider_ids() -> list[str]:
    from advisor import knowledge

    return ["any", *knowledge.load(None).providers]


def _sender_ids() -> list[str]:
    from advisor.vocab import SenderId

    return [sender.value for sender in SenderId]


complete_country = completer(_country_names)
complete_provider = completer(_provider_ids)
complete_sender = completer(_sender_ids)


def complete_senders(incomplete: str) -> list[str]:
    """``--senders ID,ID``: the ids after the last comma."""
    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    return [prefix + value for value in complete_sender(last)]


def country(flag: str = "--country", help: str = "") -> Any:
    return typer.Option(
        None,
        flag,
        metavar="COUNTRY",
        autocompletion=complete_country,
        help=help or "ISO 3166 code (US, DEU), country name (Brasil), or an E.164 number.",
        show_default=True,
    )


def provider(help: str) -> Any:
    return typer.Option(
        None,
        "--provider",
        metavar="PROVIDER",
        autocompletion=complete_provider,
        envvar="ADVISOR_PROVIDER",
        help=help,
        show_default=True,
    )


def sender(help: str, *, flag: str = "--sender") -> Any:
    from advisor.vocab import SenderId

    return typer.Option(
        None,
        flag,
        metavar=choices(member.value for member in SenderId),
        autocompletion=complete_sender,
        help=help,
        show_default=False,
    )


def parse_format(
    value: object, allowed: Iterable[OutputFormat], label: str = "--format"
) -> OutputFormat:
    """A format name checked against the formats a command offers (one wording for all)."""
    offered = tuple(allowed)
    text = str(value).strip().lower()
    for member in offered:
        if member.value == text:
            return member
    names = ", ".join(member.value for member in offered)
    raise UsageError(f"{label}: expected one of {names}, got {shown(value)}")


def output_format(
    formats: Sequence[OutputFormat],
    default: OutputFormat | None,
    help: str = "",
    *,
    flag: str = "--format",
    envvar: str | None = "ADVISOR_FORMAT",
) -> Any:
    """``--format``: one of ``formats``. ``ADVISOR_FORMAT`` and the config file's ``format``
    apply to the commands that offer that format; the others keep their default."""

    def read(ctx: typer.Context, param: typer.CallbackParam, value: object) -> OutputFormat | None:
        if value is None or (isinstance(value, OutputFormat) and value in formats):
            return value
        label = origin(ctx, param, flag)
        known = {member.value for member in OutputFormat}
        if label != flag and str(value).strip().lower() in known - set(formats):
            return default  # a general default (ADVISOR_FORMAT) this command does not offer
        return parse_format(value, formats, label)

    return typer.Option(
        default.value if default is not None else None,
        flag,
        metavar=choices(member.value for member in formats),
        parser=as_given,
        callback=read,
        autocompletion=completer(lambda: [member.value for member in formats]),
        envvar=envvar,
        help=help or "The output format.",
        show_default=default is not None,
    )


def output() -> Any:
    """``-o/--output``: where the result goes, checked before any work."""
    return typer.Option(
        None,
        "-o",
        "--output",
        metavar="FILE",
        help="Write the result to FILE instead of stdout (a regular file atomically; - is stdout).",
        show_default=False,
    )
