"""The JSON outputs' contract: their schema version, and their JSON Schemas (data, here).

Every JSON output is an object whose first key is ``schema_version``
(:data:`SCHEMA_VERSION`); a JSON Lines output carries it on every line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

#: the version of every JSON output's shape; raised when a key is renamed or removed
#: (keys are added without raising it).
SCHEMA_VERSION: Final = 1


def versioned(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` as an output object: ``schema_version`` first, then its own keys."""
    return {"schema_version": SCHEMA_VERSION, **data}


#: the outputs that have a schema, by the name ``advisor schema NAME`` takes: a command's
#: ``--format json`` output, or one line (``-line``) of its JSON Lines output.
OUTPUTS: Final = (
    "recommend",
    "report",
    "capacity",
    "segments",
    "segments-line",
    "lint",
    "lint-line",
    "keyword",
    "batch",
    "batch-line",
    "matrix",
    "countries",
    "data-audit",
    "plan",
)


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the output ``name`` (one of :data:`OUTPUTS`).

    An output that holds another (a report holds a recommendation, a capacity plan and
    a lint result; ``batch --format json`` holds the rows of ``--format jsonl``) refers
    to that output's file (``"$ref": "recommend.schema.json"``), so each shape has one
    home; the schema returned is self-contained: each file referred to is copied into
    ``$defs`` (without its own ``schema_version``, which only the outer object has).
    """
    schema = _load(name)
    found: dict[str, dict[str, Any]] = {}
    resolved: dict[str, Any] = _resolve(schema, found)
    if found:
        resolved["$defs"] = found
    return resolved


def _load(name: str) -> dict[str, Any]:
    import json
    from importlib.resources import files

    if name not in OUTPUTS:
        raise KeyError(name)
    text = files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


#: how a schema file refers to another output's
_SUFFIX: Final = ".schema.json"


def _resolve(node: Any, found: dict[str, dict[str, Any]]) -> Any:
    """``node`` with each reference to a file turned into one to ``#/$defs/NAME``, every
    file referred to (and those it refers to) resolved into ``found``."""
    if isinstance(node, list):
        return [_resolve(item, found) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.endswith(_SUFFIX):
        name = ref.removesuffix(_SUFFIX)
        if name not in found:
            found[name] = {}  # claimed first: a cycle of references ends here
            found[name] = _resolve(_inner(_load(name)), found)
        return {**node, "$ref": f"#/$defs/{name}"}
    return {key: _resolve(value, found) for key, value in node.items()}


def _inner(schema: dict[str, Any]) -> dict[str, Any]:
    """An output's schema as part of another: no ``$schema``, no ``schema_version``."""
    inner = {key: value for key, value in schema.items() if key != "$schema"}
    properties = {k: v for k, v in inner["properties"].items() if k != "schema_version"}
    required = [key for key in inner.get("required", []) if key != "schema_version"]
    return {**inner, "properties": properties, "required": required}
