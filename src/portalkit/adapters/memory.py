"""In-memory implementations of every account port, for tests and small tools.

They are public API: use them in your own tests instead of mocks. They keep everything in
Python dicts and lists, behave like the SQLite adapter (the same contract tests run against
both), and make a unit of work atomic by working on a copy that a commit swaps in.

>>> import datetime as dt
>>> from portalkit.accounts.model import Company
>>> store = MemoryStore()
>>> with store.unit_of_work() as uow:
...     uow.companies.save(Company(id="c1", customer_number="100234", name="Muster GmbH"))
...     uow.commit()
>>> store.unit_of_work().companies.get("c1").name
'Muster GmbH'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Self

import attrs

from portalkit.accounts.model import (
    AccessRequest,
    AuditEvent,
    Company,
    OutboxMessage,
    ProfileChangeRequest,
    Session,
    Token,
    TokenPurpose,
    User,
    UserStatus,
)
from portalkit.policy.emails import EmailAddress
from portalkit.policy.hashing import Verification
from portalkit.policy.normalization import normalize_password

__all__ = [
    "MemoryAccessRequestRepository",
    "MemoryAuditLog",
    "MemoryCompanyRepository",
    "MemoryOutbox",
    "MemoryProfileChangeRequestRepository",
    "MemorySessionRepository",
    "MemoryStore",
    "MemoryTokenRepository",
    "MemoryUnitOfWork",
    "MemoryUserRepository",
    "PlainTextHasherForTests",
]


@attrs.define
class MemoryStore:
    """Everything the account ports store, held in memory.

    Create one per test (or per application run) and hand :meth:`unit_of_work` to
    :class:`portalkit.accounts.AccountServices` as its ``unit_of_work`` factory.
    """

    companies: dict[str, Company] = attrs.Factory(dict)
    users: dict[str, User] = attrs.Factory(dict)
    tokens: dict[str, Token] = attrs.Factory(dict)
    sessions: dict[str, Session] = attrs.Factory(dict)
    audit: list[AuditEvent] = attrs.Factory(list)
    outbox: dict[str, OutboxMessage] = attrs.Factory(dict)
    access_requests: dict[str, AccessRequest] = attrs.Factory(dict)
    profile_requests: dict[str, ProfileChangeRequest] = attrs.Factory(dict)

    def copy_into(self, other: MemoryStore) -> None:
        """Replace *other*'s contents with copies of this store's, keeping *other*'s containers.

        The values are frozen, so copying the containers is enough to isolate the two.
        """
        for field in attrs.fields(MemoryStore):
            mine = getattr(self, field.name)
            theirs = getattr(other, field.name)
            theirs.clear()
            if isinstance(theirs, dict):
                theirs.update(mine)
            else:
                theirs.extend(mine)

    def unit_of_work(self) -> MemoryUnitOfWork:
        """Return a new unit of work on this store."""
        return MemoryUnitOfWork(self)


class MemoryCompanyRepository:
    """Companies in a dict."""

    def __init__(self, items: dict[str, Company]) -> None:
        self._items = items

    def get(self, company_id: str) -> Company | None:
        """Return the company with *company_id*, or ``None``."""
        return self._items.get(company_id)

    def by_customer_number(self, customer_number: str) -> Company | None:
        """Return the company with *customer_number*, or ``None``."""
        return next(
            (item for item in self._items.values() if item.customer_number == customer_number),
            None,
        )

    def save(self, company: Company) -> None:
        """Insert or replace *company*."""
        self._items[company.id] = company

    def all(self) -> Sequence[Company]:
        """Return every company."""
        return list(self._items.values())


class MemoryUserRepository:
    """Users in a dict."""

    def __init__(self, items: dict[str, User]) -> None:
        self._items = items

    def get(self, user_id: str) -> User | None:
        """Return the user with *user_id*, or ``None``."""
        return self._items.get(user_id)

    def by_email(self, email: EmailAddress) -> User | None:
        """Return the user (not deleted) whose address is *email*, or ``None``."""
        return next(
            (
                item
                for item in self._items.values()
                if item.email == email and item.status is not UserStatus.DELETED
            ),
            None,
        )

    def in_company(self, company_id: str) -> Sequence[User]:
        """Return every user of the company, deleted ones included."""
        return [item for item in self._items.values() if item.company_id == company_id]

    def save(self, user: User) -> None:
        """Insert or replace *user*."""
        self._items[user.id] = user

    def all(self) -> Iterator[User]:
        """Iterate over every user."""
        return iter(list(self._items.values()))

    def page_in_company(
        self, company_id: str, *, after: str | None = None, limit: int = 50
    ) -> Sequence[User]:
        """Return one page of the company's users that are not deleted, ordered by address."""
        listed = sorted(
            (
                (_address_key(item), item.id, item)
                for item in self._items.values()
                if item.company_id == company_id and item.status is not UserStatus.DELETED
            ),
            key=lambda entry: (entry[0], entry[1]),
        )
        start = self._items.get(after) if after is not None else None
        if start is not None:
            key = (_address_key(start), start.id)
            listed = [entry for entry in listed if (entry[0], entry[1]) > key]
        return [entry[2] for entry in listed[:limit]]

    def inactive_since(self, cutoff: dt.datetime) -> Iterator[User]:
        """Iterate over the users, not deleted, whose last sign of life lies before *cutoff*."""
        due = [
            item
            for item in self._items.values()
            if item.status is not UserStatus.DELETED
            and (item.last_activity or item.created_at) < cutoff
        ]
        due.sort(key=lambda item: (item.last_activity or item.created_at, item.id))
        return iter(due)


