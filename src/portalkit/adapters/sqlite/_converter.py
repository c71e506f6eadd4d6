"""The one cattrs converter between table rows and domain values.

Rows hold only what SQLite stores natively: text, integers and NULL. Instants become UTC
ISO 8601 text in one fixed-width format (so that text order is time order and indexes on
them work), days ``YYYY-MM-DD``, addresses their stored form, sets and mappings JSON text.
sqlite3's own (deprecated) date adapters are never involved: every value is converted here,
explicitly, before it is bound.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import typing
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, TypeVar

import cattrs

from portalkit.clock import require_aware
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.tickets.references import ReferenceNumber

T = TypeVar("T")

converter = cattrs.Converter()
"""Turns domain values into row dicts (:func:`to_row`) and back (:func:`from_row`)."""


def format_instant(instant: dt.datetime) -> str:
    """Return *instant* as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC (always 27 characters).

    Raises:
        NaiveDatetimeError: if *instant* has no time zone.
    """
    utc = require_aware(instant, "instant").astimezone(dt.UTC)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond:06d}Z"
    )


def parse_instant(text: str) -> dt.datetime:
    """Return the aware UTC instant :func:`format_instant` wrote as *text*."""
    return dt.datetime.fromisoformat(text)


def format_address(address: EmailAddress) -> str:
    """Return the stored form of *address*: the local part ``@`` the A-label domain."""
    return f"{address.local}@{address.domain.ascii}"


def parse_address(text: str) -> EmailAddress:
    """Return the address :func:`format_address` wrote as *text* (no re-validation)."""
    local, _, domain = text.rpartition("@")
    return EmailAddress(local, EmailDomain(domain))


REFERENCE_BASE = 10**14
"""Reference numbers are stored as ``year * REFERENCE_BASE + sequence``: one integer key."""


def reference_key(reference: ReferenceNumber) -> int:
    """Return the integer key of *reference*; keys order like the reference numbers."""
    if reference.sequence >= REFERENCE_BASE:
        msg = f"running number {reference.sequence} is too large to store"
        raise ValueError(msg)
    return reference.year * REFERENCE_BASE + reference.sequence


def parse_reference_key(key: int) -> ReferenceNumber:
    """Return the reference number stored as *key*."""
    year, sequence = divmod(key, REFERENCE_BASE)
    return ReferenceNumber(year, sequence)


def _is_frozenset(type_: Any) -> bool:
    return typing.get_origin(type_) is frozenset or type_ is frozenset


def _unstructure_frozenset(type_: Any) -> Callable[[Collection[Any]], list[Any]]:
    def unstructure(items: Collection[Any]) -> list[Any]:
        # Sorted, so that equal sets are equal text.
        return sorted(converter.unstructure(item) for item in items)

    return unstructure


converter.register_unstructure_hook(dt.datetime, format_instant)
converter.register_structure_hook(dt.datetime, lambda text, _: parse_instant(text))
converter.register_unstructure_hook(dt.date, dt.date.isoformat)
converter.register_structure_hook(dt.date, lambda text, _: dt.date.fromisoformat(text))
converter.register_unstructure_hook(EmailAddress, format_address)
converter.register_structure_hook(EmailAddress, lambda text, _: parse_address(text))
converter.register_unstructure_hook(EmailDomain, lambda domain: domain.ascii)
converter.register_structure_hook(EmailDomain, lambda text, _: EmailDomain(text))
converter.register_unstructure_hook(ReferenceNumber, reference_key)
converter.register_structure_hook(ReferenceNumber, lambda key, _: parse_reference_key(key))
converter.register_unstructure_hook_factory(_is_frozenset, _unstructure_frozenset)
# Audit snapshots are JSON already; their values come back as JSON gave them.
converter.register_structure_hook_func(lambda type_: type_ is object, lambda value, _: value)


def to_row(value: object, json_columns: Iterable[str] = ()) -> dict[str, object]:
    """Return *value* as a row: a dict of column name to text, integer or ``None``."""
    row: dict[str, object] = converter.unstructure(value)
    for column in json_columns:
        if row[column] is not None:
            row[column] = json.dumps(row[column], ensure_ascii=False, sort_keys=True)
    for column, item in row.items():
        # Plain integers and text: sqlite3 binds exactly what the row shows.
        if isinstance(item, bool):
            row[column] = int(item)
        elif isinstance(item, enum.Enum):
            row[column] = item.value
    return row


def from_row(row: Mapping[str, object], cls: type[T], json_columns: Iterable[str] = ()) -> T:
    """Return the *cls* value stored as *row* (the inverse of :func:`to_row`)."""
    data = dict(row)
    for column in json_columns:
        text = data[column]
        if isinstance(text, str):
            data[column] = json.loads(text)
    return converter.structure(data, cls)
