"""Versioned schema migrations on PostgreSQL, numbered like SQLite's.

The steps are the SQL files ``NNNN_name.sql`` of ``portalkit.adapters.postgres.migrations``
(the same numbers and names as the SQLite store's, in PostgreSQL's types). The table
``portalkit_schema`` records each applied step. Every step runs in one transaction together
with its record, so an error leaves the database at the step before (PostgreSQL's DDL is
transactional). Each transaction first takes a transaction-scoped advisory lock: when
several app servers start at once, one migrates and the others wait, then find the work done.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from portalkit.adapters.sqlite.errors import SchemaTooNewError
from portalkit.adapters.sqlite.schema import Migration, check_sequence, load_migrations

MIGRATIONS_PACKAGE = "portalkit.adapters.postgres.migrations"
"""Where the PostgreSQL steps live."""

LOCK_KEY = 0x706F_7274_616C_6B69  # "portalki"
"""The advisory lock that serialises migrations across processes and machines."""

_TABLE = """
CREATE TABLE IF NOT EXISTS portalkit_schema (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


def load_postgres_migrations() -> tuple[Migration, ...]:
    """Return the packaged PostgreSQL migrations, in order."""
    return load_migrations(MIGRATIONS_PACKAGE)


def schema_version(connection: psycopg.Connection[Any]) -> int:
    """Return the database's schema version (0 before the first migration)."""
    exists = connection.execute("SELECT to_regclass('portalkit_schema')").fetchone()
    if exists is None or exists[0] is None:
        return 0
    row = connection.execute("SELECT coalesce(max(version), 0) FROM portalkit_schema").fetchone()
    return 0 if row is None else int(row[0])


def migrate(
    connection: psycopg.Connection[Any],
    migrations: Sequence[Migration] | None = None,
    *,
    name: str = "",
) -> int:
    """Bring the database up to the newest of *migrations* (default: the packaged ones).

    Safe to call on every start and from several processes at once: each step takes the
    advisory lock :data:`LOCK_KEY` and re-reads the version inside its transaction.

    Args:
        connection: a connection in autocommit mode.
        migrations: the steps, numbered 1, 2, 3, ...
        name: the database's name, for the error message (never with its password).

    Returns:
        The schema version afterwards.

    Raises:
        SchemaTooNewError: if the database is newer than the newest migration.
        MigrationsInvalidError: if the steps are not numbered without gaps.
        psycopg.Error: if a step fails; the database stays at the version before it.
    """
    steps = load_postgres_migrations() if migrations is None else tuple(migrations)
    check_sequence(steps)
    newest = len(steps)
    while True:
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            connection.execute(_TABLE)
            current = schema_version(connection)
            if current > newest:
                raise SchemaTooNewError(name, current, newest)
            if current == newest:
                return current
            step = steps[current]
            # The file holds several statements and no parameters: one simple query.
            connection.execute(step.sql.encode())
            connection.execute(
                "INSERT INTO portalkit_schema (version, name) VALUES (%s, %s)",
                [step.version, step.name],
            )