def _address_key(user: User) -> str:
    # The order the SQLite adapter lists users in: the stored form of the address.
    return f"{user.email.local}@{user.email.domain.ascii}"


class MemoryTokenRepository:
    """Token records in a dict."""

    def __init__(self, items: dict[str, Token]) -> None:
        self._items = items

    def by_hash(self, secret_hash: str) -> Token | None:
        """Return the token whose secret hashes to *secret_hash*, or ``None``."""
        return next(
            (item for item in self._items.values() if item.secret_hash == secret_hash), None
        )

    def for_user(self, user_id: str, purpose: TokenPurpose | None = None) -> Sequence[Token]:
        """Return the user's tokens, optionally only those of *purpose*."""
        return [
            item
            for item in self._items.values()
            if item.user_id == user_id and (purpose is None or item.purpose is purpose)
        ]

    def save(self, token: Token) -> None:
        """Insert or replace *token*."""
        self._items[token.id] = token


class MemorySessionRepository:
    """Sessions in a dict."""

    def __init__(self, items: dict[str, Session]) -> None:
        self._items = items

    def get(self, session_id: str) -> Session | None:
        """Return the session with *session_id*, or ``None``."""
        return self._items.get(session_id)

    def by_hash(self, secret_hash: str) -> Session | None:
        """Return the session whose secret hashes to *secret_hash*, or ``None``."""
        return next(
            (item for item in self._items.values() if item.secret_hash == secret_hash), None
        )

    def for_user(self, user_id: str) -> Sequence[Session]:
        """Return every session of the user."""
        return [item for item in self._items.values() if item.user_id == user_id]

    def save(self, session: Session) -> None:
        """Insert or replace *session*."""
        self._items[session.id] = session


class MemoryAuditLog:
    """Audit events in a list."""

    def __init__(self, items: list[AuditEvent]) -> None:
        self._items = items

    def append(self, event: AuditEvent) -> None:
        """Record *event*."""
        self._items.append(event)

    def about(self, target: str) -> Sequence[AuditEvent]:
        """Return the events whose target is *target*, oldest first."""
        return [item for item in self._items if item.target == target]

    def all(self) -> Sequence[AuditEvent]:
        """Return every event, oldest first."""
        return list(self._items)


