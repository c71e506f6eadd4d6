"""Benchmark: the PostgreSQL store beside the SQLite store, on the same data, in one run.

Run: .venv/bin/python benchmarks/bench_postgres.py [--users N | --full] [--server URL]
                                                  [--seconds S]

Builds the same data in both stores: N users (default 100,000; ``--full``: 1,000,000, the
size of ``bench_sqlite.py``) in N / 10 companies and N tickets, 1 % of the users due for the
inactivity sweep, plus a tenth-size database for the sweep's ratio. SQLite is filled with
``executemany``, PostgreSQL with ``COPY`` (the same rows). Then it takes the measurements of
``bench_sqlite.py`` on each store through the ports: the sweep's selection (and the same
count forced to scan the table), pages of users and tickets, the login look-ups, the typical
write unit of work and the ``login_with_email`` use case. Last, the write throughput with 1,
2 and 4 writer processes, each with its own store (as app servers would have), running the
write unit of work on users of its own for S seconds (default 3); PostgreSQL's writers go
through ``retrying`` and the conflicts they lost are counted. PostgreSQL runs once as
configured (a WAL flush per commit) and once with ``synchronous_commit=off``, the durability
of SQLite's ``synchronous=NORMAL`` (a crash of the machine may lose the last commits).

PostgreSQL is a throwaway cluster with the server's default, crash-safe settings (fsync on,
synchronous commits) on this machine, started from the installed binaries, unless
``--server`` names a server on which the benchmark may create and drop its two databases.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import multiprocessing
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import psycopg

from portalkit.accounts import AuditEvent, Session
from portalkit.accounts.inactivity import candidates_cutoff
from portalkit.adapters.postgres import PostgresStore, StorageConflictError, connect, retrying
from portalkit.adapters.postgres.testing import (
    create_database,
    drop_database,
    given_or_throwaway,
)
from portalkit.adapters.sqlite import SqliteStore
from portalkit.adapters.sqlite.accounts import COMPANIES, USERS
from portalkit.adapters.sqlite.tickets import TICKETS


def _load_sqlite_benchmark() -> ModuleType:
    # The SQLite benchmark's data and measurements, imported by path: benchmarks/ is no package.
    path = Path(__file__).with_name("bench_sqlite.py")
    spec = importlib.util.spec_from_file_location("bench_sqlite_for_postgres", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SQLITE_BENCH = _load_sqlite_benchmark()
DATABASES = ("portalkit_bench_big", "portalkit_bench_small")
WRITERS = (1, 2, 4)


def _copy_rows(url: str, table: str, columns: Sequence[str], rows: Iterator[list[object]]) -> None:
    with connect(url) as connection, connection.transaction(), connection.cursor() as cursor:
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.copy(statement.encode()) as copy:
            for row in rows:
                copy.write_row(row)


def build_postgres(url: str, users: int, tickets: int, due: int) -> dict[str, float]:
    """Fill the migrated database at *url* with the SQLite benchmark's rows; seconds per step."""
    from portalkit.accounts import Company
    from portalkit.adapters.memory import PlainTextHasherForTests

    bench = SQLITE_BENCH
    companies = max(1, users // 10)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    company_rows = (
        bench._template(
            COMPANIES.row(Company(cid, f"{100000 + n}", f"Firma {n}")), COMPANIES.columns
        )[0]
        for n, cid in enumerate(
            [bench.BIG_COMPANY, *(f"c{number:06d}" for number in range(companies))]
        )
    )
    _copy_rows(url, "companies", COMPANIES.columns, company_rows)
    timings["companies"] = time.perf_counter() - started
    started = time.perf_counter()
    # The SQLite rows as they are: PostgreSQL reads the instants' text, 0 and 1 as booleans.
    user_rows = bench._users(users, companies, due, PlainTextHasherForTests())
    _copy_rows(url, "users", USERS.columns, user_rows)
    timings["users"] = time.perf_counter() - started
    started = time.perf_counter()
    _copy_rows(url, "tickets", TICKETS.columns, bench._tickets(tickets, companies))
    timings["tickets"] = time.perf_counter() - started
    started = time.perf_counter()
    with connect(url) as connection:
        connection.execute("VACUUM ANALYZE")
        # The load's dirty pages are written now, not by a checkpoint during the measurements.
        with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
            connection.execute("CHECKPOINT")
    timings["analyze"] = time.perf_counter() - started
    return timings


