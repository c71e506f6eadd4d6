"""The operators' ticket queue: queue with SLA, assignment, answers, questions, notes, resolving.

Customers' tickets are opened through the core; the operator acts through the pages.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portalkit import FixedClock
from portalkit.adapters.flask.demo import DEMO_OPERATOR
from portalkit.adapters.memory import MemoryStore
from portalkit.tickets import Priority, Ticket, TicketState
from portalkit.tickets import use_cases as core
from tests.adapters.flask.conftest import (
    ADMIN,
    EMPLOYEE,
    csrf_token,
    errors_in,
    flashes_in,
    signed_in_client,
)
from tests.adapters.flask.test_operator_login import LOGIN, operator_client
from tests.adapters.flask.test_tickets import OTHER, other_company, tickets_of, user_id

QUEUE = "/betrieb/tickets/"


def open_for(app: Flask, store: MemoryStore, email: str, subject: str, **kwargs: Any) -> Ticket:
    return core.open_ticket(
        tickets_of(app), user_id(store, email), subject=subject, body="Bitte helfen.", **kwargs
    )


def post(client: FlaskClient, path: str, data: dict[str, str] | None = None) -> Any:
    token = csrf_token(client, QUEUE)
    return client.post(path, data={**(data or {}), "csrf_token": token})


def queue_section(response: Any) -> str:
    page = response.get_data(as_text=True)
    return page.split('id="queue"')[1].split("</section>")[0]


@pytest.mark.parametrize("path", [QUEUE, QUEUE + "archiv/", QUEUE + "T-2025-000001-97"])
def test_visitors_and_customers_are_sent_to_the_operator_login(demo_app: Flask, path: str) -> None:
    for client in (demo_app.test_client(), signed_in_client(demo_app, ADMIN)):
        response = client.get(path)
        assert response.status_code == 303
        location = urllib.parse.urlsplit(response.headers["Location"])
        assert location.path == LOGIN


def test_a_customer_cannot_post_to_the_operator_pages(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    customer = signed_in_client(demo_app, ADMIN)
    token = csrf_token(customer, "/tickets/")
    response = customer.post(
        f"{QUEUE}{ticket.reference}/notiz", data={"note-body": "x", "csrf_token": token}
    )
    assert response.status_code == 303
    assert store.tickets[ticket.reference] == ticket


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_queue_shows_unassigned_tickets_of_every_company_most_urgent_first(
    demo_app: Flask, store: MemoryStore, language: str
) -> None:
    other_company(demo_app)
    normal = open_for(demo_app, store, ADMIN.email, "Drucker")
    urgent = open_for(demo_app, store, OTHER.email, "Server steht", priority=Priority.URGENT)
    taken = open_for(demo_app, store, EMPLOYEE.email, "Schon vergeben")
    core.assign(tickets_of(demo_app), DEMO_OPERATOR, taken.reference)
    client = operator_client(demo_app)
    response = client.get(QUEUE, headers={"Accept-Language": language})
    assert response.status_code == 200
    queue = queue_section(response)
    assert queue.index(str(urgent.reference)) < queue.index(str(normal.reference))
    assert str(taken.reference) not in queue
    assert "Andere AG" in queue
    assert "Beispiel GmbH" in queue
    page = response.get_data(as_text=True)
    assert str(taken.reference) in page.split('id="all"')[1]
    # Urgent: one business hour to the first answer, from Tuesday 10:00.
    due = {
        "de": "Erste Antwort bis Dienstag, 18. März 2025, 11:00",
        "en": "First answer by Tuesday, March 18, 2025, 11:00",
    }
    assert due[language] in queue


def test_the_operator_assigns_a_ticket_to_themselves_and_it_leaves_the_queue(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    client = operator_client(demo_app)
    page = client.get(f"{QUEUE}{ticket.reference}").get_data(as_text=True)
    assert "Zuweisen" in page
    assert "Antwort an den Kunden" not in page
    response = post(
        client, f"{QUEUE}{ticket.reference}/zuweisen", {"assign-assignee": DEMO_OPERATOR.id}
    )
    assert response.status_code == 303
    saved = store.tickets[ticket.reference]
    assert (saved.state, saved.assignee_id) == (TicketState.OPEN, DEMO_OPERATOR.id)
    detail = client.get(response.headers["Location"])
    assert flashes_in(detail) == [("success", "Das Ticket ist Olga Betrieb zugewiesen.")]
    assert str(ticket.reference) not in queue_section(client.get(QUEUE))


def test_assigning_to_somebody_unknown_is_refused(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    client = operator_client(demo_app)
    response = post(client, f"{QUEUE}{ticket.reference}/zuweisen", {"assign-assignee": "mallory"})
    assert response.status_code == 400
    assert store.tickets[ticket.reference] == ticket


def test_a_new_ticket_is_assigned_before_anyone_answers_it(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    client = operator_client(demo_app)
    response = post(client, f"{QUEUE}{ticket.reference}/antworten", {"reply-body": "Hallo"})
    assert response.status_code == 400
    assert errors_in(response) == [
        "Der Schritt „antworten“ ist für Bearbeiter nicht möglich, solange das Ticket den Status "
        "„neu“ hat."
    ]
    assert store.tickets[ticket.reference] == ticket


def test_an_answer_is_mailed_to_the_customer_and_shown_to_them(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    core.assign(tickets_of(demo_app), DEMO_OPERATOR, ticket.reference)
    client = operator_client(demo_app)
    path = f"{QUEUE}{ticket.reference}/antworten"
    assert post(client, path, {"reply-body": "Toner ist unterwegs."}).status_code == 303
    assert store.tickets[ticket.reference].messages[-1].body == "Toner ist unterwegs."
    mails = [m.template for m in store.outbox.values() if m.recipient == ADMIN.email]
    assert mails == ["ticket_opened", "ticket_replied"]
    customer_page = signed_in_client(demo_app, ADMIN).get(f"/tickets/{ticket.reference}")
    assert "Toner ist unterwegs." in customer_page.get_data(as_text=True)
    # Answered: the list now shows the solution clock (40 business hours for normal priority).
    listed = client.get(QUEUE).get_data(as_text=True).split('id="all"')[1]
    assert "Lösung bis Montag, 24. März 2025, 10:00" in listed


def test_an_overdue_first_answer_stands_out_in_the_queue(
    demo_app: Flask, store: MemoryStore, clock: FixedClock
) -> None:
    open_for(demo_app, store, ADMIN.email, "Drucker")
    clock.advance(dt.timedelta(days=1))
    queue = queue_section(operator_client(demo_app).get(QUEUE))
    assert "Erste Antwort überfällig seit Dienstag, 18. März 2025, 18:00" in queue


def test_an_internal_note_is_marked_for_operators_and_invisible_to_the_customer(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    client = operator_client(demo_app)
    outbox = dict(store.outbox)
    response = post(client, f"{QUEUE}{ticket.reference}/notiz", {"note-body": "Kulanz prüfen."})
    assert response.status_code == 303
    saved = store.tickets[ticket.reference]
    assert saved.messages[-1].internal
    assert saved.state is TicketState.NEW
    assert store.outbox == outbox
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kulanz prüfen." in page
    assert "interne Notiz, der Kunde sieht sie nicht" in page
    assert "Serviceteam (Olga Betrieb)" in page
    customer_page = signed_in_client(demo_app, ADMIN).get(f"/tickets/{ticket.reference}")
    assert "Kulanz" not in customer_page.get_data(as_text=True)


def test_a_question_makes_the_ticket_wait_and_pauses_the_solution_clock(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    core.assign(tickets_of(demo_app), DEMO_OPERATOR, ticket.reference)
    client = operator_client(demo_app)
    response = post(
        client, f"{QUEUE}{ticket.reference}/rueckfrage", {"ask-body": "Welches Modell?"}
    )
    assert response.status_code == 303
    assert store.tickets[ticket.reference].state is TicketState.WAITING_FOR_CUSTOMER
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wartet auf den Kunden" in page
    assert "angehalten, solange wir auf eine Antwort warten" in page
    assert "eingehalten" in page


def test_resolving_tells_the_customer(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    core.assign(tickets_of(demo_app), DEMO_OPERATOR, ticket.reference)
    client = operator_client(demo_app)
    response = post(client, f"{QUEUE}{ticket.reference}/loesen", {"resolve-note": "Erledigt."})
    assert response.status_code == 303
    saved = store.tickets[ticket.reference]
    assert saved.state is TicketState.RESOLVED
    assert saved.messages[-1].body == "Erledigt."
    assert [m.template for m in store.outbox.values()][-1] == "ticket_resolved"


def test_a_new_ticket_cannot_be_resolved(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    client = operator_client(demo_app)
    response = post(client, f"{QUEUE}{ticket.reference}/loesen")
    assert response.status_code == 400
    assert len(errors_in(response)) == 1
    assert store.tickets[ticket.reference] == ticket


@pytest.mark.parametrize("step", ["antworten", "rueckfrage", "notiz"])
def test_an_empty_message_is_refused_and_nothing_is_written(
    demo_app: Flask, store: MemoryStore, step: str
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Drucker")
    core.assign(tickets_of(demo_app), DEMO_OPERATOR, ticket.reference)
    saved = store.tickets[ticket.reference]
    client = operator_client(demo_app)
    prefix = {"antworten": "reply", "rueckfrage": "ask", "notiz": "note"}[step]
    response = post(client, f"{QUEUE}{ticket.reference}/{step}", {f"{prefix}-body": "  "})
    assert response.status_code == 400
    assert errors_in(response) == ["Bitte schreiben Sie eine Nachricht."]
    assert store.tickets[ticket.reference] == saved


def test_unknown_and_mistyped_references(demo_app: Flask, store: MemoryStore) -> None:
    open_for(demo_app, store, ADMIN.email, "Drucker")
    client = operator_client(demo_app)
    assert client.get(f"{QUEUE}T-2025-000099-94").status_code == 404
    assert client.get(f"{QUEUE}T-2025-000001-79").status_code == 400
    found = client.get(QUEUE + "suchen", query_string={"referenz": "t 2025 000001 97"})
    assert (found.status_code, found.headers["Location"]) == (303, QUEUE + "T-2025-000001-97")
    typo = client.get(QUEUE + "suchen", query_string={"referenz": "T-2025-000001-79"})
    assert typo.status_code == 400
    assert "die Prüfziffern passen nicht" in errors_in(typo)[0]
    empty = client.get(QUEUE + "suchen")
    assert errors_in(empty) == ["Bitte geben Sie eine Referenznummer ein."]


def test_the_archive_lists_closed_tickets_of_every_company(
    demo_app: Flask, store: MemoryStore
) -> None:
    other_company(demo_app)
    mine = open_for(demo_app, store, ADMIN.email, "Drucker")
    theirs = open_for(demo_app, store, OTHER.email, "Server")
    services = tickets_of(demo_app)
    core.close(services, user_id(store, ADMIN.email), mine.reference)
    core.close(services, user_id(store, OTHER.email), theirs.reference)
    page = operator_client(demo_app).get(QUEUE + "archiv/").get_data(as_text=True)
    assert str(mine.reference) in page
    assert str(theirs.reference) in page
    assert 'id="queue"' not in page


def test_the_operator_navigation_links_the_queue(demo_app: Flask) -> None:
    page = operator_client(demo_app).get(QUEUE).get_data(as_text=True)
    assert f'<a href="{QUEUE}" aria-current="page">Tickets</a>' in page
