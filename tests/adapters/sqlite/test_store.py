"""The store: pragmas on every connection, lazy immediate transactions, read-only units."""

from __future__ import annotations

import datetime as dt
import inspect
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from portalkit.accounts.model import (
    AuditEvent,
    Company,
    OperatorAccount,
    Token,
    TokenPurpose,
    User,
    UserStatus,
)
from portalkit.adapters.sqlite import (
    ReadOnlyUnitOfWorkError,
    SqliteStore,
    UnitOfWorkNotStartedError,
    backup,
    connect,
)
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.policy.roles import Role
from portalkit.services.ports import ServicesUnitOfWork
from portalkit.tickets.ports import TicketsUnitOfWork

COMPANY = Company("c1", "100234", "Muster GmbH")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "store.db") as store:
        yield store


def test_every_connection_gets_the_pragmas(tmp_path: Path) -> None:
    connection = connect(str(tmp_path / "p.db"), busy_timeout_ms=1234)
    try:
        pragmas = {
            name: connection.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
        pragmas["isolation_level"] = connection.isolation_level
    finally:
        connection.close()
    # synchronous: 1 is NORMAL.
    expected = {
        "journal_mode": "wal",
        "synchronous": 1,
        "foreign_keys": 1,
        "busy_timeout": 1234,
        "isolation_level": None,
    }
    assert expected == pragmas


def test_instants_are_stored_as_fixed_width_utc_text(store: SqliteStore) -> None:
    berlin = dt.timezone(dt.timedelta(hours=2))
    with store.unit_of_work() as uow:
        uow.companies.save(COMPANY)
        uow.audit.append(
            AuditEvent("a1", dt.datetime(2025, 6, 1, 1, 30, tzinfo=berlin), "x", "y", "z")
        )
        stored = uow.read("SELECT at FROM audit_events").fetchone()[0]
    assert stored == "2025-05-31T23:30:00.000000Z"


def test_a_read_only_unit_of_work_refuses_to_write(store: SqliteStore) -> None:
    with store.unit_of_work(read_only=True) as uow:
        assert uow.companies.get("c1") is None
        with pytest.raises(ReadOnlyUnitOfWorkError) as raised:
            uow.companies.save(COMPANY)
    assert raised.value.reason == "read_only"


def test_a_nested_unit_of_work_reads_the_committed_state_and_cannot_write(
    store: SqliteStore,
) -> None:
    with store.unit_of_work() as outer:
        outer.companies.save(COMPANY)
        with store.unit_of_work() as inner:
            assert inner.companies.get("c1") is None
            with pytest.raises(ReadOnlyUnitOfWorkError) as raised:
                inner.companies.save(COMPANY)
        outer.commit()
    assert raised.value.reason == "nested"
    with store.unit_of_work() as after:
        assert after.companies.get("c1") == COMPANY


def test_repositories_work_only_inside_the_with_block(store: SqliteStore) -> None:
    uow = store.unit_of_work()
    with pytest.raises(UnitOfWorkNotStartedError):
        uow.companies.get("c1")


def test_repositories_are_made_at_first_use_and_stay_the_same(store: SqliteStore) -> None:
    uow = store.unit_of_work()
    assert "users" not in vars(uow)  # nothing made before it is needed
    with uow:
        first = uow.users
        assert first is uow.users
        assert uow.sessions is not uow.operator_sessions
        assert {"users", "sessions", "operator_sessions"} <= set(vars(uow))
    with pytest.raises(AttributeError, match="no_such_repository"):
        uow.no_such_repository  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize("protocol", [TicketsUnitOfWork, ServicesUnitOfWork], ids=str)
def test_every_repository_is_found_without_being_made(store: SqliteStore, protocol: type) -> None:
    # From Python 3.12 on, isinstance() with a runtime protocol looks members up statically
    # (inspect.getattr_static), which never makes a repository: they must be on the class.
    uow = store.unit_of_work()
    members = set(protocol.__annotations__) | {n for n in dir(protocol) if n[0] != "_"}
    assert {"tickets", "users"} & members
    for name in members:
        inspect.getattr_static(uow, name)
    assert not {"tickets", "users", "booked_services"} & set(vars(uow))
    assert isinstance(uow, protocol)


def test_a_unit_of_work_that_touches_nothing_takes_no_lock(store: SqliteStore) -> None:
    with store.unit_of_work() as idle, store.unit_of_work(read_only=True):
        idle.commit()
    other = threading.Thread(target=lambda: _save_company(store))
    with store.unit_of_work():
        other.start()
        other.join(timeout=5)
    assert not other.is_alive()
    with store.unit_of_work(read_only=True) as uow:
        assert uow.companies.get("c1") == COMPANY


def _save_company(store: SqliteStore) -> None:
    with store.unit_of_work() as uow:
        uow.companies.save(COMPANY)
        uow.commit()


def test_a_second_writer_waits_for_the_first_instead_of_failing(store: SqliteStore) -> None:
    order: list[str] = []
    started = threading.Event()

    def second() -> None:
        started.set()
        with store.unit_of_work() as uow:
            order.append(f"second saw {uow.companies.get('c1') is not None}")
            uow.commit()

    with store.unit_of_work() as first:
        first.companies.save(COMPANY)
        thread = threading.Thread(target=second)
        thread.start()
        started.wait()
        thread.join(timeout=0.2)  # still waiting for the lock
        order.append("first commits")
        first.commit()
    thread.join(timeout=5)
    assert order == ["first commits", "second saw True"]


def test_constraints_hold_in_the_database(store: SqliteStore) -> None:
    with store.unit_of_work() as uow, pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        uow.write("INSERT INTO companies VALUES ('c9', '1', 'x', '[]', 0, 'sleeping', 0, NULL)")
    with store.unit_of_work() as uow, pytest.raises(sqlite3.IntegrityError, match="FOREIGN"):
        uow.write(
            "INSERT INTO sessions VALUES ('s', 'nobody', 'h', "
            "'2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z', NULL, '', '')"
        )


START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ANNA = EmailAddress("anna", EmailDomain("muster.de"))


def _user(user_id: str, status: UserStatus = UserStatus.ACTIVE) -> User:
    return User(user_id, COMPANY.id, ANNA, Role.GUEST, status, START)


def _token(token_id: str) -> Token:
    hour = dt.timedelta(hours=1)
    return Token(token_id, "u1", TokenPurpose.PASSWORD_RESET, "same-hash", START, START + hour)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Company("c2", "100234", "Zweite GmbH"), None),  # a customer number twice
        (_user("u2"), None),  # an e-mail address twice among users not deleted
        (_token("t1"), _token("t2")),  # a token's secret twice
        (
            OperatorAccount("o1", ANNA, "Olga", "h", START),
            OperatorAccount("o2", ANNA, "Otto", "h", START),
        ),
    ],
    ids=["customer-number", "e-mail", "token", "operator-e-mail"],
)
def test_unique_values_are_unique_in_the_database(
    store: SqliteStore, first: object, second: object
) -> None:
    with store.unit_of_work() as uow:
        uow.companies.save(COMPANY)
        uow.users.save(_user("u1"))
        uow.commit()
    repositories = {
        Company: "companies",
        User: "users",
        Token: "tokens",
        OperatorAccount: "operators",
    }
    *before, last = [value for value in (first, second) if value is not None]
    with store.unit_of_work() as uow:
        for value in before:
            getattr(uow, repositories[type(value)]).save(value)
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            getattr(uow, repositories[type(last)]).save(last)


def test_a_deleted_users_address_may_be_used_again(store: SqliteStore) -> None:
    with store.unit_of_work() as uow:
        uow.companies.save(COMPANY)
        uow.users.save(_user("u1", UserStatus.DELETED))
        uow.users.save(_user("u2"))
        uow.commit()
    with store.unit_of_work() as uow:
        found = uow.users.by_email(ANNA)
    assert found is not None
    assert found.id == "u2"


def test_a_backup_is_a_complete_copy_taken_while_writers_go_on(
    store: SqliteStore, tmp_path: Path
) -> None:
    _save_company(store)
    with store.unit_of_work() as writer:
        writer.companies.save(Company("c2", "100235", "Uncommitted GmbH"))
        copy = backup(store.path, tmp_path / "copy.db")
        writer.commit()
    with SqliteStore(copy) as restored, restored.unit_of_work(read_only=True) as uow:
        assert list(uow.companies.all()) == [COMPANY]
    with pytest.raises(FileExistsError):
        backup(store.path, copy)
