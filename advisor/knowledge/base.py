"""The building blocks of every fact: sources, dates, numbers, and the sender attributes.

Every fact block carries ``source`` (ids into the sources registry) and ``as_of``
(the date the newest cited source asserted it). An unknown is written as
``unknown`` (or ``null`` for numbers) and the advisor says "unknown".
"""

import math
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from advisor.vocab import AddingSenders, Fees, VoiceSupport


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def yaml_booleans(value: Any) -> Any:
    """YAML 1.1 reads a bare ``yes``/``no`` as a boolean: take it back as the word."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def _not_a_boolean(value: Any) -> Any:
    """``true`` is not a number, although Python says it equals 1."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()}")
    return value


#: The largest figure the knowledge base may state (MPS, seconds, days, daily caps):
#: beyond it a number is a typo, and arithmetic on it would overflow.
MAX_FIGURE = 1e9

NonNegative = Annotated[
    float,
    BeforeValidator(_not_a_boolean),
    Field(ge=0, le=MAX_FIGURE, allow_inf_nan=False),
]
WholeNumber = Annotated[int, BeforeValidator(_not_a_boolean), Field(ge=0, le=int(MAX_FIGURE))]
SourceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
ProviderId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=40)]
Url = Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)]
VoiceField = Annotated[VoiceSupport, BeforeValidator(yaml_booleans)]
FeesField = Annotated[Fees, BeforeValidator(yaml_booleans)]


class TimeUnit(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    BUSINESS_DAYS = "business_days"
    WEEKS = "weeks"
    MONTHS = "months"


# --- Sources -----------------------------------------------------------------------------------


class Source(Model):
    """A page or document a fact was read from."""

    title: str = Field(min_length=1)
    url: Url
    publisher: str = Field(min_length=1)
    #: the date the document shows, when it shows one.
    published: date | None = None
    #: the date the page was read (its stored copy, or the live page) for this knowledge base.
    read: date | None = None
    note: str = ""


class Sourced(Model):
    """A fact block: where it comes from and when it was true."""

    source: tuple[SourceId, ...] = Field(min_length=1)
    as_of: date
    note: str = ""


# --- The sender attributes ---------------------------------------------------------------------


class TrustTier(Model):
    """A 10DLC trust-score band and what it grants."""

    label: str
    trust_score: str
    mps: NonNegative
    per_carrier_mps: NonNegative | None = None


class Throughput(Sourced):
    """MPS (message segments per second) of one sender."""

    text: str = Field(min_length=1)
    kind: Literal["fixed", "range", "trust_score", "country"]
    #: what one sender gives without extra steps; null when unknown.
    default_mps: NonNegative | None = None
    #: the most one sender can be given by a documented route; null when unknown.
    max_mps: NonNegative | None = None
    tiers: tuple[TrustTier, ...] = ()
    #: how to get more throughput than the default, in a sentence.
    raise_how: str = ""
    adding_senders: AddingSenders

    @model_validator(mode="after")
    def _consistent(self) -> "Throughput":
        if (
            self.default_mps is not None
            and self.max_mps is not None
            and self.default_mps > self.max_mps
        ):
            raise ValueError(f"default_mps {self.default_mps} is above max_mps {self.max_mps}")
        if self.kind == "trust_score" and not self.tiers:
            raise ValueError("a trust_score throughput needs its tiers")
        return self


class VolumeTier(Model):
    label: str
    trust_score: str = ""
    daily_cap: WholeNumber
    #: the tier a new brand gets without vetting: volumes within it need nothing more.
    baseline: bool = False


class Volume(Sourced):
    """Message volume limits (e.g. T-Mobile's daily caps for 10DLC)."""

    text: str = Field(min_length=1)
    limited: bool
    #: the cap of the highest tier without an exception review; null when not limited.
    daily_cap_max: WholeNumber | None = None
    tiers: tuple[VolumeTier, ...] = ()
    over_cap: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> "Volume":
        if self.limited and self.daily_cap_max is None and not self.tiers:
            raise ValueError("a limited volume needs daily_cap_max or tiers")
        return self


class Registration(Sourced):
    text: str
    required: bool
    steps: tuple[str, ...] = ()


class Voice(Sourced):
    text: str = Field(min_length=1)
    value: VoiceField


class TextFact(Sourced):
    text: str = Field(min_length=1)


#: Calendar days per unit; business days count five to the week, a month 30 days.
_DAYS_PER_UNIT = {
    TimeUnit.MINUTES: 1 / (24 * 60),
    TimeUnit.HOURS: 1 / 24,
    TimeUnit.DAYS: 1.0,
    TimeUnit.BUSINESS_DAYS: 7 / 5,
    TimeUnit.WEEKS: 7.0,
    TimeUnit.MONTHS: 30.0,
}


class Duration(Model):
    """A span of time as a source states it, with the bounds it gives (null: not stated)."""

    text: str = Field(min_length=1)
    min: NonNegative | None = None
    max: NonNegative | None = None
    unit: TimeUnit

    @model_validator(mode="after")
    def _ordered(self) -> "Duration":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self

    def days(self, bound: Literal["min", "max"]) -> float | None:
        """A bound in calendar days (the least is rounded down, the most up)."""
        value = self.min if bound == "min" else self.max
        if value is None:
            return None
        days = value * _DAYS_PER_UNIT[self.unit]
        return float(math.ceil(days)) if bound == "max" else float(math.floor(days))

    @property
    def known(self) -> bool:
        return self.min is not None or self.max is not None


class LeadTime(Duration, Sourced):
    """How long until a sender can send: provisioning plus any registration review."""


class FeeFact(Sourced):
    text: str = Field(min_length=1)
    value: FeesField


class DirectionFact(Sourced):
    text: str = Field(min_length=1)
    two_way: bool
