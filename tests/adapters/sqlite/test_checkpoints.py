"""Background checkpoints: commits reach the database file without a commit copying them."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from portalkit.accounts.model import Company
from portalkit.adapters.sqlite import SqliteStore
from portalkit.adapters.sqlite._checkpoints import BACKSTOP_PAGES


def in_database_file(path: Path) -> list[str]:
    """Return the company ids in the database file itself, ignoring the WAL."""
    reader = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        if reader.execute("SELECT 1 FROM sqlite_schema WHERE name = 'companies'").fetchone():
            return [row[0] for row in reader.execute("SELECT id FROM companies ORDER BY id")]
        return []  # not even the schema has been copied from the WAL yet
    finally:
        reader.close()


def commit_company(store: SqliteStore) -> None:
    with store.unit_of_work() as uow:
        uow.companies.save(Company("c1", "100234", "Muster GmbH"))
        uow.commit()


def checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("portalkit-checkpoint")]


def test_the_background_thread_copies_commits_into_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "bg.db"
    with SqliteStore(path, checkpoint_interval=0.01) as store:
        commit_company(store)
        deadline = time.monotonic() + 10
        while not in_database_file(path) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert in_database_file(path) == ["c1"]


def test_without_the_thread_a_small_commit_stays_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "inline.db"
    with SqliteStore(path, checkpoint_interval=None) as store:
        commit_company(store)
        time.sleep(0.05)
        assert in_database_file(path) == []


def test_request_connections_keep_a_higher_automatic_checkpoint_as_a_backstop(
    tmp_path: Path,
) -> None:
    with SqliteStore(tmp_path / "b.db") as store, store.unit_of_work() as uow:
        pages = uow.read("PRAGMA wal_autocheckpoint").fetchone()[0]
    plain = SqliteStore(tmp_path / "n.db", checkpoint_interval=None)
    with plain, plain.unit_of_work() as uow:
        default = uow.read("PRAGMA wal_autocheckpoint").fetchone()[0]
    assert (pages, default) == (BACKSTOP_PAGES, 1000)


def test_closing_the_store_ends_its_thread(tmp_path: Path) -> None:
    before = set(checkpoint_threads())
    store = SqliteStore(tmp_path / "c.db")
    started = set(checkpoint_threads()) - before
    store.close()
    assert len(started) == 1
    assert not any(thread.is_alive() for thread in started)
