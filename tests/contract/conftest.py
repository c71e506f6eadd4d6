"""The adapters the contract tests run against; a storage adapter adds its factory here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from portalkit.accounts.ports import UnitOfWork
from portalkit.adapters.memory import MemoryStore
from portalkit.adapters.sqlite import SqliteStore

UnitOfWorkFactory = Callable[[], UnitOfWork]


def memory_adapter() -> Iterator[UnitOfWorkFactory]:
    yield MemoryStore().unit_of_work


def sqlite_adapter(tmp_path: Path) -> Iterator[UnitOfWorkFactory]:
    with SqliteStore(tmp_path / "contract.db") as store:
        yield store.unit_of_work


ADAPTERS: dict[str, Callable[[Path], Iterator[UnitOfWorkFactory]]] = {
    "memory": lambda _: memory_adapter(),
    "sqlite": sqlite_adapter,
}
"""Name -> generator yielding a fresh, empty unit-of-work factory (and cleaning up after)."""


@pytest.fixture(params=sorted(ADAPTERS))
def new_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UnitOfWorkFactory]:
    yield from ADAPTERS[request.param](tmp_path)
