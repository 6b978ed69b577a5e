"""The knowledge base: models of ``data/``, dated facts, loading, validation, a safe cache.

Everything that is a fact about the world lives in the data files: the sender
matrix, per-country facts (one file per country), provider limits, the P2P traffic
profile and the decision rules. Each fact block carries ``source`` and ``as_of``.
A country's facts are claims scoped by provider, buyer and date
(:mod:`advisor.knowledge.countries`), read for a request by
:mod:`advisor.knowledge.dated`.
"""

from __future__ import annotations

from advisor.knowledge.base import (
    Duration,
    FeeFact,
    LeadTime,
    Model,
    Registration,
    Source,
    Sourced,
    TextFact,
    Throughput,
    TimeUnit,
    TrustTier,
    Voice,
    Volume,
)
from advisor.knowledge.countries import (
    AvailabilityClaim,
    Country,
    CountrySender,
    Practice,
    Requirement,
    RequirementKind,
    Review,
)
from advisor.knowledge.loading import (
    CACHE_ENV,
    DATA_ENV,
    NO_CACHE_ENV,
    data_path,
    json_schema,
    load,
    problems_in,
    shipped_path,
    validate_mapping,
)
from advisor.knowledge.model import Effect, KnowledgeBase, Meta, Rule, consistency_problems
from advisor.knowledge.providers import (
    Checklist,
    P2PProfile,
    Provider,
    Quantity,
    Queue,
    SenderRate,
)
from advisor.knowledge.senders import (
    AttributeOverrides,
    Footnote,
    Matrix,
    Sender,
    SenderAttributes,
    Variant,
)

__all__ = [
    "CACHE_ENV",
    "DATA_ENV",
    "NO_CACHE_ENV",
    "AttributeOverrides",
    "AvailabilityClaim",
    "Checklist",
    "Country",
    "CountrySender",
    "Duration",
    "Effect",
    "FeeFact",
    "Footnote",
    "KnowledgeBase",
    "LeadTime",
    "Matrix",
    "Meta",
    "Model",
    "P2PProfile",
    "Practice",
    "Provider",
    "Quantity",
    "Queue",
    "Registration",
    "Requirement",
    "RequirementKind",
    "Review",
    "Rule",
    "Sender",
    "SenderAttributes",
    "SenderRate",
    "Source",
    "Sourced",
    "TextFact",
    "Throughput",
    "TimeUnit",
    "TrustTier",
    "Variant",
    "Voice",
    "Volume",
    "consistency_problems",
    "data_path",
    "json_schema",
    "load",
    "problems_in",
    "shipped_path",
    "validate_mapping",
]
