"""The adapters the contract tests run against: listed here or named in the environment."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from portalkit.accounts.model import Company, User, UserStatus
from portalkit.accounts.ports import UnitOfWork
from portalkit.adapters.memory import MemoryStore
from portalkit.adapters.sqlite import SqliteStore
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role
from tests.postgres import fresh_database

UnitOfWorkFactory = Callable[[], UnitOfWork]


def memory_adapter() -> Iterator[UnitOfWorkFactory]:
    yield MemoryStore().unit_of_work


def sqlite_adapter(tmp_path: Path) -> Iterator[UnitOfWorkFactory]:
    with SqliteStore(tmp_path / "contract.db") as store:
        yield store.unit_of_work


def postgres_adapter(_: Path) -> Iterator[UnitOfWorkFactory]:
    # Imported here: without the extra "postgres" only these cases skip (or fail in CI).
    from portalkit.adapters.postgres import PostgresStore

    with fresh_database() as url, PostgresStore(url, max_size=2) as store:
        yield store.unit_of_work


AdapterFactory = Callable[[Path], Iterator[UnitOfWorkFactory]]

ADAPTERS: dict[str, AdapterFactory] = {
    "memory": lambda _: memory_adapter(),
    "sqlite": sqlite_adapter,
    "postgres": postgres_adapter,
}
"""Name -> generator yielding a fresh, empty unit-of-work factory (and cleaning up after)."""

ENVIRONMENT = "PORTALKIT_CONTRACT_ADAPTERS"
"""Names further adapters: ``name=module:function`` entries, separated by commas.

Each function takes a temporary folder and is a generator like the ones above. This lets an
application run this suite against its own adapter without editing portalkit's files, e.g.
``PORTALKIT_CONTRACT_ADAPTERS=mine=myapp.storage:contract_adapter pytest tests/contract``.
"""


def adapters_from(setting: str) -> dict[str, AdapterFactory]:
    """Import the adapters that *setting* (the value of :data:`ENVIRONMENT`) names."""
    found: dict[str, AdapterFactory] = {}
    for entry in filter(None, (part.strip() for part in setting.split(","))):
        name, _, target = entry.partition("=")
        module_name, _, function = target.partition(":")
        if not (name and module_name and function):
            msg = f"{ENVIRONMENT}: {entry!r} is not of the form name=module:function"
            raise ValueError(msg)
        found[name] = getattr(importlib.import_module(module_name), function)
    return found


ADAPTERS |= adapters_from(os.environ.get(ENVIRONMENT, ""))


@pytest.fixture(params=sorted(ADAPTERS))
def new_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UnitOfWorkFactory]:
    yield from ADAPTERS[request.param](tmp_path)


PARENT_COMPANIES = ("c1", "c2", "c3")
PARENT_USERS = {"u1": "c1", "u2": "c1", "x1": "c2"}
"""The companies and users (id -> company) the ticket and service contracts refer to."""


def save_parents(uow: UnitOfWork) -> None:
    """Save the companies and users that tickets, services and requests refer to.

    A store may enforce those references (the SQLite store does, with foreign keys), so the
    contracts create them first, as the portal does.
    """
    for number, company_id in enumerate(PARENT_COMPANIES, start=1):
        uow.companies.save(Company(company_id, f"{100000 + number}", f"Firma {company_id}"))
    for user_id, company_id in PARENT_USERS.items():
        address = EmailAddress.parse(f"{user_id}@firma-{company_id}.de")
        created = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        uow.users.save(
            User(user_id, company_id, address, Role.EMPLOYEE, UserStatus.ACTIVE, created)
        )


@pytest.fixture
def parents(new_uow: UnitOfWorkFactory) -> None:
    """Store the companies and users of :func:`save_parents` before the test."""
    with new_uow() as uow:
        save_parents(uow)
        uow.commit()
