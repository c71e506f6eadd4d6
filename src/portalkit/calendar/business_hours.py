"""Business hours: opening times on working days, measured in real elapsed time.

Opening times are wall-clock intervals in the business time zone on the working days of a
:class:`~portalkit.calendar.WorkingCalendar`. Business time is the real time that passes while
the business is open, so an interval's length on a day the clocks change is measured between its
aware endpoints.

How it stays fast: for a contiguous span of years the instants at which the business opens and
closes are kept in one sorted array (microseconds since the epoch), with the business time that
has passed before each opening in a second one. The business time up to an instant is then one
binary search and a subtraction, and the inverse is one binary search and an addition, however
long the duration or the span. The span grows on first use and is replaced in one assignment.
"""

from __future__ import annotations

import datetime as dt
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from itertools import accumulate
from operator import sub
from typing import Final, TypeAlias
from zoneinfo import ZoneInfo

from portalkit._errors import InvalidValueError
from portalkit.calendar.working_days import CalendarRangeError, WorkingCalendar
from portalkit.clock import require_aware

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_US: Final = dt.timedelta(microseconds=1)
_DAY_US: Final = 86_400_000_000

Interval: TypeAlias = tuple[dt.time, dt.time]
_Schedule: TypeAlias = tuple[tuple[tuple[int, int], ...], ...]  # per weekday: (start, end) in µs

# (start µs, end µs, bounds, cum, first year, last year): bounds holds the opening and closing
# instants [open0, close0, open1, close1, ...]; cum[k] is the business time before open k.
_Span: TypeAlias = tuple[int, int, "array[int]", "array[int]", int, int]
_EMPTY_SPAN: _Span = (0, 0, array("q"), array("q", [0]), 0, -1)


def _time_us(value: dt.time, field: str) -> int:
    if value.tzinfo is not None:
        raise InvalidValueError(field=field)
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _parse_intervals(intervals: Iterable[Interval]) -> tuple[tuple[int, int], ...]:
    parsed: list[tuple[int, int]] = []
    for opens, closes in sorted(intervals):
        start = _time_us(opens, "opens")
        # Closing at 00:00 means midnight at the end of the day, as on a shop door.
        end = _time_us(closes, "closes") or _DAY_US
        if end <= start:
            raise InvalidValueError(field="closes")
        if parsed and start < parsed[-1][1]:
            raise InvalidValueError(field="opens")
        if parsed and start == parsed[-1][1]:
            parsed[-1] = (parsed[-1][0], end)
        else:
            parsed.append((start, end))
    return tuple(parsed)


def _zone(timezone: str | dt.tzinfo) -> dt.tzinfo:
    return ZoneInfo(timezone) if isinstance(timezone, str) else timezone


