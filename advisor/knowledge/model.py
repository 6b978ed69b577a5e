"""The whole knowledge base, its decision rules, and the checks beyond the schema."""

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from functools import cached_property
from itertools import combinations
from typing import Any, Literal

from pydantic import (
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    field_serializer,
    field_validator,
    model_validator,
)

from advisor.engine.language import Condition, check_condition, check_text
from advisor.knowledge.base import CountryCode, Model, ProviderId, Source, Sourced, SourceId
from advisor.knowledge.countries import AvailabilityClaim, Country, CountrySender, Scope
from advisor.knowledge.lazy import LazyCountries
from advisor.knowledge.providers import Checklist, OptOut, P2PProfile, Provider, SenderRate
from advisor.knowledge.senders import Matrix, Sender
from advisor.vocab import Availability, SenderId


class Effect(StrEnum):
    EXCLUDE = "exclude"
    PREFER = "prefer"
    PENALISE = "penalise"
    CAVEAT = "caveat"
    WARN = "warn"


class Rule(Sourced):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)
    title: str = Field(min_length=1)
    #: ``sender``: evaluated for every candidate sender; ``intake``: once per request.
    scope: Literal["sender", "intake"] = "sender"
    when: Condition
    effect: Effect
    weight: int = Field(default=0, ge=0, le=100)
    severity: Literal["info", "warning"] = "info"
    #: the reason shown when the rule fires; ``{fact.name}`` placeholders are filled in.
    reason: str = Field(min_length=1, max_length=1000)
    #: shown when the rule could not be decided because a fact of the world is unknown.
    unknown: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _weight_fits_effect(self) -> "Rule":
        scored = self.effect in (Effect.PREFER, Effect.PENALISE)
        if scored and self.weight == 0:
            raise ValueError(f"a {self.effect} rule needs a weight above 0")
        if not scored and self.weight:
            raise ValueError(f"a {self.effect} rule takes no weight")
        if self.scope == "intake" and self.effect is not Effect.WARN:
            raise ValueError("an intake rule can only warn")
        return self


class Meta(Model):
    title: str
    #: the date the file as a whole was last reviewed.
    as_of: dt.date
    description: str = ""
    #: where the per-country files are, relative to this file (a glob).
    country_files: str | None = None


class KnowledgeBase(Model):
    meta: Meta
    sources: dict[SourceId, Source]
    matrix: Matrix
    senders: dict[SenderId, Sender]
    countries: dict[CountryCode, Country]
    providers: dict[ProviderId, Provider]
    p2p_profile: P2PProfile
    checklist: Checklist
    rules: tuple[Rule, ...] = Field(min_length=1)
    #: how far a STOP reaches, per provider and on the network (advisor plan).
    opt_out: tuple[OptOut, ...] = ()

    @field_validator("senders")
    @classmethod
    def _every_sender(cls, senders: dict[SenderId, Sender]) -> dict[SenderId, Sender]:
        missing = [sender.value for sender in SenderId if sender not in senders]
        if missing:
            raise ValueError(f"every sender needs an entry; missing: {', '.join(missing)}")
        return senders

    @field_serializer("countries", mode="wrap")
    def _every_country(
        self, countries: dict[str, Country], handler: SerializerFunctionWrapHandler
    ) -> Any:
        """A cached knowledge base's countries, each validated, before it is written."""
        return handler(dict(countries) if isinstance(countries, LazyCountries) else countries)

    def country(self, code: str) -> Country:
        return self.countries[code]

    def country_sender(self, code: str, sender: SenderId) -> CountrySender:
        """What the country says of a sender, with the sender type's own limits added.

        A sender type that exists only in some countries (``only_in``) is, elsewhere, not
        available: a claim about the country that any claim of the country's own outranks
        (a provider's page, a dated change).
        """
        entry = self.countries[code].sender(sender)
        only_in = self.senders[sender].only_in
        if only_in is None or code in only_in.countries:
            return entry
        absent = AvailabilityClaim(
            value=Availability.NO, source=only_in.source, as_of=only_in.as_of, note=only_in.note
        )
        return entry.model_copy(update={"available": (absent, *entry.available)})

    def sender_rate(self, provider: Provider, sender: SenderId, code: str) -> SenderRate | None:
        """The provider's own figures for ``sender`` in country ``code`` (Telnyx), if any.

        A territory that follows another country's rules for this sender (``rules_of``: Puerto
        Rico's A2P 10DLC long code) gets the provider's figures for that country's variant.
        """
        return provider.rate_for(sender, self.countries[code].rules_country(code, sender))

    @cached_property
    def source_index(self) -> dict[str, Source]:
        """Every source: the shared registry and each country's own."""
        index = dict(self.sources)
        for country in self.countries.values():
            index.update(country.sources)
        return index

    def source(self, source_id: str) -> Source | None:
        """A source of the shared registry or of a country's own (ids are unique across both).

        From a cached knowledge base whose countries are validated as they are read, the
        countries read so far are looked in first: the rest only when they do not have it.
        """
        found = self.sources.get(source_id)
        if found is not None or "source_index" in self.__dict__:
            return found or self.source_index.get(source_id)
        if isinstance(self.countries, LazyCountries):
            return self.countries.source(source_id)
        return self.source_index.get(source_id)


