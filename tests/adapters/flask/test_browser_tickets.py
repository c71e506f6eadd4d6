"""Tickets in a real browser (Debian's chromium, no JavaScript): open one, find it, another
company's ticket is not found, and an operator's answer reaches the customer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from portalkit import FixedClock
from portalkit.accounts import accept_invitation, create_company, invite_administrator
from portalkit.adapters.flask import create_app
from portalkit.adapters.flask.demo import (
    DEMO_OPERATOR,
    DEMO_OPERATOR_EMAIL,
    DEMO_OPERATOR_PASSWORD,
    create_demo_data,
)
from portalkit.adapters.memory import MemoryStore
from portalkit.tickets import use_cases as core
from tests.adapters.flask.conftest import ADMIN, MOMENT, portal_on
from tests.adapters.flask.test_browser import browser, serve
from tests.adapters.flask.test_browser_accounts import sign_in
from tests.adapters.flask.test_browser_operator import operator_sign_in

__all__ = ["browser"]  # the module-scoped browser fixture, shared with test_browser


@attrs.frozen
class Served:
    url: str
    foreign_reference: str


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    store = MemoryStore()
    portal = portal_on(store, FixedClock(MOMENT))
    assert portal.accounts is not None
    assert portal.tickets is not None
    app = create_app({"ENVIRONMENT": "development", "INSTANCE_PATH": str(tmp_path)}, portal=portal)
    create_demo_data(portal.accounts)
    # A second company with a ticket of its own.
    company = create_company(
        portal.accounts, DEMO_OPERATOR, customer_number="200345", name="Andere AG"
    )
    invitation = invite_administrator(
        portal.accounts, DEMO_OPERATOR, company.id, email="greta@andere.de"
    )
    greta = accept_invitation(
        portal.accounts,
        invitation.secret,
        first_name="Greta",
        last_name="Gans",
        password="Sonne-Insel-47!",
    )
    foreign = core.open_ticket(portal.tickets, greta.id, subject="Vertraulich", body="Intern")
    server, thread = serve(app)
    try:
        yield Served(f"http://127.0.0.1:{server.server_port}", str(foreign.reference))
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_open_a_ticket_find_it_in_the_list_and_by_a_sloppy_reference(
    page: Any, served: Served
) -> None:
    sign_in(page, served.url, ADMIN.email, ADMIN.password)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Tickets"
    ).click()
    page.get_by_role("link", name="Neues Ticket").click()
    page.get_by_label("Betreff").fill("Heizung 2. OG")
    page.get_by_label("Beschreibung Ihres Anliegens").fill("Seit heute Morgen bleibt es kalt.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ticket senden").click()
    assert page.url == served.url + "/tickets/T-2025-000002-94"
    assert page.locator("h1").inner_text() == "Heizung 2. OG"
    assert "Ihr Ticket T-2025-000002-94 ist eingegangen." in page.locator(".flashes").inner_text()
    assert "Seit heute Morgen bleibt es kalt." in page.locator(".conversation").inner_text()

    page.get_by_role("link", name="Zurück zur Liste").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Heizung 2. OG" in rows.first.inner_text()

    page.get_by_label("Ticket über die Referenznummer finden").fill("t 2025 000002 94")
    with page.expect_navigation():
        page.get_by_role("button", name="Ticket anzeigen").click()
    assert page.url == served.url + "/tickets/T-2025-000002-94"

    page.get_by_role("link", name="Übersicht").click()
    assert "T-2025-000002-94" in page.locator("#dashboard-tickets").locator("..").inner_text()


def test_a_typo_in_the_reference_is_explained(page: Any, served: Served) -> None:
    sign_in(page, served.url, ADMIN.email, ADMIN.password)
    page.goto(served.url + "/tickets/")
    page.get_by_label("Ticket über die Referenznummer finden").fill("T-2025-000002-49")
    with page.expect_navigation():
        page.get_by_role("button", name="Ticket anzeigen").click()
    assert "die Prüfziffern passen nicht" in page.get_by_role("alert").inner_text()


def test_another_companys_ticket_answers_404(page: Any, served: Served) -> None:
    sign_in(page, served.url, ADMIN.email, ADMIN.password)
    response = page.goto(f"{served.url}/tickets/{served.foreign_reference}")
    assert response.status == 404
    text = page.locator("main").inner_text()
    assert "Vertraulich" not in text
    assert f"Das Ticket {served.foreign_reference} wurde nicht gefunden." in text


def test_an_operator_takes_the_ticket_and_the_customer_reads_the_answer(
    browser: Any, page: Any, served: Served
) -> None:
    sign_in(page, served.url, ADMIN.email, ADMIN.password)
    page.goto(served.url + "/tickets/neu")
    page.get_by_label("Betreff").fill("Aufzug Haus B steht")
    page.get_by_label("Beschreibung Ihres Anliegens").fill("Er bleibt im 2. OG stehen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ticket senden").click()
    reference = page.url.rsplit("/", 1)[-1]

    staff = browser.new_context(locale="de-DE", java_script_enabled=False)
    try:
        desk = staff.new_page()
        operator_sign_in(desk, served.url, DEMO_OPERATOR_EMAIL, DEMO_OPERATOR_PASSWORD)
        desk.get_by_role("link", name="Tickets", exact=True).first.click()
        desk.locator("#queue").locator("..").get_by_role("link", name=reference).click()
        with desk.expect_navigation():
            desk.get_by_role("button", name="Zuweisen").click()
        assert "Das Ticket ist Olga Betrieb zugewiesen." in desk.locator(".flashes").inner_text()
        desk.get_by_label("Nachricht").first.fill("Der Techniker ist unterwegs.")
        with desk.expect_navigation():
            desk.get_by_role("button", name="Antwort senden").click()
        assert "Der Techniker ist unterwegs." in desk.locator(".conversation").inner_text()
    finally:
        staff.close()

    page.reload()
    assert "Der Techniker ist unterwegs." in page.locator(".conversation").inner_text()
    assert "Serviceteam" in page.locator(".conversation").inner_text()
