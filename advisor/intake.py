"""The customer's requirements, validated: what every entry point builds first.

Raw answers (flags, prompt answers, CSV cells) are normalised here: a country as
:mod:`advisor.country` reads it (an ISO code, a name, an E.164 number); choices in
any letter case and with common synonyms; numbers as the user's locale writes them
(:mod:`advisor.locales`). Errors
name the field the way the caller names it (``--mps`` on the command line, ``mps`` in
an intake sheet).
"""

import datetime as dt
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.country import read_country
from advisor.errors import InputError, shown
from advisor.knowledge import KnowledgeBase
from advisor.locales import parse_number
from advisor.validation import describe_error
from advisor.vocab import PROFILE_FIELDS, Direction, Entity, Priority, UseCase

E = TypeVar("E", bound=StrEnum)

NonNegativeFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]

#: Ten years: a go-live further out is a typo (and the date arithmetic would overflow).
MAX_LEAD_TIME_DAYS = 3660
#: A peak beyond a million segments a second, or a day beyond a trillion messages, is a
#: typo: no provider sells either (the capacity plan's own ranges are in advisor.capacity).
MAX_MPS = 1e6
#: Below a hundredth of a segment a second (one an hour and a half) a rate is a typo too,
#: and its reciprocal overflows; the same floor as the capacity plan's rates.
MIN_MPS = 0.01
MAX_DAILY_VOLUME = 10**12


