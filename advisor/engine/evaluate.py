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
    template_parts,
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
    if type(value) is float or type(value) is int:  # the usual case, without isinstance
        return float(value)
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
    if isinstance(operand, str) and name in ("eq", "ne"):
        # text against text: plain equality is _equal's answer, without its checks
        test = operator.eq if name == "eq" else operator.ne
    elif name in ("in", "not_in") and all(isinstance(item, str) for item in _items(operand)):
        texts = frozenset(_items(operand))
        inside = name == "in"
        test = lambda left, _right: (left in texts) is inside  # noqa: E731
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


#: A condition partly evaluated: its outcome, or what is left to evaluate.
Specialised = Outcome | Compiled


@dataclass(frozen=True, slots=True)
class Shape:
    """A condition's tree read once, for :func:`specialise` to walk quickly."""

    kind: str  # compare, all, any or not
    #: a comparison's compiled function, and the facts it reads.
    compiled: Compiled | None = None
    names: frozenset[str] = frozenset()
    parts: tuple[Shape, ...] = ()


def shape_of(condition: Condition) -> Shape:
    match condition:
        case Compare():
            operand = condition.operand(condition.operator)
            names = {condition.fact, *((operand.fact,) if isinstance(operand, FactRef) else ())}
            return Shape("compare", compile_condition(condition), frozenset(names))
        case AllOf(all=parts):
            return Shape("all", parts=tuple(shape_of(part) for part in parts))
        case AnyOf(any=parts):
            return Shape("any", parts=tuple(shape_of(part) for part in parts))
        case NotOf(not_=inner):
            return Shape("not", parts=(shape_of(inner),))
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def specialise(shape: Shape, known: Facts) -> Specialised:
    """A condition (its :func:`shape_of`) with the comparisons of ``known`` facts
    evaluated in advance.

    The result is the condition's outcome when ``known`` decides it, or a function of
    the remaining facts that gives, over facts that agree with ``known``, the outcome
    ``evaluate(condition, facts)`` gives (unknown facts included): ``all`` is false
    when any part is, and otherwise unknown with the union of its parts' unknown
    facts when any part is, whatever the order of its parts; ``any`` likewise.
    """
    if shape.compiled is not None:
        return shape.compiled(known) if shape.names <= known.keys() else shape.compiled
    if shape.kind == "not":
        rest = specialise(shape.parts[0], known)
        if isinstance(rest, Outcome):
            return rest if rest.value is None else (FALSE if rest.value else TRUE)
        return _compile_not(rest)
    parts = [specialise(part, known) for part in shape.parts]
    return _specialise_junction(parts, stop=shape.kind == "any")


def _specialise_junction(parts: list[Specialised], *, stop: bool) -> Specialised:
    decided = TRUE if stop else FALSE
    otherwise = FALSE if stop else TRUE
    unknown: frozenset[str] | None = None
    rest: list[Compiled] = []
    for part in parts:
        if not isinstance(part, Outcome):
            rest.append(part)
        elif part.value is stop:
            return decided
        elif part.value is None:
            unknown = part.unknown if unknown is None else unknown | part.unknown
    if not rest:
        return otherwise if unknown is None else Outcome(None, unknown)
    if unknown is None:
        return rest[0] if len(rest) == 1 else _compile_junction(tuple(rest), stop=stop)
    remaining = _compile_junction(tuple(rest), stop=stop)
    known_unknown = unknown

    def run(facts: Facts) -> Outcome:
        outcome = remaining(facts)
        if outcome.value is stop:
            return outcome
        if outcome.value is None:
            return Outcome(None, known_unknown | outcome.unknown)
        return Outcome(None, known_unknown)

    return run


def render_template(template: str, facts: Facts) -> str:
    """Fill ``{fact.name}`` placeholders; nothing else in the text is interpreted."""
    return fill(template, lambda name: format_cell(facts.get(name)))


class Template:
    """A reason text split once into its text and placeholders: filled without a regex.

    ``Template(text).render(facts) == render_template(text, facts)`` for every text.
    """

    __slots__ = ("parts", "tail", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        parts = template_parts(text)
        #: (text before, fact name) pairs, then the text after the last placeholder.
        self.parts = tuple(zip(parts[0::2], parts[1::2], strict=False))
        self.tail = parts[-1]

    def render(self, facts: Facts) -> str:
        if not self.parts:
            return self.tail
        filled = [text + format_cell(facts.get(name)) for text, name in self.parts]
        filled.append(self.tail)
        return "".join(filled)
