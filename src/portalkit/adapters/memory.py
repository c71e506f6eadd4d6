"""In-memory implementations of every port (accounts, tickets, services), for tests and tools.

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
import itertools
from collections.abc import Collection, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Self

import attrs

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
    UserStatus,
)
from portalkit.accounts.ports import SessionOwner
from portalkit.policy.emails import EmailAddress
from portalkit.policy.hashing import Verification
from portalkit.policy.normalization import normalize_password
from portalkit.services.model import BookedService, ChangeRequest, ServiceStatus
from portalkit.tickets.lifecycle import ActorKind
from portalkit.tickets.model import Ticket, TicketSummary, summarize, unassigned_queue
from portalkit.tickets.ports import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, ReferenceTakenError
from portalkit.tickets.references import ReferenceNumber

__all__ = [
    "MemoryAccessRequestRepository",
    "MemoryAuditLog",
    "MemoryBookedServiceRepository",
    "MemoryChangeRequestRepository",
    "MemoryCompanyRepository",
    "MemoryOperatorRepository",
    "MemoryOutbox",
    "MemoryProfileChangeRequestRepository",
    "MemoryReferenceCounter",
    "MemorySessionRepository",
    "MemoryStore",
    "MemoryTicketRepository",
    "MemoryTokenRepository",
    "MemoryUnitOfWork",
    "MemoryUserRepository",
    "MemoryUserSessionRepository",
    "PlainTextHasherForTests",
]


@attrs.define
class MemoryStore:
    """Everything the ports of all areas store, held in memory.

    Create one per test (or per application run) and hand :meth:`unit_of_work` to
    :class:`portalkit.accounts.AccountServices` (or the tickets' and services' use cases) as
    their ``unit_of_work`` factory: its units of work satisfy every area's protocol.
    """

    companies: dict[str, Company] = attrs.Factory(dict)
    users: dict[str, User] = attrs.Factory(dict)
    tokens: dict[str, Token] = attrs.Factory(dict)
    sessions: dict[str, Session] = attrs.Factory(dict)
    audit: list[AuditEvent] = attrs.Factory(list)
    outbox: dict[str, OutboxMessage] = attrs.Factory(dict)
    access_requests: dict[str, AccessRequest] = attrs.Factory(dict)
    profile_requests: dict[str, ProfileChangeRequest] = attrs.Factory(dict)
    tickets: dict[ReferenceNumber, Ticket] = attrs.Factory(dict)
    ticket_counters: dict[int, int] = attrs.Factory(dict)
    booked_services: dict[str, BookedService] = attrs.Factory(dict)
    change_requests: dict[str, ChangeRequest] = attrs.Factory(dict)
    operators: dict[str, OperatorAccount] = attrs.Factory(dict)
    operator_sessions: dict[str, Session] = attrs.Factory(dict)
    company_versions: dict[str, int] = attrs.Factory(dict)

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

    def get_many(self, user_ids: Collection[str]) -> Sequence[User]:
        """Return the users of *user_ids* that exist."""
        found = (self._items.get(user_id) for user_id in set(user_ids))
        return [user for user in found if user is not None]

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


class MemoryUserSessionRepository(MemorySessionRepository):
    """Users' sessions in a dict, each readable with its owner (the users' and companies')."""

    def __init__(
        self, items: dict[str, Session], users: dict[str, User], companies: dict[str, Company]
    ) -> None:
        super().__init__(items)
        self._users = users
        self._companies = companies

    def with_owner(self, secret_hash: str) -> SessionOwner | None:
        """Return the session of *secret_hash* with its user and the user's company."""
        session = self.by_hash(secret_hash)
        if session is None:
            return None
        user = self._users.get(session.user_id)
        company = None if user is None else self._companies.get(user.company_id)
        return SessionOwner(session, user, company)


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


