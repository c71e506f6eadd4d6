"""Working days: German holidays per state, week masks, closing days, numpy's semantics."""

from __future__ import annotations

import calendar as py_calendar
import datetime as dt
import functools
import inspect
import threading
from collections.abc import Mapping

import holidays
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

import portalkit.calendar
from portalkit import InvalidValueError, PortalkitError
from portalkit.calendar import (
    STATES,
    CalendarRangeError,
    Explanation,
    NonWorkingDay,
    UnknownStateError,
    WorkingCalendar,
)
from tests.strategies import FIRST_DAY, LAST_DAY, dates_in_range, german_states

D = dt.date
CLOSING_DAY_CHOICES = ((12, 24), (12, 31), (2, 29), (5, 2))
PUBLIC_API = {
    "STATES",
    "BusinessHours",
    "CalendarRangeError",
    "Explanation",
    "NonWorkingDay",
    "UnknownStateError",
    "WorkingCalendar",
}


def bavaria(**options: object) -> WorkingCalendar:
    return WorkingCalendar.germany("BY", **options)  # type: ignore[arg-type]


# -- public API ------------------------------------------------------------------------------


def test_the_working_day_and_business_hour_names_are_exactly_the_documented_ones() -> None:
    # Other calendar modules add their own names to the package; these are this area's.
    own_modules = {"portalkit.calendar.working_days", "portalkit.calendar.business_hours"}
    exported = {
        name
        for name in portalkit.calendar.__all__
        if getattr(getattr(portalkit.calendar, name), "__module__", None) in own_modules
    }
    assert PUBLIC_API - {"STATES"} == exported
    assert set(portalkit.calendar.__all__) >= PUBLIC_API


def test_every_exported_class_and_function_of_the_calendar_is_documented() -> None:
    for name in portalkit.calendar.__all__:
        obj = getattr(portalkit.calendar, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), name


def test_states_are_the_sixteen_german_states() -> None:
    assert len(STATES) == 16
    assert STATES["BY"] == "Bayern"
    assert STATES["TH"] == "Thüringen"


# -- examples from DOMAIN.md -----------------------------------------------------------------


def test_ten_werktage_count_saturdays_and_skip_ascension_day() -> None:
    # Thu 22 May 2025; Thu 29 May is Christi Himmelfahrt. Werktage: Fri, Sat, Mon, Tue, Wed,
    # Fri, Sat, Mon 2, Tue 3, Wed 4 June.
    werktage = bavaria(saturdays=True)
    assert D(2025, 6, 4) == werktage.add_working_days(D(2025, 5, 22), 10)


def test_ten_arbeitstage_skip_saturdays_too() -> None:
    # Fri 23, Mon 26, Tue 27, Wed 28, Fri 30, Mon 2, Tue 3, Wed 4, Thu 5, Fri 6 June.
    assert D(2025, 6, 6) == bavaria().add_working_days(D(2025, 5, 22), 10)


def test_assumption_day_is_a_holiday_in_bavaria_only_with_the_catholic_holidays() -> None:
    assumption = D(2025, 8, 15)  # a Friday
    assert bavaria().is_working_day(assumption)
    assert not bavaria(catholic=True).is_working_day(assumption)
    assert bavaria(catholic=True).reasons(assumption) == ("Mariä Himmelfahrt",)


def test_corpus_christi_in_saxony_needs_the_catholic_holidays() -> None:
    corpus_christi = D(2025, 6, 19)
    assert WorkingCalendar.germany("SN").is_working_day(corpus_christi)
    assert not WorkingCalendar.germany("SN", catholic=True).is_working_day(corpus_christi)
    assert not bavaria().is_working_day(corpus_christi)


def test_christmas_eve_and_new_years_eve_are_working_days_unless_the_company_closes() -> None:
    assert bavaria().is_working_day(D(2025, 12, 24))
    closed = bavaria(closing_days=[(12, 24), (12, 31)])
    assert not closed.is_working_day(D(2025, 12, 24))
    assert not closed.is_working_day(D(2025, 12, 31))
    assert closed.reasons(D(2025, 12, 24)) == ("Betriebsruhe",)
    # 24 closed, 25 and 26 holidays, 27 and 28 the weekend.
    assert D(2025, 12, 29) == closed.next_working_day(D(2025, 12, 23))


