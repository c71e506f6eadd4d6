"""Where the portal keeps its data: the one seam between the views and a storage adapter.

:func:`open_storage` turns the ``STORAGE`` setting into a :class:`PortalStorage`, a
unit-of-work factory which :meth:`~portalkit.adapters.flask.Portal.from_config` hands to the
use cases of every area. There are three:

``"sqlite"`` (the default)
    :class:`SqliteStorage`: the SQLite adapter (:mod:`portalkit.adapters.sqlite`) on the file
    the ``DATABASE`` setting names, by default ``portalkit.sqlite3`` in the instance folder.
    The file is opened (created and migrated) at the first unit of work, not when the app is
    made, so that ``flask portal init-db`` can refuse a database of a newer portalkit with a
    message instead of failing while the app loads.
``"memory"``
    :class:`MemoryStorage`: :class:`~portalkit.adapters.memory.MemoryStore`, the data live as
    long as the process (tests, trying things out).
``"postgres"``
    :class:`PostgresStorage`: the PostgreSQL adapter (:mod:`portalkit.adapters.postgres`,
    extra ``postgres``), chosen by a ``DATABASE_URL`` that starts with ``postgresql://``
    (the environment variable ``PORTALKIT_DATABASE_URL``), so that several portal instances
    share one database server.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, cast

from portalkit.accounts import UnitOfWork
from portalkit.adapters.memory import MemoryStore
from portalkit.adapters.sqlite import SqliteStore, backup
from portalkit.services.ports import ServicesUnitOfWork
from portalkit.tickets.ports import TicketsUnitOfWork

if TYPE_CHECKING:
    from portalkit.adapters.postgres import PostgresStore

__all__ = [
    "DEFAULT_DATABASE",
    "STORAGES",
    "MemoryStorage",
    "PortalStorage",
    "PortalUnitOfWork",
    "PostgresStorage",
    "SqliteStorage",
    "UnitOfWorkFactory",
    "open_storage",
    "resolve_database",
]

DEFAULT_DATABASE: Final = "portalkit.sqlite3"
"""The database file of ``STORAGE = "sqlite"`` when ``DATABASE`` is not set (instance folder)."""


class PortalUnitOfWork(UnitOfWork, TicketsUnitOfWork, ServicesUnitOfWork, Protocol):
    """The unit of work of the whole portal: accounts, tickets and service changes in one.

    One storage serves every area, so a ticket and the audit event about it commit together.
    """


UnitOfWorkFactory = Callable[[], PortalUnitOfWork]
"""Makes a new unit of work: one per use case call."""


class PortalStorage(Protocol):
    """An opened storage: a unit-of-work factory the CLI can also copy and close."""

    name: str
    """The ``STORAGE`` name it was opened under."""

    def __call__(self) -> PortalUnitOfWork:
        """Return a new unit of work."""
        ...

    def scratch_copy(self) -> contextlib.AbstractContextManager[UnitOfWorkFactory]:
        """Yield a unit-of-work factory on a throwaway copy of the data (for dry runs)."""
        ...

    def close(self) -> None:
        """Release files and connections; a later unit of work opens them again."""
        ...


class MemoryStorage:
    """The portal's data in a :class:`~portalkit.adapters.memory.MemoryStore` of this process.

    Attributes:
        store: the memory store (tests may look into it).
    """

    name = "memory"

    def __init__(self, store: MemoryStore | None = None) -> None:
        self.store = store if store is not None else MemoryStore()

    def __call__(self) -> PortalUnitOfWork:
        """Return a new unit of work on :attr:`store`."""
        # The cast: UnitOfWork declares its repositories as plain (settable) attributes, which
        # mypy checks invariantly, so the memory adapter's concrete repository classes do not
        # match although they implement every method.
        return cast(PortalUnitOfWork, self.store.unit_of_work())

    @contextlib.contextmanager
    def scratch_copy(self) -> Iterator[UnitOfWorkFactory]:
        """Yield a unit-of-work factory on a copy of :attr:`store`."""
        scratch = MemoryStore()
        self.store.copy_into(scratch)
        yield cast(UnitOfWorkFactory, scratch.unit_of_work)

    def close(self) -> None:
        """Nothing to release: the data stay in memory."""


class SqliteStorage:
    """The portal's data in one SQLite file, opened at the first unit of work.

    Args:
        path: the database file; its folder is created when the store opens.

    Attributes:
        path: the database file (absolute when it came from :func:`open_storage`).
    """

    name = "sqlite"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._store: SqliteStore | None = None

    @property
    def store(self) -> SqliteStore:
        """The open store; opening it creates the file and applies pending migrations.

        Raises:
            SchemaTooNewError: a newer portalkit has migrated the database.
            OSError: the folder cannot be created.
            sqlite3.Error: the file is not a database or cannot be opened.
        """
        with self._lock:
            if self._store is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._store = SqliteStore(self.path)
            return self._store

    def __call__(self) -> PortalUnitOfWork:
        """Return a new unit of work on the database."""
        return cast(PortalUnitOfWork, self.store.unit_of_work())

    @contextlib.contextmanager
    def scratch_copy(self) -> Iterator[UnitOfWorkFactory]:
        """Yield a unit-of-work factory on a temporary copy of the database.

        The copy is made with SQLite's online backup, so the live portal keeps running, into a
        hidden folder beside the database (same disk, unlike a RAM-backed /tmp), and deleted
        afterwards. It costs a copy of the file, which a dry run may afford.
        """
        self.store  # noqa: B018 - the copy must be of a migrated database
        with tempfile.TemporaryDirectory(
            prefix=".portalkit-scratch-", dir=self.path.parent
        ) as folder:
            copy = backup(self.path, Path(folder) / "scratch.sqlite3")
            with SqliteStore(copy, checkpoint_interval=None) as scratch:
                yield cast(UnitOfWorkFactory, scratch.unit_of_work)

    def close(self) -> None:
        """Close the store's connections; the next unit of work opens it again."""
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            store.close()


