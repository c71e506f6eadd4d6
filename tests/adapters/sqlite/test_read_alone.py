"""Reads that are only shown run alone, outside a transaction, when none is open.

The signed-in check's joined query and the ticket summaries are single statements whose
answers are never written back: without a transaction open they take no lock (SQLite) and
begin nothing; inside one they read what the transaction wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from portalkit.accounts.model import Company, Session, User, UserStatus
from portalkit.accounts.ports import session_with_owner, users_by_id
from portalkit.adapters.sqlite import SqliteStore
from portalkit.adapters.sqlite.errors import UnitOfWorkNotStartedError
from portalkit.clock import FixedClock
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role
from portalkit.tickets import use_cases as tickets
from portalkit.tickets.config import TicketServices

NOW = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
COMPANY = Company("c1", "100001", "Muster GmbH")
USER = User("u1", "c1", EmailAddress.parse("a@muster.de"), Role.MANAGER, UserStatus.ACTIVE, NOW)
SESSION = Session("s1", "u1", "ab" * 32, NOW, NOW)


@pytest.fixture
def db(tmp_path: Path, statements: list[str]) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "alone.db") as opened:
        with opened.unit_of_work() as uow:
            uow.companies.save(COMPANY)
            uow.users.save(USER)
            uow.sessions.save(SESSION)
            uow.commit()
        statements.clear()
        yield opened


def test_a_read_alone_begins_no_transaction(db: SqliteStore, statements: list[str]) -> None:
    with db.unit_of_work() as uow:
        found = session_with_owner(uow, SESSION.secret_hash)
        assert found is not None
        assert (found.session, found.user, found.company) == (SESSION, USER, COMPANY)
        assert [sql for sql in statements if not sql.startswith("SELECT")] == []
        assert len(statements) == 1
        # The next ordinary read begins the unit of work's transaction as before.
        assert uow.users.get(USER.id) == USER
        assert statements[1] == "BEGIN IMMEDIATE"


def test_inside_a_transaction_a_read_alone_is_part_of_it(
    db: SqliteStore, statements: list[str]
) -> None:
    with db.unit_of_work() as uow:
        uow.users.save(USER)  # begins the transaction (and changes nothing)
        found = session_with_owner(uow, SESSION.secret_hash)
        assert found is not None
        assert [sql for sql in statements if sql.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]


def test_a_read_alone_outside_a_unit_of_work_is_refused(db: SqliteStore) -> None:
    uow = db.unit_of_work()
    with pytest.raises(UnitOfWorkNotStartedError):
        uow.read_alone("SELECT 1")


def test_a_ticket_list_of_a_loaded_viewer_is_one_statement_and_no_lock(
    db: SqliteStore, statements: list[str]
) -> None:
    services = TicketServices(unit_of_work=db.unit_of_work, clock=FixedClock(NOW))
    tickets.open_ticket(services, USER.id, subject="Heizung", body="Raum 3 ist kalt.")
    statements.clear()
    loaded = tickets.list_ticket_summaries(services, USER.id, as_loaded=(USER, COMPANY))
    assert len(statements) == 1
    assert statements[0].startswith("SELECT")
    statements.clear()
    assert loaded == tickets.list_ticket_summaries(services, USER.id)
    assert statements[0] == "BEGIN IMMEDIATE"


def test_users_read_by_id_outside_a_transaction_are_one_statement(
    db: SqliteStore, statements: list[str]
) -> None:
    with db.unit_of_work() as uow:
        assert {USER.id: USER} == users_by_id(uow, [USER.id, "unknown"])
    assert len(statements) == 1
    assert statements[0].startswith("SELECT")
