"""A small world for the service-change use-case tests: memory store, fixed clock, companies."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs

from portalkit.accounts.model import Company, Operator, User, UserStatus
from portalkit.adapters.memory import MemoryStore
from portalkit.clock import FixedClock
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role
from portalkit.services.config import ServiceChangeServices
from portalkit.services.model import BookedService

SUBMISSION = dt.datetime(2025, 3, 18, 16, 0, tzinfo=dt.UTC)
"""Tuesday 18 March 2025, 17:00 in Berlin: the last day that still reaches 1 April (seed 000)."""

OPERATOR = Operator("olga", "Olga Operator")


@attrs.define
class ServiceWorld:
    """Companies ``acme`` and ``globex`` with users, and two services booked by ``acme``."""

    store: MemoryStore = attrs.Factory(MemoryStore)
    clock: FixedClock = attrs.Factory(lambda: FixedClock(SUBMISSION))
    ids: itertools.count[int] = attrs.Factory(lambda: itertools.count(1))

    def __attrs_post_init__(self) -> None:
        with self.store.unit_of_work() as uow:
            uow.companies.save(Company("acme", "100001", "ACME GmbH"))
            uow.companies.save(Company("globex", "100002", "Globex AG"))
            uow.booked_services.save(
                BookedService("office", "acme", "Unterhaltsreinigung", 3, "× pro Woche", maximum=5)
            )
            uow.booked_services.save(
                BookedService("windows", "acme", "Glasreinigung", 4, "× pro Jahr")
            )
            uow.booked_services.save(BookedService("snow", "globex", "Winterdienst", 1, "Objekt"))
            uow.commit()
        self.user("maria", "acme", Role.MANAGER)
        self.user("anna", "acme", Role.EMPLOYEE)
        self.user("greta", "globex", Role.ADMINISTRATOR)

    @property
    def services(self) -> ServiceChangeServices:
        return ServiceChangeServices(
            unit_of_work=self.store.unit_of_work,
            clock=self.clock,
            new_id=lambda: f"id{next(self.ids)}",
        )

    def user(self, user_id: str, company_id: str, role: Role, **changes: object) -> User:
        user = User(
            user_id,
            company_id,
            EmailAddress.parse(f"{user_id}@{company_id}.de"),
            role,
            UserStatus.ACTIVE,
            SUBMISSION - dt.timedelta(days=30),
        )
        user = attrs.evolve(user, **changes)
        with self.store.unit_of_work() as uow:
            uow.users.save(user)
            uow.commit()
        return user
