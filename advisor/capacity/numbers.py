"""Checking and rounding the numbers the formulas take and give.

A value out of its domain is an :class:`~advisor.errors.InputError` naming the option it
came from, never a ``ZeroDivisionError`` or a NaN further on.

Each input of a plan also has a sane range (:data:`RANGES`, documented in
docs/guide.md): finite numbers of any size are valid floats, but a deadline of 10^-310
minutes is not a deadline, and within these ranges every figure of a plan is a finite
number (the largest, a drain time, stays below 10^17 seconds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from advisor.capacity.model import CapacityInput
from advisor.capacity.options import (
    OPT_ACCOUNT_MPS,
    OPT_BURST,
    OPT_CONCURRENCY,
    OPT_DEADLINE,
    OPT_LATENCY,
    OPT_MESSAGES,
    OPT_MPS,
    OPT_QUEUE,
    OPT_SEGMENTS,
    OPT_VALIDITY,
)
from advisor.errors import InputError, UsageError

# Relative tolerance when rounding computed floats to whole numbers, so that
# 25.000000000000004 workers is 25, not 26.
REL_TOL = 1e-12


def shown(value: object) -> str:
    """A number as an error message quotes it: ``3``, ``0.5``, ``1e+308`` (never 300 digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return repr(float(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _bound(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else repr(value)


@dataclass(frozen=True, slots=True)
class Range:
    """The values an input may take, both ends included."""

    minimum: float
    maximum: float
    unit: str
    whole: bool = False

    def __str__(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} from {_bound(self.minimum)} to {_bound(self.maximum)} ({self.unit})"


_RATE = Range(0.01, 1_000_000, "segments per second")

#: The range of each input of a plan, by the option that gives it.
RANGES: dict[str, Range] = {
    OPT_CONCURRENCY: Range(1, 1_000_000, "requests in flight", whole=True),
    OPT_LATENCY: Range(0.1, 600_000, "milliseconds"),
    OPT_MPS: _RATE,
    OPT_ACCOUNT_MPS: _RATE,
    OPT_BURST: Range(0.01, 1_000_000, "messages per second"),
    OPT_SEGMENTS: Range(1, 1_000, "segments per message", whole=True),
    OPT_MESSAGES: Range(0, 10_000_000_000, "messages", whole=True),
    OPT_VALIDITY: Range(1, 604_800, "seconds"),
    OPT_QUEUE: Range(0, 604_800, "seconds"),
    OPT_DEADLINE: Range(0.01, 525_600, "minutes"),
}


#: a burst rate stated as headroom above the dequeue rate.
_HEADROOM = Range(0, 1_000_000, "messages per second above the dequeue rate")


def in_range(option: str, value: float, allowed: Range | None = None) -> float:
    """``value`` when it lies in the range of ``option`` (or ``allowed``); else an InputError."""
    allowed = allowed or RANGES[option]
    if not (is_number(value) and allowed.minimum <= value <= allowed.maximum):
        raise InputError(f"{option}: expected {allowed}, got {shown(value)}")
    return value


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def positive(option: str, value: float) -> float:
    if not (is_number(value) and math.isfinite(value) and value > 0):
        raise InputError(f"{option}: expected a number > 0, got {shown(value)}")
    return float(value)


def non_negative(option: str, value: float) -> float:
    if not (is_number(value) and math.isfinite(value) and value >= 0):
        raise InputError(f"{option}: expected a number >= 0, got {shown(value)}")
    return float(value)


def whole(option: str, value: int, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{option}: expected a whole number >= {minimum}, got {shown(value)}")
    return value


def amount(option: str, value: float) -> float:
    """An amount that may be ``math.inf`` (a sustained stream) but not NaN or negative."""
    if not (is_number(value) and value >= 0):
        raise InputError(f"{option}: expected a number >= 0, got {shown(value)}")
    return float(value)


# --- rounding -----------------------------------------------------------------------


def ceil_tol(value: float) -> int:
    return math.ceil(value - REL_TOL * max(1.0, abs(value)))


def floor_tol(value: float) -> int:
    return math.floor(value + REL_TOL * max(1.0, abs(value)))


def ceil_cents(value: float) -> float:
    return ceil_tol(value * 100) / 100


def check_input(inp: CapacityInput) -> None:
    """Refuse an input outside its domain, then one outside its range (:data:`RANGES`).

    Each error is an :class:`InputError` naming the option, so that a batch row gets its
    own error; the order is the order of the options in ``advisor capacity --help``.
    """
    if inp.concurrency is not None:
        in_range(OPT_CONCURRENCY, whole(OPT_CONCURRENCY, inp.concurrency, 1))
    if inp.latency_ms is not None:
        in_range(OPT_LATENCY, positive(OPT_LATENCY, inp.latency_ms))
    if inp.mps is not None:
        in_range(OPT_MPS, positive(OPT_MPS, inp.mps))
    limits = inp.limits
    if limits is not None:
        if limits.account_mps is not None:
            in_range(OPT_ACCOUNT_MPS, positive(OPT_ACCOUNT_MPS, limits.account_mps))
        if limits.queue_seconds is not None:
            in_range(OPT_QUEUE, non_negative(OPT_QUEUE, limits.queue_seconds))
        if limits.burst_rps is not None:
            in_range(OPT_BURST, positive(OPT_BURST, limits.burst_rps))
        if limits.burst_headroom_rps is not None:
            in_range(OPT_BURST, non_negative(OPT_BURST, limits.burst_headroom_rps), _HEADROOM)
    if inp.messages is not None:
        in_range(OPT_MESSAGES, whole(OPT_MESSAGES, inp.messages, 0))
    in_range(OPT_SEGMENTS, whole(OPT_SEGMENTS, inp.segments_per_message, 1))
    if inp.validity_seconds is not None:
        in_range(OPT_VALIDITY, positive(OPT_VALIDITY, inp.validity_seconds))
    if inp.deadline_minutes is not None:
        in_range(OPT_DEADLINE, positive(OPT_DEADLINE, inp.deadline_minutes))
    if inp.concurrency is not None and inp.latency_ms is None:
        raise UsageError(f"{OPT_LATENCY}: needed with {OPT_CONCURRENCY} (the API edge takes both)")
    if inp.latency_ms is not None and inp.concurrency is None:
        raise UsageError(f"{OPT_CONCURRENCY}: needed with {OPT_LATENCY} (the API edge takes both)")
