"""Every page of the portal, signed in as a customer and as an operator, keeps the defaults.

test_security.py checks the headers on the public pages; this walks every GET route of the
URL map (a new page is walked without being listed) with the demo data: tickets, services, a
pending change. Each answer carries the security headers and ``Cache-Control: no-store``, and
no page or template holds what the Content-Security-Policy would block (inline scripts, inline
styles, event-handler attributes, ``javascript:`` links).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

import portalkit.adapters.flask
from portalkit import FixedClock
from portalkit.adapters.flask.storage import MemoryStorage
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import ADMIN, MOMENT, make_app, signed_in_client
from tests.adapters.flask.test_operator_login import operator_client

# What the policy (no script-src, style-src 'self') would block, or what needs a script.
_BLOCKED = re.compile(
    r"<script|<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:|<iframe|<object|<embed",
    re.IGNORECASE,
)
_TOKEN_PAGES = {"auth.accept_invitation", "auth.activate", "auth.reset_password"}
_TOKEN_PAGES |= {"account.confirm_email"}


def _get_pages(app: Flask, store: MemoryStore) -> dict[str, str]:
    """Return a path for each GET route (static files aside), its arguments from the demo."""
    company = next(c for c in store.companies.values() if c.customer_number == "100234")
    values = {
        "token": "not-a-valid-link",
        "company_id": company.id,
        "reference": str(min(store.tickets)),
        "service_id": min(store.booked_services),
        "request_id": next(r.id for r in store.change_requests.values() if r.is_live),
    }
    pages = {}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" in (rule.methods or ()) and rule.endpoint != "static":
                arguments = {name: values[name] for name in rule.arguments}
                pages[rule.endpoint] = url_for(rule.endpoint, **arguments)
    return pages


@pytest.fixture
def full_app(tmp_path: Path, clock: FixedClock) -> Flask:
    """A development portal with every part of the demo data, as ``make run`` has them."""
    return make_app(tmp_path, clock, DEMO_DATA=True)


@pytest.fixture
def full_demo(full_app: Flask) -> dict[str, str]:
    storage = full_app.extensions["portalkit"].storage
    assert isinstance(storage, MemoryStorage)
    return _get_pages(full_app, storage.store)


def _check(client: FlaskClient, path: str) -> int:
    response = client.get(path)
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "script-src" not in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    found = _BLOCKED.search(response.get_data(as_text=True))
    assert found is None, f"{path}: {found.group(0) if found else ''}"
    return response.status_code


def test_every_customer_page_signed_in_keeps_the_headers_and_no_inline_code(
    full_app: Flask, full_demo: dict[str, str]
) -> None:
    client = signed_in_client(full_app, ADMIN)
    statuses = {endpoint: _check(client, path) for endpoint, path in full_demo.items()}
    customer_pages = {
        endpoint
        for endpoint, path in full_demo.items()
        if not path.startswith("/betrieb/") and endpoint not in _TOKEN_PAGES
    }
    # The administrator reaches every customer page (so their contents were looked at), the
    # ticket, the service and the pending change of the demo included.
    # Signed in, the login page sends on; a search without a reference explains what is missing.
    others = {e: statuses[e] for e in customer_pages if statuses[e] != 200}
    assert others == {"auth.login": 303, "tickets.find": 400}
    assert {"tickets.detail", "services.adjust", "services.change", "users.index"} <= {
        e for e in customer_pages if statuses[e] == 200
    }
    assert all(statuses[e] < 500 for e in statuses)


def test_every_operator_page_signed_in_keeps_the_headers_and_no_inline_code(
    full_app: Flask, full_demo: dict[str, str]
) -> None:
    client = operator_client(full_app)
    statuses = {endpoint: _check(client, path) for endpoint, path in full_demo.items()}
    operator_pages = {e for e, path in full_demo.items() if path.startswith("/betrieb/")}
    others = {e: statuses[e] for e in operator_pages if statuses[e] != 200}
    assert others == {"operator.login": 303, "operator_tickets.find": 400}
    assert {"operator_tickets.detail", "operator.company", "operator_services.company"} <= {
        e for e in operator_pages if statuses[e] == 200
    }
    assert all(statuses[e] < 500 for e in statuses)


def test_no_template_holds_inline_code() -> None:
    root = Path(portalkit.adapters.flask.__file__).parent
    templates = sorted(root.rglob("templates/**/*.html"))
    assert len(templates) > 20
    offending = {
        str(path.relative_to(root)): found.group(0)
        for path in templates
        if (found := _BLOCKED.search(path.read_text(encoding="utf-8")))
    }
    assert offending == {}


@pytest.fixture(scope="module")
def walkers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, FlaskClient, FlaskClient]:
    """A full demo portal with a signed-in customer and a signed-in operator, for many examples."""
    app = make_app(tmp_path_factory.mktemp("walk"), FixedClock(MOMENT), DEMO_DATA=True)
    return app, signed_in_client(app, ADMIN), operator_client(app)


def _parametrised_get_routes(app: Flask) -> list[tuple[str, tuple[str, ...]]]:
    return sorted(
        (rule.endpoint, tuple(sorted(rule.arguments)))
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and rule.arguments and rule.endpoint != "static"
    )


@settings(deadline=None, max_examples=150)
@given(
    data=st.data(),
    value=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=120),
    as_operator=st.booleans(),
)
def test_any_id_in_any_address_is_answered_without_a_server_error(
    walkers: tuple[Flask, FlaskClient, FlaskClient],
    data: st.DataObject,
    value: str,
    as_operator: bool,
) -> None:
    app, customer, operator = walkers
    routes = _parametrised_get_routes(app)
    assert len(routes) >= 10
    endpoint, arguments = data.draw(st.sampled_from(routes), label="route")
    with app.test_request_context():
        path = url_for(endpoint, **dict.fromkeys(arguments, value))
    response = (operator if as_operator else customer).get(path)
    assert response.status_code < 500, path
    assert response.headers["Cache-Control"] == "no-store"
