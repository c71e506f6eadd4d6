"""Checkpoints in a background thread, off the committing threads' path.

In WAL mode a commit appends to the ``-wal`` file; a checkpoint copies the WAL back into
the database and, with ``synchronous=NORMAL``, is the moment the data is synced to disk.
SQLite runs it by default inside the commit that makes the WAL pass 1,000 pages, so that
one commit pays for the copy and the flushes of all the others. Here a thread of the store
runs a ``PASSIVE`` checkpoint (it never waits for readers or writers) every *interval*
seconds instead, on its own connection; the request connections keep an automatic
checkpoint at a higher mark only as a backstop (a stalled thread, a forked child).
The durability is the same: a checkpoint still syncs the WAL before it copies it, and a
busy store is synced at least every *interval* instead of every 1,000 pages.
"""

from __future__ import annotations

import sqlite3
import threading

from portalkit.adapters.sqlite.connection import connect

BACKSTOP_PAGES = 10_000
"""The automatic checkpoint of request connections while the thread checkpoints (40 MiB)."""


class Checkpointer:
    """A daemon thread that checkpoints the database at *path* every *interval* seconds."""

    def __init__(self, path: str, interval: float, busy_timeout_ms: int) -> None:
        self._path = path
        self._interval = interval
        self._busy_timeout_ms = busy_timeout_ms
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"portalkit-checkpoint {path}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """End the thread (after its current checkpoint) and wait for it."""
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join()

    def _run(self) -> None:
        connection = connect(self._path, busy_timeout_ms=self._busy_timeout_ms)
        try:
            while not self._stop.wait(self._interval):
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    # E.g. a disk briefly full: the next round tries again, and the
                    # writers' automatic checkpoint remains the backstop.
                    continue
        finally:
            connection.close()