def selection_postgres(store: PostgresStore) -> tuple[float, int, float, float]:
    """The sweep's selection on PostgreSQL; also the count via the index and by a table scan."""
    cutoff = candidates_cutoff(SQLITE_BENCH.NOW, SQLITE_BENCH.SETTINGS)
    found: list[object] = []

    def select() -> None:
        with store.unit_of_work(read_only=True) as uow:
            found[:] = list(uow.users.inactive_since(cutoff))

    def counter(scan: bool) -> Callable[[], None]:
        def count() -> None:
            with store.unit_of_work(read_only=True) as uow:
                if scan:
                    uow.read("SET LOCAL enable_indexscan = off")
                    uow.read("SET LOCAL enable_bitmapscan = off")
                    uow.read("SET LOCAL enable_indexonlyscan = off")
                uow.read(
                    "SELECT count(*) FROM users WHERE status <> 'deleted' "
                    "AND coalesce(last_activity, created_at) < ?",
                    [cutoff],
                ).fetchone()

        return count

    best_of = SQLITE_BENCH.best_of
    indexed = best_of(select, 3)
    return indexed, len(found), best_of(counter(False), 3), best_of(counter(True), 1)


def write_for(
    kind: str,
    target: str,
    users: int,
    offset: int,
    tag: str,
    seconds: float,
    start: Any,
    results: Any,
) -> None:
    """Run the write unit of work on users from *offset* for *seconds* after the barrier
    *start* (new rows named after *tag*); put (commits, conflicts) on *results*.
    """
    now = SQLITE_BENCH.NOW
    conflicts = 0
    store: Any = PostgresStore(target, max_size=1) if kind == "postgres" else SqliteStore(target)

    def write(number: int) -> None:
        nonlocal conflicts
        try:
            with store.unit_of_work() as uow:
                user = uow.users.get(f"u{(offset + number) % users:08d}")
                assert user is not None
                uow.users.save(attrs.evolve(user, last_login=now, last_activity=now))
                uow.sessions.save(
                    Session(f"{tag}-s{number}", user.id, f"{tag}-h{number}", now, now)
                )
                uow.audit.append(
                    AuditEvent(f"{tag}-a{number}", now, "user:x", "user.login", f"user:{user.id}")
                )
                uow.commit()
        except StorageConflictError:
            conflicts += 1
            raise

    commits = 0
    try:
        with store:
            # Spawned interpreters take a while to start: all writers begin together.
            start.wait(timeout=120)
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                retrying(write, attempts=10)(commits)
                commits += 1
    except BaseException as error:  # reported by the parent
        start.abort()
        results.put(error)
        return
    results.put((commits, conflicts))


