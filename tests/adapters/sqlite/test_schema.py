"""Migrations: in order, each in its own transaction, never onto a newer database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.adapters.sqlite import (
    Migration,
    MigrationsInvalidError,
    SchemaTooNewError,
    SqliteStore,
    connect,
    load_migrations,
    migrate,
    schema_version,
)

PACKAGED = load_migrations()


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        names = {row[0] for row in rows}
    connection.close()
    return names


def test_the_packaged_migrations_are_numbered_from_one_without_gaps() -> None:
    assert list(range(1, len(PACKAGED) + 1)) == [step.version for step in PACKAGED]
    assert PACKAGED[0].name == "accounts"


def test_a_fresh_database_gets_every_migration(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "new.db") as store:
        assert len(PACKAGED) == store.schema_version
    assert {"companies", "users", "tokens", "sessions", "audit_events", "outbox"} <= tables(
        tmp_path / "new.db"
    )


def test_reopening_applies_nothing_again(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    SqliteStore(path).close()
    before = tables(path)
    with SqliteStore(path) as store:
        assert len(PACKAGED) == store.schema_version
    assert before == tables(path)


def test_a_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    SqliteStore(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {len(PACKAGED) + 1}")
    connection.close()
    with pytest.raises(SchemaTooNewError) as raised:
        SqliteStore(path)
    assert (len(PACKAGED) + 1, len(PACKAGED)) == (raised.value.found, raised.value.supported)
    assert raised.value.code == "storage_schema_too_new"


def test_a_failing_migration_leaves_the_database_at_the_version_before(tmp_path: Path) -> None:
    path = tmp_path / "failing.db"
    broken = Migration(
        len(PACKAGED) + 1,
        "broken",
        "CREATE TABLE half_done (x INTEGER) STRICT;\nINSERT INTO no_such_table VALUES (1);\n",
    )
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        SqliteStore(path, migrations=[*PACKAGED, broken])
    assert "half_done" not in tables(path)
    with SqliteStore(path) as store:
        assert len(PACKAGED) == store.schema_version


def test_later_migrations_apply_on_top_of_earlier_ones(tmp_path: Path) -> None:
    path = tmp_path / "later.db"
    SqliteStore(path).close()
    extra = Migration(
        len(PACKAGED) + 1,
        "notes",
        "-- a trigger spans several lines and semicolons\n"
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, n INTEGER NOT NULL) STRICT;\n"
        "CREATE TRIGGER notes_double AFTER INSERT ON notes BEGIN\n"
        "    UPDATE notes SET n = n * 2 WHERE id = new.id;\n"
        "END;\n",
    )
    connection = connect(str(path))
    try:
        assert len(PACKAGED) + 1 == migrate(connection, [*PACKAGED, extra])
        connection.execute("INSERT INTO notes (n) VALUES (21)")
        assert connection.execute("SELECT n FROM notes").fetchone()[0] == 42
        assert len(PACKAGED) + 1 == schema_version(connection)
    finally:
        connection.close()


@given(st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=6))
def test_migrations_must_be_numbered_one_two_three(numbers: list[int]) -> None:
    steps = [Migration(number, f"m{number}", "SELECT 1;") for number in numbers]
    if numbers == list(range(1, len(numbers) + 1)):
        connection = sqlite3.connect(":memory:", isolation_level=None)
        try:
            assert len(numbers) == migrate(connection, steps)
        finally:
            connection.close()
    else:
        connection = sqlite3.connect(":memory:", isolation_level=None)
        try:
            with pytest.raises(MigrationsInvalidError):
                migrate(connection, steps)
            assert schema_version(connection) == 0
        finally:
            connection.close()


def test_a_migration_ending_inside_a_statement_is_refused() -> None:
    with pytest.raises(ValueError, match="ends inside a statement"):
        list(Migration(1, "cut", "CREATE TABLE t (x INTEGER").statements())
