"""Mails through the file outbox in a real browser: reset a password, register and activate.

The portal writes each mail to its outbox; ``flask portal send-mail`` with ``MAIL_BACKEND=file``
delivers it as an .eml file into the instance folder, and the browser follows the link read
from that file, as a newcomer without a mail server would (no /dev/mails/ page involved).
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import attrs
import pytest
from flask import Flask

from portalkit import FixedClock
from portalkit.accounts import Operator, create_company
from portalkit.adapters.flask import create_app
from portalkit.adapters.flask.demo import create_demo_data
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import MANAGER, MOMENT, portal_on
from tests.adapters.flask.test_browser import browser, serve
from tests.adapters.flask.test_browser_accounts import context, page, sign_in

__all__ = ["browser", "context", "page"]  # fixtures shared with the other browser tests

_LINK = re.compile(r"https?://\S+")


@attrs.frozen
class Served:
    app: Flask
    url: str
    mails: Path

    def link_in_mail_to(self, recipient: str) -> str:
        """Deliver the outbox (send-mail); return the link of the newest mail to *recipient*."""
        result = self.app.test_cli_runner().invoke(args=["portal", "send-mail"])
        assert result.exit_code == 0, result.output
        found: list[tuple[float, EmailMessage]] = []
        for path in self.mails.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            if message["To"] == recipient:
                found.append((path.stat().st_mtime, message))
        assert found, f"no mail to {recipient} in {self.mails}"
        _, newest = max(found, key=lambda item: item[0])
        body = newest.get_body(preferencelist=("plain",))
        assert body is not None
        links = [link for link in _LINK.findall(body.get_content()) if link.startswith(self.url)]
        assert len(links) == 1, links
        return links[0]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    store = MemoryStore()
    portal = portal_on(store, FixedClock(MOMENT))
    instance = tmp_path / "instance"
    app = create_app(
        {"ENVIRONMENT": "development", "INSTANCE_PATH": str(instance), "MAIL_BACKEND": "file"},
        portal=portal,
    )
    assert portal.accounts is not None
    create_demo_data(portal.accounts)
    create_company(
        portal.accounts,
        Operator("op"),
        customer_number="200300",
        name="Neu AG",
        email_domains=["neu-ag.de"],
    )
    server, thread = serve(app)
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        # Links in mails come from BASE_URL, which must be where the browser finds the portal.
        app.config["BASE_URL"] = url
        yield Served(app, url, instance / "mails")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def test_forgot_and_reset_the_password_with_the_link_of_the_eml_file(
    page: Any, served: Served
) -> None:
    page.goto(served.url + "/anmelden/")
    with page.expect_navigation():
        page.get_by_role("link", name="Passwort vergessen?").click()
    page.get_by_label("E-Mail-Adresse").fill(MANAGER.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Link senden").click()
    assert "Wenn es zu dieser Adresse einen Zugang gibt" in page.content()

    page.goto(served.link_in_mail_to(MANAGER.email))
    page.get_by_label("Neues Passwort", exact=True).fill("Regen-Bogen-58?")
    page.get_by_label("Neues Passwort wiederholen").fill("Regen-Bogen-58?")
    with page.expect_navigation():
        page.get_by_role("button", name="Passwort speichern").click()
    assert "Ihr neues Passwort ist gesetzt." in page.content()
    sign_in(page, served.url, MANAGER.email, MANAGER.password)
    assert page.url.startswith(served.url + "/anmelden/")  # the old password is gone
    sign_in(page, served.url, MANAGER.email, "Regen-Bogen-58?")
    assert page.url == served.url + "/uebersicht/"


def test_register_in_english_and_activate_with_the_link_of_the_eml_file(
    page: Any, served: Served
) -> None:
    address, password = "chefin@neu-ag.de", "Sommer-Regen-42!"
    page.goto(served.url + "/registrieren/?lang=en")
    page.get_by_label("Last name or company name, as in your contract").fill("Neu AG")
    page.get_by_label("Customer number").fill("200300")
    page.get_by_label("E-mail address").fill(address)
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("Repeat the new password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()
    # Without the terms accepted: refused, with the reason in English.
    assert "Please accept the terms of use to register." in page.content()
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("Repeat the new password").fill(password)
    page.get_by_label("I accept the terms of use").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()
    assert "we have sent you a link to confirm your e-mail address" in page.content()
    sign_in(page, served.url, address, password, english=True)
    assert page.url.startswith(served.url + "/anmelden/")  # not confirmed yet

    page.goto(served.link_in_mail_to(address))
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert "Your account is confirmed. Please sign in." in page.content()
    sign_in(page, served.url, address, password, english=True)
    assert page.url == served.url + "/uebersicht/"
