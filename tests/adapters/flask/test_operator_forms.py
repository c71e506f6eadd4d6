"""Random data posted to every operator form: never a 500, and a refusal writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import event, given, settings
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.accounts import receive_access_request
from portalkit.adapters.flask import Portal, create_app
from portalkit.adapters.flask.demo import DEMO_CUSTOMER_NUMBER, create_demo_data
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import ADMIN, MOMENT, csrf_token, on_store
from tests.adapters.flask.test_operator_login import operator_sign_in
from tests.adapters.flask.test_services import book_demo_services

# Each form with its fields; "{company}", "{user}", "{request}" and "{service}" stand for ids
# drawn per example.
FORMS = {
    "/betrieb/anmelden/": ["email", "password"],
    "/betrieb/abmelden/": [],
    "/betrieb/firmen/": ["customer_number", "name", "domains", "allow_subdomains"],
    "/betrieb/firmen/{company}/administrator": [
        "email",
        "title",
        "first_name",
        "last_name",
        "language",
    ],
    "/betrieb/benutzer/{user}/uebersteuern": ["o-{user}-change"],
    "/betrieb/zugangsanfragen/{request}/erledigt": [],
    "/betrieb/leistungen/anwenden": [],
    "/betrieb/leistungen/{service}/beenden": [],
}

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
values = st.one_of(
    texts,
    st.sampled_from(["deactivate", "demote", "de", "en", "y", "", "beispiel.de", "muster.de"]),
    st.sampled_from([ADMIN.email, "neu@beispiel.de", DEMO_CUSTOMER_NUMBER, "400567", "Neu AG"]),
)


@attrs.define
class World:
    app: Flask
    store: MemoryStore
    client: FlaskClient

    def snapshot(self) -> tuple[Any, ...]:
        """What a refused request must leave as it was."""
        store = self.store
        return (
            {user.id: (user.status, user.role, user.email) for user in store.users.values()},
            {company.id: (company.status, company.name) for company in store.companies.values()},
            {item.id: item.status for item in store.access_requests.values()},
            {service.id: service.status for service in store.booked_services.values()},
            {item.id: item.status for item in store.change_requests.values()},
            len(store.tokens),
            len(store.outbox),
            len(store.operators),
        )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    store = MemoryStore()
    portal = Portal.from_config(
        {"HOLIDAY_STATE": "BY", "PASSWORD_HASHING": "insecure-fast-for-tests"},
        clock=FixedClock(MOMENT),
    )
    assert portal.accounts is not None
    accounts = attrs.evolve(portal.accounts, unit_of_work=store.unit_of_work)
    instance: Path = tmp_path_factory.mktemp("instance")
    app = create_app(
        {"TESTING": True, "ENVIRONMENT": "development", "INSTANCE_PATH": str(instance)},
        portal=on_store(portal, store),
    )
    create_demo_data(accounts)
    book_demo_services(app, store)
    for name in ("Erika", "Max"):
        receive_access_request(
            accounts, company_name="Neu AG", contact_name=name, email=f"{name}@neu.de"
        )
    return World(app, store, app.test_client())


def _fill(template: str, ids: dict[str, str]) -> str:
    for key, value in ids.items():
        template = template.replace("{" + key + "}", value)
    return template


def _pick(data: st.DataObject, known: list[str], label: str) -> str:
    # Indexes, not the ids: the store grows between examples, the strategies must not.
    choices = [*sorted(known), "nope", "x" * 100]
    return choices[data.draw(st.integers(0, 20), label=label) % len(choices)]


@settings(deadline=None)
@given(
    data=st.data(),
    signed_in=st.booleans(),
    with_token=st.booleans(),
    language=st.sampled_from(["de", "en"]),
)
def test_random_posts_to_operator_forms_never_fail_and_refusals_write_nothing(
    world: World, data: st.DataObject, signed_in: bool, with_token: bool, language: str
) -> None:
    client = world.client
    path_template = data.draw(st.sampled_from(sorted(FORMS)), label="form")
    ids = {
        "company": _pick(data, list(world.store.companies), "company"),
        "user": _pick(data, list(world.store.users), "user"),
        "request": _pick(data, list(world.store.access_requests), "request"),
        "service": _pick(data, list(world.store.booked_services), "service"),
    }
    fields = [_fill(name, ids) for name in FORMS[path_template]]
    form = data.draw(
        st.fixed_dictionaries({}, optional=dict.fromkeys(fields, values)), label="fields"
    )
    extra = data.draw(st.dictionaries(texts, values, max_size=3), label="extra")
    path = _fill(path_template, ids)

    client.set_cookie("portalkit_language", language)
    if signed_in and client.get("/betrieb/").status_code != 200:
        assert operator_sign_in(client).status_code == 303
    elif not signed_in:
        client.delete_cookie("portalkit_operator")
    body = {**extra, **form}
    if with_token:
        body["csrf_token"] = csrf_token(client, "/passwort-vergessen/")
    before = world.snapshot()
    response = client.post(path, data=body)
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    event(f"{path_template} {response.status_code}")
    if response.status_code >= 400 or (not signed_in and path_template != "/betrieb/anmelden/"):
        # Refused, or sent to the login: nothing changed. (A refused login counts the
        # failure on purpose, on an account these random addresses do not reach.)
        assert world.snapshot() == before


@given(
    path=st.sampled_from(
        ["/betrieb/", "/betrieb/firmen/", "/betrieb/zugangsanfragen/", "/betrieb/anmelden/"]
    ),
    cookie=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=300),
    query=st.dictionaries(st.sampled_from(["next", "name", "customer_number", "alle"]), texts),
)
def test_random_operator_cookies_and_queries_never_yield_a_server_error(
    world: World, path: str, cookie: str, query: dict[str, str]
) -> None:
    client = world.app.test_client()
    response = client.get(
        path, query_string=query, headers={"Cookie": f"portalkit_operator={cookie}"}
    )
    assert response.status_code in {200, 303}
