"""The test's office-hours clock behaves like business hours (so SLA tests can trust it)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from portalkit.tickets.sla import AroundTheClock, BusinessClock
from tests.tickets.clocks import OfficeHoursClock
from tests.tickets.strategies import instants

CLOCK = OfficeHoursClock()
durations = st.timedeltas(min_value=dt.timedelta(minutes=1), max_value=dt.timedelta(hours=100))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, minute, tzinfo=dt.UTC)


def test_both_clocks_satisfy_the_port() -> None:
    assert isinstance(CLOCK, BusinessClock)
    assert isinstance(AroundTheClock(), BusinessClock)


def test_friday_afternoon_plus_four_hours_is_monday_morning() -> None:
    assert at(31, 11) == CLOCK.add(at(28, 17), dt.timedelta(hours=4))
    assert dt.timedelta(hours=4) == CLOCK.between(at(28, 17), at(31, 11))


def test_the_due_instant_may_be_the_end_of_a_business_day() -> None:
    assert at(28, 18) == CLOCK.add(at(28, 17), dt.timedelta(hours=1))


@given(instants, durations, durations)
def test_office_hours_are_consistent_as_the_port_demands(
    start: dt.datetime, first: dt.timedelta, rest: dt.timedelta
) -> None:
    middle = CLOCK.add(start, first)
    assert first == CLOCK.between(start, middle)
    assert CLOCK.add(start, first + rest) == CLOCK.add(middle, rest)


@given(instants, instants, durations)
def test_adding_after_a_measured_span_lands_where_adding_from_its_end_does(
    a: dt.datetime, b: dt.datetime, rest: dt.timedelta
) -> None:
    a, b = min(a, b), max(a, b)
    if (b - a).days < 60:
        assert CLOCK.add(b, rest) == CLOCK.add(a, CLOCK.between(a, b) + rest)
