"""Security defaults: CSRF on every post, headers on every response, cookie flags."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.adapters.flask.conftest import PRODUCTION_URL, csrf_token, post_form

PAGES = ["/", "/passwortregeln/", "/zugang-beantragen/", "/fristen/"]


def cookies_of(response: object) -> dict[str, SimpleCookie]:
    found = {}
    for header in response.headers.getlist("Set-Cookie"):  # type: ignore[attr-defined]
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        found.update(dict.fromkeys(cookie, cookie))
    return found


def test_a_post_without_a_csrf_token_is_refused(client: FlaskClient) -> None:
    response = client.post("/passwortregeln/", data={"password": "Geheim-Wort7x"})
    assert response.status_code == 400
    assert "Formular ist abgelaufen" in response.get_data(as_text=True)


def test_a_post_with_a_forged_csrf_token_is_refused(client: FlaskClient) -> None:
    csrf_token(client, "/passwortregeln/")
    response = client.post(
        "/passwortregeln/", data={"password": "Geheim-Wort7x", "csrf_token": "forged"}
    )
    assert response.status_code == 400


def test_a_token_of_another_session_is_refused(app: Flask) -> None:
    token = csrf_token(app.test_client(), "/passwortregeln/")
    response = app.test_client().post(
        "/passwortregeln/", data={"password": "Geheim-Wort7x", "csrf_token": token}
    )
    assert response.status_code == 400


def test_a_post_with_the_token_of_the_session_is_accepted(client: FlaskClient) -> None:
    response = post_form(client, "/passwortregeln/", {"password": "Geheim-Wort7x"})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_other_state_changing_methods_are_refused_too(client: FlaskClient, method: str) -> None:
    response = client.open("/passwortregeln/", method=method)
    assert response.status_code in {400, 405}


def test_https_posts_from_another_site_are_refused(production_client: FlaskClient) -> None:
    token = csrf_token(production_client, "/passwortregeln/", base_url=PRODUCTION_URL)
    response = production_client.post(
        "/passwortregeln/",
        data={"password": "x", "csrf_token": token},
        base_url=PRODUCTION_URL,
        headers={"Referer": "https://evil.example.com/form"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("path", [*PAGES, "/does-not-exist"])
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src" not in policy  # scripts fall back to 'none'
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached_but_keep_the_headers(client: FlaskClient) -> None:
    response = client.get("/static/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_pages_carry_no_inline_scripts_or_styles(client: FlaskClient) -> None:
    for path in PAGES:
        page = client.get(path).get_data(as_text=True)
        assert "<script" not in page
        assert "style=" not in page
        assert "<style" not in page


def test_production_sends_hsts_and_development_does_not(
    client: FlaskClient, production_client: FlaskClient
) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers
    response = production_client.get("/", base_url=PRODUCTION_URL)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_cookies_are_secure_host_only_httponly_and_lax(
    production_client: FlaskClient,
) -> None:
    response = production_client.get("/passwortregeln/?lang=en", base_url=PRODUCTION_URL)
    response = production_client.get("/passwortregeln/", base_url=PRODUCTION_URL)
    cookies = cookies_of(response)
    assert {"__Host-session"} == set(cookies)
    morsel = cookies["__Host-session"]["__Host-session"]
    assert morsel["secure"]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert morsel["path"] == "/"
    assert morsel["domain"] == ""


def test_the_production_language_cookie_has_the_same_flags(
    production_client: FlaskClient,
) -> None:
    response = production_client.get("/?lang=en", base_url=PRODUCTION_URL)
    morsel = cookies_of(response)["__Host-language"]["__Host-language"]
    assert morsel["secure"]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert morsel["path"] == "/"


def test_development_cookies_work_over_plain_http(client: FlaskClient) -> None:
    cookies = cookies_of(client.get("/passwortregeln/"))
    morsel = cookies["portalkit_session"]["portalkit_session"]
    assert not morsel["secure"]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"


def test_the_start_page_sets_no_cookie(client: FlaskClient) -> None:
    assert cookies_of(client.get("/")) == {}


def test_pages_vary_by_language_cookie_and_browser_language(client: FlaskClient) -> None:
    vary = {value.strip() for value in client.get("/").headers["Vary"].split(",")}
    assert {"Cookie", "Accept-Language"} <= vary
