"""Take the screenshots of docs/portal.md: `make screenshots` (needs /usr/bin/chromium).

The portal runs with a fixed clock (Tuesday 18 March 2025, 10:00 in Germany), so that the
pictures show the same deadlines as the examples in the docs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from portalkit import FixedClock
from portalkit.adapters.flask import create_app
from portalkit.adapters.flask.demo import (
    DEMO_ACCOUNTS,
    DEMO_OPERATOR,
    DEMO_OPERATOR_EMAIL,
    DEMO_OPERATOR_PASSWORD,
)
from portalkit.tickets import use_cases as tickets

MOMENT = dt.datetime(2025, 3, 18, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def take_screenshots(browser: Browser, folder: Path) -> list[Path]:
    """Serve the portal on 127.0.0.1 and photograph its pages with *browser* into *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as instance:
        app = create_app(
            {
                "ENVIRONMENT": "development",
                "INSTANCE_PATH": instance,
                "SUPPORT_PHONE": "+49 89 1234 5678",
                "DEMO_DATA": True,
                # Pictures only: the demo passwords need no real hashing here.
                "PASSWORD_HASHING": "insecure-fast-for-tests",
            },
            clock=FixedClock(MOMENT),
        )
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            desk = browser.new_context(locale="de-DE", viewport={"width": 1100, "height": 800})
            page = desk.new_page()
            page.goto(base + "/")
            page.screenshot(path=folder / "portal-start.png", full_page=True)
            page.goto(base + "/passwortregeln/")
            page.get_by_label("Passwort", exact=True).fill("abc123")
            page.get_by_role("button", name="Passwort prüfen").click()
            page.screenshot(path=folder / "portal-password-check.png", full_page=True)
            page.goto(base + "/zugang-beantragen/")
            page.screenshot(path=folder / "portal-request-access.png", full_page=True)
            page.goto(base + "/fristen/?lang=en")
            page.screenshot(path=folder / "portal-deadlines-en.png", full_page=True)
            page.goto(base + "/anmelden/?lang=de")
            page.screenshot(path=folder / "portal-login.png", full_page=True)
            page.get_by_label("E-Mail-Adresse oder Kundennummer").fill(DEMO_ACCOUNTS[0].email)
            page.get_by_label("Passwort", exact=True).fill(DEMO_ACCOUNTS[0].password)
            page.get_by_role("button", name="Anmelden", exact=True).click()
            page.screenshot(path=folder / "portal-dashboard.png", full_page=True)
            page.goto(base + "/benutzer/")
            page.screenshot(path=folder / "portal-users.png", full_page=True)
            page.goto(base + "/leistungen/")
            page.screenshot(path=folder / "portal-services.png", full_page=True)
            page.get_by_role("link", name="Glasreinigung anpassen").click()
            page.get_by_label("Anpassung").select_option("pause")
            page.get_by_role("button", name="Zusammenfassung anzeigen").click()
            page.screenshot(path=folder / "portal-service-preview.png", full_page=True)
            reference = _ticket_screenshots(app, page, base, folder)
            desk.close()
            staff = browser.new_context(locale="de-DE", viewport={"width": 1100, "height": 800})
            page = staff.new_page()
            page.goto(base + "/betrieb/anmelden/")
            page.get_by_label("E-Mail-Adresse").fill(DEMO_OPERATOR_EMAIL)
            page.get_by_label("Passwort", exact=True).fill(DEMO_OPERATOR_PASSWORD)
            page.get_by_role("button", name="Anmelden", exact=True).click()
            page.screenshot(path=folder / "portal-operator-home.png", full_page=True)
            page.get_by_role("link", name="Firmen", exact=True).first.click()
            page.get_by_role("link", name="Beispiel GmbH").click()
            page.screenshot(path=folder / "portal-operator-company.png", full_page=True)
            page.goto(base + "/betrieb/leistungen/")
            page.screenshot(path=folder / "portal-operator-services.png", full_page=True)
            # The ticket in the operators' queue, internal note included.
            page.goto(base + "/betrieb/tickets/")
            page.screenshot(path=folder / "portal-operator-tickets.png", full_page=True)
            page.goto(f"{base}/betrieb/tickets/{reference}")
            page.screenshot(path=folder / "portal-operator-ticket.png", full_page=True)
            staff.close()
            phone = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
            phone.new_page().goto(base + "/")
            phone.pages[0].screenshot(path=folder / "portal-start-phone.png")
            phone.close()
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
    return sorted(folder.glob("portal-*.png"))


def _ticket_screenshots(app: Flask, page: Page, base: str, folder: Path) -> str:
    """Photograph a ticket opened through the form and answered by the service team, its list
    and the dashboard with its SLA due times; return its reference number."""
    page.goto(base + "/tickets/neu")
    page.get_by_label("Betreff").fill("Licht in der Tiefgarage flackert")
    page.get_by_label("Beschreibung Ihres Anliegens").fill(
        "Die Leuchten auf Ebene -1 flackern seit gestern Abend, bei den Stellplätzen 40–52."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ticket senden").click()
    reference = page.url.rsplit("/", 1)[-1]
    services = app.extensions["portalkit"].tickets
    tickets.assign(services, DEMO_OPERATOR, reference)
    tickets.add_note(services, DEMO_OPERATOR, reference, "Wartungsvertrag Elektro, Firma Huber.")
    tickets.ask_customer(
        services, DEMO_OPERATOR, reference, "Flackern alle Leuchten oder nur einzelne?"
    )
    page.goto(f"{base}/tickets/{reference}")
    page.screenshot(path=folder / "portal-ticket.png", full_page=True)
    page.goto(base + "/tickets/")
    page.screenshot(path=folder / "portal-tickets.png", full_page=True)
    page.goto(base + "/uebersicht/")
    page.screenshot(path=folder / "portal-dashboard.png", full_page=True)
    return reference


def main(argv: Sequence[str] | None = None) -> int:
    """Write the screenshots into the folder given (docs/images by default)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default="docs/images", type=Path)
    folder: Path = parser.parse_args(argv).folder
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for path in take_screenshots(browser, folder):
                print(path)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
