"""The operators' service pages: changes due, apply them, book and end services."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.adapters.memory import MemoryStore
from portalkit.services import BookedService, RequestStatus, ServiceStatus
from tests.adapters.flask.conftest import (
    MOMENT,
    csrf_token,
    errors_in,
    flashes_in,
    make_account_app,
    signed_in_client,
)
from tests.adapters.flask.test_operator_login import LOGIN, operator_client
from tests.adapters.flask.test_services import (
    OFFICE,
    WINDOWS,
    book_demo_services,
    demo_company,
    other_company_service,
    pending_change,
)

PAGE = "/betrieb/leistungen/"
BOOKING = PAGE + "firma/{company}/buchen"


def text(response: object) -> str:
    return response.get_data(as_text=True)  # type: ignore[attr-defined, no-any-return]


def post(client: FlaskClient, path: str, data: dict[str, str], language: str = "de") -> object:
    token = csrf_token(client, PAGE)
    return client.post(
        path, data={**data, "csrf_token": token}, headers={"Accept-Language": language}
    )


@pytest.fixture
def booked(demo_app: Flask, store: MemoryStore) -> tuple[BookedService, BookedService]:
    return book_demo_services(demo_app, store)


def test_visitors_and_customers_are_sent_to_the_operator_login(demo_app: Flask) -> None:
    company = "/betrieb/leistungen/firma/x"
    for client in (demo_app.test_client(), signed_in_client(demo_app)):
        for path in (PAGE, company):
            response = client.get(path)
            assert response.status_code == 303
            assert urllib.parse.urlsplit(response.headers["Location"]).path == LOGIN


def test_a_customer_cannot_apply_book_or_end_by_posting(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    customer = signed_in_client(demo_app)
    token = csrf_token(customer, "/konto/")
    company = demo_company(store).id
    for path, data in (
        (f"{PAGE}anwenden", {}),
        (f"{PAGE}firma/{company}/buchen", {"name": "X", "quantity": "1", "unit": "Stück"}),
        (f"{PAGE}{office.id}/beenden", {}),
    ):
        response = customer.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 303
    assert store.booked_services[office.id].status is ServiceStatus.ACTIVE
    assert len(store.booked_services) == 2


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_operator_sees_every_pending_change_by_effective_date(
    demo_app: Flask,
    store: MemoryStore,
    clock: FixedClock,
    booked: tuple[BookedService, BookedService],
    language: str,
) -> None:
    office, windows = booked
    pending_change(demo_app, store, office)
    clock.advance(dt.timedelta(days=1))  # the next one reaches 1 July
    pending_change(demo_app, store, windows)
    page = text(operator_client(demo_app).get(PAGE, headers={"Accept-Language": language}))
    first, second = {"de": ("01.04.2025", "01.07.2025"), "en": ("Apr 1, 2025", "Jul 1, 2025")}[
        language
    ]
    assert page.index(first) < page.index(OFFICE) < page.index(second) < page.index(WINDOWS)
    reduce = {"de": "Reduzieren von 3 auf 2", "en": "Reduce from 3 to 2"}[language]
    assert reduce in page
    assert "Beispiel GmbH" in page
    assert 'aria-current="page">' in page  # the operators' navigation, with this page marked
    assert "(Olga Betrieb)" in page


def test_on_the_quarter_start_the_change_is_due_and_applying_it_changes_the_service(
    demo_app: Flask,
    store: MemoryStore,
    clock: FixedClock,
    booked: tuple[BookedService, BookedService],
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    clock.set(dt.datetime(2025, 4, 1, 7, 0, tzinfo=MOMENT.tzinfo))
    client = operator_client(demo_app)
    assert "1 Änderung ist heute oder früher fällig." in text(client.get(PAGE))
    response = post(client, f"{PAGE}anwenden", {})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert store.change_requests[request.id].status is RequestStatus.APPLIED
    assert store.booked_services[office.id].quantity == 2
    (flash,) = flashes_in(client.get(PAGE))
    assert flash[0] == "success"
    assert "1 Änderung ist wirksam geworden." in flash[1]
    # A second run on the same day finds nothing.
    post(client, f"{PAGE}anwenden", {})
    assert flashes_in(client.get(PAGE)) == [("info", "Nichts war fällig.")]
    assert store.booked_services[office.id].quantity == 2


def test_before_the_quarter_start_applying_changes_nothing(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    client = operator_client(demo_app)
    assert "0 Änderungen sind heute oder früher fällig." in text(client.get(PAGE))
    post(client, f"{PAGE}anwenden", {})
    assert store.change_requests[request.id].status is RequestStatus.SUBMITTED
    assert store.booked_services[office.id].quantity == 3


def test_the_operator_books_a_service_for_a_company(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    company = demo_company(store).id
    client = operator_client(demo_app)
    page = text(client.get(f"{PAGE}firma/{company}"))
    assert OFFICE in page
    assert WINDOWS in page
    form = {"name": "Winterdienst", "quantity": "2", "unit": "Objekte", "maximum": "4"}
    response = post(client, f"{PAGE}firma/{company}/buchen", form)
    assert response.status_code == 303  # type: ignore[attr-defined]
    (new,) = [s for s in store.booked_services.values() if s.name == "Winterdienst"]
    assert (new.company_id, new.quantity, new.unit, new.minimum, new.maximum) == (
        company,
        2,
        "Objekte",
        1,
        4,
    )
    assert ("success", "Winterdienst ist gebucht.") in flashes_in(client.get(PAGE))


@pytest.mark.parametrize(
    "form",
    [
        {"name": "", "quantity": "2", "unit": "Objekte"},
        {"name": "Winterdienst", "quantity": "zwei", "unit": "Objekte"},
        {"name": "Winterdienst", "quantity": "2", "unit": ""},
        {"name": "Winterdienst", "quantity": "2", "unit": "Objekte", "minimum": "0"},
        {"name": "Winterdienst", "quantity": "5", "unit": "Objekte", "maximum": "4"},
        {"name": "Winterdienst", "quantity": "2", "unit": "Objekte", "minimum": "3"},
        {"name": "Winterdienst", "quantity": "2", "unit": "Objekte", "maximum": "viele"},
    ],
)
def test_a_booking_that_does_not_fit_is_refused_with_a_message_and_nothing_is_booked(
    demo_app: Flask,
    store: MemoryStore,
    booked: tuple[BookedService, BookedService],
    form: dict[str, str],
) -> None:
    company = demo_company(store).id
    client = operator_client(demo_app)
    response = post(client, f"{PAGE}firma/{company}/buchen", form)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert errors_in(response)
    assert len(store.booked_services) == 2


def test_an_unknown_company_answers_404(demo_app: Flask, store: MemoryStore) -> None:
    client = operator_client(demo_app)
    assert client.get(f"{PAGE}firma/nobody").status_code == 404
    form = {"name": "Winterdienst", "quantity": "2", "unit": "Objekte"}
    assert post(client, f"{PAGE}firma/nobody/buchen", form).status_code == 404  # type: ignore[attr-defined]
    assert store.booked_services == {}


def test_the_operator_ends_a_service_and_its_pending_change_lapses_at_its_date(
    demo_app: Flask,
    store: MemoryStore,
    clock: FixedClock,
    booked: tuple[BookedService, BookedService],
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    client = operator_client(demo_app)
    response = post(client, f"{PAGE}{office.id}/beenden", {})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert store.booked_services[office.id].status is ServiceStatus.ENDED
    page = text(client.get(f"{PAGE}firma/{office.company_id}"))
    assert f"{OFFICE} beenden" not in page
    assert "Beendet" in page
    clock.set(dt.datetime(2025, 4, 1, 7, 0, tzinfo=MOMENT.tzinfo))
    client = operator_client(demo_app)
    post(client, f"{PAGE}anwenden", {})
    assert store.change_requests[request.id].status is RequestStatus.LAPSED


def test_ending_an_unknown_service_answers_404(demo_app: Flask, store: MemoryStore) -> None:
    client = operator_client(demo_app)
    assert post(client, f"{PAGE}unknown/beenden", {}).status_code == 404  # type: ignore[attr-defined]


def test_the_operator_sees_and_serves_every_company(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    foreign = other_company_service(demo_app, store)
    client = operator_client(demo_app)
    page = text(client.get(PAGE))
    assert "Andere AG" in page
    assert "Beispiel GmbH" in page
    assert "Fremde Reinigung" in text(client.get(f"{PAGE}firma/{foreign.company_id}"))


def test_the_operator_pages_need_the_form_token(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    client = operator_client(demo_app)
    assert client.post(f"{PAGE}{office.id}/beenden").status_code == 400
    assert store.booked_services[office.id].status is ServiceStatus.ACTIVE


# --- Random input --------------------------------------------------------------------------

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
numbers = st.one_of(st.integers(-3, 12).map(str), texts)


@pytest.fixture(scope="module")
def operator_world(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[FlaskClient, MemoryStore, str]:
    store = MemoryStore()
    app = make_account_app(tmp_path_factory.mktemp("ops"), FixedClock(MOMENT), store)
    book_demo_services(app, store)
    client = operator_client(app)
    return client, store, demo_company(store).id


@settings(max_examples=100)
@given(
    name=st.one_of(st.just("Winterdienst"), texts),
    unit=st.one_of(st.just("Objekte"), texts),
    quantity=numbers,
    minimum=numbers,
    maximum=numbers,
    company=st.sampled_from(["demo", "nobody"]),
)
def test_random_bookings_never_yield_a_server_error_or_a_service_outside_its_range(
    operator_world: tuple[FlaskClient, MemoryStore, str],
    name: str,
    unit: str,
    quantity: str,
    minimum: str,
    maximum: str,
    company: str,
) -> None:
    client, store, demo = operator_world
    company_id = demo if company == "demo" else company
    form = {"name": name, "unit": unit, "quantity": quantity, "minimum": minimum}
    form["maximum"] = maximum
    response = post(client, BOOKING.format(company=company_id), form)
    assert response.status_code < 500  # type: ignore[attr-defined]
    for service in store.booked_services.values():
        assert service.company_id == demo
        assert service.minimum <= service.quantity
        assert service.maximum is None or service.quantity <= service.maximum
        assert service.name.strip()
        assert service.unit.strip()


# --- The daily step ------------------------------------------------------------------------


def test_the_cli_applies_the_due_changes_once(
    demo_app: Flask,
    store: MemoryStore,
    clock: FixedClock,
    booked: tuple[BookedService, BookedService],
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    runner = demo_app.test_cli_runner()
    before = runner.invoke(args=["portal", "apply-service-changes"])
    assert (before.exit_code, before.output) == (
        0,
        "Service changes due by 2025-03-18: 0 applied, 0 lapsed, 0 services looked at.\n",
    )
    clock.set(dt.datetime(2025, 4, 1, 3, 0, tzinfo=MOMENT.tzinfo))
    due = runner.invoke(args=["portal", "apply-service-changes"])
    assert due.output == (
        "Service changes due by 2025-04-01: 1 applied, 0 lapsed, 1 services looked at.\n"
        f"  applied: {request.id}\n"
    )
    assert store.change_requests[request.id].status is RequestStatus.APPLIED
    again = runner.invoke(args=["portal", "apply-service-changes"])
    assert again.output.endswith(": 0 applied, 0 lapsed, 0 services looked at.\n")
