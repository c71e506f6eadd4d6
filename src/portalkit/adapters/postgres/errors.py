"""The errors of the PostgreSQL store (besides those it shares with the SQLite store)."""

from __future__ import annotations

from portalkit._errors import ConflictError, InvalidValueError


class StorageConflictError(ConflictError):
    """A transaction lost against a concurrent one and was rolled back; nothing was written.

    PostgreSQL aborts one of two transactions whose interleaving would break serializability
    (SQLSTATE ``40001``) or that wait for each other's locks (``40P01``). Running the whole
    use case again is safe and, usually, succeeds: see
    :func:`~portalkit.adapters.postgres.retry_conflicts`.

    Attributes:
        sqlstate: PostgreSQL's error code.
    """

    code = "storage_conflict"

    def __init__(self, sqlstate: str) -> None:
        self.sqlstate = sqlstate
        super().__init__(sqlstate=sqlstate)


class UnstorableTextError(InvalidValueError):
    """A text holds the character NUL, which PostgreSQL's text type cannot store.

    SQLite stores it; PostgreSQL refuses the whole statement. The unit of work rolls back and
    raises this instead of a driver error, so a portal answers with a message, not a 500.
    """

    code = "storage_text_nul"

    def __init__(self) -> None:
        super().__init__()
