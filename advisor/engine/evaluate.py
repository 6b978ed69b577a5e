"""Evaluating conditions: three-valued, compiled once into closures.

Evaluation is three-valued (Kleene): a comparison with an unknown fact is
*unknown*, ``all`` is false when any part is false, ``any`` is true when any part
is true, and ``not unknown`` stays unknown. A rule fires only when its condition
is true; an undecided rule is reported with the unknown facts that stopped it.
Operators are dispatched through an explicit table: there is no ``eval`` and no
attribute lookup by a name from the file.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from advisor.engine.language import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    FactRef,
    FactValue,
    NotOf,
    fill,
)
from advisor.render.cells import format_cell

Facts = Mapping[str, FactValue]
Tri = bool | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The value of a condition and, when it is unknown, the facts that made it so."""

    value: Tri
    unknown: frozenset[str] = frozenset()


TRUE = Outcome(True)
FALSE = Outcome(False)

Compiled = Callable[[Facts], Outcome]


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


_ORDER: dict[str, Callable[[float, float], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


def _items(value: object) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else (value,)


def _equal(left: object, right: object) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return float(left) == float(right)
    return left == right


def _test(name: str) -> Callable[[object, object], bool]:
    """The comparison function of one operator (the closed set)."""
    if name in _ORDER:
        order = _ORDER[name]
        return lambda left, right: order(_number(left), _number(right))
    if name == "eq":
        return _equal
    if name == "ne":
        return lambda left, right: not _equal(left, right)
    if name == "in":
        return lambda left, right: any(_equal(left, item) for item in _items(right))
    if name == "not_in":
        return lambda left, right: not any(_equal(left, item) for item in _items(right))
    raise ValueError(f"unknown operator {name!r}")  # pragma: no cover - closed by the schema


#: Compiled conditions, by the identity of the condition object (which the loaded
#: knowledge base keeps alive): a condition is compiled once, not once per evaluation.
_COMPILED: dict[int, tuple[Condition, Compiled]] = {}


def compile_condition(condition: Condition) -> Compiled:
    """A condition as a function of the facts, built from the closed operator table."""
    cached = _COMPILED.get(id(condition))
    if cached is not None and cached[0] is condition:
        return cached[1]
    compiled = _compile(condition)
    _COMPILED[id(condition)] = (condition, compiled)
    return compiled


def evaluate(condition: Condition, facts: Facts) -> Outcome:
    """The three-valued truth of ``condition`` over ``facts``."""
    return compile_condition(condition)(facts)


def _compile(condition: Condition) -> Compiled:
    match condition:
        case Compare():
            return _compile_compare(condition)
        case AllOf(all=parts):
            return _compile_junction(tuple(_compile(part) for part in parts), stop=False)
        case AnyOf(any=parts):
            return _compile_junction(tuple(_compile(part) for part in parts), stop=True)
        case NotOf(not_=inner):
            return _compile_not(_compile(inner))
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def _compile_junction(parts: tuple[Compiled, ...], *, stop: bool) -> Compiled:
    """``all`` (stops at the first false part) or ``any`` (stops at the first true one)."""
    decided = TRUE if stop else FALSE
    otherwise = FALSE if stop else TRUE

    def run(facts: Facts) -> Outcome:
        unknown: frozenset[str] | None = None
        for part in parts:
            outcome = part(facts)
            if outcome.value is stop:
                return decided
            if outcome.value is None:
                unknown = outcome.unknown if unknown is None else unknown | outcome.unknown
        return otherwise if unknown is None else Outcome(None, unknown)

    return run


def _compile_not(inner: Compiled) -> Compiled:
    def run(facts: Facts) -> Outcome:
        outcome = inner(facts)
        if outcome.value is None:
            return outcome
        return FALSE if outcome.value else TRUE

    return run


def _compile_compare(node: Compare) -> Compiled:
    name = node.operator
    fact = node.fact
    operand = node.operand(name)
    if name == "known":
        wanted = bool(operand)
        return lambda facts: TRUE if (facts.get(fact) is not None) is wanted else FALSE
    if operand is None:  # pragma: no cover - Compare validates that one operator is given
        raise ValueError(f"comparison of {fact} has no operand")
    test = _test(name)
    if isinstance(operand, FactRef):
        other = operand.fact

        def against_fact(facts: Facts) -> Outcome:
            left, right = facts.get(fact), facts.get(other)
            if left is None or right is None:
                names = (n for n, v in ((fact, left), (other, right)) if v is None)
                return Outcome(None, frozenset(names))
            return TRUE if test(left, right) else FALSE

        return against_fact
    literal = operand

    def against_literal(facts: Facts) -> Outcome:
        left = facts.get(fact)
        if left is None:
            return Outcome(None, frozenset((fact,)))
        return TRUE if test(left, literal) else FALSE

    return against_literal


def render_template(template: str, facts: Facts) -> str:
    """Fill ``{fact.name}`` placeholders; nothing else in the text is interpreted."""
    return fill(template, lambda name: format_cell(facts.get(name)))
