"""Quarters, the lead time of service changes and the longest pause (seed 000)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import InvalidValueError, NaiveDatetimeError
from portalkit.calendar import (
    NegativePeriodError,
    NotAQuarterStartError,
    PauseEndsBeforeStartError,
    PauseTooLongError,
    Quarter,
    check_pause,
    effective_quarter_start,
    meets_submission_deadline,
    pause_limit,
    submission_deadline,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
lead_times = st.integers(min_value=0, max_value=400)
quarters = st.builds(Quarter, st.integers(min_value=1990, max_value=2100), st.integers(1, 4))
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
# hypothesis bounds datetimes by naive wall times and attaches the zone itself.
instants = st.datetimes(
    min_value=dt.datetime(1990, 1, 2),  # noqa: DTZ001
    max_value=dt.datetime(2100, 12, 30),  # noqa: DTZ001
    timezones=offsets,
)


# Quarter


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 1, 1), Quarter(2025, 1)),
        (dt.date(2025, 3, 31), Quarter(2025, 1)),
        (dt.date(2025, 4, 1), Quarter(2025, 2)),
        (dt.date(2025, 9, 30), Quarter(2025, 3)),
        (dt.date(2025, 12, 31), Quarter(2025, 4)),
    ],
)
def test_a_day_belongs_to_its_quarter(day: dt.date, expected: Quarter) -> None:
    assert expected == Quarter.of(day)


def test_an_instant_belongs_to_the_quarter_of_its_day_in_berlin() -> None:
    late_in_march_utc = dt.datetime(2025, 3, 31, 23, 30, tzinfo=UTC)
    assert Quarter(2025, 2) == Quarter.of(late_in_march_utc)
    assert Quarter(2025, 1) == Quarter.of(late_in_march_utc, timezone="UTC")


def test_a_naive_instant_has_no_quarter() -> None:
    with pytest.raises(NaiveDatetimeError):
        Quarter.of(dt.datetime(2025, 3, 31, 23, 30))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (Quarter(2025, 1), dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        (Quarter(2025, 2), dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (Quarter(2025, 3), dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (Quarter(2025, 4), dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    ],
)
def test_a_quarter_starts_and_ends_on_the_calendar_quarter_days(
    quarter: Quarter, start: dt.date, end: dt.date
) -> None:
    assert (start, end) == (quarter.start, quarter.end)


def test_quarters_step_across_the_year() -> None:
    assert Quarter(2026, 1) == Quarter(2025, 4).next()
    assert Quarter(2024, 4) == Quarter(2025, 1).previous()


def test_quarters_read_as_people_write_them() -> None:
    assert str(Quarter(2025, 2)) == "Q2 2025"
    assert Quarter(2025, 2).label("de") == "2. Quartal 2025"
    assert Quarter(2025, 2).label("en") == "Q2 2025"


def test_quarters_sort_by_time() -> None:
    assert [Quarter(2024, 4), Quarter(2025, 1), Quarter(2025, 3)] == sorted(
        [Quarter(2025, 3), Quarter(2024, 4), Quarter(2025, 1)]
    )


@pytest.mark.parametrize("number", [0, 5, -1])
def test_there_are_four_quarters_a_year(number: int) -> None:
    with pytest.raises(InvalidValueError):
        Quarter(2025, number)


def test_the_quarter_starting_on_a_day_must_start_on_it() -> None:
    assert Quarter(2025, 3) == Quarter.starting(dt.date(2025, 7, 1))
    with pytest.raises(NotAQuarterStartError) as raised:
        Quarter.starting(dt.date(2025, 7, 2))
    assert dt.date(2025, 7, 2) == raised.value.day
    assert raised.value.message("de").startswith("Der 02.07.2025 ist kein Quartalsbeginn.")


@given(quarters)
def test_quarters_tile_the_calendar(quarter: Quarter) -> None:
    assert quarter.end + dt.timedelta(days=1) == quarter.next().start
    assert quarter == quarter.next().previous()
    assert quarter < quarter.next()
    assert quarter == Quarter.of(quarter.start) == Quarter.of(quarter.end)


@given(days)
def test_every_day_lies_in_its_quarter(day: dt.date) -> None:
    quarter = Quarter.of(day)
    assert quarter.contains(day)
    assert not quarter.next().contains(day)
    assert not quarter.previous().contains(day)


# Effective quarter start


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        # DOMAIN.md § 3
        (dt.date(2025, 3, 18), dt.date(2025, 4, 1)),
        (dt.date(2025, 3, 19), dt.date(2025, 7, 1)),
        (dt.date(2025, 4, 1), dt.date(2025, 7, 1)),
        # across the year: 18 Dec is exactly 14 days before 1 Jan
        (dt.date(2025, 12, 18), dt.date(2026, 1, 1)),
        (dt.date(2025, 12, 19), dt.date(2026, 4, 1)),
        (dt.date(2025, 12, 31), dt.date(2026, 4, 1)),
    ],
)
def test_a_change_takes_effect_at_the_first_quarter_start_the_lead_time_reaches(
    submitted: dt.date, expected: dt.date
) -> None:
    assert expected == effective_quarter_start(submitted)


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        # 23:59 on 18 March in Berlin (CET, +01:00) still reaches 1 April ...
        (dt.datetime(2025, 3, 18, 22, 59, tzinfo=UTC), dt.date(2025, 4, 1)),
        # ... one minute later it is 19 March in Berlin, though still 18 March in UTC.
        (dt.datetime(2025, 3, 18, 23, 0, tzinfo=UTC), dt.date(2025, 7, 1)),
        (dt.datetime(2025, 3, 19, 0, 30, tzinfo=BERLIN), dt.date(2025, 7, 1)),
        # 31 Mar 23:30 UTC is 1 April 01:30 in Berlin (CEST)
        (dt.datetime(2025, 3, 31, 23, 30, tzinfo=UTC), dt.date(2025, 7, 1)),
    ],
)
def test_an_instant_counts_on_its_day_in_berlin(submitted: dt.datetime, expected: dt.date) -> None:
    assert expected == effective_quarter_start(submitted)


def test_the_day_of_an_instant_follows_the_given_time_zone() -> None:
    submitted = dt.datetime(2025, 3, 18, 23, 0, tzinfo=UTC)
    assert dt.date(2025, 4, 1) == effective_quarter_start(submitted, timezone="UTC")


def test_a_naive_submission_instant_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError) as raised:
        effective_quarter_start(dt.datetime(2025, 3, 18, 12, 0))  # noqa: DTZ001 - the point
    assert raised.value.field == "submitted"


def test_a_negative_lead_time_is_refused() -> None:
    with pytest.raises(NegativePeriodError) as raised:
        effective_quarter_start(dt.date(2025, 3, 18), lead_days=-1)
    assert (raised.value.field, raised.value.value) == ("lead_days", -1)
    assert raised.value.message("de") == "„lead_days“ darf nicht negativ sein (angegeben: -1)."


def test_without_lead_time_a_change_still_never_takes_effect_on_its_own_day() -> None:
    assert dt.date(2025, 4, 1) == effective_quarter_start(dt.date(2025, 3, 31), lead_days=0)
    assert dt.date(2025, 7, 1) == effective_quarter_start(dt.date(2025, 4, 1), lead_days=0)


def test_a_lead_time_longer_than_a_quarter_skips_quarters() -> None:
    assert dt.date(2026, 1, 1) == effective_quarter_start(dt.date(2025, 3, 18), lead_days=200)


@given(days, lead_times)
def test_the_effective_day_is_the_first_quarter_start_the_lead_time_allows(
    submitted: dt.date, lead_days: int
) -> None:
    effective = effective_quarter_start(submitted, lead_days)
    assert effective == Quarter.starting(effective).start
    assert effective > submitted
    assert (effective - submitted).days >= lead_days
    earlier = Quarter.starting(effective).previous().start
    assert earlier <= submitted or (earlier - submitted).days < lead_days


@given(days, days, lead_times)
def test_a_later_submission_never_takes_effect_earlier(
    first: dt.date, second: dt.date, lead_days: int
) -> None:
    early, late = sorted([first, second])
    assert effective_quarter_start(early, lead_days) <= effective_quarter_start(late, lead_days)


@given(instants, lead_times)
def test_an_instant_takes_effect_like_its_berlin_day(instant: dt.datetime, lead_days: int) -> None:
    berlin_day = instant.astimezone(BERLIN).date()
    assert effective_quarter_start(berlin_day, lead_days) == effective_quarter_start(
        instant, lead_days
    )


# Submission deadline


@pytest.mark.parametrize(
    ("quarter", "expected"),
    [
        (dt.date(2025, 4, 1), dt.date(2025, 3, 18)),
        (Quarter(2025, 3), dt.date(2025, 6, 17)),
        (Quarter(2026, 1), dt.date(2025, 12, 18)),
        (dt.date(2025, 10, 1), dt.date(2025, 9, 17)),
    ],
)
def test_the_cut_off_is_the_lead_time_before_the_quarter_start(
    quarter: Quarter | dt.date, expected: dt.date
) -> None:
    assert expected == submission_deadline(quarter)


def test_the_cut_off_needs_a_quarter_start() -> None:
    with pytest.raises(NotAQuarterStartError):
        submission_deadline(dt.date(2025, 4, 2))


def test_the_cut_off_refuses_a_negative_lead_time() -> None:
    with pytest.raises(NegativePeriodError):
        submission_deadline(Quarter(2025, 2), lead_days=-14)


def test_a_change_may_be_withdrawn_until_the_end_of_the_cut_off_day_in_berlin() -> None:
    last_minute = dt.datetime(2025, 3, 18, 23, 59, tzinfo=BERLIN)
    too_late = dt.datetime(2025, 3, 19, 0, 0, tzinfo=BERLIN)
    assert meets_submission_deadline(Quarter(2025, 2), last_minute)
    assert not meets_submission_deadline(Quarter(2025, 2), too_late)


@given(quarters, lead_times)
def test_the_cut_off_is_the_last_day_that_reaches_the_quarter(
    quarter: Quarter, lead_days: int
) -> None:
    deadline = submission_deadline(quarter, lead_days)
    assert quarter.start == effective_quarter_start(deadline, lead_days)
    next_day = deadline + dt.timedelta(days=1)
    assert quarter.next().start == effective_quarter_start(next_day, lead_days)


@given(quarters, days, lead_times)
def test_meeting_the_cut_off_means_taking_effect_by_the_quarter(
    quarter: Quarter, submitted: dt.date, lead_days: int
) -> None:
    reaches = effective_quarter_start(submitted, lead_days) <= quarter.start
    assert reaches == meets_submission_deadline(quarter, submitted, lead_days)


# Pause


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (dt.date(2025, 4, 1), dt.date(2025, 7, 1)),
        (dt.date(2025, 10, 31), dt.date(2026, 1, 31)),
        (dt.date(2025, 11, 30), dt.date(2026, 2, 28)),
        (dt.date(2023, 11, 30), dt.date(2024, 2, 29)),
        (dt.date(2025, 12, 31), dt.date(2026, 3, 31)),
    ],
)
def test_a_pause_lasts_at_most_three_calendar_months(start: dt.date, expected: dt.date) -> None:
    assert expected == pause_limit(start)


def test_a_pause_may_end_on_its_limit_but_not_later() -> None:
    start = dt.date(2025, 11, 30)
    assert dt.date(2026, 2, 28) == check_pause(start, dt.date(2026, 2, 28))
    with pytest.raises(PauseTooLongError) as raised:
        check_pause(start, dt.date(2026, 3, 1))
    error = raised.value
    assert (start, dt.date(2026, 3, 1), dt.date(2026, 2, 28)) == (
        error.start,
        error.end,
        error.limit,
    )
    assert "spätestens am 28.02.2026" in error.message("de")
    assert isinstance(error, InvalidValueError)


@pytest.mark.parametrize("end", [dt.date(2025, 4, 1), dt.date(2025, 3, 31)])
def test_a_pause_must_end_after_it_starts(end: dt.date) -> None:
    with pytest.raises(PauseEndsBeforeStartError):
        check_pause(dt.date(2025, 4, 1), end)


@given(days)
def test_a_pause_limit_is_three_months_on(start: dt.date) -> None:
    limit = pause_limit(start)
    months = (limit.year - start.year) * 12 + limit.month - start.month
    assert months == 3
    assert limit.day == start.day or (
        limit.day < start.day and limit.month != (limit + dt.timedelta(days=1)).month
    )
    assert 89 <= (limit - start).days <= 92


@given(days, st.integers(min_value=1, max_value=200))
def test_a_pause_is_never_allowed_past_three_months(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    if end <= pause_limit(start):
        assert end == check_pause(start, end)
    else:
        with pytest.raises(PauseTooLongError):
            check_pause(start, end)
