"""The PostgreSQL store: every port of portalkit on a PostgreSQL server, through psycopg 3.

For portals with several app servers behind a load balancer: they share one database
server. The store keeps a connection pool per process, runs writing units of work
``SERIALIZABLE`` and migrates the schema under an advisory lock at start. It needs the extra
``postgres`` (``pip install 'portalkit[postgres]'``)::

    from portalkit.adapters.postgres import open_store, retrying

    store = open_store("postgresql://portal@db.internal/portal")
    services = AccountServices(unit_of_work=store.unit_of_work, ...)
    retrying(change_role)(services, actor_id, user_id, Role.EMPLOYEE)

See ``docs/storage.md`` for when to switch, the copy from SQLite and several instances.
"""

from __future__ import annotations

from portalkit.adapters.postgres.errors import StorageConflictError, UnstorableTextError
from portalkit.adapters.postgres.schema import (
    LOCK_KEY,
    load_postgres_migrations,
    migrate,
    schema_version,
)
from portalkit.adapters.postgres.store import (
    COUNTER_LOCK_TIMEOUT,
    DEFAULT_ATTEMPTS,
    DEFAULT_POOL_SIZE,
    PostgresReferenceCounter,
    PostgresStore,
    PostgresUnitOfWork,
    connect,
    open_store,
    retrying,
)

__all__ = [
    "COUNTER_LOCK_TIMEOUT",
    "DEFAULT_ATTEMPTS",
    "DEFAULT_POOL_SIZE",
    "LOCK_KEY",
    "PostgresReferenceCounter",
    "PostgresStore",
    "PostgresUnitOfWork",
    "StorageConflictError",
    "UnstorableTextError",
    "connect",
    "load_postgres_migrations",
    "migrate",
    "open_store",
    "retrying",
    "schema_version",
]
