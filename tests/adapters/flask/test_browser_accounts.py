"""Signing in, out and up in a real browser (Debian's chromium, no JavaScript).

Each test gets its own portal with the demo company on a fresh memory store, served by werkzeug
on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portalkit import FixedClock
from portalkit.adapters.flask import create_app
from portalkit.adapters.flask.demo import create_demo_data
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import ADMIN, GUEST, MANAGER, MOMENT, portal_on
from tests.adapters.flask.test_browser import browser, serve

__all__ = ["browser"]  # the module-scoped browser fixture, shared with test_browser


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    store = MemoryStore()
    portal = portal_on(store, FixedClock(MOMENT))
    app = create_app({"ENVIRONMENT": "development", "INSTANCE_PATH": str(tmp_path)}, portal=portal)
    assert portal.accounts is not None
    create_demo_data(portal.accounts)
    server, thread = serve(app)
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        # Links in mails come from BASE_URL, which must be where the browser finds the portal.
        app.config["BASE_URL"] = url
        yield url
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


def sign_in(page: Any, base_url: str, email: str, password: str, *, english: bool = False) -> None:
    page.goto(base_url + "/anmelden/" + ("?lang=en" if english else ""))
    login = "E-mail address or customer number" if english else "E-Mail-Adresse oder Kundennummer"
    page.get_by_label(login).fill(email)
    page.get_by_label("Password" if english else "Passwort", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in" if english else "Anmelden", exact=True).click()


def test_sign_in_and_out_and_the_back_button_shows_nothing_private(
    page: Any, base_url: str
) -> None:
    sign_in(page, base_url, ADMIN.email, ADMIN.password)
    assert page.url == base_url + "/uebersicht/"
    assert "Willkommen, Anna Adler" in page.locator("h1").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Ihr Konto", exact=True).click()
    assert ADMIN.email in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Abmelden").first.click()
    assert page.url == base_url + "/anmelden/"
    assert "Sie haben sich abgemeldet." in page.content()
    page.go_back()
    assert ADMIN.email not in page.content()
    assert "/anmelden/" in page.url


def test_failed_logins_lock_the_account_with_the_same_message(page: Any, base_url: str) -> None:
    message = "Benutzername oder Passwort"
    for _ in range(5):
        sign_in(page, base_url, GUEST.email, "Falsch-Falsch-11!")
        assert message in page.locator(".refusal").inner_text()
    sign_in(page, base_url, GUEST.email, GUEST.password)
    assert message in page.locator(".refusal").inner_text()
    assert page.url.startswith(base_url + "/anmelden/")


def test_forgot_and_reset_the_password_through_the_mail_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "/anmelden/")
    with page.expect_navigation():
        page.get_by_role("link", name="Passwort vergessen?").click()
    page.get_by_label("E-Mail-Adresse").fill(MANAGER.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Link senden").click()
    assert "Wenn es zu dieser Adresse einen Zugang gibt" in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="E-Mails (Entwicklung)").click()
    with page.expect_navigation():
        page.locator("article.mail a").first.click()
    page.get_by_label("Neues Passwort", exact=True).fill("Regen-Bogen-58?")
    page.get_by_label("Neues Passwort wiederholen").fill("Regen-Bogen-58?")
    with page.expect_navigation():
        page.get_by_role("button", name="Passwort speichern").click()
    assert "Ihr neues Passwort ist gesetzt." in page.content()
    sign_in(page, base_url, MANAGER.email, "Regen-Bogen-58?")
    assert page.url == base_url + "/uebersicht/"


def test_an_invitation_is_sent_and_accepted(browser: Any, base_url: str) -> None:
    admin = browser.new_context(locale="de-DE", java_script_enabled=False)
    newcomer = browser.new_context(locale="de-DE", java_script_enabled=False)
    try:
        page = admin.new_page()
        sign_in(page, base_url, ADMIN.email, ADMIN.password)
        with page.expect_navigation():
            page.get_by_role("link", name="Benutzer", exact=True).click()
        page.get_by_label("E-Mail-Adresse").fill("nora.neu@beispiel.de")
        with page.expect_navigation():
            page.get_by_role("button", name="Einladung senden").click()
        assert "Die Einladung an nora.neu@beispiel.de ist unterwegs." in page.content()
        page.goto(base_url + "/dev/mails/")
        link = page.locator("article.mail a").first.get_attribute("href")

        other = newcomer.new_page()
        other.goto(link)
        other.get_by_label("Vorname").fill("Nora")
        other.get_by_label("Nachname").fill("Neu")
        other.get_by_label("Neues Passwort", exact=True).fill("abc")
        other.get_by_label("Neues Passwort wiederholen").fill("abc")
        with other.expect_navigation():
            other.get_by_role("button", name="Zugang einrichten").click()
        assert other.locator(".refusal ul.violations li").count() >= 3
        other.get_by_label("Vorname").fill("Nora")
        other.get_by_label("Nachname").fill("Neu")
        other.get_by_label("Neues Passwort", exact=True).fill("Winter-Apfel-37!")
        other.get_by_label("Neues Passwort wiederholen").fill("Winter-Apfel-37!")
        with other.expect_navigation():
            other.get_by_role("button", name="Zugang einrichten").click()
        assert "Ihr Zugang ist eingerichtet." in other.content()
        sign_in(other, base_url, "nora.neu@beispiel.de", "Winter-Apfel-37!")
        assert "Willkommen, Nora Neu" in other.locator("h1").inner_text()
    finally:
        admin.close()
        newcomer.close()


def test_a_manager_is_refused_user_management_in_english(page: Any, base_url: str) -> None:
    sign_in(page, base_url, MANAGER.email, MANAGER.password, english=True)
    assert page.locator("h1").inner_text() == "Welcome, Max Marder"
    assert page.get_by_role("link", name="Users", exact=True).count() == 0
    page.goto(base_url + "/benutzer/")
    assert "Access denied" in page.locator("h1").inner_text()


def test_a_wrong_password_is_explained_in_english(page: Any, base_url: str) -> None:
    sign_in(page, base_url, ADMIN.email, "Falsch-Falsch-11!", english=True)
    assert "The user name or password is wrong." in page.locator(".refusal").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
