"""Keep accounts, tickets and service changes in a SQLite database, and read them back.

Usage:
    python examples/sqlite_store.py [--database portal.db] [--now 2025-03-18T10:00+01:00]

The program opens (creating and migrating) the database, sets up a company with its first
administrator, opens a ticket and submits a service change, each use case in its own unit of
work. Then it closes the store, opens the file again and prints what was kept: one file holds
everything. Without ``--database`` it works in a temporary folder that is removed at the end;
an existing database is refused, so that the program never mixes its data with yours.

Without ``--now`` the use cases run at the current time (from the system clock adapter); with
it, on a fixed clock, so that the output is the same on every run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from portalkit import FixedClock
from portalkit.accounts import (
    AccountServices,
    Operator,
    accept_invitation,
    create_company,
    invite_administrator,
    login_with_email,
)
from portalkit.adapters.sqlite import open_store
from portalkit.adapters.system import SystemClock
from portalkit.calendar import WorkingCalendar
from portalkit.clock import Clock
from portalkit.policy import Argon2idHasher, PasswordPolicy
from portalkit.services import ChangeKind, ServiceChangeServices
from portalkit.services import use_cases as changes
from portalkit.tickets import TicketServices
from portalkit.tickets import use_cases as tickets


def aware(text: str) -> dt.datetime:
    """Parse an ISO 8601 instant; it must name its offset (portalkit never guesses a zone)."""
    instant = dt.datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset, e.g. +01:00")
    return instant


def fill(database: Path, clock: Clock) -> None:
    """Set up a company, its administrator, a ticket and a service change in *database*."""
    with open_store(database) as store:
        print(f"opened {database.name}: schema version {store.schema_version}")
        accounts = AccountServices(
            unit_of_work=store.unit_of_work,
            clock=clock,
            hasher=Argon2idHasher(),
            password_policy=PasswordPolicy(),
            working_days=WorkingCalendar.germany(saturdays=True),
        )
        # One store serves every area: its units of work have all the repositories.
        support = TicketServices(store.unit_of_work, clock)
        contracts = ServiceChangeServices(store.unit_of_work, clock)
        olga = Operator("op-1", "Olga Operator")

        company = create_company(
            accounts,
            olga,
            customer_number="100234",
            name="Muster GmbH",
            email_domains=["muster.de"],
        )
        invitation = invite_administrator(accounts, olga, company.id, email="erika@muster.de")
        erika = accept_invitation(
            accounts,
            invitation.secret,
            first_name="Erika",
            last_name="Muster",
            password="Sommer-Regen-42!",
        )
        login_with_email(accounts, "erika@muster.de", "Sommer-Regen-42!")
        ticket = tickets.open_ticket(
            support, erika.id, subject="Heizung defekt", body="Raum 3 bleibt kalt."
        )
        print(f"ticket {ticket.reference} opened")
        office = changes.book_service(
            contracts,
            olga,
            company_id=company.id,
            name="Unterhaltsreinigung",
            quantity=3,
            unit="× pro Woche",
            maximum=5,
        )
        request = changes.submit_service_change(
            contracts, erika.id, office.id, ChangeKind.MINIMIZE, quantity=2
        )
        print(f"service change {request.kind} to {request.quantity} from {request.effective}")


def show(database: Path) -> None:
    """Open *database* again, read-only, and print what it holds."""
    with open_store(database) as store, store.unit_of_work(read_only=True) as uow:
        print(f"reopened {database.name}:")
        for company in uow.companies.all():
            users = uow.users.in_company(company.id)
            print(f"  company {company.customer_number} {company.name}")
            for user in users:
                print(f"    user {user.email} {user.role} {user.status}")
            for ticket in uow.tickets.page(company.id):
                print(f"    ticket {ticket.reference} {ticket.state} {ticket.subject!r}")
            for service in uow.booked_services.for_company(company.id):
                print(f"    service {service.name!r} {service.quantity} {service.unit}")
                for request in uow.change_requests.for_service(service.id):
                    print(
                        f"      change {request.kind} to {request.quantity} "
                        f"from {request.effective}, {request.status}"
                    )
        print(f"  outbox: {', '.join(mail.template for mail in uow.outbox.pending())}")


def main(argv: list[str] | None = None) -> int:
    """Fill a new database and print it back; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="a new database file to keep")
    parser.add_argument("--now", type=aware, help="a fixed instant with its UTC offset")
    args = parser.parse_args(argv)
    clock: Clock = SystemClock() if args.now is None else FixedClock(args.now)

    if args.database is not None:
        if args.database.exists():
            print(f"{args.database} exists; give the name of a new file", file=sys.stderr)
            return 2
        fill(args.database, clock)
        show(args.database)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "portal.db"
        fill(database, clock)
        show(database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
