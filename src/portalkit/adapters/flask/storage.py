"""Where the portal keeps its data: the one seam between the views and a storage adapter.

:func:`open_storage` turns the ``STORAGE`` setting into a unit-of-work factory, which
:meth:`~portalkit.adapters.flask.Portal.from_config` hands to the account use cases
(:class:`~portalkit.accounts.AccountServices`). Today there is ``"memory"``
(:class:`~portalkit.adapters.memory.MemoryStore`: the data lives as long as the process). The
SQLite adapter plugs in here as one more entry of :data:`STORAGES` (``"sqlite"``, reading its
file from the instance folder); nothing else in the portal changes. ``"postgres"``
(:class:`~portalkit.adapters.postgres.PostgresStore`) is chosen by a ``DATABASE_URL`` that
starts with ``postgresql://`` (the environment variable ``PORTALKIT_DATABASE_URL``), so that
several portal instances share one database server.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, Protocol, cast

from portalkit.accounts import UnitOfWork
from portalkit.adapters.memory import MemoryStore
from portalkit.services.ports import ServicesUnitOfWork
from portalkit.tickets.ports import TicketsUnitOfWork

__all__ = ["STORAGES", "PortalUnitOfWork", "UnitOfWorkFactory", "open_storage"]


class PortalUnitOfWork(UnitOfWork, TicketsUnitOfWork, ServicesUnitOfWork, Protocol):
    """The unit of work of the whole portal: accounts, tickets and service changes in one.

    One storage serves every area, so a ticket and the audit event about it commit together.
    """


UnitOfWorkFactory = Callable[[], PortalUnitOfWork]
"""Makes a new unit of work: one per use case call."""


def _memory(config: Mapping[str, Any]) -> UnitOfWorkFactory:
    # The cast: UnitOfWork declares its repositories as plain (settable) attributes, which
    # mypy checks invariantly, so the memory adapter's concrete repository classes do not
    # match although they implement every method. Declaring them read-only in the port would
    # remove the need.
    return cast(UnitOfWorkFactory, MemoryStore().unit_of_work)


def _postgres(config: Mapping[str, Any]) -> UnitOfWorkFactory:
    # Imported here: psycopg comes with the extra "postgres", which other portals need not
    # install. Every portal instance opens its own pool on the one server (DATABASE_URL).
    from portalkit.adapters.postgres import PostgresStore

    store = PostgresStore(config["DATABASE_URL"])
    return cast(UnitOfWorkFactory, store.unit_of_work)


STORAGES: Final[dict[str, Callable[[Mapping[str, Any]], UnitOfWorkFactory]]] = {
    "memory": _memory,
    "postgres": _postgres,
}
"""The storage adapters by the name ``STORAGE`` gives them, each opened from the settings."""


def open_storage(config: Mapping[str, Any]) -> UnitOfWorkFactory:
    """Open the storage the ``STORAGE`` setting names and return its unit-of-work factory.

    Raises:
        KeyError: no storage of that name (:func:`~portalkit.adapters.flask.config.finish_config`
            refuses such a setting before this runs).
    """
    return STORAGES[config.get("STORAGE", "memory")](config)
