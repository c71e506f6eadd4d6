"""Hypothesis strategies and an independent oracle shared by the service-change tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from portalkit.services import BookedService, ChangeKind, ServiceStatus
from tests.strategies import aware_datetimes

BERLIN = ZoneInfo("Europe/Berlin")
COMPANY = "acme"
USER = "anna"
UTC_AT = dt.datetime(2025, 3, 18, 17, 0, tzinfo=dt.UTC)  # 18 March, 18:00 in Berlin


def office(quantity: int = 3, **changes: object) -> BookedService:
    """Return the office cleaning of seed 000's kind, 1 to 5 times a week."""
    fields: dict[str, object] = {"minimum": 1, "maximum": 5} | changes
    return BookedService(
        "svc-office",
        COMPANY,
        "Unterhaltsreinigung",
        quantity,
        "× pro Woche",
        **fields,  # type: ignore[arg-type]
    )


def berlin_day(at: dt.datetime) -> dt.date:
    """Return the German calendar day of *at*, computed without portalkit."""
    return at.astimezone(BERLIN).date()


def first_quarter_start_after(day: dt.date, lead_days: int = 14) -> dt.date:
    """Walk month by month to the first quarter start at least *lead_days* days after *day*."""
    candidate = dt.date(day.year, day.month, 1)
    while not (candidate.month in (1, 4, 7, 10) and (candidate - day).days >= lead_days):
        year, month = divmod(candidate.month, 12)
        candidate = dt.date(candidate.year + year, month + 1, 1)
    return candidate


def add_months(day: dt.date, months: int) -> dt.date:
    """Add calendar months, clamping to the month's last day, computed without dateutil."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)  # pragma: no cover


def instants() -> st.SearchStrategy[dt.datetime]:
    """Draw submission instants in assorted zones, 2000 to 2090."""
    return aware_datetimes(
        min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 - bounds are wall times
        max_value=dt.datetime(2090, 12, 31),  # noqa: DTZ001
    )


@st.composite
def services(draw: st.DrawFn, status: ServiceStatus = ServiceStatus.ACTIVE) -> BookedService:
    """Draw an active service with a quantity between its bounds."""
    minimum = draw(st.integers(1, 4))
    maximum = draw(st.none() | st.integers(minimum, minimum + 8))
    top = minimum + 10 if maximum is None else maximum
    quantity = draw(st.integers(minimum, top))
    return BookedService(
        draw(st.sampled_from(["svc-1", "svc-2"])),
        COMPANY,
        "Service",
        quantity,
        "units",
        minimum=minimum,
        maximum=maximum,
        status=status,
    )


KINDS = st.sampled_from(ChangeKind)
