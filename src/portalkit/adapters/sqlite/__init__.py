"""The SQLite store: every port of portalkit on the standard library's :mod:`sqlite3`.

>>> import tempfile, pathlib
>>> from portalkit.accounts.model import Company
>>> folder = tempfile.TemporaryDirectory()
>>> store = open_store(pathlib.Path(folder.name) / "portal.db")
>>> with store.unit_of_work() as uow:
...     uow.companies.save(Company(id="c1", customer_number="100234", name="Muster GmbH"))
...     uow.commit()
>>> with store.unit_of_work(read_only=True) as uow:
...     uow.companies.get("c1").name
'Muster GmbH'
>>> store.close()
>>> folder.cleanup()

See ``docs/storage.md`` for the setup, the pragmas, migrations, backups and tuning.
"""

from __future__ import annotations

from portalkit.adapters.sqlite.backups import backup
from portalkit.adapters.sqlite.connection import DEFAULT_BUSY_TIMEOUT_MS, connect
from portalkit.adapters.sqlite.errors import (
    MigrationsInvalidError,
    OrphanedRowsError,
    ReadOnlyUnitOfWorkError,
    SchemaTooNewError,
    UnitOfWorkNotStartedError,
)
from portalkit.adapters.sqlite.schema import Migration, load_migrations, migrate, schema_version
from portalkit.adapters.sqlite.store import SqliteStore, SqliteUnitOfWork, open_store

__all__ = [
    "DEFAULT_BUSY_TIMEOUT_MS",
    "Migration",
    "MigrationsInvalidError",
    "OrphanedRowsError",
    "ReadOnlyUnitOfWorkError",
    "SchemaTooNewError",
    "SqliteStore",
    "SqliteUnitOfWork",
    "UnitOfWorkNotStartedError",
    "backup",
    "connect",
    "load_migrations",
    "migrate",
    "open_store",
    "schema_version",
]
