"""The JSON outputs' contract: their schema version, and their JSON Schemas.

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
