"""portalkit.adapters.sqlite exports exactly its documented API, every part documented."""

from __future__ import annotations

import inspect

import portalkit.adapters.sqlite as sqlite_adapter
from portalkit.accounts.ports import UnitOfWork
from portalkit.services.ports import ServicesUnitOfWork
from portalkit.tickets.ports import TicketsUnitOfWork

EXPECTED = {
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
}


def test_the_package_exports_exactly_the_documented_names() -> None:
    assert set(sqlite_adapter.__all__) == EXPECTED


def test_every_exported_class_and_function_has_a_docstring() -> None:
    for name in sqlite_adapter.__all__:
        value = getattr(sqlite_adapter, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name


def test_the_unit_of_work_satisfies_every_area_protocol(tmp_path: object) -> None:
    def accounts_uow(uow: UnitOfWork) -> UnitOfWork:
        return uow

    with sqlite_adapter.open_store(f"{tmp_path}/api.db") as store, store.unit_of_work() as uow:
        assert accounts_uow(uow) is uow
        assert isinstance(uow, TicketsUnitOfWork)
        assert isinstance(uow, ServicesUnitOfWork)