def throughput(
    kind: str, target: str, users: int, seconds: float, label: str = "w"
) -> list[tuple[int, float, int]]:
    """Return (writers, commits per second in all, conflicts) for each number of writers.

    The rows each run adds are named after *label*: runs on one database need distinct ones.
    """
    context = multiprocessing.get_context("spawn")
    rates = []
    for round_number, writers in enumerate(WRITERS):
        start, results = context.Barrier(writers), context.Queue()
        shared = (start, results)
        share = max(1, users // max(WRITERS))
        processes = [
            context.Process(
                target=write_for,
                # Fresh ids per round: each round writes sessions and events of its own.
                args=(
                    kind,
                    target,
                    users,
                    n * share,
                    f"{label}{round_number}-{n}",
                    seconds,
                    *shared,
                ),
            )
            for n in range(writers)
        ]
        for process in processes:
            process.start()
        outcomes = [results.get(timeout=seconds + 180) for _ in processes]
        for process in processes:
            process.join(timeout=30)
        failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
        if failures:
            raise failures[0]
        commits = sum(done for done, _ in outcomes)
        rates.append((writers, commits / seconds, sum(lost for _, lost in outcomes)))
    return rates


def with_options(url: str, options: str) -> str:
    """Return the URL *url* with libpq's ``options`` (server settings for its sessions)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode({"options": options}, quote_via=urllib.parse.quote)
    return parts._replace(query=f"{parts.query}&{query}" if parts.query else query).geturl()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000, help="users (and tickets)")
    parser.add_argument("--full", action="store_true", help="1,000,000 users and tickets")
    parser.add_argument("--server", help="a PostgreSQL server URL (default: a throwaway one)")
    parser.add_argument("--seconds", type=float, default=3.0, help="per writer measurement")
    options = parser.parse_args(argv)
    users = 1_000_000 if options.full else options.users
    bench = SQLITE_BENCH
    bench.CALLS_SCALE = 1.0 if users >= 10_000 else 0.02
    due = max(1, users // 100)
    small_users = max(due, users // 10)
    run_started = time.perf_counter()
    with tempfile.TemporaryDirectory() as temporary, given_or_throwaway(options.server) as admin:
        folder = Path(temporary)
        print(
            f"Building {users:,} users in {max(1, users // 10):,} companies and {users:,} "
            f"tickets ({due:,} due for the inactivity sweep) in SQLite and in PostgreSQL ..."
        )
        sqlite_timings = bench.build(folder / "big.db", users, users, due)
        bench.build(folder / "small.db", small_users, 0, due)
        urls = []
        for name in DATABASES:
            drop_database(admin, name)
            urls.append(create_database(admin, name))
        big_url, small_url = urls
        try:
            for url in urls:
                PostgresStore(url, max_size=1).close()  # migrates
            pg_timings = build_postgres(big_url, users, users, due)
            build_postgres(small_url, small_users, 0, due)
            for name, timings in (("SQLite", sqlite_timings), ("PostgreSQL", pg_timings)):
                print(
                    f"  {name:<10} built in {sum(timings.values()):6.1f} s: "
                    + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
                    + f"; {users / timings['users']:,.0f} user rows/s"
                )

            with SqliteStore(folder / "big.db") as store:
                sqlite_big = bench.selection(store)
                sqlite_rows = bench.measure(store, users, users)
            with SqliteStore(folder / "small.db") as store:
                sqlite_small = bench.selection(store)
            with PostgresStore(big_url) as store:
                pg_big = selection_postgres(store)
                pg_rows = bench.measure(store, users, users)
            with PostgresStore(small_url) as store:
                pg_small = selection_postgres(store)

            print()
            print(f"{'inactivity sweep selection (seconds)':<46} {'SQLite':>9} {'PostgreSQL':>11}")
            selections = [
                (f"inactive_since: {sqlite_big[1]:,} due of {users:,}", sqlite_big[0], pg_big[0]),
                (f"  the same, {small_users:,} users", sqlite_small[0], pg_small[0]),
                ("SQL only: count via the index", sqlite_big[2], pg_big[2]),
                ("SQL only: count by full scan", sqlite_big[3], pg_big[3]),
            ]
            for name, sqlite_seconds, pg_seconds in selections:
                print(f"  {name:<44} {sqlite_seconds:>9.3f} {pg_seconds:>11.3f}")
            assert sqlite_big[1] == pg_big[1], "both stores select the same due users"
            print()
            print(f"{'operation (median)':<52} {'SQLite':>10} {'PostgreSQL':>11}  goal")
            for (name, sqlite_seconds, goal), (_, pg_seconds, _) in zip(
                sqlite_rows, pg_rows, strict=True
            ):
                print(
                    f"{name:<52} {sqlite_seconds * 1000:>7.3f} ms {pg_seconds * 1000:>8.3f} ms"
                    f"  {goal}"
                )

            print()
            print(f"write unit of work, {options.seconds:g} s per run: commits/s in all")
            print(
                f"{'writer processes':<20} {'SQLite':>10} {'PostgreSQL':>11} "
                f"{'PG, no sync':>12} {'conflicts':>10}"
            )
            seconds = options.seconds
            sqlite_writes = throughput("sqlite", str(folder / "big.db"), users, seconds)
            pg_writes = throughput("postgres", big_url, users, seconds)
            # synchronous_commit=off: like SQLite's synchronous=NORMAL, a crash of the machine
            # may lose the last commits (never corrupting anything); no WAL flush per commit.
            unsynced = with_options(big_url, "-c synchronous_commit=off")
            pg_unsynced = throughput("postgres", unsynced, users, seconds, label="nosync")
            for (writers, sqlite_rate, _), (_, pg_rate, lost), (_, fast_rate, fast_lost) in zip(
                sqlite_writes, pg_writes, pg_unsynced, strict=True
            ):
                print(
                    f"{writers:<20} {sqlite_rate:>10,.0f} {pg_rate:>11,.0f} {fast_rate:>12,.0f} "
                    f"{lost + fast_lost:>10,}"
                )
        finally:
            for name in DATABASES:
                drop_database(admin, name)
    print(f"\nwhole run: {time.perf_counter() - run_started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
