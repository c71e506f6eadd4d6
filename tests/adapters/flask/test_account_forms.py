"""Random data posted to every account form: never a 500, and a refusal writes nothing."""

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
from portalkit.adapters.flask import create_app
from portalkit.adapters.flask.demo import create_demo_data
from portalkit.adapters.memory import MemoryStore
from tests.adapters.flask.conftest import ADMIN, MOMENT, csrf_token, portal_on, sign_in

# Each form with its fields; "{user}" and "{session}" stand for ids drawn per example.
ANONYMOUS = {
    "/anmelden/": ["login", "email", "password"],
    "/passwort-vergessen/": ["email", "customer_number"],
    "/passwort-zuruecksetzen/{token}": ["password", "repeat"],
    "/einladung/{token}": ["title", "first_name", "last_name", "password", "repeat"],
    "/registrieren/": ["name", "customer_number", "email", "password", "repeat", "accepted_terms"],
    "/aktivieren/{token}": [],
    "/konto/email-bestaetigen/{token}": [],
    "/zugang-beantragen/": ["name", "company", "email", "customer_number", "message"],
}
SIGNED_IN = {
    "/benutzer/einladen": ["email", "role", "title", "first_name", "last_name"],
    "/benutzer/{user}/rolle": ["u-{user}-role"],
    "/benutzer/{user}/deaktivieren": [],
    "/benutzer/{user}/reaktivieren": [],
    "/benutzer/{user}/bevollmaechtigung": ["a-{user}-place_order", "a-{user}-give_instruction"],
    "/konto/kontaktdaten": ["title", "phone", "language"],
    "/konto/passwort": ["current", "password", "repeat"],
    "/konto/email": ["new_email", "email_password"],
    "/konto/aenderungsantrag": ["first_name", "last_name", "company_name", "reason"],
    "/konto/sitzungen/{session}/beenden": [],
    "/abmelden/": [],
}

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
values = st.one_of(
    texts,
    st.sampled_from(["administrator", "manager", "employee", "guest", "de", "en", "y", ""]),
    st.sampled_from([ADMIN.email, "100234", "Beispiel GmbH", "Sommer-Regen-42!"]),
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
            {
                user.id: (user.status, user.role, user.email, user.authorised_for)
                for user in store.users.values()
            },
            len(store.tokens),
            len(store.outbox),
            len(store.companies),
            len(store.profile_requests),
            len(store.access_requests),
        )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    store = MemoryStore()
    portal = portal_on(store, FixedClock(MOMENT))
    instance: Path = tmp_path_factory.mktemp("instance")
    app = create_app(
        {"TESTING": True, "ENVIRONMENT": "development", "INSTANCE_PATH": str(instance)},
        portal=portal,
    )
    assert portal.accounts is not None
    create_demo_data(portal.accounts)
    return World(app, store, app.test_client())


def _fill(template: str, ids: dict[str, str]) -> str:
    for key, value in ids.items():
        template = template.replace("{" + key + "}", value)
    return template


@settings(deadline=None)
@given(
    data=st.data(),
    signed_in=st.booleans(),
    with_token=st.booleans(),
    language=st.sampled_from(["de", "en"]),
)
def test_random_posts_to_account_forms_never_fail_and_refusals_write_nothing(
    world: World, data: st.DataObject, signed_in: bool, with_token: bool, language: str
) -> None:
    client = world.client
    forms = SIGNED_IN if signed_in else ANONYMOUS
    path_template = data.draw(st.sampled_from(sorted(forms)), label="form")
    # Indexes, not the ids: the store grows between examples, the strategies must not.
    user_ids = [*sorted(world.store.users), "nope", "x" * 100]
    session_ids = [*sorted(world.store.sessions), "nope"]
    tokens = st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters="/"), min_size=1, max_size=60
    )
    ids = {
        "user": user_ids[data.draw(st.integers(0, 20), label="user") % len(user_ids)],
        "session": session_ids[data.draw(st.integers(0, 20), label="session") % len(session_ids)],
        "token": data.draw(tokens, label="token"),
    }
    fields = [_fill(name, ids) for name in forms[path_template]]
    form = data.draw(
        st.fixed_dictionaries({}, optional=dict.fromkeys(fields, values)), label="fields"
    )
    extra = data.draw(st.dictionaries(texts, values, max_size=3), label="extra")
    path = _fill(path_template, ids)

    client.set_cookie("portalkit_language", language)
    if signed_in and client.get("/konto/").status_code != 200:
        assert sign_in(client, ADMIN.email, ADMIN.password).status_code == 303
    elif not signed_in:
        client.delete_cookie("portalkit_login")
    body = {**extra, **form}
    if with_token:
        body["csrf_token"] = csrf_token(client, "/passwort-vergessen/")
    before = world.snapshot()
    response = client.post(path, data=body)
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    event(f"{path_template} {response.status_code}")
    if response.status_code >= 400 and path_template != "/anmelden/":
        # A refused login counts the failure on purpose (the lockout); everything else that
        # was refused must leave the accounts as they were.
        assert world.snapshot() == before
