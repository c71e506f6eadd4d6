"""Forgotten passwords: same answer for everyone, single-use link, no automatic login."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from portalkit import InvalidValueError
from portalkit.accounts import (
    InvalidCredentialsError,
    InvalidTokenError,
    SessionExpiredError,
    TokenExpiredError,
    TokenPurpose,
    UserStatus,
    authenticate,
    login_with_email,
    request_password_reset,
    reset_password,
)
from tests.accounts.world import GOOD_PASSWORD, World

NEW = "Herbst-Wind-77?"


def test_a_reset_link_sets_a_new_password_once_and_logs_nobody_in(world: World) -> None:
    admin = world.administrator(world.company())
    session = login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    assert request_password_reset(world.services, email="Chefin@muster.de") is None
    secret = world.last_token("password_reset")
    sessions_before = len(world.store.sessions)
    changed = reset_password(world.services, secret, NEW)
    assert len(world.store.sessions) == sessions_before
    assert world.hasher.verify(changed.password_hash or "", NEW).ok
    with pytest.raises(InvalidTokenError):
        reset_password(world.services, secret, "Noch-Ein-Neues-1")
    with pytest.raises(SessionExpiredError):
        authenticate(world.services, session.session_secret)
    with pytest.raises(InvalidCredentialsError):
        login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    assert login_with_email(world.services, "chefin@muster.de", NEW).user.id == admin.id
    assert world.mails("password_changed")[-1].recipient == "chefin@muster.de"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(world: World) -> None:
    world.administrator(world.company())
    mails = len(world.mails())
    for email in ("niemand@muster.de", "kein-at-zeichen", ""):
        assert request_password_reset(world.services, email=email) is None
    assert len(world.mails()) == mails


def test_the_customer_number_must_match_when_given(world: World) -> None:
    company = world.company()
    world.administrator(company)
    request_password_reset(world.services, email="chefin@muster.de", customer_number="99999")
    assert world.mails("password_reset") == []
    request_password_reset(
        world.services, email="chefin@muster.de", customer_number=company.customer_number
    )
    assert len(world.mails("password_reset")) == 1


def test_the_link_expires_after_an_hour(world: World) -> None:
    world.administrator(world.company())
    request_password_reset(world.services, email="chefin@muster.de")
    world.clock.advance(dt.timedelta(hours=1))
    with pytest.raises(TokenExpiredError):
        reset_password(world.services, world.last_token("password_reset"), NEW)


def test_a_portal_may_send_one_time_passwords_instead(world: World) -> None:
    world.settings = attrs.evolve(world.settings, reset_purpose=TokenPurpose.ONE_TIME_PASSWORD)
    world.administrator(world.company())
    request_password_reset(world.services, email="chefin@muster.de")
    reset_password(world.services, world.last_token("one_time_password"), NEW)


def test_the_new_password_passes_the_policy_and_the_history(world: World) -> None:
    admin = world.administrator(world.company())
    request_password_reset(world.services, email="chefin@muster.de")
    secret = world.last_token("password_reset")
    for rejected in ("kurz", GOOD_PASSWORD):
        with pytest.raises(InvalidValueError):
            reset_password(world.services, secret, rejected)
    assert world.user(admin.id) == admin
    reset_password(world.services, secret, NEW)


def test_a_reset_ends_a_lockout(world: World) -> None:
    admin = world.administrator(world.company())
    for _ in range(5):
        with pytest.raises(InvalidCredentialsError):
            login_with_email(world.services, "chefin@muster.de", "falsch-falsch")
    request_password_reset(world.services, email="chefin@muster.de")
    reset_password(world.services, world.last_token("password_reset"), NEW)
    assert world.user(admin.id).status is UserStatus.ACTIVE
    assert login_with_email(world.services, "chefin@muster.de", NEW).user.id == admin.id
