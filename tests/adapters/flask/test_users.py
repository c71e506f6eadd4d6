"""User management: administrators only; the domain rule and the last administrator explained."""

from __future__ import annotations

import pytest
from flask import Flask

from portalkit.accounts import (
    EmailOutsideCompanyDomainsError,
    LastAdministratorError,
    MailTemplate,
    User,
    UserStatus,
)
from portalkit.adapters.memory import MemoryStore
from portalkit.policy.roles import Action, Role
from tests.adapters.flask.conftest import (
    ADMIN,
    EMPLOYEE,
    GUEST,
    MANAGER,
    csrf_token,
    errors_in,
    flashes_in,
    mails_to,
    signed_in_client,
)

LANGUAGES = ["de", "en"]


def user_by_email(store: MemoryStore, email: str) -> User:
    return next(user for user in store.users.values() if str(user.email) == email)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_administrator_sees_every_user_and_the_domain_rule(
    demo_app: Flask, language: str
) -> None:
    client = signed_in_client(demo_app)
    page = client.get("/benutzer/", headers={"Accept-Language": language}).get_data(as_text=True)
    for account in (ADMIN, MANAGER, EMPLOYEE, GUEST):
        assert account.email in page
    rule = {
        "de": "Adressen mit der Endung beispiel.de",
        "en": "addresses ending in beispiel.de",
    }
    assert rule[language] in page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("account", [MANAGER, EMPLOYEE, GUEST], ids=lambda a: a.role.value)
def test_anyone_but_an_administrator_is_refused_user_management(
    demo_app: Flask, language: str, account: object
) -> None:
    client = signed_in_client(demo_app, account)  # type: ignore[arg-type]
    response = client.get("/benutzer/", headers={"Accept-Language": language})
    assert response.status_code == 403
    title = {"de": "Zugriff verweigert", "en": "Access denied"}
    assert title[language] in response.get_data(as_text=True)


def test_a_manager_cannot_invite_by_posting_directly(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app, MANAGER)
    token = csrf_token(client, "/konto/")
    users = len(store.users)
    response = client.post(
        "/benutzer/einladen",
        data={"email": "x@beispiel.de", "role": "administrator", "csrf_token": token},
    )
    assert response.status_code == 403
    assert len(store.users) == users


def test_an_invitation_inside_the_domain_is_mailed(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app)
    token = csrf_token(client, "/benutzer/")
    response = client.post(
        "/benutzer/einladen",
        data={"email": "neu@beispiel.de", "role": "manager", "csrf_token": token},
    )
    assert response.status_code == 303
    assert user_by_email(store, "neu@beispiel.de").role is Role.MANAGER
    assert len(mails_to(store, "neu@beispiel.de", MailTemplate.INVITATION)) == 1
    flashes = flashes_in(client.get("/benutzer/"))
    assert flashes == [("success", "Die Einladung an neu@beispiel.de ist unterwegs.")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_invitation_outside_the_domain_is_refused_with_the_rule(
    demo_app: Flask, store: MemoryStore, language: str
) -> None:
    client = signed_in_client(demo_app)
    token = csrf_token(client, f"/benutzer/?lang={language}")
    users = len(store.users)
    response = client.post(
        "/benutzer/einladen",
        data={"email": "eve@evil-beispiel.de", "role": "employee", "csrf_token": token},
    )
    assert response.status_code == 400
    expected = EmailOutsideCompanyDomainsError("eve@evil-beispiel.de", ("beispiel.de",))
    assert errors_in(response) == [expected.message(language)]
    assert len(store.users) == users


def test_an_invitation_with_an_unknown_role_is_refused(demo_app: Flask) -> None:
    client = signed_in_client(demo_app)
    token = csrf_token(client, "/benutzer/")
    response = client.post(
        "/benutzer/einladen",
        data={"email": "neu@beispiel.de", "role": "emperor", "csrf_token": token},
    )
    assert response.status_code == 400


def test_the_administrator_changes_a_role(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app)
    employee = user_by_email(store, EMPLOYEE.email)
    token = csrf_token(client, "/benutzer/")
    response = client.post(
        f"/benutzer/{employee.id}/rolle",
        data={f"u-{employee.id}-role": "manager", "csrf_token": token},
    )
    assert response.status_code == 303
    assert store.users[employee.id].role is Role.MANAGER


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_last_administrator_cannot_step_down_and_is_told_why(
    demo_app: Flask, store: MemoryStore, language: str
) -> None:
    client = signed_in_client(demo_app)
    admin = user_by_email(store, ADMIN.email)
    token = csrf_token(client, f"/benutzer/?lang={language}")
    for path, data in (
        (f"/benutzer/{admin.id}/rolle", {f"u-{admin.id}-role": "employee"}),
        (f"/benutzer/{admin.id}/deaktivieren", {}),
    ):
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 400
        assert errors_in(response) == [LastAdministratorError(admin.id).message(language)]
        assert store.users[admin.id].is_active_administrator


def test_deactivate_and_reactivate_a_user(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app)
    guest = user_by_email(store, GUEST.email)
    token = csrf_token(client, "/benutzer/")
    deactivated = client.post(f"/benutzer/{guest.id}/deaktivieren", data={"csrf_token": token})
    assert deactivated.status_code == 303
    assert store.users[guest.id].status is UserStatus.DEACTIVATED
    page = client.get("/benutzer/").get_data(as_text=True)
    assert "Reaktivieren" in page
    reactivated = client.post(f"/benutzer/{guest.id}/reaktivieren", data={"csrf_token": token})
    assert reactivated.status_code == 303
    assert store.users[guest.id].status is UserStatus.ACTIVE


def test_an_unknown_user_is_not_found(demo_app: Flask) -> None:
    client = signed_in_client(demo_app)
    token = csrf_token(client, "/benutzer/")
    response = client.post("/benutzer/no-such-user/deaktivieren", data={"csrf_token": token})
    assert response.status_code == 404


def test_the_administrator_names_authorised_contacts(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app)
    manager = user_by_email(store, MANAGER.email)
    token = csrf_token(client, "/benutzer/")
    response = client.post(
        f"/benutzer/{manager.id}/bevollmaechtigung",
        data={f"a-{manager.id}-place_order": "y", "csrf_token": token},
    )
    assert response.status_code == 303
    assert store.users[manager.id].authorised_for == {Action.PLACE_ORDER}
    page = client.get("/benutzer/").get_data(as_text=True)
    assert page.count("checked") == 1
    cleared = client.post(f"/benutzer/{manager.id}/bevollmaechtigung", data={"csrf_token": token})
    assert cleared.status_code == 303
    assert store.users[manager.id].authorised_for == frozenset()


def test_a_manager_cannot_name_authorised_contacts(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app, MANAGER)
    manager = user_by_email(store, MANAGER.email)
    token = csrf_token(client, "/konto/")
    response = client.post(
        f"/benutzer/{manager.id}/bevollmaechtigung",
        data={f"a-{manager.id}-place_order": "y", "csrf_token": token},
    )
    assert response.status_code == 403
    assert store.users[manager.id].authorised_for == frozenset()


@pytest.mark.parametrize("path", ["/benutzer/", "/konto/", "/uebersicht/"])
def test_pages_with_several_forms_repeat_no_id(demo_app: Flask, path: str) -> None:
    import re

    page = signed_in_client(demo_app).get(path).get_data(as_text=True)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
