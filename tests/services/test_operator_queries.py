"""What the service company's staff see: pending changes across companies, a company's services."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit._errors import PortalkitError
from portalkit.accounts.errors import CompanyNotFoundError
from portalkit.services import use_cases as uc
from portalkit.services.model import ChangeKind, ServiceStatus
from tests.services.world import OPERATOR, ServiceWorld

APRIL = dt.date(2025, 4, 1)
JULY = dt.date(2025, 7, 1)


@pytest.fixture
def world() -> ServiceWorld:
    return ServiceWorld()


def test_pending_changes_are_listed_across_companies_in_the_order_they_apply(
    world: ServiceWorld,
) -> None:
    services = world.services
    office = uc.submit_service_change(services, "maria", "office", ChangeKind.MINIMIZE, quantity=2)
    snow = uc.submit_service_change(services, "greta", "snow", ChangeKind.PAUSE)
    world.clock.advance(dt.timedelta(days=1))
    windows = uc.submit_service_change(
        services, "maria", "windows", ChangeKind.MAXIMIZE, quantity=6
    )
    listed = uc.list_pending_changes(services, OPERATOR, JULY)
    assert [(p.request.id, p.company.id, p.service.id) for p in listed] == [
        (office.id, "acme", "office"),
        (snow.id, "globex", "snow"),
        (windows.id, "acme", "windows"),
    ]
    assert [p.request.id for p in uc.list_pending_changes(services, OPERATOR, APRIL)] == [
        office.id,
        snow.id,
    ]


def test_withdrawn_changes_are_not_pending(world: ServiceWorld) -> None:
    services = world.services
    request = uc.submit_service_change(services, "maria", "office", ChangeKind.MINIMIZE, quantity=2)
    uc.withdraw_service_change(services, "maria", request.id)
    assert uc.list_pending_changes(services, OPERATOR, JULY) == []


def test_an_operator_sees_a_companys_services_with_their_pending_changes(
    world: ServiceWorld,
) -> None:
    services = world.services
    request = uc.submit_service_change(services, "maria", "office", ChangeKind.MINIMIZE, quantity=2)
    uc.end_service(services, OPERATOR, "windows")
    company, overviews = uc.list_company_services(services, OPERATOR, "acme")
    assert company.id == "acme"
    assert [(o.service.id, o.service.status, o.pending) for o in overviews] == [
        ("windows", ServiceStatus.ENDED, ()),
        ("office", ServiceStatus.ACTIVE, (request,)),
    ]


def test_the_staff_queries_refuse_customers_and_unknown_companies(world: ServiceWorld) -> None:
    with pytest.raises(uc.ServiceOperatorsOnlyError):
        uc.list_pending_changes(world.services, "maria", JULY)  # type: ignore[arg-type]
    with pytest.raises(uc.ServiceOperatorsOnlyError):
        uc.list_company_services(world.services, "maria", "acme")  # type: ignore[arg-type]
    with pytest.raises(CompanyNotFoundError):
        uc.list_company_services(world.services, OPERATOR, "nobody")


submissions = st.lists(
    st.tuples(
        st.sampled_from([("maria", "office"), ("maria", "windows"), ("greta", "snow")]),
        st.sampled_from(list(ChangeKind)),
        st.integers(1, 7),
        st.integers(0, 60),
    ),
    max_size=8,
)


@given(submissions=submissions, until=st.dates(dt.date(2025, 3, 1), dt.date(2026, 3, 1)))
def test_the_pending_changes_until_a_day_are_exactly_what_applying_on_that_day_settles(
    submissions: list[tuple[tuple[str, str], ChangeKind, int, int]], until: dt.date
) -> None:
    world = ServiceWorld()
    for (user, service), kind, quantity, days_later in submissions:
        world.clock.advance(dt.timedelta(days=days_later))
        # Refused changes are the core's business; only the listing is checked here.
        with contextlib.suppress(PortalkitError):
            uc.submit_service_change(
                world.services,
                user,
                service,
                kind,
                quantity=None if kind is ChangeKind.PAUSE else quantity,
            )
    listed = [p.request.id for p in uc.list_pending_changes(world.services, OPERATOR, until)]
    outcome = uc.apply_due_changes(world.services, until)
    settled = [r.id for r in outcome.requests if r.applied_on is not None]
    assert sorted(listed) == sorted(settled)
    assert uc.list_pending_changes(world.services, OPERATOR, until) == []
