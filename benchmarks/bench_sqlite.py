"""Benchmark: the SQLite store at a million users and a million tickets.

Run: .venv/bin/python benchmarks/bench_sqlite.py [--users N] [--keep DIR]

Builds a database with N users (default 1,000,000) in N / 10 companies and N tickets, by bulk
inserts (``executemany`` in one transaction per table, indexes in place), and prints how long
that took. Then it measures, on that database:

* the inactivity sweep's selection (``UserRepository.inactive_since``) when 1 % of the users
  are due, compared with a second database a tenth of the size holding the same number of
  due users (equal times: the cost follows the due users, not the table) and with the same
  selection forced to scan the table (``NOT INDEXED``);
* one page (50) of a company's users and tickets, first and deep (keyset, ``after=``);
* the login look-ups: a user by e-mail, a company by customer number;
* commits per second of a typical write use case (a session, the user's last login and an
  audit event in one unit of work), again with SQLite's checkpoints inside the commits
  (``checkpoint_interval=None``) for comparison, and of the full ``login_with_email`` use
  case (test hasher: the storage's share, not Argon2's). The writing thread's CPU time per
  commit is printed too: on a shared machine the commits per second follow the load, the
  CPU time much less.

Goals: selection < 1 s, a page and a look-up < 2 ms, >= 5,000 commits/s. Where a commit's
time goes, and the figures measured so far, are in ``docs/storage.md`` ("Tuning").
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import attrs

from portalkit.accounts import (
    AccountServices,
    AccountSettings,
    AuditEvent,
    Company,
    Session,
    User,
    UserStatus,
    login_with_email,
)
from portalkit.accounts.inactivity import candidates_cutoff
from portalkit.adapters.memory import PlainTextHasherForTests
from portalkit.adapters.sqlite import SqliteStore
from portalkit.adapters.sqlite._converter import format_instant, reference_key
from portalkit.adapters.sqlite.accounts import COMPANIES, USERS
from portalkit.adapters.sqlite.tickets import TICKETS
from portalkit.calendar import WorkingCalendar
from portalkit.clock import FixedClock
from portalkit.policy import PasswordPolicy
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.policy.roles import Role
from portalkit.tickets.model import open_ticket
from portalkit.tickets.references import ReferenceNumber

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
SETTINGS = AccountSettings()
PASSWORD = "Sommer-Regen-42!"
BIG_COMPANY = "c-big"
BIG_SHARE = 50_000  # users and tickets of the one big company (for deep pages)


def _template(
    row: dict[str, object], columns: Sequence[str]
) -> tuple[list[object], dict[str, int]]:
    return [row[column] for column in columns], {column: n for n, column in enumerate(columns)}


def _users(
    count: int, companies: int, due: int, hasher: PlainTextHasherForTests
) -> Iterator[list[object]]:
    """Yield user rows; every (count // due)-th user is silent long enough to be due."""
    user = User(
        "x",
        "x",
        EmailAddress("x", EmailDomain("x.de")),
        Role.EMPLOYEE,
        UserStatus.ACTIVE,
        NOW,
        first_name="Max",
        last_name="Muster",
        password_hash=hasher.hash(PASSWORD),
    )
    base, at = _template(USERS.row(user), USERS.columns)
    step = max(1, count // due)
    cutoff = candidates_cutoff(NOW, SETTINGS)
    recent = [format_instant(NOW - dt.timedelta(minutes=n)) for n in range(10_000)]
    old = [format_instant(cutoff - dt.timedelta(days=1 + n)) for n in range(300)]
    big = min(BIG_SHARE, count // 4)
    for number in range(count):
        row = base.copy()
        row[at["id"]] = f"u{number:08d}"
        row[at["company_id"]] = BIG_COMPANY if number < big else f"c{number % companies:06d}"
        row[at["email"]] = f"user{number:08d}@firma{number % companies}.de"
        if number % step == 0 and number // step < due:
            last = old[number % 300]
        else:
            last = recent[number % 10_000]
        row[at["created_at"]] = row[at["last_activity"]] = last
        yield row


def _tickets(count: int, companies: int) -> Iterator[list[object]]:
    opened = open_ticket(
        ReferenceNumber(2025, 1),
        company_id="x",
        requester_id="x",
        subject="Heizung defekt",
        body="Die Heizung im 3. OG bleibt kalt. Bitte um Rückruf.",
        at=NOW,
    )
    base, at = _template(TICKETS.row(opened), TICKETS.columns)
    big = min(BIG_SHARE, count // 4)
    for number in range(count):
        row = base.copy()
        row[at["reference"]] = reference_key(ReferenceNumber(2025, number + 1))
        row[at["company_id"]] = BIG_COMPANY if number < big else f"c{number % companies:06d}"
        row[at["requester_id"]] = f"u{number:08d}"
        yield row


def build(path: Path, users: int, tickets: int, due: int) -> dict[str, float]:
    """Create the database; return seconds per step."""
    hasher = PlainTextHasherForTests()
    companies = max(1, users // 10)
    timings: dict[str, float] = {}
    with SqliteStore(path) as store:
        connection = store._acquire()
        connection.execute("PRAGMA cache_size = -262144")  # 256 MiB for the bulk load
        started = time.perf_counter()
        company_rows = (
            _template(
                COMPANIES.row(Company(cid, f"{100000 + n}", f"Firma {n}")), COMPANIES.columns
            )[0]
            for n, cid in enumerate(
                itertools.chain([BIG_COMPANY], (f"c{n:06d}" for n in range(companies)))
            )
        )
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(COMPANIES.insert, company_rows)
        connection.execute("COMMIT")
        timings["companies"] = time.perf_counter() - started
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(USERS.insert, _users(users, companies, due, hasher))
        connection.execute("COMMIT")
        timings["users"] = time.perf_counter() - started
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(TICKETS.insert, _tickets(tickets, companies))
        connection.execute("COMMIT")
        timings["tickets"] = time.perf_counter() - started
        started = time.perf_counter()
        connection.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - started
        store._release(connection)
    return timings


def best_of(function: Callable[[], object], repeat: int = 5) -> float:
    """Return the fastest of *repeat* runs of *function*, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


CALLS_SCALE = 1.0
"""Fraction of the look-up and page calls to time (tiny runs time fewer)."""


def per_call(function: Callable[[int], object], calls: int) -> float:
    """Return the median seconds per call of *function* over *calls* calls (arg: call number)."""
    calls = max(5, int(calls * CALLS_SCALE))
    times = []
    for number in range(calls):
        started = time.perf_counter()
        function(number)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def selection(store: SqliteStore) -> tuple[float, int, float, float]:
    """Time the sweep's candidate selection; also the same query forced to scan the table."""
    cutoff = candidates_cutoff(NOW, SETTINGS)
    found: list[User] = []

    def select() -> None:
        with store.unit_of_work(read_only=True) as uow:
            found[:] = list(uow.users.inactive_since(cutoff))

    indexed = best_of(select, 3)

    def counter(hint: str) -> Callable[[], None]:
        def count() -> None:
            with store.unit_of_work(read_only=True) as uow:
                uow.read(
                    f"SELECT count(*) FROM users {hint} WHERE status <> 'deleted' "
                    "AND coalesce(last_activity, created_at) < ?",
                    [format_instant(cutoff)],
                ).fetchone()

        return count

    return indexed, len(found), best_of(counter(""), 3), best_of(counter("NOT INDEXED"), 1)


def services(store: SqliteStore) -> AccountServices:
    return AccountServices(
        unit_of_work=store.unit_of_work,
        clock=FixedClock(NOW),
        hasher=PlainTextHasherForTests(),
        password_policy=PasswordPolicy(),
        working_days=WorkingCalendar.germany(saturdays=True),
        settings=SETTINGS,
    )


def write_units(store: SqliteStore, users: int, prefix: str) -> tuple[float, float]:
    """Return the seconds per commit of the typical write unit of work (ids from *prefix*).

    Returns:
        The wall-clock seconds and the writing thread's CPU seconds (its own work in Python,
        SQLite and the kernel, whatever else the machine runs) per commit.
    """

    def write(number: int) -> None:
        with store.unit_of_work() as uow:
            user = uow.users.get(f"u{number % users:08d}")
            assert user is not None
            uow.users.save(attrs.evolve(user, last_login=NOW, last_activity=NOW))
            uow.sessions.save(
                Session(f"{prefix}-s{number}", user.id, f"{prefix}-h{number}", NOW, NOW)
            )
            uow.audit.append(
                AuditEvent(
                    f"{prefix}-a{number}",
                    NOW,
                    "user:x",
                    "user.login",
                    f"user:{user.id}",
                    user.company_id,
                )
            )
            uow.commit()

    commits = 3000 if users >= 10_000 else 100
    started, cpu = time.perf_counter(), time.thread_time()
    for number in range(commits):
        write(number)
    return (time.perf_counter() - started) / commits, (time.thread_time() - cpu) / commits


def measure(store: SqliteStore, users: int, tickets: int) -> list[tuple[str, float, str]]:
    """Return (what, seconds, goal) rows."""
    rows: list[tuple[str, float, str]] = []
    companies = max(1, users // 10)
    big_users = min(BIG_SHARE, users // 4)
    big_tickets = min(BIG_SHARE, tickets // 4)
    rng = random.Random(7)

    def user_page(after: str | None) -> Callable[[int], object]:
        def page(_: int) -> None:
            with store.unit_of_work(read_only=True) as uow:
                assert uow.users.page_in_company(BIG_COMPANY, after=after, limit=50)

        return page

    deep_user = f"u{big_users - 60:08d}" if big_users > 60 else None
    rows.append(
        (f"user page 1 (50, company of {big_users})", per_call(user_page(None), 300), "< 2 ms")
    )
    rows.append(
        (
            f"user page deep (after #{big_users - 60})",
            per_call(user_page(deep_user), 300),
            "< 2 ms",
        )
    )

    def ticket_page(after: ReferenceNumber | None) -> Callable[[int], object]:
        def page(_: int) -> None:
            with store.unit_of_work(read_only=True) as uow:
                assert uow.tickets.page(BIG_COMPANY, after=after, limit=50)

        return page

    deep_ticket = ReferenceNumber(2025, 60) if big_tickets > 60 else None
    rows.append(
        (
            f"ticket page 1 (50, company of {big_tickets})",
            per_call(ticket_page(None), 300),
            "< 2 ms",
        )
    )
    rows.append(
        (
            f"ticket page deep (after #{big_tickets - 60})",
            per_call(ticket_page(deep_ticket), 300),
            "< 2 ms",
        )
    )

    def by_email(_: int) -> None:
        number = rng.randrange(users)
        with store.unit_of_work(read_only=True) as uow:
            assert uow.users.by_email(
                EmailAddress(f"user{number:08d}", EmailDomain(f"firma{number % companies}.de"))
            )

    def by_customer_number(_: int) -> None:
        with store.unit_of_work(read_only=True) as uow:
            assert uow.companies.by_customer_number(f"{100001 + rng.randrange(companies)}")

    rows.append(("login look-up: user by e-mail", per_call(by_email, 2000), "< 2 ms"))
    rows.append(
        ("login look-up: company by customer number", per_call(by_customer_number, 2000), "< 2 ms")
    )

    wall, cpu = write_units(store, users, "bench")
    rows.append(("write unit of work (user, session, audit) per commit", wall, ">= 5,000/s"))
    rows.append(("  its CPU time (the writing thread's)", cpu, ""))

    account = services(store)
    logins = 1000 if users >= 10_000 else 50
    started = time.perf_counter()
    for number in range(logins):
        login_with_email(
            account, f"user{number % users:08d}@firma{number % users % companies}.de", PASSWORD
        )
    rows.append(
        ("login_with_email use case per commit", (time.perf_counter() - started) / logins, "")
    )
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000, help="users (and tickets)")
    parser.add_argument("--keep", type=Path, help="build the databases in this folder")
    options = parser.parse_args(argv)
    users = options.users
    global CALLS_SCALE
    CALLS_SCALE = 1.0 if users >= 10_000 else 0.02
    due = max(1, users // 100)
    with tempfile.TemporaryDirectory() as temporary:
        folder = options.keep or Path(temporary)
        big, small = folder / "big.db", folder / "small.db"
        for path in (big, small, *folder.glob("*.db-*")):
            path.unlink(missing_ok=True)
        print(
            f"Building {users:,} users in {max(1, users // 10):,} companies and "
            f"{users:,} tickets ({due:,} users due for the inactivity sweep) ..."
        )
        timings = build(big, users, users, due)
        total = sum(timings.values())
        print(
            f"  built in {total:.1f} s: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
            + f"; {users / timings['users']:,.0f} user rows/s, "
            f"{users / timings['tickets']:,.0f} ticket rows/s; "
            f"file {big.stat().st_size / 2**20:,.0f} MiB"
        )
        small_users = max(due, users // 10)
        build(small, small_users, 0, due)

        print()
        print(f"{'inactivity sweep selection':<48} {'users':>10} {'due':>8} {'seconds':>9}")
        with SqliteStore(big) as store:
            big_time, big_found, big_count, big_scan = selection(store)
            rows = measure(store, users, users)
        # The same unit of work with SQLite checkpointing inside the commits, for comparison.
        with SqliteStore(big, checkpoint_interval=None) as store:
            inline, _ = write_units(store, users, "inline")
        rows.insert(-1, ("  the same, checkpoints inside commits (None)", inline, ""))
        with SqliteStore(small) as store:
            small_time, small_found, small_count, _ = selection(store)
        table = [
            ("inactive_since: users loaded (index)", users, big_found, big_time),
            ("inactive_since, a tenth of the table", small_users, small_found, small_time),
            ("SQL only: count via the index", users, big_found, big_count),
            ("SQL only: count via the index, a tenth", small_users, small_found, small_count),
            ("SQL only: count by full scan (NOT INDEXED)", users, big_found, big_scan),
        ]
        for name, size, found, seconds in table:
            print(f"  {name:<46} {size:>10,} {found:>8,} {seconds:>9.3f}")
        print(
            f"  goal: < 1 s; ratio table x{users / small_users:.0f} -> time "
            f"x{big_time / small_time:.2f}"
        )
        print()
        print(f"{'operation':<52} {'median':>10} {'per second':>11}  goal")
        for name, seconds, goal in rows:
            print(f"{name:<52} {seconds * 1000:>7.3f} ms {1 / seconds:>11,.0f}  {goal}")


if __name__ == "__main__":
    main()