class MemoryOperatorRepository:
    """Operators' accounts in a dict."""

    def __init__(self, items: dict[str, OperatorAccount]) -> None:
        self._items = items

    def get(self, operator_id: str) -> OperatorAccount | None:
        """Return the operator account with *operator_id*, or ``None``."""
        return self._items.get(operator_id)

    def by_email(self, email: EmailAddress) -> OperatorAccount | None:
        """Return the operator account whose address is *email*, or ``None``."""
        return next((item for item in self._items.values() if item.email == email), None)

    def save(self, operator: OperatorAccount) -> None:
        """Insert or replace *operator*."""
        self._items[operator.id] = operator

    def all(self) -> Sequence[OperatorAccount]:
        """Return every operator account, in the order they were first saved."""
        return list(self._items.values())


def _check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        msg = f"limit must be between 1 and {MAX_PAGE_SIZE}, got {limit!r}"
        raise ValueError(msg)
    return limit


class MemoryTicketRepository:
    """Tickets in a dict keyed by reference number."""

    def __init__(
        self,
        items: dict[ReferenceNumber, Ticket],
        versions: dict[str, int] | None = None,
    ) -> None:
        self._items = items
        self._versions = {} if versions is None else versions

    def company_version(self, company_id: str) -> int:
        """Return the version of the company's data, counted at each commit that changed the
        company, one of its users or one of its tickets (``0`` before the first).
        """
        return self._versions.get(company_id, 0)

    def get(self, reference: ReferenceNumber, *, company_id: str | None = None) -> Ticket | None:
        """Return the ticket with *reference* (of *company_id*, if given), or ``None``."""
        ticket = self._items.get(reference)
        if ticket is None or (company_id is not None and ticket.company_id != company_id):
            return None
        return ticket

    def save(self, ticket: Ticket) -> None:
        """Insert or replace *ticket*."""
        self._items[ticket.reference] = ticket

    def add(self, ticket: Ticket) -> None:
        """Insert the new *ticket*.

        Raises:
            ReferenceTakenError: if a stored ticket has its reference number.
        """
        if ticket.reference in self._items:
            raise ReferenceTakenError(ticket.reference)
        self._items[ticket.reference] = ticket

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
        """Return up to *limit* matching tickets, newest first, after the reference *after*."""
        _check_limit(limit)
        found = [
            ticket
            for ticket in self._items.values()
            if (company_id is None or ticket.company_id == company_id)
            and (requester_id is None or ticket.requester_id == requester_id)
            and (assignee_id is None or ticket.assignee_id == assignee_id)
            and ticket.in_archive == archived
            and (after is None or ticket.reference < after)
        ]
        found.sort(key=lambda ticket: ticket.reference, reverse=True)
        return found[:limit]

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
        """Return the tickets of :meth:`page`, summarized as *viewer* sees them."""
        found = self.page(
            company_id,
            requester_id=requester_id,
            assignee_id=assignee_id,
            archived=archived,
            after=after,
            limit=limit,
        )
        return [summarize(ticket, viewer) for ticket in found]

    def unassigned(self, *, limit: int = DEFAULT_PAGE_SIZE) -> Sequence[Ticket]:
        """Return up to *limit* tickets of the queue, most urgent and oldest first."""
        return unassigned_queue(self._items.values())[: _check_limit(limit)]


class MemoryReferenceCounter:
    """The running numbers of reference numbers, one counter per year, in a dict."""

    def __init__(self, items: dict[int, int]) -> None:
        self._items = items

    def next_value(self, year: int) -> int:
        """Return the next unused running number for *year* (1 for the first)."""
        value = self._items.get(year, 0) + 1
        self._items[year] = value
        return value


