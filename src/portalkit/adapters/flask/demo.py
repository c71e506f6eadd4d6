"""Demo data: a company with one account per role, so that a newcomer can try every page.

``flask portal demo-data`` creates it in the configured storage (the SQLite file of the
instance folder by default); a development portal with ``DEMO_DATA = true`` creates it at start
if missing (``make run``), which a ``STORAGE = "memory"`` portal needs, since its data live only
as long as the process. Everything goes through the core's use cases, so the
demo data obey the same rules as real ones.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Final

import attrs

from portalkit.accounts import (
    AccountServices,
    Operator,
    User,
    accept_invitation,
    create_company,
    invite_administrator,
    invite_user,
)
from portalkit.adapters.flask.portal import Portal
from portalkit.policy.roles import Role
from portalkit.services import ChangeKind, ServiceChangeServices
from portalkit.services.use_cases import (
    book_service,
    preview_service_change,
    submit_service_change,
)
from portalkit.tickets import TicketServices
from portalkit.tickets import use_cases as tickets

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_COMPANY",
    "DEMO_CUSTOMER_NUMBER",
    "DEMO_DOMAIN",
    "DEMO_OPERATOR",
    "DEMO_SERVICES",
    "DEMO_TICKETS",
    "DemoAccount",
    "DemoService",
    "DemoTicket",
    "create_demo_data",
    "create_demo_services",
    "create_demo_tickets",
    "create_portal_demo_data",
    "demo_data_exists",
    "describe_demo_data",
]

DEMO_COMPANY: Final = "Beispiel GmbH"
DEMO_CUSTOMER_NUMBER: Final = "100234"
DEMO_DOMAIN: Final = "beispiel.de"
DEMO_OPERATOR: Final = Operator("demo-operator", "Olga Betrieb")
"""The service company's staff member who set the demo company up (no password: operators
sign in through the service company's own systems and act through ``flask portal``)."""


@attrs.frozen
class DemoAccount:
    """One demo account and its known password (never use these outside a demo)."""

    role: Role
    email: str
    first_name: str
    last_name: str
    password: str


DEMO_ACCOUNTS: Final = (
    DemoAccount(Role.ADMINISTRATOR, "anna.admin@beispiel.de", "Anna", "Adler", "Wolken-Tanz-83!"),
    DemoAccount(Role.MANAGER, "max.manager@beispiel.de", "Max", "Marder", "Berg-Fluss-61?"),
    DemoAccount(Role.EMPLOYEE, "emma.mitarbeit@beispiel.de", "Emma", "Elster", "Nebel-Stern-94!"),
    DemoAccount(Role.GUEST, "gustav.gast@beispiel.de", "Gustav", "Gans", "Kaffee-Wiese-75?"),
)
"""The demo company's accounts, administrator first; the README lists them too."""

# The demo operator signs in to the operator pages once they exist: its e-mail address and
# password then go here (and into describe_demo_data and the README's table of accounts).


@attrs.frozen
class DemoTicket:
    """A demo ticket: who opens it, and what the service company does until its state.

    Attributes:
        requester: the demo account that opens it.
        subject: its subject.
        body: the first message.
        steps: the operator's and customer's steps after opening, in order: ``assign``,
            ``reply``, ``ask``, ``resolve``, ``close``, ``feedback``.
    """

    requester: DemoAccount
    subject: str
    body: str
    steps: tuple[str, ...]


DEMO_TICKETS: Final = (
    DemoTicket(
        DEMO_ACCOUNTS[1],
        "Unterhaltsreinigung Besprechungsraum 2. OG ausgefallen",
        "Der Besprechungsraum im 2. OG wurde heute nicht gereinigt. Bitte prüfen Sie das.",
        (),
    ),
    DemoTicket(
        DEMO_ACCOUNTS[0],
        "Rechnung März: Position doppelt berechnet?",
        "Auf der Rechnung für März steht die Glasreinigung zweimal. Ist das richtig?",
        ("assign", "reply"),
    ),
    DemoTicket(
        DEMO_ACCOUNTS[1],
        "Zusätzliche Fensterreinigung im Mai",
        "Wir bekommen im Mai Besuch und hätten gern eine zusätzliche Fensterreinigung.",
        ("assign", "ask"),
    ),
    DemoTicket(
        DEMO_ACCOUNTS[0],
        "Schlüssel für den Lagerraum",
        "Das Reinigungsteam braucht einen Schlüssel für den Lagerraum im Erdgeschoss.",
        ("assign", "resolve"),
    ),
    DemoTicket(
        DEMO_ACCOUNTS[1],
        "Winterdienst Parkplatz",
        "Der Parkplatz wurde heute Morgen nicht geräumt.",
        ("assign", "reply", "resolve", "close", "feedback"),
    ),
)
"""The demo tickets: one new, one open, one waiting for the customer, one resolved, one
closed with feedback (every :class:`~portalkit.tickets.TicketState`)."""

