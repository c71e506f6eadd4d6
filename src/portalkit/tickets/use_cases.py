"""The ticket use cases: what customers and processors do with tickets, one unit of work each.

Every use case takes the :class:`~portalkit.tickets.config.TicketServices` first, then who acts:
a customer's user by id (``str``), or an :class:`~portalkit.accounts.Operator` of the service
company (a processor, "agent"). It loads what it needs through the unit of work, asks
:func:`portalkit.policy.can` and the ticket core, writes the ticket, an audit event and, where
the customer should hear of it, a mail to the outbox, and commits them together. A refusal
raises a coded :class:`~portalkit.PortalkitError` and leaves nothing written.

Customers only ever find tickets they may see: another company's ticket, or a colleague's for an
employee, answers :class:`~portalkit.tickets.TicketNotFoundError`, exactly like a ticket that
does not exist. What a customer gets back never holds internal notes.

References:
    seed 002 (ticket system, reference number, assignment to the processor, view and close at any
    time, archive); seed 000 (feedback, support hours, 24/7 for internal customers); DOMAIN.md
    sections 2 and 4; issue 5.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence

import attrs

from portalkit._errors import PermissionDeniedError
from portalkit.accounts.errors import CompanyNotFoundError, UserNotFoundError
from portalkit.accounts.model import (
    AuditEvent,
    Company,
    Operator,
    OutboxMessage,
    User,
    UserStatus,
)
from portalkit.policy.roles import Action, Target, can
from portalkit.policy.roles import Actor as PolicyActor
from portalkit.tickets import model
from portalkit.tickets.config import TicketServices, business_clock, office_hours
from portalkit.tickets.lifecycle import ActorKind, TicketAction, allowed_actions
from portalkit.tickets.model import Actor, Priority, Ticket, TicketSummary
from portalkit.tickets.ports import (
    DEFAULT_PAGE_SIZE,
    TicketsUnitOfWork,
    add_ticket,
    company_version,
    page_summaries,
)
from portalkit.tickets.references import ReferenceNumber, issue_reference
from portalkit.tickets.sla import SlaStatus, sla_status
from portalkit.tickets.visibility import TicketNotFoundError, TicketViewer, require_visible

Who = str | Operator
"""Who acts: a customer's user by id, or an operator (processor) of the service company."""

Loaded = tuple[User, Company]
"""A customer's user and their company as the caller has just loaded them (see ``as_loaded``)."""


class TicketMail(enum.StrEnum):
    """The mails the ticket use cases write to the outbox, and their parameters.

    All parameters are strings: ``reference`` (the ticket's reference number) and ``subject``.

    References:
        seed 002 ("Sie erhalten innerhalb kürzester Zeit individuelle Informationen zu Ihrer
        Anfrage"); issue 5.
    """

    OPENED = "ticket_opened"
    """To the requester: the ticket was received, with its reference number."""
    REPLIED = "ticket_replied"
    """To the requester: a processor answered or asked a question."""
    RESOLVED = "ticket_resolved"
    """To the requester: the ticket is solved; close it or reopen it."""


@attrs.frozen
class TicketView:
    """One ticket as the viewer may see it, with what they may do next and its SLA clocks.

    Attributes:
        ticket: the ticket; for customers without internal notes.
        actions: the actions the viewer's kind may try in the ticket's state (for buttons).
        sla: both SLA clocks now.
    """

    ticket: Ticket
    actions: tuple[TicketAction, ...]
    sla: SlaStatus


@attrs.frozen
class TicketPage:
    """One page of a ticket list, newest first.

    Attributes:
        tickets: the tickets of this page.
        next_after: pass it as ``after`` for the next page; ``None`` when this page was not
            full, so nothing follows.
    """

    tickets: tuple[Ticket, ...]
    next_after: ReferenceNumber | None


@attrs.frozen
class TicketSummaryPage:
    """One page of a ticket list as summaries, newest first (see :class:`TicketPage`).

    Attributes:
        tickets: the summaries of this page's tickets.
        next_after: pass it as ``after`` for the next page; ``None`` when nothing follows.
    """

    tickets: tuple[TicketSummary, ...]
    next_after: ReferenceNumber | None


