"""The ticket transition table and the one function that checks it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import ConflictError, InvalidValueError, NaiveDatetimeError
from portalkit.tickets.lifecycle import (
    TRANSITIONS,
    ActorKind,
    Condition,
    LifecycleRules,
    ReopenWindowExpiredError,
    TicketAction,
    TicketState,
    Transition,
    TransitionNotAllowedError,
    allowed_actions,
    find_transition,
    next_state,
    transition_diagram_mermaid,
    transition_table_markdown,
)

AT = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
S, A, K = TicketState, TicketAction, ActorKind

states = st.sampled_from(TicketState)
actions = st.sampled_from(TicketAction)
actors = st.sampled_from(ActorKind)


@pytest.mark.parametrize("state", [S.NEW, S.OPEN, S.WAITING_FOR_CUSTOMER, S.RESOLVED])
def test_the_customer_can_close_a_ticket_in_any_state_that_is_not_closed(
    state: TicketState,
) -> None:
    assert next_state(state, A.CLOSE, K.CUSTOMER, at=AT) == S.CLOSED


@pytest.mark.parametrize(
    ("state", "action", "actor", "expected"),
    [
        (S.NEW, A.ASSIGN, K.AGENT, S.OPEN),
        (S.NEW, A.ASSIGN, K.SYSTEM, S.OPEN),
        (S.OPEN, A.ASK_CUSTOMER, K.AGENT, S.WAITING_FOR_CUSTOMER),
        (S.WAITING_FOR_CUSTOMER, A.REPLY, K.CUSTOMER, S.OPEN),
        (S.WAITING_FOR_CUSTOMER, A.REPLY, K.AGENT, S.WAITING_FOR_CUSTOMER),
        (S.OPEN, A.RESOLVE, K.AGENT, S.RESOLVED),
        (S.RESOLVED, A.REOPEN, K.CUSTOMER, S.OPEN),
        (S.RESOLVED, A.AUTO_CLOSE, K.SYSTEM, S.CLOSED),
    ],
)
def test_examples_of_allowed_transitions(
    state: TicketState, action: TicketAction, actor: ActorKind, expected: TicketState
) -> None:
    assert expected == next_state(state, action, actor, at=AT)


@pytest.mark.parametrize(
    ("state", "action", "actor"),
    [
        (S.OPEN, A.RESOLVE, K.CUSTOMER),
        (S.NEW, A.REPLY, K.AGENT),
        (S.CLOSED, A.CLOSE, K.CUSTOMER),
        (S.CLOSED, A.REPLY, K.CUSTOMER),
        (S.OPEN, A.AUTO_CLOSE, K.SYSTEM),
        (S.RESOLVED, A.ASSIGN, K.AGENT),
    ],
)
def test_examples_of_refused_transitions_carry_a_code_and_the_parameters(
    state: TicketState, action: TicketAction, actor: ActorKind
) -> None:
    with pytest.raises(TransitionNotAllowedError) as caught:
        next_state(state, action, actor, at=AT)
    error = caught.value
    assert error.code == "ticket_transition_not_allowed"
    assert (state, action, actor) == (error.state, error.action, error.actor)
    assert isinstance(error, ConflictError)


def test_a_refusal_names_state_and_action_in_the_users_language() -> None:
    with pytest.raises(TransitionNotAllowedError) as caught:
        next_state(S.CLOSED, A.RESOLVE, K.CUSTOMER, at=AT)
    assert "„als gelöst markieren“" in caught.value.message("de")
    assert "„geschlossen“" in caught.value.message("de")
    assert "'mark as resolved'" in str(caught.value)


def test_a_customer_may_reopen_within_fourteen_days_of_closing() -> None:
    closed_at = AT
    last_moment = closed_at + dt.timedelta(days=14)
    assert next_state(S.CLOSED, A.REOPEN, K.CUSTOMER, at=last_moment, closed_at=AT) == S.OPEN


def test_after_the_window_the_customer_is_told_to_open_a_follow_up_ticket() -> None:
    too_late = AT + dt.timedelta(days=14, microseconds=1)
    with pytest.raises(ReopenWindowExpiredError) as caught:
        next_state(S.CLOSED, A.REOPEN, K.CUSTOMER, at=too_late, closed_at=AT)
    error = caught.value
    assert error.code == "ticket_reopen_window_expired"
    assert error.closed_at == AT
    assert AT + dt.timedelta(days=14) == error.deadline
    assert "Folgeticket" in error.message("de")
    assert "follow-up ticket" in error.message("en")
    assert isinstance(error, TransitionNotAllowedError)


def test_agents_can_always_reopen() -> None:
    years_later = AT + dt.timedelta(days=3650)
    assert next_state(S.CLOSED, A.REOPEN, K.AGENT, at=years_later, closed_at=AT) == S.OPEN


def test_the_reopen_window_is_configurable() -> None:
    rules = LifecycleRules(reopen_window=dt.timedelta(days=3))
    with pytest.raises(ReopenWindowExpiredError):
        next_state(
            S.CLOSED, A.REOPEN, K.CUSTOMER, at=AT + dt.timedelta(days=4), closed_at=AT, rules=rules
        )


def test_a_negative_reopen_window_is_refused() -> None:
    with pytest.raises(InvalidValueError):
        LifecycleRules(reopen_window=dt.timedelta(days=-1))


def test_reopening_a_closed_ticket_needs_the_closing_instant() -> None:
    with pytest.raises(InvalidValueError):
        next_state(S.CLOSED, A.REOPEN, K.CUSTOMER, at=AT)


def test_transitions_need_aware_instants() -> None:
    with pytest.raises(NaiveDatetimeError):
        next_state(S.NEW, A.ASSIGN, K.AGENT, at=dt.datetime(2025, 1, 1))  # noqa: DTZ001


def test_the_table_lists_every_state_action_and_actor_at_most_once() -> None:
    keys = [(row.source, row.action, row.actor) for row in TRANSITIONS]
    assert len(keys) == len(set(keys))


def test_every_state_is_reachable_from_new_and_closed_is_not_a_dead_end() -> None:
    reachable = {S.NEW}
    changed = True
    while changed:
        targets = {row.target for row in TRANSITIONS if row.source in reachable}
        changed = not targets <= reachable
        reachable |= targets
    assert set(TicketState) == reachable
    assert {row.source for row in TRANSITIONS} == set(TicketState)


def test_allowed_actions_offer_the_menu_for_a_state_and_actor() -> None:
    assert allowed_actions(S.OPEN, K.AGENT) == (
        A.ASSIGN,
        A.REPLY,
        A.ASK_CUSTOMER,
        A.RESOLVE,
        A.CLOSE,
    )
    assert allowed_actions(S.CLOSED, K.CUSTOMER) == (A.REOPEN,)
    assert allowed_actions(S.CLOSED, K.SYSTEM) == ()


@given(states, actions, actors, st.timedeltas(min_value=dt.timedelta(0)))
def test_next_state_follows_the_table_and_refuses_everything_else(
    state: TicketState,
    action: TicketAction,
    actor: ActorKind,
    since_closing: dt.timedelta,
) -> None:
    row = find_transition(state, action, actor)
    at = AT + min(since_closing, dt.timedelta(days=36500))
    window_open = at - AT <= LifecycleRules().reopen_window
    if row is None:
        with pytest.raises(TransitionNotAllowedError):
            next_state(state, action, actor, at=at, closed_at=AT)
    elif row.condition is Condition.WITHIN_REOPEN_WINDOW and not window_open:
        with pytest.raises(ReopenWindowExpiredError):
            next_state(state, action, actor, at=at, closed_at=AT)
    else:
        assert row.target == next_state(state, action, actor, at=at, closed_at=AT)


def test_the_markdown_table_has_a_row_per_transition() -> None:
    lines = transition_table_markdown().splitlines()
    assert lines[0] == "| State | Action | Actor | Next state | Condition |"
    assert len(TRANSITIONS) + 2 == len(lines)
    assert "| `closed` | `reopen` | customer | `open` | within reopen window |" in lines


def test_the_mermaid_diagram_has_an_arrow_per_state_pair_and_action() -> None:
    lines = transition_diagram_mermaid().splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert lines[1] == "    [*] --> new"
    assert "    new --> closed: close (customer, agent)" in lines
    arrows = {(row.source, row.action, row.target) for row in TRANSITIONS}
    assert len(arrows) + 2 == len(lines)


@given(st.lists(st.sampled_from(TRANSITIONS), unique=True))
def test_both_renderings_show_exactly_the_rows_they_are_given(rows: list[Transition]) -> None:
    table = transition_table_markdown(rows)
    diagram = transition_diagram_mermaid(rows)
    assert len(rows) + 2 == len(table.splitlines())
    for row in rows:
        assert f"| `{row.source}` | `{row.action}` | {row.actor} |" in table
        assert f"    {row.source} --> {row.target}: {row.action} (" in diagram


def test_every_combination_is_either_in_the_table_or_refused() -> None:
    for state, action, actor in itertools.product(TicketState, TicketAction, ActorKind):
        in_table = find_transition(state, action, actor) is not None
        assert in_table == (action in allowed_actions(state, actor))


def test_every_state_action_and_actor_has_a_german_and_an_english_label() -> None:
    from portalkit._messages.tickets import LABELS

    expected = (
        {f"state.{state}" for state in TicketState}
        | {f"action.{action}" for action in TicketAction}
        | {f"actor.{actor}" for actor in ActorKind}
    )
    assert expected == set(LABELS)
    for label in LABELS.values():
        assert label.de.strip()
        assert label.en.strip()
