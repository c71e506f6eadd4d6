"""The one cattrs converter between table rows and domain values (SQLite's and PostgreSQL's).

Both stores share it and the generated codecs; a dialect only adds hooks for its plain columns
(:func:`row_codec`'s *column_hooks*): PostgreSQL binds instants, days and booleans natively,
while inside JSON columns every store keeps the text forms below.

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
from typing import Any, Generic, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from portalkit.clock import require_aware
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.tickets.references import ReferenceNumber

T = TypeVar("T")

converter = cattrs.Converter()
"""The hooks from which :func:`row_codec` compiles each table's row conversion."""


def format_instant(instant: dt.datetime) -> str:
    """Return *instant* as ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC (always 27 characters).

    Raises:
        NaiveDatetimeError: if *instant* has no time zone.
    """
    if instant.tzinfo is not dt.UTC:
        instant = require_aware(instant, "instant").astimezone(dt.UTC)
    # isoformat pads the year to four digits and, with the time zone removed, always writes
    # the microseconds when asked to: the fixed width, at C speed.
    return instant.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


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


def _enum_value(member: enum.Enum) -> object:
    return member.value


ColumnHooks = tuple[Callable[[Any], object] | None, Callable[[Any, Any], Any] | None]
"""A dialect's own (unstructure, structure) hooks of a plain column; ``None``: the converter's."""


def sqlite_column_hooks(type_: Any) -> ColumnHooks:
    """Return SQLite's own hooks for a plain column of *type_* (booleans and enums)."""
    # Only the row's own columns: inside JSON columns a boolean stays a JSON boolean.
    if type_ is bool:
        return int, None
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return _enum_value, None
    return None, None


def _json_column(type_: Any) -> tuple[Callable[[Any], str | None], Callable[[Any, Any], Any]]:
    unstructure = converter.get_unstructure_hook(type_)
    structure = converter.get_structure_hook(type_)

    def dump(value: Any) -> str | None:
        if value is None:
            return None
        data = unstructure(value)
        # Most sets and histories are empty: spare json the work.
        if data == []:
            return "[]"
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    def load(text: Any, _: Any) -> Any:
        data = ([] if text == "[]" else json.loads(text)) if isinstance(text, str) else text
        return structure(data, type_)

    return dump, load


@attrs.frozen
class RowCodec(Generic[T]):
    """The conversion of one attrs class to table rows and back, compiled once.

    The functions are cattrs' generated code for *cls*, built from :data:`converter`'s
    hooks: one straight-line function per class instead of a dispatch per value.

    Attributes:
        to_row: the value as a row: a dict of column name to text, integer or ``None``.
        from_row: the value stored as a row (a mapping of column name to stored value).
    """

    to_row: Callable[[T], dict[str, object]]
    from_row: Callable[[Mapping[str, object]], T]


def row_codec(
    cls: type[T],
    json_columns: Iterable[str] = (),
    column_hooks: Callable[[Any], ColumnHooks] = sqlite_column_hooks,
) -> RowCodec[T]:
    """Compile the :class:`RowCodec` of *cls*; the *json_columns* hold JSON text.

    Args:
        cls: the attrs class of the table's rows.
        json_columns: the fields stored as JSON text.
        column_hooks: the dialect's own hooks for the plain columns of a type (SQLite's by
            default; PostgreSQL binds instants, days and booleans as they are).
    """
    types = typing.get_type_hints(cls)
    unstructure_overrides: dict[str, Any] = {}
    structure_overrides: dict[str, Any] = {}
    for column in json_columns:
        dump, load = _json_column(types[column])
        unstructure_overrides[column] = override(unstruct_hook=dump)
        structure_overrides[column] = override(struct_hook=load)
    for field in attrs.fields(cls):  # type: ignore[arg-type]  # T is any attrs class
        if field.name in unstructure_overrides:
            continue
        to_column, from_column = column_hooks(types[field.name])
        if to_column is not None:
            unstructure_overrides[field.name] = override(unstruct_hook=to_column)
        if from_column is not None:
            structure_overrides[field.name] = override(struct_hook=from_column)
    return RowCodec(
        make_dict_unstructure_fn(cls, converter, **unstructure_overrides),
        make_dict_structure_fn(
            cls,
            converter,
            # Rows come from our own tables, checked by their constraints: no need to
            # collect every error of a malformed row before raising.
            _cattrs_detailed_validation=False,
            **structure_overrides,
        ),
    )