@attrs.frozen
class SupportStatus:
    """Whether support (ticket processing and live chat) is staffed now, and when it opens next.

    Attributes:
        open_now: whether it is staffed at the moment of asking.
        next_opening: the next instant it opens, if it is closed now (else ``None``).
        around_the_clock: whether the asker's company has 24/7 priority support.

    References:
        seed 000 ("Live-Chat: Mo–Fr 08:00–18:00"; "Priority Support ... 24/7").
    """

    open_now: bool
    next_opening: dt.datetime | None
    around_the_clock: bool = False


# --------------------------------------------------------------------------------------------
# Who acts


@attrs.frozen
class _Party:
    actor: Actor
    viewer: TicketViewer
    policy: PolicyActor
    ref: str
    user: User | None = None
    company: Company | None = None


def _load_user(uow: TicketsUnitOfWork, user_id: str) -> tuple[User, Company]:
    user = uow.users.get(user_id)
    if user is None or user.status is UserStatus.DELETED:
        raise UserNotFoundError(user_id)
    company = uow.companies.get(user.company_id)
    if company is None:
        raise CompanyNotFoundError(user.company_id)
    return user, company


def _customer(uow: TicketsUnitOfWork, user_id: str, as_loaded: Loaded | None) -> Loaded:
    # The caller's copies only if they are this user's and their company's, and would have
    # passed the checks of a load; anything else is loaded (and checked) here.
    if as_loaded is not None:
        user, company = as_loaded
        if (
            user.id == user_id
            and company.id == user.company_id
            and user.status is not UserStatus.DELETED
        ):
            return user, company
    return _load_user(uow, user_id)


def _party(uow: TicketsUnitOfWork, who: Who, as_loaded: Loaded | None = None) -> _Party:
    if isinstance(who, Operator):
        return _Party(
            Actor(ActorKind.AGENT, who.id),
            TicketViewer(who.id, None, "operator"),
            who.actor,
            f"operator:{who.id}",
        )
    user, company = _customer(uow, who, as_loaded)
    policy = user.actor(company)
    can(policy, Action.VIEW_TICKETS, Target.company(company.id)).require(Action.VIEW_TICKETS)
    return _Party(
        Actor(ActorKind.CUSTOMER, user.id),
        TicketViewer(user.id, company.id, str(user.role)),
        policy,
        f"user:{user.id}",
        user,
        company,
    )


def _reference(reference: ReferenceNumber | str) -> ReferenceNumber:
    if isinstance(reference, ReferenceNumber):
        return reference
    return ReferenceNumber.parse(reference)


def _load(
    uow: TicketsUnitOfWork,
    services: TicketServices,
    party: _Party,
    reference: ReferenceNumber | str,
) -> Ticket:
    number = _reference(reference)
    company_id = None if party.company is None else party.company.id
    ticket = uow.tickets.get(number, company_id=company_id)
    if ticket is None:
        raise TicketNotFoundError(number)
    return require_visible(party.viewer, ticket, services.settings.visibility)


def _require_may_act(party: _Party, ticket: Ticket) -> None:
    """A customer acts on their own tickets; on colleagues' ones only with the ticket right."""
    if party.actor.kind is ActorKind.CUSTOMER and ticket.requester_id != party.viewer.user_id:
        target = Target.company(ticket.company_id)
        can(party.policy, Action.MANAGE_TICKETS, target).require(Action.MANAGE_TICKETS)


def _as_seen_by(party: _Party, ticket: Ticket) -> Ticket:
    if party.actor.kind is ActorKind.CUSTOMER:
        return attrs.evolve(ticket, messages=model.visible_messages(ticket, ActorKind.CUSTOMER))
    return ticket


# --------------------------------------------------------------------------------------------
# Records: audit events and mails


def _summary(ticket: Ticket) -> dict[str, object]:
    # Bodies stay out of the audit log: internal notes must not leak through it.
    return {
        "state": str(ticket.state),
        "assignee_id": ticket.assignee_id,
        "priority": str(ticket.priority),
        "messages": len(ticket.messages),
        "feedback": None if ticket.feedback is None else ticket.feedback.rating,
    }


