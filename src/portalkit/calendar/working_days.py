"""Working days: public holidays per German state, week masks, company closing days.

A :class:`WorkingCalendar` answers "is this a working day?", "which day is n working days after
this one?" and "how many working days lie between these two days?" in constant time, and explains
which days it skipped and why.

How it stays fast: the calendar builds the years it is asked about on first use (the holidays
come from the ``holidays`` package) and keeps, for a contiguous span of years, the running count
of working days before every day and the list of working days in order. A count is then the
difference of two look-ups and an offset a look-up, a sum and a look-up, however large ``n`` or
the span. The span is rebuilt (never mutated) when a query reaches beyond it, and replaced in one
assignment, so concurrent readers always see a consistent table.
"""

from __future__ import annotations

import datetime as dt
import threading
from array import array
from collections.abc import Callable, Iterable, Mapping
from itertools import accumulate, compress
from types import MappingProxyType
from typing import Final, TypeAlias

import attrs
import holidays as holidays_package

from portalkit._errors import InvalidValueError

STATES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "BB": "Brandenburg",
        "BE": "Berlin",
        "BW": "Baden-Württemberg",
        "BY": "Bayern",
        "HB": "Bremen",
        "HE": "Hessen",
        "HH": "Hamburg",
        "MV": "Mecklenburg-Vorpommern",
        "NI": "Niedersachsen",
        "NW": "Nordrhein-Westfalen",
        "RP": "Rheinland-Pfalz",
        "SH": "Schleswig-Holstein",
        "SL": "Saarland",
        "SN": "Sachsen",
        "ST": "Sachsen-Anhalt",
        "TH": "Thüringen",
    }
)
"""The codes (ISO 3166-2:DE without the ``DE-`` prefix) and names of the 16 German states."""

ARBEITSTAGE: Final = "1111100"
"""Week mask of Arbeitstage: Monday to Friday."""

WERKTAGE: Final = "1111110"
"""Week mask of Werktage (§ 3 Abs. 2 BUrlG): Monday to Saturday."""

CLOSING_REASON: Final = "Betriebsruhe"
"""The reason given for a company closing day."""

WEEKDAY_NAMES: Final = (
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
)

HolidaySource: TypeAlias = "holidays_package.HolidayBase | Callable[[int], Mapping[dt.date, str]]"
ClosingDay: TypeAlias = "tuple[int, int] | dt.date"


class CalendarRangeError(InvalidValueError):
    """A date, or the result of a calculation, lies outside the years the calendar knows.

    The calendar never guesses: a day whose holidays it does not know is an error, not a
    working day.

    Attributes:
        day: the date the calculation started from.
        first: the first day the calendar supports.
        last: the last day the calendar supports.
    """

    code = "calendar_out_of_range"

    def __init__(self, day: dt.date, first: dt.date, last: dt.date) -> None:
        self.day = day
        self.first = first
        self.last = last
        super().__init__(day=day, first=first, last=last)


class UnknownStateError(InvalidValueError):
    """A state code is not one of the 16 German states.

    Attributes:
        state: the code given.
        states: the valid codes.
    """

    code = "calendar_unknown_state"

    def __init__(self, state: str) -> None:
        self.state = state
        self.states = tuple(STATES)
        super().__init__(state=state, states=self.states)


@attrs.frozen
class NonWorkingDay:
    """A day that is not a working day, with every reason why.

    Attributes:
        day: the date.
        reasons: German reasons, holidays first, then ``"Betriebsruhe"``, then the weekday if
            the week mask excludes it, e.g. ``("Pfingstmontag",)`` or ``("Samstag",)``.
    """

    day: dt.date
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        """Return the reasons joined for display, e.g. ``"Allerheiligen, Samstag"``."""
        return ", ".join(self.reasons)


@attrs.frozen
class Explanation:
    """Why ``add_working_days(start, days)`` lands on :attr:`result`.

    Attributes:
        start: the day counted from.
        days: the number of working days added (negative: subtracted).
        result: the day reached.
        skipped: the non-working days passed on the way, in date order: those strictly between
            *start* and *result*, and *start* itself when ``days == 0`` (it would have been the
            result had it been a working day).
    """

    start: dt.date
    days: int
    result: dt.date
    skipped: tuple[NonWorkingDay, ...]


