"""Booked services and change requests refuse values that break their rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit import InvalidValueError, NaiveDatetimeError
from portalkit.calendar import NotAQuarterStartError, Quarter
from portalkit.services import (
    BookedService,
    ChangeKind,
    ChangeRequest,
    RequestStatus,
    ServiceStatus,
)
from tests.services.strategies import COMPANY, USER, UTC_AT, office


def request(**changes: object) -> ChangeRequest:
    fields: dict[str, object] = {
        "id": "chg-1",
        "service_id": "svc-office",
        "company_id": COMPANY,
        "requested_by": USER,
        "kind": ChangeKind.MINIMIZE,
        "submitted_at": UTC_AT,
        "effective": dt.date(2025, 4, 1),
        "cutoff": dt.date(2025, 3, 18),
        "quantity_before": 3,
        "quantity": 2,
    } | changes
    return ChangeRequest(**fields)  # type: ignore[arg-type]


def test_a_service_is_active_with_a_minimum_of_one_by_default() -> None:
    service = BookedService("s", COMPANY, "Fensterreinigung", 4, "× pro Jahr")
    assert (service.status, service.minimum, service.maximum) == (ServiceStatus.ACTIVE, 1, None)


@pytest.mark.parametrize(
    "changes",
    [
        {"quantity": 0, "minimum": 1},
        {"quantity": 2, "minimum": 3},
        {"quantity": 6, "maximum": 5},
        {"quantity": True},
        {"minimum": 0, "quantity": 1},
        {"status": ServiceStatus.PAUSED},
        {"pause_start": dt.date(2025, 4, 1)},
        {"pause_start": dt.date(2025, 4, 1), "pause_end": dt.date(2025, 4, 1)},
    ],
)
def test_a_service_with_inconsistent_fields_is_refused(changes: dict[str, object]) -> None:
    fields: dict[str, object] = {"maximum": None} | changes
    with pytest.raises(InvalidValueError):
        office(**fields)


def test_a_paused_service_is_paused_from_its_start_until_the_day_before_it_resumes() -> None:
    service = office(
        status=ServiceStatus.PAUSED,
        pause_start=dt.date(2025, 7, 1),
        pause_end=dt.date(2025, 10, 1),
    )
    days = [dt.date(2025, 6, 30), dt.date(2025, 7, 1), dt.date(2025, 9, 30), dt.date(2025, 10, 1)]
    assert [service.is_paused_on(day) for day in days] == [False, True, True, False]


def test_a_resumed_service_keeps_its_last_pause_but_is_not_paused() -> None:
    service = office(pause_start=dt.date(2025, 7, 1), pause_end=dt.date(2025, 10, 1))
    assert not service.is_paused_on(dt.date(2025, 8, 1))


def test_a_request_knows_its_quarter_and_is_live_while_submitted() -> None:
    live = request()
    assert (Quarter(2025, 2), True) == (live.quarter, live.is_live)
    assert not request(status=RequestStatus.APPLIED).is_live


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"effective": dt.date(2025, 4, 2)}, NotAQuarterStartError),
        ({"cutoff": dt.date(2025, 4, 1)}, InvalidValueError),
        ({"quantity": None}, InvalidValueError),
        ({"quantity_before": None}, InvalidValueError),
        ({"quantity": 0}, InvalidValueError),
        ({"pause_until": dt.date(2025, 5, 1)}, InvalidValueError),
        ({"kind": ChangeKind.PAUSE}, InvalidValueError),
        (
            {"kind": ChangeKind.PAUSE, "quantity": None, "pause_until": dt.date(2025, 4, 1)},
            InvalidValueError,
        ),
        ({"submitted_at": dt.datetime(2025, 3, 18, 12)}, NaiveDatetimeError),  # noqa: DTZ001
        ({"closed_at": dt.datetime(2025, 3, 18, 12)}, NaiveDatetimeError),  # noqa: DTZ001
    ],
)
def test_a_request_with_inconsistent_fields_is_refused(
    changes: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        request(**changes)


def test_a_pause_request_needs_a_resume_day_and_no_quantity() -> None:
    pause = request(
        kind=ChangeKind.PAUSE,
        quantity=None,
        quantity_before=None,
        pause_until=dt.date(2025, 7, 1),
    )
    assert dt.date(2025, 7, 1) == pause.pause_until


@given(st.integers(1, 50), st.integers(0, 50), st.integers(0, 50))
def test_a_service_exists_exactly_when_its_quantity_lies_within_its_bounds(
    minimum: int, above_minimum: int, span: int
) -> None:
    quantity = minimum + above_minimum
    maximum = minimum + span
    within = quantity <= maximum
    try:
        office(quantity, minimum=minimum, maximum=maximum)
    except InvalidValueError:
        assert not within
    else:
        assert within