@pytest.mark.parametrize("state", ["BB", "HB", "HH", "MV", "NI", "SH", "SN", "ST", "TH"])
def test_reformation_day_is_a_holiday_in_these_states(state: str) -> None:
    calendar = WorkingCalendar.germany(state)
    assert not calendar.is_working_day(D(2025, 10, 31))
    assert calendar.reasons(D(2025, 10, 31)) == ("Reformationstag",)


@pytest.mark.parametrize("state", ["BE", "BW", "BY", "HE", "NW", "RP", "SL"])
def test_reformation_day_is_a_working_day_in_these_states(state: str) -> None:
    assert WorkingCalendar.germany(state).is_working_day(D(2025, 10, 31))


def test_reformation_day_2017_was_a_holiday_everywhere() -> None:
    assert not WorkingCalendar.germany().is_working_day(D(2017, 10, 31))
    assert WorkingCalendar.germany().is_working_day(D(2018, 10, 31))


def test_repentance_day_is_a_holiday_in_saxony_only() -> None:
    repentance_day = D(2025, 11, 19)
    assert WorkingCalendar.germany("SN").reasons(repentance_day) == ("Buß- und Bettag",)
    assert WorkingCalendar.germany("BY").is_working_day(repentance_day)


def test_holidays_between_gives_german_names_in_date_order() -> None:
    expected = {
        D(2025, 4, 18): "Karfreitag",
        D(2025, 4, 21): "Ostermontag",
        D(2025, 5, 1): "Erster Mai",
        # Berlin's one-off holiday for the 80th anniversary of the end of the war.
        D(2025, 5, 8): "80. Jahrestag der Befreiung vom Nationalsozialismus und der "
        "Beendigung des Zweiten Weltkriegs in Europa",
        D(2025, 5, 29): "Christi Himmelfahrt",
    }
    actual = WorkingCalendar.germany("BE").holidays_between(D(2025, 4, 1), D(2025, 6, 1))
    assert expected == actual
    assert list(expected) == list(actual)


def test_holidays_between_excludes_the_end_and_closing_days() -> None:
    calendar = bavaria(closing_days=[(12, 24)])
    assert {D(2025, 12, 25): "Erster Weihnachtstag"} == calendar.holidays_between(
        D(2025, 12, 24), D(2025, 12, 26)
    )
    assert calendar.holidays_between(D(2025, 12, 26), D(2025, 12, 25)) == {}


# -- semantics ------------------------------------------------------------------------------


def test_the_start_day_never_counts_for_a_positive_offset() -> None:
    calendar = bavaria()
    assert D(2025, 3, 4) == calendar.add_working_days(D(2025, 3, 3), 1)  # Mon -> Tue
    assert D(2025, 3, 10) == calendar.add_working_days(D(2025, 3, 8), 1)  # Sat -> Mon


def test_zero_days_give_the_day_itself_or_the_next_working_day() -> None:
    calendar = bavaria()
    assert D(2025, 3, 3) == calendar.add_working_days(D(2025, 3, 3), 0)
    assert D(2025, 3, 10) == calendar.add_working_days(D(2025, 3, 8), 0)


def test_a_negative_offset_counts_back_from_the_day() -> None:
    calendar = bavaria()
    assert D(2025, 2, 28) == calendar.add_working_days(D(2025, 3, 3), -1)  # Mon -> Fri
    assert D(2025, 3, 7) == calendar.add_working_days(D(2025, 3, 8), -1)  # Sat -> Fri
    assert D(2025, 3, 7) == calendar.previous_working_day(D(2025, 3, 10))


def test_working_days_between_is_half_open_and_antisymmetric() -> None:
    calendar = bavaria()
    assert calendar.working_days_between(D(2025, 3, 3), D(2025, 3, 10)) == 5
    assert calendar.working_days_between(D(2025, 3, 10), D(2025, 3, 3)) == -5
    assert calendar.working_days_between(D(2025, 3, 3), D(2025, 3, 3)) == 0


def test_explain_lists_the_skipped_days_with_their_reasons() -> None:
    expected = Explanation(
        start=D(2025, 6, 5),
        days=3,
        result=D(2025, 6, 11),
        skipped=(
            NonWorkingDay(D(2025, 6, 7), ("Samstag",)),
            NonWorkingDay(D(2025, 6, 8), ("Sonntag",)),
            NonWorkingDay(D(2025, 6, 9), ("Pfingstmontag",)),
        ),
    )
    assert expected == bavaria().explain(D(2025, 6, 5), 3)


