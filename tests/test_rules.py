"""The condition language: three-valued evaluation, load-time checks, templates."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from advisor.engine.evaluate import evaluate, render_template
from advisor.engine.language import FACTS, Condition, referenced_facts
from advisor.knowledge import Rule
from advisor.knowledge.model import check_rules
from advisor.render.cells import format_cell

CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)


def cond(raw: dict[str, Any]) -> Any:
    return CONDITION.validate_python(raw)


def rule(**fields: Any) -> Rule:
    base: dict[str, Any] = {
        "id": "r",
        "title": "t",
        "when": {"fact": "intake.mps", "gt": 1},
        "effect": "exclude",
        "reason": "because",
        "source": ["s"],
        "as_of": "2026-01-01",
    }
    return Rule.model_validate({**base, **fields})


# --- Comparisons ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "facts", "expected"),
    [
        ({"fact": "intake.mps", "gt": 10}, {"intake.mps": 11.0}, True),
        ({"fact": "intake.mps", "gt": 10}, {"intake.mps": 10.0}, False),
        ({"fact": "intake.mps", "ge": 10}, {"intake.mps": 10.0}, True),
        ({"fact": "intake.mps", "lt": 10}, {"intake.mps": 9.5}, True),
        ({"fact": "intake.mps", "le": 10}, {"intake.mps": 10.5}, False),
        ({"fact": "intake.direction", "eq": "two-way"}, {"intake.direction": "two-way"}, True),
        ({"fact": "intake.direction", "ne": "two-way"}, {"intake.direction": "two-way"}, False),
        ({"fact": "intake.voice", "eq": True}, {"intake.voice": True}, True),
        ({"fact": "intake.voice", "eq": False}, {"intake.voice": True}, False),
        (
            {"fact": "sender.id", "in": ["short_code", "toll_free"]},
            {"sender.id": "toll_free"},
            True,
        ),
        ({"fact": "sender.id", "not_in": ["short_code"]}, {"sender.id": "toll_free"}, True),
        (
            {"fact": "intake.mps", "gt": {"fact": "sender.max_mps"}},
            {"intake.mps": 300.0, "sender.max_mps": 225.0},
            True,
        ),
        ({"fact": "sender.max_mps", "known": True}, {"sender.max_mps": None}, False),
        ({"fact": "sender.max_mps", "known": False}, {"sender.max_mps": None}, True),
    ],
)
def test_comparisons(raw: dict[str, Any], facts: dict[str, Any], expected: bool) -> None:
    assert evaluate(cond(raw), facts).value is expected


def test_a_comparison_with_an_unknown_fact_is_unknown_and_names_it() -> None:
    outcome = evaluate(
        cond({"fact": "intake.mps", "gt": {"fact": "sender.max_mps"}}),
        {"intake.mps": 50.0, "sender.max_mps": None},
    )
    assert outcome.value is None
    assert outcome.unknown == {"sender.max_mps"}


def test_booleans_are_not_numbers() -> None:
    """True == 1 in Python; a rule comparing a bool fact with 1 must not match."""
    assert evaluate(cond({"fact": "sender.local", "eq": True}), {"sender.local": 1}).value is False


# --- Kleene logic --------------------------------------------------------------------------------

TRUE = {"fact": "intake.voice", "eq": True}
FALSE = {"fact": "intake.voice", "eq": False}
UNKNOWN = {"fact": "intake.mps", "gt": 1}
FACTS_TFU = {"intake.voice": True, "intake.mps": None}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"all": [TRUE, TRUE]}, True),
        ({"all": [TRUE, FALSE]}, False),
        ({"all": [UNKNOWN, FALSE]}, False),  # false wins whatever the unknown is
        ({"all": [UNKNOWN, TRUE]}, None),
        ({"any": [UNKNOWN, TRUE]}, True),  # true wins whatever the unknown is
        ({"any": [UNKNOWN, FALSE]}, None),
        ({"any": [FALSE, FALSE]}, False),
        ({"not": TRUE}, False),
        ({"not": UNKNOWN}, None),
        ({"not": {"all": [UNKNOWN, FALSE]}}, True),
    ],
)
def test_three_valued_logic(raw: dict[str, Any], expected: bool | None) -> None:
    assert evaluate(cond(raw), FACTS_TFU).value is expected


#: comparisons of values: the monotone (Kleene) fragment of the language.
LEAVES = [
    {"fact": "intake.mps", "gt": 10},
    {"fact": "intake.mps", "le": {"fact": "sender.max_mps"}},
    {"fact": "intake.voice", "eq": True},
    {"fact": "intake.direction", "eq": "two-way"},
]
#: ``known`` asks about knowledge itself, so learning a fact may flip it.
KNOWN = {"fact": "sender.max_mps", "known": True}


def trees(with_known: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    leaves = st.sampled_from([*LEAVES, KNOWN] if with_known else LEAVES)
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, min_size=1, max_size=3).map(lambda parts: {"all": parts}),
            st.lists(children, min_size=1, max_size=3).map(lambda parts: {"any": parts}),
            children.map(lambda inner: {"not": inner}),
        ),
        max_leaves=8,
    )


facts_strategy = st.fixed_dictionaries(
    {
        "intake.mps": st.one_of(st.none(), st.floats(0.5, 500)),
        "sender.max_mps": st.one_of(st.none(), st.floats(1, 500)),
        "intake.voice": st.one_of(st.none(), st.booleans()),
        "intake.direction": st.one_of(st.none(), st.sampled_from(["one-way", "two-way"])),
    }
)


@given(tree=trees(), partial=facts_strategy, full=facts_strategy)
def test_a_decided_outcome_never_changes_when_unknowns_become_known(
    tree: dict[str, Any], partial: dict[str, Any], full: dict[str, Any]
) -> None:
    """Kleene's guarantee: learning an unknown fact can only decide what was undecided."""
    completed = {
        name: value if value is not None else (full[name] if full[name] is not None else value)
        for name, value in partial.items()
    }
    before = evaluate(cond(tree), partial)
    after = evaluate(cond(tree), completed)
    if before.value is not None:
        assert after.value is before.value
    assert before.unknown <= set(partial)


