"""The ports of the account area: repositories, audit log, outbox and the unit of work.

Storage adapters implement these protocols (:mod:`portalkit.adapters.memory` does, in memory);
the use cases speak only to them. Repositories hold frozen values: ``save`` inserts or replaces
by id, ``get`` returns ``None`` for an unknown id.

The unit of work is a structural protocol. Later areas (tickets, booked services) declare their
own protocol naming their repositories; an adapter's unit of work then simply has all of them
and satisfies every protocol at once, so adding an area never changes this one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from types import TracebackType
from typing import Any, Protocol, Self

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
)
from portalkit.policy.emails import EmailAddress


class CompanyRepository(Protocol):
    """Stores companies."""

    def get(self, company_id: str) -> Company | None:
        """Return the company with *company_id*, or ``None``."""
        ...

    def by_customer_number(self, customer_number: str) -> Company | None:
        """Return the company with *customer_number*, or ``None``."""
        ...

    def save(self, company: Company) -> None:
        """Insert or replace *company*."""
        ...

    def all(self) -> Sequence[Company]:
        """Return every company."""
        ...


class UserRepository(Protocol):
    """Stores users; an e-mail address belongs to at most one user that is not deleted."""

    def get(self, user_id: str) -> User | None:
        """Return the user with *user_id*, or ``None``."""
        ...

    def by_email(self, email: EmailAddress) -> User | None:
        """Return the user (not deleted) whose address is *email*, or ``None``."""
        ...

    def in_company(self, company_id: str) -> Sequence[User]:
        """Return every user of the company, deleted ones included."""
        ...

    def save(self, user: User) -> None:
        """Insert or replace *user*."""
        ...

    def all(self) -> Iterator[User]:
        """Iterate over every user (for sweeps)."""
        ...

    def page_in_company(
        self, company_id: str, *, after: str | None = None, limit: int = 50
    ) -> Sequence[User]:
        """Return one page of the company's users that are not deleted, ordered by address.

        Keyset pagination: pass the id of the last user of the previous page as *after*; a
        page costs the same however deep it lies.

        Args:
            company_id: the company whose users to list.
            after: the id of the user the page starts after; ``None`` for the first page.
            limit: the most users to return.

        Returns:
            At most *limit* users, ordered by e-mail address (as stored: the A-label form of
            the domain), then id.
        """
        ...

    def inactive_since(self, cutoff: dt.datetime) -> Iterator[User]:
        """Iterate over the users, not deleted, whose last sign of life lies before *cutoff*.

        The last sign of life is the last activity, else the creation. The inactivity sweep
        selects its candidates with this, so its cost grows with the number of due users,
        not with the whole table.

        Returns:
            The users, oldest sign of life first (ties by id).
        """
        ...


class UsersByIdRepository(UserRepository, Protocol):
    """A :class:`UserRepository` that reads several users by id in one go, for showing them.

    Optional: :func:`users_by_id` uses :meth:`get_many` where the unit of work's ``users`` has
    it and otherwise asks :meth:`UserRepository.get` for each id, so adapters written before
    it keep working. Lists show their people's names with it (a ticket list its requesters).
    """

    def get_many(self, user_ids: Collection[str]) -> Sequence[User]:
        """Return the users of *user_ids* that exist, in any order, each once.

        The result must hold what :meth:`UserRepository.get` returns for each id (deleted
        users included), without the ``None`` of unknown ids. The users are for showing,
        never written back: a store may read them outside the unit of work's transaction
        while none is open, if one query reads one consistent state by itself.
        """
        ...


def users_by_id(uow: UnitOfWork, user_ids: Collection[str]) -> dict[str, User]:
    """Return the users of *user_ids* that exist, by id (for showing them, e.g. their names).

    A ``users`` repository with ``get_many`` (:class:`UsersByIdRepository`) answers in one
    go; for any other each id is looked up in the unit of work.
    """
    wanted = set(user_ids)
    if not wanted:
        return {}
    own: Any = getattr(uow.users, "get_many", None)
    found: Sequence[User | None] = (
        own(wanted) if own is not None else [uow.users.get(user_id) for user_id in wanted]
    )
    return {user.id: user for user in found if user is not None}


class TokenRepository(Protocol):
    """Stores token records (hashes only)."""

    def by_hash(self, secret_hash: str) -> Token | None:
        """Return the token whose secret hashes to *secret_hash*, or ``None``."""
        ...

    def for_user(self, user_id: str, purpose: TokenPurpose | None = None) -> Sequence[Token]:
        """Return the user's tokens, optionally only those of *purpose*."""
        ...

    def save(self, token: Token) -> None:
        """Insert or replace *token*."""
        ...


class SessionRepository(Protocol):
    """Stores sessions (hashes of their secrets only)."""

    def get(self, session_id: str) -> Session | None:
        """Return the session with *session_id*, or ``None``."""
        ...

    def by_hash(self, secret_hash: str) -> Session | None:
        """Return the session whose secret hashes to *secret_hash*, or ``None``."""
        ...

    def for_user(self, user_id: str) -> Sequence[Session]:
        """Return every session of the user, ended ones included."""
        ...

    def save(self, session: Session) -> None:
        """Insert or replace *session*."""
        ...