class MemoryOutbox:
    """Queued mails in a dict (insertion order is sending order)."""

    def __init__(self, items: dict[str, OutboxMessage]) -> None:
        self._items = items

    def put(self, message: OutboxMessage) -> None:
        """Queue *message*."""
        self._items[message.id] = message

    def pending(self) -> Sequence[OutboxMessage]:
        """Return the queued messages, oldest first."""
        return list(self._items.values())

    def mark_sent(self, message_id: str) -> None:
        """Remove the message from the queue."""
        self._items.pop(message_id, None)


class MemoryAccessRequestRepository:
    """Access requests in a dict."""

    def __init__(self, items: dict[str, AccessRequest]) -> None:
        self._items = items

    def get(self, request_id: str) -> AccessRequest | None:
        """Return the request with *request_id*, or ``None``."""
        return self._items.get(request_id)

    def save(self, request: AccessRequest) -> None:
        """Insert or replace *request*."""
        self._items[request.id] = request

    def all(self) -> Sequence[AccessRequest]:
        """Return every access request."""
        return list(self._items.values())


class MemoryProfileChangeRequestRepository:
    """Profile change requests in a dict."""

    def __init__(self, items: dict[str, ProfileChangeRequest]) -> None:
        self._items = items

    def save(self, request: ProfileChangeRequest) -> None:
        """Insert or replace *request*."""
        self._items[request.id] = request

    def for_user(self, user_id: str) -> Sequence[ProfileChangeRequest]:
        """Return the requests the user made."""
        return [item for item in self._items.values() if item.user_id == user_id]


class MemoryUnitOfWork:
    """A unit of work on a :class:`MemoryStore`: all or nothing.

    The repositories work on a private copy of the store; :meth:`commit` copies it back,
    :meth:`rollback` (and leaving the ``with`` block without committing) throws it away.
    """

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._work = MemoryStore()
        store.copy_into(self._work)
        self.companies = MemoryCompanyRepository(self._work.companies)
        self.users = MemoryUserRepository(self._work.users)
        self.tokens = MemoryTokenRepository(self._work.tokens)
        self.sessions = MemorySessionRepository(self._work.sessions)
        self.audit = MemoryAuditLog(self._work.audit)
        self.outbox = MemoryOutbox(self._work.outbox)
        self.access_requests = MemoryAccessRequestRepository(self._work.access_requests)
        self.profile_requests = MemoryProfileChangeRequestRepository(self._work.profile_requests)

    def __enter__(self) -> Self:
        """Begin: start from the store's committed state."""
        self._store.copy_into(self._work)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """End: whatever was not committed is forgotten."""
        self.rollback()

    def commit(self) -> None:
        """Make everything written so far visible in the store."""
        self._work.copy_into(self._store)

    def rollback(self) -> None:
        """Forget everything written since the last commit."""
        self._store.copy_into(self._work)


@attrs.define
class PlainTextHasherForTests:
    """A password "hasher" that stores passwords in clear text. Never use it in production.

    It exists to make tests fast and readable. :attr:`version` mimics a change of hashing
    parameters: hashes made with another version report ``needs_rehash``. :attr:`dummy_calls`
    counts :meth:`dummy_verify` calls, so tests can check that a login for an unknown account
    does the same work.
    """

    version: int = 1
    verify_calls: int = 0
    dummy_calls: int = 0

    def hash(self, password: str) -> str:
        """Return ``plain:<version>$<password>``."""
        return f"plain:{self.version}${normalize_password(password)}"

    def verify(self, stored_hash: str, password: str) -> Verification:
        """Compare *password* with the stored clear text."""
        self.verify_calls += 1
        prefix, _, stored = stored_hash.partition("$")
        if not prefix.startswith("plain:"):
            return Verification(ok=False)
        ok = stored == normalize_password(password)
        return Verification(ok=ok, needs_rehash=ok and prefix != f"plain:{self.version}")

    def dummy_verify(self, password: str) -> None:
        """Count the call; there is no work to imitate."""
        self.dummy_calls += 1
