"""A sender's facts that depend on the request's figures: its MPS against the peak, how
to reach more, how many senders the peak needs, and the volume tier a daily volume needs.

They are made per request (MPS, daily volume, provider, account rate), where the other
sender facts (:mod:`advisor.engine.facts`) are made once per country, provider, buyer and day.
"""

from __future__ import annotations

import math

from advisor.capacity.account import account_rate
from advisor.engine.language import FactValue
from advisor.intake import Intake
from advisor.knowledge import KnowledgeBase, SenderAttributes, Throughput, Volume
from advisor.render.cells import format_cell

#: The sender facts that depend on the request's figures (MPS, daily volume, account rate).
NUMBER_FACTS = (
    "sender.default_mps",
    "sender.mps_route",
    "sender.numbers_needed",
    "sender.volume_route",
)


def sender_number_facts(
    kb: KnowledgeBase, attributes: SenderAttributes, intake: Intake
) -> dict[str, FactValue]:
    """The facts of :data:`NUMBER_FACTS`, of a sender as it works in the country."""
    throughput = attributes.throughput
    default_mps = throughput.default_mps
    route = mps_route(throughput, intake.mps)
    found = kb.providers.get(intake.provider) if intake.provider else None
    cap = account_rate(found, intake.account_mps)
    if cap is not None and (default_mps is None or cap.mps < default_mps):
        default_mps = cap.mps
        route = f"a higher account rate than {cap.origin} ({format_cell(cap.mps)} MPS)"
    numbers_needed: float | None = None
    if intake.mps is not None and default_mps:
        # a tiny account rate makes the ratio overflow to infinity: cap it before ceil
        numbers_needed = float(math.ceil(min(intake.mps / default_mps, 1e9)))
    return {
        "sender.default_mps": default_mps,
        "sender.mps_route": route,
        "sender.numbers_needed": numbers_needed,
        "sender.volume_route": volume_route(attributes.volume, intake.daily_volume),
    }


def mps_route(throughput: Throughput, mps: float | None) -> str | None:
    """How one sender reaches ``mps``: the trust-score tier, or the documented way to raise it."""
    if mps is None:
        return None
    if throughput.kind == "trust_score":
        fitting = [tier for tier in throughput.tiers if tier.mps >= mps]
        if not fitting:
            return None
        tier = min(fitting, key=lambda tier: tier.mps)
        return f"a brand trust score of {tier.trust_score} ({format_cell(tier.mps)} MPS)"
    return throughput.raise_how or None


def volume_route(volume: Volume, daily: int | None) -> str | None:
    """The volume tier a daily volume needs, when it is above the baseline tier."""
    if daily is None or not volume.tiers:
        return None
    baseline = max((t.daily_cap for t in volume.tiers if t.baseline), default=0)
    if daily <= baseline:
        return None
    fitting = [tier for tier in volume.tiers if tier.daily_cap >= daily]
    if not fitting:
        return None
    tier = min(fitting, key=lambda tier: tier.daily_cap)
    return (
        f"a {tier.label} brand (trust score {tier.trust_score}: "
        f"{format_cell(tier.daily_cap)} a day)"
    )
