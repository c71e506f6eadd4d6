"""Calendar rules: working days, business hours, quarters, retention deadlines."""

from __future__ import annotations

from portalkit.calendar._instants import (
    NegativePeriodError,
)
from portalkit.calendar.business_hours import (
    BusinessHours,
)
from portalkit.calendar.lifetimes import (
    LifetimeNotPositiveError,
    LinkLifetimes,
    LinkPurpose,
    UnknownLinkPurposeError,
)
from portalkit.calendar.quarters import (
    LEAD_DAYS,
    PAUSE_MONTHS,
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
from portalkit.calendar.retention import (
    INACTIVITY_YEARS,
    NOTICE_DAYS,
    DatedDocument,
    DocumentClass,
    DuplicateDocumentClassError,
    Restriction,
    RetainedDocument,
    RetentionSchedule,
    RetentionSplit,
    UnknownDocumentClassError,
    inactivity_deadline,
    is_inactive,
    notice_date,
)
from portalkit.calendar.working_days import (
    STATES,
    CalendarRangeError,
    Explanation,
    NonWorkingDay,
    UnknownStateError,
    WorkingCalendar,
)

__all__ = [
    "INACTIVITY_YEARS",
    "LEAD_DAYS",
    "NOTICE_DAYS",
    "PAUSE_MONTHS",
    "STATES",
    "BusinessHours",
    "CalendarRangeError",
    "DatedDocument",
    "DocumentClass",
    "DuplicateDocumentClassError",
    "Explanation",
    "LifetimeNotPositiveError",
    "LinkLifetimes",
    "LinkPurpose",
    "NegativePeriodError",
    "NonWorkingDay",
    "NotAQuarterStartError",
    "PauseEndsBeforeStartError",
    "PauseTooLongError",
    "Quarter",
    "Restriction",
    "RetainedDocument",
    "RetentionSchedule",
    "RetentionSplit",
    "UnknownDocumentClassError",
    "UnknownLinkPurposeError",
    "UnknownStateError",
    "WorkingCalendar",
    "check_pause",
    "effective_quarter_start",
    "inactivity_deadline",
    "is_inactive",
    "meets_submission_deadline",
    "notice_date",
    "pause_limit",
    "submission_deadline",
]
