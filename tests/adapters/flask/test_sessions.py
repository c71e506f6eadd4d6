"""Server-side sessions: the cookie holds only the secret; the core decides how long it works."""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.parse
from http.cookies import SimpleCookie

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.accounts import UserStatus
from portalkit.adapters.flask.sessions import safe_next
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import (
    ADMIN,
    EMPLOYEE,
    PRODUCTION_KEY,
    PRODUCTION_URL,
    csrf_token,
    flashes_in,
    make_account_app,
    post_form,
    sign_in,
    signed_in_client,
)

COOKIE = "portalkit_login"


def login_cookie(client: FlaskClient) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return None if cookie is None else cookie.value


def test_the_login_cookie_holds_only_a_random_secret_whose_hash_the_store_keeps(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = signed_in_client(demo_app)
    secret = login_cookie(client)
    assert secret is not None
    assert ADMIN.email not in secret
    stored = [session.secret_hash for session in store.sessions.values()]
    assert [hashlib.sha256(secret.encode()).hexdigest()] == stored


def test_every_login_starts_a_new_session_with_a_new_secret(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = signed_in_client(demo_app)
    first = login_cookie(client)
    assert sign_in(client, ADMIN.email, ADMIN.password).status_code == 303
    second = login_cookie(client)
    assert first != second
    assert len(store.sessions) == 2


def test_a_login_gives_the_form_protection_a_new_token(demo_client: FlaskClient) -> None:
    before = csrf_token(demo_client, "/passwort-vergessen/")
    sign_in(demo_client, ADMIN.email, ADMIN.password)
    after = csrf_token(demo_client, "/konto/")
    assert before != after


def test_pages_behind_login_send_visitors_to_the_login_with_the_way_back(
    demo_client: FlaskClient,
) -> None:
    for path in ("/uebersicht/", "/benutzer/", "/konto/"):
        response = demo_client.get(path)
        assert response.status_code == 303
        location = urllib.parse.urlsplit(response.headers["Location"])
        assert location.path == "/anmelden/"
        assert {"next": [path]} == urllib.parse.parse_qs(location.query)


def test_after_login_the_visitor_returns_to_the_page_asked_for(
    demo_client: FlaskClient,
) -> None:
    response = post_form(
        demo_client,
        "/anmelden/?next=/konto/",
        {"login": ADMIN.email, "password": ADMIN.password},
    )
    assert response.headers["Location"] == "/konto/"


def test_a_next_pointing_elsewhere_is_ignored(demo_app: Flask) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        query = urllib.parse.urlencode({"next": target})
        response = post_form(
            demo_app.test_client(),
            f"/anmelden/?{query}",
            {"login": ADMIN.email, "password": ADMIN.password},
        )
        assert response.headers["Location"] == "/uebersicht/", target


@given(st.text(max_size=60))
def test_safe_next_only_ever_returns_a_path_of_this_site(target: str) -> None:
    result = safe_next(target)
    if result is not None:
        parts = urllib.parse.urlsplit(result)
        assert result == target
        assert result.startswith("/")
        assert not result.startswith("//")
        assert "" == parts.scheme == parts.netloc
        assert "\\" not in result


def test_logout_revokes_the_session_so_the_old_cookie_no_longer_works(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = signed_in_client(demo_app)
    secret = login_cookie(client)
    token = csrf_token(client, "/konto/")
    response = client.post("/abmelden/", data={"csrf_token": token})
    assert response.status_code == 303
    assert login_cookie(client) is None
    assert [session.revoke_reason for session in store.sessions.values()] == ["logout"]
    replay = demo_app.test_client()
    replay.set_cookie(COOKIE, secret or "")
    assert replay.get("/uebersicht/").status_code == 303


def test_logout_needs_the_form_token(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app)
    assert client.post("/abmelden/").status_code == 400
    assert [session.revoked_at for session in store.sessions.values()] == [None]


def test_a_session_ends_after_30_idle_minutes(demo_app: Flask, clock: FixedClock) -> None:
    client = signed_in_client(demo_app)
    clock.advance(dt.timedelta(minutes=29))
    assert client.get("/uebersicht/").status_code == 200
    clock.advance(dt.timedelta(minutes=30))
    response = client.get("/uebersicht/", follow_redirects=True)
    assert response.request.path == "/anmelden/"
    assert ("info", "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.") in flashes_in(
        response
    )
    assert login_cookie(client) is None


def test_pages_within_a_minute_read_the_session_without_writing_it(
    demo_app: Flask, clock: FixedClock, store: MemoryStore
) -> None:
    client = signed_in_client(demo_app)
    (session,) = store.sessions.values()
    clock.advance(dt.timedelta(seconds=59))
    assert client.get("/uebersicht/").status_code == 200
    assert store.sessions[session.id].last_seen_at == session.last_seen_at
    clock.advance(dt.timedelta(seconds=1))
    assert client.get("/uebersicht/").status_code == 200
    assert store.sessions[session.id].last_seen_at == clock.now()


def test_idle_expiry_comes_at_most_a_minute_early(demo_app: Flask, clock: FixedClock) -> None:
    client = signed_in_client(demo_app)
    clock.advance(dt.timedelta(seconds=59))
    assert client.get("/uebersicht/").status_code == 200  # not written
    clock.advance(dt.timedelta(minutes=29, seconds=1))  # 30:00 after the write
    assert client.get("/uebersicht/").status_code == 303


def test_a_busy_session_still_ends_12_hours_after_login(demo_app: Flask, clock: FixedClock) -> None:
    client = signed_in_client(demo_app)
    for _ in range(12 * 3 - 1):
        clock.advance(dt.timedelta(minutes=20))
        assert client.get("/uebersicht/").status_code == 200
    clock.advance(dt.timedelta(minutes=20))
    assert client.get("/uebersicht/").status_code == 303


def test_deactivating_a_user_ends_their_sessions(demo_app: Flask, store: MemoryStore) -> None:
    employee = signed_in_client(demo_app, EMPLOYEE)
    admin = signed_in_client(demo_app, ADMIN)
    user = next(user for user in store.users.values() if str(user.email) == EMPLOYEE.email)
    token = csrf_token(admin, "/benutzer/")
    response = admin.post(f"/benutzer/{user.id}/deaktivieren", data={"csrf_token": token})
    assert response.status_code == 303
    assert UserStatus.DEACTIVATED is store.users[user.id].status
    assert employee.get("/uebersicht/").status_code == 303


def test_pages_behind_login_are_never_cached(demo_app: Flask) -> None:
    client = signed_in_client(demo_app)
    for path in ("/uebersicht/", "/benutzer/", "/konto/"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_the_production_login_cookie_is_secure_host_only_httponly_and_lax(
    tmp_path: object, clock: FixedClock
) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    app = make_account_app(
        tmp_path,
        clock,
        MemoryStore(),
        ENVIRONMENT="production",
        SECRET_KEY=PRODUCTION_KEY,
        BASE_URL=PRODUCTION_URL,
    )
    client = app.test_client()
    page = client.get("/anmelden/", base_url=PRODUCTION_URL)
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
    response = client.post(
        "/anmelden/",
        base_url=PRODUCTION_URL,
        headers={"Referer": PRODUCTION_URL + "/anmelden/"},
        data={
            "login": ADMIN.email,
            "password": ADMIN.password,
            "csrf_token": token.split('"')[0],
        },
    )
    assert response.status_code == 303
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("__Host-login=")]
    assert len(headers) == 1
    morsel = SimpleCookie(headers[0])["__Host-login"]
    assert morsel["secure"]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert morsel["path"] == "/"
    assert morsel["domain"] == ""