def test_explain_gives_every_reason_of_a_day() -> None:
    calendar = bavaria(closing_days=[(11, 1)])
    all_saints = calendar.explain(D(2025, 10, 31), 1).skipped[0]  # Sat 1 Nov 2025
    assert all_saints.reasons == ("Allerheiligen", "Betriebsruhe", "Samstag")
    assert all_saints.reason == "Allerheiligen, Betriebsruhe, Samstag"


def test_explain_includes_the_start_day_for_zero_days() -> None:
    explanation = bavaria().explain(D(2025, 6, 8), 0)  # Sunday before Whit Monday
    assert D(2025, 6, 10) == explanation.result
    assert [D(2025, 6, 8), D(2025, 6, 9)] == [skipped.day for skipped in explanation.skipped]


def test_explain_counts_back_for_negative_days() -> None:
    explanation = bavaria().explain(D(2025, 6, 10), -1)
    assert D(2025, 6, 6) == explanation.result
    assert [s.reason for s in explanation.skipped] == ["Samstag", "Sonntag", "Pfingstmontag"]


def test_a_one_off_closing_day_closes_only_that_year() -> None:
    calendar = bavaria(closing_days=[D(2025, 5, 2)])
    assert not calendar.is_working_day(D(2025, 5, 2))
    assert calendar.is_working_day(D(2024, 5, 2))


def test_the_29th_of_february_closes_only_in_leap_years() -> None:
    calendar = WorkingCalendar.germany(closing_days=[(2, 29)], saturdays=True)
    assert not calendar.is_working_day(D(2024, 2, 29))
    # 28 days less 4 Sundays; 29 days less 4 Sundays and the closed Thursday 29 Feb.
    assert calendar.working_days_between(D(2023, 2, 1), D(2023, 3, 1)) == 24
    assert calendar.working_days_between(D(2024, 2, 1), D(2024, 3, 1)) == 24


# -- other countries and sources ---------------------------------------------------------------


def test_any_holidays_calendar_works_with_its_own_years() -> None:
    austria = WorkingCalendar(holidays.country_holidays("AT", language="de"))
    assert not austria.is_working_day(D(2025, 12, 8))
    assert austria.reasons(D(2025, 12, 8)) == ("Mariä Empfängnis",)
    assert D(1934, 1, 1) == austria.first_day
    assert D(2100, 12, 31) == austria.last_day


def test_a_holidays_calendar_that_does_not_expand_supports_only_its_own_years() -> None:
    fixed = holidays.country_holidays("DE", language="de", years=[2024, 2025], expand=False)
    calendar = WorkingCalendar(fixed)
    assert (D(2024, 1, 1), D(2025, 12, 31)) == (calendar.first_day, calendar.last_day)
    assert not calendar.is_working_day(D(2025, 10, 3))
    with pytest.raises(CalendarRangeError):
        calendar.is_working_day(D(2026, 10, 3))
    with pytest.raises(InvalidValueError):
        WorkingCalendar(fixed, years=(2024, 2026))


def test_a_function_of_the_year_may_supply_the_holidays() -> None:
    def may_day(year: int) -> Mapping[dt.date, str]:
        return {D(year, 5, 1): "Tag der Arbeit"}

    calendar = WorkingCalendar(may_day, weekmask="1111111", years=(2000, 2030))
    assert calendar.working_days_between(D(2025, 1, 1), D(2026, 1, 1)) == 364
    assert calendar.reasons(D(2025, 5, 1)) == ("Tag der Arbeit",)
    assert calendar.weekmask == "1111111"


def test_a_function_needs_its_years() -> None:
    with pytest.raises(InvalidValueError):
        WorkingCalendar(lambda year: {})


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["XX", "by", "Augsburg", ""])
def test_an_unknown_state_is_refused_with_the_valid_codes(state: str) -> None:
    with pytest.raises(UnknownStateError) as caught:
        WorkingCalendar.germany(state)
    assert caught.value.code == "calendar_unknown_state"
    assert state == caught.value.state
    assert tuple(STATES) == caught.value.states
    assert "BY" in caught.value.message("de")


@pytest.mark.parametrize("weekmask", ["111110", "11111000", "1111a00", "0000000"])
def test_a_malformed_weekmask_is_refused(weekmask: str) -> None:
    with pytest.raises(InvalidValueError):
        WorkingCalendar(lambda year: {}, weekmask=weekmask, years=(2000, 2001))


