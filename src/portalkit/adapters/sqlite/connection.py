"""Opening connections: the pragmas every connection of the store gets.

* ``journal_mode=WAL``: readers never wait for the writer and the writer never waits for
  readers; one writer at a time.
* ``synchronous=NORMAL``: in WAL mode a commit is not fsynced, only checkpoints are. A power
  loss (not a process crash) may lose the last commits, but never corrupts the database;
  in exchange a commit costs microseconds instead of a disk flush.
* ``foreign_keys=ON``: SQLite checks references only when asked, per connection.
* ``busy_timeout``: a writer that finds the database locked waits (up to the timeout) instead
  of failing at once with "database is locked".

Connections are opened with ``isolation_level=None``: the store issues ``BEGIN IMMEDIATE``,
``COMMIT`` and ``ROLLBACK`` itself instead of letting the sqlite3 module guess. No type
detection either: the store converts every value itself (see ``_converter``).
"""

from __future__ import annotations

import sqlite3

DEFAULT_BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for the lock before giving up (10 s)."""


def connect(path: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """Open *path* with the store's pragmas.

    Args:
        path: the database file (created if missing).
        busy_timeout_ms: how long to wait for another writer, in milliseconds.

    Returns:
        A connection in autocommit mode whose rows are :class:`sqlite3.Row`.
    """
    connection = sqlite3.connect(
        path,
        isolation_level=None,
        detect_types=0,
        check_same_thread=False,
        timeout=busy_timeout_ms / 1000,
    )
    try:
        connection.row_factory = sqlite3.Row
        connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms):d}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        connection.close()
        raise
    return connection
