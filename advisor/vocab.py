"""The closed vocabularies of the advisor's inputs.

Plain enums with no dependencies, so the CLI can declare its choices without
importing the library. The values are a contract: flags, CSV cells and JSON keys
use them verbatim.
"""

from __future__ import annotations

from enum import StrEnum


class UseCase(StrEnum):
    CONVERSATIONAL = "conversational"
    TRANSACTIONAL = "transactional"
    PROMOTIONAL = "promotional"
    #: one-time passcodes: the time-critical transactional case.
    OTP = "otp"


class Direction(StrEnum):
    ONE_WAY = "one-way"
    TWO_WAY = "two-way"


class Priority(StrEnum):
    DELIVERABILITY = "deliverability"
    COST = "cost"


class SenderId(StrEnum):
    SHORT_CODE = "short_code"
    #: the domestic long code; in the US, A2P 10DLC.
    LONG_CODE = "long_code"
    TOLL_FREE = "toll_free"
    ALPHANUMERIC_REGISTERED = "alphanumeric_registered"
    ALPHANUMERIC_DYNAMIC = "alphanumeric_dynamic"
    LONG_CODE_INTERNATIONAL = "long_code_international"


class TrafficMix(StrEnum):
    """What the sender carries (``capacity --traffic``)."""

    #: campaigns with no priority: reminders, receipts, opted-in promotions.
    BULK = "bulk"
    #: time-critical messages such as one-time passcodes.
    REALTIME = "realtime"
    #: large campaigns and real-time messages on the same account.
    MIXED = "mixed"


class TrafficClass(StrEnum):
    """Bandwidth's classification of messaging traffic."""

    P2P = "p2p"
    A2P = "a2p"


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"
    CSV = "csv"
    JSONL = "jsonl"
    #: a binary workbook: written to a file (``-o``), never to a terminal.
    XLSX = "xlsx"
    #: a PDF document (the HTML page printed): written to a file (``-o``), never to a terminal.
    PDF = "pdf"


#: The customer's answers, in the order they are asked for and shown (flags, prompts,
#: intake-sheet columns).
FIELDS = (
    "country",
    "use_case",
    "direction",
    "mps",
    "daily_volume",
    "lead_time_days",
    "priority",
    "voice",
    "provider",
    "entity",
    "go_live",
)
#: The per-number traffic profile that tells P2P from A2P traffic.
PROFILE_FIELDS = (
    "messages_per_minute",
    "messages_per_day",
    "unique_recipients",
    "inbound_outbound_ratio",
)


class Entity(StrEnum):
    """Who buys the sender: a business abroad (the default) or one registered in the country."""

    INTERNATIONAL = "international"
    LOCAL = "local"


# --- The vocabularies of facts about the world -------------------------------------------------
# Shared by the knowledge base (which states them) and the rule language (which tests them).


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Availability(StrEnum):
    """Whether a sender can be used in a country, and what the recipient then sees.

    ``yes``: it can be bought and is shown as sent. ``partial``: shown as sent on some
    networks only. ``overwritten``: delivered, but the sender is replaced (by a generic ID,
    a number or a "Likely Scam" label). ``no``: not available, blocked or rejected.
    """

    YES = "yes"
    PARTIAL = "partial"
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