class MemoryBookedServiceRepository:
    """Booked services in a dict."""

    def __init__(self, items: dict[str, BookedService]) -> None:
        self._items = items

    def get(self, service_id: str) -> BookedService | None:
        """Return the service with *service_id*, or ``None``."""
        return self._items.get(service_id)

    def save(self, service: BookedService) -> None:
        """Insert or replace *service*."""
        self._items[service.id] = service

    def for_company(self, company_id: str) -> Sequence[BookedService]:
        """Return every service of the company, by name, then id."""
        found = [item for item in self._items.values() if item.company_id == company_id]
        return sorted(found, key=lambda item: (item.name, item.id))

    def paused_ending_by(self, day: dt.date) -> Sequence[BookedService]:
        """Return the paused services whose pause ends on or before *day*, by id."""
        found = [
            item
            for item in self._items.values()
            if item.status is ServiceStatus.PAUSED
            and item.pause_end is not None
            and item.pause_end <= day
        ]
        return sorted(found, key=lambda item: item.id)


def _submission_order(request: ChangeRequest) -> tuple[dt.datetime, str]:
    return request.submitted_at, request.id


class MemoryChangeRequestRepository:
    """Change requests in a dict."""

    def __init__(self, items: dict[str, ChangeRequest]) -> None:
        self._items = items

    def get(self, request_id: str) -> ChangeRequest | None:
        """Return the request with *request_id*, or ``None``."""
        return self._items.get(request_id)

    def save(self, request: ChangeRequest) -> None:
        """Insert or replace *request*."""
        self._items[request.id] = request

    def for_service(self, service_id: str) -> Sequence[ChangeRequest]:
        """Return every request of the service, oldest submission first."""
        found = [item for item in self._items.values() if item.service_id == service_id]
        return sorted(found, key=_submission_order)

    def for_company(self, company_id: str) -> Sequence[ChangeRequest]:
        """Return every request of the company, oldest submission first."""
        found = [item for item in self._items.values() if item.company_id == company_id]
        return sorted(found, key=_submission_order)

    def due(self, day: dt.date) -> Sequence[ChangeRequest]:
        """Return the live requests effective on or before *day*, in the order they apply."""
        found = [item for item in self._items.values() if item.is_live and item.effective <= day]
        return sorted(found, key=lambda item: (item.effective, *_submission_order(item)))


_VERSIONS = itertools.count(1)


def _changed_companies(before: MemoryStore, after: MemoryStore) -> set[str]:
    # The companies whose row, users or tickets differ: the SQL stores' triggers count the
    # same. A comparison of the whole store per commit is fine for a store meant for tests.
    changed: set[str] = set()
    pairs: tuple[tuple[Mapping[Any, Any], Mapping[Any, Any]], ...] = (
        (before.companies, after.companies),
        (before.users, after.users),
        (before.tickets, after.tickets),
    )
    for old, new in pairs:
        if old == new:
            continue
        for key in old.keys() | new.keys():
            was, now = old.get(key), new.get(key)
            if was != now:
                changed.update(
                    item.id if isinstance(item, Company) else item.company_id
                    for item in (was, now)
                    if item is not None
                )
    return changed


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
        self.sessions = MemoryUserSessionRepository(
            self._work.sessions, self._work.users, self._work.companies
        )
        self.audit = MemoryAuditLog(self._work.audit)
        self.outbox = MemoryOutbox(self._work.outbox)
        self.access_requests = MemoryAccessRequestRepository(self._work.access_requests)
        self.profile_requests = MemoryProfileChangeRequestRepository(self._work.profile_requests)
        self.tickets = MemoryTicketRepository(self._work.tickets, self._work.company_versions)
        self.ticket_counter = MemoryReferenceCounter(self._work.ticket_counters)
        self.booked_services = MemoryBookedServiceRepository(self._work.booked_services)
        self.change_requests = MemoryChangeRequestRepository(self._work.change_requests)
        self.operators = MemoryOperatorRepository(self._work.operators)
        self.operator_sessions = MemorySessionRepository(self._work.operator_sessions)

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
        for company_id in _changed_companies(self._store, self._work):
            # From one counter for the whole process: units of work that overlap each start
            # from their own copy, and must not hand out the same number for other data.
            self._work.company_versions[company_id] = next(_VERSIONS)
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
