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
from advisor.yamlio import read_yaml_mapping

#: a country where every sender type exists and nothing is overwritten.
OPEN_COUNTRY: dict[str, Any] = {
    "name": "Openland",
    "reviewed": True,
    "alpha_supported": "yes",
    "alpha_registration": "optional",
    "alpha_dynamic_delivered": "yes",
    "domestic_long_code_sms": "yes",
    "domestic_long_code_two_way": "yes",
    "international_long_code": "yes",
    "short_code": "yes",
    "toll_free_sms": "yes",
    "two_way_options": ["short_code", "long_code", "toll_free"],
    "notes": "A synthetic country where everything works.",
    "source": ["twilio-guidelines"],
    "as_of": "2026-05-09",
}


@functools.cache
def shipped_raw() -> dict[str, Any]:
    return read_yaml_mapping(shipped_path())


def raw_kb(
    countries: dict[str, dict[str, Any]] | None = None,
    rules: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The shipped file's mapping with its countries and/or rules replaced."""
    raw = copy.deepcopy(shipped_raw())
    if countries is not None:
        raw["countries"] = countries
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


def country(**changes: Any) -> dict[str, Any]:
    """OPEN_COUNTRY with some facts changed."""
    return {**copy.deepcopy(OPEN_COUNTRY), **changes}


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
