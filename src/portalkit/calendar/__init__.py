"""Calendar rules: working days, business hours, quarters, retention deadlines."""

from __future__ import annotations

from portalkit.calendar.business_hours import BusinessHours
from portalkit.calendar.working_days import (
    STATES,
    CalendarRangeError,
    Explanation,
    NonWorkingDay,
    UnknownStateError,
    WorkingCalendar,
)

__all__ = [
    "STATES",
    "BusinessHours",
    "CalendarRangeError",
    "Explanation",
    "NonWorkingDay",
    "UnknownStateError",
    "WorkingCalendar",
]
