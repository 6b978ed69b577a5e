"""Capacity: how fast a campaign gets through a provider, and what fails when it goes too fast.

Flow of a message
-----------------
1. **API edge.** The client submits one message per HTTP request. With ``concurrency``
   requests in flight and each taking ``latency_ms``, the client reaches at most
   ``concurrency * 1000 / latency_ms`` requests per second. More requests in flight than
   the concurrency limit are refused (the provider's ``api_concurrency`` error); the model
   assumes the client never exceeds the limit, so these errors only appear in the advice.
2. **Burst limit.** Some providers accept messages into their queue no faster than a
   burst rate (``ProviderLimits.burst_rps``, or the dequeue rate plus
   ``burst_headroom_rps``). Submissions above it are refused from the start with the
   provider's ``burst`` error; the rest is the *ingress*.
3. **Queue.** Accepted messages wait in a first-in-first-out queue that holds
   ``queue_seconds`` worth of the dequeue rate: ``depth = mps * queue_seconds`` segments.
   A full queue refuses new messages (the ``queue_full`` error). Without a queue
   (``queue_seconds`` is ``None``) every submission above the dequeue rate is refused at
   once, and the ``queue_full`` error names that refusal.
4. **Dequeue.** The sender sends ``mps`` **segments** per second: a 3-segment message costs 3.
   A message that has waited longer than its validity period is dropped when it reaches the
   head of the queue (the ``expired`` error) and takes no sending slot.

Modules, along the data's path:

- :mod:`~advisor.capacity.model`: the inputs, the outputs and their vocabularies;
- :mod:`~advisor.capacity.numbers`: checking and rounding the numbers;
- :mod:`~advisor.capacity.formulas`: the arithmetic, one formula per function;
- :mod:`~advisor.capacity.pacing`: how the client should pace its submissions;
- :mod:`~advisor.capacity.plan`: the formulas composed into a plan, with its deadline;
- :mod:`~advisor.capacity.timeline`: the plan's campaign over time, point by point
  (submission, fill, peak, expiry, drain), for the queue chart;
- :mod:`~advisor.capacity.planning`: the bridge from the knowledge base (a provider's
  queue and error names, a sender's MPS in a country) to the plan; it imports the
  knowledge base and the engine, so it is imported by name, not re-exported here.

Everything here is a pure function of plain numbers; provider facts (queue length, burst
rate, error names) arrive in :class:`ProviderLimits`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what the names are; at run time each is imported when first read
    from advisor.capacity.formulas import (
        affected_messages,
        api_requests_per_second,
        burst_rejected_messages,
        drain_seconds,
        effective_burst_rps,
        egress_segments_per_second,
        first_expiry_seconds,
        ingress_messages_per_second,
        lossless_max_segments_per_second,
        max_wait_seconds,
        peak_queue_segments,
        queue_depth_segments,
        queue_fill_seconds,
        queue_losses,
        required_mps,
        submission_seconds,
        throttle_messages_per_second,
        workers_needed,
    )
    from advisor.capacity.model import (
        Bottleneck,
        CapacityInput,
        CapacityPlan,
        DeadlineCheck,
        ErrorName,
        Outcome,
        PacingAdvice,
        PacingStrategy,
        ProviderLimits,
        QueueLosses,
        Stage,
        TrafficMix,
    )
    from advisor.capacity.pacing import pacing_advice
    from advisor.capacity.plan import deadline_check, plan_capacity
    from advisor.capacity.timeline import Timeline, TimelinePoint, queue_timeline

__all__ = [
    "Bottleneck",
    "CapacityInput",
    "CapacityPlan",
    "DeadlineCheck",
    "ErrorName",
    "Outcome",
    "PacingAdvice",
    "PacingStrategy",
    "ProviderLimits",
    "QueueLosses",
    "Stage",
    "Timeline",
    "TimelinePoint",
    "TrafficMix",
    "affected_messages",
    "api_requests_per_second",
    "burst_rejected_messages",
    "deadline_check",
    "drain_seconds",
    "effective_burst_rps",
    "egress_segments_per_second",
    "first_expiry_seconds",
    "ingress_messages_per_second",
    "lossless_max_segments_per_second",
    "max_wait_seconds",
    "pacing_advice",
    "peak_queue_segments",
    "plan_capacity",
    "queue_depth_segments",
    "queue_fill_seconds",
    "queue_losses",
    "queue_timeline",
    "required_mps",
    "submission_seconds",
    "throttle_messages_per_second",
    "workers_needed",
]

#: the module of each name of :data:`__all__`: a name is imported when it is first read
#: (PEP 562), so that importing one module of the package (the engine imports
#: :mod:`~advisor.capacity.account` at start-up) does not import all of them.
_HOMES = {
    **dict.fromkeys(
        (
            "affected_messages",
            "api_requests_per_second",
            "burst_rejected_messages",
            "drain_seconds",
            "effective_burst_rps",
            "egress_segments_per_second",
            "first_expiry_seconds",
            "ingress_messages_per_second",
            "lossless_max_segments_per_second",
            "max_wait_seconds",
            "peak_queue_segments",
            "queue_depth_segments",
            "queue_fill_seconds",
            "queue_losses",
            "required_mps",
            "submission_seconds",
            "throttle_messages_per_second",
            "workers_needed",
        ),
        "formulas",
    ),
    **dict.fromkeys(
        (
            "Bottleneck",
            "CapacityInput",
            "CapacityPlan",
            "DeadlineCheck",
            "ErrorName",
            "Outcome",
            "PacingAdvice",
            "PacingStrategy",
            "ProviderLimits",
            "QueueLosses",
            "Stage",
            "TrafficMix",
        ),
        "model",
    ),
    **dict.fromkeys(("pacing_advice",), "pacing"),
    **dict.fromkeys(("deadline_check", "plan_capacity"), "plan"),
    **dict.fromkeys(("Timeline", "TimelinePoint", "queue_timeline"), "timeline"),
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # read once
    return value
