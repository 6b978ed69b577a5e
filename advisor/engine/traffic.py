"""Traffic class from the P2P profile: person-to-person or application-to-person.

A number's profile (messages a minute and a day, unique recipients, replies per message
sent) against the knowledge base's P2P bounds decides the class, and the evidence says
which figures decided it.
"""

from __future__ import annotations

from advisor.intake import TrafficProfile
from advisor.knowledge import P2PProfile
from advisor.render.cells import format_cell
from advisor.vocab import TrafficClass


def classify_traffic(profile: TrafficProfile, p2p: P2PProfile) -> tuple[TrafficClass | None, str]:
    """P2P or A2P from the per-number profile (None when no figure is given), with evidence."""
    checks = (
        ("messages_per_minute", "messages a minute", p2p.messages_per_minute_max, "above"),
        ("messages_per_day", "messages a day", p2p.messages_per_day_max, "above"),
        ("unique_recipients", "unique recipients", p2p.unique_recipients_max, "above"),
        ("inbound_outbound_ratio", "inbound per outbound", p2p.inbound_outbound_ratio_min, "below"),
    )
    beyond: list[str] = []
    within: list[str] = []
    for name, words, bound, side in checks:
        value = getattr(profile, name)
        if value is None:
            continue
        shown = f"{format_cell(value)} {words}"
        outside = value > bound if side == "above" else value < bound
        limit = f"P2P {'max' if side == 'above' else 'min'} {format_cell(bound)}"
        (beyond if outside else within).append(f"{shown}, {limit}")
    if beyond:
        return TrafficClass.A2P, "; ".join(beyond) + " per number"
    if within:
        return TrafficClass.P2P, "; ".join(within) + " per number"
    return None, ""
