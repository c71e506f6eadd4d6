"""A small world of ports for the account tests: memory store, fixed clock, fast hasher."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs

from portalkit.accounts import (
    AccountServices,
    AccountSettings,
    Company,
    Operator,
    OutboxMessage,
    User,
    accept_invitation,
    create_company,
    invite_administrator,
    invite_user,
)
from portalkit.adapters.memory import MemoryStore, PlainTextHasherForTests
from portalkit.calendar import WorkingCalendar
from portalkit.clock import FixedClock
from portalkit.policy import PasswordPolicy
from portalkit.policy.emails import GroupDomains
from portalkit.policy.roles import Role

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
OPERATOR = Operator("op-1", "Olga Operator")
GOOD_PASSWORD = "Sommer-Regen-42!"
WERKTAGE = WorkingCalendar.germany(saturdays=True)
POLICY = PasswordPolicy()


@attrs.define
class World:
    """Everything a use case test needs, plus shortcuts to set companies and users up."""

    store: MemoryStore = attrs.Factory(MemoryStore)
    clock: FixedClock = attrs.Factory(lambda: FixedClock(START))
    hasher: PlainTextHasherForTests = attrs.Factory(PlainTextHasherForTests)
    settings: AccountSettings = attrs.Factory(
        lambda: AccountSettings(group_domains=GroupDomains.of("kmc-servicegroup.de"))
    )
    counter: itertools.count[int] = attrs.Factory(lambda: itertools.count(1))
    numbers: itertools.count[int] = attrs.Factory(lambda: itertools.count(100001))

    @property
    def services(self) -> AccountServices:
        return AccountServices(
            unit_of_work=self.store.unit_of_work,
            clock=self.clock,
            hasher=self.hasher,
            password_policy=POLICY,
            working_days=WERKTAGE,
            settings=self.settings,
            new_id=lambda: f"id{next(self.counter)}",
        )

    def company(
        self, domain: str = "muster.de", name: str = "Muster GmbH", **options: Any
    ) -> Company:
        return create_company(
            self.services,
            OPERATOR,
            customer_number=str(next(self.numbers)),
            name=name,
            email_domains=[domain] if domain else [],
            **options,
        )

    def administrator(self, company: Company, local: str = "chefin") -> User:
        domain = sorted(company.email_domains)[0].unicode
        invitation = invite_administrator(
            self.services, OPERATOR, company.id, email=f"{local}@{domain}"
        )
        return accept_invitation(
            self.services,
            invitation.secret,
            first_name="Erika",
            last_name="Muster",
            password=GOOD_PASSWORD,
        )

    def member(
        self, company: Company, inviter: User, local: str, role: Role = Role.EMPLOYEE
    ) -> User:
        domain = sorted(company.email_domains)[0].unicode
        invitation = invite_user(self.services, inviter.id, email=f"{local}@{domain}", role=role)
        return accept_invitation(
            self.services,
            invitation.secret,
            first_name="Max",
            last_name=local,
            password=GOOD_PASSWORD,
        )

    def user(self, user_id: str) -> User:
        return self.store.users[user_id]

    def company_now(self, company_id: str) -> Company:
        return self.store.companies[company_id]

    def mails(self, template: str | None = None) -> list[OutboxMessage]:
        return [
            message
            for message in self.store.outbox.values()
            if template is None or message.template == template
        ]

    def last_token(self, template: str) -> str:
        return self.mails(template)[-1].params["token"]
