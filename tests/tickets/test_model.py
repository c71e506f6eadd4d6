"""The ticket value and the pure operations on it."""

from __future__ import annotations

import datetime as dt
import json

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import ConflictError, InvalidValueError, NaiveDatetimeError, PermissionDeniedError
from portalkit.tickets.lifecycle import (
    ActorKind,
    ReopenWindowExpiredError,
    TicketAction,
    TicketState,
    TransitionNotAllowedError,
)
from portalkit.tickets.model import (
    SYSTEM,
    Actor,
    Priority,
    Ticket,
    act,
    add_internal_note,
    give_feedback,
    open_follow_up,
    open_ticket,
    unassigned_queue,
    visible_messages,
)
from portalkit.tickets.references import ReferenceNumber
from tests.tickets.strategies import (
    AGENT_ID,
    AT,
    COLLEAGUE,
    REQUESTER,
    agent,
    customer,
    new_ticket,
)

A = TicketAction
HOUR = dt.timedelta(hours=1)


def test_a_new_ticket_starts_in_the_queue_with_the_requesters_message() -> None:
    ticket = new_ticket()
    assert ticket.state == TicketState.NEW
    assert ticket.assignee_id is None
    assert ticket.history == ()
    assert [m.body for m in ticket.messages] == ["Seit heute Morgen bleibt es kalt."]
    assert Actor(ActorKind.CUSTOMER, REQUESTER) == ticket.messages[0].author
    assert [ticket] == unassigned_queue([ticket])


def test_assigning_takes_the_ticket_out_of_the_queue_and_records_the_event() -> None:
    ticket = act(new_ticket(), A.ASSIGN, agent, at=AT + HOUR, assignee_id=AGENT_ID)
    assert ticket.state == TicketState.OPEN
    assert ticket.assignee_id == AGENT_ID
    assert unassigned_queue([ticket]) == []
    event = ticket.history[-1]
    assert (AT + HOUR, A.ASSIGN, agent) == (event.at, event.action, event.actor)
    assert (
        event.source,
        event.target,
        event.assignee_id,
    ) == (TicketState.NEW, TicketState.OPEN, AGENT_ID)


def test_the_queue_puts_urgent_and_old_tickets_first() -> None:
    old = new_ticket(1, at=AT)
    urgent = new_ticket(2, at=AT + HOUR, priority=Priority.URGENT)
    newer = new_ticket(3, at=AT + 2 * HOUR)
    assert [urgent, old, newer] == unassigned_queue([newer, old, urgent])


def test_assigning_needs_an_assignee_and_other_actions_refuse_one() -> None:
    with pytest.raises(InvalidValueError):
        act(new_ticket(), A.ASSIGN, agent, at=AT)
    with pytest.raises(InvalidValueError):
        act(new_ticket(), A.CLOSE, customer, at=AT, assignee_id=AGENT_ID)


def test_a_conversation_alternates_between_customer_and_agent() -> None:
    ticket = act(new_ticket(), A.ASSIGN, agent, at=AT, assignee_id=AGENT_ID)
    ticket = act(ticket, A.ASK_CUSTOMER, agent, at=AT + HOUR, body="Welcher Raum genau?")
    assert ticket.state == TicketState.WAITING_FOR_CUSTOMER
    ticket = act(ticket, A.REPLY, customer, at=AT + 2 * HOUR, body="Raum 2.14")
    assert ticket.state == TicketState.OPEN
    assert [m.body for m in ticket.messages] == [
        "Seit heute Morgen bleibt es kalt.",
        "Welcher Raum genau?",
        "Raum 2.14",
    ]


def test_a_reply_needs_text() -> None:
    ticket = act(new_ticket(), A.ASSIGN, agent, at=AT, assignee_id=AGENT_ID)
    with pytest.raises(InvalidValueError) as caught:
        act(ticket, A.REPLY, agent, at=AT, body="   ")
    assert caught.value.code == "ticket_text_empty"


def test_internal_notes_are_hidden_from_customers_but_not_from_agents() -> None:
    ticket = add_internal_note(new_ticket(), agent, "Kunde hat Wartungsvertrag B", at=AT + HOUR)
    assert ticket.state == TicketState.NEW
    assert len(visible_messages(ticket, ActorKind.CUSTOMER)) == 1
    assert len(visible_messages(ticket, ActorKind.AGENT)) == 2
    assert ticket.messages[-1].internal


