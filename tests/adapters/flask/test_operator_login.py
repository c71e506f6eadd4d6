"""Operators' sign-in: its own page and cookie, server-side sessions, CLI and demo account."""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.parse
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portalkit import FixedClock
from portalkit.accounts import Operator
from portalkit.adapters.flask.demo import (
    DEMO_OPERATOR,
    DEMO_OPERATOR_EMAIL,
    DEMO_OPERATOR_PASSWORD,
    describe_demo_data,
)
from portalkit.adapters.flask.operator import (
    bp,
    operator_required,
    signed_in_operator,
)
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import (
    ADMIN,
    PRODUCTION_KEY,
    PRODUCTION_URL,
    csrf_token,
    errors_in,
    flashes_in,
    make_account_app,
    make_app,
    signed_in_client,
)

COOKIE = "portalkit_operator"
LOGIN = "/betrieb/anmelden/"


def operator_sign_in(
    client: FlaskClient, email: str = DEMO_OPERATOR_EMAIL, password: str = DEMO_OPERATOR_PASSWORD
) -> Any:
    """Post the operator login form; return the response."""
    token = csrf_token(client, "/passwort-vergessen/")
    return client.post(LOGIN, data={"email": email, "password": password, "csrf_token": token})


def operator_client(app: Flask) -> FlaskClient:
    """Return a new client of *app* signed in as the demo operator."""
    client = app.test_client()
    response = operator_sign_in(client)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def operator_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return None if cookie is None else cookie.value


def test_the_blueprint_is_named_operator_under_betrieb() -> None:
    assert (bp.name, bp.url_prefix) == ("operator", "/betrieb")