class TrafficProfile(BaseModel):
    """The per-number traffic profile that tells P2P from A2P traffic (all optional)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    messages_per_minute: NonNegativeFloat | None = None
    messages_per_day: NonNegativeFloat | None = None
    unique_recipients: Annotated[int, Field(ge=0)] | None = None
    #: inbound messages per outbound message.
    inbound_outbound_ratio: NonNegativeFloat | None = None

    def given(self) -> bool:
        return any(value is not None for _, value in self)


def _as_date(value: Any) -> Any:
    """An ISO date string as a date (anything else is left to the field's own validation)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


class Intake(BaseModel):
    """A customer's requirements for one destination country."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    use_case: UseCase
    direction: Direction
    #: peak throughput, message segments per second.
    mps: Annotated[float, Field(ge=MIN_MPS, le=MAX_MPS, allow_inf_nan=False)] | None = None
    daily_volume: Annotated[int, Field(ge=0, le=MAX_DAILY_VOLUME)] | None = None
    lead_time_days: Annotated[int, Field(ge=0, le=MAX_LEAD_TIME_DAYS)] | None = None
    priority: Priority = Priority.DELIVERABILITY
    voice: bool = False
    profile: TrafficProfile = TrafficProfile()
    #: who buys the senders: a business abroad (the default) or one registered in the country.
    entity: Entity = Entity.INTERNATIONAL
    #: the provider the answer is narrowed to (a provider id of the knowledge base); None: any.
    provider: str | None = None
    #: the day "today" is: fixed by ``--today`` for reproducible answers.
    today: dt.date = Field(default_factory=dt.date.today)
    #: the go-live day: given, or today plus ``lead_time_days``.
    go_live: dt.date | None = None
    #: the account's contracted outbound rate, segments per second (Bandwidth's dequeue rate).
    account_mps: Annotated[float, Field(ge=MIN_MPS, le=MAX_MPS, allow_inf_nan=False)] | None = None
    #: what reading the answers noted for the user to see (e.g. that the country was read
    #: from a number that is not an assigned one); no part of the requirements.
    notes: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _go_live(cls, data: Any) -> Any:
        """Derive the go-live day from the lead time, or the lead time from the go-live day."""
        if not isinstance(data, dict):
            return data
        today = _as_date(data.get("today")) or dt.date.today()
        go_live, days = _as_date(data.get("go_live")), data.get("lead_time_days")
        if isinstance(go_live, dt.date) and isinstance(today, dt.date):
            if go_live < today:
                raise ValueError(f"go-live {go_live} is before today ({today})")
            derived = (go_live - today).days
            if isinstance(days, int) and days != derived:
                raise ValueError(
                    f"go-live {go_live} is {derived} days from today ({today}), "
                    f"not {days}: give one of them"
                )
            return {**data, "today": today, "lead_time_days": derived}
        if isinstance(days, int) and not isinstance(days, bool) and isinstance(today, dt.date):
            if days < 0:  # the field's own check names it
                return {**data, "today": today}
            if days > MAX_LEAD_TIME_DAYS:
                raise ValueError(f"lead time: expected at most {MAX_LEAD_TIME_DAYS} days")
            try:
                return {**data, "today": today, "go_live": today + dt.timedelta(days=days)}
            except OverflowError:
                raise ValueError(
                    f"lead time: go-live would be after {dt.date.max} (today is {today})"
                ) from None
        return {**data, "today": today}

    @property
    def evaluated_on(self) -> dt.date:
        """The day the destination is read for: go-live, or today when go-live is unknown."""
        return self.go_live or self.today

    @model_validator(mode="after")
    def _consistent(self) -> "Intake":
        if self.use_case is UseCase.CONVERSATIONAL and self.direction is Direction.ONE_WAY:
            raise ValueError(
                "conversational messaging is two-way by definition (the end user starts the "
                "conversation): use direction two-way, or another use case for one-way traffic"
            )
        return self


# --- Normalising raw answers --------------------------------------------------------------------

#: Synonyms users type for the choices (after lower-casing and squeezing spaces).
CHOICE_SYNONYMS: dict[type[StrEnum], dict[str, str]] = {
    UseCase: {
        "marketing": "promotional",
        "promotion": "promotional",
        "promo": "promotional",
        "conversation": "conversational",
        "chat": "conversational",
        "transaction": "transactional",
        "notifications": "transactional",
        "notification": "transactional",
        "alerts": "transactional",
        "2fa": "otp",
        "mfa": "otp",
        "one-time-passcode": "otp",
        "one-time-password": "otp",
        "passcode": "otp",
        "verification": "otp",
    },
    Direction: {
        "oneway": "one-way",
        "1-way": "one-way",
        "outbound": "one-way",
        "twoway": "two-way",
        "2-way": "two-way",
        "bidirectional": "two-way",
    },
    Priority: {"deliverability": "deliverability", "price": "cost", "budget": "cost"},
}


def parse_choice(value: object, enum: type[E], field: str) -> E:
    """A choice in any letter case, with spaces or underscores for hyphens, or a synonym."""
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower()
    synonyms = CHOICE_SYNONYMS.get(enum, {})
    # "one way", "one_way" and "One-Way" all mean one-way; "short code" means short_code.
    for candidate in (text, re.sub(r"[\s_-]+", "-", text), re.sub(r"[\s_-]+", "_", text)):
        candidate = synonyms.get(candidate, candidate)
        try:
            return enum(candidate)
        except ValueError:
            continue
    allowed = ", ".join(member.value for member in enum)
    raise InputError(f"{field}: expected one of {allowed}, got {shown(value)}")


_TRUE = {"yes", "y", "true", "t", "1", "on"}
_FALSE = {"no", "n", "false", "f", "0", "off", ""}


def parse_bool(value: object, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(f"{field}: expected yes or no, got {shown(value)}")


def parse_date(value: object, field: str) -> dt.date:
    """A calendar day written as YYYY-MM-DD."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _bad_date(field, text)
    except ValueError:
        return _bad_date(field, text)


def _bad_date(field: str, text: str) -> dt.date:
    raise InputError(f"{field}: expected a date as YYYY-MM-DD, got {shown(text)}")


def parse_provider(value: object, kb: KnowledgeBase, field: str) -> str | None:
    """A provider id of the knowledge base (any letter case), or None for ``any``."""
    text = str(value).strip().lower()
    if text in ("any", "all", ""):
        return None
    if text in kb.providers:
        return text
    by_name = {provider.name.lower(): key for key, provider in kb.providers.items()}
    if text in by_name:
        return by_name[text]
    known = ", ".join(kb.providers)
    raise InputError(f"{field}: expected one of {known} (or any), got {shown(value)}")


# --- Building an Intake -------------------------------------------------------------------------


#: The answers :func:`build_intake` reads: an intake depends on these and on nothing else
#: (a sheet's sample message or brand does not change it).
ANSWER_FIELDS = (
    "country",
    "use_case",
    "direction",
    "priority",
    "voice",
    "mps",
    "daily_volume",
    "lead_time_days",
    "entity",
    "provider",
    "today",
    "go_live",
    "account_mps",
    *PROFILE_FIELDS,
)


def build_intake(
    answers: Mapping[str, Any],
    kb: KnowledgeBase,
    label: Callable[[str], str] = str,
    locale: str | None = None,
) -> Intake:
    """Validate raw answers into an Intake; errors name the field as ``label(field)``.

    ``answers`` maps field names (:data:`ANSWER_FIELDS`; any other is not read) to raw values;
    a missing or blank value means "not given". ``locale`` is how the numbers are
    written (see :func:`advisor.locales.parse_number`; None: not known).
    """

    def given(name: str) -> Any:
        value = answers.get(name)
        return None if isinstance(value, str) and not value.strip() else value

    data: dict[str, Any] = {}
    for name in ("country", "use_case", "direction"):
        if given(name) is None:
            raise InputError(f"{label(name)}: missing: this answer is required")
    country = read_country(given("country"), kb, label("country"))
    data["country"] = country.code
    if country.note is not None:
        data["notes"] = (country.note,)
    data["use_case"] = parse_choice(given("use_case"), UseCase, label("use_case"))
    data["direction"] = parse_choice(given("direction"), Direction, label("direction"))
    if given("priority") is not None:
        data["priority"] = parse_choice(given("priority"), Priority, label("priority"))
    voice = parse_bool(given("voice"), label("voice"))
    if voice is not None:
        data["voice"] = voice
    for name, integer in (("mps", False), ("daily_volume", True), ("lead_time_days", True)):
        data[name] = parse_number(given(name), label(name), integer=integer, locale=locale)
    if given("entity") is not None:
        data["entity"] = parse_choice(given("entity"), Entity, label("entity"))
    if given("provider") is not None:
        data["provider"] = parse_provider(given("provider"), kb, label("provider"))
    for name in ("today", "go_live"):
        if given(name) is not None:
            data[name] = parse_date(given(name), label(name))
    if given("account_mps") is not None:
        data["account_mps"] = parse_number(
            given("account_mps"), label("account_mps"), locale=locale
        )
    profile: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        profile[name] = parse_number(
            given(name), label(name), integer=name == "unique_recipients", locale=locale
        )
    data["profile"] = profile
    try:
        return Intake.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        loc = [part for part in first["loc"] if part != "profile"]
        name = str(loc[0]) if loc else ""
        detail = describe_error({**first, "loc": ()}).split(": ", 1)[-1]
        if name:
            fields = label(name)
        elif detail.startswith("lead time"):
            fields = label("lead_time_days")
        elif "go-live" in detail:
            fields = f"{label('go_live')} and {label('lead_time_days')}"
        else:
            fields = f"{label('use_case')} and {label('direction')}"
        raise InputError(f"{fields}: {detail}") from None
