"""A stateful test of tickets over time: lifecycle, archive, SLA due instants, references."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from portalkit.tickets.lifecycle import (
    ActorKind,
    Condition,
    LifecycleRules,
    ReopenWindowExpiredError,
    TicketAction,
    TicketState,
    TransitionNotAllowedError,
    find_transition,
)
from portalkit.tickets.model import (
    SYSTEM,
    Actor,
    Priority,
    Ticket,
    act,
    add_internal_note,
    open_follow_up,
    open_ticket,
    visible_messages,
)
from portalkit.tickets.references import ReferenceNumber, issue_reference
from portalkit.tickets.sla import AroundTheClock, SlaClock, SlaClockState, sla_status
from portalkit.tickets.visibility import TicketViewer, can_see
from tests.tickets.clocks import OfficeHoursClock
from tests.tickets.strategies import AGENT_ID, AT, COMPANY, MemoryReferenceCounter

CLOCKS = {"office": OfficeHoursClock(), "nonstop": AroundTheClock()}
RULES = LifecycleRules()


def actor(kind: ActorKind, requester_id: str) -> Actor:
    if kind is ActorKind.SYSTEM:
        return SYSTEM
    return Actor(kind, requester_id if kind is ActorKind.CUSTOMER else AGENT_ID)


class TicketLife(RuleBasedStateMachine):
    references = Bundle("references")

    def __init__(self) -> None:
        super().__init__()
        self.now = AT
        self.counter = MemoryReferenceCounter()
        self.tickets: dict[ReferenceNumber, Ticket] = {}
        self.issued: list[ReferenceNumber] = []
        self.seen: dict[tuple[ReferenceNumber, str, str], SlaClock] = {}

    @rule(
        target=references,
        requester=st.sampled_from(["anna", "bernd"]),
        priority=st.sampled_from(Priority),
    )
    def open(self, requester: str, priority: Priority) -> ReferenceNumber:
        reference = issue_reference(self.counter, self.now)
        self.issued.append(reference)
        self.tickets[reference] = open_ticket(
            reference,
            company_id=COMPANY,
            requester_id=requester,
            subject="Störung",
            body="Bitte prüfen.",
            at=self.now,
            priority=priority,
        )
        return reference

    @rule(by=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=9)))
    def wait(self, by: dt.timedelta) -> None:
        self.now += by

    @rule(
        reference=references,
        action=st.sampled_from(TicketAction),
        kind=st.sampled_from(ActorKind),
    )
    def try_action(self, reference: ReferenceNumber, action: TicketAction, kind: ActorKind) -> None:
        ticket = self.tickets[reference]
        who = actor(kind, ticket.requester_id)
        row = find_transition(ticket.state, action, kind)
        assignee = AGENT_ID if action is TicketAction.ASSIGN else None
        body = "Nachricht" if action in {TicketAction.REPLY, TicketAction.ASK_CUSTOMER} else None
        closed_at = ticket.closed_at
        if row is None:
            with pytest.raises(TransitionNotAllowedError):
                act(ticket, action, who, at=self.now, body=body, assignee_id=assignee)
            return
        if (
            row.condition is Condition.WITHIN_REOPEN_WINDOW
            and closed_at is not None
            and self.now - closed_at > RULES.reopen_window
        ):
            with pytest.raises(ReopenWindowExpiredError):
                act(ticket, action, who, at=self.now, body=body, assignee_id=assignee)
            return
        changed = act(ticket, action, who, at=self.now, body=body, assignee_id=assignee)
        assert row.target == changed.state
        self.tickets[reference] = changed

    @rule(reference=references)
    def note(self, reference: ReferenceNumber) -> None:
        ticket = self.tickets[reference]
        agent = Actor(ActorKind.AGENT, AGENT_ID)
        self.tickets[reference] = add_internal_note(ticket, agent, "intern", at=self.now)

    @rule(target=references, reference=references)
    def follow_up(self, reference: ReferenceNumber) -> ReferenceNumber:
        previous = self.tickets[reference]
        if previous.state is not TicketState.CLOSED:
            return reference
        new_reference = issue_reference(self.counter, self.now)
        self.issued.append(new_reference)
        ticket = open_follow_up(
            previous,
            new_reference,
            requester_id=previous.requester_id,
            body="Noch da.",
            at=self.now,
        )
        assert reference == ticket.follow_up_of
        self.tickets[new_reference] = ticket
        return new_reference

    @invariant()
    def reference_numbers_are_unique(self) -> None:
        assert len(self.issued) == len(set(self.issued))
        assert len(self.issued) == len({reference.format() for reference in self.issued})

    @invariant()
    def no_step_lies_outside_the_table(self) -> None:
        for ticket in self.tickets.values():
            state = TicketState.NEW
            for event in ticket.history:
                row = find_transition(event.source, event.action, event.actor.kind)
                assert row is not None
                assert (state, row.target) == (event.source, event.target)
                state = event.target
            assert state == ticket.state

    @invariant()
    def the_archive_is_always_readable(self) -> None:
        for ticket in self.tickets.values():
            requester = TicketViewer(ticket.requester_id, ticket.company_id, "employee")
            assert can_see(requester, ticket)
            public = [m for m in ticket.messages if not m.internal]
            assert public == list(visible_messages(ticket, ActorKind.CUSTOMER))

    @invariant()
    def sla_due_instants_move_only_forwards_and_only_through_a_pause(self) -> None:
        for reference, ticket in self.tickets.items():
            for name, clock in CLOCKS.items():
                status = sla_status(ticket, self.now, clock)
                for measure, current in (
                    ("first_response", status.first_response),
                    ("resolution", status.resolution),
                ):
                    key = (reference, name, measure)
                    before = self.seen.get(key)
                    self.seen[key] = current
                    if before is None:
                        continue
                    assert before.due <= current.due
                    held = before.state is SlaClockState.RUNNING or (
                        before.state is current.state is SlaClockState.STOPPED
                    )
                    if held:
                        assert before.due == current.due


test_ticket_life = TicketLife.TestCase
