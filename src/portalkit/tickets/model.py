"""The ticket itself: a frozen value with its history and conversation, changed by pure functions.

Every operation takes a ticket and returns a new one (``attrs.evolve``); nothing is stored here.
State changes go through :func:`portalkit.tickets.lifecycle.next_state`, so the transition table
stays the only authority on what may happen.

References:
    seed 002 (reference number, assignment to a processor, close at any time, archive);
    seed 000 (feedback); DOMAIN.md section 4.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Final

import attrs

from portalkit._errors import ConflictError, InvalidValueError, PermissionDeniedError
from portalkit.clock import require_aware
from portalkit.tickets.lifecycle import (
    ActorKind,
    LifecycleRules,
    TicketAction,
    TicketState,
    next_state,
)
from portalkit.tickets.references import ReferenceNumber

MAX_SUBJECT_LENGTH: Final = 200
"""Longest subject a ticket may have, in characters."""

MAX_BODY_LENGTH: Final = 20_000
"""Longest message body, in characters."""

MAX_FEEDBACK_COMMENT_LENGTH: Final = 2_000
"""Longest feedback comment, in characters."""


class Priority(enum.StrEnum):
    """How urgent a ticket is; it selects the SLA targets.

    References:
        DOMAIN.md section 4 (SLA clocks).
    """

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


def _require_aware_field(
    instance: object, attribute: attrs.Attribute[dt.datetime], value: dt.datetime
) -> None:
    require_aware(value, attribute.name)


@attrs.frozen
class Actor:
    """Who does something to a ticket: the kind of actor and, for people, the user id.

    The system acts without a user id; customers and agents always have one.
    """

    kind: ActorKind
    user_id: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.kind is ActorKind.SYSTEM) != (self.user_id is None):
            raise InvalidValueError(field="user_id")


SYSTEM: Final = Actor(ActorKind.SYSTEM)
"""portalkit itself, for scheduled steps such as closing resolved tickets automatically."""


@attrs.frozen
class TicketEvent:
    """One state change in a ticket's history.

    Attributes:
        at: when it happened.
        action: what was done.
        actor: who did it.
        source: the state before.
        target: the state after (may equal *source*, e.g. when reassigning).
        assignee_id: the new assignee, for :attr:`TicketAction.ASSIGN`.
    """

    at: dt.datetime = attrs.field(validator=_require_aware_field)
    action: TicketAction
    actor: Actor
    source: TicketState
    target: TicketState
    assignee_id: str | None = None


@attrs.frozen
class TicketMessage:
    """One message in a ticket's conversation.

    Internal notes are written by agents for agents; customers never see them.
    """

    at: dt.datetime = attrs.field(validator=_require_aware_field)
    author: Actor
    body: str
    internal: bool = False


@attrs.frozen
class Feedback:
    """The requester's rating of how the ticket was handled (seed 000: "Feedback geben").

    References:
        seed 000.
    """

    rating: int
    comment: str
    at: dt.datetime = attrs.field(validator=_require_aware_field)
    author_id: str


@attrs.frozen
class Ticket:
    """A customer's request to the service company, with its history and conversation.

    Create tickets with :func:`open_ticket` or :func:`open_follow_up`; change them with
    :func:`act`, :func:`add_internal_note` and :func:`give_feedback`.

    References:
        seed 002; DOMAIN.md section 4.
    """

    reference: ReferenceNumber
    company_id: str
    requester_id: str
    subject: str
    priority: Priority
    created_at: dt.datetime = attrs.field(validator=_require_aware_field)
    state: TicketState = TicketState.NEW
    assignee_id: str | None = None
    history: tuple[TicketEvent, ...] = ()
    messages: tuple[TicketMessage, ...] = ()
    follow_up_of: ReferenceNumber | None = None
    feedback: Feedback | None = None

    @property
    def closed_at(self) -> dt.datetime | None:
        """When the ticket was last closed, or ``None`` while it is not closed."""
        if self.state is not TicketState.CLOSED:
            return None
        return next(event.at for event in reversed(self.history) if event.target is self.state)

    @property
    def last_change_at(self) -> dt.datetime:
        """The latest instant in history, conversation or feedback, else the creation."""
        instants = [self.created_at]
        if self.history:
            instants.append(self.history[-1].at)
        if self.messages:
            instants.append(self.messages[-1].at)
        if self.feedback:
            instants.append(self.feedback.at)
        return max(instants)

    @property
    def in_archive(self) -> bool:
        """Whether the ticket is closed and shown in the archive (seed 002)."""
        return self.state is TicketState.CLOSED


@attrs.frozen
class TicketSummary:
    """What a ticket list shows of a ticket: no history, conversation or feedback.

    Attributes:
        last_change_at: :attr:`Ticket.last_change_at` as the viewer sees the ticket, i.e.
            without internal notes for customers (see :func:`summarize`).
    """

    reference: ReferenceNumber
    company_id: str
    requester_id: str
    subject: str
    priority: Priority
    created_at: dt.datetime
    state: TicketState
    assignee_id: str | None
    follow_up_of: ReferenceNumber | None
    last_change_at: dt.datetime


def summarize(ticket: Ticket, viewer: ActorKind) -> TicketSummary:
    """Return the :class:`TicketSummary` of *ticket* as a *viewer* of that kind sees it."""
    messages = visible_messages(ticket, viewer)
    if messages is not ticket.messages:
        ticket = attrs.evolve(ticket, messages=messages)
    return TicketSummary(
        ticket.reference,
        ticket.company_id,
        ticket.requester_id,
        ticket.subject,
        ticket.priority,
        ticket.created_at,
        ticket.state,
        ticket.assignee_id,
        ticket.follow_up_of,
        ticket.last_change_at,
    )


def _clean_text(value: str, field: str, maximum: int, *, required: bool = True) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise InvalidValueError("ticket_text_empty", field=field)
    if len(cleaned) > maximum:
        raise InvalidValueError("ticket_text_too_long", field=field, maximum=maximum)
    return cleaned


def _check_order(ticket: Ticket, at: dt.datetime) -> dt.datetime:
    require_aware(at, "at")
    last = ticket.last_change_at
    if at < last:
        raise InvalidValueError("ticket_out_of_order", at=at, last=last)
    return at


def open_ticket(
    reference: ReferenceNumber,
    *,
    company_id: str,
    requester_id: str,
    subject: str,
    body: str,
    at: dt.datetime,
    priority: Priority = Priority.NORMAL,
    follow_up_of: ReferenceNumber | None = None,
) -> Ticket:
    """Return a new ticket in state ``new`` whose conversation starts with the requester's text.

    Raises:
        InvalidValueError: ``ticket_text_empty`` or ``ticket_text_too_long`` for the subject or
            body.
        NaiveDatetimeError: if *at* has no time zone.

    References:
        seed 002 ("Anfragen ... schriftlich einreichen").
    """
    requester = Actor(ActorKind.CUSTOMER, requester_id)
    first = TicketMessage(
        require_aware(at, "at"), requester, _clean_text(body, "body", MAX_BODY_LENGTH)
    )
    return Ticket(
        reference=reference,
        company_id=company_id,
        requester_id=requester_id,
        subject=_clean_text(subject, "subject", MAX_SUBJECT_LENGTH),
        priority=priority,
        created_at=at,
        messages=(first,),
        follow_up_of=follow_up_of,
    )


def open_follow_up(
    previous: Ticket,
    reference: ReferenceNumber,
    *,
    requester_id: str,
    body: str,
    at: dt.datetime,
    subject: str | None = None,
    priority: Priority | None = None,
) -> Ticket:
    """Return a new ticket that follows up a closed one and links to it.

    This is the customer's way back once the reopen window has passed. The follow-up belongs to
    the previous ticket's company and keeps its subject and priority unless given.

    Raises:
        ConflictError: ``ticket_follow_up_needs_closed`` if *previous* is not closed (reply to it
            or reopen it instead).

    References:
        issue 5 (follow-up tickets link to the old one).
    """
    if previous.state is not TicketState.CLOSED:
        raise ConflictError("ticket_follow_up_needs_closed", reference=str(previous.reference))
    return open_ticket(
        reference,
        company_id=previous.company_id,
        requester_id=requester_id,
        subject=previous.subject if subject is None else subject,
        body=body,
        at=at,
        priority=previous.priority if priority is None else priority,
        follow_up_of=previous.reference,
    )


_NEEDS_BODY: Final = frozenset({TicketAction.REPLY, TicketAction.ASK_CUSTOMER})


def act(
    ticket: Ticket,
    action: TicketAction,
    actor: Actor,
    *,
    at: dt.datetime,
    body: str | None = None,
    assignee_id: str | None = None,
    rules: LifecycleRules = LifecycleRules(),  # noqa: B008 - frozen, so sharing is safe
) -> Ticket:
    """Return *ticket* after *actor* did *action* at *at*, with an optional public message.

    Replies and questions to the customer need a *body*; other actions may carry one (a note
    when resolving or closing). Assigning needs *assignee_id*.

    Raises:
        TransitionNotAllowedError: if the transition table has no row for it.
        ReopenWindowExpiredError: if a customer reopens after the reopen window.
        InvalidValueError: ``ticket_out_of_order`` if *at* is before the ticket's last change;
            ``ticket_text_empty`` if a reply has no text; ``invalid_value`` for a missing or
            needless *assignee_id*.

    References:
        seed 002; issue 5.
    """
    _check_order(ticket, at)
    target = next_state(
        ticket.state, action, actor.kind, at=at, closed_at=ticket.closed_at, rules=rules
    )
    if (action is TicketAction.ASSIGN) != (assignee_id is not None):
        raise InvalidValueError(field="assignee_id")
    messages = ticket.messages
    if body is not None or action in _NEEDS_BODY:
        text = _clean_text(body or "", "body", MAX_BODY_LENGTH)
        messages = (*messages, TicketMessage(at, actor, text))
    event = TicketEvent(at, action, actor, ticket.state, target, assignee_id)
    return attrs.evolve(
        ticket,
        state=target,
        assignee_id=ticket.assignee_id if assignee_id is None else assignee_id,
        history=(*ticket.history, event),
        messages=messages,
    )


def add_internal_note(ticket: Ticket, agent: Actor, body: str, *, at: dt.datetime) -> Ticket:
    """Return *ticket* with an internal note that only agents see; the state does not change.

    Raises:
        PermissionDeniedError: ``ticket_internal_note_agents_only`` unless *agent* is an agent.
        InvalidValueError: ``ticket_out_of_order`` or ``ticket_text_empty``.
    """
    if agent.kind is not ActorKind.AGENT:
        raise PermissionDeniedError("ticket_internal_note_agents_only")
    _check_order(ticket, at)
    note = TicketMessage(at, agent, _clean_text(body, "body", MAX_BODY_LENGTH), internal=True)
    return attrs.evolve(ticket, messages=(*ticket.messages, note))


def visible_messages(ticket: Ticket, viewer: ActorKind) -> tuple[TicketMessage, ...]:
    """Return the messages a *viewer* of that kind may read: customers never see internal notes.

    References:
        issue 5 ("internal agent notes invisible to customers").
    """
    if viewer is ActorKind.CUSTOMER:
        return tuple(message for message in ticket.messages if not message.internal)
    return ticket.messages


def give_feedback(
    ticket: Ticket, author_id: str, rating: int, comment: str = "", *, at: dt.datetime
) -> Ticket:
    """Return *ticket* with the requester's rating (1–5) and comment, once, after closing.

    Raises:
        ConflictError: ``ticket_feedback_not_closed`` before the ticket is closed;
            ``ticket_feedback_given`` if there is feedback already.
        PermissionDeniedError: ``ticket_feedback_requester_only`` for anyone but the requester.
        InvalidValueError: ``ticket_feedback_rating`` for a rating outside 1–5;
            ``ticket_text_too_long`` for a comment over 2,000 characters.

    References:
        seed 000 ("Feedback geben: Bewerten Sie unsere Leistungen direkt im Portal").
    """
    if ticket.state is not TicketState.CLOSED:
        raise ConflictError("ticket_feedback_not_closed", reference=str(ticket.reference))
    if author_id != ticket.requester_id:
        raise PermissionDeniedError("ticket_feedback_requester_only")
    if ticket.feedback is not None:
        raise ConflictError("ticket_feedback_given", reference=str(ticket.reference))
    if isinstance(rating, bool) or not 1 <= rating <= 5:
        raise InvalidValueError("ticket_feedback_rating", rating=rating)
    _check_order(ticket, at)
    text = _clean_text(comment, "comment", MAX_FEEDBACK_COMMENT_LENGTH, required=False)
    return attrs.evolve(ticket, feedback=Feedback(rating, text, at, author_id))


_PRIORITY_RANK: Final = {
    Priority.URGENT: 0,
    Priority.HIGH: 1,
    Priority.NORMAL: 2,
    Priority.LOW: 3,
}


def unassigned_queue(tickets: Iterable[Ticket]) -> list[Ticket]:
    """Return the tickets nobody has taken yet: new and unassigned, most urgent and oldest first.

    References:
        issue 5 ("a queue of unassigned tickets").
    """
    waiting = (t for t in tickets if t.state is TicketState.NEW and t.assignee_id is None)
    return sorted(waiting, key=lambda t: (_PRIORITY_RANK[t.priority], t.created_at, t.reference))
