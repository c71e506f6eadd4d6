"""Benchmark: concurrent new tickets on PostgreSQL, as shipped and as before, beside SQLite.

Run: .venv/bin/python benchmarks/bench_new_tickets.py [--writers 1 2 4 8] [--tickets N]
                                                     [--server URL]

Each writer is a thread with a company and a user of its own; all start together and open
N tickets each (default 100) through the ``open_ticket`` use case, running it again whenever
PostgreSQL aborts it (``StorageConflictError``), as ``retrying`` does. Three stores, on the
same use case in the same run:

- PostgreSQL as shipped: each reference number is drawn in a statement of its own
  (``PostgresReferenceCounter``), and the new ticket is inserted without a look-up first
  (``NewTicketRepository.add``);
- PostgreSQL as before: the number drawn inside the unit of work's ``SERIALIZABLE``
  transaction (the year's one counter row is written by every new ticket) and looked up
  before the ticket is saved (a read of the index page the neighbouring numbers go to);
- SQLite (writers wait for the write lock; nothing is aborted), for reference.

It prints tickets per second, the attempts PostgreSQL aborted, and the ratios. PostgreSQL is
a throwaway cluster with the server's default, crash-safe settings unless ``--server`` names
a server on which the benchmark may create and drop its databases.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from portalkit.accounts.model import Company, User, UserStatus
from portalkit.adapters.postgres import PostgresStore, PostgresUnitOfWork, StorageConflictError
from portalkit.adapters.postgres.testing import create_database, drop_database, given_or_throwaway
from portalkit.adapters.sqlite import SqliteStore
from portalkit.adapters.sqlite.tickets import SqliteReferenceCounter, SqliteTicketRepository
from portalkit.clock import FixedClock
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role
from portalkit.tickets.config import TicketServices
from portalkit.tickets.references import ReferenceCounter
from portalkit.tickets.use_cases import open_ticket

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
DATABASES = ("portalkit_bench_tickets_now", "portalkit_bench_tickets_before")


class _LookingUpFirst(SqliteTicketRepository):
    # Without add, add_ticket looks the number up and then saves, as open_ticket did.
    add = None  # type: ignore[assignment]


class _AsBefore(PostgresUnitOfWork):
    """The unit of work as before: the number drawn in its transaction, looked up first."""

    @cached_property
    def ticket_counter(self) -> ReferenceCounter:  # type: ignore[override]
        return SqliteReferenceCounter(self)

    @cached_property
    def tickets(self) -> SqliteTicketRepository:
        return _LookingUpFirst(self)


class _StoreAsBefore(PostgresStore):
    def unit_of_work(self, *, read_only: bool = False) -> PostgresUnitOfWork:
        return _AsBefore(self, read_only=read_only)


def _clock() -> FixedClock:
    return FixedClock(START)


def _users(unit_of_work: Callable[[], Any], count: int) -> list[str]:
    """Store *count* companies with an active administrator each; return the users' ids."""
    ids = [f"admin-{number}" for number in range(1, count + 1)]
    with unit_of_work() as uow:
        for number, user_id in enumerate(ids, start=1):
            company = Company(f"c{number}", f"{100000 + number}", f"Firma {number}")
            address = EmailAddress.parse(f"chef@firma{number}.de")
            uow.companies.save(company)
            uow.users.save(
                User(user_id, company.id, address, Role.ADMINISTRATOR, UserStatus.ACTIVE, START)
            )
        uow.commit()
    return ids


def run(unit_of_work: Callable[[], Any], writers: int, tickets: int) -> tuple[float, int]:
    """Open *tickets* tickets in each of *writers* threads; return (tickets/s, aborted)."""
    users = _users(unit_of_work, writers)
    services = TicketServices(unit_of_work=unit_of_work, clock=_clock())
    start = threading.Barrier(writers + 1)
    aborted = [0] * writers
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            start.wait(timeout=60)
            for _ in range(tickets):
                while True:
                    try:
                        open_ticket(services, users[index], subject="Heizung", body="Kalt.")
                        break
                    except StorageConflictError:
                        aborted[index] += 1
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(index,)) for index in range(writers)]
    for thread in threads:
        thread.start()
    start.wait(timeout=60)
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return writers * tickets / elapsed, sum(aborted)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--tickets", type=int, default=100, help="tickets per writer")
    parser.add_argument("--server", help="a PostgreSQL server URL (default: a throwaway one)")
    options = parser.parse_args(argv)
    print(
        f"{'writers':>7} {'PG now':>10} {'aborted':>8} {'PG before':>10} {'aborted':>8} "
        f"{'SQLite':>8}  {'now/before':>12} {'now/SQLite':>12}   (tickets/s)"
    )
    with tempfile.TemporaryDirectory() as temporary, given_or_throwaway(options.server) as admin:
        for writers in options.writers:
            rates: dict[str, tuple[float, int]] = {}
            for name, kind in zip(DATABASES, (PostgresStore, _StoreAsBefore), strict=True):
                drop_database(admin, name)
                url = create_database(admin, name)
                try:
                    with kind(url, max_size=writers + 1) as store:
                        rates[name] = run(store.unit_of_work, writers, options.tickets)
                finally:
                    drop_database(admin, name)
            path = Path(temporary) / f"w{writers}.db"
            with SqliteStore(path) as store:
                sqlite_rate, _ = run(store.unit_of_work, writers, options.tickets)
            (now, now_lost), (before, before_lost) = rates[DATABASES[0]], rates[DATABASES[1]]
            print(
                f"{writers:>7} {now:>10,.0f} {now_lost:>8,} {before:>10,.0f} "
                f"{before_lost:>8,} {sqlite_rate:>8,.0f}  {now / before:>11.2f}x "
                f"{now / sqlite_rate:>11.2f}x"
            )


if __name__ == "__main__":
    sys.exit(main())
