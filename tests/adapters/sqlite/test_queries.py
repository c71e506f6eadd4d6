"""The hot queries use their indexes: EXPLAIN QUERY PLAN shows searches, never a full scan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from portalkit.adapters.sqlite import SqliteStore, SqliteUnitOfWork
from portalkit.adapters.sqlite._converter import format_instant

CUTOFF = format_instant(dt.datetime(2023, 1, 1, tzinfo=dt.UTC))


@pytest.fixture
def uow(tmp_path: Path) -> Iterator[SqliteUnitOfWork]:
    with SqliteStore(tmp_path / "plan.db") as store, store.unit_of_work(read_only=True) as uow:
        yield uow


def plan(uow: SqliteUnitOfWork, sql: str, params: list[object]) -> list[str]:
    return [row["detail"] for row in uow.read(f"EXPLAIN QUERY PLAN {sql}", params)]


def test_the_inactivity_selection_reads_only_the_partial_index(uow: SqliteUnitOfWork) -> None:
    sql = (
        "SELECT id FROM users WHERE status <> 'deleted' "
        "AND coalesce(last_activity, created_at) < ? "
        "ORDER BY coalesce(last_activity, created_at), id"
    )
    details = plan(uow, sql, [CUTOFF])
    assert details == ["SEARCH users USING INDEX users_inactivity (<expr><?)"]


def test_the_repository_runs_exactly_the_planned_inactivity_query(
    uow: SqliteUnitOfWork,
) -> None:
    statements: list[str] = []
    connection = uow._connection()
    connection.set_trace_callback(statements.append)
    try:
        list(uow.users.inactive_since(dt.datetime(2023, 1, 1, tzinfo=dt.UTC)))
    finally:
        connection.set_trace_callback(None)
    [statement] = statements
    details = plan(uow, statement.replace(f"'{CUTOFF}'", "?"), [CUTOFF])
    assert all("users_inactivity" in detail for detail in details)
    assert not any(detail.startswith("SCAN") for detail in details)


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        ("SELECT id FROM users WHERE email = ? AND status <> 'deleted'", "users_email"),
        (
            "SELECT id FROM companies WHERE customer_number = ?",
            "INDEX sqlite_autoindex_companies_2 (customer_number=?)",
        ),
        (
            "SELECT id FROM users WHERE company_id = ? AND status <> 'deleted' "
            "AND (email, id) > (SELECT email, id FROM users WHERE id = ?) "
            "ORDER BY email, id LIMIT 50",
            "users_company",
        ),
        ("SELECT id FROM tokens WHERE secret_hash = ?", "(secret_hash=?)"),
        ("SELECT id FROM sessions WHERE secret_hash = ?", "(secret_hash=?)"),
        ("SELECT id FROM audit_events WHERE target = ? ORDER BY seq", "audit_events_target"),
    ],
)
def test_look_ups_search_an_index(uow: SqliteUnitOfWork, sql: str, index: str) -> None:
    details = plan(uow, sql, ["x"] * sql.count("?"))
    assert any(detail.startswith("SEARCH") and index in detail for detail in details), details
    assert not any(detail.startswith("SCAN") for detail in details), details
    assert not any("TEMP B-TREE" in detail for detail in details), details
