"""A small FastAPI app on portalkit's rules: log in, list tickets, open and close a ticket.

Usage:
    python examples/fastapi_app.py [--language en] [--now 2025-03-03T10:00+01:00]

Run as a program, it plays a short conversation with the app through FastAPI's TestClient (no
server, no network) and prints each request with the answer. To serve the demo app, install an
ASGI server and point it at the factory, e.g. ``uvicorn --factory fastapi_app:demo_app``.

The app holds no rules of its own: every decision, and every refusal with its German and
English message, comes from portalkit. What the app adds is the web: JSON bodies, a bearer
token, one exception handler that turns a refusal into a status code and a message in the
language the client asks for (``Accept-Language``).

Needs ``fastapi`` and, for the TestClient, ``httpx2`` (or ``httpx``, with a deprecation warning).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Annotated

import attrs
from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from portalkit import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    ConflictError,
    FixedClock,
    InvalidValueError,
    Language,
    NotFoundError,
    PermissionDeniedError,
    PortalkitError,
)
from portalkit.accounts import (
    AccountServices,
    Operator,
    SessionExpiredError,
    User,
    accept_invitation,
    authenticate,
    create_company,
    invite_administrator,
    invite_user,
    login_with_email,
)
from portalkit.adapters.memory import MemoryStore
from portalkit.adapters.system import SystemClock
from portalkit.calendar import WorkingCalendar
from portalkit.clock import Clock
from portalkit.policy import Argon2idHasher, PasswordPolicy
from portalkit.tickets import Priority, Ticket, TicketServices
from portalkit.tickets import use_cases as tickets

# --------------------------------------------------------------------------------------------
# Wiring: one object with the services of every area, built once where the app starts.


# --8<-- [start:wiring]
@attrs.frozen
class Portal:
    """The portalkit services the endpoints use, all on the same store."""

    accounts: AccountServices
    tickets: TicketServices


def portal(request: Request) -> Portal:
    """The dependency that hands every endpoint the services the app was created with."""
    found: Portal = request.app.state.portal
    return found


def current_user(
    services: Annotated[Portal, Depends(portal)],
    authorization: Annotated[str, Header()] = "",
) -> User:
    """The dependency that authenticates the bearer token of the request.

    A missing or unknown token is the same refusal as an expired one (``session_expired``),
    answered by the exception handler like every other.
    """
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret:
        raise SessionExpiredError
    return authenticate(services.accounts, secret).user


# FastAPI reads the endpoints' annotations by name from this module, so the aliases live here.
Services = Annotated[Portal, Depends(portal)]
CurrentUser = Annotated[User, Depends(current_user)]
# --8<-- [end:wiring]


# --------------------------------------------------------------------------------------------
# Errors: one handler for every portalkit refusal, in the client's language.


def preferred_language(accept_language: str | None) -> Language:
    """Return the supported language the client prefers most (RFC 9110 ``Accept-Language``).

    >>> preferred_language("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7")
    'en'
    >>> preferred_language("en;q=0, *")
    'de'
    """
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, parameters = item.partition(";")
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                continue
        if quality > 0:
            ranked.append((-quality, position, tag.strip().split("-")[0].lower()))
    for _, _, language in sorted(ranked):
        if language in LANGUAGES:
            return language  # type: ignore[return-value]  # checked against LANGUAGES
    return DEFAULT_LANGUAGE


# --8<-- [start:errors]
def status_for(error: PortalkitError) -> int:
    """Return the HTTP status for a portalkit refusal, by the kind of error it is.

    The kinds are portalkit's generic bases, so errors that later versions add are mapped too.
    """
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, PermissionDeniedError):
        return 403
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, InvalidValueError):
        return 400
    return 500  # not a refusal of the user's request (e.g. a storage problem)


def portalkit_error(request: Request, error: Exception) -> JSONResponse:
    """Answer a portalkit refusal with its code and its message in the client's language."""
    assert isinstance(error, PortalkitError)
    language = preferred_language(request.headers.get("accept-language"))
    return JSONResponse(
        {"code": error.code, "message": error.message(language)},
        status_code=status_for(error),
        headers={"Content-Language": language, "Vary": "Accept-Language"},
    )


# --8<-- [end:errors]


# --------------------------------------------------------------------------------------------
# The endpoints


class Credentials(BaseModel):
    """The body of ``POST /login``."""

    email: str
    password: str


class NewTicket(BaseModel):
    """The body of ``POST /tickets``."""

    subject: str
    body: str
    priority: Priority = Priority.NORMAL


def ticket_json(ticket: Ticket) -> dict[str, str]:
    """The fields of a ticket the client shows in a list."""
    return {
        "reference": str(ticket.reference),
        "subject": ticket.subject,
        "state": str(ticket.state),
        "priority": str(ticket.priority),
        "opened_at": ticket.created_at.isoformat(),
    }


