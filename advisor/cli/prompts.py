"""Asking for missing answers on a terminal (rich prompts on stderr).

Each question shows its choices and default and validates the answer with the
same library function that validates a flag, so a prompt accepts exactly what
the flag accepts and re-asks with the library's own message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.prompt import InvalidResponse, PromptBase

from advisor.country import read_country
from advisor.errors import InputError
from advisor.intake import MAX_MPS, MIN_MPS, parse_bool, parse_choice, parse_provider
from advisor.knowledge import KnowledgeBase
from advisor.locales import parse_number
from advisor.vocab import Direction, Entity, Priority, UseCase


class _Prompt(PromptBase[Any]):
    """A prompt whose answer is checked (and converted) by a library parser."""

    parser: Callable[[str], Any] = staticmethod(lambda text: text)

    def process_response(self, value: str) -> Any:
        try:
            return type(self).parser(value.strip())
        except InputError as error:
            raise InvalidResponse(f"[prompt.invalid]{error.message}") from None


@dataclass(frozen=True)
class Question:
    field: str
    text: str
    parser: Callable[[str], Any]
    choices: tuple[str, ...] = ()
    default: str | None = None


def questions(
    kb: KnowledgeBase, answers: dict[str, Any], locale: str | None = None
) -> list[Question]:
    """The flowchart's questions, in the order a sales engineer asks them.

    Numbers are read as ``locale`` writes them (None: not known, see
    :func:`advisor.locales.parse_number`).
    """

    def positive(text: str) -> Any:
        value = parse_number(text, "peak MPS", locale=locale)
        if value is not None and not MIN_MPS <= value <= MAX_MPS:
            raise InputError(
                f"peak MPS: expected a number from {MIN_MPS:g} to {MAX_MPS:,.0f}"
                " (or leave it empty)"
            )
        return value

    def non_negative(field: str) -> Callable[[str], Any]:
        def parse(text: str) -> Any:
            value = parse_number(text, field, integer=True, locale=locale)
            if value is not None and value < 0:
                raise InputError(f"{field}: expected a whole number >= 0 (or leave it empty)")
            return value

        return parse

    def country(text: str) -> str:
        read_country(text, kb, "country")  # checked here, read again (with its note) later
        return text

    use_case = answers.get("use_case")
    conversational = str(use_case or "").strip().lower() == UseCase.CONVERSATIONAL.value
    return [
        Question(
            "country",
            "Destination country (ISO code, name or a phone number)",
            country,
        ),
        Question(
            "use_case",
            "Use case",
            lambda text: parse_choice(text, UseCase, "use case"),
            tuple(member.value for member in UseCase),
        ),
        Question(
            "direction",
            "One-way or two-way",
            lambda text: parse_choice(text, Direction, "direction"),
            tuple(member.value for member in Direction),
            Direction.TWO_WAY.value if conversational else Direction.ONE_WAY.value,
        ),
        Question(
            "mps", "Peak throughput, segments per second (empty if unknown)", positive, (), ""
        ),
        Question(
            "daily_volume",
            "Messages a day (empty if unknown)",
            non_negative("messages a day"),
            (),
            "",
        ),
        Question(
            "lead_time_days",
            "Days until go-live (empty if no deadline)",
            non_negative("days until go-live"),
            (),
            "",
        ),
        Question(
            "priority",
            "Priority",
            lambda text: parse_choice(text, Priority, "priority"),
            tuple(member.value for member in Priority),
            Priority.DELIVERABILITY.value,
        ),
        Question(
            "voice",
            "Voice on the same number (yes/no)",
            lambda text: parse_bool(text, "voice"),
            ("yes", "no"),
            "no",
        ),
        Question(
            "provider",
            "Provider",
            lambda text: parse_provider(text, kb, "provider") or "any",
            ("any", *kb.providers),
            "any",
        ),
        Question(
            "entity",
            "Who buys the senders: a business abroad, or one registered in the country",
            lambda text: parse_choice(text, Entity, "entity"),
            tuple(member.value for member in Entity),
            Entity.INTERNATIONAL.value,
        ),
    ]


def _ask(question: Question, console: Console) -> Any:
    prompt_class = type("Prompt", (_Prompt,), {"parser": staticmethod(question.parser)})
    prompt = prompt_class(
        question.text,
        console=console,
        choices=list(question.choices) or None,
        case_sensitive=False,
        show_choices=bool(question.choices),
    )
    if question.default is None:
        return prompt()
    return prompt(default=question.default)


def ask_missing(
    kb: KnowledgeBase,
    answers: dict[str, Any],
    fields: tuple[str, ...],
    locale: str | None = None,
) -> dict[str, Any]:
    """Ask on the terminal for each field in ``fields`` that has no answer yet.

    Answers come back as the text typed (or the default); the caller validates
    them again with everything else (and the same ``locale``), as it does flags.
    """
    console = Console(stderr=True, highlight=False)
    filled = dict(answers)
    for position in range(len(questions(kb, filled, locale))):
        # Rebuilt each time: a default may depend on an earlier answer.
        question = questions(kb, filled, locale)[position]
        if question.field in fields and filled.get(question.field) in (None, ""):
            value = _ask(question, console)
            filled[question.field] = getattr(value, "value", value)
    return filled
