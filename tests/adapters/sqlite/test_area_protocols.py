"""One SQLite unit of work serves every area: it satisfies each area's protocol."""

from __future__ import annotations

import portalkit.adapters.sqlite as sqlite_adapter
from portalkit.accounts.ports import UnitOfWork
from portalkit.services.ports import ServicesUnitOfWork
from portalkit.tickets.ports import TicketsUnitOfWork


def test_the_unit_of_work_satisfies_every_area_protocol(tmp_path: object) -> None:
    def accounts_uow(uow: UnitOfWork) -> UnitOfWork:
        return uow

    with sqlite_adapter.open_store(f"{tmp_path}/api.db") as store, store.unit_of_work() as uow:
        assert accounts_uow(uow) is uow
        assert isinstance(uow, TicketsUnitOfWork)
        assert isinstance(uow, ServicesUnitOfWork)
