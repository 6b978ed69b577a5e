"""Checking and rounding the numbers the formulas take and give.

A value out of its domain is an :class:`~advisor.errors.InputError` naming the option it
came from, never a ``ZeroDivisionError`` or a NaN further on.
"""

from __future__ import annotations

import math

from advisor.errors import InputError

# Relative tolerance when rounding computed floats to whole numbers, so that
# 25.000000000000004 workers is 25, not 26.
REL_TOL = 1e-12


def shown(value: object) -> str:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return repr(value)


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