class PostgresStorage:
    """The portal's data on a PostgreSQL server, opened at the first unit of work.

    Every portal instance opens its own connection pool on the one server.

    Args:
        url: the server and database, ``postgresql://user@host/database``.
    """

    name = "postgres"

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.Lock()
        self._store: PostgresStore | None = None

    @property
    def store(self) -> PostgresStore:
        """The open store; opening it applies pending migrations."""
        # Imported here: psycopg comes with the extra "postgres", which other portals need not
        # install.
        from portalkit.adapters.postgres import PostgresStore

        with self._lock:
            if self._store is None:
                self._store = PostgresStore(self.url)
            return self._store

    def __call__(self) -> PortalUnitOfWork:
        """Return a new unit of work on the server."""
        return cast(PortalUnitOfWork, self.store.unit_of_work())

    def scratch_copy(self) -> contextlib.AbstractContextManager[UnitOfWorkFactory]:
        """Refuse: a copy of a live server's database is not made on the side.

        Raises:
            NotImplementedError: always; restore a backup into a scratch database instead.
        """
        msg = (
            "a dry run needs a throwaway copy of the data, which the PostgreSQL storage does "
            "not make; restore a backup into a scratch database and run the sweep there"
        )
        raise NotImplementedError(msg)

    def close(self) -> None:
        """Close the pool; the next unit of work opens it again."""
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            store.close()


def _memory(config: Mapping[str, Any]) -> PortalStorage:
    return MemoryStorage()


def _sqlite(config: Mapping[str, Any]) -> PortalStorage:
    return SqliteStorage(config.get("DATABASE") or DEFAULT_DATABASE)


def _postgres(config: Mapping[str, Any]) -> PortalStorage:
    return PostgresStorage(config["DATABASE_URL"])


STORAGES: Final[dict[str, Callable[[Mapping[str, Any]], PortalStorage]]] = {
    "memory": _memory,
    "postgres": _postgres,
    "sqlite": _sqlite,
}
"""The storage adapters by the name ``STORAGE`` gives them, each opened from the settings."""


def open_storage(config: Mapping[str, Any]) -> PortalStorage:
    """Open the storage the ``STORAGE`` setting names.

    A mapping without ``STORAGE`` (not checked by
    :func:`~portalkit.adapters.flask.config.finish_config`, whose default is ``"sqlite"``)
    gets ``"memory"``: a bare ``Portal.from_config({})`` never writes a file anywhere.

    Raises:
        KeyError: no storage of that name (:func:`~portalkit.adapters.flask.config.finish_config`
            refuses such a setting before this runs).
    """
    return STORAGES[config.get("STORAGE", "memory")](config)


def resolve_database(value: object, instance_path: str) -> str | None:
    """Return the absolute database path for the ``DATABASE`` setting *value*.

    ``None`` or empty means :data:`DEFAULT_DATABASE`; a relative path is taken relative to the
    instance folder. Returns ``None`` for a value that cannot be a database file (not a
    string, or SQLite's ``:memory:``, which would give every connection its own empty
    database).
    """
    if value is None or value == "":
        value = DEFAULT_DATABASE
    if not isinstance(value, str | os.PathLike) or os.fspath(value).startswith(":memory:"):
        return None
    return os.path.join(instance_path, os.fspath(value))
