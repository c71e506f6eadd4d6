"""Fixtures of the portal tests, in the style of Flask's tutorial: app, client, runner."""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from portalkit import FixedClock
from portalkit.accounts import AccountServices, OutboxMessage
from portalkit.adapters.flask import Portal, create_app
from portalkit.adapters.flask.demo import DEMO_ACCOUNTS, DemoAccount, create_demo_data
from portalkit.adapters.memory import MemoryStore

BERLIN = ZoneInfo("Europe/Berlin")
# Tuesday 18 March 2025, 10:00 in Germany: support is open; a service change submitted today
# still reaches 1 April (the last day for it, seed 000).
MOMENT = dt.datetime(2025, 3, 18, 10, 0, tzinfo=BERLIN)
PRODUCTION_URL = "https://portal.example.de"
PRODUCTION_KEY = "k" * 40

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _no_portal_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The developer's own PORTALKIT_* settings must not leak into the tests.
    import os

    for name in list(os.environ):
        if name.startswith("PORTALKIT_"):
            monkeypatch.delenv(name)


def make_app(tmp_path: Path, clock: FixedClock, **settings: Any) -> Flask:
    """Return a development-mode portal with its instance folder in *tmp_path*.

    Its data live in memory unless *settings* say otherwise: the portal's default, SQLite, is
    tested on its own (test_storage.py), and memory keeps the many page tests fast.
    """
    config: dict[str, Any] = {
        "TESTING": True,
        "ENVIRONMENT": "development",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "STORAGE": "memory",
        # Fast hashes keep the tests quick; production refuses them, so it gets the real ones.
        "PASSWORD_HASHING": (
            "argon2id" if settings.get("ENVIRONMENT") == "production" else "insecure-fast-for-tests"
        ),
    }
    config.update(settings)
    return create_app(config, clock=clock)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MOMENT)


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock) -> Flask:
    return make_app(tmp_path, clock)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def production_app(tmp_path: Path, clock: FixedClock) -> Flask:
    return make_app(
        tmp_path,
        clock,
        ENVIRONMENT="production",
        SECRET_KEY=PRODUCTION_KEY,
        BASE_URL=PRODUCTION_URL,
    )


@pytest.fixture
def production_client(production_app: Flask) -> FlaskClient:
    return production_app.test_client()


def without_tokens(page: str) -> str:
    """Return *page* with the value of every form token left out (for comparing pages).

    A token is signed with the second it was made in: two renderings of one page differ in
    it when a second passes between them.
    """
    masked, count = _CSRF.subn('name="csrf_token" type="hidden" value=""', page)
    assert count >= 1, "the page has no CSRF token"
    return masked


def csrf_token(client: FlaskClient, path: str, **kwargs: Any) -> str:
    """Load the form at *path* and return its CSRF token."""
    page = client.get(path, follow_redirects=True, **kwargs).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match is not None, "the page has no CSRF token"
    return match.group(1)


def post_form(client: FlaskClient, path: str, data: Mapping[str, str], **kwargs: Any) -> Any:
    """Post *data* to the form at *path* with a valid CSRF token."""
    return client.post(
        path, data={**data, "csrf_token": csrf_token(client, path, **kwargs)}, **kwargs
    )


# --- Accounts: a portal on a memory store the tests can look into, with the demo company ---

ADMIN, MANAGER, EMPLOYEE, GUEST = DEMO_ACCOUNTS
_ERROR = re.compile(r'<p class="error"[^>]*>([^<]+)</p>')
_FLASH = re.compile(r'<p class="flash flash-(\w+)">([^<]+)</p>')


def on_store(portal: Portal, store: MemoryStore) -> Portal:
    """Return *portal* with every area (accounts, tickets, services) on *store*.

    As in a real portal, whose areas share one storage: a page of one area may read another's
    data (the dashboard shows tickets and service changes), which a second store would not know.
    """
    areas: dict[str, Any] = {
        name: attrs.evolve(area, unit_of_work=store.unit_of_work)
        for name, area in (
            ("accounts", portal.accounts),
            ("tickets", portal.tickets),
            ("services", portal.services),
        )
        if area is not None
    }
    return attrs.evolve(portal, **areas)


def portal_on(store: MemoryStore, clock: FixedClock) -> Portal:
    """Return a portal (Bavarian holidays, fast hashes) keeping every area in *store*."""
    portal = Portal.from_config(
        {"HOLIDAY_STATE": "BY", "PASSWORD_HASHING": "insecure-fast-for-tests"}, clock=clock
    )
    return on_store(portal, store)


def make_account_app(
    tmp_path: Path, clock: FixedClock, store: MemoryStore, **settings: Any
) -> Flask:
    """Return a development portal whose data live in *store*, with the demo data."""
    portal = portal_on(store, clock)
    config: dict[str, Any] = {
        "TESTING": True,
        "ENVIRONMENT": "development",
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    config.update(settings)
    app = create_app(config, portal=portal)
    assert portal.accounts is not None
    create_demo_data(portal.accounts)
    return app


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def demo_app(tmp_path: Path, clock: FixedClock, store: MemoryStore) -> Flask:
    return make_account_app(tmp_path, clock, store)


@pytest.fixture
def demo_client(demo_app: Flask) -> FlaskClient:
    return demo_app.test_client()


def accounts_of(app: Flask) -> AccountServices:
    """Return the account services of *app*."""
    services = app.extensions["portalkit"].accounts
    assert services is not None
    return services


def sign_in(client: FlaskClient, login: str, password: str, **fields: str) -> Any:
    """Post the login form; return the response (signed in or not)."""
    # The token comes from another form: a signed-in visitor of the login page is sent on.
    token = csrf_token(client, "/passwort-vergessen/")
    data = {"login": login, "password": password, **fields, "csrf_token": token}
    return client.post("/anmelden/", data=data)


def signed_in_client(app: Flask, account: DemoAccount = ADMIN) -> FlaskClient:
    """Return a new client of *app* signed in as *account*."""
    client = app.test_client()
    response = sign_in(client, account.email, account.password)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def errors_in(response: Any) -> list[str]:
    """Return the error messages a page shows (field errors and refusals)."""
    return [html.unescape(text).strip() for text in _ERROR.findall(response.get_data(as_text=True))]


def flashes_in(response: Any) -> list[tuple[str, str]]:
    """Return the flash messages of a page with their categories."""
    found = _FLASH.findall(response.get_data(as_text=True))
    return [(category, html.unescape(text)) for category, text in found]


def mails_to(store: MemoryStore, recipient: str, template: str) -> list[OutboxMessage]:
    """Return the pending mails of *template* to *recipient*, oldest first."""
    return [
        message
        for message in store.outbox.values()
        if message.recipient == recipient and message.template == template
    ]


def link_path(url: str) -> str:
    """Return the path of an absolute link from a mail."""
    return urllib.parse.urlsplit(url).path
