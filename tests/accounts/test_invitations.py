"""Invitations (seed 001): domain rule, user limit, roles, the first administrator."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit import InvalidValueError
from portalkit.accounts import (
    EmailOutsideCompanyDomainsError,
    EmailTakenError,
    InvalidTokenError,
    TokenExpiredError,
    UserLimitReachedError,
    UserNotFoundError,
    UserStatus,
    accept_invitation,
    invite_user,
    resend_invitation,
)
from portalkit.policy import PasswordRejected
from portalkit.policy.roles import ActionNotAllowedError, Role
from tests.accounts.world import GOOD_PASSWORD, World


def test_an_administrator_invites_a_user_by_mail(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    invitation = invite_user(
        world.services, admin.id, email="Max.Neu@Muster.de", role=Role.MANAGER, first_name="Max"
    )
    assert invitation.user.status is UserStatus.INVITED
    assert str(invitation.user.email) == "max.neu@muster.de"
    mail = world.mails("invitation")[-1]
    assert mail.recipient == "max.neu@muster.de"
    assert mail.params["token"] == invitation.secret
    expires = dt.datetime.fromisoformat(mail.params["expires_at"])
    assert expires == world.clock.now() + dt.timedelta(days=90)


def test_accepting_sets_names_and_password_and_keeps_the_role(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    invitation = invite_user(world.services, admin.id, email="max@muster.de", role=Role.MANAGER)
    user = accept_invitation(
        world.services,
        invitation.secret,
        first_name=" Max ",
        last_name="Neu",
        password=GOOD_PASSWORD,
        title="Dr.",
    )
    assert (user.status, user.role) == (UserStatus.ACTIVE, Role.MANAGER)
    assert user.display_name == "Dr. Max Neu"
    assert world.hasher.verify(user.password_hash or "", GOOD_PASSWORD).ok


def test_the_first_user_of_a_company_becomes_administrator(world: World) -> None:
    admin = world.administrator(world.company())
    assert admin.role is Role.ADMINISTRATOR


def test_the_address_must_be_in_the_company_domains(world: World) -> None:
    company = world.company("muster.de")
    admin = world.administrator(company)
    for address in ("max@evil-muster.de", "max@gmail.com", "max@it.muster.de"):
        with pytest.raises(EmailOutsideCompanyDomainsError) as caught:
            invite_user(world.services, admin.id, email=address)
        assert "muster.de" in caught.value.message("de")
    assert world.store.users.keys() == {admin.id}


def test_subdomains_count_when_the_company_allows_them(world: World) -> None:
    company = world.company("muster.de", allow_subdomains=True)
    admin = world.administrator(company)
    assert invite_user(world.services, admin.id, email="max@it.muster.de").user


def test_an_address_is_invited_once(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    invite_user(world.services, admin.id, email="max@muster.de")
    with pytest.raises(EmailTakenError):
        invite_user(world.services, admin.id, email="MAX@muster.de")


def test_the_user_limit_counts_invited_and_active_users(world: World) -> None:
    company = world.company(user_limit=2)
    admin = world.administrator(company)
    invite_user(world.services, admin.id, email="max@muster.de")
    with pytest.raises(UserLimitReachedError) as caught:
        invite_user(world.services, admin.id, email="moritz@muster.de")
    assert caught.value.limit == 2


def test_internal_companies_have_no_user_limit(world: World) -> None:
    company = world.company("it.kmc-servicegroup.de")
    assert (company.internal, company.user_limit) == (True, None)
    assert world.company("extern.de").user_limit == world.settings.default_user_limit


def test_only_administrators_invite(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    manager = world.member(company, admin, "mara", Role.MANAGER)
    with pytest.raises(ActionNotAllowedError):
        invite_user(world.services, manager.id, email="max@muster.de")


def test_an_invitation_expires_after_90_days(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    invitation = invite_user(world.services, admin.id, email="max@muster.de")
    world.clock.advance(dt.timedelta(days=90))
    with pytest.raises(TokenExpiredError):
        accept_invitation(
            world.services, invitation.secret, first_name="M", last_name="N", password=GOOD_PASSWORD
        )


def test_a_resent_invitation_replaces_the_old_link(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    first = invite_user(world.services, admin.id, email="max@muster.de")
    second = resend_invitation(world.services, admin.id, first.user.id)
    with pytest.raises(InvalidTokenError):
        accept_invitation(
            world.services, first.secret, first_name="M", last_name="N", password=GOOD_PASSWORD
        )
    accept_invitation(
        world.services, second.secret, first_name="M", last_name="N", password=GOOD_PASSWORD
    )


def test_another_companys_invitation_cannot_be_resent_and_is_not_found(world: World) -> None:
    ours = world.administrator(world.company())
    theirs = world.company("fremd.de", name="Fremd AG")
    invited = invite_user(world.services, world.administrator(theirs).id, email="max@fremd.de")
    tokens = len(world.store.tokens)
    with pytest.raises(UserNotFoundError):
        resend_invitation(world.services, ours.id, invited.user.id)
    assert len(world.store.tokens) == tokens
    accept_invitation(
        world.services, invited.secret, first_name="M", last_name="N", password=GOOD_PASSWORD
    )


def test_a_rejected_password_leaves_the_invitation_usable(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    invitation = invite_user(world.services, admin.id, email="max@muster.de")
    with pytest.raises(InvalidValueError):
        accept_invitation(
            world.services, invitation.secret, first_name="M", last_name="N", password="kurz"
        )
    assert world.user(invitation.user.id).status is UserStatus.INVITED
    accepted = accept_invitation(
        world.services, invitation.secret, first_name="M", last_name="N", password=GOOD_PASSWORD
    )
    assert accepted.status is UserStatus.ACTIVE


hosts = st.sampled_from(
    ["muster.de", "MUSTER.DE", "it.muster.de", "evil-muster.de", "muster.de.evil.com", "gmx.de"]
)


@settings(max_examples=25)
@given(st.from_regex(r"[a-z]{1,8}", fullmatch=True), hosts, st.booleans())
def test_an_invitation_succeeds_exactly_for_addresses_in_the_company_domains(
    local: str, host: str, subdomains: bool
) -> None:
    world = World()
    company = world.company("muster.de", allow_subdomains=subdomains)
    admin = world.administrator(company)
    address = f"{local}@{host}"
    inside = host.lower() == "muster.de" or (subdomains and host == "it.muster.de")
    if local == "chefin" and inside:
        return
    try:
        invite_user(world.services, admin.id, email=address)
    except EmailOutsideCompanyDomainsError:
        assert not inside
    else:
        assert inside


def test_the_password_policy_knows_the_new_user_and_the_company(world: World) -> None:
    company = world.company(name="Muster GmbH")
    admin = world.administrator(company)
    invitation = invite_user(world.services, admin.id, email="max@muster.de")
    for personal in ("Neumann-2025!", "Max-Muster-Ok7!", company.customer_number + "-Ab!x"):
        with pytest.raises(PasswordRejected) as caught:
            accept_invitation(
                world.services,
                invitation.secret,
                first_name="Max",
                last_name="Neumann",
                password=personal,
            )
        assert "personal_data" in {violation.code for violation in caught.value.violations}