def ticket_ref(reference: ReferenceNumber) -> str:
    """Return the audit target of a ticket, e.g. ``ticket:T-2025-000123-22``."""
    return f"ticket:{reference}"


def _audit(
    uow: TicketsUnitOfWork,
    services: TicketServices,
    party: _Party,
    action: str,
    before: Ticket | None,
    after: Ticket,
    now: dt.datetime,
) -> None:
    uow.audit.append(
        AuditEvent(
            id=services.new_id(),
            at=now,
            actor=party.ref,
            action=action,
            target=ticket_ref(after.reference),
            company_id=after.company_id,
            before=None if before is None else _summary(before),
            after=_summary(after),
        )
    )


def _notify(
    uow: TicketsUnitOfWork,
    services: TicketServices,
    ticket: Ticket,
    template: TicketMail,
    now: dt.datetime,
) -> None:
    requester = uow.users.get(ticket.requester_id)
    if requester is None or requester.status is UserStatus.DELETED:
        return
    uow.outbox.put(
        OutboxMessage(
            id=services.new_id(),
            recipient=str(requester.email),
            template=str(template),
            params={"reference": str(ticket.reference), "subject": ticket.subject},
            language=requester.language,
            created_at=now,
        )
    )


# --------------------------------------------------------------------------------------------
# Opening


def _open(
    services: TicketServices,
    user_id: str,
    make: Callable[[TicketsUnitOfWork, _Party, ReferenceNumber, dt.datetime], Ticket],
) -> Ticket:
    now = services.now()
    with services.unit_of_work() as uow:
        party = _party(uow, user_id)
        assert party.company is not None
        reference = issue_reference(uow.ticket_counter, now)
        ticket = make(uow, party, reference, now)
        # Never over a stored ticket: a counter that repeats a number would otherwise
        # overwrite another company's ticket.
        add_ticket(uow.tickets, ticket)
        _audit(uow, services, party, "ticket.opened", None, ticket, now)
        _notify(uow, services, ticket, TicketMail.OPENED, now)
        uow.commit()
    return ticket


def open_ticket(
    services: TicketServices,
    user_id: str,
    *,
    subject: str,
    body: str,
    priority: Priority = Priority.NORMAL,
) -> Ticket:
    """Open a ticket for the user's company; it gets the next reference number of the year.

    The requester gets a confirmation mail with the reference number.

    Raises:
        ActionNotAllowedError: if the user may not use the ticket system (e.g. a guest, or a
            deactivated account).
        InvalidValueError: ``ticket_text_empty`` or ``ticket_text_too_long``.
        UserNotFoundError: for an unknown or deleted user.

    References:
        seed 002 ("Anfragen ... schriftlich einreichen", "durch eine Referenznummer
        identifiziert").
    """

    def make(
        uow: TicketsUnitOfWork, party: _Party, reference: ReferenceNumber, now: dt.datetime
    ) -> Ticket:
        assert party.company is not None
        return model.open_ticket(
            reference,
            company_id=party.company.id,
            requester_id=user_id,
            subject=subject,
            body=body,
            at=now,
            priority=priority,
        )

    return _open(services, user_id, make)


def open_follow_up(
    services: TicketServices,
    user_id: str,
    previous: ReferenceNumber | str,
    *,
    body: str,
    subject: str | None = None,
    priority: Priority | None = None,
) -> Ticket:
    """Open a new ticket that follows up a closed one (after the reopen window) and links to it.

    Raises:
        TicketNotFoundError: if the user may not see *previous*.
        ConflictError: ``ticket_follow_up_needs_closed`` if *previous* is not closed.
        Everything :func:`open_ticket` raises.

    References:
        issue 5 ("afterwards only a follow-up ticket that links to the old one").
    """

    def make(
        uow: TicketsUnitOfWork, party: _Party, reference: ReferenceNumber, now: dt.datetime
    ) -> Ticket:
        old = _load(uow, services, party, previous)
        return model.open_follow_up(
            old,
            reference,
            requester_id=user_id,
            body=body,
            at=now,
            subject=subject,
            priority=priority,
        )

    return _open(services, user_id, make)


