"""Walk through the account flows of seeds 000 and 001 on the in-memory store.

Usage:
    python examples/accounts_memory.py [--language en] [--now 2025-03-03T10:00+01:00]

A customer asks for access, the service company sets the company up and invites its first
administrator, who accepts, invites a colleague and logs in. Refusals are printed with their
code and the message in the chosen language, as an application would show them. The mails the
flows queued are listed at the end: a mail adapter would send them.

Without ``--now`` the flows run at the current time (from the system clock adapter); with it,
on a fixed clock, so that the output is the same on every run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from portalkit import LANGUAGES, FixedClock, PortalkitError
from portalkit.accounts import (
    AccountServices,
    Operator,
    accept_invitation,
    create_company,
    invite_administrator,
    invite_user,
    login_with_email,
    receive_access_request,
)
from portalkit.adapters.memory import MemoryStore
from portalkit.adapters.system import SystemClock
from portalkit.calendar import WorkingCalendar
from portalkit.clock import Clock
from portalkit.policy import Argon2idHasher, PasswordPolicy
from portalkit.policy.roles import Role


def aware(text: str) -> dt.datetime:
    """Parse an ISO 8601 instant; it must name its offset (portalkit never guesses a zone)."""
    instant = dt.datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset, e.g. +01:00")
    return instant


def main(argv: list[str] | None = None) -> int:
    """Run the flows and print what happens; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=LANGUAGES, default="de")
    parser.add_argument("--now", type=aware, help="a fixed instant with its UTC offset")
    args = parser.parse_args(argv)
    language = args.language

    store = MemoryStore()
    clock: Clock = SystemClock() if args.now is None else FixedClock(args.now)
    services = AccountServices(
        unit_of_work=store.unit_of_work,
        clock=clock,
        hasher=Argon2idHasher(),  # the OWASP parameters, as in production
        password_policy=PasswordPolicy(),
        working_days=WorkingCalendar.germany(saturdays=True),  # Werktage (seed 000)
    )
    operator = Operator("op-1", "Olga Operator")

    def refused(what: str, error: PortalkitError) -> None:
        print(f"{what}: refused ({error.code})")
        print(f"  {error.message(language)}")

    request = receive_access_request(
        services, company_name="Muster GmbH", contact_name="Erika Muster", email="erika@muster.de"
    )
    print(f"access request from {request.company_name}: answer due by {request.deadline}")
    company = create_company(
        services,
        operator,
        customer_number="100234",
        name="Muster GmbH",
        email_domains=["muster.de"],
    )
    print(f"company {company.customer_number} {company.name} created")

    invitation = invite_administrator(services, operator, company.id, email="erika@muster.de")
    print(f"invited {invitation.user.email}")
    try:
        accept_invitation(
            services,
            invitation.secret,
            first_name="Erika",
            last_name="Muster",
            password="Muster123!",
        )
    except PortalkitError as error:
        refused("accept with 'Muster123!'", error)
    erika = accept_invitation(
        services,
        invitation.secret,
        first_name="Erika",
        last_name="Muster",
        password="Sommer-Regen-42!",
    )
    print(f"{erika.email}: {erika.role}, {erika.status}")

    try:
        invite_user(services, erika.id, email="max@muster-online.de")
    except PortalkitError as error:
        refused("invite max@muster-online.de", error)
    colleague = invite_user(services, erika.id, email="Max@Muster.de", role=Role.MANAGER)
    print(f"invited {colleague.user.email} as {colleague.user.role}")

    try:
        login_with_email(services, "erika@muster.de", "sommer-regen-42!")
    except PortalkitError as error:
        refused("login with a wrong password", error)
    login = login_with_email(services, "ERIKA@muster.de", "Sommer-Regen-42!")
    print(f"login {login.user.email}: session {login.session_id[:8]}…")

    print("outbox:")
    for mail in store.outbox.values():
        print(f"  {mail.template:<24} → {mail.recipient}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
