"""Sessions: idle and absolute lifetimes, listing, revoking, logout everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit.accounts import (
    SessionExpiredError,
    SessionNotFoundError,
    authenticate,
    change_password,
    list_sessions,
    login_with_email,
    logout,
    logout_everywhere,
    revoke_session,
)
from tests.accounts.world import GOOD_PASSWORD, World


def log_in(world: World) -> tuple[str, str]:
    result = login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    return result.session_id, result.session_secret


def test_a_session_ends_after_30_idle_minutes(world: World) -> None:
    world.administrator(world.company())
    _, secret = log_in(world)
    world.clock.advance(dt.timedelta(minutes=29))
    authenticate(world.services, secret)
    world.clock.advance(dt.timedelta(minutes=29))
    assert authenticate(world.services, secret).user.email.local == "chefin"
    world.clock.advance(dt.timedelta(minutes=30))
    with pytest.raises(SessionExpiredError):
        authenticate(world.services, secret)


def test_a_busy_session_still_ends_after_12_hours(world: World) -> None:
    world.administrator(world.company())
    _, secret = log_in(world)
    for _ in range(12 * 4 - 1):
        world.clock.advance(dt.timedelta(minutes=15))
        authenticate(world.services, secret)
    world.clock.advance(dt.timedelta(minutes=15))
    with pytest.raises(SessionExpiredError):
        authenticate(world.services, secret)


def test_users_list_and_revoke_their_sessions(world: World) -> None:
    admin = world.administrator(world.company())
    first, first_secret = log_in(world)
    world.clock.advance(dt.timedelta(minutes=1))
    login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD, device="Firefox")
    assert list_sessions(world.services, admin.id)[0].device == "Firefox"
    logout_everywhere(world.services, admin.id)
    first, first_secret = log_in(world)
    world.clock.advance(dt.timedelta(minutes=1))
    second, _ = log_in(world)
    assert [s.id for s in list_sessions(world.services, admin.id)] == [second, first]
    revoke_session(world.services, admin.id, first)
    assert [s.id for s in list_sessions(world.services, admin.id)] == [second]
    with pytest.raises(SessionExpiredError):
        authenticate(world.services, first_secret)
    with pytest.raises(SessionNotFoundError):
        revoke_session(world.services, "someone-else", second)


def test_logout_and_logout_everywhere(world: World) -> None:
    admin = world.administrator(world.company())
    _, one = log_in(world)
    _, two = log_in(world)
    _, three = log_in(world)
    logout(world.services, one)
    logout(world.services, "unknown-secret")
    with pytest.raises(SessionExpiredError):
        authenticate(world.services, one)
    assert logout_everywhere(world.services, admin.id) == 2
    for secret in (two, three):
        with pytest.raises(SessionExpiredError):
            authenticate(world.services, secret)


def test_a_password_change_ends_the_other_sessions(world: World) -> None:
    admin = world.administrator(world.company())
    current, current_secret = log_in(world)
    _, other_secret = log_in(world)
    change_password(
        world.services,
        admin.id,
        current_password=GOOD_PASSWORD,
        new_password="Herbst-Wind-77?",
        keep_session_id=current,
    )
    authenticate(world.services, current_secret)
    with pytest.raises(SessionExpiredError):
        authenticate(world.services, other_secret)


@settings(max_examples=25)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=30))
def test_a_session_lives_while_requests_come_within_the_idle_time(gaps: list[int]) -> None:
    world = World()
    world.administrator(world.company())
    _, secret = log_in(world)
    alive = True
    elapsed = dt.timedelta(0)
    for gap in gaps:
        world.clock.advance(dt.timedelta(minutes=gap))
        elapsed += dt.timedelta(minutes=gap)
        alive = alive and gap < 30 and elapsed < dt.timedelta(hours=12)
        if alive:
            authenticate(world.services, secret)
        else:
            with pytest.raises(SessionExpiredError):
                authenticate(world.services, secret)
