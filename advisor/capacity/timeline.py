"""The queue over time: the fluid model of :mod:`~advisor.capacity.formulas` as points.

A campaign sent at full speed, from the first submission to the last segment leaving,
as the plan computes it (same rates, same queue, same validity period). With ``lambda``
the inflow (segments per second past the burst limit), ``mu`` the dequeue rate, ``C``
the queue's depth, ``V`` the validity period and ``T`` the time the client takes to
submit the campaign:

* ``lambda <= mu``: nothing queues; segments leave as they arrive until ``T``.
* Otherwise the backlog grows at ``lambda - mu`` until the queue is full (at
  ``C / (lambda - mu)``), the first message expires (at ``V * lambda / (lambda - mu)``),
  or the client is done (``T``), whichever comes first. A full queue admits only what
  leaves it, so it stays full while the client submits. The sender never pauses until
  the queue is empty: at ``T + backlog / mu`` when nothing expires, at ``T + V`` when
  something does (from the first expiry on, the head of the queue is exactly ``V`` old).
* A queue that fills and also expires alternates: in each period of ``V`` seconds from
  the moment it fills, it refuses for ``(lambda * V - C) / (lambda - mu)`` seconds and then
  admits everything while the head drops what expired (see
  :func:`~advisor.capacity.formulas.queue_losses`).

Between two points every figure is linear in time, so the points are the moments the
regime changes (the queue is full, the first expiry, the end of submission, each switch
between refusing and expiring, the queue empty) and the chart drawn through them is
exact. Only the refusing/expiring alternation can have more switches than
:data:`MAX_POINTS` allows (thousands of validity periods while the client submits):
then the queue stays full all along (exact at any point), and the cumulative counts are
given exactly at evenly spaced moments in between (:attr:`Timeline.sampled`).

What the points are: ``submitted_messages`` (the client's, refused or not),
``sent_segments`` and ``expired_messages`` are cumulative; ``queued_segments`` is the
backlog at that moment, messages that will expire included (they are dropped when
they reach the head). Refused segments, cumulative, are what the rest leaves:
``submitted_messages * s - queued_segments - sent_segments - expired_messages * s``.

Where the plan's figures and the timeline meet: the fill time and the first expiry are
the plan's ``queue_rejection.from_seconds`` and ``expiry.from_seconds`` (taken from the
plan, not worked out again); the last point's expired and refused counts are the plan's
(in segments, before rounding up to messages); the largest backlog is the plan's
``peak_queue_segments`` unless messages expire, where the plan gives the backlog the
campaign would build without expiry and the queue itself holds at most what arrives in a
validity period (``lambda * V``); the last point is the plan's ``drain_seconds`` when
nothing is lost (refused or expired segments are never sent, so the sender is done
sooner).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from advisor.capacity.model import CapacityPlan

__all__ = ["MAX_POINTS", "Timeline", "TimelinePoint", "queue_timeline"]

#: the most points a timeline has, whatever the inputs.
MAX_POINTS = 200
#: points kept for the moments around the alternation when it is sampled.
_RESERVED = 16


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """The campaign at one moment (see the module docstring)."""

    seconds: float
    #: cumulative: the client's submissions, refused or not.
    submitted_messages: float
    #: the backlog at this moment, messages that will expire included.
    queued_segments: float
    #: cumulative.
    sent_segments: float
    #: cumulative; fluid (a fraction of a message is a part of one).
    expired_messages: float


@dataclass(frozen=True, slots=True)
class Timeline:
    points: tuple[TimelinePoint, ...]
    segments_per_message: int
    #: the dequeue rate, segments per second.
    mps: float
    #: the queue's depth in segments; ``None``: no queue.
    queue_limit_segments: float | None
    validity_seconds: float | None
    submission_seconds: float
    #: when the queue is full and starts refusing; ``None``: it never is.
    fill_seconds: float | None
    #: when the first message expires; ``None``: none does.
    first_expiry_seconds: float | None
    #: when the queue is empty and the last segment has left (sent or expired).
    end_seconds: float
    peak_segments: float
    #: the first moment the backlog is at its peak.
    peak_seconds: float
    #: refused segments at the end: the burst limit's and the full queue's.
    refused_segments: float
    #: of which the full queue's.
    queue_refused_segments: float
    #: ``True`` when the alternation between refusing and expiring is sampled rather than
    #: given switch by switch (the backlog is exact either way).
    sampled: bool = False


@dataclass(frozen=True, slots=True)
class _Fluid:
    """The model's state as closed-form functions of time."""

    messages: int
    segments: int
    #: inflow and dequeue rate, segments per second.
    lam: float
    mu: float
    #: depth (0: no queue), validity (``inf``: none), submission time.
    depth: float
    validity: float
    t_sub: float
    #: the queue fills (before the client is done and before anything expires).
    fills: bool
    fill: float
    #: messages expire; from ``first_expiry`` on.
    expiring: bool
    first_expiry: float
    #: the queue alternates between refusing (for ``refusing`` s) and expiring.
    periodic: bool
    refusing: float
    end: float

    @property
    def queues(self) -> bool:
        return self.lam > self.mu

    def admitted(self, tau: float) -> float:
        """Segments admitted into the queue by ``tau`` (cumulative, in arrival time)."""
        tau = min(max(tau, 0.0), self.t_sub)
        if not self.fills or tau <= self.fill:
            return self.lam * tau
        if not self.periodic:
            return self.lam * self.fill + self.mu * (tau - self.fill)
        elapsed = tau - self.fill
        periods = math.floor(elapsed / self.validity)
        rest = elapsed - periods * self.validity
        if rest <= self.refusing:
            within = self.mu * rest
        else:
            within = self.mu * self.refusing + self.lam * (rest - self.refusing)
        return self.lam * self.fill + periods * self.depth + within

    def departed(self, t: float) -> float:
        """Segments that left the queue by ``t``, sent or expired."""
        if not self.queues:
            return self.admitted(t)
        if t >= self.end:
            return self.admitted(self.t_sub)  # all of it (exactly: no t - V rounding)
        if self.expiring and t > self.first_expiry:
            return self.admitted(t - self.validity)
        return min(self.mu * t, self.admitted(self.t_sub))

    def sent(self, t: float) -> float:
        if not self.queues:
            return self.admitted(t)
        return self.mu * min(max(t, 0.0), self.end)

    def queued(self, t: float) -> float:
        if not self.queues:
            return 0.0
        if self.fills and self.fill <= t <= self.t_sub:
            return self.depth  # a full queue admits only what leaves it
        growing = t <= self.t_sub and (not self.fills or t <= self.fill)
        if growing and (not self.expiring or t <= self.first_expiry):
            return (self.lam - self.mu) * t  # the backlog as it forms
        backlog = self.admitted(t) - self.departed(t)
        return min(max(backlog, 0.0), self.depth)  # never beyond the queue (rounding)

    def point(self, t: float) -> TimelinePoint:
        expired = 0.0
        if self.expiring and t > self.first_expiry:
            expired = max(0.0, self.departed(t) - self.sent(t))
        submitted = float(self.messages)
        if t < self.t_sub:
            submitted = self.messages * (t / self.t_sub)
        return TimelinePoint(
            seconds=t,
            submitted_messages=submitted,
            queued_segments=self.queued(t),
            sent_segments=self.sent(t),
            expired_messages=expired / self.segments,
        )

    def switches(self, start: float, stop: float, limit: int) -> list[float] | None:
        """The moments in ``[start, stop]`` the admission switches between refusing and
        admitting everything; ``None`` when there are more than ``limit``."""
        if not self.periodic or stop < start:
            return []
        first = max(0, math.floor((start - self.fill) / self.validity))
        last = math.floor((stop - self.fill) / self.validity)
        if 2 * (last - first + 1) > limit:
            return None
        found = []
        for period in range(first, last + 1):
            begin = self.fill + period * self.validity
            for moment in (begin, begin + self.refusing):
                if start <= moment <= stop:
                    found.append(moment)
        return found


