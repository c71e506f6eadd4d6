"""The ticket settings and clocks: states, office hours, 24/7 for internal companies."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.accounts.model import Company
from portalkit.calendar import STATES, UnknownStateError
from portalkit.tickets.config import TicketSettings, business_clock, office_hours
from portalkit.tickets.sla import AroundTheClock

CUSTOMER = Company("acme", "100001", "ACME GmbH")
INTERNAL = Company("kmc", "100003", "KMC Service", internal=True)


def test_a_company_takes_its_own_state_or_the_default() -> None:
    settings = TicketSettings(company_states={"acme": "BY"}, default_state="NW")
    assert settings.state_of("acme") == "BY"
    assert settings.state_of("globex") == "NW"
    assert TicketSettings().state_of("acme") is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: TicketSettings(company_states={"acme": "XX"}),
        lambda: TicketSettings(default_state="Bayern"),
        lambda: TicketSettings(support_state="by"),
    ],
)
def test_an_unknown_state_is_refused(make: object) -> None:
    with pytest.raises(UnknownStateError):
        make()  # type: ignore[operator]


def test_the_settings_cannot_be_changed_through_the_given_mapping() -> None:
    states = {"acme": "BY"}
    settings = TicketSettings(company_states=states)
    states["acme"] = "HH"
    assert settings.state_of("acme") == "BY"


def test_internal_companies_run_around_the_clock_and_others_on_office_hours() -> None:
    settings = TicketSettings(company_states={"acme": "BY"})
    assert AroundTheClock() == business_clock(settings, INTERNAL)
    assert office_hours("BY") is business_clock(settings, CUSTOMER)


def test_epiphany_closes_bavarian_office_hours_but_not_hamburgs() -> None:
    epiphany = dt.datetime(2025, 1, 6, 10, 0, tzinfo=dt.UTC)
    assert not office_hours("BY").is_open(epiphany)
    assert office_hours("HH").is_open(epiphany)


@given(
    state=st.sampled_from(sorted(STATES)),
    at=st.datetimes(
        min_value=dt.datetime(2024, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
        timezones=st.just(dt.UTC),
    ),
)
def test_office_hours_are_open_only_on_weekdays_between_8_and_18_in_berlin(
    state: str, at: dt.datetime
) -> None:
    local = at.astimezone(office_hours(state).timezone)
    if office_hours(state).is_open(at):
        assert local.weekday() < 5
        assert dt.time(8) <= local.time() < dt.time(18)
