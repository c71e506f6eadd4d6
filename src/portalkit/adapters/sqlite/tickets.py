"""The ticket ports on SQLite: tickets stored whole, keyset pages, a counter per year."""

from __future__ import annotations

from collections.abc import Sequence

from portalkit.adapters.sqlite._converter import reference_key
from portalkit.adapters.sqlite._tables import Database, Table
from portalkit.tickets.model import Ticket
from portalkit.tickets.ports import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from portalkit.tickets.references import ReferenceNumber

TICKETS = Table("tickets", Ticket, ["history", "messages", "feedback"], key="reference")


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        msg = f"limit must be between 1 and {MAX_PAGE_SIZE}, got {limit!r}"
        raise ValueError(msg)
    return limit


class SqliteTicketRepository:
    """Tickets in the ``tickets`` table, keyed by their reference number."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, reference: ReferenceNumber, *, company_id: str | None = None) -> Ticket | None:
        """Return the ticket with *reference* (of *company_id*, if given), or ``None``."""
        ticket = TICKETS.get(self._db, reference_key(reference))
        if ticket is None or company_id not in (None, ticket.company_id):
            return None
        return ticket

    def save(self, ticket: Ticket) -> None:
        """Insert or replace *ticket*."""
        TICKETS.save(self._db, ticket)

    def page(
        self,
        company_id: str | None,
        *,
        requester_id: str | None = None,
        assignee_id: str | None = None,
        archived: bool = False,
        after: ReferenceNumber | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
    ) -> Sequence[Ticket]:
        """Return up to *limit* matching tickets, newest first, after the reference *after*.

        Each filter combination has an index ending in the reference number, so a page reads
        *limit* index entries however deep it lies.

        Raises:
            ValueError: if *limit* is not between 1 and ``MAX_PAGE_SIZE``.
        """
        conditions = ["archived = ?"]
        params: list[object] = [int(archived)]
        for column, value in (
            ("company_id", company_id),
            ("requester_id", requester_id),
            ("assignee_id", assignee_id),
        ):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)
        if after is not None:
            conditions.append("reference < ?")
            params.append(reference_key(after))
        params.append(_check_limit(limit))
        return TICKETS.many(
            self._db,
            f"WHERE {' AND '.join(conditions)} ORDER BY reference DESC LIMIT ?",
            params,
        )

    def unassigned(self, *, limit: int = DEFAULT_PAGE_SIZE) -> Sequence[Ticket]:
        """Return up to *limit* tickets of the queue, most urgent and oldest first.

        Raises:
            ValueError: if *limit* is not between 1 and ``MAX_PAGE_SIZE``.
        """
        return TICKETS.many(
            self._db,
            "WHERE state = 'new' AND assignee_id IS NULL "
            "ORDER BY priority_rank, created_at, reference LIMIT ?",
            [_check_limit(limit)],
        )


class SqliteReferenceCounter:
    """The running numbers per year in ``ticket_counters``, inside the unit of work.

    The increment is one atomic upsert in the unit of work's write transaction: a rolled-back
    ticket gives its number back, a committed one keeps it for good.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def next_value(self, year: int) -> int:
        """Return the next unused running number for *year* (1 for the first)."""
        self._db.write(
            "INSERT INTO ticket_counters (year, value) VALUES (?, 1) "
            # Qualified: in PostgreSQL a bare "value" could be the row or excluded's.
            "ON CONFLICT (year) DO UPDATE SET value = ticket_counters.value + 1",
            [year],
        )
        row = self._db.read("SELECT value FROM ticket_counters WHERE year = ?", [year]).fetchone()
        return int(row[0])
