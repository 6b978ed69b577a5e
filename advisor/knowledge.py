"""The knowledge base: pydantic models of ``data/senders.yaml``, loading, validation, caching.

Everything that is a fact about the world lives in the YAML file: the sender
matrix, per-country support, provider limits, the P2P traffic profile and the
decision rules. Each fact block carries ``source`` (ids into the ``sources``
registry) and ``as_of`` (the date the fact was true). An unknown is written as
``unknown`` (or ``null`` for numbers) and the advisor says "unknown".

A user may point ``--data FILE`` (or ``ADVISOR_DATA``) at a file of their own
(typically a copy of the shipped one with the MPS their provider granted them);
it is validated with the same models and every error names its YAML path.
The validated result is cached on disk, keyed by the file's content.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import pickle
import tempfile
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from advisor import __version__
from advisor.errors import DataError
from advisor.validation import one_line
from advisor.vocab import SenderId, TrafficClass

DATA_ENV = "ADVISOR_DATA"
CACHE_ENV = "ADVISOR_CACHE_DIR"
NO_CACHE_ENV = "ADVISOR_NO_CACHE"


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def _yaml_booleans(value: Any) -> Any:
    """YAML 1.1 reads a bare ``yes``/``no`` as a boolean: take it back as the word."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


# --- Closed vocabularies of the facts ---------------------------------------------------------


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class AlphaSupport(StrEnum):
    YES = "yes"
    PARTIAL = "partial"
    NO = "no"
    UNKNOWN = "unknown"


