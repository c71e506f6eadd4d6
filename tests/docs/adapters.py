"""A storage adapter that breaks the contract, to show that the contract tests catch it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from examples.own_outbox import AppStore, AppUnitOfWork


class ForgetfulUnitOfWork(AppUnitOfWork):
    """Commits portalkit's data but never writes the outbox's changes to the mail queue."""

    def commit(self) -> None:
        self._inner.commit()


def forgetful_adapter(tmp_path: Path) -> Iterator[Callable[[], AppUnitOfWork]]:
    """A contract adapter (see ``tests/contract/conftest.py``) whose mails get lost."""
    store = AppStore()
    yield lambda: ForgetfulUnitOfWork(store.data.unit_of_work(), store.queue)
