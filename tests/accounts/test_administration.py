"""Administrators manage users; the last active administrator stays (seed 001)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit import InvalidValueError
from portalkit.accounts import (
    GrantsNeedInternalCompanyError,
    LastAdministratorError,
    UserLimitReachedError,
    UserNotFoundError,
    UserStatus,
    UserStatusError,
    change_role,
    deactivate_user,
    delete_user,
    list_users,
    login_with_email,
    reactivate_user,
    set_authorisations,
    set_grants,
)
from portalkit.policy.roles import Action, ActionNotAllowedError, Role, Target, can
from tests.accounts.world import GOOD_PASSWORD, World


def test_the_last_administrator_cannot_be_demoted_deactivated_or_deleted(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    for change in (
        lambda: change_role(world.services, admin.id, admin.id, Role.MANAGER),
        lambda: deactivate_user(world.services, admin.id, admin.id),
        lambda: delete_user(world.services, admin.id, admin.id),
    ):
        with pytest.raises(LastAdministratorError) as caught:
            change()
        assert "Servicegesellschaft" in caught.value.message("de")
        assert "service company" in caught.value.message("en")
    assert world.user(admin.id) == admin


def test_with_a_second_administrator_the_first_may_go(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    second = world.member(company, admin, "zweite", Role.ADMINISTRATOR)
    assert deactivate_user(world.services, second.id, admin.id).status is UserStatus.DEACTIVATED
    with pytest.raises(LastAdministratorError):
        change_role(world.services, second.id, second.id, Role.GUEST)


def test_a_deactivated_user_cannot_log_in_and_loses_sessions(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    user = world.member(company, admin, "max")
    login = login_with_email(world.services, "max@muster.de", GOOD_PASSWORD)
    deactivate_user(world.services, admin.id, user.id)
    assert world.store.sessions[login.session_id].revoke_reason == "deactivated"
    with pytest.raises(UserStatusError):
        deactivate_user(world.services, admin.id, user.id)
    assert reactivate_user(world.services, admin.id, user.id).status is UserStatus.ACTIVE


def test_reactivation_respects_the_user_limit(world: World) -> None:
    company = world.company(user_limit=2)
    admin = world.administrator(company)
    max_ = world.member(company, admin, "max")
    deactivate_user(world.services, admin.id, max_.id)
    world.member(company, admin, "moritz")
    with pytest.raises(UserLimitReachedError):
        reactivate_user(world.services, admin.id, max_.id)


def test_administrators_act_only_in_their_own_company(world: World) -> None:
    ours = world.company("muster.de")
    theirs = world.company("fremd.de", name="Fremd AG")
    admin = world.administrator(ours)
    stranger = world.administrator(theirs)
    before = world.store.users[stranger.id]
    # Not found like a missing id, not "forbidden": the answer must not tell that it exists.
    with pytest.raises(UserNotFoundError) as caught:
        deactivate_user(world.services, admin.id, stranger.id)
    assert caught.value.messages() == UserNotFoundError(stranger.id).messages()
    for change in (reactivate_user, delete_user):
        with pytest.raises(UserNotFoundError):
            change(world.services, admin.id, stranger.id)
    with pytest.raises(UserNotFoundError):
        change_role(world.services, admin.id, stranger.id, Role.GUEST)
    with pytest.raises(UserNotFoundError):
        set_authorisations(world.services, admin.id, stranger.id, [])
    assert world.store.users[stranger.id] == before


def test_a_manager_is_refused_before_any_user_is_looked_up(world: World) -> None:
    ours = world.company("muster.de")
    admin = world.administrator(ours)
    manager = world.member(ours, admin, "mia", role=Role.MANAGER)
    stranger = world.administrator(world.company("fremd.de", name="Fremd AG"))
    for user_id in (stranger.id, admin.id, "nobody"):
        with pytest.raises(ActionNotAllowedError) as caught:
            deactivate_user(world.services, manager.id, user_id)
        assert caught.value.reason == "not_permitted"


def test_deleting_blanks_personal_data(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    user = world.member(company, admin, "max")
    deleted = delete_user(world.services, admin.id, user.id)
    assert deleted.status is UserStatus.DELETED
    assert (deleted.first_name, deleted.last_name, deleted.password_hash) == ("", "", None)
    assert "max" not in str(deleted.email)
    assert [u.id for u in list_users(world.services, admin.id)] == [admin.id]


def test_authorised_contacts_may_order(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    manager = world.member(company, admin, "mara", Role.MANAGER)
    entrusted = set_authorisations(world.services, admin.id, manager.id, [Action.PLACE_ORDER])
    actor = entrusted.actor(world.company_now(company.id))
    assert can(actor, Action.PLACE_ORDER, Target.company(company.id)).allowed
    assert not can(actor, Action.GIVE_INSTRUCTION, Target.company(company.id)).allowed
    with pytest.raises(InvalidValueError):
        set_authorisations(world.services, admin.id, manager.id, [Action.MANAGE_USERS])


def test_only_internal_companies_grant_single_functions(world: World) -> None:
    external = world.company()
    admin = world.administrator(external)
    with pytest.raises(GrantsNeedInternalCompanyError):
        set_grants(world.services, admin.id, admin.id, [Action.VIEW_INVOICES])
    internal = world.company("kmc-servicegroup.de", name="KMC IT")
    chief = world.administrator(internal)
    worker = world.member(internal, chief, "werner")
    granted = set_grants(world.services, chief.id, worker.id, [Action.VIEW_INVOICES])
    actor = granted.actor(world.company_now(internal.id))
    assert can(actor, Action.VIEW_INVOICES, Target.company(internal.id)).reason == "grant"
    with pytest.raises(InvalidValueError):
        set_grants(world.services, chief.id, worker.id, [Action.CLOSE_COMPANY])


def test_a_refused_change_writes_nothing(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    before = (dict(world.store.users), list(world.store.audit), dict(world.store.sessions))
    with pytest.raises(LastAdministratorError):
        deactivate_user(world.services, admin.id, admin.id)
    assert before == (dict(world.store.users), list(world.store.audit), dict(world.store.sessions))


@settings(max_examples=20)
@given(st.lists(st.sampled_from(Role), min_size=1, max_size=6))
def test_no_sequence_of_role_changes_removes_the_last_administrator(roles: list[Role]) -> None:
    world = World()
    company = world.company()
    admin = world.administrator(company)
    other = world.member(company, admin, "zweite", Role.ADMINISTRATOR)
    for index, role in enumerate(roles):
        target = (admin, other)[index % 2]
        actor = next((u for u in world.store.users.values() if u.is_active_administrator), admin)
        with contextlib.suppress(LastAdministratorError):
            change_role(world.services, actor.id, target.id, role)
        assert any(u.is_active_administrator for u in world.store.users.values())
