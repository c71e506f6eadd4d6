"""Company versions in SQLite come from triggers: every writer counts, plain SQL included."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from portalkit.adapters.sqlite import SqliteStore
from portalkit.tickets.ports import company_version
from tests.contract.conftest import save_parents


def _version(store: SqliteStore, company_id: str) -> int | None:
    with store.unit_of_work(read_only=True) as uow:
        return company_version(uow.tickets, company_id)


def test_a_change_made_with_plain_sql_counts_like_one_through_the_store(tmp_path: Path) -> None:
    path = tmp_path / "versions.db"
    with SqliteStore(path) as store:
        with store.unit_of_work() as uow:
            save_parents(uow)
            uow.commit()
        before = {company: _version(store, company) for company in ("c1", "c2")}
        with sqlite3.connect(path) as other:
            other.execute("UPDATE users SET phone = '+49 30 1' WHERE id = 'u1'")
        assert _version(store, "c1") == (before["c1"] or 0) + 1
        assert _version(store, "c2") == before["c2"]
        with sqlite3.connect(path) as other:
            other.execute("UPDATE companies SET name = 'Neu' WHERE id = 'c2'")
        assert _version(store, "c2") == (before["c2"] or 0) + 1


def test_a_company_never_changed_since_the_migration_is_at_zero(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "versions.db") as store:
        assert _version(store, "no-such-company") == 0
