"""PostgreSQL's column conversion: instants, days and booleans are bound as they are.

psycopg adapts aware :class:`~datetime.datetime` values to ``timestamptz``, dates to
``date`` and booleans to ``boolean`` itself; everything else (addresses, reference numbers,
enums, the JSON columns) takes the same form as in SQLite, from the shared converter.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

from portalkit.adapters.sqlite._converter import ColumnHooks
from portalkit.adapters.sqlite._tables import Dialect
from portalkit.clock import require_aware


def _to_instant(instant: dt.datetime) -> dt.datetime:
    return require_aware(instant, "instant")


def _from_instant(value: dt.datetime, _: object) -> dt.datetime:
    # The session's time zone is UTC; the same instant, with the tzinfo SQLite rows get.
    return value if value.tzinfo is dt.UTC else value.astimezone(dt.UTC)


def _same(value: Any) -> Any:
    return value


def _same_structured(value: Any, _: object) -> Any:
    return value


def _enum_value(member: enum.Enum) -> object:
    return member.value


def _plain(type_: Any) -> ColumnHooks:
    if type_ is dt.datetime:
        return _to_instant, _from_instant
    if type_ is dt.date or type_ is bool:
        return _same, _same_structured
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return _enum_value, None
    return None, None


def _or_none(hooks: ColumnHooks) -> ColumnHooks:
    to_column, from_column = hooks

    def to_optional(value: Any) -> object:
        return None if value is None or to_column is None else to_column(value)

    def from_optional(value: Any, type_: object) -> Any:
        return None if value is None or from_column is None else from_column(value, type_)

    return (
        None if to_column is None else to_optional,
        None if from_column is None else from_optional,
    )


def postgres_column_hooks(type_: Any) -> ColumnHooks:
    """Return PostgreSQL's own hooks for a plain column of *type_* (optional ones included)."""
    if typing.get_origin(type_) in (typing.Union, types.UnionType):
        members = [member for member in typing.get_args(type_) if member is not type(None)]
        if len(members) == 1 and len(typing.get_args(type_)) == 2:
            return _or_none(_plain(members[0]))
        return None, None
    return _plain(type_)


POSTGRES = Dialect("postgres", postgres_column_hooks)
"""PostgreSQL's dialect for the shared table mapping."""
