"""The operators' side in a real browser: sign in, create a company, invite its first
administrator, who then accepts the invitation and signs in."""

from __future__ import annotations

from typing import Any

from portalkit.adapters.flask.demo import DEMO_OPERATOR_EMAIL, DEMO_OPERATOR_PASSWORD
from tests.adapters.flask.test_browser import browser
from tests.adapters.flask.test_browser_accounts import base_url, context, page, sign_in

__all__ = ["base_url", "browser", "context", "page"]  # fixtures shared with the other modules


def operator_sign_in(page: Any, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/betrieb/")
    assert "/betrieb/anmelden/" in page.url
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden", exact=True).click()


def test_an_operator_signs_in_and_invites_a_first_administrator(
    browser: Any, base_url: str, page: Any
) -> None:
    operator_sign_in(page, base_url, DEMO_OPERATOR_EMAIL, "Falsch-Falsch-11!")
    assert "Benutzername oder Passwort" in page.locator(".refusal").inner_text()
    operator_sign_in(page, base_url, DEMO_OPERATOR_EMAIL, DEMO_OPERATOR_PASSWORD)
    assert page.url == base_url + "/betrieb/"
    assert "Olga Betrieb" in page.locator("h1").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Firmen", exact=True).first.click()
    page.get_by_label("Kundennummer").fill("200345")
    page.get_by_label("Firmenname").fill("Muster AG")
    page.get_by_label("E-Mail-Domains", exact=False).fill("muster.de")
    with page.expect_navigation():
        page.get_by_role("button", name="Firma anlegen").click()
    assert page.locator("h1").inner_text() == "Muster AG"

    page.get_by_label("E-Mail-Adresse").fill("chefin@anderswo.de")
    with page.expect_navigation():
        page.get_by_role("button", name="Einladung senden").click()
    assert "muster.de" in page.locator(".refusal").inner_text()
    page.get_by_label("E-Mail-Adresse").fill("chefin@muster.de")
    with page.expect_navigation():
        page.get_by_role("button", name="Einladung senden").click()
    assert "Die Einladung an chefin@muster.de ist unterwegs." in page.content()

    page.goto(base_url + "/dev/mails/")
    link = page.locator("article.mail a").first.get_attribute("href")
    newcomer = browser.new_context(locale="de-DE", java_script_enabled=False)
    try:
        other = newcomer.new_page()
        other.goto(link)
        other.get_by_label("Vorname").fill("Clara")
        other.get_by_label("Nachname").fill("Chefin")
        other.get_by_label("Neues Passwort", exact=True).fill("Winter-Apfel-37!")
        other.get_by_label("Neues Passwort wiederholen").fill("Winter-Apfel-37!")
        with other.expect_navigation():
            other.get_by_role("button", name="Zugang einrichten").click()
        sign_in(other, base_url, "chefin@muster.de", "Winter-Apfel-37!")
        assert "Willkommen, Clara Chefin" in other.locator("h1").inner_text()
        assert other.get_by_role("link", name="Benutzer", exact=True).count() == 1
    finally:
        newcomer.close()

    page.goto(base_url + "/betrieb/")
    with page.expect_navigation():
        page.get_by_role("button", name="Abmelden (Olga Betrieb)").click()
    assert page.url == base_url + "/betrieb/anmelden/"
    page.goto(base_url + "/betrieb/firmen/")
    assert "/betrieb/anmelden/" in page.url
