"""The migration that adds foreign keys to tickets and services: rows survive, references hold.

It runs on a database filled at the schema before it; orphans stop it without a change; a
process killed during it leaves the previous schema intact.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
import sys
from pathlib import Path

import attrs
import pytest

from portalkit.accounts.model import Company, User, UserStatus
from portalkit.adapters.sqlite import (
    OrphanedRowsError,
    SqliteStore,
    connect,
    load_migrations,
    migrate,
    schema_version,
)
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role
from portalkit.services.model import BookedService, ChangeKind, ChangeRequest, RequestStatus
from portalkit.tickets.lifecycle import ActorKind, TicketAction
from portalkit.tickets.model import Actor, Ticket, act, open_follow_up, open_ticket
from portalkit.tickets.references import ReferenceNumber
from tests.adapters.sqlite.test_crash import count, kill_when

PACKAGED = load_migrations()
REFERENCES = next(step.version for step in PACKAGED if step.name == "references")
BEFORE = PACKAGED[: REFERENCES - 1]
NOW = dt.datetime(2025, 5, 5, 10, 0, tzinfo=dt.UTC)
AGENT = Actor(ActorKind.AGENT, "olga")


def company(number: int) -> Company:
    return Company(f"c{number}", f"{100000 + number}", f"Firma {number}")


def user(number: int, company_id: str) -> User:
    address = EmailAddress.parse(f"user{number}@firma.de")
    return User(f"u{number}", company_id, address, Role.EMPLOYEE, UserStatus.ACTIVE, NOW)


def ticket(sequence: int, company_id: str, requester_id: str) -> Ticket:
    return open_ticket(
        ReferenceNumber(2025, sequence),
        company_id=company_id,
        requester_id=requester_id,
        subject=f"Anfrage {sequence}",
        body="Bitte um Rückruf.",
        at=NOW,
    )


def service(number: int, company_id: str) -> BookedService:
    return BookedService(f"svc-{number}", company_id, f"Reinigung {number}", 3, "× pro Woche")


def change(request_id: str, booked: BookedService, requested_by: str) -> ChangeRequest:
    return ChangeRequest(
        id=request_id,
        service_id=booked.id,
        company_id=booked.company_id,
        requested_by=requested_by,
        kind=ChangeKind.MINIMIZE,
        submitted_at=NOW,
        effective=dt.date(2025, 7, 1),
        cutoff=dt.date(2025, 6, 16),
        quantity_before=3,
        quantity=2,
        status=RequestStatus.SUBMITTED,
    )


@attrs.frozen
class Filled:
    tickets: list[Ticket]
    services: list[BookedService]
    requests: list[ChangeRequest]


def filled_before(path: Path) -> Filled:
    """A database at the schema before the migration, with tickets, services and requests."""
    first = act(ticket(1, "c1", "u1"), TicketAction.ASSIGN, AGENT, at=NOW, assignee_id="olga")
    closed = act(ticket(2, "c1", "u2"), TicketAction.CLOSE, Actor(ActorKind.CUSTOMER, "u2"), at=NOW)
    follow_up = open_follow_up(
        closed, ReferenceNumber(2025, 3), requester_id="u2", subject="Noch einmal", body="…", at=NOW
    )
    filled = Filled(
        tickets=[first, closed, follow_up, ticket(4, "c2", "u3")],
        services=[service(1, "c1"), service(2, "c2")],
        requests=[],
    )
    filled = attrs.evolve(
        filled,
        requests=[change("r1", filled.services[0], "u1"), change("r2", filled.services[1], "u3")],
    )
    with SqliteStore(path, migrations=BEFORE) as store, store.unit_of_work() as uow:
        for number in (1, 2):
            uow.companies.save(company(number))
        for number, company_id in ((1, "c1"), (2, "c1"), (3, "c2")):
            uow.users.save(user(number, company_id))
        for value in filled.tickets:
            uow.tickets.save(value)
        for booked in filled.services:
            uow.booked_services.save(booked)
        for request in filled.requests:
            uow.change_requests.save(request)
        uow.commit()
    return filled


def version_of(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return schema_version(connection)
    finally:
        connection.close()


def test_the_rows_stored_before_survive_the_migration_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "portal.db"
    filled = filled_before(path)
    assert len(BEFORE) == version_of(path)
    with SqliteStore(path) as store, store.unit_of_work(read_only=True) as uow:
        assert len(PACKAGED) == store.schema_version
        assert filled.tickets == [uow.tickets.get(value.reference) for value in filled.tickets]
        assert filled.services == [uow.booked_services.get(value.id) for value in filled.services]
        assert filled.requests == [uow.change_requests.get(value.id) for value in filled.requests]
        # The rebuilt indexes and generated columns answer the lists as before.
        assert [filled.tickets[2], filled.tickets[0]] == list(uow.tickets.page("c1"))
        assert [filled.tickets[1]] == list(uow.tickets.page("c1", archived=True))
        assert [filled.tickets[2]] == list(uow.tickets.page("c1", requester_id="u2"))
        assert [filled.requests[0]] == list(uow.change_requests.due(dt.date(2025, 7, 1))[:1])


def test_after_the_migration_tickets_and_services_need_their_company_and_user(
    tmp_path: Path,
) -> None:
    path = tmp_path / "portal.db"
    filled_before(path)
    unknown_company = ticket(9, "c-unknown", "u1")
    unknown_user = ticket(10, "c1", "u-unknown")
    orphans = [
        lambda uow: uow.tickets.save(unknown_company),
        lambda uow: uow.tickets.save(unknown_user),
        lambda uow: uow.booked_services.save(service(9, "c-unknown")),
        lambda uow: uow.change_requests.save(change("r9", service(9, "c1"), "u1")),
        lambda uow: uow.change_requests.save(change("r9", service(1, "c1"), "u-unknown")),
    ]
    with SqliteStore(path) as store:
        for save in orphans:
            with (
                store.unit_of_work() as uow,
                pytest.raises(sqlite3.IntegrityError, match="FOREIGN"),
            ):
                save(uow)
        with store.unit_of_work() as uow:
            uow.tickets.save(ticket(11, "c2", "u3"))
            uow.commit()
        with store.unit_of_work(read_only=True) as uow:
            assert uow.tickets.get(ReferenceNumber(2025, 11)) is not None
            assert uow.tickets.get(unknown_company.reference) is None


def test_every_new_reference_is_declared(tmp_path: Path) -> None:
    path = tmp_path / "portal.db"
    SqliteStore(path).close()
    connection = sqlite3.connect(path)
    try:
        declared = {
            (table, row[3], row[2])
            for table in ("tickets", "booked_services", "change_requests")
            for row in connection.execute(f"PRAGMA foreign_key_list({table})")
        }
    finally:
        connection.close()
    assert {
        ("tickets", "company_id", "companies"),
        ("tickets", "requester_id", "users"),
        ("booked_services", "company_id", "companies"),
        ("change_requests", "company_id", "companies"),
        ("change_requests", "requested_by", "users"),
        ("change_requests", "service_id", "booked_services"),
    } == declared


def test_orphans_stop_the_migration_and_leave_the_database_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "portal.db"
    filled = filled_before(path)
    with SqliteStore(path, migrations=BEFORE) as store, store.unit_of_work() as uow:
        # Stored before the references existed: a company and a user the portal never knew.
        uow.tickets.save(ticket(20, "c-gone", "u1"))
        uow.tickets.save(ticket(21, "c-gone", "u-gone"))
        uow.booked_services.save(service(20, "c-gone"))
        uow.commit()

    with pytest.raises(OrphanedRowsError) as raised:
        SqliteStore(path)
    expected = {
        "tickets -> companies": 2,
        "tickets -> users": 1,
        "booked_services -> companies": 1,
    }
    assert expected == raised.value.orphans
    assert (raised.value.version, raised.value.code) == (REFERENCES, "storage_orphaned_rows")
    assert "tickets -> companies: 2" in raised.value.message("de")
    assert "rows refer to missing" in raised.value.message("en")
    assert len(BEFORE) == version_of(path)
    assert count(str(path), "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%_new'") == 0
    assert len(filled.tickets) + 2 == count(str(path), "SELECT count(*) FROM tickets")

    # Once a person has resolved them (here: the company created, the user's ticket removed),
    # the migration runs.
    with SqliteStore(path, migrations=BEFORE) as store, store.unit_of_work() as uow:
        uow.companies.save(Company("c-gone", "100099", "Nachgetragen GmbH"))
        uow.commit()
    connection = connect(str(path))
    try:
        connection.execute("DELETE FROM tickets WHERE requester_id = 'u-gone'")
        assert len(PACKAGED) == migrate(connection)
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        connection.close()


def test_a_migration_step_restores_foreign_keys_even_when_it_fails(tmp_path: Path) -> None:
    connection = connect(str(tmp_path / "portal.db"))
    try:
        migrate(connection, BEFORE)
        connection.execute(
            "INSERT INTO booked_services (id, company_id, name, quantity, unit, minimum, status) "
            "VALUES ('s', 'nobody', 'n', 1, 'u', 0, 'active')"
        )
        with pytest.raises(OrphanedRowsError):
            migrate(connection)
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert not connection.in_transaction
    finally:
        connection.close()


def fill_many(path: str, tickets: int) -> None:
    """Many tickets at the schema before the migration, written with plain SQL for speed."""
    with SqliteStore(path, migrations=BEFORE) as store, store.unit_of_work() as uow:
        uow.companies.save(company(1))
        uow.users.save(user(1, "c1"))
        uow.commit()
    connection = connect(path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO tickets (reference, company_id, requester_id, subject, priority, "
            "created_at, state, history, messages) "
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "SELECT 202500000000000000 + i, 'c1', 'u1', printf('Anfrage %d', i), 'normal', "
            "'2025-05-05T10:00:00.000000Z', 'new', '[]', '[]' FROM n",
            [tickets],
        )
        connection.execute("COMMIT")
        # An empty -wal file: its growth is then the migration's writing alone.
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def open_migrating(path: str) -> None:
    """Open the store, which applies the migration (in a child that will be killed)."""
    SqliteStore(path).close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_process_killed_during_the_rebuild_leaves_the_previous_schema(tmp_path: Path) -> None:
    path = str(tmp_path / "portal.db")
    tickets = 400_000
    fill_many(path, tickets)
    wal = Path(path + "-wal")
    assert not wal.exists() or wal.stat().st_size < 1_000_000
    child = multiprocessing.get_context("spawn").Process(target=open_migrating, args=(path,))
    child.start()
    # The copy into the new table grows the -wal file; kill the child half-way through it.
    kill_when(child, lambda: wal.exists() and wal.stat().st_size > 8_000_000)

    assert len(BEFORE) == version_of(Path(path))
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not connection.execute("PRAGMA foreign_key_list(tickets)").fetchall()
    finally:
        connection.close()
    assert tickets == count(path, "SELECT count(*) FROM tickets")
    assert count(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'tickets_new'") == 0

    with SqliteStore(path) as store:
        assert len(PACKAGED) == store.schema_version
    assert tickets == count(path, "SELECT count(*) FROM tickets")