def _fluid(plan: CapacityPlan, messages: int, validity_seconds: float | None) -> _Fluid | None:
    if (
        plan.mps is None
        or plan.ingress_messages_per_second is None
        or plan.submission_seconds is None
        or plan.peak_queue_segments is None
    ):
        return None
    segments = plan.segments_per_message
    lam = plan.ingress_messages_per_second * segments
    mu = plan.mps
    depth = plan.queue_depth_segments or 0.0
    validity = math.inf if validity_seconds is None else float(validity_seconds)
    t_sub = end = plan.submission_seconds
    fills = expiring = periodic = False
    fill = first_expiry = refusing = math.inf
    if lam > mu and t_sub > 0:
        excess = lam - mu
        # Which regimes occur, and from when: the plan's own moments (its losses of this
        # campaign), so that the chart and the tables agree to the last bit.
        if plan.queue_rejection.from_seconds is not None:
            fills, fill = True, plan.queue_rejection.from_seconds
        if plan.expiry.from_seconds is not None:
            expiring, first_expiry = True, plan.expiry.from_seconds
        if expiring:
            end = t_sub + validity
        elif fills:
            end = (lam * fill + mu * (t_sub - fill)) / mu
        else:
            end = lam * t_sub / mu
        end = max(end, t_sub)  # never before the last submission (rounding)
        # A queue that fills and also expires alternates between refusing and expiring.
        periodic = fills and expiring
        if periodic:
            refusing = (lam * validity - depth) / excess
    return _Fluid(
        messages=messages,
        segments=segments,
        lam=lam,
        mu=mu,
        depth=depth,
        validity=validity,
        t_sub=t_sub,
        fills=fills,
        fill=fill,
        expiring=expiring,
        first_expiry=first_expiry,
        periodic=periodic,
        refusing=refusing,
        end=end,
    )


