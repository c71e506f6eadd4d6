"""Login, logout, forgotten passwords, invitations and registration, in both languages."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portalkit.accounts import (
    InvalidCredentialsError,
    InvalidTokenError,
    MailTemplate,
    Operator,
    RegistrationMismatchError,
    TokenPurpose,
    User,
    UserStatus,
    create_company,
    invite_user,
)
from portalkit.adapters.flask.demo import DEMO_CUSTOMER_NUMBER
from portalkit.adapters.memory import MemoryStore
from portalkit.policy.roles import Role
from tests.adapters.flask.conftest import (
    ADMIN,
    EMPLOYEE,
    accounts_of,
    errors_in,
    flashes_in,
    link_path,
    mails_to,
    post_form,
    sign_in,
    signed_in_client,
)

LANGUAGES = ["de", "en"]


def headers(language: str) -> dict[str, str]:
    return {"Accept-Language": language}


def user_by_email(store: MemoryStore, email: str) -> User:
    return next(user for user in store.users.values() if str(user.email) == email)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_login_page_offers_e_mail_or_customer_number(
    demo_client: FlaskClient, language: str
) -> None:
    page = demo_client.get("/anmelden/", headers=headers(language)).get_data(as_text=True)
    expected = {"de": "E-Mail-Adresse oder Kundennummer", "en": "E-mail address or customer number"}
    assert expected[language] in page
    assert 'autocomplete="current-password"' in page


def test_signing_in_with_the_e_mail_address_opens_the_dashboard(demo_client: FlaskClient) -> None:
    response = sign_in(demo_client, ADMIN.email.upper(), ADMIN.password)
    assert response.headers["Location"] == "/uebersicht/"
    page = demo_client.get("/uebersicht/").get_data(as_text=True)
    assert "Beispiel GmbH" in page
    assert "Administrator" in page
    assert ADMIN.email in page


def test_with_a_customer_number_several_accounts_need_the_e_mail_address(
    demo_client: FlaskClient,
) -> None:
    alone = sign_in(demo_client, DEMO_CUSTOMER_NUMBER, ADMIN.password)
    assert alone.status_code == 400
    assert [InvalidCredentialsError().message("de")] == errors_in(alone)
    response = sign_in(demo_client, DEMO_CUSTOMER_NUMBER, ADMIN.password, email=ADMIN.email)
    assert response.headers["Location"] == "/uebersicht/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_account_and_a_wrong_password_get_the_same_answer(
    demo_client: FlaskClient, language: str
) -> None:
    demo_client.get(f"/anmelden/?lang={language}")
    unknown = sign_in(demo_client, "nobody@beispiel.de", ADMIN.password)
    wrong = sign_in(demo_client, ADMIN.email, "Falsch-Falsch-11!")
    assert 400 == unknown.status_code == wrong.status_code
    assert [InvalidCredentialsError().message(language)] == errors_in(unknown) == errors_in(wrong)


def test_five_failures_lock_the_account_and_even_the_right_password_is_refused(
    demo_client: FlaskClient, store: MemoryStore
) -> None:
    for _ in range(5):
        sign_in(demo_client, EMPLOYEE.email, "Falsch-Falsch-11!")
    locked = sign_in(demo_client, EMPLOYEE.email, EMPLOYEE.password)
    assert locked.status_code == 400
    assert [InvalidCredentialsError().message("de")] == errors_in(locked)
    assert UserStatus.LOCKED is user_by_email(store, EMPLOYEE.email).status
    assert len(mails_to(store, EMPLOYEE.email, MailTemplate.ACCOUNT_LOCKED)) == 1


def test_an_empty_login_form_names_each_missing_field(demo_client: FlaskClient) -> None:
    response = post_form(demo_client, "/anmelden/", {"login": "", "password": ""})
    assert response.status_code == 400
    assert errors_in(response) == [
        "Bitte geben Sie Ihre E-Mail-Adresse oder Kundennummer ein.",
        "Bitte geben Sie Ihr Passwort ein.",
    ]


def test_a_signed_in_visitor_of_the_login_page_goes_on_to_the_dashboard(demo_app: Flask) -> None:
    client = signed_in_client(demo_app)
    assert client.get("/anmelden/").headers["Location"] == "/uebersicht/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_forgot_password_answers_the_same_whether_or_not_the_account_exists(
    demo_client: FlaskClient, store: MemoryStore, language: str
) -> None:
    demo_client.get(f"/passwort-vergessen/?lang={language}")
    answers = []
    for email in (ADMIN.email, "nobody@beispiel.de"):
        response = post_form(demo_client, "/passwort-vergessen/", {"email": email})
        assert response.status_code == 303
        answers.append(flashes_in(demo_client.get(response.headers["Location"])))
    assert answers[0] == answers[1]
    assert len(answers[0]) == 1
    assert len(mails_to(store, ADMIN.email, MailTemplate.PASSWORD_RESET)) == 1
    assert mails_to(store, "nobody@beispiel.de", MailTemplate.PASSWORD_RESET) == []


def test_the_reset_link_sets_a_new_password(demo_client: FlaskClient, store: MemoryStore) -> None:
    post_form(demo_client, "/passwort-vergessen/", {"email": EMPLOYEE.email})
    (mail,) = mails_to(store, EMPLOYEE.email, MailTemplate.PASSWORD_RESET)
    path = f"/passwort-zuruecksetzen/{mail.params['token']}"
    new = "Regen-Bogen-58?"
    response = post_form(demo_client, path, {"password": new, "repeat": new})
    assert response.headers["Location"] == "/anmelden/"
    assert sign_in(demo_client, EMPLOYEE.email, new).headers["Location"] == "/uebersicht/"
    again = post_form(demo_client, path, {"password": new, "repeat": new})
    assert again.status_code == 400
    assert [InvalidTokenError(TokenPurpose.PASSWORD_RESET).message("de")] == errors_in(again)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_password_that_breaks_the_rules_shows_every_reason_at_once(
    demo_client: FlaskClient, store: MemoryStore, language: str
) -> None:
    post_form(demo_client, "/passwort-vergessen/", {"email": EMPLOYEE.email})
    (mail,) = mails_to(store, EMPLOYEE.email, MailTemplate.PASSWORD_RESET)
    path = f"/passwort-zuruecksetzen/{mail.params['token']}"
    demo_client.get(f"{path}?lang={language}")
    response = post_form(demo_client, path, {"password": "abc", "repeat": "abc"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("<li>") >= 3  # too short, a run (abc), no digit, ...
    assert "„abc“" in page if language == "de" else "abc" in page


def test_a_reset_with_two_different_passwords_is_refused(demo_client: FlaskClient) -> None:
    response = post_form(
        demo_client, "/passwort-zuruecksetzen/whatever", {"password": "a", "repeat": "b"}
    )
    assert response.status_code == 400
    assert errors_in(response) == ["Die beiden Passwörter stimmen nicht überein."]


def test_an_invitation_is_accepted_through_its_link(
    demo_app: Flask, demo_client: FlaskClient, store: MemoryStore
) -> None:
    admin = user_by_email(store, ADMIN.email)
    invitation = invite_user(
        accounts_of(demo_app), admin.id, email="neu@beispiel.de", role=Role.EMPLOYEE
    )
    path = f"/einladung/{invitation.secret}"
    assert demo_client.get(path).status_code == 200
    weak = post_form(
        demo_client,
        path,
        {"first_name": "Nora", "last_name": "Neu", "password": "x", "repeat": "x"},
    )
    assert weak.status_code == 400
    assert UserStatus.INVITED is user_by_email(store, "neu@beispiel.de").status
    good = "Winter-Apfel-37!"
    response = post_form(
        demo_client,
        path,
        {"first_name": "Nora", "last_name": "Neu", "password": good, "repeat": good},
    )
    assert response.headers["Location"] == "/anmelden/"
    assert sign_in(demo_client, "neu@beispiel.de", good).headers["Location"] == "/uebersicht/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_invitation_link_is_refused_in_the_readers_language(
    demo_client: FlaskClient, language: str
) -> None:
    demo_client.get(f"/einladung/nope?lang={language}")
    good = "Winter-Apfel-37!"
    response = post_form(
        demo_client,
        "/einladung/nope",
        {"first_name": "A", "last_name": "B", "password": good, "repeat": good},
    )
    assert response.status_code == 400
    assert [InvalidTokenError(TokenPurpose.INVITATION).message(language)] == errors_in(response)


@pytest.fixture
def new_company(demo_app: Flask) -> str:
    create_company(
        accounts_of(demo_app),
        Operator("op"),
        customer_number="200300",
        name="Neu AG",
        email_domains=["neu-ag.de"],
    )
    return "200300"


def test_self_registration_sends_an_activation_link_that_confirms_the_account(
    demo_client: FlaskClient, store: MemoryStore, new_company: str
) -> None:
    password = "Sommer-Regen-42!"
    response = post_form(
        demo_client,
        "/registrieren/",
        {
            "name": "Neu AG",
            "customer_number": new_company,
            "email": "chefin@neu-ag.de",
            "password": password,
            "repeat": password,
            "accepted_terms": "y",
        },
    )
    assert response.headers["Location"] == "/anmelden/"
    (mail,) = mails_to(store, "chefin@neu-ag.de", MailTemplate.ACTIVATION)
    before = sign_in(demo_client, "chefin@neu-ag.de", password)
    assert before.status_code == 400
    path = f"/aktivieren/{mail.params['token']}"
    assert demo_client.get(path).status_code == 200
    assert UserStatus.PENDING_ACTIVATION is user_by_email(store, "chefin@neu-ag.de").status
    assert post_form(demo_client, path, {}).headers["Location"] == "/anmelden/"
    assert sign_in(demo_client, "chefin@neu-ag.de", password).headers["Location"] == "/uebersicht/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_registration_that_does_not_match_the_record_is_refused(
    demo_client: FlaskClient, store: MemoryStore, new_company: str, language: str
) -> None:
    demo_client.get(f"/registrieren/?lang={language}")
    users = len(store.users)
    password = "Sommer-Regen-42!"
    response = post_form(
        demo_client,
        "/registrieren/",
        {
            "name": "Falsch GmbH",
            "customer_number": new_company,
            "email": "chefin@neu-ag.de",
            "password": password,
            "repeat": password,
            "accepted_terms": "y",
        },
    )
    assert response.status_code == 400
    assert [RegistrationMismatchError().message(language)] == errors_in(response)
    assert users == len(store.users)


def test_registration_needs_the_terms_accepted(
    demo_client: FlaskClient, store: MemoryStore, new_company: str
) -> None:
    password = "Sommer-Regen-42!"
    response = post_form(
        demo_client,
        "/registrieren/",
        {
            "name": "Neu AG",
            "customer_number": new_company,
            "email": "chefin@neu-ag.de",
            "password": password,
            "repeat": password,
        },
    )
    assert response.status_code == 400
    assert errors_in(response) == [
        "Bitte akzeptieren Sie die Nutzungsbedingungen, um sich zu registrieren."
    ]
    assert mails_to(store, "chefin@neu-ag.de", MailTemplate.ACTIVATION) == []


def test_an_unknown_activation_link_is_refused(demo_client: FlaskClient) -> None:
    response = post_form(demo_client, "/aktivieren/nope", {})
    assert response.status_code == 400
    assert [InvalidTokenError(TokenPurpose.ACTIVATION).message("de")] == errors_in(response)


def test_links_in_mails_lead_to_the_pages_that_redeem_them(
    demo_client: FlaskClient, store: MemoryStore
) -> None:
    post_form(demo_client, "/passwort-vergessen/", {"email": ADMIN.email})
    page = demo_client.get("/dev/mails/").get_data(as_text=True)
    (mail,) = mails_to(store, ADMIN.email, MailTemplate.PASSWORD_RESET)
    link = f"http://127.0.0.1:5000/passwort-zuruecksetzen/{mail.params['token']}"
    assert f'href="{link}"' in page
    assert demo_client.get(link_path(link)).status_code == 200


def test_forgot_password_with_a_customer_number_needs_the_matching_one(
    demo_client: FlaskClient, store: MemoryStore
) -> None:
    post_form(
        demo_client, "/passwort-vergessen/", {"email": ADMIN.email, "customer_number": "999999"}
    )
    assert mails_to(store, ADMIN.email, MailTemplate.PASSWORD_RESET) == []
    response = post_form(
        demo_client,
        "/passwort-vergessen/",
        {"email": ADMIN.email, "customer_number": DEMO_CUSTOMER_NUMBER},
    )
    assert response.status_code == 303
    assert len(mails_to(store, ADMIN.email, MailTemplate.PASSWORD_RESET)) == 1


def test_the_e_mail_field_for_customer_numbers_stays_open_once_used(
    demo_client: FlaskClient,
) -> None:
    closed = demo_client.get("/anmelden/").get_data(as_text=True)
    assert "<details>" in closed
    response = sign_in(demo_client, DEMO_CUSTOMER_NUMBER, "Falsch-11!", email=ADMIN.email)
    assert "<details open>" in response.get_data(as_text=True)
