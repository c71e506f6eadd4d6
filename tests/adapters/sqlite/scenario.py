"""Shared set-ups for the SQLite tests; importable by spawned child processes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portalkit.accounts import (
    AccountServices,
    AccountSettings,
    Company,
    Operator,
    User,
    UserStatus,
    accept_invitation,
    create_company,
    invite_administrator,
    invite_user,
)
from portalkit.accounts.model import CompanyStatus
from portalkit.adapters.memory import PlainTextHasherForTests
from portalkit.adapters.sqlite import SqliteStore
from portalkit.calendar import WorkingCalendar
from portalkit.clock import FixedClock
from portalkit.policy import PasswordPolicy
from portalkit.policy.emails import EmailAddress, EmailDomain, GroupDomains
from portalkit.policy.roles import Role

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
OPERATOR = Operator("op-1", "Olga Operator")
PASSWORD = "Sommer-Regen-42!"


def services_for(store: SqliteStore, now: dt.datetime = START) -> AccountServices:
    """Return account services on *store* with random ids and a fast test hasher."""
    return AccountServices(
        unit_of_work=store.unit_of_work,
        clock=FixedClock(now),
        hasher=PlainTextHasherForTests(),
        password_policy=PasswordPolicy(),
        working_days=WorkingCalendar.germany(saturdays=True),
        settings=AccountSettings(group_domains=GroupDomains.of("kmc-servicegroup.de")),
    )


def company_with_admins(
    services: AccountServices, number: int, admins: int = 2, members: int = 0
) -> tuple[Company, list[User]]:
    """Create company *number* (domain ``firma<number>.de``) with active administrators.

    Returns:
        The company and its users, administrators first.
    """
    domain = f"firma{number}.de"
    company = create_company(
        services,
        OPERATOR,
        customer_number=f"{100000 + number}",
        name=f"Firma {number}",
        email_domains=[domain],
    )
    invitation = invite_administrator(services, OPERATOR, company.id, email=f"chef@{domain}")
    first = accept_invitation(
        services, invitation.secret, first_name="Erika", last_name="Chef", password=PASSWORD
    )
    users = [first]
    for index in range(1, admins + members):
        role = Role.ADMINISTRATOR if index < admins else Role.EMPLOYEE
        invited = invite_user(services, first.id, email=f"user{index}@{domain}", role=role)
        users.append(
            accept_invitation(
                services,
                invited.secret,
                first_name="Max",
                last_name=f"N{index}",
                password=PASSWORD,
            )
        )
    return company, users


def silent_users(store: SqliteStore, count: int, *, notice_at: dt.datetime) -> list[str]:
    """Insert *count* active users silent since :data:`START`, already told at *notice_at*."""
    company = Company("c-silent", "900000", "Still GmbH", status=CompanyStatus.ACTIVE)
    ids = [f"silent-{number:05d}" for number in range(count)]
    with store.unit_of_work() as uow:
        uow.companies.save(company)
        for user_id in ids:
            uow.users.save(
                User(
                    user_id,
                    company.id,
                    EmailAddress(user_id, EmailDomain("still.de")),
                    Role.EMPLOYEE,
                    UserStatus.ACTIVE,
                    START,
                    last_activity=START,
                    inactivity_notice_at=notice_at,
                )
            )
        uow.commit()
    return ids


def open_at(path: Path | str) -> SqliteStore:
    """Open the store at *path* (a helper children can call by name)."""
    return SqliteStore(path)
