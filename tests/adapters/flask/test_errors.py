"""Error pages: portalkit errors in the user's language, friendly HTTP errors, no 500s."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portalkit import (
    FixedClock,
    InvalidValueError,
    NotFoundError,
    PermissionDeniedError,
    PortalkitError,
)
from portalkit.adapters.flask.errors import is_server_fault, status_of
from portalkit.adapters.sqlite import SchemaTooNewError
from portalkit.calendar import UnknownStateError
from portalkit.tickets import InvalidReferenceNumberError, ReferenceNumber
from tests.adapters.flask.conftest import csrf_token, make_app, post_form


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


def _schema_too_new() -> SchemaTooNewError:
    return SchemaTooNewError("/srv/portal/instance/portalkit.sqlite3", 99, 5)


def test_a_storage_refusal_is_logged_and_shows_no_path(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = raising(app, _schema_too_new())
    with caplog.at_level(logging.ERROR):
        response = client.get("/raise")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Bei uns ist etwas schiefgegangen" in page
    assert "/srv/portal" not in page
    assert "SchemaTooNewError" in caplog.text


def test_a_form_never_shows_a_storage_refusal_as_its_message(
    tmp_path: Path, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    # A newer portalkit migrated the database while this one runs: the login form's
    # refusal must not show the visitor the file's path and schema versions.
    database = tmp_path / "instance" / "portalkit.sqlite3"
    app = make_app(tmp_path, clock, STORAGE="sqlite")
    database.parent.mkdir(parents=True)
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        response = post_form(client, "/anmelden/", {"login": "a@b.de", "password": "x"})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Bei uns ist etwas schiefgegangen" in page
    assert str(tmp_path) not in page
    assert "schema 99" in caplog.text


def test_only_the_storages_refusals_are_server_faults() -> None:
    assert is_server_fault(_schema_too_new())
    assert not is_server_fault(InvalidValueError(field="x"))
    assert not is_server_fault(NotFoundError(what="Ticket"))
    assert not is_server_fault(UnknownStateError("XX"))
