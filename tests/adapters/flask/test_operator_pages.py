"""Operators' pages: companies and their users, access requests, first administrators, the
last-administrator override; every refusal a message, in German and English."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portalkit import FixedClock
from portalkit.accounts import CompanyStatus, UserStatus, receive_access_request
from portalkit.adapters.flask.demo import DEMO_COMPANY, DEMO_CUSTOMER_NUMBER
from portalkit.adapters.memory import MemoryStore
from portalkit.policy.roles import Role
from tests.adapters.flask.conftest import (
    ADMIN,
    accounts_of,
    csrf_token,
    errors_in,
    flashes_in,
    mails_to,
    signed_in_client,
)
from tests.adapters.flask.test_operator_login import operator_client


@pytest.fixture
def ops(demo_app: Flask) -> FlaskClient:
    return operator_client(demo_app)


def post(client: FlaskClient, path: str, data: dict[str, str], *, lang: str = "") -> object:
    token = csrf_token(client, "/betrieb/")
    query = f"?lang={lang}" if lang else ""
    return client.post(path + query, data={**data, "csrf_token": token})


def company_id(store: MemoryStore, customer_number: str = DEMO_CUSTOMER_NUMBER) -> str:
    return next(c.id for c in store.companies.values() if c.customer_number == customer_number)


def admin_id(store: MemoryStore) -> str:
    return next(u.id for u in store.users.values() if str(u.email) == ADMIN.email)


def text_of(response: object) -> str:
    return response.get_data(as_text=True)  # type: ignore[attr-defined,no-any-return]


# --- Companies ------------------------------------------------------------------------------


def test_the_companies_page_lists_the_demo_company_with_a_link(
    ops: FlaskClient, store: MemoryStore
) -> None:
    page = ops.get("/betrieb/firmen/")
    assert page.status_code == 200
    assert DEMO_COMPANY in text_of(page)
    assert f'href="/betrieb/firmen/{company_id(store)}/"' in text_of(page)


def test_creating_a_company_opens_its_page(ops: FlaskClient, store: MemoryStore) -> None:
    response = post(
        ops,
        "/betrieb/firmen/",
        {"customer_number": " 200345 ", "name": "Muster AG", "domains": "muster.de, Müller.DE"},
    )
    new_id = company_id(store, "200345")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["Location"] == f"/betrieb/firmen/{new_id}/"  # type: ignore[attr-defined]
    company = store.companies[new_id]
    assert sorted(domain.unicode for domain in company.email_domains) == ["muster.de", "müller.de"]
    page = ops.get(f"/betrieb/firmen/{new_id}/")
    assert ("success", "Die Firma Muster AG ist angelegt.") in flashes_in(page)
    assert "Die Firma hat noch keine Benutzer." in text_of(page)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"customer_number": DEMO_CUSTOMER_NUMBER, "name": "Zweite GmbH"},
            f"Die Kundennummer {DEMO_CUSTOMER_NUMBER}",
        ),
        ({"customer_number": "12", "name": "Kurz GmbH"}, "„12“ ist keine gültige Kundennummer"),
        (
            {"customer_number": "300456", "name": "Domain GmbH", "domains": "not a domain!"},
            "kein gültiger Domainname",
        ),
    ],
)
def test_a_refused_company_is_a_message_and_nothing_is_created(
    ops: FlaskClient, store: MemoryStore, data: dict[str, str], message: str
) -> None:
    before = len(store.companies)
    response = post(ops, "/betrieb/firmen/", data)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert any(message in error for error in errors_in(response)), errors_in(response)
    assert len(store.companies) == before


def test_an_empty_company_form_names_each_missing_field(ops: FlaskClient) -> None:
    response = post(ops, "/betrieb/firmen/", {})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert errors_in(response) == [
        "Bitte geben Sie die Kundennummer ein.",
        "Bitte geben Sie den Namen der Firma ein.",
    ]


def test_a_refusal_reads_in_english_too(ops: FlaskClient) -> None:
    response = post(
        ops, "/betrieb/firmen/", {"customer_number": "12", "name": "Kurz GmbH"}, lang="en"
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert any("'12' is not a valid customer number" in e for e in errors_in(response))
    assert "Create a company" in text_of(response)


def test_the_company_page_shows_its_data_and_users(ops: FlaskClient, store: MemoryStore) -> None:
    page = ops.get(f"/betrieb/firmen/{company_id(store)}/")
    text = text_of(page)
    assert page.status_code == 200
    assert DEMO_CUSTOMER_NUMBER in text
    assert "beispiel.de" in text
    for user in store.users.values():
        assert str(user.email) in text
    # Only the active administrator has the override form.
    assert text.count("/uebersteuern") == 1


def test_an_unknown_company_is_a_404_page(ops: FlaskClient) -> None:
    response = ops.get("/betrieb/firmen/nope/")
    assert response.status_code == 404
    assert "Die Firma „nope“ wurde nicht gefunden." in text_of(response)


# --- Inviting an administrator ----------------------------------------------------------------


def test_an_operator_invites_the_first_administrator_of_a_new_company(
    ops: FlaskClient, store: MemoryStore
) -> None:
    post(ops, "/betrieb/firmen/", {"customer_number": "200345", "name": "Muster AG"})
    new_id = company_id(store, "200345")
    response = post(
        ops,
        f"/betrieb/firmen/{new_id}/administrator",
        {"email": "chefin@muster.de", "last_name": "Muster", "language": "en"},
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    (user,) = [u for u in store.users.values() if u.company_id == new_id]
    assert (user.role, user.status, user.language) == (
        Role.ADMINISTRATOR,
        UserStatus.INVITED,
        "en",
    )
    (mail,) = mails_to(store, "chefin@muster.de", "invitation")
    assert mail.language == "en"
    page = ops.get(f"/betrieb/firmen/{new_id}/")
    assert ("success", "Die Einladung an chefin@muster.de ist unterwegs.") in flashes_in(page)
    assert "Eingeladen und noch nicht registriert: chefin@muster.de." in text_of(page)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("jemand@anderswo.de", "beispiel.de"),
        (ADMIN.email, "gibt es schon ein Benutzerkonto"),
        ("kein-at-zeichen", "keine gültige E-Mail-Adresse"),
    ],
)
def test_a_refused_invitation_is_a_message_and_writes_nothing(
    ops: FlaskClient, store: MemoryStore, email: str, message: str
) -> None:
    before = (len(store.users), len(store.outbox))
    response = post(ops, f"/betrieb/firmen/{company_id(store)}/administrator", {"email": email})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert any(message in error for error in errors_in(response)), errors_in(response)
    assert (len(store.users), len(store.outbox)) == before


def test_an_invitation_for_an_unknown_company_is_a_404(ops: FlaskClient) -> None:
    response = post(ops, "/betrieb/firmen/nope/administrator", {"email": "a@b.de"})
    assert response.status_code == 404  # type: ignore[attr-defined]


# --- The last-administrator override --------------------------------------------------------


def test_the_operator_deactivates_the_last_administrator_and_the_company_needs_one(
    ops: FlaskClient, demo_app: Flask, store: MemoryStore
) -> None:
    customer = signed_in_client(demo_app, ADMIN)
    anna = admin_id(store)
    response = post(
        ops, f"/betrieb/benutzer/{anna}/uebersteuern", {f"o-{anna}-change": "deactivate"}
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert store.users[anna].status is UserStatus.DEACTIVATED
    company = store.companies[company_id(store)]
    assert company.status is CompanyStatus.NEEDS_ADMINISTRATOR
    assert customer.get("/uebersicht/").status_code == 303  # her session ended
    page = ops.get(f"/betrieb/firmen/{company.id}/")
    assert (
        "info",
        "Die Firma hat jetzt keinen Administrator: Bitte laden Sie einen neuen ein.",
    ) in (flashes_in(page))
    assert "Diese Firma hat keinen aktiven Administrator." in text_of(page)
    home = text_of(ops.get("/betrieb/"))
    assert "1 Firma braucht einen neuen Administrator" in home


def test_the_operator_can_demote_the_last_administrator(
    ops: FlaskClient, store: MemoryStore
) -> None:
    anna = admin_id(store)
    post(ops, f"/betrieb/benutzer/{anna}/uebersteuern", {f"o-{anna}-change": "demote"})
    assert (store.users[anna].role, store.users[anna].status) == (Role.MANAGER, UserStatus.ACTIVE)


def test_the_customer_is_refused_what_the_operator_may(demo_app: Flask, store: MemoryStore) -> None:
    customer = signed_in_client(demo_app, ADMIN)
    anna = admin_id(store)
    token = csrf_token(customer, "/benutzer/")
    response = customer.post(f"/benutzer/{anna}/deaktivieren", data={"csrf_token": token})
    assert response.status_code == 400
    assert any("Ansprechperson der Servicegesellschaft" in error for error in errors_in(response))
    response = customer.post(
        f"/betrieb/benutzer/{anna}/uebersteuern",
        data={"csrf_token": token, f"o-{anna}-change": "deactivate"},
    )
    assert response.status_code == 303
    assert urllib.parse.urlsplit(response.headers["Location"]).path == "/betrieb/anmelden/"
    assert store.users[anna].status is UserStatus.ACTIVE


def test_an_unknown_change_or_user_is_refused(ops: FlaskClient, store: MemoryStore) -> None:
    anna = admin_id(store)
    response = post(ops, f"/betrieb/benutzer/{anna}/uebersteuern", {f"o-{anna}-change": "delete"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert errors_in(response) == ["Bitte wählen Sie eine Änderung."]
    assert store.users[anna].status is UserStatus.ACTIVE
    response = post(ops, "/betrieb/benutzer/nope/uebersteuern", {"o-nope-change": "deactivate"})
    assert response.status_code == 404  # type: ignore[attr-defined]


# --- Access requests ------------------------------------------------------------------------


def _request(demo_app: Flask, name: str = "Erika Muster") -> str:
    return receive_access_request(
        accounts_of(demo_app),
        company_name="Muster AG",
        contact_name=name,
        email="erika@muster.de",
        customer_number="200345",
    ).id


def test_access_requests_show_their_10_werktage_deadline(
    ops: FlaskClient, demo_app: Flask, store: MemoryStore
) -> None:
    _request(demo_app)
    page = text_of(ops.get("/betrieb/zugangsanfragen/"))
    # Tuesday 18 March 2025 + 10 Werktage (Mon–Sat) = Saturday 29 March 2025.
    assert "Samstag, 29. März 2025" in page
    assert "in 11 Tagen" in page
    assert "Erika Muster" in page
    link = "/betrieb/firmen/?name=Muster+AG&amp;customer_number=200345&amp;domain=muster.de#new"
    assert link in page
    home = text_of(ops.get("/betrieb/"))
    assert "1 offene Zugangsanfrage" in home
    assert "Samstag, 29. März 2025" in home


def test_the_set_up_link_fills_the_company_form(ops: FlaskClient) -> None:
    page = text_of(ops.get("/betrieb/firmen/?name=Muster+AG&customer_number=200345"))
    assert 'value="Muster AG"' in page
    assert 'value="200345"' in page


def test_an_overdue_request_is_marked(demo_app: Flask, clock: FixedClock) -> None:
    _request(demo_app)
    clock.advance(dt.timedelta(days=12))
    page = text_of(operator_client(demo_app).get("/betrieb/zugangsanfragen/"))
    assert "Überfällig" in page


def test_a_request_marked_as_done_leaves_the_open_list(
    ops: FlaskClient, demo_app: Flask, store: MemoryStore
) -> None:
    request_id = _request(demo_app)
    response = post(ops, f"/betrieb/zugangsanfragen/{request_id}/erledigt", {})
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = ops.get("/betrieb/zugangsanfragen/")
    assert ("success", "Die Anfrage von Erika Muster ist erledigt.") in flashes_in(page)
    assert "Keine offene Anfrage." in text_of(page)
    assert "Erika Muster" in text_of(ops.get("/betrieb/zugangsanfragen/?alle=1"))


def test_an_unknown_request_is_a_404(ops: FlaskClient) -> None:
    response = post(ops, "/betrieb/zugangsanfragen/nope/erledigt", {})
    assert response.status_code == 404  # type: ignore[attr-defined]


def test_operator_forms_need_the_form_token(ops: FlaskClient, store: MemoryStore) -> None:
    before = len(store.companies)
    response = ops.post("/betrieb/firmen/", data={"customer_number": "200345", "name": "X"})
    assert response.status_code == 400
    assert len(store.companies) == before


# --- Language -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/betrieb/", "/betrieb/firmen/", "/betrieb/zugangsanfragen/", "/betrieb/anmelden/"]
)
def test_every_operator_page_reads_in_english(ops: FlaskClient, path: str) -> None:
    page = ops.get(path + "?lang=en", follow_redirects=True)
    assert page.status_code == 200
    assert '<html lang="en">' in text_of(page)
    assert "Companies" in text_of(page) or "Sign in" in text_of(page)
