"""The PostgreSQL store, its unit of work, and the retry of conflicting use cases.

A :class:`PostgresStore` is one database on a PostgreSQL server, reached through a
:class:`psycopg_pool.ConnectionPool`: a unit of work borrows a connection for the length of
its transaction and gives it back, so many threads (and, with a store each, many processes
and machines) share a bounded number of server connections.

Isolation. A unit of work that may write runs ``SERIALIZABLE``: PostgreSQL guarantees that
the committed transactions have the effect of some serial order, so an invariant that spans
rows (a company keeps an active administrator, an address belongs to one user, the user limit)
holds however use cases interleave: of two administrators demoting each other at the same
moment, one commits and the other is aborted with a serialization failure. A read-only unit
runs ``REPEATABLE READ READ ONLY``: one snapshot, never waiting, never aborting.

Conflicts. An aborted transaction (serialization failure ``40001``, deadlock ``40P01``) is
rolled back whole and raised as :class:`~portalkit.adapters.postgres.StorageConflictError`;
nothing of it was written. A unit of work cannot replay the use case around it (the ``with``
block's code is the use case's, not the store's), so the retry wraps the use case:
:func:`retrying` runs it again, up to :data:`DEFAULT_ATTEMPTS` times with a short random
pause that grows, and the second attempt sees the winner's commit (and, in the example,
refuses to remove the last administrator).
"""

from __future__ import annotations

import functools
import os
import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from types import TracebackType
from typing import Any, ParamSpec, Self, TypeVar

import psycopg
import psycopg.conninfo
import psycopg.errors
from psycopg.pq import TransactionStatus
from psycopg.types.string import TextLoader
from psycopg_pool import ConnectionPool

from portalkit.adapters.postgres._dialect import POSTGRES
from portalkit.adapters.postgres.errors import StorageConflictError, UnstorableTextError
from portalkit.adapters.postgres.schema import migrate
from portalkit.adapters.sqlite._tables import Cursor
from portalkit.adapters.sqlite._unit import ThreadState, UnitOfWorkBase
from portalkit.adapters.sqlite.errors import UnitOfWorkNotStartedError
from portalkit.adapters.sqlite.schema import Migration

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_POOL_SIZE = 10
"""The most server connections one store opens."""

DEFAULT_ATTEMPTS = 5
"""How often :func:`retrying` runs a use case before it lets the conflict through."""

RETRY_PAUSE = 0.005
"""Seconds of the first pause between attempts (at random up to it; doubling each time)."""

CONFLICTS = (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected)
"""The errors that abort a transaction only because of a concurrent one."""

COUNTER_LOCK_TIMEOUT = "5s"
"""How long drawing a ticket number waits for the year's counter row before it gives up.

Every draw holds the row for one statement only; the bound matters while a portalkit from
before numbers were drawn alone still increments the row inside its transactions.
"""

_NEXT_NUMBER = (
    b"INSERT INTO ticket_counters (year, value) VALUES (%s, 1) "
    b"ON CONFLICT (year) DO UPDATE SET value = ticket_counters.value + 1 RETURNING value"
)


def _raise_refusal(error: psycopg.Error) -> None:
    """Raise the store's own error for a concurrent transaction or a text with NUL; else return.

    One mapping for statements in a transaction and statements run alone.
    """
    if isinstance(error, CONFLICTS):
        raise StorageConflictError(error.sqlstate or "40001") from error
    if isinstance(error, psycopg.DataError) and "NUL" in str(error):
        raise UnstorableTextError from error


_PLACEHOLDER = re.compile(r"\?|(?<![:\w]):(\w+)")
_TRANSLATED: dict[str, bytes] = {}


def to_pyformat(sql: str) -> bytes:
    """Return *sql* with the shared repositories' ``?`` and ``:name`` placeholders in psycopg's
    ``%s`` and ``%(name)s`` form (remembered: the repositories use a few dozen statements).
    """
    query = _TRANSLATED.get(sql)
    if query is None:
        query = _PLACEHOLDER.sub(
            lambda match: "%s" if match[1] is None else f"%({match[1]})s",
            sql.replace("%", "%%"),
        ).encode()
        _TRANSLATED[sql] = query
    return query


def describe(url: str) -> str:
    """Return *url* as ``host:port/database``, for messages (never the password)."""
    parts = psycopg.conninfo.conninfo_to_dict(url)
    host = parts.get("host") or "localhost"
    return f"{host}:{parts.get('port') or 5432}/{parts.get('dbname') or ''}"


