"""A small world for the ticket use-case tests: memory store, fixed clock, two companies."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs

from portalkit.accounts.model import Company, Operator, User, UserStatus
from portalkit.adapters.memory import MemoryStore
from portalkit.clock import FixedClock
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role
from portalkit.tickets.config import TicketServices, TicketSettings

MONDAY = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
"""Monday 3 March 2025, 10:00 in Berlin: a working morning."""

AGENT = Operator("olga", "Olga Operator")
OTHER_AGENT = Operator("otto", "Otto Operator")


@attrs.define
class TicketWorld:
    """Companies ``acme`` (Bavaria) and ``globex``, an internal company ``kmc``, and their users."""

    store: MemoryStore = attrs.Factory(MemoryStore)
    clock: FixedClock = attrs.Factory(lambda: FixedClock(MONDAY))
    settings: TicketSettings = attrs.Factory(lambda: TicketSettings(company_states={"acme": "BY"}))
    ids: itertools.count[int] = attrs.Factory(lambda: itertools.count(1))

    def __attrs_post_init__(self) -> None:
        with self.store.unit_of_work() as uow:
            uow.companies.save(Company("acme", "100001", "ACME GmbH"))
            uow.companies.save(Company("globex", "100002", "Globex AG"))
            uow.companies.save(Company("kmc", "100003", "KMC Service", internal=True))
            uow.commit()
        self.user("anna", "acme", Role.EMPLOYEE)
        self.user("bernd", "acme", Role.EMPLOYEE)
        self.user("maria", "acme", Role.MANAGER)
        self.user("gast", "acme", Role.GUEST)
        self.user("greta", "globex", Role.ADMINISTRATOR)
        self.user("ines", "kmc", Role.MANAGER)

    @property
    def services(self) -> TicketServices:
        return TicketServices(
            unit_of_work=self.store.unit_of_work,
            clock=self.clock,
            settings=self.settings,
            new_id=lambda: f"id{next(self.ids)}",
        )

    def user(self, user_id: str, company_id: str, role: Role, **changes: object) -> User:
        user = User(
            user_id,
            company_id,
            EmailAddress.parse(f"{user_id}@{company_id}.de"),
            role,
            UserStatus.ACTIVE,
            MONDAY - dt.timedelta(days=30),
        )
        user = attrs.evolve(user, **changes)
        with self.store.unit_of_work() as uow:
            uow.users.save(user)
            uow.commit()
        return user

    def later(self, **delta: float) -> dt.datetime:
        return self.clock.advance(dt.timedelta(**delta))
