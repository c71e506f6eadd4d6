"""The PostgreSQL store itself: migrations, isolation modes, types, placeholders."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import zoneinfo
from collections.abc import Iterator

import pytest

from portalkit.accounts.model import Company, Session, User, UserStatus
from portalkit.adapters.postgres import (
    PostgresStore,
    UnstorableTextError,
    connect,
    load_postgres_migrations,
    migrate,
    retrying,
    schema_version,
)
from portalkit.adapters.postgres.store import to_pyformat
from portalkit.adapters.postgres.testing import create_database, drop_database
from portalkit.adapters.sqlite import (
    Migration,
    ReadOnlyUnitOfWorkError,
    SchemaTooNewError,
    UnitOfWorkNotStartedError,
    load_migrations,
)
from portalkit.adapters.sqlite.accounts import USERS
from portalkit.clock import NaiveDatetimeError
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role

pytestmark = pytest.mark.usefixtures("postgres_server")

NOW = dt.datetime(2025, 3, 3, 9, 0, 0, 123456, tzinfo=dt.UTC)


@pytest.fixture
def empty_url(postgres_server: str) -> Iterator[str]:
    """An empty database, not migrated."""
    name = "portalkit_empty"
    drop_database(postgres_server, name)
    yield create_database(postgres_server, name)
    drop_database(postgres_server, name)


def test_the_migrations_are_numbered_like_sqlites() -> None:
    assert [(m.version, m.name) for m in load_postgres_migrations()] == [
        (m.version, m.name) for m in load_migrations()
    ]


def test_opening_migrates_once_and_records_each_step(empty_url: str) -> None:
    with PostgresStore(empty_url) as store:
        assert store.schema_version == len(load_postgres_migrations())
    with PostgresStore(empty_url) as store, connect(empty_url) as connection:
        assert store.schema_version == len(load_postgres_migrations())
        rows = connection.execute("SELECT version, name FROM portalkit_schema ORDER BY 1")
        assert rows.fetchall() == [(m.version, m.name) for m in load_postgres_migrations()]


def test_a_database_newer_than_the_code_is_refused(postgres_url: str) -> None:
    with connect(postgres_url) as connection:
        connection.execute("INSERT INTO portalkit_schema (version, name) VALUES (99, 'future')")
    with pytest.raises(SchemaTooNewError) as raised:
        PostgresStore(postgres_url)
    assert (raised.value.found, raised.value.supported) == (99, len(load_postgres_migrations()))
    assert "99" in raised.value.message("de")
    assert "@" not in raised.value.path  # the URL's user and password stay out of messages


def test_a_failing_step_leaves_the_database_at_the_step_before(empty_url: str) -> None:
    steps = load_postgres_migrations()
    broken = [*steps, Migration(len(steps) + 1, "broken", "CREATE TABLE x (; ")]
    with connect(empty_url) as connection:
        with pytest.raises(Exception, match="syntax"):
            migrate(connection, broken)
        assert schema_version(connection) == len(steps)


def _migrate(url: str) -> int:
    with connect(url) as connection:
        return migrate(connection)


def test_several_servers_starting_at_once_migrate_once(empty_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        versions = pool.map(_migrate, [empty_url] * 4)
    newest = len(load_postgres_migrations())
    assert versions == [newest] * 4
    with connect(empty_url) as connection:
        assert connection.execute("SELECT count(*) FROM portalkit_schema").fetchone() == (newest,)


def test_instants_are_timestamptz_and_days_date(postgres_url: str) -> None:
    with connect(postgres_url) as connection:
        types = dict(
            connection.execute(
                "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"
                " WHERE column_name IN ('created_at', 'deadline', 'internal', 'grants')"
            ).fetchall()
        )
    assert types["users.created_at"] == "timestamp with time zone"
    assert types["access_requests.deadline"] == "date"
    assert types["companies.internal"] == "boolean"
    assert types["users.grants"] == "json"


def _user(created_at: dt.datetime) -> User:
    return User(
        "u1",
        "c1",
        EmailAddress.parse("anna@firma.de"),
        Role.EMPLOYEE,
        UserStatus.ACTIVE,
        created_at,
    )


def test_an_instant_in_any_zone_comes_back_as_the_same_instant_in_utc(postgres_url: str) -> None:
    berlin = NOW.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    with PostgresStore(postgres_url) as store:
        with store.unit_of_work() as uow:
            uow.companies.save(Company("c1", "100001", "Firma"))
            uow.users.save(_user(berlin))
            uow.commit()
        with store.unit_of_work(read_only=True) as uow:
            user = uow.users.get("u1")
    assert user is not None
    assert user.created_at == NOW
    assert user.created_at.tzinfo is dt.UTC


def test_a_naive_instant_is_refused_before_anything_is_written(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as store:
        with store.unit_of_work() as uow:
            uow.companies.save(Company("c1", "100001", "Firma"))
            with pytest.raises(NaiveDatetimeError):
                uow.users.save(_user(NOW.replace(tzinfo=None)))
        with store.unit_of_work(read_only=True) as uow:
            assert uow.companies.get("c1") is None


def test_postgres_rows_hold_native_values() -> None:
    from portalkit.adapters.postgres._dialect import POSTGRES

    row = USERS.row(_user(NOW), POSTGRES)
    assert row["created_at"] == NOW
    assert row["last_login"] is None
    assert row["email"] == "anna@firma.de"
    assert USERS.value([row[column] for column in USERS.columns], POSTGRES) == _user(NOW)


def test_read_only_and_nested_units_refuse_to_write(postgres_url: str) -> None:
    session = Session("s1", "u1", "ab" * 32, NOW, NOW)
    with PostgresStore(postgres_url) as store:
        with store.unit_of_work(read_only=True) as uow, pytest.raises(ReadOnlyUnitOfWorkError):
            uow.sessions.save(session)
        with store.unit_of_work() as outer, store.unit_of_work() as inner:
            assert outer.writable
            with pytest.raises(ReadOnlyUnitOfWorkError) as raised:
                inner.sessions.save(session)
            assert raised.value.reason == "nested"
        with pytest.raises(UnitOfWorkNotStartedError):
            store.unit_of_work().companies.get("c1")


def test_a_unit_of_work_sees_one_snapshot(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as store, store.unit_of_work(read_only=True) as reader:
        assert reader.companies.all() == []
        store._thread.open_units = 0  # as if another thread wrote
        with store.unit_of_work() as writer:
            writer.companies.save(Company("c1", "100001", "Firma"))
            writer.commit()
        store._thread.open_units = 1
        assert reader.companies.all() == []
        reader.commit()
        assert [company.id for company in reader.companies.all()] == ["c1"]


def test_placeholders_become_psycopgs() -> None:
    assert to_pyformat("SELECT a FROM t WHERE b = ? AND c = ?") == (
        b"SELECT a FROM t WHERE b = %s AND c = %s"
    )
    assert to_pyformat("UPDATE t SET a = :a, b_2 = :b_2 WHERE x::text = '50%'") == (
        b"UPDATE t SET a = %(a)s, b_2 = %(b_2)s WHERE x::text = '50%%'"
    )


def test_retrying_refuses_no_attempts() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        retrying(len, attempts=0)


def test_an_unreachable_server_fails_at_open() -> None:
    import psycopg

    with pytest.raises(psycopg.OperationalError):
        PostgresStore("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_a_text_with_nul_is_refused_clearly_and_nothing_is_written(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as store:
        with store.unit_of_work() as uow:
            uow.companies.save(Company("c1", "100001", "Firma"))
            with pytest.raises(UnstorableTextError) as refused:
                uow.companies.save(Company("c2", "100002", "Null\x00GmbH"))
            assert "Nullzeichen" in refused.value.message("de")
        with store.unit_of_work(read_only=True) as uow:
            assert uow.companies.all() == []


def test_a_text_with_nul_in_a_read_alone_is_refused_clearly(postgres_url: str) -> None:
    # Outside a transaction as inside one: the store's error, not the driver's.
    with PostgresStore(postgres_url) as store, store.unit_of_work(read_only=True) as uow:
        with pytest.raises(UnstorableTextError):
            uow.read_alone("SELECT id FROM companies WHERE id = ?", ["c\x00"])
        assert uow.read_alone("SELECT count(*) FROM companies")[0][0] == 0


def test_a_lost_connection_fails_its_unit_and_the_next_one_gets_a_new_one(
    postgres_url: str,
) -> None:
    import psycopg

    with PostgresStore(postgres_url, max_size=1) as store:
        with store.unit_of_work() as uow:
            (pid,) = uow.read("SELECT pg_backend_pid()").fetchone()
            with connect(postgres_url) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
            with pytest.raises(psycopg.OperationalError):
                uow.companies.save(Company("c1", "100001", "Firma"))
        # The pool replaced the dead connection: the store goes on working.
        with store.unit_of_work() as uow:
            uow.companies.save(Company("c1", "100001", "Firma"))
            uow.commit()
        with store.unit_of_work(read_only=True) as uow:
            assert [company.id for company in uow.companies.all()] == ["c1"]


def test_both_stores_number_and_name_their_migrations_alike() -> None:
    from portalkit.adapters.postgres.schema import load_postgres_migrations
    from portalkit.adapters.sqlite import load_migrations

    def steps(migrations: object) -> list[tuple[int, str]]:
        return [(step.version, step.name) for step in migrations]  # type: ignore[attr-defined]

    assert steps(load_postgres_migrations()) == steps(load_migrations())