@attrs.frozen
class _Year:
    flags: bytes  # one byte per day: 1 = working day
    holidays: Mapping[int, str]  # ordinal -> holiday name(s) as the holidays package gives them
    closing: frozenset[int]  # ordinals of company closing days


# (first ordinal, number of days, cum, work, number of working days, first year, last year):
# cum[i] = working days before day first + i; work[r] = ordinal of the working day of rank r.
_Span: TypeAlias = tuple[int, int, "array[int]", "array[int]", int, int, int]
_EMPTY_SPAN: _Span = (0, 0, array("l"), array("l"), 0, 0, -1)


def _require_date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        # A datetime is a date in Python, but which day an instant falls on depends on a time
        # zone the calendar does not know; the caller has to decide.
        msg = f"{field} must be a date, not {type(value).__name__}"
        raise TypeError(msg)
    return value


def _parse_weekmask(weekmask: str) -> tuple[bool, ...]:
    if len(weekmask) != 7 or set(weekmask) - {"0", "1"} or "1" not in weekmask:
        raise InvalidValueError(field="weekmask")
    return tuple(char == "1" for char in weekmask)


def _parse_closing_days(
    closing_days: Iterable[ClosingDay],
) -> tuple[frozenset[tuple[int, int]], frozenset[dt.date]]:
    recurring: set[tuple[int, int]] = set()
    single: set[dt.date] = set()
    for entry in closing_days:
        if isinstance(entry, dt.datetime):
            raise InvalidValueError(field="closing_days")
        if isinstance(entry, dt.date):
            single.add(entry)
            continue
        month, day = entry
        try:
            dt.date(2000, month, day)  # a leap year, so 29 Feb is a valid recurring day
        except (TypeError, ValueError):
            raise InvalidValueError(field="closing_days") from None
        recurring.add((month, day))
    return frozenset(recurring), frozenset(single)


def _holidays_of(source: holidays_package.HolidayBase) -> Callable[[int], Mapping[dt.date, str]]:
    def holidays_in(year: int) -> Mapping[dt.date, str]:
        # Neighbouring years too: some countries move a holiday across New Year when observed.
        for neighbour in (year - 1, year, year + 1):
            if source.start_year <= neighbour <= source.end_year:
                _ = dt.date(neighbour, 1, 1) in source  # expands the calendar by that year
        return {day: name for day, name in source.items() if day.year == year}

    return holidays_in