@pytest.mark.parametrize("closing_day", [(2, 30), (13, 1), (0, 5)])
def test_an_impossible_closing_day_is_refused(closing_day: tuple[int, int]) -> None:
    with pytest.raises(InvalidValueError):
        bavaria(closing_days=[closing_day])


def test_a_datetime_is_not_a_day() -> None:
    with pytest.raises(TypeError):
        bavaria().is_working_day(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize("day", [D(1990, 12, 31), D(2101, 1, 1), D(1, 1, 1)])
def test_a_day_outside_the_supported_years_is_an_error(day: dt.date) -> None:
    calendar = bavaria()
    for call in (
        lambda: calendar.is_working_day(day),
        lambda: calendar.add_working_days(day, 1),
        lambda: calendar.working_days_between(D(2025, 1, 1), day),
        lambda: calendar.holidays_between(day, day + dt.timedelta(days=1)),
    ):
        with pytest.raises(CalendarRangeError) as caught:
            call()
        assert caught.value.code == "calendar_out_of_range"


def test_a_result_outside_the_supported_years_is_an_error() -> None:
    calendar = bavaria()
    with pytest.raises(CalendarRangeError) as caught:
        calendar.add_working_days(D(2100, 12, 20), 10)
    assert (D(2100, 12, 20), D(1991, 1, 1), D(2100, 12, 31)) == (
        caught.value.day,
        caught.value.first,
        caught.value.last,
    )
    with pytest.raises(CalendarRangeError):
        calendar.add_working_days(D(1991, 1, 10), -10)
    with pytest.raises(CalendarRangeError):
        calendar.next_working_day(D(2100, 12, 31))


def test_the_range_error_is_a_value_error_and_speaks_german() -> None:
    error = CalendarRangeError(D(2101, 1, 1), D(1991, 1, 1), D(2100, 12, 31))
    assert isinstance(error, PortalkitError)
    assert isinstance(error, ValueError)
    assert "Für den 01.01.2101 lässt sich das nicht berechnen" in error.message("de")


# -- numpy as the oracle ------------------------------------------------------------------------

Options = tuple[str | None, bool, bool, tuple[tuple[int, int], ...]]


def calendar_options() -> st.SearchStrategy[Options]:
    return st.tuples(
        st.none() | german_states(),
        st.booleans(),
        st.booleans(),
        st.lists(st.sampled_from(CLOSING_DAY_CHOICES), unique=True, max_size=2).map(
            lambda days: tuple(sorted(days))
        ),
    )


def build_calendar(options: Options) -> WorkingCalendar:
    state, catholic, saturdays, closing_days = options
    return WorkingCalendar.germany(
        state, catholic=catholic, saturdays=saturdays, closing_days=closing_days
    )


# Shared across examples on purpose: the lazily grown tables then meet every kind of query.
calendar_for = functools.cache(build_calendar)


@functools.cache
def numpy_calendar_for(options: Options) -> np.busdaycalendar:
    # Built independently of portalkit: straight from the holidays package.
    state, catholic, saturdays, closing_days = options
    categories = ("public", "catholic") if catholic else ("public",)
    years = range(FIRST_DAY.year, LAST_DAY.year + 1)
    days = set(
        holidays.country_holidays(
            "DE", subdiv=state, language="de", categories=categories, years=years
        )
    )
    for year in years:
        for month, day in closing_days:
            if (month, day) != (2, 29) or py_calendar.isleap(year):
                days.add(dt.date(year, month, day))
    return np.busdaycalendar(weekmask="1111110" if saturdays else "1111100", holidays=sorted(days))


def as_date(value: np.datetime64) -> dt.date:
    result = value.astype(dt.date)
    assert isinstance(result, dt.date)
    return result


@given(calendar_options(), dates_in_range(), st.integers(-6000, 6000))
def test_add_working_days_equals_numpy_or_refuses_to_leave_the_range(
    options: Options, day: dt.date, n: int
) -> None:
    roll = "preceding" if n > 0 else "following"
    expected = as_date(np.busday_offset(day, n, roll=roll, busdaycal=numpy_calendar_for(options)))
    calendar = calendar_for(options)
    if FIRST_DAY <= expected <= LAST_DAY:
        assert expected == calendar.add_working_days(day, n)
    else:
        with pytest.raises(CalendarRangeError):
            calendar.add_working_days(day, n)


@given(calendar_options(), dates_in_range(), dates_in_range())
def test_working_days_between_equals_numpy_and_is_antisymmetric(
    options: Options, a: dt.date, b: dt.date
) -> None:
    start, end = min(a, b), max(a, b)
    expected = int(np.busday_count(start, end, busdaycal=numpy_calendar_for(options)))
    calendar = calendar_for(options)
    assert expected == calendar.working_days_between(start, end)
    assert -expected == calendar.working_days_between(end, start)


@given(calendar_options(), dates_in_range())
def test_is_working_day_equals_numpy(options: Options, day: dt.date) -> None:
    expected = bool(np.is_busday(day, busdaycal=numpy_calendar_for(options)))
    assert expected == calendar_for(options).is_working_day(day)


@given(
    calendar_options(),
    dates_in_range(D(1992, 1, 1), D(2099, 12, 31)),
    st.integers(-100, 100),
)
def test_explain_skips_exactly_the_non_working_days_in_between(
    options: Options, day: dt.date, n: int
) -> None:
    calendar = calendar_for(options)
    explanation = calendar.explain(day, n)
    assert calendar.add_working_days(day, n) == explanation.result
    low, high = sorted((day, explanation.result))
    between = [low + dt.timedelta(days=k) for k in range(1, (high - low).days)]
    if n == 0:  # the start day itself counts when it is a working day
        between = [day + dt.timedelta(days=k) for k in range((explanation.result - day).days)]
    expected = [current for current in between if not calendar.is_working_day(current)]
    assert expected == [skipped.day for skipped in explanation.skipped]
    assert all(skipped.reasons for skipped in explanation.skipped)
    # The days in between that do count: all but the result itself.
    assert max(abs(n) - 1, 0) == len(between) - len(expected)


@given(calendar_options(), dates_in_range(D(1992, 1, 1), D(2099, 12, 31)))
def test_next_and_previous_working_day_are_adjacent_working_days(
    options: Options, day: dt.date
) -> None:
    calendar = calendar_for(options)
    following = calendar.next_working_day(day)
    preceding = calendar.previous_working_day(day)
    assert calendar.is_working_day(following)
    assert calendar.is_working_day(preceding)
    assert preceding < day < following
    assert calendar.working_days_between(day + dt.timedelta(days=1), following) == 0
    assert calendar.working_days_between(preceding + dt.timedelta(days=1), day) == 0


def test_concurrent_first_use_builds_consistent_tables() -> None:
    reference = bavaria(catholic=True)
    shared = bavaria(catholic=True)
    starts = [D(1995 + 6 * k, 3, 1 + k) for k in range(15)]
    expected = [
        (reference.add_working_days(day, n), reference.working_days_between(day, D(2050, 1, 1)))
        for day in starts
        for n in (1, 250, -400)
    ]
    results: list[list[tuple[dt.date, int]]] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        results.append(
            [
                (shared.add_working_days(day, n), shared.working_days_between(day, D(2050, 1, 1)))
                for day in starts
                for n in (1, 250, -400)
            ]
        )

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [expected] * 8 == results


class LazyTablesMachine(RuleBasedStateMachine):
    """A calendar grows its tables in whatever order it is asked; the answers never change."""

    OPTIONS: Options = ("SN", True, False, ((12, 24),))

    def __init__(self) -> None:
        super().__init__()
        self.calendar = build_calendar(self.OPTIONS)
        self.oracle = numpy_calendar_for(self.OPTIONS)

    @rule(day=dates_in_range(D(2000, 1, 1), D(2090, 12, 31)), n=st.integers(-2000, 2000))
    def add(self, day: dt.date, n: int) -> None:
        roll = "preceding" if n > 0 else "following"
        expected = as_date(np.busday_offset(day, n, roll=roll, busdaycal=self.oracle))
        assert expected == self.calendar.add_working_days(day, n)

    @rule(a=dates_in_range(), b=dates_in_range())
    def count(self, a: dt.date, b: dt.date) -> None:
        start, end = min(a, b), max(a, b)
        expected = int(np.busday_count(start, end, busdaycal=self.oracle))
        assert expected == self.calendar.working_days_between(start, end)

    @rule(day=dates_in_range())
    def check_day(self, day: dt.date) -> None:
        expected = bool(np.is_busday(day, busdaycal=self.oracle))
        assert expected == self.calendar.is_working_day(day)


TestLazyTables = LazyTablesMachine.TestCase
# Each run builds a calendar from scratch (tens of milliseconds for a century of holidays).
TestLazyTables.settings = settings(
    max_examples=min(settings.default.max_examples, 60), stateful_step_count=20
)
