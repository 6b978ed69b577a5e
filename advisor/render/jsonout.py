"""JSON output: results as stable, documented JSON (no rich, no other renderer imported)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Mapping

from pydantic import BaseModel

__all__ = ["render_json", "to_jsonable"]


def _key(key: object) -> str | int | float | bool | None:
    if isinstance(key, enum.Enum):
        key = key.value
    if isinstance(key, dt.date | dt.time):
        return key.isoformat()
    if key is None or isinstance(key, str | int | float | bool):
        return key
    raise TypeError(f"cannot use {type(key).__name__} as a JSON object key")


def to_jsonable(data: object) -> object:
    """Turn ``data`` into plain JSON values (dict, list, str, int, float, bool, None).

    Pydantic models go through ``model_dump(mode="json")``; dataclasses become
    objects with their fields in declaration order; enums become their value;
    dates, times and datetimes become ISO 8601 strings; tuples become lists;
    sets become lists sorted by their JSON text, so the output is deterministic.
    Anything else raises :class:`TypeError`.
    """
    if data is None or isinstance(data, str | bool | int | float):
        if isinstance(data, enum.Enum):
            return to_jsonable(data.value)
        return data
    if isinstance(data, enum.Enum):
        return to_jsonable(data.value)
    if isinstance(data, BaseModel):
        return to_jsonable(data.model_dump(mode="json"))
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return {
            field.name: to_jsonable(getattr(data, field.name)) for field in dataclasses.fields(data)
        }
    if isinstance(data, dt.date | dt.time):
        return data.isoformat()
    if isinstance(data, Mapping):
        return {_key(key): to_jsonable(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [to_jsonable(item) for item in data]
    if isinstance(data, set | frozenset):
        items = [to_jsonable(item) for item in data]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    raise TypeError(f"cannot render {type(data).__name__} as JSON")


def render_json(data: object) -> str:
    """Serialise ``data`` as indented JSON ending in one newline.

    Keys keep their order; non-ASCII text is written as is (UTF-8). A NaN or
    infinite float raises :class:`ValueError`: JSON has no such numbers. See
    :func:`to_jsonable` for the types accepted.
    """
    return (
        json.dumps(
            to_jsonable(data),
            indent=2,
            ensure_ascii=False,
            sort_keys=False,
            allow_nan=False,
        )
        + "\n"
    )
