"""Sessions: idle and absolute lifetimes, listing, revoking, logout everywhere."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit.accounts import (
    AccountSettings,
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


def _last_seen(world: World, session_id: str) -> dt.datetime:
    return world.store.sessions[session_id].last_seen_at


def test_a_request_within_a_minute_of_the_last_write_only_reads(world: World) -> None:
    world.administrator(world.company())
    session_id, secret = log_in(world)
    login_at = _last_seen(world, session_id)
    world.clock.advance(dt.timedelta(seconds=59))
    assert authenticate(world.services, secret).session.last_seen_at == login_at
    assert _last_seen(world, session_id) == login_at
    world.clock.advance(dt.timedelta(seconds=1))
    authenticate(world.services, secret)
    assert _last_seen(world, session_id) == login_at + dt.timedelta(seconds=60)


def test_idle_expiry_counts_from_the_last_write_within_the_touch_interval(world: World) -> None:
    world.administrator(world.company())
    _, kept = log_in(world)
    _, dropped = log_in(world)
    # Requests 59 s after login write nothing: both sessions still count from the login.
    world.clock.advance(dt.timedelta(seconds=59))
    authenticate(world.services, kept)
    authenticate(world.services, dropped)
    world.clock.advance(dt.timedelta(minutes=29))
    authenticate(world.services, kept)  # 29:59 after the write: open, and written now
    world.clock.advance(dt.timedelta(seconds=1))
    # 30:00 after the write, 29:01 after its last request: the slack the interval allows.
    with pytest.raises(SessionExpiredError):
        authenticate(world.services, dropped)
    world.clock.advance(dt.timedelta(minutes=30) - dt.timedelta(seconds=1, microseconds=1))
    authenticate(world.services, kept)  # just short of 30 minutes after its write
    world.clock.advance(dt.timedelta(minutes=30))
    with pytest.raises(SessionExpiredError):
        authenticate(world.services, kept)


def test_a_zero_touch_interval_writes_on_every_request() -> None:
    world = World(settings=attrs.evolve(World().settings, session_touch=dt.timedelta(0)))
    world.administrator(world.company())
    session_id, secret = log_in(world)
    world.clock.advance(dt.timedelta(seconds=1))
    authenticate(world.services, secret)
    assert _last_seen(world, session_id) == world.clock.now()


@pytest.mark.parametrize("interval", [dt.timedelta(seconds=-1), dt.timedelta(minutes=30)])
def test_the_touch_interval_must_be_shorter_than_the_idle_timeout(
    interval: dt.timedelta,
) -> None:
    with pytest.raises(ValueError, match="session_touch"):
        AccountSettings(session_touch=interval)


@settings(max_examples=50)
@given(st.lists(st.integers(min_value=0, max_value=31 * 60), min_size=1, max_size=30))
def test_idle_expiry_lies_within_the_touch_interval_of_the_timeout(gaps: list[int]) -> None:
    world = World()
    world.administrator(world.company())
    session_id, secret = log_in(world)
    idle, touch = world.settings.session_idle, world.settings.session_touch
    last_request = _last_seen(world, session_id)
    for gap in gaps:
        world.clock.advance(dt.timedelta(seconds=gap))
        now = world.clock.now()
        written = _last_seen(world, session_id)
        assert last_request - written < touch or last_request == written
        if now - written < idle:
            authenticate(world.services, secret)
            last_request = now
        else:
            # Never earlier than idle minus the interval after the last request.
            assert now - last_request >= idle - touch
            with pytest.raises(SessionExpiredError):
                authenticate(world.services, secret)
            return
