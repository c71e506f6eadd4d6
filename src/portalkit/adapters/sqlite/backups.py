"""Online backups: a consistent copy of the database while the portal keeps running."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from portalkit.adapters.sqlite.connection import connect


def backup(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Copy the database *source* to the new file *target*, online and consistent.

    Uses SQLite's backup API (:meth:`sqlite3.Connection.backup`) in one step, so the copy is
    one committed state of the database, even while other processes write; writers wait for
    the copy only as long as it takes to read the file. The copy is a complete database
    (no ``-wal`` file needed) in rollback-journal mode, ready to be archived.

    Args:
        source: the live database file.
        target: where to write the copy; must not exist yet.

    Returns:
        The path of the copy.

    Raises:
        FileExistsError: if *target* exists (a backup never overwrites anything).
    """
    destination = Path(target)
    if destination.exists():
        raise FileExistsError(str(destination))
    live = connect(os.fspath(source))
    try:
        copy = sqlite3.connect(destination, isolation_level=None)
        try:
            live.backup(copy)
            # The copy inherits WAL mode; a single self-contained file archives better.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    finally:
        live.close()
    return destination
