"""Fixtures of the portal tests, in the style of Flask's tutorial: app, client, runner."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from portalkit import FixedClock
from portalkit.adapters.flask import create_app

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
    """Return a development-mode portal with its instance folder in *tmp_path*."""
    config: dict[str, Any] = {
        "TESTING": True,
        "ENVIRONMENT": "development",
        "INSTANCE_PATH": str(tmp_path / "instance"),
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


def csrf_token(client: FlaskClient, path: str, **kwargs: Any) -> str:
    """Load the form at *path* and return its CSRF token."""
    page = client.get(path, **kwargs).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match is not None, "the page has no CSRF token"
    return match.group(1)


def post_form(client: FlaskClient, path: str, data: Mapping[str, str], **kwargs: Any) -> Any:
    """Post *data* to the form at *path* with a valid CSRF token."""
    return client.post(
        path, data={**data, "csrf_token": csrf_token(client, path, **kwargs)}, **kwargs
    )