def _configure(connection: psycopg.Connection[Any]) -> None:
    # Instants come back in UTC, like the SQLite store's; JSON comes back as the text that
    # was written, so that a loaded row compares equal to the row its value would save.
    connection.execute("SET TIME ZONE 'UTC'")
    connection.adapters.register_loader("json", TextLoader)


def _configure_counter(connection: psycopg.Connection[Any]) -> None:
    _configure(connection)
    connection.execute(f"SET lock_timeout = '{COUNTER_LOCK_TIMEOUT}'".encode())


def connect(url: str) -> psycopg.Connection[Any]:
    """Open one connection to *url* configured like the store's (autocommit, UTC, JSON text)."""
    connection = psycopg.connect(url, autocommit=True)
    try:
        _configure(connection)
    except BaseException:
        connection.close()
        raise
    return connection


class PostgresStore:
    """A portalkit database on a PostgreSQL server.

    Opening it applies the pending migrations (under an advisory lock, so several app servers
    may start at once). Hand :meth:`unit_of_work` to the services as their unit-of-work
    factory; call :meth:`close` at shutdown.

    Args:
        url: a libpq connection string, e.g. ``postgresql://portal@db.internal/portal``.
        max_size: the most connections the pool opens (per process).
        min_size: the connections the pool keeps open while idle.
        timeout: seconds a unit of work waits for a free connection before it fails.
        migrations: the schema steps (default: the packaged ones).

    Raises:
        SchemaTooNewError: if a newer portalkit has migrated the database.
        psycopg.OperationalError: if the server cannot be reached.

    References:
        PostgreSQL documentation: "Transaction Isolation" (13.2.3, Serializable Isolation
        Level), "Advisory Locks" (13.3.5).
    """

    def __init__(
        self,
        url: str,
        *,
        max_size: int = DEFAULT_POOL_SIZE,
        min_size: int = 1,
        timeout: float = 30.0,
        migrations: Sequence[Migration] | None = None,
    ) -> None:
        self.url = url
        self.name = describe(url)
        self._sizes = (min_size, max_size)
        self._timeout = timeout
        with connect(url) as connection:
            self.schema_version = migrate(connection, migrations, name=self.name)
        self._pid = os.getpid()
        self._thread = ThreadState()
        self._inherited: list[tuple[ConnectionPool[Any], ConnectionPool[Any]]] = []
        self._pool = self._open_pool()
        self._counter_pool = self._open_counter_pool()

    def _open_pool(self) -> ConnectionPool[psycopg.Connection[Any]]:
        min_size, max_size = self._sizes
        return self._new_pool(min_size, max_size, _configure, "")

    def _open_counter_pool(self) -> ConnectionPool[psycopg.Connection[Any]]:
        # One connection, opened at the first draw, so that a draw never waits for one that
        # a unit of work holds (a pool of one would wait for itself).
        return self._new_pool(0, 1, _configure_counter, " ticket numbers")

    def _new_pool(
        self,
        min_size: int,
        max_size: int,
        configure: Callable[[psycopg.Connection[Any]], None],
        purpose: str,
    ) -> ConnectionPool[psycopg.Connection[Any]]:
        return ConnectionPool(
            self.url,
            min_size=min_size,
            max_size=max_size,
            timeout=self._timeout,
            kwargs={"autocommit": True},
            configure=configure,
            check=ConnectionPool.check_connection,
            name=f"portalkit {self.name}{purpose}",
            open=True,
        )

    def next_ticket_number(self, year: int) -> int:
        """Draw the next running number of *year*, in a statement of its own (autocommit).

        See :class:`PostgresReferenceCounter`.

        Raises:
            StorageConflictError: if the counter row stayed locked for
                :data:`COUNTER_LOCK_TIMEOUT` (code ``55P03``); nothing was drawn.
        """
        self._check_process()
        with self._counter_pool.connection() as connection:
            try:
                row = connection.execute(_NEXT_NUMBER, [year]).fetchone()
            except (*CONFLICTS, psycopg.errors.LockNotAvailable) as error:
                raise StorageConflictError(error.sqlstate or "40001") from error
        assert row is not None  # an upsert with RETURNING returns its row
        return int(row[0])

    def unit_of_work(self, *, read_only: bool = False) -> PostgresUnitOfWork:
        """Return a new unit of work on this store.

        Args:
            read_only: read one snapshot (``REPEATABLE READ READ ONLY``); writing in it
                raises :class:`ReadOnlyUnitOfWorkError`.
        """
        return PostgresUnitOfWork(self, read_only=read_only)

    def close(self) -> None:
        """Close the pools and their connections (call it when no unit of work runs)."""
        if os.getpid() == self._pid:
            self._pool.close()
            self._counter_pool.close()

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

    def _acquire(self) -> psycopg.Connection[Any]:
        self._check_process()
        return self._pool.getconn()

    def _check_process(self) -> None:
        if os.getpid() != self._pid:
            # A forked child must not talk on its parent's sockets; it opens pools of its own.
            # The parent's stay referenced, never collected: their finalizer would stop worker
            # threads that do not exist here, under locks a parent thread may have held.
            self._inherited.append((self._pool, self._counter_pool))
            self._pid = os.getpid()
            self._thread = ThreadState()
            self._pool = self._open_pool()
            self._counter_pool = self._open_counter_pool()

    def _release(self, connection: psycopg.Connection[Any]) -> None:
        self._pool.putconn(connection)