def test_the_operator_signs_in_and_reaches_the_overview(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = demo_app.test_client()
    response = operator_sign_in(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/betrieb/"
    secret = operator_cookie(client)
    assert secret is not None
    assert DEMO_OPERATOR_EMAIL not in secret
    stored = [session.secret_hash for session in store.operator_sessions.values()]
    assert [hashlib.sha256(secret.encode()).hexdigest()] == stored
    page = client.get("/betrieb/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Olga Betrieb" in text
    assert 'href="/betrieb/tickets/"' in text
    assert 'href="/betrieb/leistungen/"' in text
    assert page.headers["Cache-Control"] == "no-store"


def test_the_operator_login_is_not_the_customers_one(demo_app: Flask) -> None:
    page = demo_app.test_client().get(LOGIN).get_data(as_text=True)
    assert "Mitarbeitende der Servicegesellschaft" in page
    assert 'name="email"' in page
    assert 'name="login"' not in page


def test_unknown_address_and_wrong_password_get_the_same_answer(demo_app: Flask) -> None:
    client = demo_app.test_client()
    unknown = operator_sign_in(client, "niemand@service-beispiel.de")
    wrong = operator_sign_in(client, password="Falsch-Falsch-1!")
    assert unknown.status_code == wrong.status_code == 400
    assert errors_in(unknown) == errors_in(wrong)
    assert errors_in(wrong)
    assert operator_cookie(client) is None


def test_a_customer_cannot_use_the_operator_login(demo_app: Flask) -> None:
    client = demo_app.test_client()
    assert operator_sign_in(client, ADMIN.email, ADMIN.password).status_code == 400
    assert operator_cookie(client) is None


def test_five_failures_lock_the_operator_out(demo_app: Flask, store: MemoryStore) -> None:
    client = demo_app.test_client()
    for _ in range(5):
        assert operator_sign_in(client, password="Falsch-Falsch-1!").status_code == 400
    assert operator_sign_in(client).status_code == 400
    assert store.operators[DEMO_OPERATOR.id].locked_until is not None


def test_an_empty_form_names_each_missing_field(demo_app: Flask) -> None:
    client = demo_app.test_client()
    token = csrf_token(client, LOGIN)
    response = client.post(LOGIN, data={"csrf_token": token})
    assert response.status_code == 400
    assert len(errors_in(response)) == 2


def test_the_login_needs_the_form_token(demo_app: Flask, store: MemoryStore) -> None:
    client = demo_app.test_client()
    data = {"email": DEMO_OPERATOR_EMAIL, "password": DEMO_OPERATOR_PASSWORD}
    assert client.post(LOGIN, data=data).status_code == 400
    assert store.operator_sessions == {}


def test_operator_pages_send_visitors_to_the_operator_login_with_the_way_back(
    demo_app: Flask,
) -> None:
    for path in ("/betrieb/", "/betrieb/firmen/", "/betrieb/zugangsanfragen/"):
        response = demo_app.test_client().get(path)
        assert response.status_code == 303
        location = urllib.parse.urlsplit(response.headers["Location"])
        assert location.path == LOGIN
        assert {"next": [path]} == urllib.parse.parse_qs(location.query)


def test_after_login_the_operator_returns_to_the_page_asked_for_but_not_elsewhere(
    demo_app: Flask,
) -> None:
    def login_to(target: str) -> str:
        client = demo_app.test_client()
        token = csrf_token(client, LOGIN)
        data = {"email": DEMO_OPERATOR_EMAIL, "password": DEMO_OPERATOR_PASSWORD}
        response = client.post(
            LOGIN + "?next=" + urllib.parse.quote(target), data={**data, "csrf_token": token}
        )
        assert response.status_code == 303
        return str(response.headers["Location"])

    assert login_to("/betrieb/firmen/") == "/betrieb/firmen/"
    for target in ("https://evil.example/", "//evil.example/", "/uebersicht/"):
        assert login_to(target) == "/betrieb/"


def test_a_signed_in_operator_visiting_the_login_goes_on(demo_app: Flask) -> None:
    client = operator_client(demo_app)
    response = client.get(LOGIN)
    assert (response.status_code, response.headers["Location"]) == (303, "/betrieb/")


def test_a_signed_in_customer_is_refused_the_operator_pages(demo_app: Flask) -> None:
    customer = signed_in_client(demo_app, ADMIN)
    for path in ("/betrieb/", "/betrieb/firmen/", "/betrieb/zugangsanfragen/"):
        response = customer.get(path)
        assert response.status_code == 303
        assert urllib.parse.urlsplit(response.headers["Location"]).path == LOGIN


def test_a_signed_in_operator_does_not_see_customer_pages(demo_app: Flask) -> None:
    client = operator_client(demo_app)
    for path in ("/uebersicht/", "/benutzer/", "/konto/"):
        response = client.get(path)
        assert response.status_code == 303
        assert urllib.parse.urlsplit(response.headers["Location"]).path == "/anmelden/"


def test_logout_revokes_the_session_so_the_old_cookie_no_longer_works(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = operator_client(demo_app)
    secret = operator_cookie(client)
    token = csrf_token(client, "/betrieb/")
    response = client.post("/betrieb/abmelden/", data={"csrf_token": token})
    assert (response.status_code, response.headers["Location"]) == (303, LOGIN)
    assert operator_cookie(client) is None
    assert [session.revoke_reason for session in store.operator_sessions.values()] == ["logout"]
    replay = demo_app.test_client()
    replay.set_cookie(COOKIE, secret or "")
    assert replay.get("/betrieb/").status_code == 303


def test_logout_needs_the_form_token(demo_app: Flask, store: MemoryStore) -> None:
    client = operator_client(demo_app)
    assert client.post("/betrieb/abmelden/").status_code == 400
    assert [session.revoked_at for session in store.operator_sessions.values()] == [None]


def test_every_login_starts_a_new_session_with_a_new_secret_and_form_token(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = operator_client(demo_app)
    first = operator_cookie(client)
    before = csrf_token(client, "/betrieb/")
    assert operator_sign_in(client).status_code == 303
    assert first != operator_cookie(client)
    assert before != csrf_token(client, "/betrieb/")
    assert len(store.operator_sessions) == 2


def test_a_session_ends_after_30_idle_minutes(demo_app: Flask, clock: FixedClock) -> None:
    client = operator_client(demo_app)
    clock.advance(dt.timedelta(minutes=29))
    assert client.get("/betrieb/").status_code == 200
    clock.advance(dt.timedelta(minutes=30))
    response = client.get("/betrieb/", follow_redirects=True)
    assert response.request.path == LOGIN
    assert ("info", "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.") in flashes_in(
        response
    )
    assert operator_cookie(client) is None


def test_a_busy_session_still_ends_12_hours_after_login(demo_app: Flask, clock: FixedClock) -> None:
    client = operator_client(demo_app)
    for _ in range(12 * 3 - 1):
        clock.advance(dt.timedelta(minutes=20))
        assert client.get("/betrieb/").status_code == 200
    clock.advance(dt.timedelta(minutes=20))
    assert client.get("/betrieb/").status_code == 303


def test_the_production_operator_cookie_is_secure_host_only_httponly_and_lax(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = make_account_app(
        tmp_path,
        clock,
        MemoryStore(),
        ENVIRONMENT="production",
        SECRET_KEY=PRODUCTION_KEY,
        BASE_URL=PRODUCTION_URL,
    )
    client = app.test_client()
    page = client.get(LOGIN, base_url=PRODUCTION_URL)
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
    response = client.post(
        LOGIN,
        base_url=PRODUCTION_URL,
        headers={"Referer": PRODUCTION_URL + LOGIN},
        data={
            "email": DEMO_OPERATOR_EMAIL,
            "password": DEMO_OPERATOR_PASSWORD,
            "csrf_token": token.split('"')[0],
        },
    )
    assert response.status_code == 303
    (cookie,) = [
        header
        for header in response.headers.getlist("Set-Cookie")
        if header.startswith("__Host-operator=")
    ]
    assert {"Secure", "HttpOnly", "Path=/", "SameSite=Lax"} <= {
        part.strip() for part in cookie.split(";")
    }
    assert "Domain" not in cookie


def test_signed_in_operator_gives_the_operator_of_the_use_cases(demo_app: Flask) -> None:
    seen: list[Operator] = []

    @operator_required
    def view() -> str:
        seen.append(signed_in_operator())
        return "ok"

    client = operator_client(demo_app)
    secret = operator_cookie(client)
    with demo_app.test_request_context("/betrieb/x", headers={"Cookie": f"{COOKIE}={secret}"}):
        assert view() == "ok"
    with demo_app.test_request_context("/betrieb/x"):
        response = view()
        assert getattr(response, "status_code", None) == 303
    assert seen == [DEMO_OPERATOR]


def test_the_demo_operator_is_described_and_created_once(
    demo_app: Flask, store: MemoryStore
) -> None:
    (account,) = store.operators.values()
    assert account.operator == DEMO_OPERATOR
    text = describe_demo_data("http://127.0.0.1:5000")
    assert "http://127.0.0.1:5000/betrieb/anmelden/" in text
    assert f"{DEMO_OPERATOR_EMAIL:<28} {DEMO_OPERATOR_PASSWORD}" in text


def test_create_operator_asks_for_the_password_twice_without_echo(
    tmp_path: Path, clock: FixedClock
) -> None:
    runner = make_app(tmp_path, clock).test_cli_runner()
    result = runner.invoke(
        args=["portal", "create-operator", "--email", "otto@service.de", "--name", "Otto Ops"],
        input="Segel-Wind-47!\nSegel-Wind-47!\n",
    )
    assert result.exit_code == 0, result.output
    assert "Otto Ops <otto@service.de> created" in result.output
    assert "Segel-Wind-47!" not in result.output


def test_create_operator_reads_the_password_from_stdin(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock)
    runner = app.test_cli_runner()
    args = ["portal", "create-operator", "--email", "otto@service.de", "--name", "Otto Ops"]
    result = runner.invoke(args=[*args, "--password-stdin"], input="Segel-Wind-47!\n")
    assert result.exit_code == 0, result.output


def test_create_operator_refuses_a_weak_password_with_every_reason(
    tmp_path: Path, clock: FixedClock
) -> None:
    runner = make_app(tmp_path, clock).test_cli_runner()
    args = ["portal", "create-operator", "--email", "otto@service.de", "--name", "Otto Ops"]
    german = runner.invoke(args=[*args, "--password-stdin"], input="otto123\n")
    assert german.exit_code == 1
    assert "Bitte wählen Sie ein anderes Passwort." in german.output
    assert "  - Das Passwort hat 7 Zeichen, es braucht mindestens 8." in german.output
    english = runner.invoke(args=[*args, "--password-stdin", "--language", "en"], input="abc\n")
    assert english.exit_code == 1
    assert "  - The password has 3 characters; it needs at least 8." in english.output
    assert "  - The password contains the run 'abc'." in english.output


def test_create_operator_refuses_a_taken_address(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock, STORAGE="memory")
    runner = app.test_cli_runner()
    args = ["portal", "create-operator", "--email", "otto@service.de", "--name", "Otto"]
    assert runner.invoke(args=[*args, "--password-stdin"], input="Segel-Wind-47!\n").exit_code == 0
    again = runner.invoke(args=[*args, "--password-stdin"], input="Segel-Wind-47!\n")
    assert again.exit_code == 1
    assert "otto@service.de" in again.output
