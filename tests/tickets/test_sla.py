"""SLA clocks: due instants and breaches from the ticket's history."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import InvalidValueError, NaiveDatetimeError
from portalkit.tickets.lifecycle import TicketAction
from portalkit.tickets.model import Priority, Ticket, act, add_internal_note
from portalkit.tickets.sla import (
    DEFAULT_SLA_TARGETS,
    AroundTheClock,
    SlaClockState,
    SlaTarget,
    sla_status,
)
from tests.tickets.clocks import OfficeHoursClock
from tests.tickets.strategies import AGENT_ID, agent, customer, new_ticket

A = TicketAction
OFFICE = OfficeHoursClock()
NONSTOP = AroundTheClock()
H = dt.timedelta(hours=1)
clocks = st.sampled_from([OFFICE, NONSTOP])
spans = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=10))


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=dt.UTC)


MONDAY_9 = at(3, 3, 9)


def assigned(opened: dt.datetime = MONDAY_9, priority: Priority = Priority.NORMAL) -> Ticket:
    ticket = new_ticket(at=opened, priority=priority)
    return act(ticket, A.ASSIGN, agent, at=opened, assignee_id=AGENT_ID)


def test_the_default_targets_rise_as_priority_falls() -> None:
    order = [Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.LOW]
    responses = [DEFAULT_SLA_TARGETS[p].first_response for p in order]
    resolutions = [DEFAULT_SLA_TARGETS[p].resolution for p in order]
    assert sorted(responses) == responses
    assert sorted(resolutions) == resolutions
    assert SlaTarget(4 * H, 16 * H) == DEFAULT_SLA_TARGETS[Priority.HIGH]
    assert set(Priority) == set(DEFAULT_SLA_TARGETS)


@pytest.mark.parametrize(("first", "resolution"), [(dt.timedelta(0), H), (-H, H), (2 * H, H)])
def test_targets_must_be_positive_and_ordered(
    first: dt.timedelta, resolution: dt.timedelta
) -> None:
    with pytest.raises(InvalidValueError):
        SlaTarget(first, resolution)


def test_a_high_ticket_on_friday_afternoon_is_due_on_monday_in_office_hours() -> None:
    ticket = new_ticket(at=at(3, 28, 17), priority=Priority.HIGH)
    status = sla_status(ticket, at(3, 29, 12), OFFICE)
    assert at(3, 31, 11) == status.first_response_due
    assert at(4, 1, 13) == status.resolution_due
    assert status.first_response.state == SlaClockState.RUNNING
    assert status.first_response.elapsed == 1 * H
    assert status.first_response.remaining == 3 * H
    assert not status.breached


def test_internal_customers_get_round_the_clock_due_instants() -> None:
    ticket = new_ticket(at=at(3, 28, 17), priority=Priority.HIGH)
    status = sla_status(ticket, at(3, 28, 18), NONSTOP)
    assert at(3, 28, 21) == status.first_response_due
    assert at(3, 29, 9) == status.resolution_due


def test_an_unanswered_urgent_ticket_breaches_after_one_hour() -> None:
    ticket = new_ticket(at=MONDAY_9, priority=Priority.URGENT)
    assert not sla_status(ticket, at(3, 3, 10), OFFICE).breached
    late = sla_status(ticket, at(3, 3, 10, 1), OFFICE)
    assert late.first_response.breached
    assert late.breached
    assert at(3, 3, 10) == late.first_response_due


def test_assigning_or_writing_an_internal_note_is_no_first_response() -> None:
    ticket = add_internal_note(assigned(), agent, "Prüfe Wartungsvertrag", at=at(3, 3, 10))
    status = sla_status(ticket, at(3, 3, 11), OFFICE)
    assert status.first_response.state == SlaClockState.RUNNING


def test_waiting_for_the_customer_stops_the_first_response_and_pauses_resolution() -> None:
    ticket = act(assigned(), A.ASK_CUSTOMER, agent, at=at(3, 3, 10), body="Welcher Raum?")
    waiting = sla_status(ticket, at(3, 4, 10), OFFICE)
    assert waiting.first_response.state == SlaClockState.STOPPED
    assert at(3, 3, 10) == waiting.first_response.stopped_at
    assert at(3, 3, 17) == waiting.first_response_due
    assert not waiting.first_response.breached
    assert waiting.resolution.state == SlaClockState.PAUSED
    assert waiting.resolution.elapsed == 1 * H

    answered = act(ticket, A.REPLY, customer, at=at(3, 4, 10), body="Raum 2.14")
    status = sla_status(answered, at(3, 4, 10), OFFICE)
    # 40 business hours from Mon 09:00 end Fri 09:00; the ten business hours from Mon 10:00
    # to Tue 10:00 the ticket waited for the customer move that to Mon 10 Mar 09:00.
    assert at(3, 10, 9) == status.resolution_due
    assert status.resolution.state == SlaClockState.RUNNING


def test_the_same_pause_round_the_clock_adds_the_full_day() -> None:
    ticket = act(assigned(), A.ASK_CUSTOMER, agent, at=at(3, 3, 10), body="Welcher Raum?")
    ticket = act(ticket, A.REPLY, customer, at=at(3, 4, 10), body="Raum 2.14")
    assert at(3, 6, 1) == sla_status(ticket, at(3, 4, 10), NONSTOP).resolution_due


def test_resolving_stops_the_resolution_clock_and_reopening_runs_it_on() -> None:
    ticket = act(assigned(), A.RESOLVE, agent, at=at(3, 3, 11), body="Thermostat getauscht.")
    resolved = sla_status(ticket, at(3, 5, 9), OFFICE)
    assert resolved.resolution.state == SlaClockState.STOPPED
    assert resolved.resolution.elapsed == 2 * H
    assert at(3, 7, 9) == resolved.resolution_due
    reopened = act(ticket, A.REOPEN, customer, at=at(3, 5, 9), body="Wieder kalt.")
    status = sla_status(reopened, at(3, 5, 12), OFFICE)
    assert status.resolution.state == SlaClockState.RUNNING
    assert status.resolution.elapsed == 5 * H
    assert at(3, 10, 17) == status.resolution_due


def test_a_ticket_closed_by_the_customer_before_an_answer_breaches_nothing() -> None:
    ticket = act(new_ticket(at=MONDAY_9), A.CLOSE, customer, at=at(3, 3, 9, 30))
    status = sla_status(ticket, at(4, 30, 9), OFFICE)
    assert status.first_response.state == SlaClockState.STOPPED
    assert not status.breached


def test_a_late_answer_stays_a_breach() -> None:
    ticket = assigned(priority=Priority.URGENT)
    ticket = act(ticket, A.REPLY, agent, at=at(3, 3, 11), body="Wir sind dran.")
    status = sla_status(ticket, at(3, 20, 9), OFFICE)
    assert status.first_response.breached
    assert at(3, 3, 10) == status.first_response_due
    assert status.first_response.remaining == -H


def test_status_can_be_asked_for_any_past_instant() -> None:
    ticket = act(assigned(), A.ASK_CUSTOMER, agent, at=at(3, 3, 10), body="Welcher Raum?")
    assert sla_status(ticket, at(3, 3, 9, 30), OFFICE).resolution.state == SlaClockState.RUNNING


def test_now_must_be_aware_and_not_before_the_ticket() -> None:
    with pytest.raises(InvalidValueError):
        sla_status(new_ticket(at=MONDAY_9), at(3, 3, 8), OFFICE)
    with pytest.raises(NaiveDatetimeError):
        sla_status(new_ticket(), dt.datetime(2025, 3, 3, 12), OFFICE)  # noqa: DTZ001


@given(clocks, st.sampled_from(Priority), spans)
def test_a_clock_that_never_pauses_is_due_target_after_opening(
    clock: OfficeHoursClock | AroundTheClock, priority: Priority, later: dt.timedelta
) -> None:
    ticket = assigned(priority=priority)
    status = sla_status(ticket, MONDAY_9 + later, clock)
    target = DEFAULT_SLA_TARGETS[priority]
    assert clock.add(MONDAY_9, target.first_response) == status.first_response_due
    assert clock.add(MONDAY_9, target.resolution) == status.resolution_due
    assert (MONDAY_9 + later > status.first_response_due) == status.first_response.breached
    assert clock.between(MONDAY_9, MONDAY_9 + later) == status.resolution.elapsed


@given(spans, spans, spans)
def test_round_the_clock_a_pause_moves_resolution_by_exactly_its_length(
    before: dt.timedelta, pause: dt.timedelta, after: dt.timedelta
) -> None:
    asked = MONDAY_9 + before
    ticket = act(assigned(), A.ASK_CUSTOMER, agent, at=asked, body="Welcher Raum?")
    ticket = act(ticket, A.REPLY, customer, at=asked + pause, body="Raum 2.14")
    status = sla_status(ticket, asked + pause + after, NONSTOP)
    target = DEFAULT_SLA_TARGETS[Priority.NORMAL].resolution
    if before < target:
        assert MONDAY_9 + target + pause == status.resolution_due
    else:
        # Already due when the question went out: a pause cannot undo a breach.
        assert MONDAY_9 + target == status.resolution_due
    assert before + after == status.resolution.elapsed
