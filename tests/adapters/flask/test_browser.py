"""The portal in a real browser: Debian's chromium driven by Playwright, no JavaScript needed.

The browser is the system's ``/usr/bin/chromium`` (never a downloaded one). Without it these
tests skip locally with the reason, and fail in CI (``CI=true``), whose script installs it.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from portalkit import FixedClock
from portalkit.adapters.flask import Portal, create_app
from tests.adapters.flask.conftest import MOMENT

CHROMIUM = Path(os.environ.get("PORTALKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    reason = f"no browser at {CHROMIUM}: install it with `apt-get install chromium`"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests, but there is {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def serve(app: Flask) -> tuple[BaseWSGIServer, threading.Thread]:
    """Serve *app* on a free port of 127.0.0.1 in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    portal = Portal.from_config({"HOLIDAY_STATE": "BY"}, clock=FixedClock(MOMENT))
    app = create_app(
        {
            "ENVIRONMENT": "development",
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        },
        portal=portal,
    )
    server, thread = serve(app)
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # A fresh context per test: its own cookies, German first like most of the portal's users.
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def test_the_start_page_loads_in_german(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Ihr Kundenportal"
    assert page.locator("html").get_attribute("lang") == "de"


def test_the_language_switch_turns_the_portal_english_and_back(page: Any, base_url: str) -> None:
    page.goto(base_url + "/fristen/")
    page.get_by_role("link", name="English").click()
    assert base_url + "/fristen/" == page.url
    assert page.locator("h1").inner_text() == "Deadlines"
    page.get_by_role("link", name="Start").click()
    assert page.locator("h1").inner_text() == "Your customer portal"
    page.get_by_role("link", name="Deutsch").click()
    assert page.locator("h1").inner_text() == "Ihr Kundenportal"


def test_the_password_check_shows_every_violation_and_the_back_button_works(
    page: Any, base_url: str
) -> None:
    page.goto(base_url + "/")
    page.get_by_role("link", name="Passwortregeln").click()
    page.get_by_label("Passwort", exact=True).fill("abc")
    with page.expect_navigation():
        page.get_by_role("button", name="Passwort prüfen").click()
    items = page.locator("ul.violations li")
    assert items.count() == 5
    assert "Das Passwort verletzt 5 Regeln:" in page.locator("#result").inner_text()
    assert page.get_by_label("Passwort", exact=True).input_value() == ""
    page.go_back()
    assert base_url + "/passwortregeln/" == page.url
    assert page.locator("ul.violations li").count() == 0
    page.go_back()
    assert page.locator("h1").inner_text() == "Ihr Kundenportal"


def test_a_good_password_passes_in_english(page: Any, base_url: str) -> None:
    page.goto(base_url + "/passwortregeln/?lang=en")
    page.get_by_label("Password", exact=True).fill("Herbst-Laub#Tee7")
    with page.expect_navigation():
        page.get_by_role("button", name="Check password").click()
    assert "This password meets every rule." in page.locator("#result").inner_text()


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_the_stylesheet_loads_under_the_content_security_policy(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    colour = page.locator(".site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert colour == "rgb(11, 79, 138)"


def test_the_form_is_filled_in_reading_order_with_the_keyboard(page: Any, base_url: str) -> None:
    page.goto(base_url + "/passwortregeln/")
    page.get_by_label("Passwort", exact=True).focus()
    order = []
    for _ in range(5):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.name || document.activeElement.type"))
    assert order == ["first_name", "last_name", "company_name", "email", "submit"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("niemand@example.de")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Submitting with Enter works without scripts; the empty password is asked for.
    assert "Bitte geben Sie ein Passwort zum Prüfen ein." in page.content()
    assert page.get_by_label("E-Mail-Adresse").input_value() == "niemand@example.de"


def test_the_screenshot_script_takes_every_picture_of_the_guide(
    browser: Any, tmp_path: Path
) -> None:
    import importlib.util

    script = Path(__file__).parents[3] / "tools" / "portal_screenshots.py"
    spec = importlib.util.spec_from_file_location("portal_screenshots", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    taken = module.take_screenshots(browser, tmp_path)
    guide = (Path(__file__).parents[3] / "docs" / "portal.md").read_text()
    pictures = [path.name for path in taken]
    assert pictures == sorted(set(re.findall(r"images/(portal-[\w-]+\.png)", guide)))
    for picture in taken:
        assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
