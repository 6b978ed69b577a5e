"""The countries of a cached knowledge base, each validated when it is first read.

A recommendation reads one country (and the one whose rules it follows, if any): the
cache (:mod:`advisor.knowledge.cache`) keeps each country's JSON apart, and
:class:`LazyCountries` validates a country through its pydantic model the first time it
is read, so a run pays for the countries it reads, not for all 221. It is a ``dict``:
the codes are there from the start; the values are validated on first read, and every
whole-mapping operation (``values``, ``items``, ``copy``, ``==``) validates the rest
first. Nothing unvalidated is ever returned.
"""

from __future__ import annotations

from _collections_abc import dict_items, dict_values
from collections.abc import Callable, Iterator
from typing import Any, cast

from pydantic import ValidationError

from advisor.knowledge.base import Source
from advisor.knowledge.countries import Country

#: a country whose JSON is not validated yet (never returned)
_PENDING = cast(Country, None)


class LazyCountries(dict[str, Country]):
    """Country code -> :class:`Country`, each validated from its JSON on first read.

    ``fallback`` gives a country validated from the knowledge base's own files, for a
    cached entry that does not validate (a damaged cache costs time, never an answer).
    """

    __slots__ = ("_content", "_fallback", "_pending")

    def __init__(
        self,
        content: bytes,
        pending: dict[str, tuple[int, int]],
        fallback: Callable[[str], Country],
    ) -> None:
        super().__init__(dict.fromkeys(pending, _PENDING))
        #: the cache file's bytes; ``pending``: where each country's JSON is in them
        self._content = content
        self._pending = pending
        self._fallback = fallback

    def _validate(self, code: str) -> Country:
        start, end = self._pending.pop(code)
        try:
            country = Country.model_validate_json(self._content[start:end])
        except (ValidationError, ValueError):
            country = self._fallback(code)
        super().__setitem__(code, country)
        if not self._pending:
            self._content = b""  # every country read: the file's bytes are not needed
        return country

    def _everything(self) -> None:
        for code in list(self._pending):
            self._validate(code)

    @property
    def complete(self) -> bool:
        """True once every country is validated."""
        return not self._pending

    def read(self) -> Iterator[Country]:
        """The countries validated so far."""
        return (value for value in super().values() if value is not _PENDING)

    def source(self, source_id: str) -> Source | None:
        """A country's own source: looked up in the countries read so far, then the rest."""
        for country in self.read():
            if source_id in country.sources:
                return country.sources[source_id]
        if self.complete:
            return None
        self._everything()
        return self.source(source_id)

    def __iter__(self) -> Iterator[str]:
        # defined here, so that ``dict(...)`` and ``{**...}`` read the values through
        # ``__getitem__`` rather than copying the storage
        return super().__iter__()

    def __getitem__(self, code: str) -> Country:
        value = super().__getitem__(code)
        return self._validate(code) if value is _PENDING else value

    def get(self, code: str, default: Any = None) -> Any:
        try:
            return self[code]
        except KeyError:
            return default

    def values(self) -> dict_values[str, Country]:
        self._everything()
        return super().values()

    def items(self) -> dict_items[str, Country]:
        self._everything()
        return super().items()

    def copy(self) -> dict[str, Country]:
        self._everything()
        return dict(super().items())

    def __or__(self, other: Any) -> Any:
        return self.copy() | other

    def __ror__(self, other: Any) -> Any:
        return other | self.copy()

    def __eq__(self, other: object) -> bool:
        self._everything()
        if isinstance(other, LazyCountries):
            other._everything()
        return dict(super().items()) == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __repr__(self) -> str:
        self._everything()
        return repr(dict(super().items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (self.copy(),))
