"""Fixtures shared by the SQLite store's tests."""

from __future__ import annotations

import sqlite3

import pytest

from portalkit.adapters.sqlite import store


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collect every statement the store's connections run (from the next store on)."""
    seen: list[str] = []
    connect = store.connect

    def traced(path: str, **options: int) -> sqlite3.Connection:
        connection = connect(path, **options)
        connection.set_trace_callback(seen.append)
        return connection

    monkeypatch.setattr(store, "connect", traced)
    return seen