def test_known_is_outside_the_monotone_fragment_on_purpose() -> None:
    unknown = {"sender.max_mps": None}
    assert evaluate(cond(KNOWN), unknown).value is False
    assert evaluate(cond(KNOWN), {"sender.max_mps": 10.0}).value is True


@given(tree=trees(with_known=True), facts=facts_strategy)
def test_an_undecided_outcome_names_only_unknown_facts(
    tree: dict[str, Any], facts: dict[str, Any]
) -> None:
    outcome = evaluate(cond(tree), facts)
    if outcome.value is None:
        assert outcome.unknown
        assert all(facts[name] is None for name in outcome.unknown)
    else:
        assert outcome.unknown == frozenset()


def test_referenced_facts_include_both_sides() -> None:
    tree = cond({"all": [{"fact": "intake.mps", "gt": {"fact": "sender.max_mps"}}, TRUE]})
    assert referenced_facts(tree) == {"intake.mps", "sender.max_mps", "intake.voice"}


# --- Checking rules when they are loaded ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"when": {"fact": "intake.speed", "gt": 1}},
            "rules[0].when.fact: unknown fact 'intake.speed'",
        ),
        (
            {"when": {"fact": "intake.direction", "gt": 1}},
            "rules[0].when.gt: gt compares numbers; intake.direction is enum",
        ),
        (
            {"when": {"fact": "intake.mps", "gt": "ten"}},
            "rules[0].when.gt: expected a number, got 'ten'",
        ),
        (
            {"when": {"fact": "intake.mps", "gt": True}},
            "rules[0].when.gt: expected a number, got True",
        ),
        (
            {"when": {"fact": "intake.direction", "eq": "two_way"}},
            "rules[0].when.eq: expected one of one-way, two-way, got 'two_way'",
        ),
        (
            {"when": {"fact": "sender.id", "in": ["short_code", "tollfree"]}},
            "rules[0].when.in[1]: expected one of",
        ),
        (
            {"when": {"fact": "intake.voice", "in": [True]}},
            "rules[0].when.in: in needs an enum or text fact; intake.voice is bool",
        ),
        (
            {"when": {"fact": "intake.mps", "gt": {"fact": "sender.name"}}},
            "rules[0].when.gt.fact: cannot compare intake.mps (number) with sender.name (text)",
        ),
        (
            {
                "scope": "intake",
                "effect": "warn",
                "when": {"fact": "sender.local", "eq": True},
            },
            "rules[0].when.fact: a request-wide (intake) rule cannot use sender facts",
        ),
        ({"reason": "{sender.colour} is wrong"}, "rules[0].reason: unknown fact {sender.colour}"),
        (
            {"scope": "intake", "effect": "warn", "reason": "about {sender.name}"},
            "rules[0].reason: a request-wide (intake) rule cannot use sender facts",
        ),
    ],
)
def test_check_rules_names_the_path(fields: dict[str, Any], expected: str) -> None:
    problems = check_rules((rule(**fields),))
    assert any(problem.startswith(expected) for problem in problems), problems
    assert all(problem.endswith("(rule r)") for problem in problems)


def test_check_rules_accepts_a_good_rule() -> None:
    assert check_rules([rule()]) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"effect": "prefer"}, "a prefer rule needs a weight above 0"),
        ({"effect": "exclude", "weight": 2}, "a exclude rule takes no weight"),
        ({"scope": "intake", "effect": "exclude"}, "an intake rule can only warn"),
        ({"when": {"fact": "intake.mps", "gt": 1, "lt": 5}}, "exactly one operator"),
        ({"when": {"fact": "intake.mps"}}, "exactly one operator"),
        ({"when": {"all": []}}, "at least 1 item"),
    ],
)
def test_schema_level_rule_errors(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rule(**fields)


def test_every_registered_fact_has_a_kind_and_description() -> None:
    for name, spec in FACTS.items():
        assert name.split(".")[0] in ("intake", "country", "sender")
        assert spec.description
        assert spec.kind in ("enum", "number", "bool", "text")
        assert bool(spec.values) == (spec.kind == "enum"), name


# --- Templates -----------------------------------------------------------------------------------


def test_templates_fill_facts_and_interpret_nothing_else() -> None:
    facts = {"sender.name": "Short code", "intake.mps": 1500.0, "sender.max_mps": None}
    text = render_template(
        "{sender.name} at {intake.mps} MPS of {sender.max_mps}; {0} {__class__} {x", facts
    )
    assert text == "Short code at 1,500 MPS of unknown; {0} {__class__} {x"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "unknown"),
        (True, "yes"),
        (False, "no"),
        (3.75, "3.75"),
        (225.0, "225"),
        (0.333, "0.33"),
    ],
)
def test_facts_are_formatted_like_table_cells(value: Any, shown: str) -> None:
    assert format_cell(value) == shown