def test_customers_cannot_write_internal_notes() -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        add_internal_note(new_ticket(), customer, "psst", at=AT)
    assert caught.value.code == "ticket_internal_note_agents_only"


def test_a_closed_ticket_stays_in_the_archive_and_readable() -> None:
    ticket = act(new_ticket(), A.CLOSE, customer, at=AT + HOUR)
    assert ticket.in_archive
    assert ticket.closed_at == AT + HOUR
    assert ticket.messages == visible_messages(ticket, ActorKind.CUSTOMER)
    with pytest.raises(TransitionNotAllowedError):
        act(ticket, A.REPLY, customer, at=AT + 2 * HOUR, body="Noch etwas")


def test_a_closed_ticket_reopens_within_the_window_and_otherwise_needs_a_follow_up() -> None:
    closed = act(new_ticket(), A.CLOSE, customer, at=AT)
    reopened = act(closed, A.REOPEN, customer, at=AT + dt.timedelta(days=14))
    assert reopened.state == TicketState.OPEN
    assert reopened.closed_at is None
    with pytest.raises(ReopenWindowExpiredError):
        act(closed, A.REOPEN, customer, at=AT + dt.timedelta(days=15))
    follow_up = open_follow_up(
        closed,
        ReferenceNumber(2025, 99),
        requester_id=COLLEAGUE,
        body="Die Heizung fällt wieder aus.",
        at=AT + dt.timedelta(days=15),
    )
    assert closed.reference == follow_up.follow_up_of
    assert (closed.company_id, closed.subject, closed.priority) == (
        follow_up.company_id,
        follow_up.subject,
        follow_up.priority,
    )
    assert follow_up.state == TicketState.NEW


def test_only_closed_tickets_get_follow_ups() -> None:
    with pytest.raises(ConflictError) as caught:
        open_follow_up(
            new_ticket(), ReferenceNumber(2025, 2), requester_id=REQUESTER, body="x", at=AT
        )
    assert caught.value.code == "ticket_follow_up_needs_closed"


def test_the_history_runs_forwards_in_time() -> None:
    ticket = act(new_ticket(), A.ASSIGN, agent, at=AT + HOUR, assignee_id=AGENT_ID)
    with pytest.raises(InvalidValueError) as caught:
        act(ticket, A.RESOLVE, agent, at=AT)
    assert caught.value.code == "ticket_out_of_order"


def test_instants_need_a_time_zone() -> None:
    with pytest.raises(NaiveDatetimeError):
        act(new_ticket(), A.CLOSE, customer, at=dt.datetime(2025, 3, 3, 12))  # noqa: DTZ001


def test_the_system_acts_without_a_user_and_people_with_one() -> None:
    assert SYSTEM.user_id is None
    with pytest.raises(InvalidValueError):
        Actor(ActorKind.SYSTEM, "robot")
    with pytest.raises(InvalidValueError):
        Actor(ActorKind.AGENT)


