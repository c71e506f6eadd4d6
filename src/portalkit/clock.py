"""The clock port: the core never reads the system clock, it is told what time it is."""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

import attrs

from portalkit._errors import NaiveDatetimeError


@runtime_checkable
class Clock(Protocol):
    """Tells the current instant.

    The reference implementation that reads the system clock is
    :class:`portalkit.adapters.system.SystemClock`; tests use :class:`FixedClock`.
    """

    def now(self) -> dt.datetime:
        """Return the current instant as an aware datetime."""
        ...


def require_aware(value: dt.datetime, field: str = "when") -> dt.datetime:
    """Return *value* if it carries a time zone; the check every portalkit function makes.

    Use it where your own code takes an instant for portalkit (a clock of your own, a storage
    adapter reading timestamps), so that a naive one fails there with the same error.

    Args:
        value: the instant to check.
        field: what the instant is, named in the error's message.

    Raises:
        NaiveDatetimeError: if *value* is naive; portalkit never guesses a time zone.

    >>> import datetime as dt
    >>> require_aware(dt.datetime(2025, 3, 18, 10, 0, tzinfo=dt.UTC)).isoformat()
    '2025-03-18T10:00:00+00:00'
    >>> try:
    ...     require_aware(dt.datetime(2025, 3, 18, 10, 0), "opened_at")
    ... except ValueError as error:
    ...     print(error.message("en"))
    The point in time 'opened_at' needs a time zone.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(field)
    return value


def _aware_current(value: dt.datetime) -> dt.datetime:
    return require_aware(value, "current")


@attrs.define
class FixedClock:
    """A clock that shows a set instant until it is moved; for tests and simulations.

    >>> import datetime as dt
    >>> clock = FixedClock(dt.datetime(2025, 3, 28, 16, 0, tzinfo=dt.UTC))
    >>> clock.advance(dt.timedelta(hours=1)).isoformat()
    '2025-03-28T17:00:00+00:00'
    """

    current: dt.datetime = attrs.field(converter=_aware_current)

    def now(self) -> dt.datetime:
        """Return the instant the clock shows."""
        return self.current

    def set(self, when: dt.datetime) -> None:
        """Move the clock to *when* (forwards or backwards)."""
        self.current = require_aware(when, "when")

    def advance(self, by: dt.timedelta) -> dt.datetime:
        """Move the clock by the elapsed time *by* and return the new instant.

        The addition happens in UTC: wall-clock arithmetic in a zone with daylight saving would
        move the clock backwards in the hour that repeats when the clocks go back.
        """
        zone = self.current.tzinfo
        self.current = (self.current.astimezone(dt.UTC) + by).astimezone(zone)
        return self.current
