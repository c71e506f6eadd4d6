"""Business clocks for the SLA tests, independent of portalkit.calendar."""

from __future__ import annotations

import datetime as dt

OPENS = dt.time(8)
CLOSES = dt.time(18)


class OfficeHoursClock:
    """Mon–Fri 08:00–18:00 in the instants' own time zone (UTC in the tests), no holidays."""

    def _window(self, day: dt.date, tz: dt.tzinfo | None) -> tuple[dt.datetime, dt.datetime]:
        return dt.datetime.combine(day, OPENS, tz), dt.datetime.combine(day, CLOSES, tz)

    def _next_open(self, at: dt.datetime) -> dt.datetime:
        day = at.date()
        while True:
            opens, closes = self._window(day, at.tzinfo)
            if day.weekday() < 5 and at < closes:
                return max(at, opens)
            day += dt.timedelta(days=1)

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        at, rest = self._next_open(start), duration
        while True:
            closes = self._window(at.date(), at.tzinfo)[1]
            if rest <= closes - at:
                return at + rest
            rest -= closes - at
            at = self._next_open(closes)

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        total = dt.timedelta(0)
        day = start.date()
        while day <= end.date():
            if day.weekday() < 5:
                opens, closes = self._window(day, start.tzinfo)
                total += max(dt.timedelta(0), min(closes, end) - max(opens, start))
            day += dt.timedelta(days=1)
        return total