# --------------------------------------------------------------------------------------------
# Acting on a ticket


def _change(
    services: TicketServices,
    who: Who,
    reference: ReferenceNumber | str,
    audit_action: str,
    step: Callable[[Ticket, _Party, dt.datetime], Ticket],
    mail: Callable[[Ticket, Ticket], TicketMail | None] = lambda before, after: None,
) -> Ticket:
    now = services.now()
    with services.unit_of_work() as uow:
        party = _party(uow, who)
        before = _load(uow, services, party, reference)
        _require_may_act(party, before)
        after = step(before, party, now)
        uow.tickets.save(after)
        _audit(uow, services, party, audit_action, before, after, now)
        template = mail(before, after)
        if template is not None:
            _notify(uow, services, after, template, now)
        uow.commit()
    return _as_seen_by(party, after)


def _act(
    action: TicketAction,
    services: TicketServices,
    *,
    body: str | None = None,
    assignee_id: str | None = None,
) -> Callable[[Ticket, _Party, dt.datetime], Ticket]:
    def step(ticket: Ticket, party: _Party, now: dt.datetime) -> Ticket:
        return model.act(
            ticket,
            action,
            party.actor,
            at=now,
            body=body,
            assignee_id=assignee_id,
            rules=services.settings.lifecycle,
        )

    return step


def _agent_answered(before: Ticket, after: Ticket) -> TicketMail | None:
    return TicketMail.REPLIED if after.history[-1].actor.kind is ActorKind.AGENT else None


def reply(
    services: TicketServices, who: Who, reference: ReferenceNumber | str, body: str
) -> Ticket:
    """Write a message in the ticket's conversation, as the customer or as the processor.

    A customer's answer to a question hands the ticket back to the processor (``open``); a
    processor's reply is mailed to the requester.

    Raises:
        TicketNotFoundError: if the ticket does not exist or the customer may not see it.
        ActionNotAllowedError: for a customer replying to a colleague's ticket without the
            ticket right (``manage_tickets``).
        TransitionNotAllowedError: if the ticket's state allows no reply by this actor (e.g.
            a closed ticket: reopen it first).
        InvalidValueError: ``ticket_text_empty`` or ``ticket_text_too_long``.

    References:
        seed 002 ("Die Funktionsweise ähnelt der eines E-Mail-Systems"); issue 5.
    """
    step = _act(TicketAction.REPLY, services, body=body)
    return _change(services, who, reference, "ticket.replied", step, _agent_answered)


def add_note(
    services: TicketServices, operator: Operator, reference: ReferenceNumber | str, body: str
) -> Ticket:
    """Add an internal note for processors; customers never see it, nobody is mailed.

    Raises:
        TicketNotFoundError: for an unknown ticket.
        PermissionDeniedError: ``ticket_internal_note_agents_only`` if *operator* is not one.
        InvalidValueError: ``ticket_text_empty`` or ``ticket_text_too_long``.

    References:
        issue 5 ("internal agent notes invisible to customers").
    """

    def step(ticket: Ticket, party: _Party, now: dt.datetime) -> Ticket:
        return model.add_internal_note(ticket, party.actor, body, at=now)

    return _change(services, _agent(operator), reference, "ticket.note_added", step)


def assign(
    services: TicketServices,
    operator: Operator,
    reference: ReferenceNumber | str,
    assignee_id: str | None = None,
) -> Ticket:
    """Give the ticket to a processor of the service company (by default to *operator*).

    A new ticket leaves the queue and becomes ``open``; reassigning keeps the state.

    Raises:
        TicketNotFoundError: for an unknown ticket.
        TransitionNotAllowedError: for a resolved or closed ticket (reopen it first).

    References:
        seed 002 ("dem zuständigen Verarbeiter zur Bearbeitung zugewiesen").
    """
    agent = _agent(operator)
    step = _act(TicketAction.ASSIGN, services, assignee_id=assignee_id or agent.id)
    return _change(services, agent, reference, "ticket.assigned", step)


