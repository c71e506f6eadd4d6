"""Read-only parameter mappings for value objects, and pickling for the objects that hold them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs


def freeze(params: Mapping[str, object]) -> Mapping[str, object]:
    """Return a read-only copy of *params* (an attrs converter)."""
    return MappingProxyType(dict(params))


def reduce_by_fields(self: attrs.AttrsInstance) -> tuple[Any, ...]:
    """Pickle an attrs value object by calling its class with its fields again.

    A read-only mapping cannot be pickled itself; it travels as a plain dict, and the
    class's converter freezes it again on the other side. Use as ``__reduce__``; the class's
    fields must all be constructor arguments, in order.
    """
    values = tuple(
        dict(value) if isinstance(value, MappingProxyType) else value
        for value in attrs.astuple(self, recurse=False)
    )
    return (type(self), values)
