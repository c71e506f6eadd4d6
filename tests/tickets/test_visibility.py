"""Who sees which ticket; everybody else gets "not found"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import NotFoundError
from portalkit.tickets.lifecycle import ActorKind, TicketAction
from portalkit.tickets.model import Actor, Ticket, act
from portalkit.tickets.visibility import (
    TicketNotFoundError,
    TicketViewer,
    Viewer,
    VisibilityRules,
    actor_kind_of,
    actor_of,
    can_see,
    require_visible,
    visible_tickets,
)
from tests.tickets.strategies import (
    AGENT_ID,
    AT,
    COLLEAGUE,
    COMPANY,
    OTHER_COMPANY,
    REQUESTER,
    customer,
    new_ticket,
    tickets,
    viewers,
)

TICKET = new_ticket()


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        (TicketViewer(REQUESTER, COMPANY, "employee"), True),
        (TicketViewer(COLLEAGUE, COMPANY, "employee"), False),
        (TicketViewer(COLLEAGUE, COMPANY, "manager"), True),
        (TicketViewer(COLLEAGUE, COMPANY, "administrator"), True),
        (TicketViewer(COLLEAGUE, COMPANY, "guest"), False),
        (TicketViewer(COLLEAGUE, OTHER_COMPANY, "administrator"), False),
        (TicketViewer(REQUESTER, OTHER_COMPANY, "employee"), False),
        (TicketViewer(AGENT_ID, None, "operator"), True),
        (TicketViewer(AGENT_ID, None, "manager"), False),
    ],
)
def test_examples_of_who_sees_a_ticket(viewer: TicketViewer, expected: bool) -> None:
    assert expected == can_see(viewer, TICKET)


def test_another_companys_ticket_is_not_found_rather_than_forbidden() -> None:
    stranger = TicketViewer("mallory", OTHER_COMPANY, "administrator")
    with pytest.raises(TicketNotFoundError) as caught:
        require_visible(stranger, TICKET)
    error = caught.value
    assert isinstance(error, NotFoundError)
    assert isinstance(error, LookupError)
    assert not isinstance(error, PermissionError)
    assert error.code == "ticket_not_found"
    assert str(TICKET.reference) == error.reference
    assert "T-2025-000001-" in error.message("de")


def test_the_answer_for_a_foreign_ticket_equals_that_for_a_missing_one() -> None:
    stranger = TicketViewer("mallory", OTHER_COMPANY, "administrator")
    with pytest.raises(TicketNotFoundError) as foreign:
        require_visible(stranger, TICKET)
    missing = TicketNotFoundError(TICKET.reference)
    assert missing.messages() == foreign.value.messages()
    assert missing.params == foreign.value.params


def test_a_closed_ticket_stays_visible_in_the_archive() -> None:
    closed = act(TICKET, TicketAction.CLOSE, customer, at=AT)
    assert closed is require_visible(TicketViewer(REQUESTER, COMPANY, "employee"), closed)


def test_roles_are_configurable() -> None:
    rules = VisibilityRules(agent_roles=frozenset({"support"}), own_roles=frozenset({"guest"}))
    assert can_see(TicketViewer("x", None, "support"), TICKET, rules)
    assert can_see(TicketViewer(REQUESTER, COMPANY, "guest"), TICKET, rules)
    assert not can_see(TicketViewer(AGENT_ID, None, "operator"), TICKET, rules)


def test_viewers_act_as_agents_or_customers_by_role() -> None:
    assert actor_kind_of(TicketViewer(AGENT_ID, None, "operator")) == ActorKind.AGENT
    assert Actor(ActorKind.CUSTOMER, REQUESTER) == actor_of(
        TicketViewer(REQUESTER, COMPANY, "manager")
    )


@given(viewers, tickets)
def test_nobody_but_an_agent_sees_another_companys_ticket(viewer: Viewer, ticket: Ticket) -> None:
    if viewer.company_id != ticket.company_id and viewer.role != "operator":
        assert not can_see(viewer, ticket)


@given(tickets, st.sampled_from(["employee", "manager", "administrator"]))
def test_the_requester_always_sees_their_own_ticket(ticket: Ticket, role: str) -> None:
    assert can_see(TicketViewer(ticket.requester_id, ticket.company_id, role), ticket)


@given(tickets, st.sampled_from(["manager", "administrator"]), st.text(min_size=1))
def test_managers_and_administrators_see_every_ticket_of_their_company(
    ticket: Ticket, role: str, user_id: str
) -> None:
    assert can_see(TicketViewer(user_id, ticket.company_id, role), ticket)


@given(viewers, tickets)
def test_require_visible_agrees_with_can_see(viewer: Viewer, ticket: Ticket) -> None:
    if can_see(viewer, ticket):
        assert ticket is require_visible(viewer, ticket)
    else:
        with pytest.raises(TicketNotFoundError):
            require_visible(viewer, ticket)


@given(viewers, tickets)
def test_visibility_does_not_depend_on_the_state(viewer: Viewer, ticket: Ticket) -> None:
    closed = act(ticket, TicketAction.CLOSE, Actor(ActorKind.CUSTOMER, ticket.requester_id), at=AT)
    assert can_see(viewer, ticket) == can_see(viewer, closed)


@given(viewers, tickets.map(lambda t: [t]) | tickets.map(lambda t: [t, t]))
def test_visible_tickets_filters_with_can_see(viewer: Viewer, some: list[Ticket]) -> None:
    assert [t for t in some if can_see(viewer, t)] == visible_tickets(viewer, some)