class WorkingCalendar:
    """Working days of one place: weekly days off, public holidays and company closing days.

    Semantics (the contract; equal to numpy's business-day functions over the same holidays):

    - ``add_working_days(d, n)`` for ``n > 0`` is the n-th working day after *d* (*d* itself
      never counts), ``numpy.busday_offset(d, n, roll="preceding")``; for ``n <= 0`` it is
      ``numpy.busday_offset(d, n, roll="following")``: ``n == 0`` gives *d* if it is a working
      day, else the next one, and ``n < 0`` the |n|-th working day before *d*.
    - ``working_days_between(a, b)`` counts the working days in ``[a, b)``,
      ``numpy.busday_count(a, b)`` for ``a <= b``, and is ``-working_days_between(b, a)``
      otherwise (numpy's count is not antisymmetric; this one is).

    Every call costs a few list look-ups, independent of ``n`` and of the span. Construction is
    cheap: a year is built when a query first touches it. Dates, and results, outside the
    supported years raise :class:`CalendarRangeError` rather than silently ignoring holidays.

    The calendar holds a cache, so it is a plain class rather than a frozen attrs value. It is
    safe to share between threads.

    Args:
        holidays: a ``holidays`` calendar (``holidays.country_holidays("AT", language="de")``)
            or a function returning the holidays of one year as a mapping of date to name.
        weekmask: seven ``"0"``/``"1"`` characters for Monday to Sunday, as in numpy;
            ``"1111100"`` (Arbeitstage) by default, ``"1111110"`` for Werktage.
        closing_days: the company's own closing days: ``(month, day)`` pairs repeat every year
            (``(2, 29)`` only in leap years), dates close once.
        years: the first and last year the holidays are known for; defaults to the years the
            ``holidays`` calendar supports, and is required for a function.

    Raises:
        InvalidValueError: for a malformed week mask (or one without working days), closing
            day or year range.

    References:
        DOMAIN.md section 3 (working days); seed 000 ("bis zu 10 Werktage"); § 3 Abs. 2 BUrlG
        (Werktage are all days that are not Sundays or public holidays).
    """

    __slots__ = (
        "_closing_once",
        "_closing_recurring",
        "_first",
        "_first_year",
        "_holidays_in",
        "_last",
        "_last_year",
        "_lock",
        "_mask",
        "_span",
        "_weekmask",
        "_years",
    )

    def __init__(
        self,
        holidays: HolidaySource,
        *,
        weekmask: str = ARBEITSTAGE,
        closing_days: Iterable[ClosingDay] = (),
        years: tuple[int, int] | None = None,
    ) -> None:
        self._mask = _parse_weekmask(weekmask)
        self._weekmask = weekmask
        self._closing_recurring, self._closing_once = _parse_closing_days(closing_days)
        if isinstance(holidays, holidays_package.HolidayBase):
            if holidays.expand:
                years = years or (holidays.start_year, holidays.end_year)
            else:
                # A calendar that does not expand knows only the years it was built for.
                years = years or (min(holidays.years, default=0), max(holidays.years, default=0))
                if not set(range(years[0], years[1] + 1)) <= holidays.years:
                    raise InvalidValueError(field="years")
            self._holidays_in = _holidays_of(holidays)
        else:
            if years is None:
                raise InvalidValueError(field="years")
            self._holidays_in = holidays
        first_year, last_year = years
        if not 1 < first_year <= last_year < dt.MAXYEAR:
            raise InvalidValueError(field="years")
        self._first_year, self._last_year = first_year, last_year
        self._first = dt.date(first_year, 1, 1)
        self._last = dt.date(last_year, 12, 31)
        self._years: dict[int, _Year] = {}
        self._span: _Span = _EMPTY_SPAN
        self._lock = threading.Lock()

    @classmethod
    def germany(
        cls,
        state: str | None = None,
        *,
        catholic: bool = False,
        saturdays: bool = False,
        closing_days: Iterable[ClosingDay] = (),
    ) -> WorkingCalendar:
        """Return the calendar of a German state (or of the nationwide holidays only).

        Args:
            state: one of the 16 state codes (:data:`STATES`, e.g. ``"BY"``), or ``None`` for
                the holidays every state shares.
            catholic: add the holidays of predominantly Catholic municipalities: Mariä
                Himmelfahrt (15 Aug) in Bavaria, Fronleichnam in parts of Saxony and Thuringia.
            saturdays: count Saturdays as working days (Werktage, Mon–Sat) instead of
                Arbeitstage (Mon–Fri).
            closing_days: the company's own closing days, e.g. ``[(12, 24), (12, 31)]``; 24 and
                31 December are ordinary working days by law.

        Raises:
            UnknownStateError: if *state* is not one of the 16 codes.

        References:
            DOMAIN.md section 3; the ``holidays`` package (German names, ``language="de"``,
            asked for explicitly because its default follows the process locale); § 3 BUrlG.
        """
        if state is not None and state not in STATES:
            raise UnknownStateError(state)
        categories = ("public", "catholic") if catholic else ("public",)
        probe = holidays_package.country_holidays(
            "DE", subdiv=state, language="de", categories=categories
        )

        def holidays_in(year: int) -> Mapping[dt.date, str]:
            # A fresh calendar per year: nothing shared is mutated, so threads cannot collide.
            return holidays_package.country_holidays(
                "DE", subdiv=state, language="de", categories=categories, years=year
            )

        return cls(
            holidays_in,
            weekmask=WERKTAGE if saturdays else ARBEITSTAGE,
            closing_days=closing_days,
            years=(probe.start_year, probe.end_year),
        )

    @property
    def weekmask(self) -> str:
        """Return the week mask, Monday to Sunday, e.g. ``"1111100"``."""
        return self._weekmask

    @property
    def first_day(self) -> dt.date:
        """Return the first day the calendar knows the holidays of."""
        return self._first

    @property
    def last_day(self) -> dt.date:
        """Return the last day the calendar knows the holidays of."""
        return self._last

    def __repr__(self) -> str:
        return (
            f"<WorkingCalendar weekmask={self._weekmask!r} "
            f"{self._first.isoformat()}..{self._last.isoformat()}>"
        )

    # -- queries -----------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Return whether *day* is a working day.

        Raises:
            CalendarRangeError: if *day* lies outside the supported years.
        """
        if type(day) is not dt.date:
            day = _require_date(day, "day")
        first, ndays, cum, _, _, _, _ = self._span
        i = day.toordinal() - first
        if not 0 <= i < ndays:
            first, ndays, cum, _, _, _, _ = self._cover(day, day)
            i = day.toordinal() - first
        return cum[i + 1] != cum[i]

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """Return the day *n* working days after *day* (before it for negative *n*).

        ``n > 0``: the n-th working day after *day*, which itself never counts. ``n == 0``:
        *day* if it is a working day, else the next one. ``n < 0``: the |n|-th working day
        before *day*.

        Raises:
            CalendarRangeError: if *day* or the result lies outside the supported years.

        References:
            DOMAIN.md section 3; ``numpy.busday_offset`` with ``roll="preceding"`` (n > 0) and
            ``roll="following"`` (n <= 0).
        """
        if type(day) is not dt.date:
            day = _require_date(day, "day")
        first, ndays, cum, work, nwork, _, _ = self._span
        i = day.toordinal() - first
        if 0 <= i < ndays:
            rank = cum[i + 1] + n - 1 if n > 0 else cum[i] + n
            if 0 <= rank < nwork:
                return dt.date.fromordinal(work[rank])
        return self._add_slowly(day, n)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Return the number of working days in ``[start, end)``; negative if *end* < *start*.

        Raises:
            CalendarRangeError: if a date lies outside the supported years.

        References:
            DOMAIN.md section 3; ``numpy.busday_count`` (for start <= end).
        """
        if type(start) is not dt.date:
            start = _require_date(start, "start")
        if type(end) is not dt.date:
            end = _require_date(end, "end")
        first, ndays, cum, _, _, _, _ = self._span
        i = start.toordinal() - first
        j = end.toordinal() - first
        if not (0 <= i < ndays and 0 <= j < ndays):
            first, ndays, cum, _, _, _, _ = self._cover(min(start, end), max(start, end))
            i = start.toordinal() - first
            j = end.toordinal() - first
        return cum[j] - cum[i]

    def next_working_day(self, day: dt.date) -> dt.date:
        """Return the first working day strictly after *day*."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """Return the last working day strictly before *day*."""
        return self.add_working_days(day, -1)

    def reasons(self, day: dt.date) -> tuple[str, ...]:
        """Return why *day* is not a working day, in German; empty for a working day.

        Holidays come first (``"Pfingstmontag"``), then ``"Betriebsruhe"`` for a company
        closing day, then the weekday (``"Samstag"``, ``"Sonntag"``) if the week mask excludes
        it. A holiday on a day off anyway is listed too.
        """
        day = _require_date(day, "day")
        self._cover(day, day)
        year = self._years[day.year]
        ordinal = day.toordinal()
        found: list[str] = []
        if ordinal in year.holidays:
            found.extend(year.holidays[ordinal].split("; "))
        if ordinal in year.closing:
            found.append(CLOSING_REASON)
        if not self._mask[day.weekday()]:
            found.append(WEEKDAY_NAMES[day.weekday()])
        return tuple(found)

    def holidays_between(self, start: dt.date, end: dt.date) -> dict[dt.date, str]:
        """Return the public holidays in ``[start, end)`` with their German names, by date.

        Holidays on days off (e.g. a Sunday) are included; company closing days are not.
        """
        start = _require_date(start, "start")
        end = _require_date(end, "end")
        if end <= start:
            return {}
        self._cover(start, end - dt.timedelta(days=1))
        lo, hi = start.toordinal(), end.toordinal()
        return {
            dt.date.fromordinal(ordinal): name
            for year in range(start.year, end.year + 1)
            if year in self._years
            for ordinal, name in sorted(self._years[year].holidays.items())
            if lo <= ordinal < hi
        }

    def explain(self, day: dt.date, n: int) -> Explanation:
        """Return ``add_working_days(day, n)`` with the non-working days it skipped and why.

        This walks the days in between, so its cost grows with *n*; it is meant for showing a
        user why a deadline falls where it does, not for bulk calculations.
        """
        result = self.add_working_days(day, n)
        if n > 0:
            lo, hi = day.toordinal() + 1, result.toordinal()
        elif n == 0:
            lo, hi = day.toordinal(), result.toordinal()
        else:
            lo, hi = result.toordinal() + 1, day.toordinal()
        skipped = []
        for ordinal in range(lo, hi):
            current = dt.date.fromordinal(ordinal)
            reasons = self.reasons(current)
            if reasons:
                skipped.append(NonWorkingDay(current, reasons))
        return Explanation(start=day, days=n, result=result, skipped=tuple(skipped))

    # -- tables ------------------------------------------------------------------------------

    def _out_of_range(self, day: dt.date) -> CalendarRangeError:
        return CalendarRangeError(day, self._first, self._last)

    def _add_slowly(self, day: dt.date, n: int) -> dt.date:
        first, _, cum, work, nwork, lo, hi = self._cover(day, day)
        # Working days per year, underestimated so that one extension usually suffices.
        per_year = max(1, sum(self._mask) * 52 - 20)
        while True:
            i = day.toordinal() - first
            rank = cum[i + 1] + n - 1 if n > 0 else cum[i] + n
            if 0 <= rank < nwork:
                return dt.date.fromordinal(work[rank])
            if rank < 0:
                if lo <= self._first_year:
                    raise self._out_of_range(day)
                target = max(self._first_year, lo - 1 - (-rank) // per_year)
                first, _, cum, work, nwork, lo, hi = self._cover_years(target, hi)
            else:
                if hi >= self._last_year:
                    raise self._out_of_range(day)
                target = min(self._last_year, hi + 1 + (rank - nwork) // per_year)
                first, _, cum, work, nwork, lo, hi = self._cover_years(lo, target)

    def _cover(self, start: dt.date, end: dt.date) -> _Span:
        """Return a span that holds the years of *start* to *end*, building it if needed."""
        for day in (start, end):
            if not self._first <= day <= self._last:
                raise self._out_of_range(day)
        span = self._span
        if span[5] <= start.year and end.year <= span[6]:
            return span
        return self._cover_years(start.year, end.year)

    def _cover_years(self, lo: int, hi: int) -> _Span:
        with self._lock:
            span = self._span
            old_lo, old_hi = span[5], span[6]
            if old_lo <= lo and hi <= old_hi:
                return span
            if old_lo > old_hi:  # nothing built yet: a little around the first query
                new_lo, new_hi = lo - 1, hi + 1
            else:
                # Grow geometrically, so that a series of queries rebuilds the span only
                # logarithmically often; always keep it contiguous.
                width = old_hi - old_lo + 1
                new_lo = min(old_lo, lo if lo >= old_lo else min(lo, old_lo - width))
                new_hi = max(old_hi, hi if hi <= old_hi else max(hi, old_hi + width))
            new_lo = max(new_lo, self._first_year)
            new_hi = min(new_hi, self._last_year)
            for year in range(new_lo, new_hi + 1):
                if year not in self._years:
                    self._years[year] = self._build_year(year)
            flags = b"".join(self._years[year].flags for year in range(new_lo, new_hi + 1))
            first = dt.date(new_lo, 1, 1).toordinal()
            cum = array("l", accumulate(flags, initial=0))
            work = array("l", compress(range(first, first + len(flags)), flags))
            span = (first, len(flags), cum, work, len(work), new_lo, new_hi)
            self._span = span  # one assignment: readers see the old span or the new one
            return span

    def _build_year(self, year: int) -> _Year:
        jan1 = dt.date(year, 1, 1)
        first = jan1.toordinal()
        ndays = dt.date(year + 1, 1, 1).toordinal() - first if year < dt.MAXYEAR else 365
        holidays: dict[int, str] = {}
        for day, name in self._holidays_in(year).items():
            if day.year == year:
                holidays[day.toordinal()] = name
        closing = {day.toordinal() for day in self._closing_once if day.year == year}
        for month, day_of_month in self._closing_recurring:
            try:
                closing.add(dt.date(year, month, day_of_month).toordinal())
            except ValueError:  # 29 February in a common year
                continue
        weekday = jan1.weekday()
        mask = self._mask
        flags = bytes(
            mask[(weekday + k) % 7] and (first + k) not in holidays and (first + k) not in closing
            for k in range(ndays)
        )
        return _Year(flags=flags, holidays=MappingProxyType(holidays), closing=frozenset(closing))
