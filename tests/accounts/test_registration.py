"""Self-registration with customer number and a 24-hour activation link (seed 003)."""

from __future__ import annotations

import datetime as dt

import pytest

from portalkit.accounts import (
    AccountNotActivatedError,
    CompanyStatus,
    InvalidTokenError,
    Override,
    RegistrationMismatchError,
    RegistrationNeedsInvitationError,
    TermsNotAcceptedError,
    TokenExpiredError,
    UserStatus,
    activate_account,
    login_with_email,
    override_last_administrator,
    register,
)
from portalkit.policy.roles import Role
from tests.accounts.world import GOOD_PASSWORD, OPERATOR, World


def sign_up(world: World, number: str, **changes: object) -> None:
    fields: dict[str, object] = {
        "name": "Erika Mustermann",
        "customer_number": number,
        "email": "erika@web.de",
        "password": GOOD_PASSWORD,
        "accepted_terms": True,
    } | changes
    register(world.services, **fields)  # type: ignore[arg-type]


def test_registration_is_confirmed_by_a_link_and_makes_an_administrator(world: World) -> None:
    company = world.company(domain="", name="Erika Mustermann")
    sign_up(world, company.customer_number, name="  erika   MUSTERMANN ")
    (user,) = world.store.users.values()
    assert (user.status, user.role) == (UserStatus.PENDING_ACTIVATION, Role.ADMINISTRATOR)
    with pytest.raises(AccountNotActivatedError):
        login_with_email(world.services, "erika@web.de", GOOD_PASSWORD)
    active = activate_account(world.services, world.last_token("activation"))
    assert active.status is UserStatus.ACTIVE
    assert login_with_email(world.services, "erika@web.de", GOOD_PASSWORD).user.id == user.id


def test_the_activation_link_lasts_24_hours_and_registering_again_sends_a_new_one(
    world: World,
) -> None:
    company = world.company(domain="", name="Erika Mustermann")
    sign_up(world, company.customer_number)
    old = world.last_token("activation")
    world.clock.advance(dt.timedelta(hours=24))
    with pytest.raises(TokenExpiredError):
        activate_account(world.services, old)
    sign_up(world, company.customer_number)
    assert len(world.store.users) == 1
    with pytest.raises(InvalidTokenError):
        activate_account(world.services, old)
    assert activate_account(world.services, world.last_token("activation")).status is (
        UserStatus.ACTIVE
    )


@pytest.mark.parametrize(
    "changes",
    [{"name": "Someone Else"}, {"customer_number": "99999"}, {"customer_number": "x"}],
)
def test_data_that_do_not_match_the_record_are_refused_alike(
    world: World, changes: dict[str, str]
) -> None:
    company = world.company(domain="", name="Erika Mustermann")
    with pytest.raises(RegistrationMismatchError):
        sign_up(world, company.customer_number, **changes)
    assert world.store.users == {}


def test_terms_must_be_accepted(world: World) -> None:
    company = world.company(domain="", name="Erika Mustermann")
    with pytest.raises(TermsNotAcceptedError):
        sign_up(world, company.customer_number, accepted_terms=False)


def test_a_known_address_gets_a_mail_instead_of_an_error(world: World) -> None:
    company = world.company(name="Muster GmbH")
    world.administrator(company)
    other = world.company(domain="", name="Erika Mustermann")
    sign_up(world, other.customer_number, email="chefin@muster.de")
    assert world.mails("already_registered")[-1].recipient == "chefin@muster.de"
    assert world.mails("activation") == []


def test_a_company_with_an_administrator_invites_instead(world: World) -> None:
    company = world.company(name="Muster GmbH")
    world.administrator(company)
    with pytest.raises(RegistrationNeedsInvitationError):
        sign_up(world, company.customer_number, name="Muster GmbH", email="neu@muster.de")


def test_activation_makes_an_administrator_even_after_an_operator_demoted_the_registrant(
    world: World,
) -> None:
    company = world.company(domain="", name="Erika Mustermann")
    sign_up(world, company.customer_number)
    (pending,) = world.store.users.values()
    override_last_administrator(world.services, OPERATOR, pending.id, change=Override.DEMOTE)
    active = activate_account(world.services, world.last_token("activation"))
    assert active.role is Role.ADMINISTRATOR
    assert world.company_now(company.id).status is CompanyStatus.ACTIVE