def ask_customer(
    services: TicketServices, operator: Operator, reference: ReferenceNumber | str, question: str
) -> Ticket:
    """Ask the customer a question; the ticket waits for the answer and its SLA clocks pause.

    Raises:
        TicketNotFoundError: for an unknown ticket.
        TransitionNotAllowedError: unless the ticket is ``open``.
        InvalidValueError: ``ticket_text_empty`` for an empty question.

    References:
        DOMAIN.md section 4 ("stop while the ticket waits for the customer").
    """
    step = _act(TicketAction.ASK_CUSTOMER, services, body=question)
    return _change(
        services, _agent(operator), reference, "ticket.asked_customer", step, _agent_answered
    )


def resolve(
    services: TicketServices,
    operator: Operator,
    reference: ReferenceNumber | str,
    note: str | None = None,
) -> Ticket:
    """Mark the ticket as solved, with an optional message; the requester is told by mail.

    Raises:
        TicketNotFoundError: for an unknown ticket.
        TransitionNotAllowedError: unless the ticket is ``open`` or waiting for the customer.

    References:
        issue 5.
    """
    step = _act(TicketAction.RESOLVE, services, body=note)
    return _change(
        services,
        _agent(operator),
        reference,
        "ticket.resolved",
        step,
        lambda before, after: TicketMail.RESOLVED,
    )


def close(
    services: TicketServices, who: Who, reference: ReferenceNumber | str, note: str | None = None
) -> Ticket:
    """Close the ticket; the customer may do so at any time. It stays readable in the archive.

    Raises:
        TicketNotFoundError: if the ticket does not exist or the customer may not see it.
        ActionNotAllowedError: for a customer closing a colleague's ticket without the ticket
            right.
        TransitionNotAllowedError: if it is closed already.

    References:
        seed 002 ("jederzeit anzuzeigen oder abzuschließen", "bleibt es für Sie im Archiv
        sichtbar").
    """
    step = _act(TicketAction.CLOSE, services, body=note)
    return _change(services, who, reference, "ticket.closed", step)


def reopen(
    services: TicketServices, who: Who, reference: ReferenceNumber | str, note: str | None = None
) -> Ticket:
    """Open a resolved or closed ticket again; customers within the reopen window only.

    Raises:
        TicketNotFoundError: if the ticket does not exist or the customer may not see it.
        ReopenWindowExpiredError: if a customer tries after the window (default 14 days); the
            message says to open a follow-up ticket (:func:`open_follow_up`).
        TransitionNotAllowedError: if the ticket is neither resolved nor closed.

    References:
        issue 5 ("a customer may reopen within a configurable window after closing").
    """
    step = _act(TicketAction.REOPEN, services, body=note)
    return _change(services, who, reference, "ticket.reopened", step)


def give_feedback(
    services: TicketServices,
    user_id: str,
    reference: ReferenceNumber | str,
    rating: int,
    comment: str = "",
) -> Ticket:
    """Rate how a closed ticket was handled, 1 to 5 with a comment; once, by the requester.

    Raises:
        TicketNotFoundError: if the user may not see the ticket.
        ConflictError: ``ticket_feedback_not_closed`` or ``ticket_feedback_given``.
        PermissionDeniedError: ``ticket_feedback_requester_only``.
        InvalidValueError: ``ticket_feedback_rating`` for a rating outside 1–5.

    References:
        seed 000 ("Feedback geben").
    """

    def step(ticket: Ticket, party: _Party, now: dt.datetime) -> Ticket:
        return model.give_feedback(ticket, user_id, rating, comment, at=now)

    return _change(services, user_id, reference, "ticket.feedback_given", step)


def _agent(operator: object) -> Operator:
    # Callers without type checking might pass a user id: a customer must not act as an agent.
    if not isinstance(operator, Operator):
        raise TicketAgentsOnlyError
    return operator


class TicketAgentsOnlyError(PermissionDeniedError):
    """Only processors of the service company may take this step (assign, ask, resolve).

    References:
        issue 5 (the transition table's actor kinds).
    """

    code = "ticket_agents_only"

    def __init__(self) -> None:
        super().__init__()


# --------------------------------------------------------------------------------------------
# Reading


