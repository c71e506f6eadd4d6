"""What the SQLite and PostgreSQL units of work share: the repositories, the nesting rule and
the rows known in the current transaction. Each store adds its transactions.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from functools import cached_property
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar

from portalkit.adapters.sqlite._tables import Cursor, Dialect, Loaded
from portalkit.adapters.sqlite.accounts import (
    OPERATOR_SESSIONS,
    SqliteAccessRequestRepository,
    SqliteAuditLog,
    SqliteCompanyRepository,
    SqliteOperatorRepository,
    SqliteOutbox,
    SqliteProfileChangeRequestRepository,
    SqliteSessionRepository,
    SqliteTokenRepository,
    SqliteUserRepository,
    SqliteUserSessionRepository,
)
from portalkit.adapters.sqlite.errors import ReadOnlyUnitOfWorkError
from portalkit.adapters.sqlite.services import (
    SqliteBookedServiceRepository,
    SqliteChangeRequestRepository,
)
from portalkit.adapters.sqlite.tickets import SqliteReferenceCounter, SqliteTicketRepository
from portalkit.tickets.references import ReferenceCounter


class ThreadState(threading.local):
    """Per thread of a store: how many of its units of work are open in that thread."""

    def __init__(self) -> None:
        self.open_units = 0


class _Store(Protocol):
    @property
    def _thread(self) -> ThreadState: ...


StoreT = TypeVar("StoreT", bound=_Store)


class UnitOfWorkBase(Generic[StoreT]):
    """The repositories of every area on one transaction, and the rules around it.

    A unit of work opened while the same thread has another one open only reads: a second
    writer in the same thread could wait for the first (its lock, its rows) forever.
    Subclasses provide :attr:`dialect`, :meth:`read`, :meth:`commit` and :meth:`rollback`.
    """

    dialect: Dialect

    def __init__(self, store: StoreT, *, read_only: bool = False) -> None:
        self._store = store
        self._read_only = read_only
        self._nested = False
        self._entered = False
        self._loaded: Loaded = {}

    # The repositories, each made at its first use: a use case touches two or three of the
    # fourteen, and every signed-in request opens a unit of work. Class-level descriptors,
    # not __getattr__, so that runtime protocol checks (which look attributes up statically
    # from Python 3.12 on) find them.
    @cached_property
    def companies(self) -> SqliteCompanyRepository:
        """The companies of this unit of work."""
        return SqliteCompanyRepository(self)

    @cached_property
    def users(self) -> SqliteUserRepository:
        """The users of this unit of work."""
        return SqliteUserRepository(self)

    @cached_property
    def tokens(self) -> SqliteTokenRepository:
        """The tokens of this unit of work."""
        return SqliteTokenRepository(self)

    @cached_property
    def sessions(self) -> SqliteUserSessionRepository:
        """The sessions of this unit of work."""
        return SqliteUserSessionRepository(self)

    @cached_property
    def audit(self) -> SqliteAuditLog:
        """The audit of this unit of work."""
        return SqliteAuditLog(self)

    @cached_property
    def outbox(self) -> SqliteOutbox:
        """The outbox of this unit of work."""
        return SqliteOutbox(self)

    @cached_property
    def access_requests(self) -> SqliteAccessRequestRepository:
        """The access requests of this unit of work."""
        return SqliteAccessRequestRepository(self)

    @cached_property
    def profile_requests(self) -> SqliteProfileChangeRequestRepository:
        """The profile requests of this unit of work."""
        return SqliteProfileChangeRequestRepository(self)

    @cached_property
    def tickets(self) -> SqliteTicketRepository:
        """The tickets of this unit of work."""
        return SqliteTicketRepository(self)

    @cached_property
    def ticket_counter(self) -> ReferenceCounter:
        """The ticket counter of this unit of work."""
        return SqliteReferenceCounter(self)

    @cached_property
    def booked_services(self) -> SqliteBookedServiceRepository:
        """The booked services of this unit of work."""
        return SqliteBookedServiceRepository(self)

    @cached_property
    def change_requests(self) -> SqliteChangeRequestRepository:
        """The change requests of this unit of work."""
        return SqliteChangeRequestRepository(self)

    @cached_property
    def operators(self) -> SqliteOperatorRepository:
        """The operators of this unit of work."""
        return SqliteOperatorRepository(self)

    @cached_property
    def operator_sessions(self) -> SqliteSessionRepository:
        """The operator sessions of this unit of work."""
        return SqliteSessionRepository(self, OPERATOR_SESSIONS)

    @property
    def writable(self) -> bool:
        """Whether this unit of work may write."""
        return not (self._read_only or self._nested)

    def __enter__(self) -> Self:
        """Begin: the transaction itself starts with the first statement."""
        state = self._store._thread
        self._nested = state.open_units > 0
        state.open_units += 1
        self._entered = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """End: whatever was not committed is rolled back."""
        try:
            self.rollback()
        finally:
            self._entered = False
            self._store._thread.open_units -= 1

    def commit(self) -> None:
        """Make everything written so far durable."""
        raise NotImplementedError

    def rollback(self) -> None:
        """Forget everything written since the last commit."""
        raise NotImplementedError

    @property
    def loaded(self) -> Loaded:
        """The rows this transaction has loaded or saved, by table and key (for the
        repositories: a second look-up of one key costs no query, a save only the changed
        columns); forgotten when the transaction ends.
        """
        return self._loaded

    def read(self, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> Cursor:
        """Run a query in this unit of work's transaction (for the repositories)."""
        raise NotImplementedError

    def read_alone(
        self, sql: str, params: Sequence[object] | Mapping[str, object] = ()
    ) -> list[Any]:
        """Run one query and return its rows: in this unit of work's transaction if one is
        open, else alone, on a connection of its own in autocommit, beginning none (for the
        repositories' answers that are only read; see ``Database.read_alone``).
        """
        raise NotImplementedError

    def write(
        self,
        sql: str,
        params: Sequence[object] | Mapping[str, object] = (),
        *,
        keeps_loaded: bool = False,
    ) -> Cursor:
        """Run a change in this unit of work's transaction (for the repositories).

        Args:
            sql: the statement, with ``?`` or ``:name`` placeholders.
            params: its parameters.
            keeps_loaded: the caller keeps :attr:`loaded` up to date itself; otherwise the
                unit of work forgets the rows it has loaded, as *sql* may have changed them.

        Raises:
            ReadOnlyUnitOfWorkError: if the unit of work may only read.
        """
        self.check_writable()
        if not keeps_loaded:
            self._loaded.clear()
        return self.read(sql, params)

    def check_writable(self) -> None:
        """Refuse to go on unless this unit of work may write.

        Raises:
            ReadOnlyUnitOfWorkError: if it may only read (asked for, or nested).
        """
        if not self.writable:
            raise ReadOnlyUnitOfWorkError("read_only" if self._read_only else "nested")