# --8<-- [start:app]
def create_app(services: Portal) -> FastAPI:
    """Return the app, working with *services*."""
    app = FastAPI(title="Tickets on portalkit")
    app.state.portal = services
    app.add_exception_handler(PortalkitError, portalkit_error)

    @app.post("/login")
    def login(credentials: Credentials, services: Services) -> dict[str, str]:
        result = login_with_email(services.accounts, credentials.email, credentials.password)
        return {"token": result.session_secret, "user": str(result.user.email)}

    @app.get("/tickets")
    def list_tickets(
        services: Services, user: CurrentUser, archived: bool = False
    ) -> list[dict[str, str]]:
        page = tickets.list_tickets(services.tickets, user.id, archived=archived)
        return [ticket_json(ticket) for ticket in page.tickets]

    @app.post("/tickets", status_code=201)
    def open_ticket(new: NewTicket, services: Services, user: CurrentUser) -> dict[str, str]:
        ticket = tickets.open_ticket(
            services.tickets, user.id, subject=new.subject, body=new.body, priority=new.priority
        )
        return ticket_json(ticket)

    @app.get("/tickets/{reference}")
    def show_ticket(reference: str, services: Services, user: CurrentUser) -> dict[str, object]:
        view = tickets.show_ticket(services.tickets, user.id, reference)
        messages = [message.body for message in view.ticket.messages]
        return {**ticket_json(view.ticket), "messages": messages}

    @app.post("/tickets/{reference}/close")
    def close_ticket(reference: str, services: Services, user: CurrentUser) -> dict[str, str]:
        return ticket_json(tickets.close(services.tickets, user.id, reference))

    return app


# --8<-- [end:app]


# --------------------------------------------------------------------------------------------
# A demo: two companies with a user each, on the in-memory store.

PASSWORD = "Sommer-Regen-42!"


def demo_portal(clock: Clock | None = None, *, hasher: Argon2idHasher | None = None) -> Portal:
    """Return services on a new in-memory store with two companies and their users.

    ``erika@muster.de`` (administrator) and ``max@muster.de`` (employee) work for Muster GmbH,
    ``greta@globex.de`` (administrator) for Globex AG; every password is :data:`PASSWORD`.
    """
    store, clock = MemoryStore(), clock or SystemClock()
    accounts = AccountServices(
        unit_of_work=store.unit_of_work,
        clock=clock,
        hasher=hasher or Argon2idHasher(),
        password_policy=PasswordPolicy(),
        working_days=WorkingCalendar.germany(saturdays=True),
    )
    olga = Operator("op-1", "Olga Operator")
    for number, name, domain, first in [
        ("100234", "Muster GmbH", "muster.de", "erika"),
        ("100777", "Globex AG", "globex.de", "greta"),
    ]:
        company = create_company(
            accounts, olga, customer_number=number, name=name, email_domains=[domain]
        )
        invitation = invite_administrator(accounts, olga, company.id, email=f"{first}@{domain}")
        accept_invitation(
            accounts,
            invitation.secret,
            first_name=first.title(),
            last_name="Beispiel",
            password=PASSWORD,
        )
    erika = login_with_email(accounts, "erika@muster.de", PASSWORD).user
    invitation = invite_user(accounts, erika.id, email="max@muster.de")
    accept_invitation(
        accounts, invitation.secret, first_name="Max", last_name="Beispiel", password=PASSWORD
    )
    return Portal(accounts, TicketServices(store.unit_of_work, clock))


def demo_app() -> FastAPI:
    """The app on :func:`demo_portal`, for an ASGI server (``uvicorn --factory``)."""
    return create_app(demo_portal())


def aware(text: str) -> dt.datetime:
    """Parse an ISO 8601 instant; it must name its offset (portalkit never guesses a zone)."""
    instant = dt.datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset, e.g. +01:00")
    return instant


def main(argv: list[str] | None = None) -> int:
    """Play a conversation with the demo app and print it; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=LANGUAGES, default="de")
    parser.add_argument("--now", type=aware, help="a fixed instant with its UTC offset")
    args = parser.parse_args(argv)

    # Imported here: serving the app needs no HTTP client, only this conversation does.
    from fastapi.testclient import TestClient

    clock = None if args.now is None else FixedClock(args.now)
    app = create_app(demo_portal(clock))
    client = TestClient(app, headers={"Accept-Language": args.language})

    def call(method: str, path: str, token: str = "", **body: object) -> dict[str, object]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.request(method, path, json=body or None, headers=headers)
        answer = response.json()
        shown = (
            {k: v for k, v in answer.items() if k != "token"}
            if isinstance(answer, dict)
            else answer
        )
        print(f"{method} {path} → {response.status_code} {json.dumps(shown, ensure_ascii=False)}")
        return answer if isinstance(answer, dict) else {"items": answer}

    call("POST", "/login", email="erika@muster.de", password="falsch")
    erika = str(call("POST", "/login", email="erika@muster.de", password=PASSWORD)["token"])
    greta = str(call("POST", "/login", email="greta@globex.de", password=PASSWORD)["token"])
    call("POST", "/tickets", erika, subject="", body="Raum 3 bleibt kalt.")
    opened = call("POST", "/tickets", erika, subject="Heizung defekt", body="Raum 3 bleibt kalt.")
    reference = opened["reference"]
    call("GET", "/tickets", erika)
    call("GET", f"/tickets/{reference}", greta)
    call("POST", f"/tickets/{reference}/close", erika)
    call("POST", f"/tickets/{reference}/close", erika)
    call("GET", "/tickets", "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