def _moments(fluid: _Fluid) -> tuple[list[float], bool]:
    """Every moment the regime changes; evenly spaced moments when the switches are many."""
    t_sub, end = fluid.t_sub, fluid.end
    fixed = [0.0, t_sub, end]
    if fluid.fills:
        fixed.append(fluid.fill)
    if fluid.expiring:
        fixed.append(fluid.first_expiry)
    if not fluid.periodic:
        return fixed, False
    validity = fluid.validity
    # After the first expiry the head of the queue is what arrived V ago: each switch
    # shows again V later (the last ones after the client is done).
    tail = fluid.switches(max(t_sub - validity, fluid.fill), t_sub, limit=8) or []
    fixed += [moment + validity for moment in tail if moment + validity <= end]
    budget = MAX_POINTS - _RESERVED
    during = fluid.switches(fluid.fill, t_sub, limit=budget)
    if during is not None:
        shifted = [m + validity for m in during if fluid.first_expiry <= m + validity <= end]
        if len(during) + len(shifted) <= budget:
            return fixed + during + shifted, False
    # The first period switch by switch, then evenly spaced moments to the end of submission.
    first = fluid.switches(fluid.fill, min(t_sub, fluid.fill + validity), limit=8) or []
    samples = budget - len(first)
    span = t_sub - fluid.fill
    even = [fluid.fill + span * index / samples for index in range(1, samples)]
    return fixed + first + even, True


def _distinct(moments: list[float], end: float) -> list[float]:
    """Sorted, within ``[0, end]``, without moments apart by rounding noise only."""
    kept: list[float] = []
    for moment in sorted(m for m in moments if 0.0 <= m <= end):
        if kept and math.isclose(moment, kept[-1], rel_tol=1e-12):
            kept[-1] = moment  # the later one: the end stays the end
            continue
        kept.append(moment)
    return kept


def queue_timeline(
    plan: CapacityPlan, *, messages: int | None, validity_seconds: float | None
) -> Timeline | None:
    """The campaign over time, for the plan of ``messages`` with that validity period.

    ``plan`` must be the plan of that campaign (``plan_capacity`` with the same
    ``messages`` and ``validity_seconds``). ``None`` when the plan cannot tell: no
    campaign, the MPS or the submission rate unknown, or something queues in a queue
    of unknown length (the plan's ``peak_queue_segments`` is ``None`` then). At most
    :data:`MAX_POINTS` points, the first at 0 s and the last when the queue is empty.
    """
    if messages is None:
        return None
    fluid = _fluid(plan, messages, validity_seconds)
    if fluid is None:
        return None
    moments, sampled = _moments(fluid)
    points = tuple(fluid.point(t) for t in _distinct(moments, fluid.end))
    peak = max(points, key=lambda p: p.queued_segments)
    accepted = fluid.admitted(fluid.t_sub)
    return Timeline(
        points=points,
        segments_per_message=fluid.segments,
        mps=fluid.mu,
        queue_limit_segments=plan.queue_depth_segments,
        validity_seconds=validity_seconds,
        submission_seconds=fluid.t_sub,
        fill_seconds=fluid.fill if fluid.fills else None,
        first_expiry_seconds=fluid.first_expiry if fluid.expiring else None,
        end_seconds=fluid.end,
        peak_segments=peak.queued_segments,
        peak_seconds=peak.seconds,
        refused_segments=max(0.0, messages * fluid.segments - accepted),
        queue_refused_segments=max(0.0, fluid.lam * fluid.t_sub - accepted),
        sampled=sampled,
    )
