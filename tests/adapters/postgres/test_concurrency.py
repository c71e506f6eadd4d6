"""Several processes on one PostgreSQL server: invariants hold and no write is lost.

The same scenario as the SQLite store's process test (two administrators demoting each
other every round while others log in), each process with a store and a pool of its own, as
several app servers would have. PostgreSQL aborts one of two conflicting transactions; the
use cases run through :func:`~portalkit.adapters.postgres.retrying`.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import attrs
import pytest

from portalkit.accounts.model import AuditEvent, Company, User, UserStatus
from portalkit.adapters.postgres import (
    DEFAULT_ATTEMPTS,
    PostgresStore,
    StorageConflictError,
    retrying,
)
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role
from portalkit.tickets.model import open_ticket
from portalkit.tickets.references import ReferenceNumber
from tests.adapters.sqlite.scenario import START, company_with_admins, services_for
from tests.adapters.sqlite.test_concurrency import (
    ROUNDS,
    demote_each_other,
    log_in_repeatedly,
    run_processes,
    sessions_of,
)

pytestmark = pytest.mark.usefixtures("postgres_server")

TICKETS_PER_PROCESS = 25
PATIENT_ATTEMPTS = 10 * DEFAULT_ATTEMPTS
P = ParamSpec("P")
R = TypeVar("R")


def patient(use_case: Callable[P, R]) -> Callable[P, R]:
    """Retry like the portal's users would, with room for the rivals' tight loops below.

    Writers that loop without pause can starve one rival past :data:`DEFAULT_ATTEMPTS`: three
    processes opening tickets, on a busy machine, have needed six attempts for one ticket.
    What these tests check is that no write is lost, not how many attempts that takes.
    """
    return retrying(use_case, attempts=PATIENT_ATTEMPTS)


def test_processes_keep_every_write_and_one_administrator(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as store:
        services = services_for(store)
        _, (first, second) = company_with_admins(services, 1, admins=2)
        _, loggers = company_with_admins(services, 2, admins=1, members=2)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    start = context.Barrier(2 + len(loggers))
    extra = (PostgresStore, patient)
    results = run_processes(
        [
            ("a", demote_each_other, postgres_url, first.id, second.id, barrier, start, *extra),
            ("b", demote_each_other, postgres_url, second.id, first.id, barrier, start, *extra),
            *(
                (user.id, log_in_repeatedly, postgres_url, str(user.email), start, *extra)
                for user in loggers
            ),
        ]
    )
    together = results["a"] + results["b"]  # type: ignore[operator]
    # Each round exactly one of the two demotions wins, and both then see one administrator.
    assert together == Counter(demoted=ROUNDS, refused=ROUNDS, **{"admins=1": 2 * ROUNDS})
    with PostgresStore(postgres_url) as store:
        for user in loggers:
            # Each login wrote one session; none is missing.
            assert sessions_of(store, str(user.email)) == results[user.id]


def open_tickets(url: str, name: str, count: int, start: object) -> list[int]:
    """Open *count* tickets, each with the next running number; return the numbers."""

    def open_one(store: PostgresStore) -> int:
        with store.unit_of_work() as uow:
            number = uow.ticket_counter.next_value(2025)
            uow.tickets.save(
                open_ticket(
                    ReferenceNumber(2025, number),
                    company_id="c1",
                    requester_id=name,
                    subject="Heizung",
                    body="Bitte prüfen.",
                    at=START,
                )
            )
            uow.commit()
        return number

    with PostgresStore(url, max_size=1) as store:
        # Spawned interpreters take a while to start; all begin together, so that they contend.
        start.wait(timeout=60)  # type: ignore[attr-defined]
        return [patient(open_one)(store) for _ in range(count)]


def test_concurrent_tickets_get_distinct_numbers_and_all_are_kept(postgres_url: str) -> None:
    names = ["p1", "p2", "p3"]
    with PostgresStore(postgres_url) as store, store.unit_of_work() as uow:
        # The tickets' company and requesters: the store enforces those references.
        uow.companies.save(Company("c1", "100001", "Firma c1"))
        for name in names:
            address = EmailAddress.parse(f"{name}@firma-c1.de")
            uow.users.save(User(name, "c1", address, Role.EMPLOYEE, UserStatus.ACTIVE, START))
        uow.commit()
    start = multiprocessing.get_context("spawn").Barrier(len(names))
    results = run_processes(
        [(name, open_tickets, postgres_url, name, TICKETS_PER_PROCESS, start) for name in names]
    )
    numbers = sorted(n for name in names for n in results[name])  # type: ignore[attr-defined]
    assert numbers == list(range(1, len(names) * TICKETS_PER_PROCESS + 1))
    with PostgresStore(postgres_url) as store, store.unit_of_work(read_only=True) as uow:
        kept = Counter(ticket.requester_id for ticket in uow.tickets.page(None, limit=500))
    assert kept == Counter(dict.fromkeys(names, TICKETS_PER_PROCESS))


def _rename(
    store: PostgresStore, name: str, read: threading.Barrier, wrote: threading.Event
) -> None:
    """Rename company c1 after both units have read it; the rival waits for our write."""
    with store.unit_of_work() as uow:
        company = uow.companies.get("c1")
        assert company is not None
        uow.audit.append(AuditEvent(f"a-{name}", START, "op", "company.rename", "company:c1"))
        read.wait(timeout=10)
        if name == "second":
            wrote.wait(timeout=10)
        uow.companies.save(attrs.evolve(company, name=name))
        if name == "first":
            wrote.set()
        uow.commit()


def test_of_two_writers_of_one_row_one_loses_whole_and_a_retry_succeeds(
    postgres_url: str,
) -> None:
    read, wrote = threading.Barrier(2), threading.Event()
    errors: dict[str, BaseException] = {}
    with PostgresStore(postgres_url) as store:
        with store.unit_of_work() as uow:
            uow.companies.save(Company("c1", "100001", "Alt GmbH"))
            uow.commit()

        def run(name: str) -> None:
            try:
                _rename(store, name, read, wrote)
            except BaseException as error:  # reported below
                errors[name] = error

        threads = [threading.Thread(target=run, args=(name,)) for name in ("first", "second")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert list(errors) == ["second"]
        assert isinstance(errors["second"], StorageConflictError)
        assert errors["second"].code == "storage_conflict"
        with store.unit_of_work(read_only=True) as uow:
            company = uow.companies.get("c1")
            assert company is not None
            assert company.name == "first"
            # The loser's audit event went with its transaction.
            assert [event.id for event in uow.audit.all()] == ["a-first"]

        # Alone, the second attempt of the same use case goes through.
        retrying(_rename)(store, "again", threading.Barrier(1), threading.Event())
        with store.unit_of_work(read_only=True) as uow:
            assert [event.id for event in uow.audit.all()] == ["a-first", "a-again"]
