"""The customer's ticket pages: lists, new ticket, conversation, close, reopen, follow-up, feedback.

Every refusal is checked for its status, its message in the reader's language and that nothing
was written. The processor's side is played through the core's use cases.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portalkit import FixedClock
from portalkit.accounts import Operator, User, accept_invitation, create_company
from portalkit.accounts import invite_administrator as invite_first_administrator
from portalkit.adapters.flask.demo import DEMO_OPERATOR, DemoAccount, create_demo_tickets
from portalkit.adapters.memory import MemoryStore
from portalkit.policy.roles import Role
from portalkit.tickets import (
    InvalidReferenceNumberError,
    ReferenceNumber,
    ReopenWindowExpiredError,
    Ticket,
    TicketServices,
    TicketState,
)
from portalkit.tickets import use_cases as core
from tests.adapters.flask.conftest import (
    ADMIN,
    EMPLOYEE,
    GUEST,
    MANAGER,
    MOMENT,
    accounts_of,
    csrf_token,
    errors_in,
    flashes_in,
    make_app,
    sign_in,
    signed_in_client,
)

LANGUAGES = ["de", "en"]
OLGA = Operator("olga", "Olga Betrieb")
OTHER = DemoAccount(Role.ADMINISTRATOR, "greta@andere.de", "Greta", "Gans", "Sonne-Insel-47!")
_ROW_REFERENCE = re.compile(r'class="reference">(T-\d{4}-\d{6,}-\d{2})</a>')


def tickets_of(app: Flask) -> TicketServices:
    services = app.extensions["portalkit"].tickets
    assert services is not None
    return services


def user_id(store: MemoryStore, email: str) -> str:
    return next(user.id for user in store.users.values() if str(user.email) == email)


def only_ticket(store: MemoryStore) -> Ticket:
    (ticket,) = store.tickets.values()
    return ticket


def open_by_form(
    client: FlaskClient, subject: str = "Heizung defekt", body: str = "Raum 3 ist kalt."
) -> Any:
    token = csrf_token(client, "/tickets/neu")
    data = {"subject": subject, "body": body, "priority": "normal", "csrf_token": token}
    return client.post("/tickets/neu", data=data)


def open_for(app: Flask, store: MemoryStore, email: str, subject: str = "Drucker") -> Ticket:
    """Open a ticket through the core for the user with *email*."""
    return core.open_ticket(
        tickets_of(app), user_id(store, email), subject=subject, body="Geht nicht."
    )


def other_company(app: Flask) -> User:
    """Create a second company with an administrator who can sign in."""
    accounts = accounts_of(app)
    company = create_company(
        accounts,
        DEMO_OPERATOR,
        customer_number="200345",
        name="Andere AG",
        email_domains=["andere.de"],
    )
    invitation = invite_first_administrator(accounts, DEMO_OPERATOR, company.id, email=OTHER.email)
    return accept_invitation(
        accounts,
        invitation.secret,
        first_name=OTHER.first_name,
        last_name=OTHER.last_name,
        password=OTHER.password,
    )


def post(client: FlaskClient, path: str, data: dict[str, str] | None = None) -> Any:
    token = csrf_token(client, "/tickets/")
    return client.post(path, data={**(data or {}), "csrf_token": token})


def references_in(response: Any) -> list[str]:
    return _ROW_REFERENCE.findall(response.get_data(as_text=True))


# --- Navigation and access -------------------------------------------------------------------


@pytest.mark.parametrize("account", [ADMIN, MANAGER, EMPLOYEE], ids=lambda a: a.role.value)
def test_the_navigation_links_the_tickets_for_users_of_the_ticket_system(
    demo_app: Flask, account: DemoAccount
) -> None:
    page = signed_in_client(demo_app, account).get("/uebersicht/").get_data(as_text=True)
    assert '<a href="/tickets/">Tickets</a>' in page


def test_guests_see_no_ticket_link_and_are_refused_every_ticket_page(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = signed_in_client(demo_app, GUEST)
    assert 'href="/tickets/"' not in client.get("/uebersicht/").get_data(as_text=True)
    for path in ("/tickets/", "/tickets/archiv/", "/tickets/neu"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Zugriff verweigert" in response.get_data(as_text=True)
    response = open_by_form_with_token(client)
    assert response.status_code == 403
    assert store.tickets == {}


def open_by_form_with_token(client: FlaskClient) -> Any:
    # A guest has no ticket form: the token comes from the account page.
    token = csrf_token(client, "/konto/")
    data = {"subject": "x", "body": "y", "priority": "normal", "csrf_token": token}
    return client.post("/tickets/neu", data=data)


@pytest.mark.parametrize(
    "path", ["/tickets/", "/tickets/archiv/", "/tickets/neu", "/tickets/T-2025-000001-97"]
)
def test_visitors_who_are_not_signed_in_are_sent_to_the_login(demo_app: Flask, path: str) -> None:
    response = demo_app.test_client().get(path)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/anmelden/?next=")


def test_a_post_without_the_form_token_is_refused(demo_app: Flask, store: MemoryStore) -> None:
    client = signed_in_client(demo_app)
    response = client.post("/tickets/neu", data={"subject": "x", "body": "y"})
    assert response.status_code == 400
    assert store.tickets == {}


# --- Opening and listing ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_empty_lists_say_so(demo_app: Flask, language: str) -> None:
    client = signed_in_client(demo_app)
    headers = {"Accept-Language": language}
    page = client.get("/tickets/", headers=headers).get_data(as_text=True)
    assert {"de": "Keine offenen Tickets.", "en": "No open tickets."}[language] in page
    page = client.get("/tickets/archiv/", headers=headers).get_data(as_text=True)
    assert {"de": "Keine geschlossenen Tickets.", "en": "No closed tickets."}[language] in page


def test_a_new_ticket_gets_a_reference_a_mail_and_shows_in_the_list(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = signed_in_client(demo_app, EMPLOYEE)
    response = open_by_form(client, "Heizung defekt", "Raum 3 ist kalt.")
    ticket = only_ticket(store)
    assert str(ticket.reference) == "T-2025-000001-97"
    assert (ticket.subject, ticket.state) == ("Heizung defekt", TicketState.NEW)
    assert response.status_code == 303
    assert response.headers["Location"] == "/tickets/T-2025-000001-97"
    detail = client.get("/tickets/T-2025-000001-97")
    assert flashes_in(detail) == [
        (
            "success",
            "Ihr Ticket T-2025-000001-97 ist eingegangen. Bitte geben Sie diese Referenznummer "
            "bei Rückfragen an.",
        )
    ]
    assert "Raum 3 ist kalt." in detail.get_data(as_text=True)
    assert [m.template for m in store.outbox.values()] == ["ticket_opened"]
    assert references_in(client.get("/tickets/")) == ["T-2025-000001-97"]
    assert references_in(client.get("/tickets/archiv/")) == []


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("", "Text", "Bitte geben Sie einen Betreff ein."),
        ("Betreff", "   \n ", "Bitte beschreiben Sie Ihr Anliegen."),
        ("x" * 201, "Text", "Bitte geben Sie höchstens 200 Zeichen ein."),
    ],
)
def test_a_new_ticket_without_subject_or_text_is_refused_and_nothing_is_written(
    demo_app: Flask, store: MemoryStore, subject: str, body: str, expected: str
) -> None:
    client = signed_in_client(demo_app)
    response = open_by_form(client, subject, body)
    assert response.status_code == 400
    assert errors_in(response) == [expected]
    assert store.tickets == {}
    assert store.outbox == {}


def test_a_new_ticket_with_an_unknown_priority_is_refused(
    demo_app: Flask, store: MemoryStore
) -> None:
    client = signed_in_client(demo_app)
    token = csrf_token(client, "/tickets/neu")
    data = {"subject": "a", "body": "b", "priority": "sofort", "csrf_token": token}
    assert client.post("/tickets/neu", data=data).status_code == 400
    assert store.tickets == {}


def test_employees_see_their_own_tickets_and_managers_the_companys(
    demo_app: Flask, store: MemoryStore
) -> None:
    own = open_for(demo_app, store, EMPLOYEE.email, "Emmas Ticket")
    admins = open_for(demo_app, store, ADMIN.email, "Annas Ticket")
    employee = signed_in_client(demo_app, EMPLOYEE)
    assert references_in(employee.get("/tickets/")) == [str(own.reference)]
    assert employee.get(f"/tickets/{admins.reference}").status_code == 404
    manager = signed_in_client(demo_app, MANAGER)
    listed = manager.get("/tickets/")
    assert references_in(listed) == [str(admins.reference), str(own.reference)]
    assert "Emma Elster" in listed.get_data(as_text=True)
    assert manager.get(f"/tickets/{own.reference}").status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_companys_ticket_answers_404_like_a_missing_one(
    demo_app: Flask, store: MemoryStore, language: str
) -> None:
    greta = other_company(demo_app)
    foreign = core.open_ticket(tickets_of(demo_app), greta.id, subject="Geheim", body="Intern")
    client = signed_in_client(demo_app)
    headers = {"Accept-Language": language}
    response = client.get(f"/tickets/{foreign.reference}", headers=headers)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Geheim" not in page
    missing = client.get(f"/tickets/{ReferenceNumber(2025, 99)}", headers=headers)
    assert missing.status_code == 404
    not_found = {"de": "wurde nicht gefunden", "en": "was not found"}[language]
    assert not_found in page
    assert not_found in missing.get_data(as_text=True)
    assert references_in(client.get("/tickets/")) == []
    before = store.tickets[foreign.reference]
    for step in ("antworten", "schliessen", "wieder-oeffnen", "folgeticket", "bewertung"):
        data = {"reply-body": "x", "follow-body": "x", "feedback-rating": "5"}
        assert post(client, f"/tickets/{foreign.reference}/{step}", data).status_code == 404
    assert store.tickets[foreign.reference] == before
    assert len(store.tickets) == 1


def test_the_other_company_sees_its_ticket(demo_app: Flask, store: MemoryStore) -> None:
    greta = other_company(demo_app)
    foreign = core.open_ticket(tickets_of(demo_app), greta.id, subject="Geheim", body="Intern")
    client = demo_app.test_client()
    assert sign_in(client, OTHER.email, OTHER.password).status_code == 303
    assert client.get(f"/tickets/{foreign.reference}").status_code == 200


# --- Reference numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["t-2025-000001-97", "T 2025 000001 97", " t2025000001 97 "])
def test_a_reference_in_any_case_and_with_spaces_finds_the_ticket(
    demo_app: Flask, store: MemoryStore, typed: str
) -> None:
    open_for(demo_app, store, ADMIN.email)
    client = signed_in_client(demo_app)
    found = client.get("/tickets/suchen", query_string={"referenz": typed})
    assert found.status_code == 303
    assert found.headers["Location"] == "/tickets/T-2025-000001-97"
    direct = client.get("/tickets/" + typed.strip().replace(" ", "%20"))
    assert direct.status_code == 303
    assert direct.headers["Location"] == "/tickets/T-2025-000001-97"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("T-2025-000001-79", "check_digits"),
        ("T-2025-000010-97", "check_digits"),
        ("T-12", "malformed"),
    ],
)
def test_a_mistyped_reference_is_refused_with_a_clear_message(
    demo_app: Flask, store: MemoryStore, language: str, typed: str, reason: Any
) -> None:
    open_for(demo_app, store, ADMIN.email)
    client = signed_in_client(demo_app)
    headers = {"Accept-Language": language}
    expected = InvalidReferenceNumberError(typed, reason).message(language)
    found = client.get("/tickets/suchen", query_string={"referenz": typed}, headers=headers)
    assert found.status_code == 400
    assert errors_in(found) == [expected]
    direct = client.get(f"/tickets/{typed}", headers=headers)
    assert direct.status_code == 400
    assert expected.replace("'", "&#39;") in direct.get_data(as_text=True)


def test_an_empty_search_asks_for_a_reference(demo_app: Flask) -> None:
    response = signed_in_client(demo_app).get("/tickets/suchen?referenz=+")
    assert response.status_code == 400
    assert errors_in(response) == ["Bitte geben Sie eine Referenznummer ein."]


# --- Pages of the list ------------------------------------------------------------------------


def test_long_lists_come_a_page_at_a_time_newest_first(demo_app: Flask, store: MemoryStore) -> None:
    opened = [open_for(demo_app, store, ADMIN.email, f"Ticket {n}") for n in range(25)]
    newest_first = [str(ticket.reference) for ticket in reversed(opened)]
    client = signed_in_client(demo_app)
    first = client.get("/tickets/")
    assert references_in(first) == newest_first[:20]
    older = f'href="/tickets/?nach={newest_first[19]}"'
    assert older in first.get_data(as_text=True)
    # A ticket arriving meanwhile does not shift the next page (keyset pagination).
    open_for(demo_app, store, ADMIN.email, "Neu dazu")
    second = client.get(f"/tickets/?nach={newest_first[19]}")
    assert references_in(second) == newest_first[20:]
    assert "Zurück zu den neuesten Tickets" in second.get_data(as_text=True)
    assert "?nach=" not in second.get_data(as_text=True).replace(f"?nach={newest_first[19]}", "")


def test_a_broken_page_marker_is_refused(demo_app: Flask) -> None:
    response = signed_in_client(demo_app).get("/tickets/?nach=T-2025-000001-79")
    assert response.status_code == 400


# --- The conversation -------------------------------------------------------------------------


def test_internal_notes_never_reach_the_customer(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    services = tickets_of(demo_app)
    core.assign(services, OLGA, ticket.reference)
    core.add_note(services, OLGA, ticket.reference, "Kunde zahlt schlecht, vertrösten.")
    core.ask_customer(services, OLGA, ticket.reference, "Welches Modell?")
    page = signed_in_client(demo_app).get(f"/tickets/{ticket.reference}").get_data(as_text=True)
    assert "Welches Modell?" in page
    assert "vertrösten" not in page
    assert "Serviceteam" in page
    assert "Wartet auf Ihre Antwort" in page


def test_the_customer_answers_a_question_and_the_ticket_goes_back(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    services = tickets_of(demo_app)
    core.assign(services, OLGA, ticket.reference)
    core.ask_customer(services, OLGA, ticket.reference, "Welches Modell?")
    client = signed_in_client(demo_app)
    response = post(client, f"/tickets/{ticket.reference}/antworten", {"reply-body": "HP 4000"})
    assert response.status_code == 303
    saved = store.tickets[ticket.reference]
    assert saved.state is TicketState.OPEN
    assert saved.messages[-1].body == "HP 4000"
    assert flashes_in(client.get(response.headers["Location"])) == [
        ("success", "Ihre Nachricht ist gesendet.")
    ]


def test_an_empty_reply_is_refused_and_nothing_is_written(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    client = signed_in_client(demo_app)
    response = post(client, f"/tickets/{ticket.reference}/antworten", {"reply-body": "  "})
    assert response.status_code == 400
    assert errors_in(response) == ["Bitte schreiben Sie eine Nachricht."]
    assert store.tickets[ticket.reference] == ticket


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reply_to_a_closed_ticket_is_refused_with_the_cores_message(
    demo_app: Flask, store: MemoryStore, language: str
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    closed = core.close(tickets_of(demo_app), user_id(store, ADMIN.email), ticket.reference)
    client = signed_in_client(demo_app)
    client.get(f"/tickets/?lang={language}")
    response = post(client, f"/tickets/{ticket.reference}/antworten", {"reply-body": "Noch was"})
    assert response.status_code == 400
    expected = {
        "de": "Der Schritt „antworten“ ist für Kunden nicht möglich, solange das Ticket den "
        "Status „geschlossen“ hat.",
        "en": "The step 'reply' is not possible for customers while the ticket is 'closed'.",
    }
    assert errors_in(response) == [expected[language]]
    assert store.tickets[ticket.reference] == closed


def test_an_employee_cannot_act_on_a_colleagues_ticket(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    client = signed_in_client(demo_app, EMPLOYEE)
    response = post(client, f"/tickets/{ticket.reference}/schliessen")
    assert response.status_code == 404
    assert store.tickets[ticket.reference] == ticket


def test_a_manager_may_close_a_colleagues_ticket(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, EMPLOYEE.email)
    client = signed_in_client(demo_app, MANAGER)
    assert post(client, f"/tickets/{ticket.reference}/schliessen").status_code == 303
    assert store.tickets[ticket.reference].state is TicketState.CLOSED


# --- Close, archive, reopen, follow-up --------------------------------------------------------


def test_a_closed_ticket_moves_to_the_archive_and_stays_readable(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    client = signed_in_client(demo_app)
    response = post(client, f"/tickets/{ticket.reference}/schliessen")
    assert response.status_code == 303
    assert store.tickets[ticket.reference].state is TicketState.CLOSED
    detail = client.get(f"/tickets/{ticket.reference}")
    assert flashes_in(detail) == [
        ("success", "Das Ticket ist geschlossen. Es bleibt im Archiv lesbar.")
    ]
    assert references_in(client.get("/tickets/")) == []
    assert references_in(client.get("/tickets/archiv/")) == [str(ticket.reference)]
    page = detail.get_data(as_text=True)
    assert "Geht nicht." in page
    assert "Ticket wieder öffnen" in page
    assert "Bewertung abgeben" in page


def test_closing_twice_is_refused(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    client = signed_in_client(demo_app)
    post(client, f"/tickets/{ticket.reference}/schliessen")
    closed = store.tickets[ticket.reference]
    response = post(client, f"/tickets/{ticket.reference}/schliessen")
    assert response.status_code == 400
    assert len(errors_in(response)) == 1
    assert store.tickets[ticket.reference] == closed


def test_a_resolved_ticket_can_be_reopened_with_a_reason(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    services = tickets_of(demo_app)
    core.assign(services, OLGA, ticket.reference)
    core.resolve(services, OLGA, ticket.reference, "Treiber neu installiert.")
    client = signed_in_client(demo_app)
    page = client.get(f"/tickets/{ticket.reference}").get_data(as_text=True)
    assert "Ticket wieder öffnen" in page
    response = post(
        client, f"/tickets/{ticket.reference}/wieder-oeffnen", {"reopen-note": "Geht wieder nicht"}
    )
    assert response.status_code == 303
    saved = store.tickets[ticket.reference]
    assert saved.state is TicketState.OPEN
    assert saved.messages[-1].body == "Geht wieder nicht"


def test_after_the_reopen_window_the_page_offers_a_follow_up_that_links_back(
    demo_app: Flask, store: MemoryStore, clock: FixedClock
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    core.close(tickets_of(demo_app), user_id(store, ADMIN.email), ticket.reference)
    clock.advance(dt.timedelta(days=15))
    client = signed_in_client(demo_app)
    page = client.get(f"/tickets/{ticket.reference}").get_data(as_text=True)
    assert "Ticket wieder öffnen" not in page
    assert "Folgeticket eröffnen" in page
    closed = store.tickets[ticket.reference]
    refused = post(client, f"/tickets/{ticket.reference}/wieder-oeffnen")
    assert refused.status_code == 400
    assert closed.closed_at is not None
    expected = ReopenWindowExpiredError(closed.closed_at, closed.closed_at + dt.timedelta(days=14))
    assert errors_in(refused) == [expected.message("de")]
    assert store.tickets[ticket.reference] == closed
    response = post(
        client, f"/tickets/{ticket.reference}/folgeticket", {"follow-body": "Wieder kaputt."}
    )
    assert response.status_code == 303
    follow = store.tickets[ReferenceNumber(2025, 2)]
    assert response.headers["Location"] == f"/tickets/{follow.reference}"
    assert follow.follow_up_of == ticket.reference
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'href="/tickets/{ticket.reference}"' in detail


def test_a_follow_up_of_an_open_ticket_is_refused(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    client = signed_in_client(demo_app)
    response = post(client, f"/tickets/{ticket.reference}/folgeticket", {"follow-body": "x"})
    assert response.status_code == 400
    assert errors_in(response) == [
        f"Ticket {ticket.reference} ist noch nicht geschlossen. Bitte antworten Sie direkt in "
        "diesem Ticket oder öffnen Sie es wieder, statt ein Folgeticket anzulegen."
    ]
    assert list(store.tickets) == [ticket.reference]


# --- Feedback ---------------------------------------------------------------------------------


def test_the_requester_rates_a_closed_ticket_once(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    core.close(tickets_of(demo_app), user_id(store, ADMIN.email), ticket.reference)
    client = signed_in_client(demo_app)
    path = f"/tickets/{ticket.reference}/bewertung"
    response = post(client, path, {"feedback-rating": "4", "feedback-comment": "Schnell"})
    assert response.status_code == 303
    feedback = store.tickets[ticket.reference].feedback
    assert feedback is not None
    assert (feedback.rating, feedback.comment) == (4, "Schnell")
    page = client.get(f"/tickets/{ticket.reference}").get_data(as_text=True)
    assert "4 von 5 Sternen: Schnell" in page
    assert "Bewertung abgeben" not in page
    again = post(client, path, {"feedback-rating": "1"})
    assert again.status_code == 400
    assert errors_in(again) == [
        f"Für Ticket {ticket.reference} haben Sie bereits eine Bewertung abgegeben. Vielen Dank!"
    ]
    assert store.tickets[ticket.reference].feedback == feedback


@pytest.mark.parametrize("rating", ["", "0", "6", "fünf"])
def test_a_rating_outside_one_to_five_is_refused(
    demo_app: Flask, store: MemoryStore, rating: str
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    core.close(tickets_of(demo_app), user_id(store, ADMIN.email), ticket.reference)
    client = signed_in_client(demo_app)
    response = post(client, f"/tickets/{ticket.reference}/bewertung", {"feedback-rating": rating})
    assert response.status_code == 400
    assert store.tickets[ticket.reference].feedback is None


def test_only_the_requester_may_rate(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, EMPLOYEE.email)
    core.close(tickets_of(demo_app), user_id(store, EMPLOYEE.email), ticket.reference)
    client = signed_in_client(demo_app, MANAGER)
    assert "Bewertung abgeben" not in client.get(f"/tickets/{ticket.reference}").get_data(
        as_text=True
    )
    response = post(client, f"/tickets/{ticket.reference}/bewertung", {"feedback-rating": "5"})
    assert response.status_code == 403
    assert errors_in(response) == ["Nur die Person, die das Ticket eröffnet hat, kann es bewerten."]
    assert store.tickets[ticket.reference].feedback is None


def test_a_ticket_still_open_cannot_be_rated(demo_app: Flask, store: MemoryStore) -> None:
    ticket = open_for(demo_app, store, ADMIN.email)
    client = signed_in_client(demo_app)
    response = post(client, f"/tickets/{ticket.reference}/bewertung", {"feedback-rating": "5"})
    assert response.status_code == 400
    assert store.tickets[ticket.reference].feedback is None


# --- The dashboard ----------------------------------------------------------------------------


def test_the_dashboard_shows_open_tickets_with_their_sla_due_times(
    demo_app: Flask, store: MemoryStore
) -> None:
    ticket = open_for(demo_app, store, ADMIN.email, "Heizung")
    open_for(demo_app, store, ADMIN.email, "Schon erledigt")
    core.close(tickets_of(demo_app), user_id(store, ADMIN.email), ReferenceNumber(2025, 2))
    page = signed_in_client(demo_app).get("/uebersicht/").get_data(as_text=True)
    assert f'href="/tickets/{ticket.reference}">{ticket.reference}</a>' in page
    assert "Schon erledigt" not in page
    # Normal priority: 8 business hours to the first answer, 40 to the solution (Mon–Fri 8–18).
    assert "bis Dienstag, 18. März 2025, 18:00" in page
    assert "bis Montag, 24. März 2025, 10:00" in page
    assert "Der Support ist jetzt erreichbar" in page


def test_the_dashboard_says_when_support_opens_again(
    demo_app: Flask, store: MemoryStore, clock: FixedClock
) -> None:
    clock.set(MOMENT + dt.timedelta(days=4))  # Saturday
    page = signed_in_client(demo_app).get("/uebersicht/?lang=en", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Support is closed now; it opens again Monday, March 24, 2025, 8:00" in text


def test_the_dashboard_of_a_guest_shows_support_but_no_tickets(demo_app: Flask) -> None:
    page = signed_in_client(demo_app, GUEST).get("/uebersicht/").get_data(as_text=True)
    assert "Der Support ist jetzt erreichbar" in page
    assert "Neues Ticket" not in page


def test_the_dashboard_shows_an_overdue_ticket(
    demo_app: Flask, store: MemoryStore, clock: FixedClock
) -> None:
    open_for(demo_app, store, ADMIN.email, "Heizung")
    clock.advance(dt.timedelta(days=1))
    page = signed_in_client(demo_app).get("/uebersicht/").get_data(as_text=True)
    assert "überfällig seit Dienstag, 18. März 2025, 18:00" in page


# --- Demo tickets -----------------------------------------------------------------------------


def test_the_demo_portal_has_a_ticket_in_every_state_and_sends_no_mail(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = make_app(tmp_path, clock, DEMO_DATA=True)
    services = tickets_of(app)
    with services.unit_of_work() as uow:
        found = [*uow.tickets.page(None), *uow.tickets.page(None, archived=True)]
        pending = list(uow.outbox.pending())
    assert {ticket.state for ticket in found} == set(TicketState)
    assert any(message.internal for ticket in found for message in ticket.messages)
    assert any(ticket.feedback is not None for ticket in found)
    assert pending == []
    assert create_demo_tickets(accounts_of(app), services) is False
    employee = signed_in_client(app, EMPLOYEE)
    assert references_in(employee.get("/tickets/")) == ["T-2025-000001-97"]


def test_the_demo_data_command_adds_the_tickets_once(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["portal", "demo-data"]).exit_code == 0
    with tickets_of(app).unit_of_work() as uow:
        opened = len(uow.tickets.page(None)) + len(uow.tickets.page(None, archived=True))
    assert opened == 5
    assert "Demo data exist already." in runner.invoke(args=["portal", "demo-data"]).output


def test_demo_tickets_need_the_demo_company(demo_app: Flask, store: MemoryStore) -> None:
    store.companies.clear()
    assert create_demo_tickets(accounts_of(demo_app), tickets_of(demo_app)) is False
    assert store.tickets == {}
