"""The password rules page: the rules, and a server-side check showing every violation."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from portalkit import FixedClock
from portalkit.policy import PasswordContext, PasswordPolicy
from tests.adapters.flask.conftest import make_app, post_form

PATH = "/passwortregeln/"


def violations(page: str) -> list[str]:
    block = re.search(r'<ul class="violations">(.*?)</ul>', page, re.S)
    items = re.findall(r"<li>(.*?)</li>", block.group(1), re.S) if block else []
    return [html.unescape(item) for item in items]


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("de", ["Passwortregeln", "Mindestens 8 und höchstens 128 Zeichen.", "ABC oder 123"]),
        ("en", ["Password rules", "At least 8 and at most 128 characters.", "ABC or 123"]),
    ],
)
def test_the_page_lists_the_rules(client: FlaskClient, language: str, texts: list[str]) -> None:
    page = client.get(PATH, headers={"Accept-Language": language}).get_data(as_text=True)
    for text in texts:
        assert text in page


def test_the_nist_policy_lists_its_own_rules(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock, PASSWORD_POLICY="nist")
    page = app.test_client().get(PATH).get_data(as_text=True)
    assert "Mindestens 15 und höchstens 128 Zeichen." in page
    assert "ABC oder 123" not in page


def test_every_violation_is_shown_at_once(client: FlaskClient) -> None:
    page = post_form(client, PATH, {"password": "abc"}).get_data(as_text=True)
    expected = PasswordPolicy().check("abc").messages("de")
    assert list(expected) == violations(page)
    assert len(expected) >= 4
    assert "Das Passwort verletzt 5 Regeln:" in page


def test_the_violations_read_in_english_for_english_readers(client: FlaskClient) -> None:
    headers = {"Accept-Language": "en"}
    page = post_form(client, PATH, {"password": "qwertz"}, headers=headers).get_data(as_text=True)
    assert list(PasswordPolicy().check("qwertz").messages("en")) == violations(page)


def test_personal_data_given_in_the_form_is_checked(client: FlaskClient) -> None:
    data = {"password": "Mustermann#2025", "last_name": "Mustermann", "first_name": "Erika"}
    page = post_form(client, PATH, data).get_data(as_text=True)
    context = PasswordContext(first_name="Erika", last_name="Mustermann")
    assert "personal_data" in PasswordPolicy().check("Mustermann#2025", context=context).codes
    assert "aus Ihren persönlichen Daten" in page


def test_a_good_password_is_praised(client: FlaskClient) -> None:
    page = post_form(client, PATH, {"password": "Herbst-Laub#Tee7"}).get_data(as_text=True)
    assert "Dieses Passwort erfüllt alle Regeln." in page
    assert violations(page) == []


def test_the_password_is_never_echoed_into_the_page(client: FlaskClient) -> None:
    password = "Herbst-Laub#Tee7"
    page = post_form(client, PATH, {"password": password}).get_data(as_text=True)
    assert password not in page
    assert re.search(r'<input[^>]*name="password"[^>]*value="[^"]', page) is None


def test_the_password_never_reaches_the_logs(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    password = "Herbst-Laub#Tee7"
    with caplog.at_level(logging.DEBUG):
        post_form(client, PATH, {"password": password})
    assert password not in caplog.text


def test_an_empty_password_asks_for_one(client: FlaskClient) -> None:
    page = post_form(client, PATH, {"password": ""}).get_data(as_text=True)
    assert "Bitte geben Sie ein Passwort zum Prüfen ein." in page
    assert 'aria-invalid="true"' in page


def test_the_form_fields_have_labels(client: FlaskClient) -> None:
    page = client.get(PATH).get_data(as_text=True)
    for field in ("password", "first_name", "last_name", "company_name", "email"):
        assert f'<label for="{field}">' in page
        assert f'id="{field}"' in page
    assert 'autocomplete="new-password"' in page
