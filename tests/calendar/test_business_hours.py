"""Business hours: opening times on working days, real elapsed time across DST changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import InvalidValueError, NaiveDatetimeError
from portalkit.calendar import BusinessHours, CalendarRangeError, WorkingCalendar
from tests.strategies import BERLIN, aware_datetimes

T = dt.time
H = dt.timedelta(hours=1)
BERLIN_CALENDAR = WorkingCalendar.germany("BE")
SUPPORT = BusinessHours(BERLIN_CALENDAR)  # seed 000: Mo–Fr 08:00–18:00
LUNCH_BREAK = {weekday: [(T(8), T(12)), (T(13), T(17))] for weekday in range(5)}
SPLIT = BusinessHours.weekly(BERLIN_CALENDAR, LUNCH_BREAK | {5: [(T(9), T(13))]})


def at(*args: int, zone: dt.tzinfo = BERLIN) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zone)  # type: ignore[misc]


def every_day() -> WorkingCalendar:
    def no_holidays(year: int) -> Mapping[dt.date, str]:
        return {}

    return WorkingCalendar(no_holidays, weekmask="1111111", years=(2000, 2050))


# -- examples ----------------------------------------------------------------------------------


def test_four_hours_from_friday_five_pm_cross_the_weekend_and_the_dst_change() -> None:
    result = SUPPORT.add(at(2025, 3, 28, 17), 4 * H)
    assert at(2025, 3, 31, 11) == result
    assert dt.timedelta(hours=2) == result.utcoffset()
    assert BERLIN is result.tzinfo


def test_the_autumn_dst_change_is_crossed_the_same_way() -> None:
    result = SUPPORT.add(at(2025, 10, 24, 17), 4 * H)
    assert at(2025, 10, 27, 11) == result
    assert dt.timedelta(hours=1) == result.utcoffset()


def test_a_duration_ending_at_closing_time_gives_the_closing_time() -> None:
    assert at(2025, 3, 28, 18) == SUPPORT.add(at(2025, 3, 28, 17), H)


def test_counting_back_gives_the_opening_rather_than_the_previous_closing() -> None:
    assert at(2025, 3, 31, 8) == SUPPORT.add(at(2025, 3, 31, 9), -H)
    assert at(2025, 3, 28, 17) == SUPPORT.add(at(2025, 3, 31, 8), -H)


def test_adding_nothing_gives_the_start_in_the_business_time_zone() -> None:
    start = at(2025, 3, 29, 12, zone=dt.UTC)
    result = SUPPORT.add(start, dt.timedelta(0))
    assert start == result
    assert BERLIN is result.tzinfo


def test_holidays_are_closed() -> None:
    good_friday = at(2025, 4, 18, 10)
    assert not SUPPORT.is_open(good_friday)
    assert at(2025, 4, 22, 8) == SUPPORT.next_opening(good_friday)  # after Easter Monday
    assert at(2025, 4, 22, 9) == SUPPORT.add(at(2025, 4, 17, 17), 2 * H)


def test_business_time_between_two_instants() -> None:
    assert dt.timedelta(hours=12) == SUPPORT.between(at(2025, 3, 28, 9), at(2025, 3, 31, 11))
    assert dt.timedelta(hours=-12) == SUPPORT.between(at(2025, 3, 31, 11), at(2025, 3, 28, 9))
    assert dt.timedelta(0) == SUPPORT.between(at(2025, 3, 29, 9), at(2025, 3, 30, 9))


def test_is_open_includes_the_opening_and_excludes_the_closing_instant() -> None:
    assert SUPPORT.is_open(at(2025, 3, 31, 8))
    assert not SUPPORT.is_open(at(2025, 3, 31, 18))
    assert not SUPPORT.is_open(at(2025, 3, 31, 7, 59, 59))
    assert SUPPORT.is_open(at(2025, 3, 31, 6, zone=dt.UTC))  # 08:00 CEST


def test_next_opening_is_now_when_open_and_the_next_morning_when_closed() -> None:
    assert at(2025, 3, 31, 10) == SUPPORT.next_opening(at(2025, 3, 31, 10))
    assert at(2025, 4, 1, 8) == SUPPORT.next_opening(at(2025, 3, 31, 18))
    assert at(2025, 3, 31, 8) == SUPPORT.next_opening(at(2025, 3, 28, 18))


def test_a_lunch_break_is_skipped() -> None:
    assert at(2025, 3, 31, 13, 30) == SPLIT.add(at(2025, 3, 31, 11, 30), H)
    assert at(2025, 3, 31, 13) == SPLIT.next_opening(at(2025, 3, 31, 12, 15))
    assert not SPLIT.is_open(at(2025, 3, 31, 12, 15))


def test_weekday_hours_apply_only_on_working_days_of_the_calendar() -> None:
    # The Berlin calendar counts Arbeitstage, so the Saturday hours never open.
    assert not SPLIT.is_open(at(2025, 3, 29, 10))
    werktage = BusinessHours.weekly(
        WorkingCalendar.germany("BE", saturdays=True), LUNCH_BREAK | {5: [(T(9), T(13))]}
    )
    assert werktage.is_open(at(2025, 3, 29, 10))
    assert at(2025, 3, 31, 9) == werktage.add(at(2025, 3, 29, 12), 2 * H)


def test_hours_across_the_spring_change_last_one_hour_less() -> None:
    hours = BusinessHours(every_day(), opens=T(0), closes=T(0))
    # Saturday has 24 hours, Sunday 30 March 2025 only 23.
    assert dt.timedelta(hours=47) == hours.between(at(2025, 3, 29), at(2025, 3, 31))
    assert at(2025, 3, 31) == hours.add(at(2025, 3, 29), 47 * H)


def test_an_hour_the_clocks_skip_is_not_open_and_a_repeated_one_counts_twice() -> None:
    night = BusinessHours.weekly(every_day(), {6: [(T(2), T(3))]})
    # Sunday 30 March 2025: 02:00-03:00 does not exist.
    assert dt.timedelta(0) == night.between(at(2025, 3, 30), at(2025, 3, 31))
    # Sunday 26 October 2025: 02:00-03:00 happens twice.
    assert dt.timedelta(hours=2) == night.between(at(2025, 10, 26), at(2025, 10, 27))


def test_around_the_clock_hours_count_elapsed_time() -> None:
    always = BusinessHours.always()
    assert at(2025, 3, 30, 13) == always.add(at(2025, 3, 29, 12), 24 * H)
    assert dt.timedelta(hours=23) == always.between(at(2025, 3, 30), at(2025, 3, 31))
    assert always.is_open(at(2025, 12, 25, 3))
    assert at(2025, 12, 25, 3) == always.next_opening(at(2025, 12, 25, 2, zone=dt.UTC))
    assert always.calendar is None


def test_the_time_zone_may_be_given_as_a_tzinfo() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    hours = BusinessHours(BERLIN_CALENDAR, timezone=tokyo)
    assert tokyo is hours.timezone
    assert at(2025, 3, 31, 9, zone=tokyo) == hours.add(at(2025, 3, 28, 17, zone=tokyo), 2 * H)


# -- errors ------------------------------------------------------------------------------------

CALLS: dict[str, Callable[[BusinessHours, dt.datetime], object]] = {
    "add": lambda hours, when: hours.add(when, H),
    "between": lambda hours, when: hours.between(when, when),
    "is_open": lambda hours, when: hours.is_open(when),
    "next_opening": lambda hours, when: hours.next_opening(when),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=list(CALLS))
@pytest.mark.parametrize("hours", [SUPPORT, BusinessHours.always()], ids=["support", "always"])
def test_a_naive_datetime_is_refused(
    call: Callable[[BusinessHours, dt.datetime], object], hours: BusinessHours
) -> None:
    with pytest.raises(NaiveDatetimeError):
        call(hours, dt.datetime(2025, 3, 28, 17))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize("call", CALLS.values(), ids=list(CALLS))
@pytest.mark.parametrize(
    "when",
    [
        at(1990, 6, 1, 12),
        at(2101, 1, 1, 12),
        at(1990, 12, 31, 23),
        dt.datetime.max.replace(tzinfo=dt.UTC),
        dt.datetime.min.replace(tzinfo=dt.UTC),
    ],
)
def test_an_instant_outside_the_calendar_is_an_error(
    call: Callable[[BusinessHours, dt.datetime], object], when: dt.datetime
) -> None:
    with pytest.raises(CalendarRangeError):
        call(SUPPORT, when)


def test_a_result_outside_the_calendar_is_an_error() -> None:
    with pytest.raises(CalendarRangeError):
        SUPPORT.add(at(2100, 12, 30, 12), 24 * H)
    with pytest.raises(CalendarRangeError):
        SUPPORT.add(at(1991, 1, 3, 12), -24 * H)
    with pytest.raises(CalendarRangeError):
        SUPPORT.next_opening(at(2100, 12, 31, 19))


@pytest.mark.parametrize(
    "hours",
    [
        {0: [(T(18), T(8))]},
        {0: [(T(8), T(8))]},
        {0: [(T(8), T(12)), (T(11), T(14))]},
        {7: [(T(8), T(12))]},
        {6: [(T(8), T(12))]},  # only on Sundays, which the calendar never works
        {},
        {0: [(T(8, tzinfo=dt.UTC), T(12))]},
    ],
)
def test_impossible_opening_hours_are_refused(hours: dict[int, list[tuple[T, T]]]) -> None:
    with pytest.raises(InvalidValueError):
        BusinessHours.weekly(BERLIN_CALENDAR, hours)


def test_closing_before_opening_is_refused() -> None:
    with pytest.raises(InvalidValueError):
        BusinessHours(BERLIN_CALENDAR, opens=T(18), closes=T(8))


# -- properties --------------------------------------------------------------------------------

HOURS = st.sampled_from([SUPPORT, SPLIT, BusinessHours.always()])
DURATIONS = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=400))
# Far enough from the calendar's ends that 400 days of business time stay inside it.
INNER = {
    "min_value": dt.datetime(1997, 1, 1),  # noqa: DTZ001 - bounds are wall times
    "max_value": dt.datetime(2094, 12, 31),  # noqa: DTZ001
}
NEAR = {
    "min_value": dt.datetime(2020, 1, 1),  # noqa: DTZ001 - bounds are wall times
    "max_value": dt.datetime(2030, 12, 31),  # noqa: DTZ001
}


def reference_between(
    hours: Mapping[int, list[tuple[T, T]]], start: dt.datetime, end: dt.datetime
) -> dt.timedelta:
    """Sum the open time day by day; fine for hours that avoid the night of a DST change."""
    total = dt.timedelta(0)
    day = start.astimezone(BERLIN).date() - dt.timedelta(days=1)
    while day <= end.astimezone(BERLIN).date():
        if BERLIN_CALENDAR.is_working_day(day):
            for opens, closes in hours.get(day.weekday(), []):
                low = max(start, dt.datetime.combine(day, opens, tzinfo=BERLIN))
                high = min(end, dt.datetime.combine(day, closes, tzinfo=BERLIN))
                total += max(high - low, dt.timedelta(0))
        day += dt.timedelta(days=1)
    return total


@given(HOURS, aware_datetimes(**INNER), DURATIONS)
def test_between_undoes_add(
    hours: BusinessHours, start: dt.datetime, duration: dt.timedelta
) -> None:
    assert duration == hours.between(start, hours.add(start, duration))
    assert -duration == hours.between(start, hours.add(start, -duration))


@given(HOURS, aware_datetimes(**INNER), DURATIONS, DURATIONS)
def test_add_grows_with_the_duration(
    hours: BusinessHours, start: dt.datetime, first: dt.timedelta, second: dt.timedelta
) -> None:
    shorter, longer = sorted((first, second))
    assert hours.add(start, shorter) <= hours.add(start, longer)
    assert hours.add(start, -longer) <= hours.add(start, -shorter)


@given(HOURS, aware_datetimes(**INNER), aware_datetimes(**INNER), DURATIONS)
def test_add_grows_with_the_start(
    hours: BusinessHours, a: dt.datetime, b: dt.datetime, duration: dt.timedelta
) -> None:
    earlier, later = sorted((a, b))
    assert hours.add(earlier, duration) <= hours.add(later, duration)


@given(HOURS, aware_datetimes(), aware_datetimes())
def test_between_is_antisymmetric_and_additive(
    hours: BusinessHours, a: dt.datetime, b: dt.datetime
) -> None:
    middle = a + (b - a) / 2
    assert -hours.between(a, b) == hours.between(b, a)
    assert hours.between(a, b) == hours.between(a, middle) + hours.between(middle, b)


@given(HOURS, aware_datetimes())
def test_next_opening_is_the_first_open_instant(hours: BusinessHours, when: dt.datetime) -> None:
    opening = hours.next_opening(when)
    assert when <= opening
    assert hours.is_open(opening)
    # Closed all the way from *when* to the opening: no business time passes.
    assert dt.timedelta(0) == hours.between(when, opening)
    if opening > when:
        assert not hours.is_open(when)
        assert not hours.is_open(opening - dt.timedelta(microseconds=1))


@given(
    st.sampled_from([(SUPPORT, {d: [(T(8), T(18))] for d in range(5)}), (SPLIT, LUNCH_BREAK)]),
    aware_datetimes(**NEAR),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=30)),
)
def test_between_equals_a_day_by_day_sum(
    case: tuple[BusinessHours, Mapping[int, list[tuple[T, T]]]],
    start: dt.datetime,
    span: dt.timedelta,
) -> None:
    hours, schedule = case
    assert reference_between(schedule, start, start + span) == hours.between(start, start + span)
