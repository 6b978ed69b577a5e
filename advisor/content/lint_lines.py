"""Linting many messages: one per JSON line, every line answered."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictStr, ValidationError, field_validator

from advisor.content.lint import LintResult, lint_message
from advisor.content.policy import ContentPolicy, load_content_policy
from advisor.errors import AdvisorError
from advisor.jsonlines import LineError, parse_object, safe_id, text_field
from advisor.validation import one_line
from advisor.vocab import UseCase

# --- many messages: JSON lines -------------------------------------------------


class _Request(BaseModel):
    """One JSON line: ``{"id", "text", optional "use_case", "brand", "first_message"}``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Any
    text: StrictStr
    use_case: UseCase | None = None
    brand: StrictStr | None = None
    first_message: StrictBool | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: Any) -> str | int:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError("expected text or a whole number")
        return value


@dataclass(frozen=True, slots=True)
class BatchAnswer:
    """The answer to one JSON line: a result, or the one-line reason it has none."""

    #: the line number in the input (1-based).
    line: int
    #: the request's id, when the line got far enough to have one.
    id: str | int | None
    result: LintResult | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None and not self.result.has_errors

    def to_dict(self) -> dict[str, Any]:
        head: dict[str, Any] = {"id": self.id, "line": self.line}
        if self.result is None:
            return {**head, "ok": False, "error": self.error}
        return {**head, **self.result.to_dict()}


def _answer(
    number: int,
    line: bytes | str,
    *,
    use_case: UseCase | None,
    brand: str | None,
    first_message: bool,
    policy: ContentPolicy,
) -> BatchAnswer:
    where = f"line {number}"
    try:
        data = parse_object(line)
        for key in ("text", "brand"):  # a missing text is the schema's to say
            text_field(data, key, required=False)
    except LineError as error:
        ident = error.ident if isinstance(error.ident, str | int) else None
        return BatchAnswer(number, ident, error=f"{where}: {error.message}")
    found = safe_id(data)
    ident = found if isinstance(found, str | int) and not isinstance(found, bool) else None
    try:
        request = _Request.model_validate(data)
    except ValidationError as error:
        return BatchAnswer(number, ident, error=one_line(error, where))
    try:
        result = lint_message(
            request.text,
            use_case=request.use_case if request.use_case is not None else use_case,
            brand=request.brand if request.brand is not None else brand,
            first_message=(
                request.first_message if request.first_message is not None else first_message
            ),
            policy=policy,
        )
    except AdvisorError as error:
        return BatchAnswer(number, ident, error=f"{where}: {error.message}")
    return BatchAnswer(number, ident, result=result)


def lint_lines(
    lines: Iterable[bytes | str | tuple[int, bytes]],
    *,
    use_case: UseCase | None = None,
    brand: str | None = None,
    first_message: bool = False,
    policy: ContentPolicy | None = None,
) -> Iterator[BatchAnswer]:
    """Lint one message per JSON line, answering every line; blank lines are skipped.

    ``lines`` are the lines themselves or (number, line) pairs as
    :func:`advisor.jsonlines.read_lines` gives them. A line's own ``use_case``,
    ``brand`` and ``first_message`` win over the defaults given here. A bad line is
    answered with its error, and the rest go on.
    """
    policy = policy if policy is not None else load_content_policy()
    for position, item in enumerate(lines, start=1):
        number, line = item if isinstance(item, tuple) else (position, item)
        if not line.strip():
            continue
        yield _answer(
            number,
            line,
            use_case=use_case,
            brand=brand,
            first_message=first_message,
            policy=policy,
        )


__all__ = ["BatchAnswer", "lint_lines"]