def open_store(url: str, *, max_size: int = DEFAULT_POOL_SIZE) -> PostgresStore:
    """Open (migrating as needed) the portalkit database at *url*.

    Raises:
        SchemaTooNewError: if a newer portalkit has migrated the database.
        psycopg.OperationalError: if the server cannot be reached.
    """
    return PostgresStore(url, max_size=max_size)


class PostgresUnitOfWork(UnitOfWorkBase[PostgresStore]):
    """One use case's transaction on a :class:`PostgresStore`: all or nothing.

    It satisfies the unit-of-work protocols of every area, with the SQLite store's
    repositories (their SQL runs on both; see ``portalkit.adapters.sqlite._tables``). The
    transaction begins at the first statement inside the ``with`` block, :meth:`commit` ends
    it, and the next statement begins a new one; leaving the block rolls back whatever was
    not committed. A unit of work opened while the same thread has another one open only
    reads, as in the SQLite store: a second writer could wait for the first's row locks,
    which waits for it.

    Raises:
        StorageConflictError: from any statement or the commit, when PostgreSQL aborted the
            transaction for a concurrent one; it is rolled back already.
    """

    dialect = POSTGRES
    """How the repositories convert plain columns here."""

    @cached_property
    def ticket_counter(self) -> PostgresReferenceCounter:
        """The ticket counter of this unit of work: it draws outside the transaction."""
        return PostgresReferenceCounter(self)

    def __init__(self, store: PostgresStore, *, read_only: bool = False) -> None:
        super().__init__(store, read_only=read_only)
        self._connection_in_use: psycopg.Connection[Any] | None = None

    def commit(self) -> None:
        """Make everything written so far durable (a no-op if nothing was read or written).

        Raises:
            StorageConflictError: if PostgreSQL refused the commit for a concurrent one.
        """
        connection = self._connection_in_use
        if connection is None:
            return
        try:
            connection.execute(b"COMMIT")
        except CONFLICTS as error:
            raise StorageConflictError(error.sqlstate or "40001") from error
        finally:
            self.rollback()

    def rollback(self) -> None:
        """Forget everything written since the last commit."""
        connection, self._connection_in_use = self._connection_in_use, None
        # The next transaction may see other writers' changes: nothing loaded stays valid.
        self._loaded.clear()
        if connection is None:
            return
        try:
            # A lost connection has nothing to roll back; the pool discards it on release.
            if connection.info.transaction_status not in (
                TransactionStatus.IDLE,
                TransactionStatus.UNKNOWN,
            ):
                connection.execute(b"ROLLBACK")
        finally:
            self._store._release(connection)

    def check_drawable(self) -> None:
        """Refuse a ticket number unless this unit of work has begun and may write.

        Raises:
            UnitOfWorkNotStartedError: outside the ``with`` block.
            ReadOnlyUnitOfWorkError: if it may only read.
        """
        if not self._entered:
            raise UnitOfWorkNotStartedError
        self.check_writable()

    def read(self, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> Cursor:
        """Run a query (or, through :meth:`write`, a change) in this unit of work's
        transaction (for the repositories), with ``?`` or ``:name`` placeholders.
        """
        return self._execute(sql, params)

    def read_alone(
        self, sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> list[Any]:
        """Run one query and return its rows: in this unit of work's transaction if one is
        open, else on a pooled connection in autocommit (one statement, one snapshot),
        beginning no transaction.
        """
        if self._connection_in_use is not None or not self._entered:
            return list(self._execute(sql, params))
        connection = self._store._acquire()
        try:
            return connection.execute(to_pyformat(sql), params or None).fetchall()
        except (*CONFLICTS, psycopg.DataError) as error:
            _raise_refusal(error)
            raise
        finally:
            self._store._release(connection)

    def write_many(
        self, sql: str, rows: Sequence[Sequence[object]] | Sequence[Mapping[str, object]]
    ) -> None:
        """Run one change for each of *rows* in a single round trip (bulk copies).

        Raises:
            ReadOnlyUnitOfWorkError: if the unit of work may only read.
        """
        self.check_writable()
        self._loaded.clear()
        connection = self._connection()
        try:
            with connection.cursor() as cursor:
                cursor.executemany(to_pyformat(sql), rows)
        except CONFLICTS as error:
            self.rollback()
            raise StorageConflictError(error.sqlstate or "40001") from error

    def _execute(self, sql: str, params: Sequence[object] | Mapping[str, object]) -> Cursor:
        connection = self._connection()
        try:
            return connection.execute(to_pyformat(sql), params or None)
        except (*CONFLICTS, psycopg.DataError) as error:
            self.rollback()
            _raise_refusal(error)
            raise

    def _connection(self) -> psycopg.Connection[Any]:
        if not self._entered:
            raise UnitOfWorkNotStartedError
        connection = self._connection_in_use
        if connection is None:
            connection = self._store._acquire()
            try:
                connection.execute(
                    b"BEGIN ISOLATION LEVEL SERIALIZABLE"
                    if self.writable
                    else b"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                )
            except BaseException:
                self._store._release(connection)
                raise
            self._connection_in_use = connection
        return connection


def retrying(use_case: Callable[P, R], *, attempts: int = DEFAULT_ATTEMPTS) -> Callable[P, R]:
    """Return *use_case* run again (up to *attempts* times in all) when it loses a conflict.

    Only :class:`StorageConflictError` is retried: the store rolled the attempt back whole,
    so running the use case again is safe. Between attempts it pauses at random up to
    :data:`RETRY_PAUSE` seconds, doubling each time, so that the rivals do not meet again.

    >>> calls = []
    >>> def flaky() -> str:
    ...     calls.append(1)
    ...     if len(calls) < 3:
    ...         raise StorageConflictError("40001")
    ...     return "done"
    >>> retrying(flaky)(), len(calls)
    ('done', 3)

    Raises:
        StorageConflictError: if the last attempt lost as well.
    """
    if attempts < 1:
        msg = f"attempts must be at least 1, got {attempts!r}"
        raise ValueError(msg)

    @functools.wraps(use_case)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(attempts):
            try:
                return use_case(*args, **kwargs)
            except StorageConflictError:
                if attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0, RETRY_PAUSE * 2**attempt))
        raise AssertionError  # unreachable: the loop returns or raises

    return run


class PostgresReferenceCounter:
    """The running numbers per year in ``ticket_counters``, drawn outside the unit of work.

    Under ``SERIALIZABLE`` two transactions that both increment the year's one counter row
    conflict, and PostgreSQL aborts one: new tickets of all companies would fail each other
    (with eight writers, about six aborted attempts per ticket). The increment runs alone
    instead, on a connection of the store's own in autocommit: a concurrent draw waits for
    the row for the length of one statement, and nobody is aborted. A ticket that is not
    committed leaves a gap in the numbers, which :class:`~portalkit.tickets.ReferenceCounter`
    allows; a number is never handed out twice.
    """

    def __init__(self, uow: PostgresUnitOfWork) -> None:
        self._uow = uow

    def next_value(self, year: int) -> int:
        """Return the next unused running number for *year* (1 for the first).

        Raises:
            UnitOfWorkNotStartedError: outside the unit of work's ``with`` block.
            ReadOnlyUnitOfWorkError: if the unit of work may only read.
            StorageConflictError: if the counter row stayed locked too long (``55P03``).
        """
        self._uow.check_drawable()
        return self._uow._store.next_ticket_number(year)
