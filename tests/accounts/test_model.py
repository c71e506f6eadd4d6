"""The account model: customer numbers, companies' domain rule, users as actors."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.accounts.model import (
    Company,
    CompanyStatus,
    CustomerNumberFormat,
    InvalidCustomerNumberError,
    User,
    UserStatus,
)
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.policy.roles import Action, Role, Target, can

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def user(status: UserStatus = UserStatus.ACTIVE, role: Role = Role.MANAGER) -> User:
    return User("u1", "c1", EmailAddress.parse("a@muster.de"), role, status, NOW)


def test_customer_numbers_have_the_configured_format() -> None:
    assert CustomerNumberFormat().normalize(" 4711 ") == "4711"
    assert CustomerNumberFormat(r"K-[0-9]{6}").normalize("K-123456") == "K-123456"
    with pytest.raises(InvalidCustomerNumberError):
        CustomerNumberFormat().normalize("12a4")


@given(st.text())
def test_a_normalised_customer_number_always_matches_the_format(text: str) -> None:
    try:
        number = CustomerNumberFormat().normalize(text)
    except InvalidCustomerNumberError:
        return
    assert number.isdigit()
    assert 4 <= len(number) <= 12


def test_a_company_accepts_addresses_in_its_domains_only() -> None:
    company = Company("c1", "4711", "Muster", frozenset({EmailDomain.parse("muster.de")}))
    assert company.accepts(EmailAddress.parse("x@MUSTER.de"))
    assert not company.accepts(EmailAddress.parse("x@evil-muster.de"))
    assert not company.accepts(EmailAddress.parse("x@it.muster.de"))
    branches = Company(
        "c1", "4711", "Muster", frozenset({EmailDomain.parse("muster.de")}), allow_subdomains=True
    )
    assert branches.accepts(EmailAddress.parse("x@it.muster.de"))


def test_a_company_without_domains_accepts_any_address() -> None:
    assert Company("c1", "4711", "Erika Muster").accepts(EmailAddress.parse("erika@web.de"))


def test_a_locked_user_still_counts_as_administrator() -> None:
    assert user(UserStatus.LOCKED, Role.ADMINISTRATOR).is_active_administrator
    assert not user(UserStatus.INVITED, Role.ADMINISTRATOR).is_active_administrator
    assert not user(UserStatus.ACTIVE, Role.MANAGER).is_active_administrator


def test_a_user_of_a_closed_company_may_do_nothing() -> None:
    closed = Company("c1", "4711", "Muster", status=CompanyStatus.CLOSED)
    decision = can(user().actor(closed), Action.VIEW_ORDERS, Target.company("c1"))
    assert decision.reason == "actor_inactive"


@given(st.sampled_from(UserStatus), st.sampled_from(Role))
def test_only_usable_accounts_act(status: UserStatus, role: Role) -> None:
    company = Company("c1", "4711", "Muster")
    decision = can(user(status, role).actor(company), Action.VIEW_PUBLIC, Target.company("c1"))
    assert decision.allowed == (status in (UserStatus.ACTIVE, UserStatus.LOCKED))
