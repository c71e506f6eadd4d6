"""Helpers shared by the deadline modules: taking the local date of an instant."""

from __future__ import annotations

import datetime as dt
from typing import Final
from zoneinfo import ZoneInfo

from portalkit._errors import InvalidValueError
from portalkit.clock import require_aware

BERLIN: Final = "Europe/Berlin"
"""The portal's time zone: German wall time decides which day an instant falls on."""


def local_date(value: dt.date | dt.datetime, timezone: str, field: str) -> dt.date:
    """Return the calendar day *value* falls on in *timezone*.

    A :class:`~datetime.date` is taken as it is; an aware datetime is converted to *timezone*
    first, so that 31 Mar 23:30 UTC is 1 Apr in Berlin.

    Raises:
        NaiveDatetimeError: if *value* is a naive datetime; the day it falls on is unknown.
    """
    if isinstance(value, dt.datetime):
        return require_aware(value, field).astimezone(ZoneInfo(timezone)).date()
    return value


def normalized(value: dt.datetime) -> dt.datetime:
    """Return *value* as a real wall time of its own zone.

    Calendar arithmetic on an aware datetime (``+ relativedelta(years=2)``) works in wall time
    and may land in the hour a DST change skips; a round trip through UTC moves it to the wall
    time that instant really shows.
    """
    return value.astimezone(dt.UTC).astimezone(value.tzinfo)


class NegativePeriodError(InvalidValueError):
    """A lead time, period or notice given in days or years is negative."""

    code = "negative_period"

    def __init__(self, field: str, value: int) -> None:
        self.field = field
        self.value = value
        super().__init__(field=field, value=value)


def require_non_negative(value: int, field: str) -> int:
    """Return *value* if it is a whole number of at least zero.

    Raises:
        NegativePeriodError: if *value* is negative.
        TypeError: if *value* is not an :class:`int` (``True`` is not a number of days).
    """
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{field} must be an int, not {type(value).__name__}"
        raise TypeError(msg)
    if value < 0:
        raise NegativePeriodError(field, value)
    return value
