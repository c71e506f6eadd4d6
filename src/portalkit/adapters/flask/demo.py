"""Demo data: a company with one account per role, so that a newcomer can try every page.

``flask portal demo-data`` creates it in the configured storage; a development portal with
``STORAGE = "memory"`` and ``DEMO_DATA = true`` creates it at start (``make run``), since its
data live only as long as the process. Everything goes through the core's use cases, so the
demo data obey the same rules as real ones.
"""

from __future__ import annotations

from typing import Final

import attrs

from portalkit.accounts import (
    AccountServices,
    Operator,
    User,
    accept_invitation,
    create_company,
    create_operator,
    invite_administrator,
    invite_user,
)
from portalkit.policy.roles import Role

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_COMPANY",
    "DEMO_CUSTOMER_NUMBER",
    "DEMO_DOMAIN",
    "DEMO_OPERATOR",
    "DEMO_OPERATOR_EMAIL",
    "DEMO_OPERATOR_PASSWORD",
    "DemoAccount",
    "create_demo_data",
    "demo_data_exists",
    "describe_demo_data",
]

DEMO_COMPANY: Final = "Beispiel GmbH"
DEMO_CUSTOMER_NUMBER: Final = "100234"
DEMO_DOMAIN: Final = "beispiel.de"
DEMO_OPERATOR: Final = Operator("demo-operator", "Olga Betrieb")
"""The service company's staff member who set the demo company up; she signs in at
``/betrieb/anmelden/`` with :data:`DEMO_OPERATOR_EMAIL` and :data:`DEMO_OPERATOR_PASSWORD`."""
DEMO_OPERATOR_EMAIL: Final = "olga.betrieb@service-beispiel.de"
DEMO_OPERATOR_PASSWORD: Final = "Hafen-Licht-52!"


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


def demo_data_exists(services: AccountServices) -> bool:
    """Tell whether the demo company is already in the storage."""
    with services.unit_of_work() as uow:
        return uow.companies.by_customer_number(DEMO_CUSTOMER_NUMBER) is not None


def _create_demo_operator(services: AccountServices) -> bool:
    with services.unit_of_work() as uow:
        if uow.operators.get(DEMO_OPERATOR.id) is not None:
            return False
    create_operator(
        services,
        email=DEMO_OPERATOR_EMAIL,
        name=DEMO_OPERATOR.name,
        password=DEMO_OPERATOR_PASSWORD,
        operator_id=DEMO_OPERATOR.id,
    )
    return True


def create_demo_data(services: AccountServices) -> bool:
    """Create the demo operator, company and accounts unless they exist; return whether it did.

    The invitation mails the set-up writes are marked as sent: their links are used up.
    """
    # Also into a store whose demo company predates operator accounts.
    operator_created = _create_demo_operator(services)
    if demo_data_exists(services):
        return operator_created
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
    with services.unit_of_work() as uow:
        for message in uow.outbox.pending():
            uow.outbox.mark_sent(message.id)
        uow.commit()
    return True


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
    lines.append(
        f"Operators (staff of the service company) sign in at {base_url}/betrieb/anmelden/:"
    )
    lines.append(f"  operator      {DEMO_OPERATOR_EMAIL:<28} {DEMO_OPERATOR_PASSWORD}")
    lines.append(f"Mails of the portal: {base_url}/dev/mails/")
    return "\n".join(lines)
