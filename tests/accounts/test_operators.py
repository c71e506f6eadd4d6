"""Operators of the service company: companies, access requests, the override (000, 001)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from portalkit.accounts import (
    AccessRequestNotFoundError,
    AccessRequestStatus,
    AccountDeactivatedError,
    CompanyClosedError,
    CompanyStatus,
    CustomerNumberTakenError,
    DomainInUseError,
    InvalidCredentialsError,
    InvalidCustomerNumberError,
    Override,
    TokenPurpose,
    UserStatus,
    accept_invitation,
    close_company,
    complete_access_request,
    create_company,
    invite_administrator,
    invite_user,
    list_access_requests,
    list_companies,
    login_with_customer_number,
    login_with_email,
    override_last_administrator,
    provision_account,
    receive_access_request,
    request_password_reset,
    reset_password,
    update_company,
)
from portalkit.accounts.operators import DEFAULT_LIMIT
from portalkit.policy.roles import Role
from tests.accounts.world import GOOD_PASSWORD, OPERATOR, World


def test_a_company_in_the_group_domains_is_internal(world: World) -> None:
    company = world.company("facility.kmc-servicegroup.de")
    assert company.internal
    assert not world.company("kmc-servicegroup-fake.de").internal


def test_customer_numbers_are_unique_and_well_formed(world: World) -> None:
    create_company(world.services, OPERATOR, customer_number="4711", name="A")
    with pytest.raises(CustomerNumberTakenError):
        create_company(world.services, OPERATOR, customer_number=" 4711 ", name="B")
    with pytest.raises(InvalidCustomerNumberError):
        create_company(world.services, OPERATOR, customer_number="47-11", name="C")


def test_an_access_request_gets_a_deadline_of_ten_werktage(world: World) -> None:
    # Monday 3 March 2025; ten working days Monday to Saturday later is Friday 14 March.
    request = receive_access_request(
        world.services, company_name="Muster GmbH", contact_name="Erika", email="e@muster.de"
    )
    assert request.deadline == dt.date(2025, 3, 14)
    assert world.mails("access_request_received")[-1].params["deadline"] == "2025-03-14"
    done = complete_access_request(world.services, OPERATOR, request.id)
    assert done.status is AccessRequestStatus.DONE
    with pytest.raises(AccessRequestNotFoundError):
        complete_access_request(world.services, OPERATOR, "nope")


def test_operators_see_open_requests_by_deadline_and_companies_in_need_first(
    world: World,
) -> None:
    later = receive_access_request(
        world.services, company_name="B", contact_name="B", email="b@b.de"
    )
    world.clock.set(world.clock.now() - dt.timedelta(days=3))
    sooner = receive_access_request(
        world.services, company_name="A", contact_name="A", email="a@a.de"
    )
    assert list_access_requests(world.services, OPERATOR) == [sooner, later]
    complete_access_request(world.services, OPERATOR, sooner.id)
    assert list_access_requests(world.services, OPERATOR) == [later]
    assert len(list_access_requests(world.services, OPERATOR, open_only=False)) == 2
    alpha = world.company(name="Alpha")
    zulu = world.company("zulu.de", name="Zulu")
    override_last_administrator(world.services, OPERATOR, world.administrator(zulu).id)
    assert [c.name for c in list_companies(world.services, OPERATOR)] == ["Zulu", alpha.name]


def test_the_deadline_skips_public_holidays(world: World) -> None:
    # From Monday 14 April 2025: Good Friday (18th) and Easter Monday (21st) do not count.
    world.clock.set(dt.datetime(2025, 4, 14, 10, 0, tzinfo=dt.UTC))
    request = receive_access_request(
        world.services, company_name="M", contact_name="E", email="e@muster.de"
    )
    assert request.deadline == dt.date(2025, 4, 28)


def test_the_deadline_counts_from_the_local_date(world: World) -> None:
    # 23:30 UTC on Sunday is already Monday in Berlin.
    world.clock.set(dt.datetime(2025, 3, 2, 23, 30, tzinfo=dt.UTC))
    request = receive_access_request(
        world.services, company_name="M", contact_name="E", email="e@muster.de"
    )
    assert request.deadline == dt.date(2025, 3, 14)


def test_the_override_deactivates_the_last_administrator_and_marks_the_company(
    world: World,
) -> None:
    company = world.company()
    admin = world.administrator(company)
    world.member(company, admin, "max")
    after = override_last_administrator(world.services, OPERATOR, admin.id)
    assert after.status is UserStatus.DEACTIVATED
    assert world.company_now(company.id).status is CompanyStatus.NEEDS_ADMINISTRATOR
    replacement = invite_administrator(world.services, OPERATOR, company.id, email="neu@muster.de")
    accept_invitation(
        world.services, replacement.secret, first_name="N", last_name="Eu", password=GOOD_PASSWORD
    )
    assert world.company_now(company.id).status is CompanyStatus.ACTIVE
    actions = [event.action for event in world.store.audit]
    assert "company.needs_administrator" in actions
    assert "company.administrator_found" in actions


def test_demoting_by_override_keeps_the_user_active(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    after = override_last_administrator(
        world.services, OPERATOR, admin.id, change=Override.DEMOTE, new_role=Role.EMPLOYEE
    )
    assert (after.status, after.role) == (UserStatus.ACTIVE, Role.EMPLOYEE)
    assert world.company_now(company.id).status is CompanyStatus.NEEDS_ADMINISTRATOR


def test_an_override_with_other_administrators_leaves_the_company_active(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    world.member(company, admin, "zweite", Role.ADMINISTRATOR)
    override_last_administrator(world.services, OPERATOR, admin.id)
    assert world.company_now(company.id).status is CompanyStatus.ACTIVE


def test_closing_a_company_ends_everything(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    pending = invite_user(world.services, admin.id, email="max@muster.de")
    login = login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    closed = close_company(world.services, OPERATOR, company.id)
    assert closed.status is CompanyStatus.CLOSED
    assert world.store.sessions[login.session_id].revoked_at is not None
    assert {u.status for u in world.store.users.values()} == {UserStatus.DEACTIVATED}
    with pytest.raises(AccountDeactivatedError):
        login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    with pytest.raises(CompanyClosedError):
        invite_administrator(world.services, OPERATOR, company.id, email="x@muster.de")
    assert pending.user.id in world.store.users


def test_seed_004_one_time_password_for_a_provisioned_account(world: World) -> None:
    world.settings = attrs.evolve(world.settings, reset_purpose=TokenPurpose.ONE_TIME_PASSWORD)
    company = world.company(domain="", name="Webagentur Klein")
    user = provision_account(world.services, OPERATOR, company.id, email="info@klein-web.de")
    assert (user.status, user.password_hash) == (UserStatus.ACTIVE, None)
    with pytest.raises(InvalidCredentialsError):
        login_with_customer_number(world.services, company.customer_number, "")
    request_password_reset(
        world.services, email="info@klein-web.de", customer_number=company.customer_number
    )
    reset_password(world.services, world.last_token("one_time_password"), GOOD_PASSWORD)
    result = login_with_customer_number(world.services, company.customer_number, GOOD_PASSWORD)
    assert result.user.id == user.id


def test_a_provisioned_administrator_ends_the_search_for_one(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    override_last_administrator(world.services, OPERATOR, admin.id)
    provision_account(world.services, OPERATOR, company.id, email="neu@muster.de")
    assert world.company_now(company.id).status is CompanyStatus.ACTIVE


def test_an_operator_updates_a_company_without_breaking_the_domain_rule(world: World) -> None:
    company = world.company("muster.de")
    admin = world.administrator(company)
    with pytest.raises(DomainInUseError) as caught:
        update_company(world.services, OPERATOR, company.id, email_domains=["muster.com"])
    assert (caught.value.domain, caught.value.users) == ("muster.de", 1)
    updated = update_company(
        world.services,
        OPERATOR,
        company.id,
        name="Muster Holding GmbH",
        email_domains=["muster.de", "kmc-servicegroup.de"],
    )
    assert (updated.name, updated.internal, updated.user_limit) == (
        "Muster Holding GmbH",
        True,
        world.settings.default_user_limit,
    )
    unlimited = update_company(world.services, OPERATOR, company.id, user_limit=DEFAULT_LIMIT)
    assert unlimited.user_limit is None
    assert world.store.audit[-1].action == "company.updated"
    assert world.user(admin.id).status is UserStatus.ACTIVE
