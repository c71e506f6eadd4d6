"""The own account: contact data, password change, sessions, name change requests."""

from __future__ import annotations

import pytest
from flask import Flask

from portalkit.accounts import MailTemplate, User, WrongCurrentPasswordError
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import (
    EMPLOYEE,
    csrf_token,
    errors_in,
    mails_to,
    sign_in,
    signed_in_client,
)

LANGUAGES = ["de", "en"]


def employee_of(store: MemoryStore) -> User:
    return next(user for user in store.users.values() if str(user.email) == EMPLOYEE.email)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_account_page_shows_the_data_and_this_session(demo_app: Flask, language: str) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    page = client.get("/konto/", headers={"Accept-Language": language}).get_data(as_text=True)
    assert EMPLOYEE.email in page
    assert "Beispiel GmbH" in page
    assert {"de": "(dieses Gerät)", "en": "(this device)"}[language] in page


def test_contact_data_are_saved(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    token = csrf_token(client, "/konto/")
    response = client.post(
        "/konto/kontaktdaten",
        data={"title": "Dr.", "phone": "+49 89 123", "language": "en", "csrf_token": token},
    )
    assert response.status_code == 303
    saved = employee_of(store)
    assert (saved.title, saved.phone, saved.language) == ("Dr.", "+49 89 123", "en")


def test_a_password_change_needs_the_current_password(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    token = csrf_token(client, "/konto/")
    before = employee_of(store).password_hash
    new = "Herbst-Laub-58?"
    response = client.post(
        "/konto/passwort",
        data={"current": "Falsch-11!", "password": new, "repeat": new, "csrf_token": token},
    )
    assert response.status_code == 403
    assert errors_in(response) == [WrongCurrentPasswordError().message("de")]
    assert employee_of(store).password_hash == before


def test_a_password_change_ends_every_other_session(demo_app: Flask, store: MemoryStore) -> None:
    other = signed_in_client(demo_app, EMPLOYEE)
    client = signed_in_client(demo_app, EMPLOYEE)
    token = csrf_token(client, "/konto/")
    new = "Herbst-Laub-58?"
    response = client.post(
        "/konto/passwort",
        data={"current": EMPLOYEE.password, "password": new, "repeat": new, "csrf_token": token},
    )
    assert response.status_code == 303
    assert client.get("/konto/").status_code == 200
    assert other.get("/konto/").status_code == 303
    assert len(mails_to(store, EMPLOYEE.email, MailTemplate.PASSWORD_CHANGED)) == 1
    assert sign_in(demo_app.test_client(), EMPLOYEE.email, new).status_code == 303


def test_a_weak_new_password_shows_every_reason(demo_app: Flask) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    token = csrf_token(client, "/konto/?lang=en")
    response = client.post(
        "/konto/passwort",
        data={
            "current": EMPLOYEE.password,
            "password": "abc",
            "repeat": "abc",
            "csrf_token": token,
        },
    )
    assert response.status_code == 400
    assert response.get_data(as_text=True).count('<ul class="violations">') == 1


def test_another_device_is_signed_out_from_the_list(demo_app: Flask, store: MemoryStore) -> None:
    other = signed_in_client(demo_app, EMPLOYEE)
    client = signed_in_client(demo_app, EMPLOYEE)
    token = csrf_token(client, "/konto/")
    first = min(store.sessions.values(), key=lambda session: session.created_at)
    response = client.post(f"/konto/sitzungen/{first.id}/beenden", data={"csrf_token": token})
    assert response.status_code == 303
    running = [s for s in store.sessions.values() if s.revoked_at is None]
    assert len(running) == 1
    assert {client.get("/konto/").status_code, other.get("/konto/").status_code} == {200, 303}


def test_ending_this_session_from_the_list_signs_out(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    (session,) = store.sessions.values()
    token = csrf_token(client, "/konto/")
    response = client.post(f"/konto/sitzungen/{session.id}/beenden", data={"csrf_token": token})
    assert response.headers["Location"] == "/anmelden/"
    assert client.get("/konto/").status_code == 303


def test_someone_elses_session_is_not_found(demo_app: Flask) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    token = csrf_token(client, "/konto/")
    response = client.post("/konto/sitzungen/nope/beenden", data={"csrf_token": token})
    assert response.status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_name_change_request_is_sent_with_its_reason(
    demo_app: Flask, store: MemoryStore, language: str
) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    token = csrf_token(client, f"/konto/?lang={language}")
    empty = client.post("/konto/aenderungsantrag", data={"reason": "x", "csrf_token": token})
    assert empty.status_code == 400
    assert store.profile_requests == {}
    response = client.post(
        "/konto/aenderungsantrag",
        data={"last_name": "Elster-Meier", "reason": "Heirat", "csrf_token": token},
    )
    assert response.status_code == 303
    (request,) = store.profile_requests.values()
    assert (request.last_name, request.first_name, request.reason) == (
        "Elster-Meier",
        None,
        "Heirat",
    )


def test_an_e_mail_change_is_confirmed_through_the_link_to_the_new_address(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    employee_id = employee_of(store).id
    token = csrf_token(client, "/konto/")
    response = client.post(
        "/konto/email",
        data={
            "new_email": "emma.neu@beispiel.de",
            "email_password": EMPLOYEE.password,
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    assert str(employee_of(store).email) == EMPLOYEE.email
    (mail,) = mails_to(store, "emma.neu@beispiel.de", MailTemplate.EMAIL_CHANGE)
    path = f"/konto/email-bestaetigen/{mail.params['token']}"
    page = demo_app.test_client().get(path)
    assert page.status_code == 200
    other_device = demo_app.test_client()
    confirmed = other_device.post(path, data={"csrf_token": csrf_token(other_device, path)})
    assert confirmed.status_code == 303
    assert str(store.users[employee_id].email) == "emma.neu@beispiel.de"
    assert len(mails_to(store, EMPLOYEE.email, MailTemplate.EMAIL_CHANGED)) == 1
    assert (
        sign_in(demo_app.test_client(), "emma.neu@beispiel.de", EMPLOYEE.password).status_code
        == 303
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_e_mail_change_needs_the_current_password_and_an_address_of_the_company(
    demo_app: Flask, store: MemoryStore, language: str
) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    token = csrf_token(client, f"/konto/?lang={language}")
    wrong = client.post(
        "/konto/email",
        data={
            "new_email": "emma.neu@beispiel.de",
            "email_password": "Falsch-11!",
            "csrf_token": token,
        },
    )
    assert wrong.status_code == 403
    assert errors_in(wrong) == [WrongCurrentPasswordError().message(language)]
    outside = client.post(
        "/konto/email",
        data={
            "new_email": "emma@elsewhere.de",
            "email_password": EMPLOYEE.password,
            "csrf_token": token,
        },
    )
    assert outside.status_code == 400
    assert "beispiel.de" in errors_in(outside)[0]
    assert store.tokens == {} or all(t.purpose != "email_change" for t in store.tokens.values())


def test_an_unknown_e_mail_confirmation_link_is_refused(demo_app: Flask) -> None:
    client = demo_app.test_client()
    path = "/konto/email-bestaetigen/nope"
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 400
    assert len(errors_in(response)) == 1
