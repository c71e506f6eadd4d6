"""Own account: contact data, e-mail change with confirmation, password, change requests."""

from __future__ import annotations

import itertools

import pytest

from portalkit import InvalidValueError
from portalkit.accounts import (
    EmailOutsideCompanyDomainsError,
    EmailTakenError,
    InvalidTokenError,
    WrongCurrentPasswordError,
    change_password,
    confirm_email_change,
    login_with_email,
    request_email_change,
    request_profile_change,
    update_contact_data,
)
from tests.accounts.world import GOOD_PASSWORD, World

NEW = "Herbst-Wind-77?"


def test_contact_data_change_alone_but_names_do_not(world: World) -> None:
    admin = world.administrator(world.company())
    changed = update_contact_data(world.services, admin.id, phone=" 0151 1234 ", language="en")
    assert (changed.phone, changed.language, changed.first_name) == ("0151 1234", "en", "Erika")
    request = request_profile_change(world.services, admin.id, last_name="Neumann", reason="Heirat")
    assert (request.last_name, request.reason) == ("Neumann", "Heirat")
    assert world.user(admin.id).last_name == "Muster"
    assert list(world.store.profile_requests.values()) == [request]


def test_the_password_changes_only_with_the_current_one(world: World) -> None:
    admin = world.administrator(world.company())
    with pytest.raises(WrongCurrentPasswordError):
        change_password(world.services, admin.id, current_password="falsch", new_password=NEW)
    with pytest.raises(InvalidValueError):
        change_password(
            world.services, admin.id, current_password=GOOD_PASSWORD, new_password=GOOD_PASSWORD
        )
    changed = change_password(
        world.services, admin.id, current_password=GOOD_PASSWORD, new_password=NEW
    )
    assert changed.password_history == (admin.password_hash,)
    assert login_with_email(world.services, "chefin@muster.de", NEW).user.id == admin.id


def test_the_history_remembers_the_configured_number_of_passwords(world: World) -> None:
    admin = world.administrator(world.company())
    passwords = [GOOD_PASSWORD] + [f"Passwort-Nummer-{n}" for n in range(7)]
    for old, new in itertools.pairwise(passwords):
        change_password(world.services, admin.id, current_password=old, new_password=new)
    assert len(world.user(admin.id).password_history) == world.settings.password_history


def test_a_new_address_counts_after_confirmation_from_the_new_mailbox(world: World) -> None:
    admin = world.administrator(world.company())
    request_email_change(
        world.services, admin.id, new_email="erika.neu@muster.de", current_password=GOOD_PASSWORD
    )
    mail = world.mails("email_change")[-1]
    assert mail.recipient == "erika.neu@muster.de"
    assert str(world.user(admin.id).email) == "chefin@muster.de"
    changed = confirm_email_change(world.services, mail.params["token"])
    assert str(changed.email) == "erika.neu@muster.de"
    assert world.mails("email_changed")[-1].recipient == "chefin@muster.de"
    with pytest.raises(InvalidTokenError):
        confirm_email_change(world.services, mail.params["token"])


def test_a_new_address_stays_inside_the_company_domains(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    world.member(company, admin, "max")
    with pytest.raises(EmailOutsideCompanyDomainsError):
        request_email_change(
            world.services, admin.id, new_email="erika@gmail.com", current_password=GOOD_PASSWORD
        )
    with pytest.raises(EmailTakenError):
        request_email_change(
            world.services, admin.id, new_email="max@muster.de", current_password=GOOD_PASSWORD
        )
    with pytest.raises(WrongCurrentPasswordError):
        request_email_change(
            world.services, admin.id, new_email="e@muster.de", current_password="falsch"
        )


def test_an_address_taken_meanwhile_is_refused_at_confirmation(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    request_email_change(
        world.services, admin.id, new_email="neu@muster.de", current_password=GOOD_PASSWORD
    )
    token = world.last_token("email_change")
    world.member(company, admin, "neu")
    with pytest.raises(EmailTakenError):
        confirm_email_change(world.services, token)
