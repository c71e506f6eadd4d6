"""No input to the service forms yields a 500, and nothing is ever half-written."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.adapters.memory import MemoryStore
from portalkit.services import BookedService
from tests.adapters.flask.conftest import MOMENT, csrf_token, make_account_app, signed_in_client
from tests.adapters.flask.test_services import book_demo_services, other_company_service

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
kinds = st.one_of(st.sampled_from(["minimize", "maximize", "pause", ""]), texts)
quantities = st.one_of(st.integers(-2, 8).map(str), texts)
days = st.one_of(
    st.dates().map(lambda day: day.isoformat()),
    st.dates().map(lambda day: f"{day.day}.{day.month}.{day.year}"),
    st.just("2025-04-01"),
    texts,
)
# Changes the core accepts, often enough that the store fills and withdraw and change find
# live requests to act on.
changes = st.one_of(
    st.tuples(kinds, quantities, days),
    st.sampled_from(
        [("minimize", "2", ""), ("minimize", "1", ""), ("maximize", "4", ""), ("pause", "", "")]
    ),
)


# The forms of a service and of a pending change.
SERVICE_FORMS = {
    "vorschau": "/leistungen/{id}/vorschau",
    "einreichen": "/leistungen/{id}/einreichen",
}
CHANGE_FORMS = {
    "aendern": "/leistungen/aenderungen/{id}/aendern",
    "zurueckziehen": "/leistungen/aenderungen/{id}/zurueckziehen",
}


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, store: MemoryStore
) -> tuple[FlaskClient, dict[str, str], str]:
    app: Flask = make_account_app(tmp_path_factory.mktemp("svc"), FixedClock(MOMENT), store)
    office, windows = book_demo_services(app, store)
    foreign: BookedService = other_company_service(app, store)
    client = signed_in_client(app)
    ids = {"office": office.id, "windows": windows.id, "foreign": foreign.id, "none": "x"}
    return client, ids, csrf_token(client, "/konto/")


def _request_ids(store: MemoryStore) -> list[str]:
    return [*sorted(store.change_requests), "missing"]


@settings(max_examples=150)
@given(
    target=st.sampled_from(["office", "windows", "foreign", "none"]),
    step=st.sampled_from([*SERVICE_FORMS, *CHANGE_FORMS]),
    pick=st.integers(0, 20),
    change=changes,
    expected=st.one_of(st.just("2025-04-01"), days),
    extra=st.dictionaries(texts, texts, max_size=3),
    with_token=st.sampled_from([True, True, True, False]),
)
def test_random_service_forms_never_yield_a_server_error_or_a_half_written_change(
    world: tuple[FlaskClient, dict[str, str], str],
    store: MemoryStore,
    target: str,
    step: str,
    pick: int,
    change: tuple[str, str, str],
    expected: str,
    extra: dict[str, str],
    with_token: bool,
) -> None:
    client, ids, token = world
    kind, quantity, pause_until = change
    data = {
        **extra,
        "kind": kind,
        "quantity": quantity,
        "pause_until": pause_until,
        "expected_effective": expected,
    }
    if with_token:
        data["csrf_token"] = token
    if step in SERVICE_FORMS:
        path = SERVICE_FORMS[step].format(id=ids[target])
    else:
        requests = _request_ids(store)
        path = CHANGE_FORMS[step].format(id=requests[pick % len(requests)])
    response = client.post(path, data=data)
    assert response.status_code < 500
    # Nothing half-written: every request has its audit event and its mail, and no service
    # has two live requests for one quarter.
    audited = {event.target for event in store.audit}
    mailed = Counter(message.params.get("request_id") for message in store.outbox.values())
    for request in store.change_requests.values():
        assert f"service_change:{request.id}" in audited
        assert mailed[request.id] >= 1
    live = Counter((r.service_id, r.effective) for r in store.change_requests.values() if r.is_live)
    assert all(count == 1 for count in live.values())
    assert all(r.company_id != "other-co" for r in store.change_requests.values())
    if not with_token:
        assert response.status_code == 400
