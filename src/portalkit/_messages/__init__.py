"""The message catalog: every code portalkit can report, with its German and English text.

Each rule area keeps its texts in a module of its own; this package merges them so that the
documentation and the tests see one table.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from portalkit._i18n import Message
from portalkit._messages import (
    accounts,
    calendar,
    core,
    deadlines,
    hashing,
    passwords,
    portal,
    services,
    storage,
    tickets,
)


def _merge(*tables: Mapping[str, Message]) -> Mapping[str, Message]:
    merged: dict[str, Message] = {}
    for table in tables:
        clash = merged.keys() & table.keys()
        if clash:
            msg = f"message codes defined twice: {sorted(clash)}"
            raise RuntimeError(msg)
        merged.update(table)
    return MappingProxyType(merged)


CATALOG: Mapping[str, Message] = _merge(
    core.MESSAGES,
    accounts.MESSAGES,
    hashing.MESSAGES,
    tickets.MESSAGES,
    calendar.MESSAGES,
    deadlines.MESSAGES,
    passwords.MESSAGES,
    services.MESSAGES,
    portal.MESSAGES,
    storage.MESSAGES,
)
