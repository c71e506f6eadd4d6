"""The contract every storage adapter of the service-change ports keeps (run for each adapter)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from portalkit.services.model import (
    BookedService,
    ChangeKind,
    ChangeRequest,
    RequestStatus,
    ServiceStatus,
)
from portalkit.services.ports import ServicesUnitOfWork
from tests.contract.conftest import UnitOfWorkFactory

# Tickets, services and requests refer to companies and users that exist.
pytestmark = pytest.mark.usefixtures("parents")

NOW = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
Q2 = dt.date(2025, 4, 1)
Q3 = dt.date(2025, 7, 1)

OFFICE = BookedService(
    "svc-1", "c1", "Unterhaltsreinigung Büro", 3, "× pro Woche", minimum=1, maximum=5
)
WINDOWS = BookedService(
    "svc-2",
    "c1",
    "Glasreinigung",
    4,
    "× pro Jahr",
    status=ServiceStatus.PAUSED,
    pause_start=Q2,
    pause_end=Q3,
)
FOREIGN = BookedService("svc-3", "c2", "Winterdienst", 1, "Objekt")


def request(
    request_id: str,
    *,
    service: BookedService = OFFICE,
    effective: dt.date = Q2,
    submitted_at: dt.datetime = NOW,
    status: RequestStatus = RequestStatus.SUBMITTED,
) -> ChangeRequest:
    return ChangeRequest(
        id=request_id,
        service_id=service.id,
        company_id=service.company_id,
        requested_by="u1",
        kind=ChangeKind.MINIMIZE,
        submitted_at=submitted_at,
        effective=effective,
        cutoff=effective - dt.timedelta(days=15),
        quantity_before=3,
        quantity=2,
        status=status,
    )


def services_uow(uow: Any) -> ServicesUnitOfWork:
    assert isinstance(uow, ServicesUnitOfWork)
    return uow


def saved(new_uow: UnitOfWorkFactory, *values: BookedService | ChangeRequest) -> None:
    with new_uow() as uow:
        work = services_uow(uow)
        for value in values:
            if isinstance(value, BookedService):
                work.booked_services.save(value)
            else:
                work.change_requests.save(value)
        uow.commit()


def test_the_unit_of_work_satisfies_the_services_protocol(new_uow: UnitOfWorkFactory) -> None:
    with new_uow() as uow:
        assert isinstance(uow, ServicesUnitOfWork)


def test_booked_services_round_trip_and_list_by_company_and_name(
    new_uow: UnitOfWorkFactory,
) -> None:
    ended = BookedService("svc-0", "c1", "Zaunpflege", 1, "Objekt", status=ServiceStatus.ENDED)
    saved(new_uow, OFFICE, WINDOWS, FOREIGN, ended)
    with new_uow() as uow:
        repo = services_uow(uow).booked_services
        assert repo.get("svc-1") == OFFICE
        assert repo.get("svc-2") == WINDOWS
        assert repo.get("nope") is None
        assert [WINDOWS, OFFICE, ended] == list(repo.for_company("c1"))
        assert list(repo.for_company("c2")) == [FOREIGN]
        assert list(repo.for_company("c3")) == []


def test_paused_services_are_found_once_their_pause_ends(new_uow: UnitOfWorkFactory) -> None:
    resumed = attrs.evolve(WINDOWS, id="svc-4", status=ServiceStatus.ACTIVE)
    saved(new_uow, OFFICE, WINDOWS, resumed)
    with new_uow() as uow:
        repo = services_uow(uow).booked_services
        assert list(repo.paused_ending_by(Q3 - dt.timedelta(days=1))) == []
        assert list(repo.paused_ending_by(Q3)) == [WINDOWS]
        assert list(repo.paused_ending_by(Q3 + dt.timedelta(days=400))) == [WINDOWS]


def test_change_requests_round_trip_with_every_field(new_uow: UnitOfWorkFactory) -> None:
    pause = ChangeRequest(
        id="r2",
        service_id=OFFICE.id,
        company_id="c1",
        requested_by="u1",
        kind=ChangeKind.PAUSE,
        submitted_at=NOW,
        effective=Q3,
        cutoff=dt.date(2025, 6, 16),
        pause_until=dt.date(2025, 9, 1),
        status=RequestStatus.APPLIED,
        replaces="r1",
        closed_at=NOW + dt.timedelta(days=1),
        applied_on=Q3,
    )
    minimize = request("r1", status=RequestStatus.REPLACED)
    saved(new_uow, OFFICE, minimize, pause)
    with new_uow() as uow:
        repo = services_uow(uow).change_requests
        assert pause == repo.get("r2")
        assert minimize == repo.get("r1")
        assert repo.get("nope") is None


def test_requests_list_by_service_and_company_oldest_first(new_uow: UnitOfWorkFactory) -> None:
    later = NOW + dt.timedelta(hours=1)
    second = request("a", submitted_at=later)
    first = request("b")
    tie = request("c")
    other_service = request("d", service=WINDOWS, submitted_at=later)
    foreign = request("e", service=FOREIGN)
    saved(new_uow, OFFICE, WINDOWS, FOREIGN, second, first, tie, other_service, foreign)
    with new_uow() as uow:
        repo = services_uow(uow).change_requests
        assert [first, tie, second] == list(repo.for_service(OFFICE.id))
        assert [first, tie, second, other_service] == list(repo.for_company("c1"))
        assert [foreign] == list(repo.for_company("c2"))


def test_due_requests_are_live_and_effective_by_the_day_in_applying_order(
    new_uow: UnitOfWorkFactory,
) -> None:
    q2_late = request("a", submitted_at=NOW + dt.timedelta(hours=1))
    q2_early = request("b")
    q3 = request("c", effective=Q3, submitted_at=NOW - dt.timedelta(days=1))
    withdrawn = request("d", status=RequestStatus.WITHDRAWN)
    applied = request("e", status=RequestStatus.APPLIED)
    saved(new_uow, OFFICE, q3, q2_late, withdrawn, q2_early, applied)
    with new_uow() as uow:
        repo = services_uow(uow).change_requests
        assert list(repo.due(Q2 - dt.timedelta(days=1))) == []
        assert [q2_early, q2_late] == list(repo.due(Q2))
        assert [q2_early, q2_late, q3] == list(repo.due(Q3))


def test_service_writes_without_commit_are_forgotten(new_uow: UnitOfWorkFactory) -> None:
    saved(new_uow, OFFICE)
    with new_uow() as uow:
        work = services_uow(uow)
        work.booked_services.save(attrs.evolve(OFFICE, quantity=4))
        work.change_requests.save(request("r1"))
    with new_uow() as uow:
        work = services_uow(uow)
        assert work.booked_services.get(OFFICE.id) == OFFICE
        assert work.change_requests.get("r1") is None
