"""The adapters the contract tests run against; a storage adapter adds its factory here."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from portalkit.accounts.ports import UnitOfWork
from portalkit.adapters.memory import MemoryStore

UnitOfWorkFactory = Callable[[], UnitOfWork]


def memory_adapter() -> Iterator[UnitOfWorkFactory]:
    yield MemoryStore().unit_of_work


ADAPTERS: dict[str, Callable[[], Iterator[UnitOfWorkFactory]]] = {"memory": memory_adapter}
"""Name -> generator yielding a fresh, empty unit-of-work factory (and cleaning up after)."""


@pytest.fixture(params=sorted(ADAPTERS))
def new_uow(request: pytest.FixtureRequest) -> Iterator[UnitOfWorkFactory]:
    yield from ADAPTERS[request.param]()
