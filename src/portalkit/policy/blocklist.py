"""Blocklists of passwords that must not be used (common, expected or breached ones)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from portalkit.policy.normalization import fold_password


@runtime_checkable
class Blocklist(Protocol):
    """Tells whether a whole password is on a list of forbidden passwords."""

    def is_blocked(self, password: str) -> bool:
        """Return whether *password* (normalised and case-folded) is on the list."""
        ...


class MemoryBlocklist:
    """A blocklist held in memory, compared after normalisation and case folding.

    >>> blocklist = MemoryBlocklist(["Passwort1!", "Sommer2025!"])
    >>> blocklist.is_blocked("PASSWORT1!"), blocklist.is_blocked("Passwort2!")
    (True, False)
    """

    __slots__ = ("_entries",)

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self._entries = frozenset(fold_password(entry) for entry in entries if entry.strip())

    def is_blocked(self, password: str) -> bool:
        """Return whether *password* is on the list."""
        return fold_password(password) in self._entries

    def __len__(self) -> int:
        return len(self._entries)
