"""Lifetimes of the links and codes the portal sends (seeds 001, 003, 004)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import NaiveDatetimeError, NotFoundError
from portalkit.calendar import (
    LifetimeNotPositiveError,
    LinkLifetimes,
    LinkPurpose,
    UnknownLinkPurposeError,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC

zones = st.one_of(
    st.just(BERLIN),
    st.integers(min_value=-14 * 60, max_value=14 * 60).map(
        lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
    ),
)
# hypothesis bounds datetimes by naive wall times and attaches the zone itself.
instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2090, 1, 1),  # noqa: DTZ001
    timezones=zones,
)
lifetimes = st.timedeltas(min_value=dt.timedelta(microseconds=1), max_value=dt.timedelta(days=400))
purposes = st.sampled_from(LinkPurpose)


def test_the_seeds_set_the_invitation_and_activation_lifetimes() -> None:
    lifetimes = LinkLifetimes()
    assert dt.timedelta(days=90) == lifetimes.lifetime(LinkPurpose.INVITATION)
    assert dt.timedelta(hours=24) == lifetimes.lifetime(LinkPurpose.ACTIVATION)


def test_reset_links_and_one_time_passwords_are_short_lived_by_default() -> None:
    lifetimes = LinkLifetimes()
    assert dt.timedelta(hours=1) == lifetimes.lifetime(LinkPurpose.PASSWORD_RESET)
    assert dt.timedelta(minutes=15) == lifetimes.lifetime(LinkPurpose.ONE_TIME_PASSWORD)
    assert dt.timedelta(hours=24) == lifetimes.lifetime(LinkPurpose.EMAIL_CHANGE)


def test_every_purpose_has_a_configurable_lifetime() -> None:
    assert {purpose.value for purpose in LinkPurpose} == set(attrs.fields_dict(LinkLifetimes))


def test_a_purpose_may_be_named_by_its_string() -> None:
    lifetimes = LinkLifetimes()
    issued = dt.datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    assert dt.datetime(2025, 7, 30, 9, 0, tzinfo=UTC) == lifetimes.expires_at("invitation", issued)


def test_an_unknown_purpose_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UnknownLinkPurposeError) as raised:
        LinkLifetimes().lifetime("newsletter")
    error = raised.value
    assert isinstance(error, NotFoundError)
    assert isinstance(error, LookupError)
    assert error.purpose == "newsletter"
    assert "invitation, activation" in error.message("de")


def test_a_reset_lifetime_can_be_configured() -> None:
    lifetimes = attrs.evolve(LinkLifetimes(), password_reset=dt.timedelta(minutes=30))
    issued = dt.datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    assert dt.datetime(2025, 5, 1, 9, 30, tzinfo=UTC) == lifetimes.expires_at(
        LinkPurpose.PASSWORD_RESET, issued
    )


@pytest.mark.parametrize("lifetime", [dt.timedelta(0), dt.timedelta(seconds=-1)])
def test_a_lifetime_must_be_positive(lifetime: dt.timedelta) -> None:
    with pytest.raises(LifetimeNotPositiveError) as raised:
        LinkLifetimes(activation=lifetime)
    assert ("activation", lifetime) == (raised.value.purpose, raised.value.lifetime)


def test_a_lifetime_must_be_a_duration() -> None:
    with pytest.raises(TypeError, match="timedelta"):
        LinkLifetimes(activation=24)  # type: ignore[arg-type]


def test_a_lifetime_is_elapsed_time_across_the_spring_dst_change() -> None:
    issued = dt.datetime(2025, 3, 29, 12, 0, tzinfo=BERLIN)
    expires = LinkLifetimes().expires_at(LinkPurpose.ACTIVATION, issued)
    assert expires.isoformat() == "2025-03-30T13:00:00+02:00"


def test_expiry_inside_the_repeated_autumn_hour_is_compared_as_an_instant() -> None:
    # 02:30 CEST, one hour later it is 02:30 again, now CET.
    issued = dt.datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN, fold=0)
    lifetimes = LinkLifetimes()
    expires = lifetimes.expires_at(LinkPurpose.PASSWORD_RESET, issued)
    assert dt.datetime(2025, 10, 26, 1, 30, tzinfo=UTC) == expires.astimezone(UTC)
    before_expiry = dt.datetime(2025, 10, 26, 2, 15, tzinfo=BERLIN, fold=1)
    after_expiry = dt.datetime(2025, 10, 26, 2, 45, tzinfo=BERLIN, fold=1)
    assert not lifetimes.is_expired(LinkPurpose.PASSWORD_RESET, issued, before_expiry)
    assert lifetimes.is_expired(LinkPurpose.PASSWORD_RESET, issued, after_expiry)


def test_the_expiry_instant_itself_is_expired() -> None:
    lifetimes = LinkLifetimes()
    issued = dt.datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    expires = dt.datetime(2025, 5, 2, 9, 0, tzinfo=UTC)
    just_before = expires - dt.timedelta(microseconds=1)
    assert not lifetimes.is_expired(LinkPurpose.ACTIVATION, issued, just_before)
    assert lifetimes.is_expired(LinkPurpose.ACTIVATION, issued, expires)
    assert dt.timedelta(microseconds=1) == lifetimes.remaining(
        LinkPurpose.ACTIVATION, issued, just_before
    )
    assert dt.timedelta(0) == lifetimes.remaining(LinkPurpose.ACTIVATION, issued, expires)


def test_naive_instants_are_refused() -> None:
    lifetimes = LinkLifetimes()
    naive = dt.datetime(2025, 5, 1, 9, 0)  # noqa: DTZ001 - the point of the test
    aware = dt.datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    with pytest.raises(NaiveDatetimeError) as issued_error:
        lifetimes.expires_at(LinkPurpose.INVITATION, naive)
    with pytest.raises(NaiveDatetimeError) as now_error:
        lifetimes.is_expired(LinkPurpose.INVITATION, aware, naive)
    assert (issued_error.value.field, now_error.value.field) == ("issued_at", "now")


@given(purposes, lifetimes, instants)
def test_a_link_expires_exactly_its_lifetime_after_issue(
    purpose: LinkPurpose, lifetime: dt.timedelta, issued: dt.datetime
) -> None:
    config = attrs.evolve(LinkLifetimes(), **{purpose.value: lifetime})
    expires = config.expires_at(purpose, issued)
    assert expires.tzinfo is issued.tzinfo
    assert lifetime == expires.astimezone(UTC) - issued.astimezone(UTC)


@given(purposes, instants, instants)
def test_a_link_is_expired_exactly_from_its_expiry_instant_on(
    purpose: LinkPurpose, issued: dt.datetime, now: dt.datetime
) -> None:
    config = LinkLifetimes()
    elapsed = now.astimezone(UTC) - issued.astimezone(UTC)
    lifetime = config.lifetime(purpose)
    assert (elapsed >= lifetime) == config.is_expired(purpose, issued, now)
    assert max(lifetime - elapsed, dt.timedelta(0)) == config.remaining(purpose, issued, now)


@given(purposes, instants, st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=2)))
def test_once_expired_a_link_stays_expired(
    purpose: LinkPurpose, issued: dt.datetime, later: dt.timedelta
) -> None:
    config = LinkLifetimes()
    expires = config.expires_at(purpose, issued)
    assert config.is_expired(purpose, issued, expires + later)
