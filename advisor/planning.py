"""Where :mod:`advisor.capacity.planning` used to live: its public names, re-exported.

The bridge from the knowledge base to the capacity arithmetic is part of the
:mod:`advisor.capacity` package now; import it from there.
"""

from __future__ import annotations

from advisor.capacity.planning import (
    CapacityRequest,
    CapacityResult,
    Scaling,
    plan_request,
    provider,
    provider_limits,
    scaling,
    sender_mps,
    traffic_mix,
)

__all__ = [
    "CapacityRequest",
    "CapacityResult",
    "Scaling",
    "plan_request",
    "provider",
    "provider_limits",
    "scaling",
    "sender_mps",
    "traffic_mix",
]
