"""Copying a SQLite database into PostgreSQL: every table, verified by counts and checksums."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portalkit.accounts import create_operator
from portalkit.accounts.model import AccessRequest
from portalkit.adapters.postgres import PostgresStore
from portalkit.adapters.postgres.copy import (
    TABLES,
    CopyMismatchError,
    CopyTargetNotEmptyError,
    copy_to_postgres,
    main,
    table_checks,
)
from portalkit.adapters.sqlite import SqliteStore
from portalkit.services.model import BookedService
from portalkit.tickets.model import open_ticket
from portalkit.tickets.references import ReferenceNumber
from tests.adapters.sqlite.scenario import (
    PASSWORD,
    START,
    company_with_admins,
    services_for,
    silent_users,
)

pytestmark = pytest.mark.usefixtures("postgres_server")


def filled_sqlite(path: Path) -> SqliteStore:
    """Return a SQLite store with rows in every table (use cases where there are some)."""
    store = SqliteStore(path)
    services = services_for(store)
    company, users = company_with_admins(services, 1, admins=2, members=2)
    create_operator(services, email="olga@service.de", name="Olga", password=PASSWORD)
    silent_users(store, 3, notice_at=START)
    with store.unit_of_work() as uow:
        for _ in range(3):
            number = uow.ticket_counter.next_value(2025)
            uow.tickets.save(
                open_ticket(
                    ReferenceNumber(2025, number),
                    company_id=company.id,
                    requester_id=users[0].id,
                    subject="Heizung",
                    body="Bitte prüfen – danke!",
                    at=START,
                )
            )
        uow.booked_services.save(
            BookedService("s1", company.id, "Reinigung", 5, "Std.", minimum=1, maximum=10)
        )
        uow.access_requests.save(
            AccessRequest(
                "r1",
                "Neu GmbH",
                "Nina Neu",
                users[0].email,
                START,
                dt.date(2025, 3, 17),
                "",
                "Zugang bitte",
            )
        )
        uow.commit()
    return store


def test_every_table_is_copied_and_verified(tmp_path: Path, postgres_url: str) -> None:
    with filled_sqlite(tmp_path / "portal.db") as source, PostgresStore(postgres_url) as target:
        checks = copy_to_postgres(source, target)
        with source.unit_of_work(read_only=True) as before:
            expected = table_checks(before)
        with source.unit_of_work(read_only=True) as old, target.unit_of_work(read_only=True) as new:
            assert list(new.users.all()) == list(old.users.all())
            assert new.audit.all() == old.audit.all()
            assert new.outbox.pending() == old.outbox.pending()
    assert checks == expected
    counted = {check.table: check.rows for check in checks}
    # The scenario wrote rows into these tables; empty ones are checked all the same.
    for table in ("companies", "users", "tokens", "audit_events", "outbox", "tickets"):
        assert counted[table] > 0, table
    assert counted["ticket_counters"] == 1
    assert set(counted) == {table.name for table, _ in TABLES} | {"ticket_counters"}
    # The counter goes on where SQLite's stopped.
    with PostgresStore(postgres_url) as target, target.unit_of_work() as uow:
        assert uow.ticket_counter.next_value(2025) == 4


def test_a_filled_target_is_refused_and_left_as_it_was(tmp_path: Path, postgres_url: str) -> None:
    with filled_sqlite(tmp_path / "portal.db") as source, PostgresStore(postgres_url) as target:
        copy_to_postgres(source, target)
        with target.unit_of_work(read_only=True) as uow:
            before = table_checks(uow)
        with pytest.raises(CopyTargetNotEmptyError) as refused:
            copy_to_postgres(source, target)
        assert refused.value.table == "companies"
        with target.unit_of_work(read_only=True) as uow:
            assert table_checks(uow) == before


def test_a_difference_after_the_copy_is_reported(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import portalkit.adapters.postgres.copy as copying

    real = copying._values
    lost: list[object] = []

    def lose_one_user(db: object, table: object, order: str) -> object:
        values = list(real(db, table, order))  # type: ignore[arg-type]
        # Only the first reading (the copy) loses a user; the checks read everything.
        if table is copying.USERS and not lost:
            lost.append(values.pop())
        return iter(values)

    monkeypatch.setattr(copying, "_values", lose_one_user)
    with (
        filled_sqlite(tmp_path / "portal.db") as source,
        PostgresStore(postgres_url) as target,
        pytest.raises(CopyMismatchError) as mismatch,
    ):
        copy_to_postgres(source, target)
    assert mismatch.value.table == "users"


def test_the_command_copies_and_prints_the_checks(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    filled_sqlite(tmp_path / "portal.db").close()
    assert main([str(tmp_path / "portal.db"), postgres_url]) == 0
    output = capsys.readouterr().out
    assert "users: 7 rows, sha256 " in output
    assert "Copied and verified" in output
    assert main([str(tmp_path / "portal.db"), postgres_url]) == 1
    assert "holds data already (table companies)" in capsys.readouterr().err


def test_the_portal_command_copies_a_sqlite_file(tmp_path: Path, postgres_url: str) -> None:
    from portalkit.clock import FixedClock
    from tests.adapters.flask.conftest import make_app

    filled_sqlite(tmp_path / "portal.db").close()
    runner = make_app(tmp_path, FixedClock(START)).test_cli_runner()
    unnamed = runner.invoke(args=["portal", "copy-to-postgres", postgres_url])
    assert unnamed.exit_code == 1
    assert "pass --database FILE" in unnamed.output
    done = runner.invoke(
        args=["portal", "copy-to-postgres", postgres_url, "--database", str(tmp_path / "portal.db")]
    )
    assert done.exit_code == 0, done.output
    assert "companies: 2 rows" in done.output
    again = runner.invoke(
        args=["portal", "copy-to-postgres", postgres_url, "--database", str(tmp_path / "portal.db")]
    )
    assert again.exit_code == 1
    assert "holds data already" in again.output