def show_ticket(services: TicketServices, who: Who, reference: ReferenceNumber | str) -> TicketView:
    """Return one ticket with the conversation the viewer may read, the next actions and SLA.

    Closed tickets are shown as well (the archive).

    Raises:
        TicketNotFoundError: if the ticket does not exist or the viewer may not see it.
        InvalidReferenceNumberError: for a mistyped reference number.

    References:
        seed 002 ("jederzeit anzuzeigen", archive); issue 5.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        party = _party(uow, who)
        ticket = _load(uow, services, party, reference)
        sla = _sla(uow, services, ticket, now)
    return TicketView(
        _as_seen_by(party, ticket), allowed_actions(ticket.state, party.actor.kind), sla
    )


def list_tickets(
    services: TicketServices,
    who: Who,
    *,
    archived: bool = False,
    after: ReferenceNumber | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    as_loaded: Loaded | None = None,
) -> TicketPage:
    """Return one page of the tickets the viewer may see: open ones, or the archive.

    Administrators and managers see their company's tickets, employees the ones they requested,
    processors every company's. Newest first; pass :attr:`TicketPage.next_after` as *after* for
    the next page.

    Args:
        services: the ticket services.
        who: the viewer: a customer's user by id, or an operator.
        archived: the closed tickets (the archive) instead of the open ones.
        after: the last reference number of the previous page.
        limit: the page length.
        as_loaded: the user *who* names and their company, as the caller loaded them a
            moment ago (a portal's signed-in check of the same request): they are not
            loaded again. Used only if they are that user (not deleted) and that user's
            company; the role checks are the same either way.

    Raises:
        ActionNotAllowedError: if the user may not use the ticket system.
        ValueError: for a *limit* outside 1 to :data:`~portalkit.tickets.ports.MAX_PAGE_SIZE`.

    References:
        seed 002 (overview and archive); issue 5 (visibility).
    """
    with services.unit_of_work() as uow:
        party = _party(uow, who, as_loaded)
        scope = _list_scope(services, party)
        found: Sequence[Ticket] = []
        if scope is not None:
            found = uow.tickets.page(
                scope[0], requester_id=scope[1], archived=archived, after=after, limit=limit
            )
    tickets = tuple(_as_seen_by(party, ticket) for ticket in found)
    next_after = tickets[-1].reference if len(tickets) == limit else None
    return TicketPage(tickets, next_after)


def list_ticket_summaries(
    services: TicketServices,
    who: Who,
    *,
    archived: bool = False,
    after: ReferenceNumber | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    as_loaded: Loaded | None = None,
) -> TicketSummaryPage:
    """Return the page :func:`list_tickets` returns, as summaries without the conversations.

    For lists that show no more than a ticket's reference, subject, state, priority, people
    and times: storage adapters with summaries (see
    :class:`~portalkit.tickets.ports.TicketSummaryRepository`) need not load each ticket whole.
    The same arguments (*as_loaded* included), visibility, errors and paging as
    :func:`list_tickets`.

    Raises:
        ActionNotAllowedError: if the user may not use the ticket system.
        ValueError: for a *limit* outside 1 to :data:`~portalkit.tickets.ports.MAX_PAGE_SIZE`.
    """
    with services.unit_of_work() as uow:
        party = _party(uow, who, as_loaded)
        scope = _list_scope(services, party)
        found: Sequence[TicketSummary] = []
        if scope is not None:
            found = page_summaries(
                uow.tickets,
                scope[0],
                viewer=party.actor.kind,
                requester_id=scope[1],
                archived=archived,
                after=after,
                limit=limit,
            )
    summaries = tuple(found)
    next_after = summaries[-1].reference if len(summaries) == limit else None
    return TicketSummaryPage(summaries, next_after)


def company_data_version(services: TicketServices, company_id: str) -> int | None:
    """Return the version of the company's data, or ``None`` if the store counts none.

    The version changes with every committed change to the company, its users or its
    tickets (:class:`~portalkit.tickets.ports.CompanyVersionRepository`). What
    :func:`list_ticket_summaries` returns for a user depends on nothing else than these data
    and the user, so a list page made after reading a version stays right while the version
    reads the same. Read the version before the list, never after: a change in between then
    makes the page newer than its version, never older.
    """
    with services.unit_of_work() as uow:
        return company_version(uow.tickets, company_id)


def _list_scope(services: TicketServices, party: _Party) -> tuple[str | None, str | None] | None:
    # (company, requester) of the tickets the party may list, or None for none at all.
    rules = services.settings.visibility
    role = party.viewer.role
    if party.actor.kind is ActorKind.AGENT:
        return None, None
    if role in rules.company_roles:
        return party.viewer.company_id, None
    if role in rules.own_roles:
        return party.viewer.company_id, party.viewer.user_id
    return None


def unassigned_queue(
    services: TicketServices, operator: Operator, *, limit: int = DEFAULT_PAGE_SIZE
) -> list[Ticket]:
    """Return the queue of tickets nobody has taken yet: most urgent first, then the oldest.

    References:
        issue 5 ("a queue of unassigned tickets").
    """
    _agent(operator)
    with services.unit_of_work() as uow:
        return list(uow.tickets.unassigned(limit=limit))


def _sla(
    uow: TicketsUnitOfWork, services: TicketServices, ticket: Ticket, now: dt.datetime
) -> SlaStatus:
    company = uow.companies.get(ticket.company_id)
    if company is None:
        raise CompanyNotFoundError(ticket.company_id)
    clock = business_clock(services.settings, company)
    return sla_status(ticket, now, clock, services.settings.sla_targets)


def ticket_sla(services: TicketServices, who: Who, reference: ReferenceNumber | str) -> SlaStatus:
    """Return the ticket's SLA clocks now, on its company's business hours.

    Office hours Mon–Fri 08:00–18:00 without the public holidays of the company's state
    (:attr:`TicketSettings.company_states`), and 24/7 for internal companies.

    Raises:
        TicketNotFoundError: if the ticket does not exist or the viewer may not see it.

    References:
        DOMAIN.md section 4; seed 000; issue 5.
    """
    return show_ticket(services, who, reference).sla


def support_status(
    services: TicketServices, user_id: str | None = None, *, as_loaded: Loaded | None = None
) -> SupportStatus:
    """Tell whether support is staffed now and, if not, when it opens next.

    Support and the live chat are open Mon–Fri 08:00–18:00 except on the public holidays of
    :attr:`TicketSettings.support_state`. Users of internal companies have 24/7 priority
    support. *as_loaded* spares loading the user and company again, as in
    :func:`list_tickets`.

    Raises:
        UserNotFoundError: for an unknown *user_id*.

    References:
        seed 000 ("Live-Chat: Mo–Fr 08:00–18:00", "Priority Support ... 24/7").
    """
    now = services.now()
    if user_id is not None:
        with services.unit_of_work() as uow:
            _, company = _customer(uow, user_id, as_loaded)
        if company.internal:
            return SupportStatus(open_now=True, next_opening=None, around_the_clock=True)
    settings = services.settings
    hours = office_hours(settings.support_state, settings.timezone)
    if hours.is_open(now):
        return SupportStatus(open_now=True, next_opening=None)
    return SupportStatus(open_now=False, next_opening=hours.next_opening(now))


def export_view(ticket: Ticket) -> Mapping[str, object]:
    """Return a ticket as its requester may read it, as plain data for the data export.

    Internal notes are left out; instants are ISO 8601 strings.

    References:
        seed 000 ("Datenexport"); DSGVO Art. 20.
    """
    return {
        "reference": str(ticket.reference),
        "subject": ticket.subject,
        "state": str(ticket.state),
        "priority": str(ticket.priority),
        "created_at": ticket.created_at.isoformat(),
        "follow_up_of": None if ticket.follow_up_of is None else str(ticket.follow_up_of),
        "messages": [
            {
                "at": message.at.isoformat(),
                "from": str(message.author.kind),
                "body": message.body,
            }
            for message in model.visible_messages(ticket, ActorKind.CUSTOMER)
        ],
        "feedback": None
        if ticket.feedback is None
        else {"rating": ticket.feedback.rating, "comment": ticket.feedback.comment},
    }
