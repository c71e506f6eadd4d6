"""No input yields a 500: random forms, bodies, paths and headers against every page."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import attrs
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.adapters.flask import AccessRequest, Portal, create_app
from tests.adapters.flask.conftest import MOMENT, csrf_token

FORMS = {
    "/passwortregeln/": ["password", "first_name", "last_name", "company_name", "email"],
    "/zugang-beantragen/": ["name", "company", "email", "customer_number", "message"],
}
PAGES = ["/", "/passwortregeln/", "/zugang-beantragen/", "/fristen/", "/static/portal.css"]

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)


class KeepingReceiver:
    def __init__(self) -> None:
        self.requests: list[AccessRequest] = []

    def submit(self, request: AccessRequest) -> None:
        self.requests.append(request)


@pytest.fixture(scope="module")
def receiver() -> KeepingReceiver:
    return KeepingReceiver()


@pytest.fixture(scope="module")
def portal_app(tmp_path_factory: pytest.TempPathFactory, receiver: KeepingReceiver) -> Flask:
    portal = attrs.evolve(
        Portal.from_config({"HOLIDAY_STATE": "BY"}, clock=FixedClock(MOMENT)),
        access_requests=receiver,
    )
    instance: Path = tmp_path_factory.mktemp("instance")
    return create_app(
        {"TESTING": True, "ENVIRONMENT": "development", "INSTANCE_PATH": str(instance)},
        portal=portal,
    )


@pytest.fixture(scope="module")
def tokens(portal_app: Flask) -> tuple[FlaskClient, dict[str, str]]:
    client = portal_app.test_client()
    return client, {path: csrf_token(client, path) for path in FORMS}


@given(
    path=st.sampled_from(sorted(FORMS)),
    fields=st.dictionaries(
        st.one_of(st.sampled_from(FORMS["/passwortregeln/"] + FORMS["/zugang-beantragen/"]), texts),
        texts,
        max_size=8,
    ),
    with_token=st.booleans(),
    language=st.sampled_from(["de", "en", "fr", "", "*", "de-DE;q=x"]),
)
def test_random_form_posts_never_yield_a_server_error(
    tokens: tuple[FlaskClient, dict[str, str]],
    receiver: KeepingReceiver,
    path: str,
    fields: dict[str, str],
    with_token: bool,
    language: str,
) -> None:
    client, known = tokens
    data = dict(fields)
    if with_token:
        data["csrf_token"] = known[path]
    response = client.post(path, data=data, headers={"Accept-Language": language})
    assert response.status_code < 500
    # Nothing half-written: whatever reached the receiver is a complete request.
    for request in receiver.requests:
        assert request.name
        assert request.company
        assert re.fullmatch(r"\S+@\S+\.\S+", request.email)


@given(
    path=st.sampled_from(PAGES + sorted(FORMS)),
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "application/json",
            "text/plain; charset=nonsense",
        ]
    ),
    method=st.sampled_from(["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "GET", "HEAD"]),
)
def test_random_bodies_never_yield_a_server_error(
    tokens: tuple[FlaskClient, dict[str, str]],
    path: str,
    body: bytes,
    content_type: str,
    method: str,
) -> None:
    client, _ = tokens
    response = client.open(path, method=method, data=body, content_type=content_type)
    assert response.status_code < 500
    response.close()


@given(
    path=st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    query=st.dictionaries(texts, texts, max_size=4),
    cookie=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
)
def test_random_addresses_queries_and_cookies_never_yield_a_server_error(
    tokens: tuple[FlaskClient, dict[str, str]], path: str, query: dict[str, str], cookie: str
) -> None:
    client, _ = tokens
    response = client.get(
        # Percent-encoded, so that any text is one path (the test client would split at ?).
        "/" + urllib.parse.quote(path.lstrip("/"), safe="/"),
        query_string=query,
        headers={"Cookie": f"portalkit_session={cookie}"},
    )
    assert response.status_code < 500
    response.close()
