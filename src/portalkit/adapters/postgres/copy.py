"""Copy a SQLite database into an empty PostgreSQL database, table by table, and verify it.

Every row goes through its domain value: it is read with the table mapping the repositories
use (converted from SQLite's text forms into the frozen value, which checks it) and written
with the same mapping in PostgreSQL's types, in the order of the source rows, so that every
listing keeps its order. The source is read in one snapshot; the target is written in one
transaction, so a failure leaves it empty. Then both databases are read again and compared
per table: the number of rows and a SHA-256 checksum over the rows in listing order, each in
one canonical text form (the SQLite row of its value). The ticket counters, which have no
domain value, are copied and checked as pairs of numbers.

Run it as ``python -m portalkit.adapters.postgres.copy SQLITE_FILE POSTGRES_URL`` or, in
the portal, ``flask portal copy-to-postgres URL``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from portalkit._errors import ConflictError
from portalkit.adapters.postgres.store import PostgresStore, PostgresUnitOfWork
from portalkit.adapters.sqlite._tables import SQLITE, Database, Table
from portalkit.adapters.sqlite.accounts import (
    ACCESS_REQUESTS,
    AUDIT_EVENTS,
    COMPANIES,
    OPERATOR_SESSIONS,
    OPERATORS,
    OUTBOX,
    PROFILE_REQUESTS,
    SESSIONS,
    TOKENS,
    USERS,
)
from portalkit.adapters.sqlite.services import BOOKED_SERVICES, CHANGE_REQUESTS
from portalkit.adapters.sqlite.store import SqliteStore
from portalkit.adapters.sqlite.tickets import TICKETS

TABLES: tuple[tuple[Table[Any], str], ...] = (
    (COMPANIES, "rowid"),
    (USERS, "rowid"),
    (TOKENS, "rowid"),
    (SESSIONS, "rowid"),
    (ACCESS_REQUESTS, "rowid"),
    (PROFILE_REQUESTS, "rowid"),
    (AUDIT_EVENTS, "seq"),
    (OUTBOX, "seq"),
    (TICKETS, "reference"),
    (BOOKED_SERVICES, "rowid"),
    (CHANGE_REQUESTS, "rowid"),
    (OPERATORS, "rowid"),
    (OPERATOR_SESSIONS, "rowid"),
)
"""Every table with a domain value, parents before children, and its listing order."""

COUNTERS = "ticket_counters"
BATCH = 1000
"""Rows sent to PostgreSQL in one round trip."""


class CopyTargetNotEmptyError(ConflictError):
    """The PostgreSQL database already holds portal data; the copy adds to no database.

    Attributes:
        table: the first table found with rows.
    """

    code = "storage_copy_target_not_empty"

    def __init__(self, table: str) -> None:
        self.table = table
        super().__init__(table=table)


class CopyMismatchError(ConflictError):
    """After the copy, a table of the target differs from the source.

    Attributes:
        table: the table.
        source: its row count and checksum in SQLite.
        target: the same in PostgreSQL.
    """

    code = "storage_copy_mismatch"

    def __init__(self, table: str, source: str, target: str) -> None:
        self.table = table
        self.source = source
        self.target = target
        super().__init__(table=table, source=source, target=target)


@attrs.frozen
class TableCheck:
    """One table's row count and checksum (SHA-256, hexadecimal), as verified on both sides."""

    table: str
    rows: int
    checksum: str

    def __str__(self) -> str:
        """Return ``table: rows, checksum`` for reports."""
        return f"{self.table}: {self.rows:,} rows, sha256 {self.checksum[:16]}"


def _values(db: Database, table: Table[Any], order: str) -> Iterator[Any]:
    return table.iterate(db, f"ORDER BY {order}")


def _counters(db: Database) -> list[tuple[int, int]]:
    return [
        (int(year), int(value))
        for year, value in db.read(f"SELECT year, value FROM {COUNTERS} ORDER BY year")
    ]


def _check(name: str, rows: Iterable[object]) -> TableCheck:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, default=str).encode())
        digest.update(b"\n")
        count += 1
    return TableCheck(name, count, digest.hexdigest())


def table_checks(db: Database) -> list[TableCheck]:
    """Return the count and checksum of every table in *db*, in :data:`TABLES` order.

    A row's text is its value's SQLite row, whichever store it was read from, so equal data
    give equal checksums in both.
    """
    checks = [
        _check(table.name, (table.row(value, SQLITE) for value in _values(db, table, order)))
        for table, order in TABLES
    ]
    checks.append(_check(COUNTERS, _counters(db)))
    return checks


def _refuse_filled(target: PostgresUnitOfWork) -> None:
    for table in [*(table.name for table, _ in TABLES), COUNTERS]:
        if target.read(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None:
            raise CopyTargetNotEmptyError(table)


def copy_to_postgres(source: SqliteStore, target: PostgresStore) -> list[TableCheck]:
    """Copy every table of *source* into the empty *target*; return the verified checks.

    Raises:
        CopyTargetNotEmptyError: if *target* holds rows already (nothing is written).
        CopyMismatchError: if a table differs after the copy.
    """
    with source.unit_of_work(read_only=True) as reading, target.unit_of_work() as writing:
        _refuse_filled(writing)
        for table, order in TABLES:
            batch: list[dict[str, object]] = []
            for value in _values(reading, table, order):
                batch.append(table.row(value, writing.dialect))
                if len(batch) == BATCH:
                    writing.write_many(table.insert, batch)
                    batch = []
            if batch:
                writing.write_many(table.insert, batch)
        counters = _counters(reading)
        if counters:
            writing.write_many(f"INSERT INTO {COUNTERS} (year, value) VALUES (?, ?)", counters)
        writing.commit()
    with source.unit_of_work(read_only=True) as before:
        expected = table_checks(before)
    with target.unit_of_work(read_only=True) as after:
        found = table_checks(after)
    for wanted, got in zip(expected, found, strict=True):
        if wanted != got:
            raise CopyMismatchError(wanted.table, str(wanted), str(got))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Copy the SQLite file to the PostgreSQL URL given on the command line; print the checks."""
    parser = argparse.ArgumentParser(
        prog="python -m portalkit.adapters.postgres.copy", description=__doc__.splitlines()[0]
    )
    parser.add_argument("sqlite_file", help="the portal's SQLite database")
    parser.add_argument("postgres_url", help="an empty PostgreSQL database, postgresql://...")
    options = parser.parse_args(argv)
    try:
        with (
            SqliteStore(options.sqlite_file) as source,
            PostgresStore(options.postgres_url) as target,
        ):
            checks = copy_to_postgres(source, target)
    except ConflictError as refused:
        print(refused.message("en"), file=sys.stderr)
        return 1
    for check in checks:
        print(check)
    print("Copied and verified: every table has the same rows and checksum in both databases.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
