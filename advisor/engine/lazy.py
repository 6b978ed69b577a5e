"""A tuple built on first use: reasons and traces cost nothing until an output reads them.

A batch row reads a sender, its alternatives and a few warnings; ``--explain``, a report
or a table reads every reason and the whole trace. The engine hands both the same
answer, and the parts only some outputs show are :class:`Lazy`: built, once, when they
are first read, and equal to the tuple they stand for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class Lazy(Sequence[T]):
    """The tuple ``make()`` returns, made on first use (``make`` is then let go)."""

    __slots__ = ("_items", "_make")

    def __init__(self, make: Callable[[], Iterable[T]]) -> None:
        self._make: Callable[[], Iterable[T]] | None = make
        self._items: tuple[T, ...] = ()

    @property
    def items(self) -> tuple[T, ...]:
        make = self._make
        if make is not None:
            self._items = tuple(make())
            self._make = None  # what it held (the facts it renders from) can go
        return self._items

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lazy):
            return self.items == other.items
        return isinstance(other, tuple) and self.items == other

    def __hash__(self) -> int:
        return hash(self.items)

    def __repr__(self) -> str:
        return repr(self.items)
