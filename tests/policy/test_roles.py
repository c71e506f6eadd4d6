"""Roles and permissions: one function answers every access question."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.policy import roles
from portalkit.policy.roles import (
    AUTHORISATION_ACTIONS,
    OPERATOR_ACTIONS,
    ROLE_PERMISSIONS,
    Action,
    ActionNotAllowedError,
    Actor,
    ActorKind,
    Role,
    Target,
    can,
    roles_table,
)

ACME = Target.company("acme")


def member(role: Role, **changes: object) -> Actor:
    fields: dict[str, object] = {"id": "u1", "company_id": "acme", "role": role} | changes
    return Actor(ActorKind.USER, **fields)  # type: ignore[arg-type]


def test_the_module_exports_exactly_its_public_api() -> None:
    expected = {
        "AUTHORISATION_ACTIONS",
        "INTERNAL_ONLY_ACTIONS",
        "INTERNAL_ROLE_EXTRAS",
        "OPERATOR_ACTIONS",
        "ROLE_PERMISSIONS",
        "Action",
        "ActionNotAllowedError",
        "Actor",
        "ActorKind",
        "Decision",
        "Role",
        "Target",
        "can",
        "roles_table",
    }
    assert expected == set(roles.__all__)
    for name in ("Action", "ActionNotAllowedError", "Actor", "Decision", "Role", "can"):
        assert (getattr(roles, name).__doc__ or "").strip()


def test_roles_form_a_ladder_of_permissions() -> None:
    assert ROLE_PERMISSIONS[Role.GUEST] < ROLE_PERMISSIONS[Role.EMPLOYEE]
    assert ROLE_PERMISSIONS[Role.EMPLOYEE] < ROLE_PERMISSIONS[Role.MANAGER]
    assert ROLE_PERMISSIONS[Role.MANAGER] < ROLE_PERMISSIONS[Role.ADMINISTRATOR]


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        (Role.ADMINISTRATOR, Action.MANAGE_USERS, True),
        (Role.MANAGER, Action.MANAGE_USERS, False),
        (Role.MANAGER, Action.VIEW_INVOICES, True),
        (Role.MANAGER, Action.REQUEST_SERVICE_CHANGE, True),
        (Role.EMPLOYEE, Action.VIEW_INVOICES, False),
        (Role.EMPLOYEE, Action.VIEW_ORDERS, True),
        (Role.EMPLOYEE, Action.MANAGE_ORDERS, False),
        (Role.GUEST, Action.VIEW_ORDERS, False),
        (Role.GUEST, Action.VIEW_PUBLIC, True),
    ],
)
def test_seed_000_roles(role: Role, action: Action, allowed: bool) -> None:
    assert allowed == can(member(role), action, ACME).allowed


def test_a_user_never_acts_on_another_company() -> None:
    decision = can(member(Role.ADMINISTRATOR), Action.MANAGE_USERS, Target.company("other"))
    assert (decision.allowed, decision.reason) == (False, "other_company")


def test_an_inactive_user_may_do_nothing() -> None:
    decision = can(member(Role.ADMINISTRATOR, active=False), Action.VIEW_ORDERS, ACME)
    assert decision.reason == "actor_inactive"


def test_only_operators_take_operator_actions() -> None:
    for action in OPERATOR_ACTIONS:
        assert can(member(Role.ADMINISTRATOR), action, ACME).reason == "operator_only"
        assert can(Actor.operator("op"), action, ACME).allowed


def test_anonymous_callers_see_only_public_information() -> None:
    assert can(Actor.anonymous(), Action.VIEW_PUBLIC).allowed
    assert can(Actor.anonymous(), Action.VIEW_ORDERS, ACME).reason == "not_signed_in"


def test_internal_features_need_an_internal_company() -> None:
    assert can(member(Role.ADMINISTRATOR), Action.USE_API, ACME).reason == "internal_only"
    assert can(member(Role.ADMINISTRATOR, internal=True), Action.USE_API, ACME).allowed


def test_internal_companies_grant_single_functions_to_single_users() -> None:
    granted = member(Role.EMPLOYEE, internal=True, grants=frozenset({Action.VIEW_INVOICES}))
    assert can(granted, Action.VIEW_INVOICES, ACME).reason == "grant"
    external = member(Role.EMPLOYEE, grants=frozenset({Action.VIEW_INVOICES}))
    assert can(external, Action.VIEW_INVOICES, ACME).reason == "not_permitted"


def test_orders_and_instructions_need_an_authorised_contact() -> None:
    manager = member(Role.MANAGER)
    assert can(manager, Action.PLACE_ORDER, ACME).reason == "not_authorised_contact"
    entrusted = member(Role.MANAGER, authorised_for=frozenset({Action.PLACE_ORDER}))
    assert can(entrusted, Action.PLACE_ORDER, ACME).allowed
    assert not can(entrusted, Action.GIVE_INSTRUCTION, ACME).allowed
    assert can(member(Role.ADMINISTRATOR), Action.GIVE_INSTRUCTION, ACME).allowed


def test_an_employee_cannot_be_authorised_beyond_the_role() -> None:
    employee = member(Role.EMPLOYEE, authorised_for=AUTHORISATION_ACTIONS)
    assert can(employee, Action.PLACE_ORDER, ACME).reason == "not_permitted"


def test_a_denial_raises_with_its_reason() -> None:
    with pytest.raises(ActionNotAllowedError) as caught:
        can(member(Role.GUEST), Action.MANAGE_USERS, ACME).require(Action.MANAGE_USERS)
    assert (caught.value.code, caught.value.reason) == ("action_not_allowed", "not_permitted")
    assert "Berechtigung" in caught.value.message("de")


def test_the_roles_table_lists_every_non_operator_action() -> None:
    table = roles_table()
    rows = table.splitlines()[2:]
    assert len(Action) - len(OPERATOR_ACTIONS) == len(rows)
    assert "| manage_users | x |  |  |  |" in rows


actors = st.builds(
    Actor,
    kind=st.sampled_from(ActorKind),
    id=st.just("u"),
    company_id=st.sampled_from(["acme", "other", None]),
    role=st.none() | st.sampled_from(Role),
    active=st.booleans(),
    internal=st.booleans(),
    grants=st.frozensets(st.sampled_from(Action)),
    authorised_for=st.frozensets(st.sampled_from(Action)),
)
targets = st.builds(Target, st.sampled_from(["acme", "other", None]))


@given(actors, st.sampled_from(Action), targets)
def test_users_are_allowed_only_what_their_role_or_grants_give(
    actor: Actor, action: Action, target: Target
) -> None:
    decision = can(actor, action, target)
    if decision.allowed and actor.kind is ActorKind.USER and actor.role is not None:
        assert actor.active
        assert target.company_id in (None, actor.company_id)
        assert action not in OPERATOR_ACTIONS
        assert action in ROLE_PERMISSIONS[actor.role] or actor.internal


@given(actors, st.sampled_from(Action), targets)
def test_a_grant_outside_an_internal_company_changes_nothing(
    actor: Actor, action: Action, target: Target
) -> None:
    external = Actor(
        actor.kind, actor.id, actor.company_id, actor.role, actor.active, False, frozenset()
    )
    with_grants = Actor(
        actor.kind, actor.id, actor.company_id, actor.role, actor.active, False, actor.grants
    )
    assert can(external, action, target) == can(with_grants, action, target)
