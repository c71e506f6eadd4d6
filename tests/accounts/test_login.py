"""Login by e-mail or customer number, lockout, rehash, uniform failures (001–004)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit.accounts import (
    AccountDeactivatedError,
    AccountSettings,
    InvalidCredentialsError,
    LoginMethod,
    LoginMethodDisabledError,
    UserStatus,
    accept_invitation,
    deactivate_user,
    invite_administrator,
    invite_user,
    login_with_customer_number,
    login_with_email,
)
from portalkit.accounts.tokens import hash_secret
from portalkit.policy.hashing import Argon2idHasher, Argon2Parameters, Verification
from tests.accounts.world import GOOD_PASSWORD, OPERATOR, World


def test_a_user_logs_in_with_email_and_gets_a_session(world: World) -> None:
    admin = world.administrator(world.company())
    result = login_with_email(world.services, "Chefin@Muster.DE", GOOD_PASSWORD)
    assert result.user.id == admin.id
    session = world.store.sessions[result.session_id]
    assert session.secret_hash == hash_secret(result.session_secret)
    assert world.user(admin.id).last_login == world.clock.now()
    assert world.store.audit[-1].action == "user.login"


def test_unknown_account_and_wrong_password_look_the_same(world: World) -> None:
    world.administrator(world.company())
    with pytest.raises(InvalidCredentialsError) as unknown:
        login_with_email(world.services, "niemand@muster.de", GOOD_PASSWORD)
    with pytest.raises(InvalidCredentialsError) as wrong:
        login_with_email(world.services, "chefin@muster.de", "falsch-falsch")
    assert unknown.value.messages() == wrong.value.messages()
    assert (world.hasher.dummy_calls, world.hasher.verify_calls) == (1, 1)


def test_five_failures_lock_the_account_for_fifteen_minutes(world: World) -> None:
    admin = world.administrator(world.company())
    for _ in range(5):
        with pytest.raises(InvalidCredentialsError):
            login_with_email(world.services, "chefin@muster.de", "falsch-falsch")
    locked = world.user(admin.id)
    assert locked.status is UserStatus.LOCKED
    assert locked.locked_until == world.clock.now() + dt.timedelta(minutes=15)
    assert world.mails("account_locked")[-1].recipient == "chefin@muster.de"
    # Even the right password does not help during the lockout, and it is not checked.
    verified = world.hasher.verify_calls
    with pytest.raises(InvalidCredentialsError):
        login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    assert world.hasher.verify_calls == verified
    world.clock.advance(dt.timedelta(minutes=15))
    assert login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD).user.id == admin.id
    assert world.user(admin.id).status is UserStatus.ACTIVE


def test_a_success_resets_the_failure_count(world: World) -> None:
    admin = world.administrator(world.company())
    for _ in range(4):
        with pytest.raises(InvalidCredentialsError):
            login_with_email(world.services, "chefin@muster.de", "falsch-falsch")
    login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    assert world.user(admin.id).failed_logins == 0


def test_the_lockout_is_configurable(world: World) -> None:
    world.settings = attrs.evolve(
        world.settings, max_failed_logins=2, lockout=dt.timedelta(hours=1)
    )
    admin = world.administrator(world.company())
    for _ in range(2):
        with pytest.raises(InvalidCredentialsError):
            login_with_email(world.services, "chefin@muster.de", "falsch-falsch")
    assert world.user(admin.id).locked_until == world.clock.now() + dt.timedelta(hours=1)


def test_an_outdated_hash_is_replaced_at_login(world: World) -> None:
    admin = world.administrator(world.company())
    world.hasher.version = 2
    login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    assert (world.user(admin.id).password_hash or "").startswith("plain:2$")
    assert admin.password_hash is not None
    assert admin.password_hash.startswith("plain:1$")


def test_deactivated_and_unconfirmed_accounts_are_told_only_with_the_right_password(
    world: World,
) -> None:
    company = world.company()
    admin = world.administrator(company)
    user = world.member(company, admin, "max")
    deactivate_user(world.services, admin.id, user.id)
    with pytest.raises(AccountDeactivatedError):
        login_with_email(world.services, "max@muster.de", GOOD_PASSWORD)
    with pytest.raises(InvalidCredentialsError):
        login_with_email(world.services, "max@muster.de", "falsch-falsch")
    invite_user(world.services, admin.id, email="neu@muster.de")
    with pytest.raises(InvalidCredentialsError):
        login_with_email(world.services, "neu@muster.de", GOOD_PASSWORD)


def test_the_customer_number_names_the_company_of_a_single_account(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    result = login_with_customer_number(world.services, company.customer_number, GOOD_PASSWORD)
    assert result.user.id == admin.id


def test_several_accounts_need_the_email_as_well(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    max_ = world.member(company, admin, "max")
    with pytest.raises(InvalidCredentialsError):
        login_with_customer_number(world.services, company.customer_number, GOOD_PASSWORD)
    result = login_with_customer_number(
        world.services, company.customer_number, GOOD_PASSWORD, email="max@muster.de"
    )
    assert result.user.id == max_.id
    with pytest.raises(InvalidCredentialsError):
        login_with_customer_number(world.services, "99999", GOOD_PASSWORD, email="max@muster.de")


def test_a_portal_may_switch_a_login_method_off(world: World) -> None:
    world.settings = AccountSettings(login_methods=frozenset({LoginMethod.CUSTOMER_NUMBER}))
    with pytest.raises(LoginMethodDisabledError):
        login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)


@settings(max_examples=25)
@given(st.text(max_size=30), st.text(max_size=30))
def test_any_unknown_input_fails_uniformly_with_the_same_work(email: str, password: str) -> None:
    world = World()
    world.administrator(world.company())
    with pytest.raises(InvalidCredentialsError):
        login_with_email(world.services, email, password)
    with pytest.raises(InvalidCredentialsError):
        login_with_customer_number(world.services, email, password)
    assert world.hasher.dummy_calls + world.hasher.verify_calls == 2


def test_login_works_with_the_argon2id_hasher_and_upgrades_its_parameters() -> None:
    fast = Argon2Parameters.insecure_fast_for_tests()
    world = World()
    services = attrs.evolve(world.services, hasher=Argon2idHasher(fast))
    company = world.company()
    invitation = invite_administrator(services, OPERATOR, company.id, email="chefin@muster.de")
    accept_invitation(
        services, invitation.secret, first_name="E", last_name="M", password=GOOD_PASSWORD
    )
    stronger = attrs.evolve(fast, time_cost=fast.time_cost + 1)
    upgraded = attrs.evolve(services, hasher=Argon2idHasher(stronger))
    user = login_with_email(upgraded, "chefin@muster.de", GOOD_PASSWORD).user
    assert user.password_hash != invitation.user.password_hash
    assert Argon2idHasher(stronger).verify(user.password_hash or "", GOOD_PASSWORD) == (
        Verification(ok=True, needs_rehash=False)
    )
    with pytest.raises(InvalidCredentialsError):
        login_with_email(upgraded, "chefin@muster.de", "falsch-falsch")
