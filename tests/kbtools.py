"""Tiny knowledge bases for unit tests, built from the shipped senders and sources.

Unit tests of the engine must not depend on what the real countries say today:
they run over synthetic countries (``AA``, ``BB``...) and the rules they name.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

from advisor.knowledge import KnowledgeBase, shipped_path, validate_mapping
from advisor.vocab import SenderId
from advisor.yamlio import read_yaml_mapping

SOURCE = ["twilio-guidelines"]
AS_OF = "2026-05-09"
#: senders whose replies reach them in a synthetic country.
TWO_WAY = ("short_code", "long_code", "toll_free", "long_code_international")


def claim(value: str, **scope: Any) -> dict[str, Any]:
    """One claim of a synthetic country, with a real source id."""
    return {"value": value, **scope, "source": list(SOURCE), "as_of": AS_OF}


def country(
    name: str = "Openland",
    *,
    reviewed: bool = True,
    requirements: list[dict[str, Any]] | None = None,
    practice: list[dict[str, Any]] | None = None,
    senders: dict[str, dict[str, Any]] | None = None,
    **available: Any,
) -> dict[str, Any]:
    """A synthetic country where every sender works, with some facts changed.

    ``short_code="no"`` sets one sender's availability (``None`` leaves it unknown, a list
    gives its claims); ``senders={"long_code": {"two_way": [claim("no")]}}`` replaces other
    facts of a sender.
    """
    entries: dict[str, dict[str, Any]] = {}
    for sender in SenderId:
        value = available.pop(sender.value, "yes")
        entry: dict[str, Any] = {}
        if isinstance(value, list):
            entry["available"] = value
        elif value is not None:
            entry["available"] = [claim(value)]
        if sender.value in TWO_WAY:
            entry["two_way"] = [claim("yes")]
        entry.update((senders or {}).get(sender.value, {}))
        entries[sender.value] = entry
    if available:
        raise TypeError(f"unknown senders: {sorted(available)}")
    review = {"status": "reviewed", "date": "2026-12-02"} if reviewed else {"status": "unreviewed"}
    result: dict[str, Any] = {
        "name": name,
        "review": review,
        "senders": entries,
        "notes": f"{name} is a synthetic country.",
    }
    if requirements:
        result["requirements"] = requirements
    if practice:
        result["practice"] = practice
    return result


def territory(name: str = "Territory", *senders: str) -> dict[str, Any]:
    """A synthetic country that follows the US rules (``rules_of``) for ``senders``."""
    rules_of = {"country": "US", "senders": list(senders), "source": list(SOURCE), "as_of": AS_OF}
    return {**country(name), "rules_of": rules_of}


@functools.cache
def shipped_raw() -> dict[str, Any]:
    """The shipped knowledge base as one mapping, every country inline."""
    path = shipped_path()
    raw = read_yaml_mapping(path)
    pattern = raw["meta"].pop("country_files")
    countries: dict[str, Any] = {}
    for file in sorted(path.parent.glob(pattern)):
        countries.update(read_yaml_mapping(file))
    raw["countries"] = countries
    return raw


def raw_kb(
    countries: dict[str, dict[str, Any]] | None = None,
    rules: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The shipped file's mapping with its countries and/or rules replaced."""
    raw = copy.deepcopy(shipped_raw())
    if countries is not None:
        raw["countries"] = countries
        # Synthetic countries say themselves where a sender exists (see only_in tests).
        for sender in raw["senders"].values():
            sender.pop("only_in", None)
        # Variants name real countries the test may not have: keep their meaning.
        for sender in raw["senders"].values():
            variants = []
            for variant in sender.get("variants", []):
                if "countries" in variant:
                    variant["countries"] = [c for c in variant["countries"] if c in countries]
                    if not variant["countries"]:
                        continue  # applies to none of the test's countries
                else:
                    kept = [c for c in variant["except_countries"] if c in countries]
                    if kept:
                        variant["except_countries"] = kept
                    else:  # applies to every test country
                        del variant["except_countries"]
                        variant["countries"] = list(countries)
                variants.append(variant)
            sender["variants"] = variants
    if rules is not None:
        raw["rules"] = rules
    return raw


def make_kb(
    countries: dict[str, dict[str, Any]] | None = None,
    rules: list[dict[str, Any]] | None = None,
) -> KnowledgeBase:
    return validate_mapping(raw_kb(countries, rules), "test")


def rule(
    rule_id: str, when: dict[str, Any], effect: str = "exclude", **extra: Any
) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": rule_id,
        "title": rule_id,
        "when": when,
        "effect": effect,
        "reason": f"{rule_id} fired for {{sender.name}}.",
        "source": ["twilio-isv-guide"],
        "as_of": "2021-07-06",
    }
    if effect in ("prefer", "penalise"):
        base["weight"] = 1
    return {**base, **extra}


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path
