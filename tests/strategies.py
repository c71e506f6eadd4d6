"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from portalkit.calendar import STATES

FIRST_DAY = dt.date(1991, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
BERLIN = ZoneInfo("Europe/Berlin")
ZONES = (
    dt.UTC,
    BERLIN,
    ZoneInfo("America/New_York"),
    dt.timezone(dt.timedelta(hours=5, minutes=30)),
)


def german_states() -> st.SearchStrategy[str]:
    """Draw one of the 16 German state codes."""
    return st.sampled_from(sorted(STATES))


def dates_in_range(
    min_value: dt.date = FIRST_DAY, max_value: dt.date = LAST_DAY
) -> st.SearchStrategy[dt.date]:
    """Draw dates the German calendar supports (1991 to 2100 by default)."""
    return st.dates(min_value=min_value, max_value=max_value)


def aware_datetimes(
    min_value: dt.datetime = dt.datetime(1992, 1, 1),  # noqa: DTZ001 - bounds are wall times
    max_value: dt.datetime = dt.datetime(2099, 12, 31),  # noqa: DTZ001
) -> st.SearchStrategy[dt.datetime]:
    """Draw aware datetimes in assorted time zones, DST changes and odd offsets included."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=st.sampled_from(ZONES))
