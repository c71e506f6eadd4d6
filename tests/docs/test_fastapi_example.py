"""The FastAPI example of the embedding guide, driven through FastAPI's TestClient."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib
import inspect
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from portalkit import LANGUAGES, ConflictError, FixedClock, PortalkitError, message_catalog
from portalkit.policy import Argon2idHasher, Argon2Parameters
from portalkit.tickets import ReferenceNumber
from tests.docs.site import load_example, load_tool

APP = load_example("fastapi_app")
PASSWORD = APP.PASSWORD
MONDAY = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def client() -> Iterator[TestClient]:
    portal = APP.demo_portal(
        FixedClock(MONDAY), hasher=Argon2idHasher(Argon2Parameters.insecure_fast_for_tests())
    )
    with TestClient(APP.create_app(portal)) as client:
        yield client


def token(client: TestClient, email: str) -> dict[str, str]:
    response = client.post("/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def open_ticket(client: TestClient, headers: dict[str, str], subject: str) -> str:
    response = client.post(
        "/tickets", json={"subject": subject, "body": "Bitte prüfen."}, headers=headers
    )
    assert response.status_code == 201, response.text
    reference: str = response.json()["reference"]
    return reference


def test_the_examples_in_its_docstrings_hold() -> None:
    assert doctest.testmod(APP).failed == 0


def test_a_login_gives_a_token_that_authenticates_later_requests(client: TestClient) -> None:
    headers = token(client, "Erika@Muster.de")
    response = client.get("/tickets", headers=headers)
    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize(
    ("accept_language", "language"),
    [
        (None, "de"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("fr, en;q=0.5, de;q=0.4", "en"),
        ("de;q=0.3, en;q=0.8", "en"),
        ("en;q=0, de;q=0.1", "de"),
        ("fr", "de"),
    ],
)
def test_a_refused_login_is_forbidden_with_the_message_in_the_clients_language(
    client: TestClient, accept_language: str | None, language: str
) -> None:
    headers = {} if accept_language is None else {"Accept-Language": accept_language}
    response = client.post(
        "/login", json={"email": "erika@muster.de", "password": "falsch"}, headers=headers
    )
    expected = {
        "code": "invalid_credentials",
        "message": getattr(message_catalog()["invalid_credentials"], language),
    }
    assert (403, expected) == (response.status_code, response.json())
    assert language == response.headers["content-language"]
    assert "Accept-Language" in response.headers["vary"]


def test_an_opened_ticket_is_listed_with_a_valid_reference(client: TestClient) -> None:
    erika = token(client, "erika@muster.de")
    reference = open_ticket(client, erika, "Heizung defekt")
    listed = client.get("/tickets", headers=erika).json()
    assert [(reference, "Heizung defekt", "new")] == [
        (item["reference"], item["subject"], item["state"]) for item in listed
    ]
    assert ReferenceNumber.parse(reference).year == 2025
    shown = client.get(f"/tickets/{reference}", headers=erika).json()
    assert shown["messages"] == ["Bitte prüfen."]


def test_an_employee_lists_only_their_own_tickets(client: TestClient) -> None:
    erika, max_ = token(client, "erika@muster.de"), token(client, "max@muster.de")
    open_ticket(client, erika, "Von Erika")
    own = open_ticket(client, max_, "Von Max")
    assert [own] == [item["reference"] for item in client.get("/tickets", headers=max_).json()]
    assert len(client.get("/tickets", headers=erika).json()) == 2


def test_another_companys_ticket_is_not_found(client: TestClient) -> None:
    reference = open_ticket(client, token(client, "erika@muster.de"), "Heizung defekt")
    response = client.get(f"/tickets/{reference}", headers=token(client, "greta@globex.de"))
    assert (response.status_code, response.json()["code"]) == (404, "ticket_not_found")


def test_an_empty_subject_is_a_bad_request(client: TestClient) -> None:
    response = client.post(
        "/tickets",
        json={"subject": " ", "body": "Raum 3"},
        headers=token(client, "erika@muster.de") | {"Accept-Language": "en"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "ticket_text_empty")
    assert "subject" in response.json()["message"]


def test_a_mistyped_reference_is_a_bad_request(client: TestClient) -> None:
    response = client.get("/tickets/T-2025-000010-97", headers=token(client, "erika@muster.de"))
    assert (
        response.status_code,
        response.json()["code"],
    ) == (400, "ticket_reference_check_digits")


def test_closing_a_closed_ticket_is_a_conflict(client: TestClient) -> None:
    erika = token(client, "erika@muster.de")
    reference = open_ticket(client, erika, "Heizung defekt")
    first = client.post(f"/tickets/{reference}/close", headers=erika)
    second = client.post(f"/tickets/{reference}/close", headers=erika)
    assert (first.status_code, first.json()["state"]) == (200, "closed")
    assert (
        second.status_code,
        second.json()["code"],
    ) == (409, "ticket_transition_not_allowed")
    archive = client.get("/tickets", params={"archived": True}, headers=erika).json()
    assert [reference] == [item["reference"] for item in archive]


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic x"}]
)
def test_requests_without_a_valid_token_are_forbidden(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = client.get("/tickets", headers=headers)
    assert (response.status_code, response.json()["code"]) == (403, "session_expired")


def test_a_token_ends_with_the_session(client: TestClient) -> None:
    headers = token(client, "erika@muster.de")
    portal = client.app.state.portal  # type: ignore[attr-defined]
    portal.accounts.clock.advance(dt.timedelta(hours=13))  # past the absolute lifetime
    response = client.get("/tickets", headers=headers)
    assert (response.status_code, response.json()["code"]) == (403, "session_expired")


def exported_errors() -> list[type[PortalkitError]]:
    """Every error class the public packages export."""
    hooks = load_tool("docs_hooks")
    found = set()
    for module_name in hooks.documented_modules():
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, PortalkitError):
                found.add(obj)
    return sorted(found, key=lambda cls: cls.__qualname__)


@pytest.mark.parametrize("error_class", exported_errors(), ids=lambda cls: cls.__name__)
def test_every_exported_error_maps_to_the_status_of_its_kind(
    error_class: type[PortalkitError],
) -> None:
    # The mapping looks at the class only; the parameters of each error do not matter here.
    error = error_class.__new__(error_class)
    if issubclass(error_class, LookupError):
        expected = 404
    elif issubclass(error_class, PermissionError):
        expected = 403
    elif issubclass(error_class, ConflictError):
        expected = 409
    elif issubclass(error_class, ValueError):
        expected = 400
    else:
        expected = 500
    assert expected == APP.status_for(error)


@given(st.lists(st.tuples(st.sampled_from(["de", "en", "fr", "*"]), st.integers(0, 1000))))
def test_the_preferred_language_is_the_best_ranked_supported_one(
    entries: list[tuple[str, int]],
) -> None:
    header = ", ".join(f"{tag};q={weight / 1000:.3f}" for tag, weight in entries)
    ranked = sorted(
        ((-weight, position, tag) for position, (tag, weight) in enumerate(entries)),
    )
    expected = next((tag for weight, _, tag in ranked if weight < 0 and tag in LANGUAGES), "de")
    assert expected == APP.preferred_language(header)
