"""Example tests of the service-change use cases on the memory adapter."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from portalkit.accounts.errors import CompanyNotFoundError
from portalkit.policy.roles import ActionNotAllowedError
from portalkit.services import use_cases as uc
from portalkit.services.changes import (
    ChangeConflictError,
    CutoffPassedError,
    EffectiveDateMovedError,
    QuantityNotLowerError,
    ServiceEndedError,
)
from portalkit.services.model import ChangeKind, RequestStatus, ServiceStatus
from tests.services.world import OPERATOR, ServiceWorld

APRIL = dt.date(2025, 4, 1)
JULY = dt.date(2025, 7, 1)
MINIMIZE, MAXIMIZE, PAUSE = ChangeKind.MINIMIZE, ChangeKind.MAXIMIZE, ChangeKind.PAUSE


@pytest.fixture
def world() -> ServiceWorld:
    return ServiceWorld()


def test_a_manager_lists_the_companys_services_with_pending_requests(
    world: ServiceWorld,
) -> None:
    request = uc.submit_service_change(world.services, "maria", "office", MINIMIZE, quantity=2)
    overview = uc.list_services(world.services, "maria")
    assert [o.service.name for o in overview] == ["Glasreinigung", "Unterhaltsreinigung"]
    assert [(), (request,)] == [o.pending for o in overview]


def test_an_employee_may_neither_list_nor_change_services(world: ServiceWorld) -> None:
    with pytest.raises(ActionNotAllowedError):
        uc.list_services(world.services, "anna")
    with pytest.raises(ActionNotAllowedError):
        uc.submit_service_change(world.services, "anna", "office", MINIMIZE, quantity=2)
    assert world.store.change_requests == {}


def test_the_preview_names_the_next_quarter_and_writes_nothing(world: ServiceWorld) -> None:
    preview = uc.preview_service_change(world.services, "maria", "office", MINIMIZE, quantity=2)
    assert (APRIL, dt.date(2025, 3, 18)) == (preview.effective, preview.cutoff)
    assert "reduced from 3 to 2 × pro Woche from 2025-04-01" in preview.summary("en")
    assert (world.store.change_requests, world.store.outbox, world.store.audit) == ({}, {}, [])


def test_submitting_stores_the_request_and_mails_the_exact_date(world: ServiceWorld) -> None:
    request = uc.submit_service_change(
        world.services, "maria", "office", MINIMIZE, quantity=2, expected_effective=APRIL
    )
    assert request == world.store.change_requests[request.id]
    assert (
        request.effective,
        request.quantity_before,
        request.quantity,
        request.requested_by,
    ) == (APRIL, 3, 2, "maria")
    [mail] = world.store.outbox.values()
    assert (mail.recipient, mail.template) == ("maria@acme.de", "service_change_submitted")
    assert mail.params["effective"] == "2025-04-01"
    assert mail.params["cutoff"] == "2025-03-18"
    assert "Unterhaltsreinigung" in mail.params["subject"]
    [event] = world.store.audit
    assert (event.actor, event.action) == ("user:maria", "service_change.submitted")


def test_a_day_later_the_change_lands_a_quarter_later_and_a_stale_summary_is_refused(
    world: ServiceWorld,
) -> None:
    world.clock.advance(dt.timedelta(days=1))
    with pytest.raises(EffectiveDateMovedError):
        uc.submit_service_change(
            world.services, "maria", "office", MINIMIZE, quantity=2, expected_effective=APRIL
        )
    request = uc.submit_service_change(world.services, "maria", "office", MINIMIZE, quantity=2)
    assert request.effective == JULY


def test_another_companys_service_is_not_found(world: ServiceWorld) -> None:
    with pytest.raises(uc.ServiceNotFoundError):
        uc.preview_service_change(world.services, "greta", "office", PAUSE)
    request = uc.submit_service_change(world.services, "maria", "office", PAUSE)
    with pytest.raises(uc.ChangeRequestNotFoundError):
        uc.withdraw_service_change(world.services, "greta", request.id)


def test_a_second_request_for_the_same_quarter_is_refused_and_nothing_written(
    world: ServiceWorld,
) -> None:
    uc.submit_service_change(world.services, "maria", "office", MINIMIZE, quantity=2)
    before = (dict(world.store.change_requests), dict(world.store.outbox))
    with pytest.raises(ChangeConflictError):
        uc.submit_service_change(world.services, "maria", "office", MAXIMIZE, quantity=4)
    assert before == (world.store.change_requests, world.store.outbox)


def test_a_request_is_withdrawn_until_the_cutoff_and_not_after(world: ServiceWorld) -> None:
    first = uc.submit_service_change(world.services, "maria", "office", MINIMIZE, quantity=2)
    withdrawn = uc.withdraw_service_change(world.services, "maria", first.id)
    assert withdrawn.status == RequestStatus.WITHDRAWN
    assert list(world.store.outbox.values())[-1].template == "service_change_withdrawn"
    second = uc.submit_service_change(world.services, "maria", "windows", PAUSE)
    world.clock.advance(dt.timedelta(days=1))
    with pytest.raises(CutoffPassedError):
        uc.withdraw_service_change(world.services, "maria", second.id)
    assert world.store.change_requests[second.id].status == RequestStatus.SUBMITTED


def test_changing_a_request_replaces_it_for_the_same_quarter(world: ServiceWorld) -> None:
    first = uc.submit_service_change(world.services, "maria", "office", MINIMIZE, quantity=2)
    world.clock.advance(dt.timedelta(hours=2))
    changed = uc.change_service_change(world.services, "maria", first.id, quantity=1)
    assert (APRIL, 1, first.id) == (changed.effective, changed.quantity, changed.replaces)
    assert world.store.change_requests[first.id].status == RequestStatus.REPLACED
    assert list(world.store.outbox.values())[-1].template == "service_change_changed"
    with pytest.raises(QuantityNotLowerError):
        uc.change_service_change(world.services, "maria", changed.id, quantity=3)


def test_applying_due_changes_once_changes_the_service_and_twice_changes_nothing(
    world: ServiceWorld,
) -> None:
    minimize = uc.submit_service_change(world.services, "maria", "office", MINIMIZE, quantity=2)
    pause = uc.submit_service_change(world.services, "maria", "windows", PAUSE)
    assert uc.apply_due_changes(world.services, dt.date(2025, 3, 31)).requests == ()
    outcome = uc.apply_due_changes(world.services, APRIL)
    assert {minimize.id, pause.id} == {r.id for r in outcome.requests}
    assert world.store.booked_services["office"].quantity == 2
    windows = world.store.booked_services["windows"]
    assert (
        windows.status,
        windows.pause_start,
        windows.pause_end,
    ) == (ServiceStatus.PAUSED, APRIL, JULY)
    applied_mails = [m for m in world.store.outbox.values() if m.template.endswith("applied")]
    assert len(applied_mails) == 2
    snapshot = attrs.asdict(world.store)
    again = uc.apply_due_changes(world.services, APRIL)
    assert ((), snapshot) == (again.requests, attrs.asdict(world.store))
    uc.apply_due_changes(world.services, JULY)
    assert world.store.booked_services["windows"].status == ServiceStatus.ACTIVE
    snapshot = attrs.asdict(world.store)
    uc.apply_due_changes(world.services, JULY)
    assert snapshot == attrs.asdict(world.store)


def test_applying_uses_todays_date_in_berlin_by_default(world: ServiceWorld) -> None:
    uc.submit_service_change(world.services, "maria", "office", MINIMIZE, quantity=2)
    world.clock.set(dt.datetime(2025, 3, 31, 22, 30, tzinfo=dt.UTC))  # 1 April, 00:30 Berlin
    uc.apply_due_changes(world.services)
    assert world.store.booked_services["office"].quantity == 2


def test_an_operator_books_and_ends_services_and_customers_may_not(
    world: ServiceWorld,
) -> None:
    booked = uc.book_service(
        world.services, OPERATOR, company_id="acme", name="Winterdienst", quantity=1, unit="Objekt"
    )
    assert booked == world.store.booked_services[booked.id]
    request = uc.submit_service_change(world.services, "maria", booked.id, PAUSE)
    ended = uc.end_service(world.services, OPERATOR, booked.id)
    assert ended.status == ServiceStatus.ENDED
    with pytest.raises(ServiceEndedError):
        uc.submit_service_change(world.services, "maria", booked.id, MAXIMIZE, quantity=2)
    uc.apply_due_changes(world.services, APRIL)
    assert world.store.change_requests[request.id].status == RequestStatus.LAPSED
    with pytest.raises(uc.ServiceOperatorsOnlyError):
        uc.end_service(world.services, "maria", "office")  # type: ignore[arg-type]
    with pytest.raises(CompanyNotFoundError):
        uc.book_service(
            world.services, OPERATOR, company_id="nope", name="X", quantity=1, unit="Objekt"
        )


def test_a_failing_outbox_leaves_no_request_behind(world: ServiceWorld) -> None:
    class OutboxDownError(Exception):
        pass

    original = world.store.unit_of_work

    def failing_uow():  # type: ignore[no-untyped-def]
        uow = original()

        def put(message: object) -> None:
            raise OutboxDownError

        uow.outbox.put = put  # type: ignore[method-assign]
        return uow

    broken = attrs.evolve(world.services, unit_of_work=failing_uow)
    with pytest.raises(OutboxDownError):
        uc.submit_service_change(broken, "maria", "office", MINIMIZE, quantity=2)
    assert (world.store.change_requests, world.store.audit) == ({}, [])
    uc.submit_service_change(world.services, "maria", "office", MINIMIZE, quantity=2)
    with pytest.raises(OutboxDownError):
        uc.apply_due_changes(broken, APRIL)
    assert world.store.booked_services["office"].quantity == 3
