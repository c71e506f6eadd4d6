"""Versioned schema migrations, applied in order, each in its own transaction.

The migrations are the SQL files ``NNNN_name.sql`` of the package
``portalkit.adapters.sqlite.migrations``, read with :mod:`importlib.resources` (so they work
from a wheel or a zip too). The schema version is SQLite's ``PRAGMA user_version``: migration
*n* runs in one ``BEGIN IMMEDIATE`` transaction together with setting the version to *n*, so
a crash or an error anywhere leaves the database at version *n - 1*, never in between.
A step runs with foreign keys off (so it can rebuild tables) and must leave no row whose
reference is broken: ``PRAGMA foreign_key_check`` runs before its commit.
"""

from __future__ import annotations

import importlib.resources
import re
import sqlite3
from collections.abc import Iterator, Sequence

import attrs

from portalkit.adapters.sqlite.errors import (
    MigrationsInvalidError,
    OrphanedRowsError,
    SchemaTooNewError,
)

_NAME = re.compile(r"(?P<version>[0-9]{4})_(?P<name>[a-z0-9_]+)\.sql")


@attrs.frozen
class Migration:
    """One step of the schema: its number, a name and the SQL statements."""

    version: int
    name: str
    sql: str

    def statements(self) -> Iterator[str]:
        """Yield the SQL statements one by one (``executescript`` would commit first)."""
        pending = ""
        for line in self.sql.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                yield pending.strip()
                pending = ""
        if pending.strip() and not pending.strip().startswith("--"):
            msg = f"migration {self.version:04d} ends inside a statement"
            raise ValueError(msg)


def load_migrations(package: str = "portalkit.adapters.sqlite.migrations") -> tuple[Migration, ...]:
    """Return the migrations of *package*, in order.

    Raises:
        MigrationsInvalidError: if their numbers are not 1, 2, 3, ... without gaps.
    """
    found = []
    for entry in importlib.resources.files(package).iterdir():
        match = _NAME.fullmatch(entry.name)
        if match:
            found.append(
                Migration(int(match["version"]), match["name"], entry.read_text(encoding="utf-8"))
            )
    found.sort(key=lambda migration: migration.version)
    check_sequence(found)
    return tuple(found)


def check_sequence(migrations: Sequence[Migration]) -> None:
    """Make sure *migrations* are numbered 1, 2, 3, ... in order.

    Raises:
        MigrationsInvalidError: if they are not.
    """
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise MigrationsInvalidError(expected, migration.version)


def schema_version(connection: sqlite3.Connection) -> int:
    """Return the database's schema version (0 for a new, empty file)."""
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(
    connection: sqlite3.Connection,
    migrations: Sequence[Migration] | None = None,
    *,
    path: str = "",
) -> int:
    """Bring the database up to the newest of *migrations* (default: the packaged ones).

    Safe to call on every start and from several processes at once: each step re-reads the
    version inside its write transaction, so a step is never applied twice.

    Args:
        connection: a connection in autocommit mode (``isolation_level=None``).
        migrations: the steps, numbered 1, 2, 3, ...
        path: the database's name, for the error message.

    Returns:
        The schema version afterwards.

    Raises:
        SchemaTooNewError: if the database is newer than the newest migration.
        OrphanedRowsError: if after a step rows refer to missing rows (the step is rolled
            back).
        MigrationsInvalidError: if the steps are not numbered without gaps.
        sqlite3.Error: if a step fails; the database stays at the version before it.
    """
    steps = load_migrations() if migrations is None else tuple(migrations)
    check_sequence(steps)
    newest = len(steps)
    current = schema_version(connection)
    if current > newest:
        raise SchemaTooNewError(path, current, newest)
    for step in steps[current:]:
        _apply(connection, step, newest, path)
    return schema_version(connection)


def _apply(connection: sqlite3.Connection, step: Migration, newest: int, path: str) -> None:
    # Foreign keys off for the step, the documented way to rebuild a table (new table, copy,
    # drop, rename): a DROP with them on would delete-check every referencing row. The pragma
    # has no effect inside a transaction, hence before BEGIN; the check before COMMIT makes
    # up for it.
    enforced = bool(connection.execute("PRAGMA foreign_keys").fetchone()[0])
    connection.execute("PRAGMA foreign_keys = OFF")
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            current = schema_version(connection)
            if current > newest:
                raise SchemaTooNewError(path, current, newest)
            if current < step.version:
                for statement in step.statements():
                    connection.execute(statement)
                orphans = orphaned_rows(connection)
                if orphans:
                    raise OrphanedRowsError(path, step.version, orphans)
                # PRAGMA takes no parameters; the version is an int from the file name.
                connection.execute(f"PRAGMA user_version = {step.version:d}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    finally:
        if enforced:
            connection.execute("PRAGMA foreign_keys = ON")


def orphaned_rows(connection: sqlite3.Connection) -> dict[str, int]:
    """Count the rows whose foreign key finds no row, by ``"table -> referenced table"``.

    ``PRAGMA foreign_key_check`` finds them whether or not the connection enforces foreign
    keys; an empty result means every reference holds.
    """
    orphans: dict[str, int] = {}
    for row in connection.execute("PRAGMA foreign_key_check"):
        name = f"{row[0]} -> {row[2]}"
        orphans[name] = orphans.get(name, 0) + 1
    return orphans
