"""Shared tables decode a row once: the value kept is exactly what decoding would give again."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.accounts.model import Company, Session, User
from portalkit.adapters.postgres._dialect import POSTGRES
from portalkit.adapters.sqlite import accounts, services, tickets
from portalkit.adapters.sqlite._tables import DECODED_KEPT, SQLITE, Dialect, Table
from tests.adapters.sqlite.test_round_trip import companies, sessions, users

SHARED = [table for table in vars(accounts).values() if isinstance(table, Table) and table.shared]
ALL_TABLES = [
    table
    for module in (accounts, tickets, services)
    for table in vars(module).values()
    if isinstance(table, Table)
]
IMMUTABLE_LEAVES = (str, int, bool, float, dt.datetime, dt.date, enum.Enum, types.NoneType)


def immutable(type_: Any, seen: set[type] | None = None) -> bool:
    """Tell whether every value of *type_* is immutable all the way down."""
    seen = set() if seen is None else seen
    origin = typing.get_origin(type_)
    if origin is typing.Literal:
        return all(isinstance(item, IMMUTABLE_LEAVES) for item in typing.get_args(type_))
    if origin in (typing.Union, types.UnionType):
        return all(immutable(item, seen) for item in typing.get_args(type_))
    if origin in (tuple, frozenset):
        return all(immutable(item, seen) for item in typing.get_args(type_) if item is not ...)
    if origin is not None:
        return False  # list, dict, Mapping, ...: a holder could change them
    if not isinstance(type_, type):
        return False
    if issubclass(type_, IMMUTABLE_LEAVES):
        return True
    if not attrs.has(type_):
        return False
    if type_ in seen:
        return True
    seen.add(type_)
    frozen = _refuses_changes(type_)
    hints = typing.get_type_hints(type_)
    return frozen and all(immutable(hints[field.name], seen) for field in attrs.fields(type_))


def _refuses_changes(cls: type) -> bool:
    blank = object.__new__(cls)
    try:
        setattr(blank, attrs.fields(cls)[0].name, None)
    except attrs.exceptions.FrozenInstanceError:
        return True
    return False


def test_the_shared_tables_are_the_accounts_sign_in_reads() -> None:
    assert {"companies", "users", "sessions", "operators", "operator_sessions"} == {
        table.name for table in SHARED
    }


@pytest.mark.parametrize("table", SHARED, ids=lambda table: table.name)
def test_a_shared_table_holds_values_immutable_all_the_way_down(table: Table[Any]) -> None:
    assert immutable(table.cls)


def test_the_immutability_check_refuses_mutable_values() -> None:
    # The check above must be able to fail: the audit log's snapshots are dicts.
    assert [table.name for table in ALL_TABLES if not immutable(table.cls)] != []
    assert not immutable(list[str])
    assert not immutable(dict[str, str] | None)
    assert not immutable(_Changeable)
    assert immutable(_Unchangeable)


@attrs.define
class _Changeable:
    name: str


@attrs.frozen
class _Unchangeable:
    name: str
    parts: tuple[str, ...]


def stored(table: Table[Any], value: object, dialect: Dialect) -> tuple[object, ...]:
    """Return *value* as the store hands its row back: the column values in order."""
    row = table.row(value, dialect)
    return tuple(row[column] for column in table.columns)


def fresh(table: Table[Any], row: tuple[object, ...], dialect: Dialect) -> object:
    """Decode *row* without anything kept."""
    return table.codec_for(dialect).from_row(dict(zip(table.columns, row, strict=True)))


DIALECTS = st.sampled_from([SQLITE, POSTGRES])


@given(st.data(), DIALECTS)
def test_a_row_decodes_to_what_a_fresh_decoding_gives_and_again_to_the_same_value(
    data: st.DataObject, dialect: Dialect
) -> None:
    table, values = data.draw(
        st.sampled_from(
            [
                (accounts.USERS, users),
                (accounts.COMPANIES, companies),
                (accounts.SESSIONS, sessions),
            ]
        )
    )
    value = data.draw(values)
    row = stored(table, value, dialect)
    first = table.value(row, dialect)
    assert fresh(table, row, dialect) == first
    assert first is table.value(list(row), dialect)


@given(users, users, DIALECTS)
def test_a_changed_row_never_gets_the_value_of_the_row_before(
    before: User, after: User, dialect: Dialect
) -> None:
    table = accounts.USERS
    table.value(stored(table, before, dialect), dialect)
    row = stored(table, after, dialect)
    assert fresh(table, row, dialect) == table.value(row, dialect)


def test_rows_decoded_in_one_dialect_are_not_handed_out_in_the_other() -> None:
    session = Session(
        "s1",
        "u1",
        "hash",
        dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        dt.datetime(2025, 1, 1, 0, 5, tzinfo=dt.UTC),
    )
    table = Table("sessions_kept_apart", Session, shared=True)
    in_sqlite = table.value(stored(table, session, SQLITE), SQLITE)
    in_postgres = table.value(stored(table, session, POSTGRES), POSTGRES)
    assert session == in_sqlite == in_postgres
    assert in_sqlite is not in_postgres


def test_the_decoded_rows_kept_are_bounded() -> None:
    table = Table("companies_bounded", Company, ["email_domains"], shared=True)
    for number in range(DECODED_KEPT + 10):
        company = Company(f"c{number}", f"{100000 + number}", "Firma")
        assert company == table.value(stored(table, company, SQLITE), SQLITE)
    kept = table._decoded[SQLITE.name]
    assert 0 < len(kept) <= DECODED_KEPT


def test_a_table_that_is_not_shared_decodes_every_time() -> None:
    table = Table("companies_unshared", Company, ["email_domains"])
    company = Company("c1", "100001", "Firma")
    row = stored(table, company, SQLITE)
    assert table.value(row) == table.value(row)
    assert table.value(row) is not table.value(row)
    assert table._decoded == {}
