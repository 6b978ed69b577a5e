"""The sender matrix: six sender types, each attribute with its source."""

from pydantic import Field, field_validator, model_validator

from advisor.knowledge.base import (
    CountryCode,
    DirectionFact,
    FeeFact,
    LeadTime,
    Model,
    Registration,
    Sourced,
    TextFact,
    Throughput,
    Voice,
    Volume,
)
from advisor.vocab import SenderKind, TrafficClass


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
    def _one_selector(self) -> "Variant":
        if bool(self.countries) == bool(self.except_countries):
            raise ValueError("give exactly one of countries or except_countries")
        return self

    def applies_to(self, country: str) -> bool:
        if self.countries:
            return country in self.countries
        return country not in self.except_countries


class OnlyIn(Sourced):
    """The countries a sender type exists in at all (toll-free SMS: the US and Canada)."""

    countries: tuple[CountryCode, ...] = Field(min_length=1)


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
    #: where the sender type exists at all; elsewhere it is not available, whatever the
    #: provider, unless a country's own claim says otherwise.
    only_in: OnlyIn | None = None

    def variant_for(self, country: str) -> Variant | None:
        return next((v for v in self.variants if v.applies_to(country)), None)


class Footnote(Model):
    mark: str
    text: str


class Matrix(Sourced):
    """How the sender matrix of the ISV guide is presented: its row labels and footnotes."""

    title: str
    #: attribute name -> row label, in display order.
    rows: dict[str, str]
    footnotes: tuple[Footnote, ...] = Field(default=())

    @field_validator("rows")
    @classmethod
    def _known_attributes(cls, rows: dict[str, str]) -> dict[str, str]:
        unknown = [name for name in rows if name not in SenderAttributes.model_fields]
        if unknown:
            known = ", ".join(SenderAttributes.model_fields)
            raise ValueError(f"unknown attribute {unknown[0]!r}; expected one of {known}")
        return rows
