"""The ports of the ticket area: the ticket repository, the reference counter, the unit of work.

Storage adapters implement these protocols (:mod:`portalkit.adapters.memory` does, in memory);
the ticket use cases speak only to them. A ticket is stored whole (history, conversation and
feedback included) under its reference number, which is unique across all companies.

:class:`TicketsUnitOfWork` follows the structural approach of
:class:`portalkit.accounts.ports.UnitOfWork`: it names the account repositories the ticket use
cases read (companies, users) and write (audit log, outbox) plus the ticket ports, so one
adapter unit of work that has all of them satisfies both protocols.

Listing order and keyset pagination: lists are newest first, i.e. by reference number
descending (reference numbers grow with time). A page continues *after* the last reference
number of the previous page, so a page is stable while new tickets arrive; there is no offset.

References:
    issue 5 (the counter comes from the storage, a port); seed 002 (list of open tickets and the
    archive of closed ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any, Final, Protocol, Self, runtime_checkable

from portalkit._errors import PortalkitError
from portalkit.accounts.ports import AuditLog, CompanyRepository, Outbox, UserRepository
from portalkit.tickets.lifecycle import ActorKind
from portalkit.tickets.model import Ticket, TicketSummary, summarize
from portalkit.tickets.references import ReferenceCounter, ReferenceNumber

DEFAULT_PAGE_SIZE: Final = 50
"""How many tickets a page holds unless the caller asks for another number."""

MAX_PAGE_SIZE: Final = 500
"""The most tickets one page may hold; adapters may refuse larger limits."""


class TicketRepository(Protocol):
    """Stores tickets under their reference numbers.

    Adapters must treat *limit* as the maximum page length (1 to :data:`MAX_PAGE_SIZE`) and
    raise ``ValueError`` for anything else.
    """

    def get(self, reference: ReferenceNumber, *, company_id: str | None = None) -> Ticket | None:
        """Return the ticket with *reference*, or ``None``.

        With *company_id*, a ticket of another company is ``None`` as well: customers' lookups
        are scoped to their company in the query itself.
        """
        ...

    def save(self, ticket: Ticket) -> None:
        """Insert or replace *ticket* (by its reference number)."""
        ...

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
        """Return up to *limit* tickets, newest first (reference number descending).

        Args:
            company_id: only this company's tickets; ``None`` for every company (agents).
            requester_id: only the tickets this user requested.
            assignee_id: only the tickets assigned to this processor.
            archived: ``False`` for the tickets that are not closed, ``True`` for the closed
                ones (the archive, seed 002).
            after: the last reference number of the previous page; only older tickets
                (smaller reference numbers) follow.
            limit: the page length, 1 to :data:`MAX_PAGE_SIZE`.
        """
        ...

    def unassigned(self, *, limit: int = DEFAULT_PAGE_SIZE) -> Sequence[Ticket]:
        """Return up to *limit* tickets of the queue: state ``new`` and nobody assigned.

        The order is that of :func:`portalkit.tickets.unassigned_queue`: most urgent priority
        first (urgent, high, normal, low), then the oldest, then by reference number.
        """
        ...


class TicketSummaryRepository(TicketRepository, Protocol):
    """A :class:`TicketRepository` that lists summaries without loading whole tickets.

    Optional: :func:`page_summaries` uses :meth:`summaries` where a repository has it and
    otherwise summarizes the tickets of :meth:`TicketRepository.page`, so adapters written
    before it keep working.
    """

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
        """Return what :func:`page_summaries` returns: the page's tickets, summarized.

        The result must equal ``[summarize(t, viewer) for t in self.page(...)]`` with the
        same arguments. Summaries are for showing, never written back: a store may read them
        outside the unit of work's transaction while none is open, if one query reads one
        consistent state by itself.
        """
        ...


def page_summaries(
    repository: TicketRepository,
    company_id: str | None,
    *,
    viewer: ActorKind,
    requester_id: str | None = None,
    assignee_id: str | None = None,
    archived: bool = False,
    after: ReferenceNumber | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
) -> Sequence[TicketSummary]:
    """Return the page :meth:`TicketRepository.page` would return, each ticket summarized.

    Summaries are as a *viewer* of that kind sees the tickets (:func:`summarize`). A
    repository with a ``summaries`` method (:class:`TicketSummaryRepository`) answers
    itself; for any other the tickets are loaded whole and summarized here.
    """
    own: Any = getattr(repository, "summaries", None)
    if own is not None:
        found: Sequence[TicketSummary] = own(
            company_id,
            viewer=viewer,
            requester_id=requester_id,
            assignee_id=assignee_id,
            archived=archived,
            after=after,
            limit=limit,
        )
        return found
    tickets = repository.page(
        company_id,
        requester_id=requester_id,
        assignee_id=assignee_id,
        archived=archived,
        after=after,
        limit=limit,
    )
    return [summarize(ticket, viewer) for ticket in tickets]


class CompanyVersionRepository(TicketRepository, Protocol):
    """A :class:`TicketRepository` that also counts the changes to each company's data.

    A page showing a company's tickets and people (a ticket list) is the same page as long as
    the version is the same, so it can be kept (the reference portal does).
    """

    def company_version(self, company_id: str) -> int | None:
        """Return the version of the company's data: ``0`` before the first change, and a
        different number after every committed change to the company, one of its users or one
        of its tickets (in any process); or ``None`` if this store counts no versions.

        A number once returned for a company never stands for other data later.
        """
        ...


def company_version(repository: TicketRepository, company_id: str) -> int | None:
    """Return the version of *company_id*'s data, or ``None`` if *repository* counts none.

    See :class:`CompanyVersionRepository`; repositories without ``company_version`` (and stores
    that count no versions) answer ``None``, so that adapters written before keep working
    (nothing is then kept by version).
    """
    own: Any = getattr(repository, "company_version", None)
    if own is None:
        return None
    version: int | None = own(company_id)
    return version


class ReferenceTakenError(PortalkitError, RuntimeError):
    """A new ticket's reference number belongs to a stored ticket already; nothing was stored.

    Only a storage whose counter hands out a number twice causes it, so it is the
    installation's fault (a :class:`RuntimeError`), never the visitor's.

    Attributes:
        reference: the number that was taken.
    """

    code = "ticket_reference_taken"

    def __init__(self, reference: ReferenceNumber) -> None:
        self.reference = reference
        super().__init__(reference=str(reference))


class NewTicketRepository(TicketRepository, Protocol):
    """A :class:`TicketRepository` that stores a new ticket without reading first.

    Optional: :func:`add_ticket` uses :meth:`add` where the repository has it and otherwise
    looks the reference number up and then saves, so adapters written before keep working.
    Stores whose transactions conflict over what they read need it: under PostgreSQL's
    ``SERIALIZABLE`` the look-up of a new number reads the index page that concurrent new
    tickets, with the neighbouring numbers, are written to, and one of them is aborted.
    """

    def add(self, ticket: Ticket) -> None:
        """Insert the new *ticket*, leaving every stored ticket as it is.

        Raises:
            ReferenceTakenError: if a stored ticket has its reference number.
        """
        ...


def add_ticket(repository: TicketRepository, ticket: Ticket) -> None:
    """Store the new *ticket*, never over a stored one (see :class:`NewTicketRepository`).

    Raises:
        ReferenceTakenError: if a stored ticket has its reference number.
    """
    own: Any = getattr(repository, "add", None)
    if own is not None:
        own(ticket)
        return
    if repository.get(ticket.reference) is not None:
        raise ReferenceTakenError(ticket.reference)
    repository.save(ticket)


@runtime_checkable
class TicketsUnitOfWork(Protocol):
    """Makes one ticket use case atomic: everything it wrote is committed together or not at all.

    Use it like :class:`portalkit.accounts.ports.UnitOfWork`::

        with uow:
            ticket = ...
            uow.tickets.save(ticket)
            uow.audit.append(event)
            uow.commit()

    The reference counter takes part in the unit of work or runs outside it: either way it never
    hands out a number that a committed ticket holds. Gaps after a rollback are harmless.
    """

    companies: CompanyRepository
    users: UserRepository
    audit: AuditLog
    outbox: Outbox
    tickets: TicketRepository
    ticket_counter: ReferenceCounter

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


__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "CompanyVersionRepository",
    "NewTicketRepository",
    "ReferenceCounter",
    "ReferenceTakenError",
    "TicketRepository",
    "TicketSummaryRepository",
    "TicketsUnitOfWork",
    "add_ticket",
    "company_version",
    "page_summaries",
]
