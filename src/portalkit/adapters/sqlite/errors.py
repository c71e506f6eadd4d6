"""The errors of the SQLite store."""

from __future__ import annotations

from portalkit._errors import PortalkitError


class SchemaTooNewError(PortalkitError, RuntimeError):
    """The database was migrated by a newer portalkit; opening it could corrupt it.

    Attributes:
        path: the database file.
        found: its schema version (``PRAGMA user_version``).
        supported: the newest version this code knows.
    """

    code = "storage_schema_too_new"

    def __init__(self, path: str, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(path=path, found=found, supported=supported)


class MigrationsInvalidError(PortalkitError, RuntimeError):
    """The migration files are not numbered 1, 2, 3, ... without gaps or repeats."""

    code = "storage_migrations_invalid"

    def __init__(self, expected: int, found: int) -> None:
        self.expected = expected
        self.found = found
        super().__init__(expected=expected, found=found)


class OrphanedRowsError(PortalkitError, RuntimeError):
    """A migration would leave rows that refer to a missing row; it was rolled back.

    The database stays at the version before the migration, unchanged. The rows have to be
    resolved by a person (create the missing company or user, or remove the rows): the store
    neither invents a company nor deletes records that may be under retention.

    Attributes:
        path: the database file.
        version: the migration that was rolled back.
        orphans: the number of such rows per table and referenced table, e.g.
            ``{"tickets -> companies": 3}``.
    """

    code = "storage_orphaned_rows"

    def __init__(self, path: str, version: int, orphans: dict[str, int]) -> None:
        self.path = path
        self.version = version
        self.orphans = orphans
        listing = ", ".join(f"{name}: {count}" for name, count in sorted(orphans.items()))
        super().__init__(path=path, version=version, listing=listing)


class ReadOnlyUnitOfWorkError(PortalkitError, RuntimeError):
    """A write in a unit of work that may only read.

    A unit of work opened while the same thread has another one open reads only: a second
    writer there would wait for the first, which waits for it.

    Attributes:
        reason: ``"read_only"`` (asked for) or ``"nested"``.
    """

    code = "storage_unit_of_work_read_only"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason=reason)


class UnitOfWorkNotStartedError(PortalkitError, RuntimeError):
    """A repository was used outside the ``with`` block of its unit of work."""

    code = "storage_unit_of_work_not_started"

    def __init__(self) -> None:
        super().__init__()