_STEP_TEXTS: Final = {
    "reply": "Danke für Ihre Nachricht, wir kümmern uns darum.",
    "ask": "Welche Etagen sollen gereinigt werden, und an welchem Tag passt es Ihnen?",
    "resolve": "Erledigt. Bitte geben Sie uns Bescheid, falls noch etwas fehlt.",
    "close": "Danke, alles in Ordnung.",
}


@attrs.frozen
class DemoService:
    """A service booked for the demo company.

    Attributes:
        name: what it is called.
        quantity: how much is booked.
        unit: of what.
        minimum: the least that may be booked.
        maximum: the most that may be booked, if there is a limit.
    """

    name: str
    quantity: int
    unit: str
    minimum: int = 1
    maximum: int | None = None


DEMO_SERVICES: Final = (
    DemoService("Unterhaltsreinigung Büro", 5, "Tage pro Woche", 1, 6),
    DemoService("Glasreinigung", 4, "Einsätze pro Jahr", 1, 12),
    DemoService("Winterdienst", 1, "Objekte", 1, 3),
)
"""The demo company's booked services; the first has a pending change (from 5 to 3 days)."""


def demo_data_exists(services: AccountServices) -> bool:
    """Tell whether the demo company is already in the storage."""
    with services.unit_of_work() as uow:
        return uow.companies.by_customer_number(DEMO_CUSTOMER_NUMBER) is not None


def create_demo_data(services: AccountServices) -> bool:
    """Create the demo company and its accounts unless they exist; return whether it did.

    The invitation mails the set-up writes are marked as sent: their links are used up.
    """
    if demo_data_exists(services):
        return False
    with _demo_mails_marked_sent(services):
        company = create_company(
            services,
            DEMO_OPERATOR,
            customer_number=DEMO_CUSTOMER_NUMBER,
            name=DEMO_COMPANY,
            email_domains=[DEMO_DOMAIN],
        )
        administrator, *others = DEMO_ACCOUNTS
        invitation = invite_administrator(
            services, DEMO_OPERATOR, company.id, email=administrator.email
        )
        admin = _accept(services, invitation.secret, administrator)
        for account in others:
            invitation = invite_user(services, admin.id, email=account.email, role=account.role)
            _accept(services, invitation.secret, account)
    return True


def create_demo_tickets(services: AccountServices, ticket_services: TicketServices) -> bool:
    """Open :data:`DEMO_TICKETS` and take each to its state; return whether it did.

    Nothing happens without the demo company or when it has tickets already. *ticket_services*
    must work on the same storage as *services*. The mails the steps write are marked as sent.
    """
    with services.unit_of_work() as uow:
        company = uow.companies.by_customer_number(DEMO_CUSTOMER_NUMBER)
    if company is None:
        return False
    with ticket_services.unit_of_work() as uow:
        if uow.tickets.page(company.id, limit=1) or uow.tickets.page(
            company.id, archived=True, limit=1
        ):
            return False
    with _demo_mails_marked_sent(services):
        for demo in DEMO_TICKETS:
            _create_ticket(services, ticket_services, demo)
    return True


def create_demo_services(services: AccountServices, service_changes: ServiceChangeServices) -> bool:
    """Book :data:`DEMO_SERVICES` and submit a pending change; return whether it did.

    The manager asks for fewer cleaning days (5 to 3) from the next quarter start that can
    still be reached, confirming the preview as the page would. Nothing happens without the
    demo company or when it has services already. The confirmation mail is marked as sent.

    References:
        seed 000 ("Leistungen anpassen").
    """
    with services.unit_of_work() as uow:
        company = uow.companies.by_customer_number(DEMO_CUSTOMER_NUMBER)
    if company is None:
        return False
    with service_changes.unit_of_work() as uow:
        if uow.booked_services.for_company(company.id):
            return False
    with _demo_mails_marked_sent(services):
        booked = [
            book_service(
                service_changes,
                DEMO_OPERATOR,
                company_id=company.id,
                name=demo.name,
                quantity=demo.quantity,
                unit=demo.unit,
                minimum=demo.minimum,
                maximum=demo.maximum,
            )
            for demo in DEMO_SERVICES
        ]
        manager = _user_id(services, DEMO_ACCOUNTS[1])
        preview = preview_service_change(
            service_changes, manager, booked[0].id, ChangeKind.MINIMIZE, quantity=3
        )
        submit_service_change(
            service_changes,
            manager,
            booked[0].id,
            ChangeKind.MINIMIZE,
            quantity=3,
            expected_effective=preview.effective,
        )
    return True