@attrs.frozen
class SessionOwner:
    """A stored session with its user and the user's company, as read together.

    Attributes:
        session: the session.
        user: its user, ``None`` if there is none.
        company: the user's company, ``None`` if there is no user or no such company.
    """

    session: Session
    user: User | None
    company: Company | None


class SessionOwnerRepository(SessionRepository, Protocol):
    """A :class:`SessionRepository` of users' sessions that reads a session with its owner.

    Optional: :func:`session_with_owner` uses :meth:`with_owner` where the unit of work's
    ``sessions`` has it and otherwise reads the session, the user and the company one by one,
    so adapters written before it keep working. The signed-in check of every request asks
    for exactly these three; a store answers them with one query.
    """

    def with_owner(self, secret_hash: str) -> SessionOwner | None:
        """Return the session whose secret hashes to *secret_hash* with its user and company.

        The result must equal what :meth:`SessionRepository.by_hash`, ``users.get`` and
        ``companies.get`` of the same unit of work return, read at one moment: ``None`` for
        an unknown hash. The answer is only read, never written back, so a store may read
        it outside the unit of work's transaction if one query reads one consistent state
        by itself.
        """
        ...


def session_with_owner(uow: UnitOfWork, secret_hash: str) -> SessionOwner | None:
    """Return the session of *secret_hash* with its user and company (see :class:`SessionOwner`).

    A ``sessions`` repository with ``with_owner`` (:class:`SessionOwnerRepository`) answers
    itself; for any other the three are read one by one in the unit of work.
    """
    own: Any = getattr(uow.sessions, "with_owner", None)
    if own is not None:
        found: SessionOwner | None = own(secret_hash)
        return found
    return read_session_owner(uow, secret_hash)


def read_session_owner(uow: UnitOfWork, secret_hash: str) -> SessionOwner | None:
    """Read the session of *secret_hash*, its user and company one by one in *uow*'s transaction.

    What :func:`session_with_owner` falls back to, and what a use case reads when it goes on
    to write: the reads then belong to the writing transaction.
    """
    session = uow.sessions.by_hash(secret_hash)
    if session is None:
        return None
    user = uow.users.get(session.user_id)
    company = None if user is None else uow.companies.get(user.company_id)
    return SessionOwner(session, user, company)


class AuditLog(Protocol):
    """An append-only record of changes."""

    def append(self, event: AuditEvent) -> None:
        """Record *event*."""
        ...

    def about(self, target: str) -> Sequence[AuditEvent]:
        """Return the events whose target is *target* (e.g. ``"user:42"``), oldest first."""
        ...

    def all(self) -> Sequence[AuditEvent]:
        """Return every event, oldest first."""
        ...


class Outbox(Protocol):
    """Mails waiting to be sent by a mail adapter."""

    def put(self, message: OutboxMessage) -> None:
        """Queue *message*."""
        ...

    def pending(self) -> Sequence[OutboxMessage]:
        """Return the queued messages, oldest first."""
        ...

    def mark_sent(self, message_id: str) -> None:
        """Remove the message from the queue once it was handed to the mail server."""
        ...


class AccessRequestRepository(Protocol):
    """Stores access requests (seed 000)."""

    def get(self, request_id: str) -> AccessRequest | None:
        """Return the request with *request_id*, or ``None``."""
        ...

    def save(self, request: AccessRequest) -> None:
        """Insert or replace *request*."""
        ...

    def all(self) -> Sequence[AccessRequest]:
        """Return every access request."""
        ...


class ProfileChangeRequestRepository(Protocol):
    """Stores requests to change names or the company (seed 002)."""

    def save(self, request: ProfileChangeRequest) -> None:
        """Insert or replace *request*."""
        ...

    def for_user(self, user_id: str) -> Sequence[ProfileChangeRequest]:
        """Return the requests the user made."""
        ...


class OperatorRepository(Protocol):
    """Stores operators' accounts; an address belongs to at most one operator."""

    def get(self, operator_id: str) -> OperatorAccount | None:
        """Return the operator account with *operator_id*, or ``None``."""
        ...

    def by_email(self, email: EmailAddress) -> OperatorAccount | None:
        """Return the operator account whose address is *email*, or ``None``."""
        ...

    def save(self, operator: OperatorAccount) -> None:
        """Insert or replace *operator*."""
        ...

    def all(self) -> Sequence[OperatorAccount]:
        """Return every operator account, in the order they were first saved."""
        ...


class UnitOfWork(Protocol):
    """Makes one use case atomic: everything it wrote is committed together or not at all.

    Use it as a context manager; leaving the block without :meth:`commit` (or through an
    exception) rolls back::

        with uow:
            uow.users.save(user)
            uow.audit.append(event)
            uow.commit()
    """

    companies: CompanyRepository
    users: UserRepository
    tokens: TokenRepository
    sessions: SessionRepository
    audit: AuditLog
    outbox: Outbox
    access_requests: AccessRequestRepository
    profile_requests: ProfileChangeRequestRepository
    operators: OperatorRepository
    operator_sessions: SessionRepository
    """Operators' sessions: :class:`Session` values whose ``user_id`` is an operator's id."""

    def __enter__(self) -> Self:
        """Begin the unit of work."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """End it, rolling back whatever was not committed."""
        ...

    def commit(self) -> None:
        """Make everything written so far durable."""
        ...

    def rollback(self) -> None:
        """Forget everything written since the last commit."""
        ...
