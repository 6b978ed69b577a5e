"""The knowledge base's rules compiled once: a condition as a closure, a reason as a template.

An engine compiles its rules when it is made (:func:`compile_rules`); evaluating a rule
is then one call of its closure, and what its reason would cite (the sender attributes
whose figures it reads or quotes, and whether it reads the sender's availability) is
known before any request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from advisor.engine.evaluate import Compiled, Shape, Template, compile_condition, shape_of
from advisor.engine.language import placeholders, referenced_facts
from advisor.knowledge import Effect, Rule

#: The sender attribute each sender fact is read from, so a reason can cite the figure's source.
FACT_ATTRIBUTE = {
    "sender.two_way": "direction",
    "sender.voice": "voice",
    "sender.default_mps": "throughput",
    "sender.max_mps": "throughput",
    "sender.mps_text": "throughput",
    "sender.mps_route": "throughput",
    "sender.numbers_needed": "throughput",
    "sender.adding_senders": "throughput",
    "sender.volume_limited": "volume",
    "sender.daily_cap_max": "volume",
    "sender.volume_route": "volume",
    "sender.over_cap": "volume",
    "sender.lead_time_min_days": "lead_time",
    "sender.lead_time_max_days": "lead_time",
    "sender.lead_time_text": "lead_time",
    "sender.lead_time_elsewhere_min_days": "lead_time",
    "sender.lead_time_elsewhere_text": "lead_time",
    "sender.recurring_fees": "recurring_fees",
    "sender.carrier_fees": "carrier_fees",
    "sender.registration_text": "registration",
}


def rule_attributes(rule: Rule) -> tuple[str, ...]:
    """The sender attributes whose figures a rule reads or quotes, in a stable order."""
    names = {
        FACT_ATTRIBUTE[fact]
        for fact in (*referenced_facts(rule.when), *placeholders(rule.reason))
        if fact in FACT_ATTRIBUTE
    }
    return tuple(sorted(names))


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to run: its condition, its score, and how its reasons are written."""

    rule: Rule
    condition: Compiled
    #: its condition's tree, to specialise it to what a request decides in advance.
    shape: Shape
    #: the score it adds when it fires (negative: it penalises; 0: it does not score).
    points: int
    excludes: bool
    reason: Template
    #: what to say when a fact of the world leaves it undecided (None: nothing).
    unknown: Template | None
    #: the sender attributes whose sources its reason cites.
    cites: tuple[str, ...]
    #: it reads ``sender.availability``: its reason cites the availability claims too.
    availability: bool
    #: the facts its condition reads, in a stable order.
    reads: tuple[str, ...]


def compile_rule(rule: Rule) -> CompiledRule:
    points = {Effect.PREFER: rule.weight, Effect.PENALISE: -rule.weight}.get(rule.effect, 0)
    return CompiledRule(
        rule=rule,
        condition=compile_condition(rule.when),
        shape=shape_of(rule.when),
        points=points,
        excludes=rule.effect is Effect.EXCLUDE,
        reason=Template(rule.reason),
        unknown=Template(rule.unknown) if rule.unknown else None,
        cites=rule_attributes(rule),
        availability="sender.availability" in referenced_facts(rule.when),
        reads=tuple(sorted(referenced_facts(rule.when))),
    )


def compile_rules(
    rules: Iterable[Rule],
) -> tuple[tuple[CompiledRule, ...], tuple[CompiledRule, ...]]:
    """The request-wide (intake) rules and the per-sender rules, compiled, in file order."""
    compiled = [compile_rule(rule) for rule in rules]
    return (
        tuple(c for c in compiled if c.rule.scope == "intake"),
        tuple(c for c in compiled if c.rule.scope == "sender"),
    )
