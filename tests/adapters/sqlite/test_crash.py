"""Crashes: a process SIGKILLed mid-sweep or mid-migration leaves a database that opens and
finishes the work; no user is ever deleted without a recorded export.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

from portalkit.accounts import sweep_inactive_users
from portalkit.adapters.sqlite import Migration, SqliteStore, load_migrations
from tests.adapters.sqlite.scenario import START, services_for, silent_users

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

DUE = START + relativedelta(years=2) + dt.timedelta(days=1)
USERS = 400


def sweep(path: str) -> None:
    """Run the inactivity sweep at :data:`DUE` (in a child that will be killed)."""
    with SqliteStore(path) as store:
        sweep_inactive_users(services_for(store, DUE))


def migrate_slowly(path: str) -> None:
    """Open the store with an extra migration that takes seconds (killed half-way)."""
    slow = Migration(
        len(load_migrations()) + 1,
        "slow",
        "CREATE TABLE filler (n INTEGER NOT NULL) STRICT;\n"
        "INSERT INTO filler WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c "
        "WHERE n < 100000000) SELECT n FROM c;\n",
    )
    SqliteStore(path, migrations=[*load_migrations(), slow]).close()


def count(path: str, sql: str) -> int:
    connection = sqlite3.connect(path, timeout=10)
    try:
        return int(connection.execute(sql).fetchone()[0])
    finally:
        connection.close()


def kill_when(process: multiprocessing.process.BaseProcess, ready: object) -> None:
    """SIGKILL *process* as soon as *ready()* is true (or fail after 60 s)."""
    deadline = time.monotonic() + 60
    while not ready():  # type: ignore[operator]
        assert process.is_alive(), "the child finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    assert process.pid is not None
    os.kill(process.pid, signal.SIGKILL)
    process.join(timeout=30)
    assert process.exitcode == -signal.SIGKILL


DELETED = "SELECT count(*) FROM users WHERE status = 'deleted'"


def test_a_sweep_killed_half_way_finishes_later_and_never_deleted_without_export(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "sweep.db")
    with SqliteStore(path) as store:
        silent_users(store, USERS, notice_at=START + relativedelta(years=2, days=-30))
    child = multiprocessing.get_context("spawn").Process(target=sweep, args=(path,))
    child.start()
    kill_when(child, lambda: count(path, DELETED) >= 20)
    assert 20 <= count(path, DELETED) < USERS
    assert _integrity(path) == "ok"
    # Right after the crash: every deleted user has its export recorded.
    deleted_without_export = (
        "SELECT count(*) FROM users WHERE status = 'deleted' AND (exported_at IS NULL "
        "OR NOT EXISTS (SELECT 1 FROM audit_events WHERE action = 'user.exported' "
        "AND target = 'user:' || users.id))"
    )
    assert count(path, deleted_without_export) == 0

    with SqliteStore(path) as store:
        report = sweep_inactive_users(services_for(store, DUE))
        with store.unit_of_work(read_only=True) as uow:
            users = list(uow.users.all())
            exported = {
                event.target for event in uow.audit.all() if event.action == "user.exported"
            }
            deleted_events = [
                e.target for e in uow.audit.all() if e.action == "user.deleted_inactive"
            ]
            exports = [m for m in uow.outbox.pending() if m.template == "data_export"]
    assert report.deleted  # the restart finished the work the child left
    assert all(user.status == "deleted" for user in users)
    assert all(user.exported_at is not None for user in users)
    assert {f"user:{user.id}" for user in users} == exported
    # One export mail and one deletion per user: the killed transaction left no half.
    assert len(exports) == USERS == len(deleted_events) == len(set(deleted_events))


def test_a_migration_killed_half_way_leaves_the_previous_version(tmp_path: Path) -> None:
    path = str(tmp_path / "migrate.db")
    SqliteStore(path).close()
    newest = len(load_migrations())
    child = multiprocessing.get_context("spawn").Process(target=migrate_slowly, args=(path,))
    child.start()
    # The -wal file grows once the slow step writes; kill it then.
    wal = Path(path + "-wal")
    kill_when(child, lambda: wal.exists() and wal.stat().st_size > 4_000_000)

    with SqliteStore(path) as store:
        assert newest == store.schema_version
    assert _integrity(path) == "ok"
    assert count(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'filler'") == 0


def _integrity(path: str) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()
