"""Reading the YAML files of ``data/``: the only module that imports yaml.

Errors name the file and, for syntax errors, the line and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from advisor.errors import DataError, shown

# The C-accelerated safe loader, when PyYAML was built with libyaml.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The longest integer Python reads from text (``sys.get_int_max_str_digits``).
MAX_INTEGER_DIGITS = 4300


class _Loader(_SafeLoader):  # type: ignore[misc]
    """The safe loader, refusing what YAML would otherwise accept silently or crash on.

    A key given twice in one mapping is an error (YAML keeps the last value and loses
    the first: a second ``DE:`` would replace Germany without a word); so is an integer
    longer than Python reads. Both name their line and column.
    """

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    problem=f"the key {shown(key)} is given twice in one mapping (first on line "
                    f"{seen[key].line + 1}): the first value would be lost",
                    problem_mark=key_node.start_mark,
                )
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: Any) -> Any:
        digits = sum(char.isdigit() for char in str(node.value))
        if digits > MAX_INTEGER_DIGITS:
            raise yaml.constructor.ConstructorError(
                problem=f"a whole number of {digits:,} digits (at most {MAX_INTEGER_DIGITS:,})",
                problem_mark=node.start_mark,
            )
        return super().construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
#: Aliases (``*name``) a file may use. The shipped data uses none; a few hundred nested
#: ones expand a 600-byte file into gigabytes (the "billion laughs").
MAX_ALIASES = 20


def _count_aliases(text: str, label: str) -> None:
    """Refuse a document with more aliases than :data:`MAX_ALIASES`, before building it."""
    if "&" not in text or "*" not in text:
        return
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            if count > MAX_ALIASES:
                raise DataError(
                    f"{label}: uses more than {MAX_ALIASES} YAML aliases (*name); "
                    "write the values out"
                )


def _one_line(text: str, limit: int) -> str:
    """PyYAML's message on one line: its start only, whitespace squeezed."""
    return " ".join(text[: 4 * limit].split())[:limit]


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Parse ``path`` as YAML whose top level is a mapping."""
    from advisor.fileinput import read_bytes

    return load_yaml_mapping(read_bytes(path, "a YAML file", DataError), str(path))


def load_yaml_mapping(content: bytes, label: str) -> dict[str, Any]:
    """Parse UTF-8 YAML whose top level is a mapping; errors start with ``label``."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError(f"{label}: not UTF-8 text (byte {error.start + 1})") from None
    try:
        _count_aliases(text, label)
        data = yaml.load(text, Loader=_Loader)  # a safe loader (CSafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = _one_line(error.problem or str(error), 200)
        raise DataError(f"{label}:{where}: invalid YAML: {problem}") from None
    except yaml.YAMLError as error:  # the reader's errors (a control character) span lines
        raise DataError(f"{label}: invalid YAML: {_one_line(str(error), 200)}") from None
    except (ValueError, OverflowError) as error:  # e.g. an integer of 5,000 digits
        raise DataError(f"{label}: a value YAML cannot read: {str(error)[:120]}") from None
    except RecursionError:
        raise DataError(f"{label}: nested too deep to read") from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise DataError(f"{label}: expected a mapping at the top level, got {kind}")
    return data
