"""The service pages: booked services, a change with preview then confirmation, withdraw, change.

The clock stands at MOMENT, Tuesday 18 March 2025: the last day a change still reaches 1 April.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portalkit import FixedClock
from portalkit.accounts import Company
from portalkit.adapters.flask.demo import (
    DEMO_CUSTOMER_NUMBER,
    DEMO_OPERATOR,
    DEMO_SERVICES,
    create_demo_services,
)
from portalkit.adapters.memory import MemoryStore
from portalkit.services import (
    BookedService,
    ChangeKind,
    ChangeRequest,
    RequestStatus,
    ServiceChangeServices,
)
from portalkit.services.use_cases import book_service, end_service, submit_service_change
from tests.adapters.flask.conftest import (
    ADMIN,
    EMPLOYEE,
    GUEST,
    MANAGER,
    MOMENT,
    accounts_of,
    csrf_token,
    errors_in,
    flashes_in,
    make_app,
    signed_in_client,
)

LANGUAGES = ["de", "en"]
OFFICE = "Unterhaltsreinigung Büro"
WINDOWS = "Fensterreinigung"


def services_of(app: Flask) -> ServiceChangeServices:
    services = app.extensions["portalkit"].services
    assert services is not None
    return services


def demo_company(store: MemoryStore) -> Company:
    return next(c for c in store.companies.values() if c.customer_number == DEMO_CUSTOMER_NUMBER)


def book_demo_services(app: Flask, store: MemoryStore) -> tuple[BookedService, BookedService]:
    """Book office cleaning (3 a week, 1 to 5) and window cleaning (4 a year) for the demo."""
    services = services_of(app)
    company = demo_company(store)
    office = book_service(
        services,
        DEMO_OPERATOR,
        company_id=company.id,
        name=OFFICE,
        quantity=3,
        unit="× pro Woche",
        maximum=5,
    )
    windows = book_service(
        services, DEMO_OPERATOR, company_id=company.id, name=WINDOWS, quantity=4, unit="× pro Jahr"
    )
    return office, windows


def other_company_service(app: Flask, store: MemoryStore) -> BookedService:
    """Book a service for a second company, with a company of its own in the store."""
    company = Company("other-co", "200500", "Andere AG")
    store.companies[company.id] = company
    return book_service(
        services_of(app),
        DEMO_OPERATOR,
        company_id=company.id,
        name="Fremde Reinigung",
        quantity=2,
        unit="× pro Woche",
    )


def admin_id(store: MemoryStore) -> str:
    return next(u.id for u in store.users.values() if str(u.email) == ADMIN.email)


@pytest.fixture
def booked(demo_app: Flask, store: MemoryStore) -> tuple[BookedService, BookedService]:
    return book_demo_services(demo_app, store)


def pending_change(app: Flask, store: MemoryStore, service: BookedService) -> ChangeRequest:
    """Submit a reduction to 2 for *service* as the administrator (effective 1 April)."""
    return submit_service_change(
        services_of(app), admin_id(store), service.id, ChangeKind.MINIMIZE, quantity=2
    )


def text(response: object) -> str:
    return response.get_data(as_text=True)  # type: ignore[attr-defined, no-any-return]


def post(client: FlaskClient, path: str, data: dict[str, str], language: str = "de") -> object:
    token = csrf_token(client, "/konto/")
    return client.post(
        path, data={**data, "csrf_token": token}, headers={"Accept-Language": language}
    )


# --- The list -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("account", [ADMIN, MANAGER], ids=lambda a: a.role.value)
def test_administrators_and_managers_see_the_booked_services_and_the_next_dates(
    demo_app: Flask, booked: tuple[BookedService, BookedService], language: str, account: object
) -> None:
    client = signed_in_client(demo_app, account)  # type: ignore[arg-type]
    page = text(client.get("/leistungen/", headers={"Accept-Language": language}))
    assert OFFICE in page
    assert WINDOWS in page
    assert "3 × pro Woche" in page
    dates = {
        "de": ("1. April 2025", "18. März 2025"),
        "en": ("April 1, 2025", "March 18, 2025"),
    }
    for day in dates[language]:
        assert day in page
    nav = {"de": ">Leistungen</a>", "en": ">Services</a>"}
    assert nav[language] in page


@pytest.mark.parametrize("account", [EMPLOYEE, GUEST], ids=lambda a: a.role.value)
def test_employees_and_guests_are_refused_the_services_and_see_no_link(
    demo_app: Flask, booked: tuple[BookedService, BookedService], account: object
) -> None:
    client = signed_in_client(demo_app, account)  # type: ignore[arg-type]
    response = client.get("/leistungen/")
    assert response.status_code == 403
    assert OFFICE not in text(response)
    assert 'href="/leistungen/"' not in text(client.get("/uebersicht/"))
    office, _ = booked
    assert client.get(f"/leistungen/{office.id}/anpassen").status_code == 403


def test_an_employee_cannot_preview_or_submit_by_posting_directly(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    client = signed_in_client(demo_app, EMPLOYEE)
    form = {"kind": "minimize", "quantity": "2"}
    assert post(client, f"/leistungen/{office.id}/vorschau", form).status_code == 403  # type: ignore[attr-defined]
    confirm = {**form, "pause_until": "", "expected_effective": "2025-04-01"}
    response = post(client, f"/leistungen/{office.id}/einreichen", confirm)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert store.change_requests == {}


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login(demo_app: Flask) -> None:
    response = demo_app.test_client().get("/leistungen/")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/anmelden/?next=")


def test_a_company_without_services_is_told_so(demo_app: Flask) -> None:
    page = text(signed_in_client(demo_app).get("/leistungen/"))
    assert "Für Ihre Firma sind im Portal noch keine Leistungen gebucht." in page


def test_an_ended_service_offers_no_adjustment_and_refuses_one(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    end_service(services_of(demo_app), DEMO_OPERATOR, office.id)
    client = signed_in_client(demo_app)
    page = text(client.get("/leistungen/"))
    assert "Beendet" in page
    assert f"/leistungen/{office.id}/anpassen" not in page
    response = post(client, f"/leistungen/{office.id}/vorschau", {"kind": "pause"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert any("beendet" in error for error in errors_in(response))
    assert store.change_requests == {}


# --- Preview, then confirm ----------------------------------------------------------------


def test_the_form_names_the_date_a_change_submitted_today_reaches(
    demo_app: Flask, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    page = text(signed_in_client(demo_app).get(f"/leistungen/{office.id}/anpassen"))
    assert "1. April 2025" in page
    assert 'name="quantity"' in page
    assert 'type="date"' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_preview_shows_the_exact_dates_and_writes_nothing(
    demo_app: Flask,
    store: MemoryStore,
    booked: tuple[BookedService, BookedService],
    language: str,
) -> None:
    office, _ = booked
    client = signed_in_client(demo_app)
    audit = len(store.audit)
    response = post(
        client, f"/leistungen/{office.id}/vorschau", {"kind": "minimize", "quantity": "2"}, language
    )
    page = text(response)
    assert response.status_code == 200  # type: ignore[attr-defined]
    effective = {"de": "Dienstag, 1. April 2025", "en": "Tuesday, April 1, 2025"}
    cutoff = {"de": "Dienstag, 18. März 2025", "en": "Tuesday, March 18, 2025"}
    assert re.search(r'<dd id="effective">([^<]+)</dd>', page)[1] == effective[language]  # type: ignore[index]
    assert re.search(r'<dd id="cutoff">([^<]+)</dd>', page)[1] == cutoff[language]  # type: ignore[index]
    summary = {"de": "von 3 auf 2 × pro Woche reduziert", "en": "reduced from 3 to 2 × pro Woche"}
    assert summary[language] in page
    assert 'name="expected_effective" type="hidden" value="2025-04-01"' in page
    assert store.change_requests == {}
    assert len(store.audit) == audit


def test_confirming_the_preview_submits_the_change_and_mails_a_confirmation(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    client = signed_in_client(demo_app, MANAGER)
    confirm = {"kind": "minimize", "quantity": "2", "expected_effective": "2025-04-01"}
    response = post(client, f"/leistungen/{office.id}/einreichen", confirm)
    assert response.status_code == 303  # type: ignore[attr-defined]
    (request,) = store.change_requests.values()
    assert (request.kind, request.quantity, request.effective, request.cutoff) == (
        ChangeKind.MINIMIZE,
        2,
        dt.date(2025, 4, 1),
        dt.date(2025, 3, 18),
    )
    mails = [m for m in store.outbox.values() if m.recipient == MANAGER.email]
    assert [m.template for m in mails] == ["service_change_submitted"]
    page = client.get("/leistungen/")
    assert flashes_in(page) == [
        (
            "success",
            "Ihre Änderung ist eingereicht: Sie wird am 1. April 2025 wirksam. Sie können sie "
            "bis einschließlich 18. März 2025 zurückziehen oder ändern. Eine Bestätigung ist "
            "per E-Mail unterwegs.",
        )
    ]
    assert "Reduzieren von 3 auf 2 × pro Woche" in text(page)


def test_a_pause_without_an_end_lasts_three_months_and_is_confirmed_as_previewed(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    _, windows = booked
    client = signed_in_client(demo_app)
    page = text(post(client, f"/leistungen/{windows.id}/vorschau", {"kind": "pause"}))
    assert "30. Juni 2025" in page
    assert "1. Juli 2025" in page
    hidden = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', page))
    response = post(
        client,
        f"/leistungen/{windows.id}/einreichen",
        {key: hidden[key] for key in ("kind", "quantity", "pause_until", "expected_effective")},
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    (request,) = store.change_requests.values()
    assert (request.kind, request.pause_until) == (ChangeKind.PAUSE, dt.date(2025, 7, 1))


def test_a_pause_end_in_german_notation_is_understood(
    demo_app: Flask, booked: tuple[BookedService, BookedService]
) -> None:
    _, windows = booked
    client = signed_in_client(demo_app)
    form = {"kind": "pause", "pause_until": "1.6.2025"}
    page = text(post(client, f"/leistungen/{windows.id}/vorschau", form))
    assert 'name="pause_until" type="hidden" value="2025-06-01"' in page
    assert "31. Mai 2025" in page


def test_a_confirmation_after_the_cut_off_shows_the_new_date_and_submits_nothing(
    demo_app: Flask,
    store: MemoryStore,
    clock: FixedClock,
    booked: tuple[BookedService, BookedService],
) -> None:
    office, _ = booked
    clock.set(MOMENT.replace(hour=23, minute=50))
    client = signed_in_client(demo_app)
    page = text(
        post(client, f"/leistungen/{office.id}/vorschau", {"kind": "maximize", "quantity": "4"})
    )
    assert 'value="2025-04-01"' in page
    # The customer hesitates past midnight: 1 April is out of reach.
    clock.advance(dt.timedelta(minutes=20))
    confirm = {"kind": "maximize", "quantity": "4", "expected_effective": "2025-04-01"}
    response = post(client, f"/leistungen/{office.id}/einreichen", confirm)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert store.change_requests == {}
    (error,) = errors_in(response)
    assert "1. Juli 2025" in error or "01.07.2025" in error
    assert 'name="expected_effective" type="hidden" value="2025-07-01"' in text(response)
    assert "Dienstag, 17. Juni 2025" in text(response)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "minimize", "quantity": "3"}, "3"),
        (
            {"kind": "minimize", "quantity": "zwei"},
            "Bitte geben Sie die neue Menge als ganze Zahl an.",
        ),
        ({"kind": "minimize", "quantity": ""}, "Bitte geben Sie die neue Menge als ganze Zahl an."),
        ({"kind": "maximize", "quantity": "6"}, "5"),
        (
            {"kind": "shrink", "quantity": "2"},
            "Bitte wählen Sie Minimieren, Maximieren oder Pausieren.",
        ),
        (
            {"kind": "pause", "pause_until": "31.02.2025"},
            "Bitte geben Sie den Tag an, an dem die Leistung wieder läuft, z. B. 01.07.2025.",
        ),
        ({"kind": "pause", "pause_until": "2025-09-01"}, "3 Monate"),
    ],
)
def test_a_change_that_does_not_fit_is_refused_with_a_message_and_nothing_is_written(
    demo_app: Flask,
    store: MemoryStore,
    booked: tuple[BookedService, BookedService],
    form: dict[str, str],
    message: str,
) -> None:
    office, _ = booked
    client = signed_in_client(demo_app)
    response = post(client, f"/leistungen/{office.id}/vorschau", form)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert any(message in error for error in errors_in(response)), errors_in(response)
    confirm = {"quantity": "", "pause_until": "", **form, "expected_effective": "2025-04-01"}
    assert post(client, f"/leistungen/{office.id}/einreichen", confirm).status_code == 400  # type: ignore[attr-defined]
    assert store.change_requests == {}


def test_a_confirmation_without_the_previewed_date_is_refused(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    client = signed_in_client(demo_app)
    confirm = {"kind": "minimize", "quantity": "2", "expected_effective": "bald"}
    response = post(client, f"/leistungen/{office.id}/einreichen", confirm)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert errors_in(response) == [
        "Die Zusammenfassung war unvollständig. Bitte prüfen Sie die Änderung noch einmal."
    ]
    assert store.change_requests == {}


def test_a_second_change_for_the_same_quarter_is_refused_as_a_conflict(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    pending_change(demo_app, store, office)
    client = signed_in_client(demo_app)
    response = post(
        client, f"/leistungen/{office.id}/vorschau", {"kind": "maximize", "quantity": "4"}
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert len(errors_in(response)) == 1
    assert len(store.change_requests) == 1


def test_posting_without_the_form_token_is_refused(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    client = signed_in_client(demo_app)
    confirm = {"kind": "minimize", "quantity": "2", "expected_effective": "2025-04-01"}
    response = client.post(f"/leistungen/{office.id}/einreichen", data=confirm)
    assert response.status_code == 400
    assert store.change_requests == {}


def test_the_correct_link_brings_the_entries_back_to_the_form(
    demo_app: Flask, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    client = signed_in_client(demo_app)
    page = text(
        post(client, f"/leistungen/{office.id}/vorschau", {"kind": "maximize", "quantity": "5"})
    )
    link = re.search(r'href="([^"]+anpassen\?[^"]+)"', page)
    assert link is not None
    form = text(client.get(link[1].replace("&amp;", "&")))
    assert '<option selected value="maximize">' in form
    assert 'value="5"' in form


# --- Withdraw and change ------------------------------------------------------------------


def test_a_pending_change_is_withdrawn(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    client = signed_in_client(demo_app, MANAGER)
    page = text(client.get("/leistungen/"))
    assert f"/leistungen/aenderungen/{request.id}/zurueckziehen" in page
    response = post(client, f"/leistungen/aenderungen/{request.id}/zurueckziehen", {})
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert store.change_requests[request.id].status is RequestStatus.WITHDRAWN
    assert "Keine offenen Änderungen." in text(client.get("/leistungen/"))


def test_withdrawing_after_the_cut_off_is_refused_and_the_change_stays(
    demo_app: Flask,
    store: MemoryStore,
    clock: FixedClock,
    booked: tuple[BookedService, BookedService],
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    clock.advance(dt.timedelta(days=1))
    client = signed_in_client(demo_app)
    page = text(client.get("/leistungen/"))
    assert "Der Stichtag ist vorbei." in page
    assert "zurueckziehen" not in page
    response = post(client, f"/leistungen/aenderungen/{request.id}/zurueckziehen", {})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert len(errors_in(response)) == 1
    assert store.change_requests[request.id].status is RequestStatus.SUBMITTED


def test_withdrawing_twice_is_refused_clearly(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    client = signed_in_client(demo_app)
    post(client, f"/leistungen/aenderungen/{request.id}/zurueckziehen", {})
    response = post(client, f"/leistungen/aenderungen/{request.id}/zurueckziehen", {})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert len(errors_in(response)) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pending_change_is_changed_and_keeps_its_date(
    demo_app: Flask,
    store: MemoryStore,
    booked: tuple[BookedService, BookedService],
    language: str,
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    client = signed_in_client(demo_app)
    path = f"/leistungen/aenderungen/{request.id}/aendern"
    form = text(client.get(path, headers={"Accept-Language": language}))
    assert 'value="2"' in form
    keeps = {"de": "1. April 2025", "en": "April 1, 2025"}
    assert keeps[language] in form
    response = post(client, path, {"kind": "minimize", "quantity": "1"}, language)
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert store.change_requests[request.id].status is RequestStatus.REPLACED
    (live,) = [r for r in store.change_requests.values() if r.is_live]
    assert (live.quantity, live.effective, live.replaces) == (1, request.effective, request.id)


def test_a_change_that_does_not_fit_is_refused_and_the_request_stays(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    client = signed_in_client(demo_app)
    path = f"/leistungen/aenderungen/{request.id}/aendern"
    response = post(client, path, {"kind": "minimize", "quantity": "4"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert len(errors_in(response)) == 1
    response = post(client, path, {"kind": "minimize", "quantity": "x"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert store.change_requests == {request.id: request}


def test_changing_a_withdrawn_change_is_refused_clearly(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    request = pending_change(demo_app, store, office)
    client = signed_in_client(demo_app)
    post(client, f"/leistungen/aenderungen/{request.id}/zurueckziehen", {})
    path = f"/leistungen/aenderungen/{request.id}/aendern"
    assert client.get(path).status_code == 404
    response = post(client, path, {"kind": "minimize", "quantity": "1"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert len(errors_in(response)) == 1
    assert [r for r in store.change_requests.values() if r.is_live] == []


# --- Another company's ---------------------------------------------------------------------


def test_another_companys_service_answers_404_everywhere(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    foreign = other_company_service(demo_app, store)
    client = signed_in_client(demo_app)
    assert "Fremde Reinigung" not in text(client.get("/leistungen/"))
    assert client.get(f"/leistungen/{foreign.id}/anpassen").status_code == 404
    form = {"kind": "minimize", "quantity": "1", "expected_effective": "2025-04-01"}
    for step in ("vorschau", "einreichen"):
        assert post(client, f"/leistungen/{foreign.id}/{step}", form).status_code == 404  # type: ignore[attr-defined]
    assert client.get("/leistungen/unknown/anpassen").status_code == 404
    assert store.change_requests == {}


def test_another_companys_change_answers_404_everywhere(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    foreign = other_company_service(demo_app, store)
    request = ChangeRequest(
        "foreign-change",
        foreign.id,
        foreign.company_id,
        "someone",
        ChangeKind.MINIMIZE,
        submitted_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
        effective=dt.date(2025, 4, 1),
        cutoff=dt.date(2025, 3, 18),
        quantity_before=2,
        quantity=1,
    )
    store.change_requests[request.id] = request
    client = signed_in_client(demo_app)
    path = f"/leistungen/aenderungen/{request.id}"
    assert client.get(f"{path}/aendern").status_code == 404
    assert post(client, f"{path}/aendern", {"kind": "minimize", "quantity": "1"}).status_code == 404  # type: ignore[attr-defined]
    assert post(client, f"{path}/zurueckziehen", {}).status_code == 404  # type: ignore[attr-defined]
    assert store.change_requests == {request.id: request}


# --- The dashboard ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_shows_pending_changes_and_the_cut_off(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService], language: str
) -> None:
    office, _ = booked
    pending_change(demo_app, store, office)
    page = text(
        signed_in_client(demo_app).get("/uebersicht/", headers={"Accept-Language": language})
    )
    expected = {
        "de": [
            "Reduzieren von 3 auf 2 × pro Woche",
            "wird am 1. April 2025 wirksam",
            "Heute ist der letzte Tag, um eine Änderung zum 1. April 2025 einzureichen.",
        ],
        "en": [
            "Reduce from 3 to 2 × pro Woche",
            "takes effect on April 1, 2025",
            "Today is the last day to submit a change for April 1, 2025.",
        ],
    }
    for line in expected[language]:
        assert line in page


def test_the_dashboard_names_the_next_cut_off_on_other_days(
    demo_app: Flask, clock: FixedClock
) -> None:
    clock.advance(dt.timedelta(days=1))
    page = text(signed_in_client(demo_app).get("/uebersicht/"))
    assert (
        "Nächster Stichtag: Änderungen, die bis zum 17. Juni 2025 eingehen, werden am "
        "1. Juli 2025 wirksam." in page
    )


def test_an_employees_dashboard_shows_the_cut_off_but_no_contracts(
    demo_app: Flask, store: MemoryStore, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    pending_change(demo_app, store, office)
    page = text(signed_in_client(demo_app, EMPLOYEE).get("/uebersicht/"))
    assert "Reduzieren von 3" not in page
    assert "Heute ist der letzte Tag" in page


# --- The demo -----------------------------------------------------------------------------


def test_the_demo_portal_has_services_and_a_pending_change(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = make_app(tmp_path, clock, DEMO_DATA=True)
    assert create_demo_services(accounts_of(app), services_of(app)) is False
    page = text(signed_in_client(app).get("/leistungen/"))
    for demo in DEMO_SERVICES:
        assert demo.name in page
    assert "Reduzieren von 5 auf 3 Tage pro Woche" in page
    with services_of(app).unit_of_work() as uow:
        assert list(uow.outbox.pending()) == []


def test_demo_services_need_the_demo_company(demo_app: Flask, store: MemoryStore) -> None:
    store.companies.clear()
    assert create_demo_services(accounts_of(demo_app), services_of(demo_app)) is False
    assert store.booked_services == {}


def test_a_pause_end_that_no_longer_fits_after_the_cut_off_goes_back_to_the_form(
    demo_app: Flask,
    store: MemoryStore,
    clock: FixedClock,
    booked: tuple[BookedService, BookedService],
) -> None:
    _, windows = booked
    clock.set(MOMENT.replace(hour=23, minute=50))
    client = signed_in_client(demo_app)
    clock.advance(dt.timedelta(minutes=20))
    # Previewed for 1 April, the pause until 1 June now would have to start on 1 July.
    confirm = {"kind": "pause", "pause_until": "2025-06-01", "expected_effective": "2025-04-01"}
    response = post(client, f"/leistungen/{windows.id}/einreichen", confirm)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert len(errors_in(response)) == 1
    page = text(response)
    assert "1. Juli 2025" in page
    assert 'value="2025-06-01"' in page
    assert store.change_requests == {}


def test_a_refusal_is_shown_in_english(
    demo_app: Flask, booked: tuple[BookedService, BookedService]
) -> None:
    office, _ = booked
    client = signed_in_client(demo_app)
    form = {"kind": "maximize", "quantity": "x"}
    response = post(client, f"/leistungen/{office.id}/vorschau", form, "en")
    assert errors_in(response) == ["Please enter the new quantity as a whole number."]
    response = post(
        client, f"/leistungen/{office.id}/vorschau", {"kind": "maximize", "quantity": "9"}, "en"
    )
    (error,) = errors_in(response)
    assert error.startswith(f"'{OFFICE}' can be increased to 5 × pro Woche at the most")
