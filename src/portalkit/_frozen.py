"""A read-only mapping for value objects and errors that, unlike ``MappingProxyType``, pickles."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMapping(Mapping[K, V], Generic[K, V]):
    """A read-only copy of a mapping.

    ``types.MappingProxyType`` cannot be pickled, so neither could anything holding one: an
    error sent back from a worker process, a settings object handed to one. This mapping
    pickles as the plain dict it copies, and compares equal to any mapping with the same
    items.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        self._items: dict[K, V] = dict(items or {})

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._items,))


def freeze(items: Mapping[str, object]) -> Mapping[str, object]:
    """Return a read-only copy of the parameters *items* (an attrs converter)."""
    return FrozenMapping(items)