class BusinessHours:
    """Opening hours on the working days of a calendar, in one time zone.

    ``BusinessHours(calendar)`` is open 08:00–18:00 Europe/Berlin on the calendar's working
    days; :meth:`weekly` takes opening times per weekday (several intervals a day), and
    :meth:`always` is open around the clock (for internal customers).

    Aware datetimes go in (naive ones raise :class:`~portalkit.NaiveDatetimeError`); aware
    datetimes in the business time zone come out. Durations are real elapsed time.

    A wall time that does not exist on a day the clocks go forward counts as the instant of the
    change; one that occurs twice when they go back counts as its first occurrence.

    Args:
        calendar: the working days; the business is closed on every other day.
        opens: the opening time on every working day.
        closes: the closing time; ``time(0)`` means midnight at the end of the day.
        timezone: an IANA time zone name or a ``tzinfo``.

    Raises:
        InvalidValueError: if *closes* is not after *opens*.

    References:
        DOMAIN.md section 3 (business hours); seed 000 (support Mo–Fr 08:00–18:00).
    """

    __slots__ = ("_always", "_calendar", "_lock", "_schedule", "_span", "_years", "_zone")

    def __init__(
        self,
        calendar: WorkingCalendar,
        opens: dt.time = dt.time(8),
        closes: dt.time = dt.time(18),
        timezone: str | dt.tzinfo = "Europe/Berlin",
    ) -> None:
        intervals = _parse_intervals([(opens, closes)])
        self._setup(calendar, (intervals,) * 7, _zone(timezone), always=False)

    @classmethod
    def weekly(
        cls,
        calendar: WorkingCalendar,
        hours: Mapping[int, Iterable[Interval]],
        timezone: str | dt.tzinfo = "Europe/Berlin",
    ) -> BusinessHours:
        """Return business hours with opening times per weekday.

        Args:
            calendar: the working days; the business is closed on every other day.
            hours: opening intervals ``(opens, closes)`` per weekday, 0 = Monday to
                6 = Sunday; a weekday that is missing is closed. Intervals of one day must not
                overlap; touching ones merge.
            timezone: an IANA time zone name or a ``tzinfo``.

        Raises:
            InvalidValueError: for a malformed interval or weekday, or if the business would
                never open (no interval on any working weekday of the calendar).
        """
        if set(hours) - set(range(7)):
            raise InvalidValueError(field="hours")
        schedule = tuple(_parse_intervals(hours.get(weekday, ())) for weekday in range(7))
        instance = cls.__new__(cls)
        instance._setup(calendar, schedule, _zone(timezone), always=False)
        return instance

    @classmethod
    def always(cls, timezone: str | dt.tzinfo = "Europe/Berlin") -> BusinessHours:
        """Return business hours that are open around the clock, holidays included (24/7).

        Business time is then simply elapsed time, with no range limit.
        """
        instance = cls.__new__(cls)
        instance._setup(None, ((),) * 7, _zone(timezone), always=True)
        return instance

    def _setup(
        self,
        calendar: WorkingCalendar | None,
        schedule: _Schedule,
        zone: dt.tzinfo,
        *,
        always: bool,
    ) -> None:
        if calendar is not None and not any(
            schedule[weekday] and calendar.weekmask[weekday] == "1" for weekday in range(7)
        ):
            raise InvalidValueError(field="hours")
        self._calendar = calendar
        self._schedule = schedule
        self._zone = zone
        self._always = always
        self._span: _Span = _EMPTY_SPAN
        self._years: dict[int, tuple[int, ...]] = {}
        self._lock = threading.Lock()

    @property
    def timezone(self) -> dt.tzinfo:
        """Return the business time zone; results are given in it."""
        return self._zone

    @property
    def calendar(self) -> WorkingCalendar | None:
        """Return the working calendar, or ``None`` for around-the-clock hours."""
        return self._calendar

    def __repr__(self) -> str:
        if self._always:
            return f"<BusinessHours always {self._zone}>"
        return f"<BusinessHours {self._zone} {self._calendar!r}>"

    # -- queries -----------------------------------------------------------------------------

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """Return the instant at which *duration* of business time after *start* has passed.

        For a positive duration this is the earliest such instant, so a duration that ends at
        closing time gives the closing time, not the next opening. A negative duration counts
        back and gives the latest such instant (an opening rather than the closing before it).
        ``add(start, timedelta(0))`` is *start*. In every case
        ``between(start, add(start, duration)) == duration``, and the result grows with both
        arguments.

        Raises:
            NaiveDatetimeError: if *start* has no time zone.
            CalendarRangeError: if the result lies outside the calendar's years.
        """
        if start.tzinfo is None or start.utcoffset() is None:
            require_aware(start, "start")
        if self._always:
            return (start.astimezone(dt.UTC) + duration).astimezone(self._zone)
        t = (start - _EPOCH) // _US
        target_us = duration // _US
        span_start, span_end, bounds, cum, _, _ = self._span
        if not span_start <= t < span_end:
            span_start, span_end, bounds, cum, _, _ = self._cover(t, t)
        i = bisect_right(bounds, t)
        position = cum[i >> 1] + t - bounds[i - 1] if i & 1 else cum[i >> 1]
        target = position + target_us
        if target_us > 0:
            k = bisect_left(cum, target) - 1
            if k >= len(cum) - 1:
                return self._add_slowly(t, target_us)
        elif target_us < 0:
            k = bisect_right(cum, target) - 1
            if k < 0:
                return self._add_slowly(t, target_us)
        else:
            return start.astimezone(self._zone)
        return (_EPOCH + _US * (bounds[2 * k] + target - cum[k])).astimezone(self._zone)

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Return the business time from *start* to *end*; negative if *end* is earlier.

        ``between(a, b) == -between(b, a)``, so differences of deadlines can be added up.

        Raises:
            NaiveDatetimeError: if a datetime has no time zone.
            CalendarRangeError: if an instant lies outside the calendar's years.
        """
        if start.tzinfo is None or start.utcoffset() is None:
            require_aware(start, "start")
        if end.tzinfo is None or end.utcoffset() is None:
            require_aware(end, "end")
        if self._always:
            # Subtracting two datetimes that share a tzinfo would give wall-clock time.
            return end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
        a = (start - _EPOCH) // _US
        b = (end - _EPOCH) // _US
        span_start, span_end, bounds, cum, _, _ = self._span
        if not (span_start <= a < span_end and span_start <= b < span_end):
            span_start, span_end, bounds, cum, _, _ = self._cover(min(a, b), max(a, b))
        i = bisect_right(bounds, a)
        j = bisect_right(bounds, b)
        position_a = cum[i >> 1] + a - bounds[i - 1] if i & 1 else cum[i >> 1]
        position_b = cum[j >> 1] + b - bounds[j - 1] if j & 1 else cum[j >> 1]
        return _US * (position_b - position_a)

    def is_open(self, at: dt.datetime) -> bool:
        """Return whether the business is open at the instant *at* (closing time is closed).

        Raises:
            NaiveDatetimeError: if *at* has no time zone.
            CalendarRangeError: if *at* lies outside the calendar's years.
        """
        require_aware(at, "at")
        if self._always:
            return True
        t = (at - _EPOCH) // _US
        span_start, span_end, bounds, _, _, _ = self._span
        if not span_start <= t < span_end:
            _, _, bounds, _, _, _ = self._cover(t, t)
        return bool(bisect_right(bounds, t) & 1)

    def next_opening(self, at: dt.datetime) -> dt.datetime:
        """Return the first instant at or after *at* at which the business is open.

        That is *at* itself (in the business time zone) if the business is open then.

        Raises:
            NaiveDatetimeError: if *at* has no time zone.
            CalendarRangeError: if *at*, or the next opening, lies outside the calendar's years.
        """
        require_aware(at, "at")
        if self._always:
            return at.astimezone(self._zone)
        t = (at - _EPOCH) // _US
        bounds = self._cover(t, t)[2]
        while True:
            i = bisect_right(bounds, t)
            if i & 1:
                return at.astimezone(self._zone)
            if i < len(bounds):
                return (_EPOCH + _US * bounds[i]).astimezone(self._zone)
            bounds = self._extend(forward=True, at=t, years=1)[2]

    # -- tables ------------------------------------------------------------------------------

    def _add_slowly(self, t: int, target_us: int) -> dt.datetime:
        span = self._span
        while True:
            _, _, bounds, cum, first_year, last_year = span
            i = bisect_right(bounds, t)
            position = cum[i >> 1] + t - bounds[i - 1] if i & 1 else cum[i >> 1]
            target = position + target_us
            total = cum[-1]
            if target_us > 0:
                k = bisect_left(cum, target) - 1
                if k < len(cum) - 1:
                    break
                missing = target - total
            else:
                k = bisect_right(cum, target) - 1
                if k >= 0:
                    break
                missing = -target
            years = last_year - first_year + 1
            per_year = max(1, total // years)
            span = self._extend(forward=target_us > 0, at=t, years=missing // per_year + 1)
        return (_EPOCH + _US * (bounds[2 * k] + target - cum[k])).astimezone(self._zone)

    def _local_day(self, t: int) -> dt.date:
        instant = _EPOCH + _US * t
        try:
            return instant.astimezone(self._zone).date()
        except OverflowError:  # within hours of year 1 or 9999: far outside any calendar
            return instant.date()

    def _range_error(self, t: int) -> CalendarRangeError:
        assert self._calendar is not None  # only called on calendar-based hours
        return CalendarRangeError(
            self._local_day(t), self._calendar.first_day, self._calendar.last_day
        )

    def _cover(self, a: int, b: int) -> _Span:
        """Return a span that holds the instants *a* to *b*, building it if needed."""
        span = self._span
        if span[0] <= a and b < span[1]:
            return span
        assert self._calendar is not None  # around-the-clock hours never build tables
        first, last = self._calendar.first_day, self._calendar.last_day
        days = [self._local_day(a), self._local_day(b)]
        for t, day in zip((a, b), days, strict=True):
            if not first <= day <= last:
                raise self._range_error(t)
        return self._cover_years(days[0].year, days[1].year)

    def _extend(self, *, forward: bool, at: int, years: int) -> _Span:
        assert self._calendar is not None  # around-the-clock hours never build tables
        span = self._span
        lo, hi = span[4], span[5]
        if forward:
            if hi >= self._calendar.last_day.year:
                raise self._range_error(at)
            return self._cover_years(lo, min(hi + years, self._calendar.last_day.year))
        if lo <= self._calendar.first_day.year:
            raise self._range_error(at)
        return self._cover_years(max(lo - years, self._calendar.first_day.year), hi)

    def _cover_years(self, lo: int, hi: int) -> _Span:
        assert self._calendar is not None  # around-the-clock hours never build tables
        first_year = self._calendar.first_day.year
        last_year = self._calendar.last_day.year
        with self._lock:
            span = self._span
            old_lo, old_hi = span[4], span[5]
            if old_lo <= lo and hi <= old_hi:
                return span
            if old_lo > old_hi:
                new_lo, new_hi = lo, hi
            else:
                # Grow geometrically and stay contiguous, as the working-day tables do.
                width = old_hi - old_lo + 1
                new_lo = min(old_lo, lo if lo >= old_lo else min(lo, old_lo - width))
                new_hi = max(old_hi, hi if hi <= old_hi else max(hi, old_hi + width))
            new_lo = max(new_lo, first_year)
            new_hi = min(new_hi, last_year)
            span = self._build(new_lo, new_hi)
            self._span = span  # one assignment: readers see the old span or the new one
            return span

    def _build(self, lo: int, hi: int) -> _Span:
        bounds: list[int] = []
        for year in range(lo, hi + 1):
            if year not in self._years:
                self._years[year] = self._build_year(year)
            own = self._years[year]
            if own and bounds and own[0] <= bounds[-1]:  # open across New Year's midnight
                bounds[-1] = max(bounds[-1], own[1])
                bounds.extend(own[2:])
            else:
                bounds.extend(own)
        cum = accumulate(map(sub, bounds[1::2], bounds[0::2]), initial=0)
        return (
            self._instant(dt.date(lo, 1, 1).toordinal(), 0),
            self._instant(dt.date(hi + 1, 1, 1).toordinal(), 0),
            array("q", bounds),
            array("q", cum),
            lo,
            hi,
        )

    def _build_year(self, year: int) -> tuple[int, ...]:
        """Return the opening and closing instants of the local days of *year*."""
        assert self._calendar is not None  # around-the-clock hours never build tables
        calendar = self._calendar
        schedule = self._schedule
        bounds: list[int] = []
        for ordinal in range(dt.date(year, 1, 1).toordinal(), dt.date(year + 1, 1, 1).toordinal()):
            day = dt.date.fromordinal(ordinal)
            intervals = schedule[day.weekday()]
            if not intervals or not calendar.is_working_day(day):
                continue
            for start_us, end_us in intervals:
                opens = self._instant(ordinal, start_us)
                closes = self._instant(ordinal, end_us)
                if closes <= opens:  # swallowed by the clocks going forward
                    continue
                if bounds and opens <= bounds[-1]:  # continues the previous interval
                    bounds[-1] = max(bounds[-1], closes)
                else:
                    bounds.extend((opens, closes))
        return tuple(bounds)

    def _instant(self, ordinal: int, time_us: int) -> int:
        """Return the instant (µs since the epoch) of a wall time on a local day."""
        if time_us >= _DAY_US:
            ordinal, time_us = ordinal + 1, time_us - _DAY_US
        wall = dt.datetime.combine(dt.date.fromordinal(ordinal), dt.time()) + _US * time_us
        offset = wall.replace(tzinfo=self._zone).utcoffset()
        offset_after = wall.replace(tzinfo=self._zone, fold=1).utcoffset()
        # A tzinfo that gives no offset for a wall time cannot place business hours.
        assert offset is not None
        assert offset_after is not None
        naive_us = (ordinal - _EPOCH_ORDINAL) * _DAY_US + time_us
        if offset >= offset_after:  # unambiguous, or repeated: take the first occurrence
            return naive_us - offset // _US
        # The wall time does not exist: the clocks jumped over it. Find the jump by bisection
        # between the two readings; this happens only while building tables.
        lo = naive_us - offset_after // _US  # before the jump
        hi = naive_us - offset // _US  # after it
        while hi - lo > 1:
            middle = (lo + hi) // 2
            if (_EPOCH + _US * middle).astimezone(self._zone).utcoffset() == offset_after:
                hi = middle
            else:
                lo = middle
        return hi
