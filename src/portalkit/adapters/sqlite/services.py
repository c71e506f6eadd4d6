"""The service-change ports on SQLite: booked services and their change requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from portalkit.adapters.sqlite._tables import Database, Table
from portalkit.services.model import BookedService, ChangeRequest

BOOKED_SERVICES = Table("booked_services", BookedService)
CHANGE_REQUESTS = Table("change_requests", ChangeRequest)


class SqliteBookedServiceRepository:
    """Booked services in the ``booked_services`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, service_id: str) -> BookedService | None:
        """Return the service with *service_id*, or ``None``."""
        return BOOKED_SERVICES.get(self._db, service_id)

    def save(self, service: BookedService) -> None:
        """Insert or replace *service*."""
        BOOKED_SERVICES.save(self._db, service)

    def for_company(self, company_id: str) -> Sequence[BookedService]:
        """Return every service of the company, ended ones included, by name, then id."""
        return BOOKED_SERVICES.many(
            self._db, "WHERE company_id = ? ORDER BY name, id", [company_id]
        )

    def paused_ending_by(self, day: dt.date) -> Sequence[BookedService]:
        """Return the paused services whose pause ends on or before *day*, by id."""
        return BOOKED_SERVICES.many(
            self._db,
            "WHERE status = 'paused' AND pause_end IS NOT NULL AND pause_end <= ? ORDER BY id",
            [day.isoformat()],
        )


class SqliteChangeRequestRepository:
    """Change requests in the ``change_requests`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, request_id: str) -> ChangeRequest | None:
        """Return the request with *request_id*, or ``None``."""
        return CHANGE_REQUESTS.get(self._db, request_id)

    def save(self, request: ChangeRequest) -> None:
        """Insert or replace *request*."""
        CHANGE_REQUESTS.save(self._db, request)

    def for_service(self, service_id: str) -> Sequence[ChangeRequest]:
        """Return every request of the service, oldest submission first (then by id)."""
        return CHANGE_REQUESTS.many(
            self._db, "WHERE service_id = ? ORDER BY submitted_at, id", [service_id]
        )

    def for_company(self, company_id: str) -> Sequence[ChangeRequest]:
        """Return every request of the company's services, oldest submission first."""
        return CHANGE_REQUESTS.many(
            self._db, "WHERE company_id = ? ORDER BY submitted_at, id", [company_id]
        )

    def due(self, day: dt.date) -> Sequence[ChangeRequest]:
        """Return the live requests effective on or before *day*, in the order they apply."""
        return CHANGE_REQUESTS.many(
            self._db,
            "WHERE status = 'submitted' AND effective <= ? ORDER BY effective, submitted_at, id",
            [day.isoformat()],
        )
