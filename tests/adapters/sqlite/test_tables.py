"""The unit of work's map of loaded rows: no second query per key, updates of changed columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from portalkit.accounts.model import Company, User, UserStatus
from portalkit.adapters.sqlite import SqliteStore
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.policy.roles import Role

COMPANY = Company("c1", "100234", "Muster GmbH")
USER = User(
    "u1",
    "c1",
    EmailAddress("max", EmailDomain("muster.de")),
    Role.ADMINISTRATOR,
    UserStatus.ACTIVE,
    dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
)
LATER = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def db(tmp_path: Path, statements: list[str]) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "tables.db") as opened:
        with opened.unit_of_work() as uow:
            uow.companies.save(COMPANY)
            uow.users.save(USER)
            uow.commit()
        statements.clear()
        yield opened


def test_a_second_look_up_of_a_key_in_one_transaction_runs_no_query(
    db: SqliteStore, statements: list[str]
) -> None:
    with db.unit_of_work() as uow:
        first = uow.users.by_email(USER.email)
        second = uow.users.get(USER.id)
    assert (first, second) == (USER, USER)
    assert sum(statement.startswith("SELECT") for statement in statements) == 1


def test_saving_a_loaded_value_updates_only_the_changed_columns(
    db: SqliteStore, statements: list[str]
) -> None:
    with db.unit_of_work() as uow:
        user = uow.users.get(USER.id)
        assert user is not None
        uow.users.save(attrs.evolve(user, last_login=LATER, last_activity=LATER))
        uow.commit()
    at = "'2025-06-01T09:00:00.000000Z'"
    expected = f"UPDATE users SET last_login = {at}, last_activity = {at} WHERE id = 'u1'"
    # SQLite's trace names a statement again for each statement its triggers run (the
    # company's version, migration 0006): one statement, however often it shows.
    assert [expected] == list(dict.fromkeys(s for s in statements if s.startswith("UPDATE")))
    with db.unit_of_work(read_only=True) as uow:
        assert attrs.evolve(USER, last_login=LATER, last_activity=LATER) == uow.users.get(USER.id)


def test_saving_an_unchanged_loaded_value_writes_nothing(
    db: SqliteStore, statements: list[str]
) -> None:
    with db.unit_of_work() as uow:
        user = uow.users.get(USER.id)
        assert user is not None
        uow.users.save(user)
        uow.commit()
    assert [s for s in statements if not s.startswith("SELECT")] == ["BEGIN IMMEDIATE", "COMMIT"]


def test_a_new_transaction_reads_the_rows_again(db: SqliteStore, tmp_path: Path) -> None:
    renamed = attrs.evolve(USER, first_name="Erika")
    with db.unit_of_work() as uow:
        assert uow.users.get(USER.id) == USER
        uow.commit()
        with SqliteStore(tmp_path / "tables.db") as other, other.unit_of_work() as elsewhere:
            # Another store on the file: its own connection, its own transaction.
            elsewhere.users.save(renamed)
            elsewhere.commit()
        assert renamed == uow.users.get(USER.id)


def test_a_raw_write_makes_the_unit_of_work_forget_its_rows(db: SqliteStore) -> None:
    with db.unit_of_work() as uow:
        assert uow.users.get(USER.id) == USER
        uow.write("UPDATE users SET first_name = 'Erika' WHERE id = ?", [USER.id])
        assert attrs.evolve(USER, first_name="Erika") == uow.users.get(USER.id)


def test_a_rollback_forgets_the_saved_rows(db: SqliteStore) -> None:
    with db.unit_of_work() as uow:
        uow.users.save(attrs.evolve(USER, first_name="Erika"))
        uow.rollback()
        assert uow.users.get(USER.id) == USER