class AlphaRegistration(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    NONE = "none"
    UNKNOWN = "unknown"


class Delivery(StrEnum):
    """What happens to a sender ID the country does not take as sent."""

    YES = "yes"
    OVERWRITTEN = "overwritten"
    NO = "no"
    UNKNOWN = "unknown"


class VoiceSupport(StrEnum):
    YES = "yes"
    NO = "no"
    SAME_COUNTRY = "same_country"
    UNKNOWN = "unknown"


class Fees(StrEnum):
    YES = "yes"
    NO = "no"
    DEPENDS = "depends"
    UNKNOWN = "unknown"


class AddingSenders(StrEnum):
    """Whether more senders of the same kind raise one campaign's throughput."""

    #: more numbers would only spread one campaign's traffic: carriers filter it.
    SNOWSHOEING = "snowshoeing"
    #: throughput is set per campaign or brand, not per number: more numbers add nothing.
    NO_GAIN = "no_gain"


class SenderKind(StrEnum):
    NUMERIC = "numeric"
    ALPHANUMERIC = "alphanumeric"


class TimeUnit(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    BUSINESS_DAYS = "business_days"
    WEEKS = "weeks"


YesNoField = Annotated[YesNo, BeforeValidator(_yaml_booleans)]
AlphaSupportField = Annotated[AlphaSupport, BeforeValidator(_yaml_booleans)]
DeliveryField = Annotated[Delivery, BeforeValidator(_yaml_booleans)]
VoiceField = Annotated[VoiceSupport, BeforeValidator(_yaml_booleans)]
FeesField = Annotated[Fees, BeforeValidator(_yaml_booleans)]

SourceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


# --- Sources -----------------------------------------------------------------------------------


class Source(Model):
    """A page or document a fact was read from."""

    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")
    publisher: str = Field(min_length=1)
    #: the date the document shows, when it shows one.
    published: date | None = None
    note: str = ""


class Sourced(Model):
    """A fact block: where it comes from and when it was true."""

    source: tuple[SourceId, ...] = Field(min_length=1)
    as_of: date
    note: str = ""


# --- The sender matrix --------------------------------------------------------------------------


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
    def _consistent(self) -> Throughput:
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
    daily_cap: int = Field(ge=0)
    #: the tier a new brand gets without vetting: volumes within it need nothing more.
    baseline: bool = False


class Volume(Sourced):
    """Message volume limits (e.g. T-Mobile's daily caps for 10DLC)."""

    text: str = Field(min_length=1)
    limited: bool
    #: the cap of the highest tier without an exception review; null when not limited.
    daily_cap_max: int | None = Field(default=None, ge=0)
    tiers: tuple[VolumeTier, ...] = ()
    over_cap: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Volume:
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


class LeadTime(Sourced):
    """How long until a sender can send: provisioning plus any registration review."""

    text: str = Field(min_length=1)
    min: NonNegative | None = None
    max: NonNegative | None = None
    unit: TimeUnit

    @model_validator(mode="after")
    def _ordered(self) -> LeadTime:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self

    def days(self, bound: Literal["min", "max"]) -> float | None:
        """A bound in calendar days (business days count five to the week)."""
        value = self.min if bound == "min" else self.max
        if value is None:
            return None
        match self.unit:
            case TimeUnit.MINUTES:
                days = value / (24 * 60)
            case TimeUnit.HOURS:
                days = value / 24
            case TimeUnit.DAYS:
                days = value
            case TimeUnit.BUSINESS_DAYS:
                days = value * 7 / 5
            case TimeUnit.WEEKS:
                days = value * 7
        return float(math.ceil(days)) if bound == "max" else float(math.floor(days))


class FeeFact(Sourced):
    text: str = Field(min_length=1)
    value: FeesField


class DirectionFact(Sourced):
    text: str = Field(min_length=1)
    two_way: bool


class SenderAttributes(Model):
    """One column of the sender matrix: every attribute, each with its source."""

    throughput: Throughput
    volume: Volume
    registration: Registration
    voice: Voice
    delivery_receipts: TextFact
    provisioning: TextFact
    lead_time: LeadTime
    recurring_fees: FeeFact
    carrier_fees: FeeFact
    direction: DirectionFact


class AttributeOverrides(Model):
    """Attributes that differ in some countries; anything left out keeps the sender's value."""

    throughput: Throughput | None = None
    volume: Volume | None = None
    registration: Registration | None = None
    voice: Voice | None = None
    delivery_receipts: TextFact | None = None
    provisioning: TextFact | None = None
    lead_time: LeadTime | None = None
    recurring_fees: FeeFact | None = None
    carrier_fees: FeeFact | None = None
    direction: DirectionFact | None = None

    def apply(self, attributes: SenderAttributes) -> SenderAttributes:
        changes = {name: value for name, value in self if value is not None}
        return attributes.model_copy(update=changes) if changes else attributes


class Variant(Model):
    """A sender as it works in a set of countries (e.g. the local long code outside the US)."""

    name: str
    countries: tuple[CountryCode, ...] = ()
    except_countries: tuple[CountryCode, ...] = ()
    traffic_class: TrafficClass | None = None
    registered: bool | None = None
    overrides: AttributeOverrides

    @model_validator(mode="after")
    def _one_selector(self) -> Variant:
        if bool(self.countries) == bool(self.except_countries):
            raise ValueError("give exactly one of countries or except_countries")
        return self

    def applies_to(self, country: str) -> bool:
        if self.countries:
            return country in self.countries
        return country not in self.except_countries


class Sender(Model):
    name: str
    #: the column title in the sender matrix of the ISV guide.
    matrix_title: str
    kind: SenderKind
    #: a sender local to the destination country.
    local: bool
    #: needs registration or verification before it sends.
    registered: bool
    traffic_class: TrafficClass
    summary: str
    attributes: SenderAttributes
    variants: tuple[Variant, ...] = ()


class Footnote(Model):
    mark: str
    text: str


class Matrix(Sourced):
    """How the sender matrix of the ISV guide is presented: its row labels and footnotes."""

    title: str
    #: attribute name -> row label, in display order.
    rows: dict[str, str]
    footnotes: tuple[Footnote, ...] = ()

    @field_validator("rows")
    @classmethod
    def _known_attributes(cls, rows: dict[str, str]) -> dict[str, str]:
        unknown = [name for name in rows if name not in SenderAttributes.model_fields]
        if unknown:
            known = ", ".join(SenderAttributes.model_fields)
            raise ValueError(f"unknown attribute {unknown[0]!r}; expected one of {known}")
        return rows


# --- Countries ----------------------------------------------------------------------------------


class Country(Sourced):
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    #: facts set by reading the sources by hand (False: derived mechanically, a first guess).
    reviewed: bool
    alpha_supported: AlphaSupportField
    alpha_registration: Annotated[AlphaRegistration, BeforeValidator(_yaml_booleans)]
    alpha_dynamic_delivered: DeliveryField
    domestic_long_code_sms: YesNoField
    domestic_long_code_two_way: YesNoField
    international_long_code: DeliveryField
    short_code: YesNoField
    toll_free_sms: YesNoField
    #: sender types a source explicitly names as two-way here (missing: unconfirmed).
    two_way_options: tuple[SenderId, ...] = ()
    notes: str = ""
    links: tuple[Annotated[str, Field(pattern=r"^https?://\S+$")], ...] = ()
    senders: dict[SenderId, AttributeOverrides] = Field(default_factory=dict)


# --- Providers ----------------------------------------------------------------------------------


class Quantity(Sourced):
    value: NonNegative | None
    unit: str


class ProviderError(Model):
    code: str
    http_status: int | None = None
    description: str


class ProviderErrors(Sourced):
    api_concurrency: tuple[ProviderError, ...] = ()
    burst: tuple[ProviderError, ...] = ()
    queue_full: tuple[ProviderError, ...] = ()
    expired: tuple[ProviderError, ...] = ()


class Burst(Sourced):
    """The API's burst rule: how fast the queue can be filled."""

    text: str
    #: burst rate = dequeue rate + this many messages per second.
    plus_mps: NonNegative


class Queue(Sourced):
    scope: Literal["per sender", "account"]
    seconds: NonNegative | None
    text: str = ""


class Provider(Model):
    name: str
    api_concurrency: Quantity
    #: the queue as the newest documentation gives it.
    queue: Queue
    #: what older documents said, newest first, kept with their dates.
    queue_history: tuple[Queue, ...] = ()
    burst: Burst | None = None
    validity_default_seconds: Quantity | None = None
    account_dequeue_mps: Quantity | None = None
    errors: ProviderErrors


# --- Traffic profile ----------------------------------------------------------------------------


class P2PProfile(Sourced):
    """The per-number profile of person-to-person traffic."""

    messages_per_minute_max: NonNegative
    messages_per_day_max: NonNegative
    unique_recipients_max: NonNegative
    #: inbound messages per outbound message below which traffic is not "close to 1:1".
    inbound_outbound_ratio_min: NonNegative
    text: str


# --- The reliability checklist ----------------------------------------------------------------


class ChecklistItem(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    text: str = Field(min_length=1)


class Checklist(Sourced):
    """What an ISV's messaging set-up needs to be reliable (the ISV guide's checklist)."""

    title: str
    items: tuple[ChecklistItem, ...] = Field(min_length=1)
    #: a healthy error rate is at most this percentage of messages.
    error_rate_max_percent: NonNegative
    #: a healthy opt-out rate is at most this percentage of messages.
    opt_out_rate_max_percent: NonNegative


# --- Rules --------------------------------------------------------------------------------------

Literal_ = str | int | float | bool


class FactRef(Model):
    fact: str


Operand = FactRef | Literal_ | tuple[Literal_, ...]

OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "known")


class Compare(Model):
    """``{fact: intake.mps, gt: {fact: sender.max_mps}}``: one fact, one operator."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True, populate_by_name=True)

    fact: str
    eq: Operand | None = None
    ne: Operand | None = None
    lt: Operand | None = None
    le: Operand | None = None
    gt: Operand | None = None
    ge: Operand | None = None
    in_: tuple[Literal_, ...] | None = Field(default=None, alias="in")
    not_in: tuple[Literal_, ...] | None = None
    known: bool | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> Compare:
        given = [name for name in OPERATORS if self.operand(name) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a comparison needs exactly one operator of {', '.join(OPERATORS)}; "
                f"got {', '.join(given) or 'none'}"
            )
        return self

    def operand(self, name: str) -> Operand | None:
        value: Operand | None = getattr(self, "in_" if name == "in" else name)
        return value

    @property
    def operator(self) -> str:
        return next(name for name in OPERATORS if self.operand(name) is not None)


class AllOf(Model):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(Model):
    any: tuple[Condition, ...] = Field(min_length=1)


class NotOf(Model):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True, populate_by_name=True)

    not_: Condition = Field(alias="not")


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return {AllOf: "<all>", AnyOf: "<any>", NotOf: "<not>", Compare: "<compare>"}.get(
            type(value)
        )
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return f"<{key}>"
        if "fact" in value:
            return "<compare>"
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("<all>")]
    | Annotated[AnyOf, Tag("<any>")]
    | Annotated[NotOf, Tag("<not>")]
    | Annotated[Compare, Tag("<compare>")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="expected a condition: all, any, not, or fact with an operator",
    ),
]


class Effect(StrEnum):
    EXCLUDE = "exclude"
    PREFER = "prefer"
    PENALISE = "penalise"
    CAVEAT = "caveat"
    WARN = "warn"


class Rule(Sourced):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    #: ``sender``: evaluated for every candidate sender; ``intake``: once per request.
    scope: Literal["sender", "intake"] = "sender"
    when: Condition
    effect: Effect
    weight: int = Field(default=0, ge=0)
    severity: Literal["info", "warning"] = "info"
    #: the reason shown when the rule fires; ``{fact.name}`` placeholders are filled in.
    reason: str = Field(min_length=1)
    #: shown when the rule could not be decided because a fact of the world is unknown.
    unknown: str = ""

    @model_validator(mode="after")
    def _weight_fits_effect(self) -> Rule:
        scored = self.effect in (Effect.PREFER, Effect.PENALISE)
        if scored and self.weight == 0:
            raise ValueError(f"a {self.effect} rule needs a weight above 0")
        if not scored and self.weight:
            raise ValueError(f"a {self.effect} rule takes no weight")
        if self.scope == "intake" and self.effect not in (Effect.WARN,):
            raise ValueError("an intake rule can only warn")
        return self


# --- The whole file -----------------------------------------------------------------------------


class Meta(Model):
    title: str
    #: the date the file as a whole was last reviewed.
    as_of: date
    description: str = ""


class KnowledgeBase(Model):
    meta: Meta
    sources: dict[SourceId, Source]
    matrix: Matrix
    senders: dict[SenderId, Sender]
    countries: dict[CountryCode, Country]
    providers: dict[Annotated[str, Field(pattern=r"^[a-z0-9_-]+$")], Provider]
    p2p_profile: P2PProfile
    checklist: Checklist
    rules: tuple[Rule, ...] = Field(min_length=1)

    @field_validator("senders")
    @classmethod
    def _every_sender(cls, senders: dict[SenderId, Sender]) -> dict[SenderId, Sender]:
        missing = [sender.value for sender in SenderId if sender not in senders]
        if missing:
            raise ValueError(f"every sender needs an entry; missing: {', '.join(missing)}")
        return senders

    def country(self, code: str) -> Country:
        return self.countries[code]


# --- Consistency checks beyond the schema -------------------------------------------------------


def _walk_sources(value: Any, path: str) -> list[tuple[str, str]]:
    """Every (path, source id) in a validated model tree."""
    found: list[tuple[str, str]] = []
    if isinstance(value, Sourced):
        found.extend((f"{path}.source", source) for source in value.source)
    if isinstance(value, BaseModel):
        for name, child in value:
            found.extend(_walk_sources(child, f"{path}.{name}" if path else name))
    elif isinstance(value, dict):
        for key, child in value.items():
            found.extend(_walk_sources(child, f"{path}.{key}"))
    elif isinstance(value, tuple):
        for index, child in enumerate(value):
            found.extend(_walk_sources(child, f"{path}[{index}]"))
    return found


def consistency_problems(kb: KnowledgeBase) -> list[str]:
    """Every problem the schema alone cannot see, each naming its YAML path."""
    from advisor.rules import check_rules

    problems = [
        f"{path}: unknown source id {source!r} (not in sources)"
        for path, source in _walk_sources(kb, "")
        if source not in kb.sources
    ]
    for sender_id, sender in kb.senders.items():
        for index, variant in enumerate(sender.variants):
            for listed in (*variant.countries, *variant.except_countries):
                if listed not in kb.countries:
                    problems.append(
                        f"senders.{sender_id}.variants[{index}]: unknown country {listed!r}"
                    )
    for code, country in kb.countries.items():
        if (
            country.alpha_supported is AlphaSupport.NO
            and country.alpha_registration is not AlphaRegistration.UNKNOWN
        ):
            problems.append(
                f"countries.{code}.alpha_registration: expected unknown where alpha is not "
                f"supported, got {country.alpha_registration.value!r}"
            )
    problems.extend(check_rules(kb.rules))
    return problems


# --- Loading and caching ------------------------------------------------------------------------


def shipped_path() -> Path:
    from advisor.paths import shipped_data_dir

    return shipped_data_dir() / "senders.yaml"


def validate_mapping(raw: dict[str, Any], source: str) -> KnowledgeBase:
    """Validate a parsed YAML mapping; raise DataError naming the first problem's path."""
    try:
        kb = KnowledgeBase.model_validate(raw)
    except ValidationError as error:
        raise DataError(one_line(error, source)) from None
    problems = consistency_problems(kb)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise DataError(f"{source}: {problems[0]}{more}")
    return kb


def problems_in_mapping(raw: dict[str, Any], source: str) -> list[str]:
    """All problems of a parsed knowledge base, one line each (empty when it is valid)."""
    from advisor.validation import describe

    try:
        kb = KnowledgeBase.model_validate(raw)
    except ValidationError as error:
        return [f"{source}: {line}" for line in describe(error)]
    return [f"{source}: {line}" for line in consistency_problems(kb)]


def problems_in(path: Path) -> list[str]:
    """All problems of a knowledge-base file, one line each (empty when it is valid)."""
    from advisor.yamlio import read_yaml_mapping

    try:
        raw = read_yaml_mapping(path)
    except DataError as error:
        return [error.message]
    return problems_in_mapping(raw, str(path))


def _cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "advisor"


def _cache_key(content: bytes) -> str:
    digest = hashlib.sha256(content)
    digest.update(f"advisor {__version__} pickle {pickle.HIGHEST_PROTOCOL}".encode())
    return digest.hexdigest()[:32]


def _read_cache(key: str) -> KnowledgeBase | None:
    try:
        blob = (_cache_dir() / f"kb-{key}.pickle").read_bytes()
        kb = pickle.loads(blob)  # our own cache, keyed by the file's content hash
    except Exception:  # a missing, stale or unreadable cache is only a slower start
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def _write_cache(key: str, kb: KnowledgeBase) -> None:
    directory = _cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kb-", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(kb, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / f"kb-{key}.pickle")
    except OSError:  # a read-only home is no reason to fail
        return


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> KnowledgeBase:
    from advisor.fileio import read_bytes

    content = read_bytes(path, "a YAML file", DataError)
    use_cache = not os.environ.get(NO_CACHE_ENV)
    key = _cache_key(content)
    if use_cache:
        cached = _read_cache(key)
        if cached is not None:
            return cached
    from advisor.yamlio import load_yaml_mapping  # only on a cache miss: yaml is slow to import

    kb = validate_mapping(load_yaml_mapping(content, str(path)), str(path))
    if use_cache:
        _write_cache(key, kb)
    return kb


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a knowledge-base file, as the models define it."""
    schema = KnowledgeBase.model_json_schema()
    schema["title"] = "advisor knowledge base (data/senders.yaml)"
    return schema


def data_path(explicit: Path | None = None) -> Path:
    """The knowledge-base file to use: ``--data``, else ``ADVISOR_DATA``, else the shipped one."""
    if explicit is not None:
        return explicit
    from advisor.paths import env_path

    return env_path(DATA_ENV) or shipped_path()


def load(explicit: Path | None = None) -> KnowledgeBase:
    """Load, validate and cache the knowledge base."""
    return _load(data_path(explicit))