def create_portal_demo_data(portal: Portal) -> bool:
    """Create every part of the demo data that *portal* has and that is missing.

    The company and its accounts, then the tickets and the services, each only when their use
    cases share the accounts' storage (a portal assembled by hand may keep them elsewhere).
    Each part is skipped when it exists, so a database made by an older demo gains the newer
    parts. Returns whether anything was made.

    Raises:
        RuntimeError: the portal has no account services.
    """
    accounts = portal.accounts
    if accounts is None:
        msg = "this portal has no account services (Portal.accounts is None)"
        raise RuntimeError(msg)
    created = create_demo_data(accounts)
    shared: object = accounts.unit_of_work
    if portal.tickets is not None and portal.tickets.unit_of_work is shared:
        created = create_demo_tickets(accounts, portal.tickets) or created
    if portal.services is not None and portal.services.unit_of_work is shared:
        created = create_demo_services(accounts, portal.services) or created
    return created


@contextlib.contextmanager
def _demo_mails_marked_sent(services: AccountServices) -> Iterator[None]:
    # Only the mails the demo set-up wrote: a real mail waiting in the outbox stays pending.
    with services.unit_of_work() as uow:
        before = {message.id for message in uow.outbox.pending()}
    yield
    with services.unit_of_work() as uow:
        for message in uow.outbox.pending():
            if message.id not in before:
                uow.outbox.mark_sent(message.id)
        uow.commit()


def _user_id(services: AccountServices, account: DemoAccount) -> str:
    with services.unit_of_work() as uow:
        for user in uow.users.all():
            if str(user.email) == account.email:
                return user.id
    msg = f"demo account {account.email} is missing"
    raise LookupError(msg)


def _create_ticket(
    services: AccountServices, ticket_services: TicketServices, demo: DemoTicket
) -> None:
    requester = _user_id(services, demo.requester)
    ticket = tickets.open_ticket(ticket_services, requester, subject=demo.subject, body=demo.body)
    reference = ticket.reference
    for step in demo.steps:
        if step == "assign":
            tickets.assign(ticket_services, DEMO_OPERATOR, reference)
        elif step == "reply":
            tickets.reply(ticket_services, DEMO_OPERATOR, reference, _STEP_TEXTS[step])
        elif step == "ask":
            tickets.ask_customer(ticket_services, DEMO_OPERATOR, reference, _STEP_TEXTS[step])
        elif step == "resolve":
            tickets.resolve(ticket_services, DEMO_OPERATOR, reference, _STEP_TEXTS[step])
        elif step == "close":
            tickets.close(ticket_services, requester, reference, _STEP_TEXTS[step])
        elif step == "feedback":
            tickets.give_feedback(ticket_services, requester, reference, 5, "Schnell erledigt.")
        else:
            msg = f"unknown demo ticket step {step!r}"
            raise ValueError(msg)


def _accept(services: AccountServices, secret: str, account: DemoAccount) -> User:
    return accept_invitation(
        services,
        secret,
        first_name=account.first_name,
        last_name=account.last_name,
        password=account.password,
    )


def describe_demo_data(base_url: str) -> str:
    """Return the demo accounts and passwords as text, for the console."""
    lines = [
        f"Demo company: {DEMO_COMPANY}, customer number {DEMO_CUSTOMER_NUMBER}, "
        f"domain {DEMO_DOMAIN}",
        f"Sign in at {base_url}/anmelden/ with:",
    ]
    lines += [
        f"  {account.role.value:<13} {account.email:<28} {account.password}"
        for account in DEMO_ACCOUNTS
    ]
    # The demo operator's sign-in line replaces this one once operators sign in to the portal.
    lines.append(
        f"  operator      {DEMO_OPERATOR.name} ({DEMO_OPERATOR.id}): no password, operators "
        "act through `flask portal` commands"
    )
    lines.append(
        f"With {len(DEMO_TICKETS)} tickets (one in each state), {len(DEMO_SERVICES)} booked "
        "services and a pending service change, if the portal has those pages."
    )
    lines.append(f"Mails of the portal: {base_url}/dev/mails/")
    return "\n".join(lines)
