"""A stateful test of the ticket use cases on the memory adapter: many people, two companies.

Every step goes through :mod:`portalkit.tickets.use_cases`. The machine predicts each outcome
from the transition table and the visibility rules alone and checks that the use cases agree;
a refused step must leave the store exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from portalkit._errors import PortalkitError
from portalkit.accounts.model import Operator
from portalkit.adapters.memory import MemoryStore
from portalkit.policy.roles import ActionNotAllowedError
from portalkit.tickets import use_cases as uc
from portalkit.tickets.lifecycle import (
    DEFAULT_REOPEN_WINDOW,
    ActorKind,
    Condition,
    ReopenWindowExpiredError,
    TicketAction,
    TicketState,
    TransitionNotAllowedError,
    find_transition,
)
from portalkit.tickets.model import Ticket, summarize
from portalkit.tickets.references import ReferenceNumber
from portalkit.tickets.visibility import TicketNotFoundError
from tests.tickets.world import AGENT, OTHER_AGENT, TicketWorld

CUSTOMERS = {
    # user id: (company, sees the whole company)
    "anna": ("acme", False),
    "bernd": ("acme", False),
    "maria": ("acme", True),
    "greta": ("globex", True),
    "ines": ("kmc", True),
}
AGENTS = (AGENT, OTHER_AGENT)
who = st.one_of(st.sampled_from(sorted(CUSTOMERS)), st.sampled_from(AGENTS))
COMPANY_ACTIONS = {
    TicketAction.REPLY: "reply",
    TicketAction.CLOSE: "close",
    TicketAction.REOPEN: "reopen",
}
AGENT_ACTIONS = {
    TicketAction.ASSIGN: "assign",
    TicketAction.ASK_CUSTOMER: "ask_customer",
    TicketAction.RESOLVE: "resolve",
}


def snapshot(store: MemoryStore) -> MemoryStore:
    copy = MemoryStore()
    store.copy_into(copy)
    return copy


def kind_of(person: str | Operator) -> ActorKind:
    return ActorKind.AGENT if isinstance(person, Operator) else ActorKind.CUSTOMER


def may_see(person: str | Operator, ticket: Ticket) -> bool:
    if isinstance(person, Operator):
        return True
    company, company_wide = CUSTOMERS[person]
    return company == ticket.company_id and (company_wide or ticket.requester_id == person)


class TicketUseCases(RuleBasedStateMachine):
    references = Bundle("references")

    def __init__(self) -> None:
        super().__init__()
        self.world = TicketWorld()
        self.opened: list[ReferenceNumber] = []
        self.due: dict[tuple[ReferenceNumber, str], dt.datetime] = {}

    @property
    def store(self) -> MemoryStore:
        return self.world.store

    def stored(self, reference: ReferenceNumber) -> Ticket:
        return self.store.tickets[reference]

    @rule(
        target=references,
        requester=st.sampled_from(sorted(CUSTOMERS)),
        subject=st.text(min_size=1, max_size=20).filter(str.strip),
    )
    def open_ticket(self, requester: str, subject: str) -> ReferenceNumber:
        ticket = uc.open_ticket(self.world.services, requester, subject=subject, body="Hilfe")
        assert ticket.reference not in self.opened
        self.opened.append(ticket.reference)
        assert ticket == self.stored(ticket.reference)
        return ticket.reference

    @rule(
        minutes=st.one_of(
            st.integers(min_value=1, max_value=600),
            st.integers(min_value=60 * 24 * 13, max_value=60 * 24 * 16),
        )
    )
    def time_passes(self, minutes: int) -> None:
        self.world.later(minutes=minutes)

    def expect(
        self, person: str | Operator, ticket: Ticket, action: TicketAction
    ) -> type[PortalkitError] | TicketState:
        if not may_see(person, ticket):
            return TicketNotFoundError
        kind = kind_of(person)
        if (
            kind is ActorKind.CUSTOMER
            and ticket.requester_id != person
            and not CUSTOMERS[str(person)][1]
        ):
            return ActionNotAllowedError  # pragma: no cover - such tickets are not visible
        row = find_transition(ticket.state, action, kind)
        if row is None:
            return TransitionNotAllowedError
        if row.condition is Condition.WITHIN_REOPEN_WINDOW:
            closed_at = ticket.closed_at
            assert closed_at is not None
            if self.world.clock.now() > closed_at + DEFAULT_REOPEN_WINDOW:
                return ReopenWindowExpiredError
        return row.target

    def attempt(
        self,
        person: str | Operator,
        reference: ReferenceNumber,
        action: TicketAction,
        call: Callable[[], Ticket],
    ) -> None:
        before = snapshot(self.store)
        expected = self.expect(person, self.stored(reference), action)
        if isinstance(expected, type):
            with pytest.raises(expected):
                call()
            assert before == self.store
            return
        result = call()
        assert expected == result.state == self.stored(reference).state
        assert self.stored(reference).history[-1].action is action

    @rule(reference=references, person=who, body=st.sampled_from(["Danke", "Noch offen?"]))
    def reply(self, reference: ReferenceNumber, person: str | Operator, body: str) -> None:
        self.attempt(
            person,
            reference,
            TicketAction.REPLY,
            lambda: uc.reply(self.world.services, person, reference, body),
        )

    @rule(reference=references, person=who)
    def close(self, reference: ReferenceNumber, person: str | Operator) -> None:
        self.attempt(
            person,
            reference,
            TicketAction.CLOSE,
            lambda: uc.close(self.world.services, person, reference),
        )

    @rule(reference=references, person=who)
    def reopen(self, reference: ReferenceNumber, person: str | Operator) -> None:
        self.attempt(
            person,
            reference,
            TicketAction.REOPEN,
            lambda: uc.reopen(self.world.services, person, reference),
        )

    @rule(reference=references, agent=st.sampled_from(AGENTS))
    def assign(self, reference: ReferenceNumber, agent: Operator) -> None:
        self.attempt(
            agent,
            reference,
            TicketAction.ASSIGN,
            lambda: uc.assign(self.world.services, agent, reference),
        )

    @rule(reference=references, agent=st.sampled_from(AGENTS))
    def ask_customer(self, reference: ReferenceNumber, agent: Operator) -> None:
        self.attempt(
            agent,
            reference,
            TicketAction.ASK_CUSTOMER,
            lambda: uc.ask_customer(self.world.services, agent, reference, "Welcher Raum?"),
        )

    @rule(reference=references, agent=st.sampled_from(AGENTS))
    def resolve(self, reference: ReferenceNumber, agent: Operator) -> None:
        self.attempt(
            agent,
            reference,
            TicketAction.RESOLVE,
            lambda: uc.resolve(self.world.services, agent, reference),
        )

    @rule(reference=references, agent=st.sampled_from(AGENTS))
    def note(self, reference: ReferenceNumber, agent: Operator) -> None:
        count = len(self.stored(reference).messages)
        ticket = uc.add_note(self.world.services, agent, reference, "intern")
        assert count + 1 == len(ticket.messages)

    @rule(reference=references, rating=st.integers(min_value=0, max_value=6))
    def feedback(self, reference: ReferenceNumber, rating: int) -> None:
        ticket = self.stored(reference)
        before = snapshot(self.store)
        allowed = (
            ticket.state is TicketState.CLOSED and ticket.feedback is None and 1 <= rating <= 5
        )
        try:
            rated = uc.give_feedback(self.world.services, ticket.requester_id, reference, rating)
        except PortalkitError:
            assert not allowed
            assert before == self.store
        else:
            assert allowed
            assert rated.feedback is not None

    @invariant()
    def every_step_in_history_is_a_row_of_the_table(self) -> None:
        for ticket in self.store.tickets.values():
            for event in ticket.history:
                row = find_transition(event.source, event.action, event.actor.kind)
                assert row is not None
                assert row.target is event.target

    @invariant()
    def reference_numbers_are_unique_and_none_was_overwritten(self) -> None:
        assert len(set(self.opened)) == len(self.opened) == len(self.store.tickets)
        assert all(key == t.reference for key, t in self.store.tickets.items())

    @invariant()
    def each_customer_lists_exactly_the_tickets_they_may_see_archive_included(self) -> None:
        for person in CUSTOMERS:
            for archived in (False, True):
                listed = uc.list_tickets(self.world.services, person, archived=archived, limit=500)
                expected = sorted(
                    (
                        t.reference
                        for t in self.store.tickets.values()
                        if may_see(person, t) and t.in_archive == archived
                    ),
                    reverse=True,
                )
                assert expected == [t.reference for t in listed.tickets]
                assert all(not m.internal for t in listed.tickets for m in t.messages)
                summaries = uc.list_ticket_summaries(
                    self.world.services, person, archived=archived, limit=500
                )
                assert summaries.tickets == tuple(
                    summarize(t, ActorKind.CUSTOMER) for t in listed.tickets
                )

    @invariant()
    def nobody_reads_another_companys_ticket(self) -> None:
        for ticket in self.store.tickets.values():
            for person, (company, _) in CUSTOMERS.items():
                if company != ticket.company_id:
                    try:
                        uc.show_ticket(self.world.services, person, ticket.reference)
                    except TicketNotFoundError:
                        continue
                    raise AssertionError(f"{person} read {ticket.reference}")

    @invariant()
    def sla_due_instants_never_move_backwards(self) -> None:
        for reference in self.opened:
            sla = uc.ticket_sla(self.world.services, AGENT, reference)
            for name, clock in (("first", sla.first_response), ("resolution", sla.resolution)):
                before = self.due.get((reference, name))
                assert before is None or before <= clock.due
                self.due[reference, name] = clock.due


TicketUseCases.TestCase.settings = settings(stateful_step_count=25)
test_ticket_use_cases = TicketUseCases.TestCase
