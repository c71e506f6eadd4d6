"""Mails: every template in German and English, links from BASE_URL, delivery, the dev page."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import attrs
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.accounts import MailTemplate, OutboxMessage
from portalkit.adapters.flask.mail import MAIL_TEXTS, deliver_pending, render_mail
from portalkit.adapters.flask.mailer import ConsoleMailer, RenderedMail
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import (
    ADMIN,
    MOMENT,
    PRODUCTION_KEY,
    PRODUCTION_URL,
    accounts_of,
    make_account_app,
    post_form,
)

# The parameters each template gets, as MailTemplate's docstring lists them.
PARAMS: dict[str, dict[str, str]] = {
    MailTemplate.INVITATION: {"token": "t1", "company": "Beispiel GmbH", "expires_at": ""},
    MailTemplate.ACTIVATION: {"token": "t2", "expires_at": ""},
    MailTemplate.ALREADY_REGISTERED: {"company": "Beispiel GmbH"},
    MailTemplate.PASSWORD_RESET: {"token": "t3", "expires_at": ""},
    MailTemplate.ONE_TIME_PASSWORD: {"token": "123456", "expires_at": ""},
    MailTemplate.PASSWORD_CHANGED: {"at": ""},
    MailTemplate.EMAIL_CHANGE: {"token": "t4", "expires_at": ""},
    MailTemplate.EMAIL_CHANGED: {"new_email": "neu@beispiel.de"},
    MailTemplate.ACCOUNT_LOCKED: {"until": "", "failures": "5"},
    MailTemplate.ACCESS_REQUEST_RECEIVED: {"deadline": "2025-03-29", "company": "Beispiel GmbH"},
    MailTemplate.INACTIVITY_NOTICE: {"deletion_at": ""},
    MailTemplate.DATA_EXPORT: {"exported_at": ""},
}
INSTANT = "2025-03-18T09:00:00+00:00"


def message(template: str, language: str, **params: str) -> OutboxMessage:
    filled = {key: value or INSTANT for key, value in PARAMS.get(template, {}).items()}
    return OutboxMessage(
        id="m1",
        recipient="anna@beispiel.de",
        template=template,
        params={**filled, **params},
        language=language,  # type: ignore[arg-type]
        created_at=MOMENT,
    )


def test_every_template_has_a_german_and_an_english_text() -> None:
    assert set(MAIL_TEXTS) == set(MailTemplate)
    for texts in MAIL_TEXTS.values():
        assert set(texts) == {"de", "en"}


@pytest.mark.parametrize("template", list(MailTemplate))
@pytest.mark.parametrize("language", ["de", "en"])
def test_every_template_renders_with_all_its_fields_filled(
    app: Flask, template: str, language: str
) -> None:
    with app.app_context():
        mail = render_mail(message(template, language))
    assert "{" not in mail.subject + mail.body
    assert mail.subject == MAIL_TEXTS[template][language][0].format(company="Beispiel GmbH")


def test_instants_are_shown_in_german_time() -> None:
    from flask import Flask as _Flask

    app = _Flask(__name__)
    with app.app_context():
        mail = render_mail(
            message(MailTemplate.PASSWORD_RESET, "de"), url=lambda endpoint, **v: "x"
        )
    assert "18.03.2025 10:00" in mail.body


def test_links_in_mails_come_from_the_base_url_never_from_the_request(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = MemoryStore()
    app = make_account_app(
        tmp_path,
        clock,
        store,
        ENVIRONMENT="production",
        SECRET_KEY=PRODUCTION_KEY,
        BASE_URL=PRODUCTION_URL,
        TRUSTED_HOSTS=["portal.example.de", "evil.example"],
    )
    client = app.test_client()
    page = client.get("/passwort-vergessen/", base_url="https://evil.example")
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)
    )
    assert token is not None
    client.post(
        "/passwort-vergessen/",
        base_url="https://evil.example",
        headers={"Referer": "https://evil.example/passwort-vergessen/"},
        data={"email": ADMIN.email, "csrf_token": token.group(1)},
    )
    (pending,) = store.outbox.values()
    with app.app_context():
        mail = render_mail(pending)
    assert mail.links == (f"{PRODUCTION_URL}/passwort-zuruecksetzen/{pending.params['token']}",)
    assert "evil.example" not in mail.body


@given(st.dictionaries(st.sampled_from(["token", "company", "expires_at", "x"]), st.text()))
def test_any_parameters_render_without_failing(params: dict[str, str]) -> None:
    from flask import Flask as _Flask

    app = _Flask(__name__)
    for template in [*MailTemplate, "unknown"]:
        for language in ("de", "en"):
            outbox = attrs.evolve(message(str(template), language), params=params)
            with app.app_context():
                mail = render_mail(outbox, url=lambda endpoint, **values: "https://p/x")
            assert mail.recipient == "anna@beispiel.de"


class FailingMailer:
    def send(self, mail: RenderedMail) -> None:
        raise ConnectionRefusedError("no mail server")


def test_delivery_marks_each_sent_mail_and_keeps_the_failed_ones(
    demo_app: Flask, demo_client: FlaskClient, store: MemoryStore
) -> None:
    post_form(demo_client, "/passwort-vergessen/", {"email": ADMIN.email})
    with demo_app.app_context():
        assert deliver_pending(accounts_of(demo_app), FailingMailer()) == (0, 1)
        assert len(store.outbox) == 1
        stream = io.StringIO()
        assert deliver_pending(accounts_of(demo_app), ConsoleMailer(stream)) == (1, 0)
    assert store.outbox == {}
    text = stream.getvalue()
    assert f"To: {ADMIN.email}" in text
    assert "Subject: Passwort zurücksetzen" in text


def test_send_mail_delivers_the_outbox_to_the_console(
    demo_app: Flask, demo_client: FlaskClient, store: MemoryStore
) -> None:
    post_form(demo_client, "/passwort-vergessen/", {"email": ADMIN.email})
    result = demo_app.test_cli_runner().invoke(args=["portal", "send-mail"])
    assert result.exit_code == 0
    assert "1 sent, 0 failed" in result.output
    assert "/passwort-zuruecksetzen/" in result.output
    assert store.outbox == {}


def test_send_mail_fails_when_a_mail_could_not_be_delivered(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = MemoryStore()
    app = make_account_app(tmp_path, clock, store)
    portal = app.extensions["portalkit"]
    app.extensions["portalkit"] = attrs.evolve(portal, mailer=FailingMailer())
    post_form(app.test_client(), "/passwort-vergessen/", {"email": ADMIN.email})
    result = app.test_cli_runner().invoke(args=["portal", "send-mail"])
    assert result.exit_code == 1
    assert "0 sent, 1 failed" in result.output
    assert len(store.outbox) == 1


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_development_mail_page_lists_the_outbox_newest_first(
    demo_client: FlaskClient, clock: FixedClock, language: str
) -> None:
    post_form(demo_client, "/passwort-vergessen/", {"email": ADMIN.email})
    clock.advance(dt.timedelta(minutes=1))
    post_form(demo_client, "/passwort-vergessen/", {"email": "max.manager@beispiel.de"})
    page = demo_client.get("/dev/mails/", headers={"Accept-Language": language})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.index("max.manager@beispiel.de") < text.index(ADMIN.email)
    heading = {"de": "E-Mails (Entwicklung)", "en": "Mails (development)"}
    assert heading[language] in text


def test_the_mail_page_does_not_exist_in_production(production_client: FlaskClient) -> None:
    response = production_client.get("/dev/mails/", base_url=PRODUCTION_URL)
    assert response.status_code == 404
