"""The account ports on SQLite: one repository class per port, all on the unit of work's
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from portalkit.accounts.model import (
    AccessRequest,
    AuditEvent,
    Company,
    OperatorAccount,
    OutboxMessage,
    ProfileChangeRequest,
    Session,
    Token,
    TokenPurpose,
    User,
)
from portalkit.accounts.ports import SessionOwner
from portalkit.adapters.sqlite._converter import format_address, format_instant
from portalkit.adapters.sqlite._tables import Database, Table
from portalkit.policy.emails import EmailAddress

COMPANIES = Table("companies", Company, ["email_domains"], shared=True)
USERS = Table("users", User, ["password_history", "grants", "authorised_for"], shared=True)
TOKENS = Table("tokens", Token)
SESSIONS = Table("sessions", Session, shared=True)
AUDIT_EVENTS = Table("audit_events", AuditEvent, ["before", "after"])
OUTBOX = Table("outbox", OutboxMessage, ["params"])
ACCESS_REQUESTS = Table("access_requests", AccessRequest)
PROFILE_REQUESTS = Table("profile_requests", ProfileChangeRequest)
OPERATORS = Table("operators", OperatorAccount, shared=True)
OPERATOR_SESSIONS = Table("operator_sessions", Session, shared=True)


class SqliteCompanyRepository:
    """Companies in the ``companies`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, company_id: str) -> Company | None:
        """Return the company with *company_id*, or ``None``."""
        return COMPANIES.get(self._db, company_id)

    def by_customer_number(self, customer_number: str) -> Company | None:
        """Return the company with *customer_number*, or ``None``."""
        return COMPANIES.one(self._db, "customer_number = ?", [customer_number])

    def save(self, company: Company) -> None:
        """Insert or replace *company*."""
        COMPANIES.save(self._db, company)

    def all(self) -> Sequence[Company]:
        """Return every company, in the order they were first saved."""
        return COMPANIES.many(self._db, "ORDER BY rowid")


class SqliteUserRepository:
    """Users in the ``users`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, user_id: str) -> User | None:
        """Return the user with *user_id*, or ``None``."""
        return USERS.get(self._db, user_id)

    def by_email(self, email: EmailAddress) -> User | None:
        """Return the user (not deleted) whose address is *email*, or ``None``."""
        # The condition repeats the partial unique index's, so the index answers it.
        return USERS.one(self._db, "email = ? AND status <> 'deleted'", [format_address(email)])

    def in_company(self, company_id: str) -> Sequence[User]:
        """Return every user of the company, deleted ones included."""
        return USERS.many(self._db, "WHERE company_id = ? ORDER BY rowid", [company_id])

    def save(self, user: User) -> None:
        """Insert or replace *user*."""
        USERS.save(self._db, user)

    def all(self) -> Iterator[User]:
        """Iterate over every user, in the order they were first saved."""
        return USERS.iterate(self._db, "ORDER BY rowid")

    def page_in_company(
        self, company_id: str, *, after: str | None = None, limit: int = 50
    ) -> Sequence[User]:
        """Return one page of the company's users that are not deleted, ordered by address.

        Keyset pagination on the index ``(company_id, email, id)``: the page starts right
        after the key of the user *after*, however deep that lies.
        """
        if after is None:
            return USERS.many(
                self._db,
                "WHERE company_id = ? AND status <> 'deleted' ORDER BY email, id LIMIT ?",
                [company_id, limit],
            )
        return USERS.many(
            self._db,
            "WHERE company_id = ? AND status <> 'deleted' "
            "AND (email, id) > (SELECT email, id FROM users WHERE id = ?) "
            "ORDER BY email, id LIMIT ?",
            [company_id, after, limit],
        )

    def get_many(self, user_ids: Collection[str]) -> Sequence[User]:
        """Return the users of *user_ids* that exist, in one query.

        For showing only: outside a transaction the query runs alone (one statement, one
        consistent state), inside one it is part of it.
        """
        wanted = sorted(set(user_ids))
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        rows = self._db.read_alone(f"{USERS.select} WHERE id IN ({marks})", wanted)
        dialect = self._db.dialect
        return [USERS.value(row, dialect) for row in rows]

    def inactive_since(self, cutoff: dt.datetime) -> Iterator[User]:
        """Iterate over the users, not deleted, whose last sign of life lies before *cutoff*.

        The expression and the condition are those of the partial index
        ``users_inactivity``: the query reads only the index entries before *cutoff*.
        """
        return USERS.iterate(
            self._db,
            "WHERE status <> 'deleted' AND coalesce(last_activity, created_at) < ? "
            "ORDER BY coalesce(last_activity, created_at), id",
            [format_instant(cutoff)],
        )


class SqliteTokenRepository:
    """Token records in the ``tokens`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def by_hash(self, secret_hash: str) -> Token | None:
        """Return the token whose secret hashes to *secret_hash*, or ``None``."""
        return TOKENS.one(self._db, "secret_hash = ?", [secret_hash])

    def for_user(self, user_id: str, purpose: TokenPurpose | None = None) -> Sequence[Token]:
        """Return the user's tokens, optionally only those of *purpose*."""
        if purpose is None:
            return TOKENS.many(self._db, "WHERE user_id = ? ORDER BY rowid", [user_id])
        return TOKENS.many(
            self._db, "WHERE user_id = ? AND purpose = ? ORDER BY rowid", [user_id, purpose.value]
        )

    def save(self, token: Token) -> None:
        """Insert or replace *token*."""
        TOKENS.save(self._db, token)


