"""Error pages: portalkit errors in the user's language, friendly HTTP errors, no 500s."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portalkit import InvalidValueError, NotFoundError, PermissionDeniedError, PortalkitError
from portalkit.adapters.flask.errors import status_of
from portalkit.calendar import UnknownStateError
from portalkit.tickets import InvalidReferenceNumberError, ReferenceNumber
from tests.adapters.flask.conftest import csrf_token


def raising(app: Flask, error: Exception) -> FlaskClient:
    def view() -> str:
        raise error

    app.add_url_rule("/raise", "raise", view)
    return app.test_client()


def a_reference_typo() -> InvalidReferenceNumberError:
    reference = str(ReferenceNumber(year=2025, sequence=123)).replace("123", "132")
    try:
        ReferenceNumber.parse(reference)
    except InvalidReferenceNumberError as error:
        return error
    raise AssertionError("the typo was not caught")


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFoundError(what="Ticket"), 404),
        (PermissionDeniedError(), 403),
        (InvalidValueError(field="x"), 400),
        (UnknownStateError("XX"), 400),
    ],
)
def test_a_portalkit_error_gets_the_fitting_status(error: PortalkitError, status: int) -> None:
    assert status == status_of(error)


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_portalkit_error_renders_its_message_in_the_users_language(
    app: Flask, language: str
) -> None:
    error = a_reference_typo()
    client = raising(app, error)
    response = client.get("/raise", headers={"Accept-Language": language})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'lang="{language}"' in page
    assert error.message(language).replace("'", "&#39;").split(".")[0] in page


def test_a_not_found_error_is_a_404_page(app: Flask) -> None:
    response = raising(app, NotFoundError(what="Ticket")).get("/raise")
    assert response.status_code == 404
    assert "Ticket wurde nicht gefunden." in response.get_data(as_text=True)


def test_a_permission_error_is_a_403_page(app: Flask) -> None:
    response = raising(app, PermissionDeniedError()).get("/raise")
    assert response.status_code == 403
    assert "Dazu fehlt Ihnen die Berechtigung." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "text"), [("de", "Seite nicht gefunden"), ("en", "Page not found")]
)
def test_an_unknown_address_gets_a_friendly_404(
    client: FlaskClient, language: str, text: str
) -> None:
    response = client.get("/gibt-es-nicht", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_a_wrong_method_with_a_valid_token_gets_a_friendly_405(client: FlaskClient) -> None:
    token = csrf_token(client, "/passwortregeln/")
    response = client.post("/fristen/", data={"csrf_token": token})
    assert response.status_code == 405
    assert "Diese Aktion ist hier nicht möglich" in response.get_data(as_text=True)


def test_a_method_no_page_allows_is_a_405_even_without_a_token(client: FlaskClient) -> None:
    # No view runs, so nothing can change: the CSRF check is not needed to refuse it.
    response = client.delete("/")
    assert response.status_code == 405
    assert "Diese Aktion ist hier nicht möglich" in response.get_data(as_text=True)


def test_a_too_large_body_gets_a_friendly_413(client: FlaskClient) -> None:
    response = client.post("/passwortregeln/", data={"password": "x" * 300_000})
    assert response.status_code == 413
    assert "Zu viele Daten" in response.get_data(as_text=True)


def test_a_real_bug_is_logged_and_answered_politely(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = raising(app, ZeroDivisionError("secret detail"))
    with caplog.at_level(logging.ERROR):
        response = client.get("/raise")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Bei uns ist etwas schiefgegangen" in page
    assert "secret detail" not in page
    assert "ZeroDivisionError" in caplog.text


def test_a_bug_in_the_error_page_still_answers(app: Flask) -> None:
    client = raising(app, RuntimeError("first"))

    def broken_layout() -> dict[str, object]:
        raise RuntimeError("the layout is broken")

    app.context_processor(broken_layout)
    response = client.get("/raise")
    assert response.status_code == 500


def test_an_error_page_for_a_refused_host_has_no_links(production_app: Flask) -> None:
    response = production_app.test_client().get("/", base_url="https://evil.example.com")
    assert response.status_code == 400
    assert "href" not in response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
