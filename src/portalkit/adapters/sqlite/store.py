"""The SQLite store and its unit of work.

A :class:`SqliteStore` is one database file. Each thread borrows a connection from the
store's per-thread pool for the length of a transaction, so threads never share a
connection and a thread reuses its own (no reconnect per use case). A unit of work starts its
transaction lazily, at its first statement, with ``BEGIN IMMEDIATE``: it takes the write
lock before reading, so concurrent writers queue (up to the busy timeout) instead of failing
with "database is locked" or acting on a stale read. Everything a use case reads and writes
thus happens in one serialisable transaction: two administrators demoting each other can
never both see the other still in office.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Self

import attrs

from portalkit.adapters.sqlite._checkpoints import BACKSTOP_PAGES, Checkpointer
from portalkit.adapters.sqlite._tables import SQLITE
from portalkit.adapters.sqlite._unit import ThreadState, UnitOfWorkBase
from portalkit.adapters.sqlite.connection import DEFAULT_BUSY_TIMEOUT_MS, connect
from portalkit.adapters.sqlite.errors import UnitOfWorkNotStartedError
from portalkit.adapters.sqlite.schema import Migration, migrate

DEFAULT_CHECKPOINT_INTERVAL = 0.1
"""Seconds between the background checkpoints of a store (see :class:`SqliteStore`)."""

_IDLE_PER_THREAD = 2
"""Connections a thread keeps for reuse (two: one unit of work and a nested reader)."""


class _ThreadState(ThreadState):
    def __init__(self) -> None:
        super().__init__()
        self.idle: list[sqlite3.Connection] = []


class SqliteStore:
    """A portalkit database in one SQLite file.

    Opening it applies the pending migrations. Hand :meth:`unit_of_work` to the services as
    their unit-of-work factory; call :meth:`close` at shutdown.

    Args:
        path: the database file; created if missing.
        busy_timeout_ms: how long a writer waits for another one before giving up.
        migrations: the schema steps (default: the packaged ones); for tests of the
            migration machinery.
        checkpoint_interval: seconds between the checkpoints a background thread runs
            (copying the WAL into the database and syncing it), so that no commit waits
            for one; ``None`` leaves them to SQLite, inside the commit that passes 1,000
            WAL pages.

    Raises:
        SchemaTooNewError: if a newer portalkit has migrated the database.

    References:
        SQLite documentation: "Write-Ahead Logging", "PRAGMA synchronous", "BEGIN IMMEDIATE".
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        migrations: Sequence[Migration] | None = None,
        checkpoint_interval: float | None = DEFAULT_CHECKPOINT_INTERVAL,
    ) -> None:
        self.path = os.fspath(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._pid = os.getpid()
        self._thread = _ThreadState()
        self._checkpointer: Checkpointer | None = None
        connection = self._acquire()
        try:
            self.schema_version = migrate(connection, migrations, path=self.path)
        finally:
            self._release(connection)
        if checkpoint_interval is not None:
            self._checkpointer = Checkpointer(self.path, checkpoint_interval, busy_timeout_ms)
            # Stops the thread of a store that is dropped without close().
            weakref.finalize(self, self._checkpointer.stop)
            for idle in self._thread.idle:
                idle.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES:d}")

    def unit_of_work(self, *, read_only: bool = False) -> SqliteUnitOfWork:
        """Return a new unit of work on this store.

        Args:
            read_only: start a reading transaction (``BEGIN DEFERRED``) that never waits for
                writers; writing in it raises :class:`ReadOnlyUnitOfWorkError`.
        """
        return SqliteUnitOfWork(self, read_only=read_only)

    def close(self) -> None:
        """Close every connection the store opened (call it when no unit of work runs)."""
        checkpointer, self._checkpointer = self._checkpointer, None
        if checkpointer is not None and os.getpid() == self._pid:
            checkpointer.stop()
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        self._thread = _ThreadState()

    def __enter__(self) -> Self:
        """Use the store in a ``with`` block that closes it."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()

    def _acquire(self) -> sqlite3.Connection:
        if os.getpid() != self._pid:
            # A forked child must not use its parent's connections (SQLite forbids it);
            # it forgets them without closing, which could disturb the parent's locks.
            self._pid = os.getpid()
            self._thread = _ThreadState()
            # Threads do not survive a fork: SQLite's own checkpoints take over.
            self._checkpointer = None
            with self._lock:
                self._connections = []
        if self._thread.idle:
            return self._thread.idle.pop()
        connection = connect(self.path, busy_timeout_ms=self.busy_timeout_ms)
        if self._checkpointer is not None:
            connection.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES:d}")
        with self._lock:
            self._connections.append(connection)
        return connection

    def _release(self, connection: sqlite3.Connection) -> None:
        if len(self._thread.idle) < _IDLE_PER_THREAD:
            self._thread.idle.append(connection)
            return
        with self._lock:
            if connection in self._connections:
                self._connections.remove(connection)
        connection.close()


def open_store(
    path: str | os.PathLike[str],
    *,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    checkpoint_interval: float | None = DEFAULT_CHECKPOINT_INTERVAL,
) -> SqliteStore:
    """Open (creating and migrating as needed) the portalkit database at *path*.

    >>> import tempfile, pathlib
    >>> folder = tempfile.TemporaryDirectory()
    >>> with open_store(pathlib.Path(folder.name) / "portal.db") as store:
    ...     store.schema_version >= 1
    True
    >>> folder.cleanup()

    Raises:
        SchemaTooNewError: if a newer portalkit has migrated the database.
    """
    return SqliteStore(
        path, busy_timeout_ms=busy_timeout_ms, checkpoint_interval=checkpoint_interval
    )


@attrs.define
class _Transaction:
    connection: sqlite3.Connection


class SqliteUnitOfWork(UnitOfWorkBase[SqliteStore]):
    """One use case's transaction on a :class:`SqliteStore`: all or nothing.

    It satisfies the unit-of-work protocols of every area: accounts
    (:class:`~portalkit.accounts.ports.UnitOfWork`), tickets
    (:class:`~portalkit.tickets.ports.TicketsUnitOfWork`) and service changes
    (:class:`~portalkit.services.ports.ServicesUnitOfWork`). The
    transaction begins at the first statement inside the ``with`` block (``BEGIN IMMEDIATE``,
    or ``BEGIN`` for a read-only unit), :meth:`commit` ends it, and the next statement begins
    a new one; leaving the block rolls back whatever was not committed.

    A unit of work opened while the same thread has another one open only reads: a second
    writer in the same thread would wait for the first forever.
    """

    dialect = SQLITE
    """How the repositories convert plain columns here."""

    def __init__(self, store: SqliteStore, *, read_only: bool = False) -> None:
        super().__init__(store, read_only=read_only)
        self._transaction: _Transaction | None = None

    def commit(self) -> None:
        """Make everything written so far durable (a no-op if nothing was read or written)."""
        transaction = self._transaction
        if transaction is None:
            return
        try:
            transaction.connection.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
        self._finish()

    def rollback(self) -> None:
        """Forget everything written since the last commit."""
        transaction = self._transaction
        if transaction is None:
            return
        try:
            if transaction.connection.in_transaction:
                transaction.connection.execute("ROLLBACK")
        finally:
            self._finish()

    def read(
        self, sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> sqlite3.Cursor:
        """Run a query (or, through :meth:`write`, a change) in this unit of work's
        transaction (for the repositories).
        """
        return self._connection().execute(sql, params)

    def read_alone(
        self, sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> list[sqlite3.Row]:
        """Run one query and return its rows: in this unit of work's transaction if one is
        open, else in autocommit on a pooled connection (SQLite reads one snapshot for the
        statement), beginning no transaction.
        """
        if self._transaction is not None or not self._entered:
            return self.read(sql, params).fetchall()
        connection = self._store._acquire()
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            self._store._release(connection)

    def _connection(self) -> sqlite3.Connection:
        if not self._entered:
            raise UnitOfWorkNotStartedError
        if self._transaction is None:
            connection = self._store._acquire()
            try:
                connection.execute("BEGIN IMMEDIATE" if self.writable else "BEGIN")
            except BaseException:
                self._store._release(connection)
                raise
            self._transaction = _Transaction(connection)
        return self._transaction.connection

    def _finish(self) -> None:
        # The next transaction may see other writers' changes: nothing loaded stays valid.
        self._loaded.clear()
        transaction, self._transaction = self._transaction, None
        if transaction is not None:
            self._store._release(transaction.connection)