# --- Consistency checks beyond the schema -------------------------------------------------------


def walk(value: Any, path: str = "") -> Iterator[tuple[str, BaseModel]]:
    """Every model in a validated tree, with its YAML path (``countries.ES.senders...``)."""
    if isinstance(value, BaseModel):
        yield path, value
        for name, child in value:
            yield from walk(child, f"{path}.{name}" if path else name)
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, f"{path}.{key}")
    elif isinstance(value, tuple):
        for index, child in enumerate(value):
            yield from walk(child, f"{path}[{index}]")


def _walk_sources(value: Any, path: str) -> list[tuple[str, str]]:
    """Every (path, source id) in a validated model tree."""
    return [
        (f"{where}.source", source)
        for where, node in walk(value, path)
        if isinstance(node, Sourced)
        for source in node.source
    ]


def _walk_scopes(value: Any, path: str) -> list[tuple[str, Scope]]:
    return [(where, node) for where, node in walk(value, path) if isinstance(node, Scope)]


def _overlap(left: Scope, right: Scope) -> bool:
    """True when two claims of one fact would hold for the same provider, buyer and day."""
    if left.effective != right.effective or left.entity != right.entity:
        return False
    if bool(left.providers) != bool(right.providers):
        return False
    return not left.providers or bool(set(left.providers) & set(right.providers))


def _country_problems(code: str, country: Country, kb: KnowledgeBase) -> list[str]:
    where = f"countries.{code}"
    problems: list[str] = []
    for path, scope in _walk_scopes(country, where):
        problems.extend(
            f"{path}.providers: unknown provider {provider!r} (not in providers)"
            for provider in scope.providers
            if provider not in kb.providers
        )
    for sender_id, entry in country.senders.items():
        for fact in type(entry).model_fields:
            claims: tuple[Scope, ...] = getattr(entry, fact)
            for (i, left), (j, right) in combinations(enumerate(claims), 2):
                if _overlap(left, right):
                    problems.append(
                        f"{where}.senders.{sender_id}.{fact}[{j}]: holds for the same "
                        f"providers, buyer and date as [{i}]: give one an effective date, "
                        f"a provider or an entity"
                    )
    seen: set[str] = set()
    for index, requirement in enumerate(country.requirements):
        if requirement.id in seen:
            problems.append(f"{where}.requirements[{index}].id: {requirement.id!r} is used twice")
        seen.add(requirement.id)
    return problems


def consistency_problems(kb: KnowledgeBase) -> list[str]:
    """Every problem the schema alone cannot see, each naming its YAML path."""
    index = kb.source_index
    problems = [
        f"{path}: unknown source id {source!r} (not in sources)"
        for path, source in _walk_sources(kb, "")
        if source not in index
    ]
    owners: dict[str, str] = dict.fromkeys(kb.sources, "sources")
    for code, country in kb.countries.items():
        for source_id in country.sources:
            if source_id in owners:
                problems.append(
                    f"countries.{code}.sources.{source_id}: the id is already used in "
                    f"{owners[source_id]}"
                )
            owners.setdefault(source_id, f"countries.{code}.sources")
        problems.extend(_country_problems(code, country, kb))
    for sender_id, sender in kb.senders.items():
        for listed in sender.only_in.countries if sender.only_in else ():
            if listed not in kb.countries:
                problems.append(f"senders.{sender_id}.only_in: unknown country {listed!r}")
        for number, variant in enumerate(sender.variants):
            for listed in (*variant.countries, *variant.except_countries):
                if listed not in kb.countries:
                    problems.append(
                        f"senders.{sender_id}.variants[{number}]: unknown country {listed!r}"
                    )
    for number, claim in enumerate(kb.opt_out):
        problems.extend(
            f"opt_out[{number}].providers: unknown provider {provider!r} (not in providers)"
            for provider in claim.providers
            if provider not in kb.providers
        )
    for code, country in kb.countries.items():
        if country.rules_of is not None and country.rules_of.country not in kb.countries:
            problems.append(
                f"countries.{code}.rules_of.country: unknown country {country.rules_of.country!r}"
            )
    problems.extend(check_rules(kb.rules))
    return problems


def check_rules(rules: tuple[Rule, ...]) -> list[str]:
    """Every problem in a rule set, each naming its YAML path."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, rule in enumerate(rules):
        path = f"rules[{number}]"
        found: list[str] = []
        if rule.id in seen:
            found.append(f"{path}.id: {rule.id!r} is already used by rules[{seen[rule.id]}]")
        seen.setdefault(rule.id, number)
        found.extend(check_condition(rule.when, f"{path}.when", rule.scope))
        found.extend(check_text(rule.reason, f"{path}.reason", rule.scope))
        found.extend(check_text(rule.unknown, f"{path}.unknown", rule.scope))
        problems.extend(f"{problem} (rule {rule.id})" for problem in found)
    return problems
