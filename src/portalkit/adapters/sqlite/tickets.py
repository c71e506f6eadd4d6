"""The ticket ports on SQLite: tickets stored whole, keyset pages, a counter per year."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from portalkit.adapters.sqlite._converter import (
    RowCodec,
    parse_instant,
    reference_key,
    row_codec,
)
from portalkit.adapters.sqlite._tables import Database, Table
from portalkit.tickets.lifecycle import ActorKind
from portalkit.tickets.model import Ticket, TicketSummary
from portalkit.tickets.ports import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ReferenceTakenError
from portalkit.tickets.references import ReferenceNumber

TICKETS = Table("tickets", Ticket, ["history", "messages", "feedback"], key="reference")

# Summaries from the tickets' plain columns and their last change, per dialect.
_SUMMARY_CODECS: dict[str, RowCodec[TicketSummary]] = {}

SUMMARIES_KEPT = 512
"""At most this many summaries are kept by their stored rows (per dialect and viewer kind)."""

SUMMARY_ROW_KEPT = 8_192
"""Only rows of at most this many characters of text are kept (history and conversation
included): the row is the key, so this bounds what the kept summaries hold to a few MiB."""

# (dialect, customer?) -> stored row -> its summary. A summary is a function of the stored
# row and the viewer's kind alone, and immutable: an unchanged ticket of a list that is asked
# for again needs no second reading of its history and conversation.
_KEPT_SUMMARIES: dict[tuple[str, bool], dict[tuple[object, ...], TicketSummary]] = {}
_KEYS = (str, int, float, dt.datetime, dt.date, type(None))


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        msg = f"limit must be between 1 and {MAX_PAGE_SIZE}, got {limit!r}"
        raise ValueError(msg)
    return limit


def _page_query(
    company_id: str | None,
    requester_id: str | None,
    assignee_id: str | None,
    archived: bool,
    after: ReferenceNumber | None,
) -> str:
    conditions = ["archived = ?"]
    for column, value in (
        ("company_id", company_id),
        ("requester_id", requester_id),
        ("assignee_id", assignee_id),
    ):
        if value is not None:
            conditions.append(f"{column} = ?")
    if after is not None:
        conditions.append("reference < ?")
    return f"WHERE {' AND '.join(conditions)} ORDER BY reference DESC LIMIT ?"


def _page_params(
    company_id: str | None,
    requester_id: str | None,
    assignee_id: str | None,
    archived: bool,
    after: ReferenceNumber | None,
    limit: int,
) -> list[object]:
    params: list[object] = [int(archived)]
    params.extend(value for value in (company_id, requester_id, assignee_id) if value is not None)
    if after is not None:
        params.append(reference_key(after))
    params.append(_check_limit(limit))
    return params


def _json(value: Any) -> Any:
    # SQLite hands JSON columns over as text, psycopg already decoded.
    if isinstance(value, str):
        return [] if value == "[]" else json.loads(value)
    return value


def _latest(data: dict[str, Any], *, customer: bool) -> str | None:
    """Return the latest instant of the row's history, messages and feedback, as stored.

    Stored instants are fixed-width UTC text (see ``format_instant``), so the greatest text
    is the latest instant. Customers' latest message is the latest that is not internal.
    """
    instants: list[str] = []
    history = _json(data["history"])
    if history:
        instants.append(history[-1]["at"])
    messages = _json(data["messages"])
    if customer:
        messages = [message for message in messages if not message.get("internal")]
    if messages:
        instants.append(messages[-1]["at"])
    feedback = _json(data["feedback"])
    if feedback:
        instants.append(feedback["at"])
    return max(instants, default=None)


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

    def add(self, ticket: Ticket) -> None:
        """Insert the new *ticket* without reading first (see ``NewTicketRepository``).

        Raises:
            ReferenceTakenError: if a stored ticket has its reference number.
        """
        if not TICKETS.insert_new(self._db, ticket):
            raise ReferenceTakenError(ticket.reference)

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
        return TICKETS.many(
            self._db,
            _page_query(company_id, requester_id, assignee_id, archived, after),
            _page_params(company_id, requester_id, assignee_id, archived, after, limit),
        )

    def summaries(
        self,
        company_id: str | None,
        *,
        viewer: ActorKind,
        requester_id: str | None = None,
        assignee_id: str | None = None,
        archived: bool = False,
        after: ReferenceNumber | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
    ) -> Sequence[TicketSummary]:
        """Return the tickets of :meth:`page`, summarized as *viewer* sees them.

        The conversation and history are read only for their latest instants, as JSON: no
        message or event becomes an object. Outside a transaction the query runs alone
        (``Database.read_alone``): summaries are for showing, and one statement is consistent.

        Raises:
            ValueError: if *limit* is not between 1 and ``MAX_PAGE_SIZE``.
        """
        dialect = self._db.dialect
        codec = _SUMMARY_CODECS.get(dialect.name)
        if codec is None:
            codec = _SUMMARY_CODECS[dialect.name] = row_codec(
                TicketSummary, (), dialect.column_hooks
            )
        columns = TICKETS.columns
        customer = viewer is ActorKind.CUSTOMER
        found = []
        rest = _page_query(company_id, requester_id, assignee_id, archived, after)
        # Only shown, never written back: one statement, read alone if no transaction is open
        # (a list whose viewer the caller has loaded already then takes no lock at all).
        rows = self._db.read_alone(
            f"{TICKETS.select} {rest}",
            _page_params(company_id, requester_id, assignee_id, archived, after, limit),
        )
        kept = _KEPT_SUMMARIES.get((dialect.name, customer))
        if kept is None:
            kept = _KEPT_SUMMARIES[dialect.name, customer] = {}
        for row in rows:
            stored = tuple(row)
            # Text and numbers only (JSON as text): a row a driver hands over decoded is
            # neither hashable nor kept.
            keep = all(isinstance(value, _KEYS) for value in stored)
            summary = kept.get(stored) if keep else None
            if summary is None:
                summary = self._summary(dict(zip(columns, stored, strict=True)), codec, customer)
                text = sum(len(value) for value in stored if isinstance(value, str))
                if keep and text <= SUMMARY_ROW_KEPT:
                    if len(kept) >= SUMMARIES_KEPT:
                        kept.clear()
                    kept[stored] = summary
            found.append(summary)
        return found

    def company_version(self, company_id: str) -> int | None:
        """Return the version of the company's data (``company_versions``, kept by triggers
        on companies, users and tickets; ``0`` before the first change); ``None`` on
        PostgreSQL, which counts none (see its migration 0006).
        """
        if self._db.dialect.name != "sqlite":
            return None
        # One statement, one snapshot: alone, it needs no transaction and takes no lock.
        rows = self._db.read_alone(
            "SELECT version FROM company_versions WHERE company_id = ?", [company_id]
        )
        return int(rows[0][0]) if rows else 0

    @staticmethod
    def _summary(
        data: dict[str, Any], codec: RowCodec[TicketSummary], customer: bool
    ) -> TicketSummary:
        latest = _latest(data, customer=customer)
        created = data["created_at"]
        if latest is None:
            data["last_change_at"] = created
        elif isinstance(created, str):  # SQLite: the same fixed-width text as in JSON
            data["last_change_at"] = max(created, latest)
        else:  # PostgreSQL: an aware instant
            data["last_change_at"] = max(created, parse_instant(latest))
        return codec.from_row(data)

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
