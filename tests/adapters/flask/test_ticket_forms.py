"""Random posts to every ticket form: never a server error, never a half-written ticket.

A refusal leaves tickets, audit log and outbox exactly as they were; an accepted post leaves
every ticket agreeing with the last audit event about it, so no ticket change was saved without
its record (or the other way round).
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import attrs
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import event, given
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.accounts import Operator
from portalkit.adapters.flask import create_app
from portalkit.adapters.flask.demo import create_demo_data
from portalkit.adapters.memory import MemoryStore
from portalkit.tickets import ReferenceNumber, Ticket
from portalkit.tickets import use_cases as core
from tests.adapters.flask.conftest import ADMIN, EMPLOYEE, MOMENT, csrf_token, portal_on, sign_in
from tests.adapters.flask.test_operator_login import operator_client

OLGA = Operator("olga", "Olga Betrieb")
STEPS = {
    "antworten": ["reply-body"],
    "schliessen": [],
    "wieder-oeffnen": ["reopen-note"],
    "folgeticket": ["follow-body"],
    "bewertung": ["feedback-rating", "feedback-comment"],
}
NEW = ["subject", "body", "priority"]
OPERATOR_STEPS = {
    "zuweisen": ["assign-assignee"],
    "antworten": ["reply-body"],
    "rueckfrage": ["ask-body"],
    "notiz": ["note-body"],
    "loesen": ["resolve-note"],
}

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
values = st.one_of(
    texts,
    st.sampled_from(
        ["", " ", "1", "5", "0", "6", "normal", "urgent", "x" * 201, "T-2025-000001-97"]
    ),
)


@attrs.define
class World:
    app: Flask
    store: MemoryStore
    client: FlaskClient
    operator: FlaskClient

    def snapshot(self) -> tuple[object, ...]:
        return (dict(self.store.tickets), len(self.store.audit), dict(self.store.outbox))


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
    assert portal.tickets is not None
    create_demo_data(portal.accounts)
    services = portal.tickets
    users = {str(user.email): user.id for user in store.users.values()}
    # Tickets in several states, one of them a colleague's.
    for subject in ("neu", "offen", "gelöst", "geschlossen"):
        core.open_ticket(services, users[ADMIN.email], subject=subject, body="Text")
    core.open_ticket(services, users[EMPLOYEE.email], subject="Kollegin", body="Text")
    core.assign(services, OLGA, ReferenceNumber(2025, 2))
    core.assign(services, OLGA, ReferenceNumber(2025, 3))
    core.resolve(services, OLGA, ReferenceNumber(2025, 3), "Erledigt")
    core.close(services, users[ADMIN.email], ReferenceNumber(2025, 4))
    client = app.test_client()
    assert sign_in(client, ADMIN.email, ADMIN.password).status_code == 303
    return World(app, store, client, operator_client(app))


def last_audit_of(store: MemoryStore, ticket: Ticket) -> dict[str, object]:
    target = f"ticket:{ticket.reference}"
    events = [event for event in store.audit if event.target == target]
    assert events, f"{ticket.reference} has no audit event"
    after = events[-1].after
    assert after is not None
    return dict(after)


def assert_consistent(store: MemoryStore) -> None:
    for ticket in store.tickets.values():
        recorded = last_audit_of(store, ticket)
        assert recorded["state"] == str(ticket.state)
        assert recorded["messages"] == len(ticket.messages)
        assert recorded["feedback"] == (None if ticket.feedback is None else ticket.feedback.rating)
        assert ticket.subject.strip() == ticket.subject != ""
        assert all(message.body.strip() for message in ticket.messages)


@given(
    data=st.data(),
    with_token=st.booleans(),
    language=st.sampled_from(["de", "en"]),
)
def test_random_posts_to_customer_and_operator_ticket_forms_never_fail_nor_half_write(
    world: World, data: st.DataObject, with_token: bool, language: str
) -> None:
    as_operator = data.draw(st.booleans(), label="operator")
    client = world.operator if as_operator else world.client
    steps = OPERATOR_STEPS if as_operator else STEPS
    prefix = "/betrieb/tickets" if as_operator else "/tickets"
    step = data.draw(
        st.sampled_from(sorted(steps) + ([] if as_operator else ["neu"])), label="form"
    )
    if step == "neu":
        path, fields = "/tickets/neu", NEW
    else:
        references = [str(reference) for reference in sorted(world.store.tickets)]
        reference = data.draw(
            st.one_of(
                st.sampled_from(references[:5]),
                st.sampled_from(["t 2025 000001 97", "T-2025-000001-79", "nichts", "T-2025-9-1"]),
            ),
            label="reference",
        )
        path, fields = f"{prefix}/{reference}/{step}", steps[step]
    form = data.draw(
        st.fixed_dictionaries({}, optional=dict.fromkeys(fields, values)), label="fields"
    )
    extra = data.draw(st.dictionaries(texts, values, max_size=3), label="extra")
    body = {**extra, **form}
    client.set_cookie("portalkit_language", language)
    if with_token:
        body["csrf_token"] = csrf_token(client, f"{prefix}/")
    before = world.snapshot()
    response = client.post(path, data=body)
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    event(f"{prefix} {step} {response.status_code}")
    if response.status_code >= 400:
        assert world.snapshot() == before
    assert_consistent(world.store)


@given(
    path=st.sampled_from(
        [
            *("/tickets/", "/tickets/archiv/", "/tickets/suchen", "/tickets/neu"),
            *("/betrieb/tickets/", "/betrieb/tickets/archiv/", "/betrieb/tickets/suchen"),
        ]
    ),
    query=st.dictionaries(st.sampled_from(["nach", "referenz", "lang"]), values, max_size=3),
    reference=texts,
)
def test_random_queries_and_references_never_yield_a_server_error(
    world: World, path: str, query: dict[str, str], reference: str
) -> None:
    client = world.operator if path.startswith("/betrieb/") else world.client
    response = client.get(path, query_string=query)
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    quoted = urllib.parse.quote(reference, safe="")
    for client, prefix in ((world.client, "/tickets/"), (world.operator, "/betrieb/tickets/")):
        response = client.get(prefix + quoted)
        assert response.status_code < 500, response.get_data(as_text=True)[:2000]