class SqliteSessionRepository:
    """Sessions in the ``sessions`` table (or, for operators, ``operator_sessions``)."""

    def __init__(self, db: Database, table: Table[Session] = SESSIONS) -> None:
        self._db = db
        self._table = table

    def get(self, session_id: str) -> Session | None:
        """Return the session with *session_id*, or ``None``."""
        return self._table.get(self._db, session_id)

    def by_hash(self, secret_hash: str) -> Session | None:
        """Return the session whose secret hashes to *secret_hash*, or ``None``."""
        return self._table.one(self._db, "secret_hash = ?", [secret_hash])

    def for_user(self, user_id: str) -> Sequence[Session]:
        """Return every session of the user, ended ones included."""
        return self._table.many(self._db, "WHERE user_id = ? ORDER BY rowid", [user_id])

    def save(self, session: Session) -> None:
        """Insert or replace *session*."""
        self._table.save(self._db, session)


def _owner_query() -> str:
    def columns(table: Table[Any], alias: str) -> str:
        return ", ".join(f"{alias}.{column}" for column in table.columns)

    return (
        f"SELECT {columns(SESSIONS, 's')}, {columns(USERS, 'u')}, {columns(COMPANIES, 'c')} "
        "FROM sessions s LEFT JOIN users u ON u.id = s.user_id "
        "LEFT JOIN companies c ON c.id = u.company_id WHERE s.secret_hash = ? LIMIT 1"
    )


_OWNER = _owner_query()
_USER_AT = len(SESSIONS.columns)
_COMPANY_AT = _USER_AT + len(USERS.columns)


class SqliteUserSessionRepository(SqliteSessionRepository):
    """Users' sessions in the ``sessions`` table, each readable with its owner in one query."""

    def __init__(self, db: Database) -> None:
        super().__init__(db, SESSIONS)

    def with_owner(self, secret_hash: str) -> SessionOwner | None:
        """Return the session of *secret_hash* with its user and the user's company.

        One query joining the three tables, outside a transaction unless one is open (one
        statement reads one consistent state), its rows decoded like those of the tables.
        """
        db = self._db
        rows = db.read_alone(_OWNER, [secret_hash])
        if not rows:
            return None
        row = tuple(rows[0])
        dialect = db.dialect
        session = SESSIONS.value(row[:_USER_AT], dialect)
        stored_user = row[_USER_AT:_COMPANY_AT]
        if stored_user[USERS.key_index] is None:
            return SessionOwner(session, None, None)
        stored_company = row[_COMPANY_AT:]
        return SessionOwner(
            session,
            USERS.value(stored_user, dialect),
            None
            if stored_company[COMPANIES.key_index] is None
            else COMPANIES.value(stored_company, dialect),
        )


class SqliteOperatorRepository:
    """Operators' accounts in the ``operators`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, operator_id: str) -> OperatorAccount | None:
        """Return the operator account with *operator_id*, or ``None``."""
        return OPERATORS.get(self._db, operator_id)

    def by_email(self, email: EmailAddress) -> OperatorAccount | None:
        """Return the operator account whose address is *email*, or ``None``."""
        return OPERATORS.one(self._db, "email = ?", [format_address(email)])

    def save(self, operator: OperatorAccount) -> None:
        """Insert or replace *operator*."""
        OPERATORS.save(self._db, operator)

    def all(self) -> Sequence[OperatorAccount]:
        """Return every operator account, in the order they were first saved."""
        return OPERATORS.many(self._db, "ORDER BY rowid")


class SqliteAuditLog:
    """The append-only ``audit_events`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def append(self, event: AuditEvent) -> None:
        """Record *event*."""
        AUDIT_EVENTS.append(self._db, event)

    def about(self, target: str) -> Sequence[AuditEvent]:
        """Return the events whose target is *target*, oldest first."""
        return AUDIT_EVENTS.many(self._db, "WHERE target = ? ORDER BY seq", [target])

    def all(self) -> Sequence[AuditEvent]:
        """Return every event, oldest first."""
        return AUDIT_EVENTS.many(self._db, "ORDER BY seq")


class SqliteOutbox:
    """Queued mails in the ``outbox`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def put(self, message: OutboxMessage) -> None:
        """Queue *message* (again under the same id: replaced, keeping its place)."""
        OUTBOX.save(self._db, message)

    def pending(self) -> Sequence[OutboxMessage]:
        """Return the queued messages, oldest first."""
        return OUTBOX.many(self._db, "ORDER BY seq")

    def mark_sent(self, message_id: str) -> None:
        """Remove the message from the queue."""
        self._db.write("DELETE FROM outbox WHERE id = ?", [message_id])


class SqliteAccessRequestRepository:
    """Access requests in the ``access_requests`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, request_id: str) -> AccessRequest | None:
        """Return the request with *request_id*, or ``None``."""
        return ACCESS_REQUESTS.get(self._db, request_id)

    def save(self, request: AccessRequest) -> None:
        """Insert or replace *request*."""
        ACCESS_REQUESTS.save(self._db, request)

    def all(self) -> Sequence[AccessRequest]:
        """Return every access request, in the order they were first saved."""
        return ACCESS_REQUESTS.many(self._db, "ORDER BY rowid")


class SqliteProfileChangeRequestRepository:
    """Profile change requests in the ``profile_requests`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, request: ProfileChangeRequest) -> None:
        """Insert or replace *request*."""
        PROFILE_REQUESTS.save(self._db, request)

    def for_user(self, user_id: str) -> Sequence[ProfileChangeRequest]:
        """Return the requests the user made, in the order they were made."""
        return PROFILE_REQUESTS.many(self._db, "WHERE user_id = ? ORDER BY rowid", [user_id])