@pytest.mark.parametrize(
    ("subject", "body", "code"),
    [
        (" ", "Text", "ticket_text_empty"),
        ("Betreff", "\n", "ticket_text_empty"),
        ("x" * 201, "Text", "ticket_text_too_long"),
        ("Betreff", "x" * 20_001, "ticket_text_too_long"),
    ],
)
def test_subject_and_body_must_not_be_empty_or_overlong(subject: str, body: str, code: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        open_ticket(
            ReferenceNumber(2025, 1),
            company_id="acme",
            requester_id=REQUESTER,
            subject=subject,
            body=body,
            at=AT,
        )
    assert code == caught.value.code


def test_the_requester_rates_a_closed_ticket_once() -> None:
    ticket = act(new_ticket(), A.CLOSE, customer, at=AT + HOUR)
    rated = give_feedback(ticket, REQUESTER, 5, " Schnell und freundlich ", at=AT + 2 * HOUR)
    assert rated.feedback is not None
    assert (
        rated.feedback.rating,
        rated.feedback.comment,
        rated.feedback.author_id,
    ) == (5, "Schnell und freundlich", REQUESTER)
    with pytest.raises(ConflictError) as again:
        give_feedback(rated, REQUESTER, 4, at=AT + 3 * HOUR)
    assert again.value.code == "ticket_feedback_given"


def test_feedback_waits_for_closing_and_comes_from_the_requester() -> None:
    with pytest.raises(ConflictError) as early:
        give_feedback(new_ticket(), REQUESTER, 5, at=AT)
    assert early.value.code == "ticket_feedback_not_closed"
    closed = act(new_ticket(), A.CLOSE, customer, at=AT)
    with pytest.raises(PermissionDeniedError) as stranger:
        give_feedback(closed, COLLEAGUE, 5, at=AT)
    assert stranger.value.code == "ticket_feedback_requester_only"


@given(st.integers())
def test_a_rating_is_accepted_exactly_from_one_to_five(rating: int) -> None:
    closed = act(new_ticket(), A.CLOSE, customer, at=AT)
    if 1 <= rating <= 5:
        feedback = give_feedback(closed, REQUESTER, rating, at=AT).feedback
        assert feedback is not None
        assert rating == feedback.rating
    else:
        with pytest.raises(InvalidValueError) as caught:
            give_feedback(closed, REQUESTER, rating, at=AT)
        assert caught.value.code == "ticket_feedback_rating"


def test_feedback_comments_are_limited() -> None:
    closed = act(new_ticket(), A.CLOSE, customer, at=AT)
    with pytest.raises(InvalidValueError) as caught:
        give_feedback(closed, REQUESTER, 3, "x" * 2001, at=AT)
    assert caught.value.code == "ticket_text_too_long"


def test_the_system_closes_resolved_tickets_automatically() -> None:
    ticket = act(new_ticket(), A.ASSIGN, agent, at=AT, assignee_id=AGENT_ID)
    ticket = act(ticket, A.RESOLVE, agent, at=AT + HOUR, body="Thermostat getauscht.")
    ticket = act(ticket, A.AUTO_CLOSE, SYSTEM, at=AT + dt.timedelta(days=7))
    assert ticket.state == TicketState.CLOSED
    assert ticket.history[-1].actor == SYSTEM


@given(st.lists(st.booleans(), max_size=10))
def test_customers_see_every_message_except_internal_notes(notes: list[bool]) -> None:
    ticket = act(new_ticket(), A.ASSIGN, agent, at=AT, assignee_id=AGENT_ID)
    for index, internal in enumerate(notes):
        at = AT + index * HOUR
        if internal:
            ticket = add_internal_note(ticket, agent, f"Notiz {index}", at=at)
        else:
            ticket = act(ticket, A.REPLY, agent, at=at, body=f"Antwort {index}")
    seen = visible_messages(ticket, ActorKind.CUSTOMER)
    assert 1 + notes.count(False) == len(seen)
    assert not any(message.internal for message in seen)
    assert ticket.messages == visible_messages(ticket, ActorKind.AGENT)


def test_nothing_may_happen_before_the_feedback() -> None:
    closed = act(new_ticket(), A.CLOSE, customer, at=AT + HOUR)
    rated = give_feedback(closed, REQUESTER, 4, at=AT + 3 * HOUR)
    with pytest.raises(InvalidValueError) as caught:
        act(rated, A.REOPEN, agent, at=AT + 2 * HOUR)
    assert caught.value.code == "ticket_out_of_order"


def test_a_ticket_round_trips_through_cattrs_for_storage_and_export() -> None:
    converter = cattrs.Converter()
    converter.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    converter.register_structure_hook(
        dt.datetime, lambda value, _: dt.datetime.fromisoformat(value)
    )
    ticket = act(new_ticket(), A.ASSIGN, agent, at=AT, assignee_id=AGENT_ID)
    ticket = add_internal_note(ticket, agent, "intern", at=AT)
    ticket = act(ticket, A.CLOSE, customer, at=AT + HOUR)
    ticket = give_feedback(ticket, REQUESTER, 4, "gut", at=AT + HOUR)
    data = converter.unstructure(ticket)
    assert data["created_at"] == "2025-03-03T09:00:00+00:00"
    assert data["reference"] == {"year": 2025, "sequence": 1}
    assert ticket == converter.structure(json.loads(json.dumps(data)), Ticket)
