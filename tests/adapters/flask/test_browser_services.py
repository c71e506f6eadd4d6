"""A service change in a real browser (Debian's chromium, no JavaScript): preview, then confirm."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portalkit import FixedClock
from portalkit.adapters.memory import MemoryStore
from portalkit.services import ChangeKind, RequestStatus
from tests.adapters.flask.conftest import ADMIN, MOMENT, make_account_app
from tests.adapters.flask.test_browser import browser, serve
from tests.adapters.flask.test_browser_accounts import sign_in
from tests.adapters.flask.test_services import OFFICE, book_demo_services

__all__ = ["browser"]  # the module-scoped browser fixture, shared with test_browser


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def base_url(tmp_path: Path, store: MemoryStore) -> Iterator[str]:
    app = make_account_app(tmp_path, FixedClock(MOMENT), store)
    book_demo_services(app, store)
    server, thread = serve(app)
    try:
        yield f"http://127.0.0.1:{server.server_port}"
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


def click(page: Any, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).click()


def test_a_service_change_is_previewed_then_confirmed_in_german(
    page: Any, base_url: str, store: MemoryStore
) -> None:
    sign_in(page, base_url, ADMIN.email, ADMIN.password)
    click(page, "link", "Leistungen")
    assert page.locator("h1").inner_text() == "Ihre Leistungen"
    click(page, "link", f"{OFFICE} anpassen")
    page.get_by_label("Anpassung").select_option("minimize")
    page.get_by_label("Neue Menge (Minimieren und Maximieren)").fill("2")
    click(page, "button", "Zusammenfassung anzeigen")
    assert page.locator("h1").inner_text() == "Zusammenfassung Ihrer Änderung"
    assert page.locator("#effective").inner_text() == "Dienstag, 1. April 2025"
    assert page.locator("#cutoff").inner_text() == "Dienstag, 18. März 2025"
    assert store.change_requests == {}  # the preview submits nothing
    click(page, "button", "Änderung verbindlich einreichen")
    assert page.url == base_url + "/leistungen/"
    assert "Sie wird am 1. April 2025 wirksam" in page.locator(".flash").inner_text()
    assert "Reduzieren von 3 auf 2 × pro Woche" in page.locator("table").inner_text()
    (request,) = store.change_requests.values()
    assert (request.kind, request.quantity, request.status) == (
        ChangeKind.MINIMIZE,
        2,
        RequestStatus.SUBMITTED,
    )


def test_a_pause_is_previewed_corrected_and_confirmed_in_english(
    page: Any, base_url: str, store: MemoryStore
) -> None:
    sign_in(page, base_url, ADMIN.email, ADMIN.password, english=True)
    click(page, "link", "Services")
    click(page, "link", f"Adjust {OFFICE}")
    page.get_by_label("Adjustment").select_option("pause")
    page.get_by_label("Resumes on", exact=False).fill("2025-06-01")
    click(page, "button", "Show summary")
    assert page.locator("#effective").inner_text() == "Tuesday, April 1, 2025"
    assert page.locator("#cutoff").inner_text() == "Tuesday, March 18, 2025"
    click(page, "link", "Correct your entries")
    assert page.get_by_label("Resumes on", exact=False).input_value() == "2025-06-01"
    page.get_by_label("Resumes on", exact=False).fill("")
    click(page, "button", "Show summary")
    # Without an end the pause lasts the longest allowed: three months.
    assert "the service resumes on July 1, 2025" in page.locator("dl").inner_text()
    click(page, "button", "Submit change")
    assert "it takes effect on April 1, 2025" in page.locator(".flash").inner_text()
    (request,) = store.change_requests.values()
    assert request.kind is ChangeKind.PAUSE
    assert str(request.pause_until) == "2025-07-01"
