"""Reading the YAML files of ``data/``: the only module that imports yaml.

Errors name the file and, for syntax errors, the line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from advisor.errors import DataError

# The C-accelerated safe loader, when PyYAML was built with libyaml.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Parse ``path`` as YAML whose top level is a mapping."""
    from advisor.fileio import read_bytes

    return load_yaml_mapping(read_bytes(path, "a YAML file", DataError), str(path))


def load_yaml_mapping(content: bytes, label: str) -> dict[str, Any]:
    """Parse UTF-8 YAML whose top level is a mapping; errors start with ``label``."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(f"{label}: not UTF-8 text (byte {error.start + 1})") from None
    try:
        data = yaml.load(text, Loader=_Loader)  # a safe loader (CSafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = error.problem or str(error)
        raise DataError(f"{label}:{where}: invalid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise DataError(f"{label}: invalid YAML: {error}") from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise DataError(f"{label}: expected a mapping at the top level, got {kind}")
    return data
