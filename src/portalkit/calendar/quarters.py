"""Quarters, the lead time of service changes, and the longest pause.

Service changes (minimize, maximize, pause) take effect at the start of a quarter and must be
submitted at least 14 days before it; a pause lasts at most 3 months. The day a submission
falls on is the German calendar day (Europe/Berlin), whatever time zone the instant comes in.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Self

import attrs
from dateutil.relativedelta import relativedelta

from portalkit._errors import InvalidValueError
from portalkit._i18n import DEFAULT_LANGUAGE, Language
from portalkit.calendar._instants import BERLIN, local_date, require_non_negative

LEAD_DAYS: Final = 14
"""Days a service change must be submitted before the quarter start it aims at (seed 000)."""

PAUSE_MONTHS: Final = 3
"""The longest pause of a service, in calendar months (seed 000)."""

_FIRST_MONTHS: Final = (1, 4, 7, 10)
_LAST_DAYS: Final = ((3, 31), (6, 30), (9, 30), (12, 31))


def _check_number(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= len(_FIRST_MONTHS):
        raise InvalidValueError(field="quarter")


def _check_year(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not dt.MINYEAR <= value <= dt.MAXYEAR:
        raise InvalidValueError(field="year")


@attrs.frozen(order=True)
class Quarter:
    """A calendar quarter: Q1 is January to March, Q4 October to December.

    Quarters order by time. ``str()`` gives the short form used in logs and forms;
    :meth:`label` the wording for a reader.

    >>> import datetime as dt
    >>> q = Quarter.of(dt.date(2025, 5, 17))
    >>> q, str(q), q.label("de")
    (Quarter(year=2025, number=2), 'Q2 2025', '2. Quartal 2025')
    >>> q.start, q.end
    (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    >>> q.next(), q.previous()
    (Quarter(year=2025, number=3), Quarter(year=2025, number=1))

    Raises:
        InvalidValueError: if *number* is not 1 to 4 or *year* is outside what
            :class:`datetime.date` can hold.

    References:
        seed 000 ("Umsetzung zum nächsten Quartal", "Quartalsbeginn").
    """

    year: int = attrs.field(validator=_check_year)
    number: int = attrs.field(validator=_check_number)

    @classmethod
    def of(cls, day: dt.date | dt.datetime, timezone: str = BERLIN) -> Self:
        """Return the quarter *day* falls in.

        Args:
            day: a date, or an aware datetime (taken in *timezone*).
            timezone: the IANA zone that decides the day of a datetime.

        Raises:
            NaiveDatetimeError: if *day* is a naive datetime.
        """
        local = local_date(day, timezone, "day")
        return cls(local.year, (local.month - 1) // 3 + 1)

    @classmethod
    def starting(cls, day: dt.date) -> Self:
        """Return the quarter that starts on *day*.

        Raises:
            NotAQuarterStartError: if *day* is not 1 January, 1 April, 1 July or 1 October.
        """
        if isinstance(day, dt.datetime) or day.day != 1 or day.month not in _FIRST_MONTHS:
            raise NotAQuarterStartError(day)
        return cls.of(day)

    @property
    def start(self) -> dt.date:
        """The first day of the quarter."""
        return dt.date(self.year, _FIRST_MONTHS[self.number - 1], 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter (inclusive)."""
        month, day = _LAST_DAYS[self.number - 1]
        return dt.date(self.year, month, day)

    def next(self) -> Quarter:
        """Return the quarter after this one."""
        if self.number == len(_FIRST_MONTHS):
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        """Return the quarter before this one."""
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def contains(self, day: dt.date) -> bool:
        """Tell whether *day* lies in this quarter."""
        return self.start <= day <= self.end

    def label(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return the quarter as a reader of *language* writes it.

        >>> Quarter(2025, 2).label("de"), Quarter(2025, 2).label("en")
        ('2. Quartal 2025', 'Q2 2025')
        """
        if language == "de":
            return f"{self.number}. Quartal {self.year}"
        return str(self)

    def __str__(self) -> str:
        return f"Q{self.number} {self.year}"


class NotAQuarterStartError(InvalidValueError):
    """A day was given as a quarter start that is not one."""

    code = "not_a_quarter_start"

    def __init__(self, day: dt.date) -> None:
        self.day = day
        super().__init__(day=day)


def effective_quarter_start(
    submitted: dt.date | dt.datetime,
    lead_days: int = LEAD_DAYS,
    timezone: str = BERLIN,
) -> dt.date:
    """Return the quarter start at which a service change submitted at *submitted* takes effect.

    That is the first quarter start *q* strictly after the submission day with
    ``(q - submitted).days >= lead_days``: submitted on 18 March, a change takes effect on
    1 April; one day later it misses the lead time and takes effect on 1 July.

    >>> import datetime as dt
    >>> effective_quarter_start(dt.date(2025, 3, 18))
    datetime.date(2025, 4, 1)
    >>> effective_quarter_start(dt.date(2025, 3, 19))
    datetime.date(2025, 7, 1)

    Args:
        submitted: the submission day, or the aware instant of submission; an instant counts
            on the day it falls on in *timezone* (31 Mar 23:30 UTC is 1 Apr in Berlin).
        lead_days: the least number of days between submission and effect.
        timezone: the IANA zone whose calendar day counts.

    Raises:
        NaiveDatetimeError: if *submitted* is a naive datetime.
        NegativePeriodError: if *lead_days* is negative.

    References:
        seed 000 ("Änderungsanträge müssen mindestens 14 Tage vor Quartalsbeginn eingereicht
        werden", "Umsetzung zum nächsten Quartal"); DOMAIN.md § 3 "Quarters".
    """
    require_non_negative(lead_days, "lead_days")
    day = local_date(submitted, timezone, "submitted")
    # "Strictly after" turns a lead time of zero into one day: a change never takes effect on
    # the day it is submitted.
    earliest = day + dt.timedelta(days=max(lead_days, 1))
    quarter = Quarter.of(earliest)
    return quarter.start if quarter.start == earliest else quarter.next().start


def submission_deadline(quarter: Quarter | dt.date, lead_days: int = LEAD_DAYS) -> dt.date:
    """Return the last day on which a service change still takes effect at *quarter*'s start.

    A submission at any time of that day (German time) reaches the quarter; from the next day
    on, :func:`effective_quarter_start` gives the following quarter. Until this day a
    submitted change may also be withdrawn or changed.

    >>> import datetime as dt
    >>> submission_deadline(dt.date(2025, 4, 1))
    datetime.date(2025, 3, 18)
    >>> submission_deadline(Quarter(2025, 3))
    datetime.date(2025, 6, 17)

    Args:
        quarter: the quarter, or its first day.
        lead_days: the least number of days between submission and effect.

    Raises:
        NotAQuarterStartError: if a day is given that does not start a quarter.
        NegativePeriodError: if *lead_days* is negative.

    References:
        seed 000 ("mindestens 14 Tage vor Quartalsbeginn"); DOMAIN.md § 5.
    """
    require_non_negative(lead_days, "lead_days")
    start = quarter.start if isinstance(quarter, Quarter) else Quarter.starting(quarter).start
    # No earlier quarter start can catch this day: each lies less than lead_days after it.
    return start - dt.timedelta(days=max(lead_days, 1))


def meets_submission_deadline(
    quarter: Quarter | dt.date,
    submitted: dt.date | dt.datetime,
    lead_days: int = LEAD_DAYS,
    timezone: str = BERLIN,
) -> bool:
    """Tell whether a change submitted (or withdrawn) at *submitted* still reaches *quarter*.

    >>> import datetime as dt
    >>> late = dt.datetime(2025, 3, 18, 23, 30, tzinfo=dt.UTC)  # 19 March in Berlin
    >>> meets_submission_deadline(Quarter(2025, 2), late)
    False

    Raises:
        NaiveDatetimeError: if *submitted* is a naive datetime.
        NotAQuarterStartError: if a day is given that does not start a quarter.
        NegativePeriodError: if *lead_days* is negative.

    References:
        seed 000; DOMAIN.md § 5 ("can be withdrawn or changed until the cut-off").
    """
    deadline = submission_deadline(quarter, lead_days)
    return local_date(submitted, timezone, "submitted") <= deadline


def pause_limit(start: dt.date) -> dt.date:
    """Return the latest day on which a service paused from *start* resumes.

    The pause covers the days from *start* up to, not including, the day the service resumes;
    it lasts at most 3 calendar months. A month without the start's day ends on its last day.

    >>> import datetime as dt
    >>> pause_limit(dt.date(2025, 4, 1)), pause_limit(dt.date(2025, 11, 30))
    (datetime.date(2025, 7, 1), datetime.date(2026, 2, 28))

    References:
        seed 000 ("Pausieren: Leistungen bis zu 3 Monate aussetzen"); DOMAIN.md § 3, § 5.
    """
    return start + relativedelta(months=PAUSE_MONTHS)


class PauseTooLongError(InvalidValueError):
    """A pause would last longer than 3 months."""

    code = "pause_too_long"

    def __init__(self, start: dt.date, end: dt.date, limit: dt.date) -> None:
        self.start = start
        self.end = end
        self.limit = limit
        super().__init__(start=start, end=end, limit=limit)


class PauseEndsBeforeStartError(InvalidValueError):
    """A pause would end on or before the day it starts."""

    code = "pause_ends_before_start"

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start = start
        self.end = end
        super().__init__(start=start, end=end)


def check_pause(start: dt.date, end: dt.date) -> dt.date:
    """Return *end* if a pause from *start* until *end* (exclusive) is allowed.

    Args:
        start: the first paused day, usually a quarter start.
        end: the day the service resumes.

    Raises:
        PauseEndsBeforeStartError: if *end* is not after *start*.
        PauseTooLongError: if *end* lies beyond :func:`pause_limit` of *start*.

    References:
        seed 000 ("bis zu 3 Monate"); DOMAIN.md § 5.
    """
    if end <= start:
        raise PauseEndsBeforeStartError(start, end)
    limit = pause_limit(start)
    if end > limit:
        raise PauseTooLongError(start, end, limit)
    return end
