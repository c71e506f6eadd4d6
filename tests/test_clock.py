"""The clock port and its fixed implementation."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import Clock, FixedClock, NaiveDatetimeError
from portalkit.adapters.system import SystemClock

START = dt.datetime(2025, 3, 28, 17, 0, tzinfo=dt.UTC)


def test_both_clocks_satisfy_the_port() -> None:
    assert isinstance(FixedClock(START), Clock)
    assert isinstance(SystemClock(), Clock)


def test_the_system_clock_tells_an_aware_instant() -> None:
    now = SystemClock().now()
    assert now.utcoffset() == dt.timedelta(0)


def test_a_fixed_clock_refuses_naive_datetimes() -> None:
    with pytest.raises(NaiveDatetimeError):
        FixedClock(dt.datetime(2025, 1, 1))  # noqa: DTZ001
    clock = FixedClock(START)
    with pytest.raises(NaiveDatetimeError):
        clock.set(dt.datetime(2025, 1, 1))  # noqa: DTZ001


@given(st.lists(st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=400))))
def test_a_fixed_clock_moves_by_exactly_what_it_is_told(steps: list[dt.timedelta]) -> None:
    clock = FixedClock(START)
    for step in steps:
        clock.advance(step)
    assert clock.now() == START + sum(steps, dt.timedelta(0))


def test_advancing_through_the_repeated_autumn_hour_never_goes_back() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    second_pass = dt.datetime(2025, 10, 26, 2, 50, fold=1, tzinfo=berlin)
    clock = FixedClock(second_pass)
    after = clock.advance(dt.timedelta(minutes=5))
    assert after.astimezone(dt.UTC) == dt.datetime(2025, 10, 26, 1, 55, tzinfo=dt.UTC)
    assert after.tzinfo is berlin


@given(
    st.datetimes(
        min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001  (hypothesis wants naive bounds)
        max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.just(ZoneInfo("Europe/Berlin")),
    ),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3)),
)
def test_a_fixed_clock_advances_by_elapsed_time(start: dt.datetime, step: dt.timedelta) -> None:
    clock = FixedClock(start)
    # Subtracting datetimes of one zone compares wall times, so measure elapsed time in UTC.
    assert clock.advance(step).astimezone(dt.UTC) - start.astimezone(dt.UTC) == step
