"""The ports of the service-change area: booked services, change requests, the unit of work.

Storage adapters implement these protocols (:mod:`portalkit.adapters.memory` does, in memory);
the service-change use cases speak only to them. Repositories hold frozen values: ``save``
inserts or replaces by id, ``get`` returns ``None`` for an unknown id.

:class:`ServicesUnitOfWork` follows the structural approach of
:class:`portalkit.accounts.ports.UnitOfWork`: it names the account repositories the use cases
read (companies, users) and write (audit log, outbox) plus the two service ports, so one adapter
unit of work that has all of them satisfies every area's protocol.

References:
    seed 000 ("Meine Leistungen", "Leistungen anpassen"); DOMAIN.md section 5; issue 5.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

from portalkit.accounts.ports import AuditLog, CompanyRepository, Outbox, UserRepository
from portalkit.services.model import BookedService, ChangeRequest


class BookedServiceRepository(Protocol):
    """Stores the services companies have booked."""

    def get(self, service_id: str) -> BookedService | None:
        """Return the service with *service_id*, or ``None``."""
        ...

    def save(self, service: BookedService) -> None:
        """Insert or replace *service*."""
        ...

    def for_company(self, company_id: str) -> Sequence[BookedService]:
        """Return every service of the company, ended ones included, ordered by name, then id."""
        ...

    def paused_ending_by(self, day: dt.date) -> Sequence[BookedService]:
        """Return the services with status ``paused`` whose pause ends on or before *day*.

        These are due to resume; the system step that applies changes picks them up.
        """
        ...


class ChangeRequestRepository(Protocol):
    """Stores change requests of booked services, of every status."""

    def get(self, request_id: str) -> ChangeRequest | None:
        """Return the request with *request_id*, or ``None``."""
        ...

    def save(self, request: ChangeRequest) -> None:
        """Insert or replace *request*."""
        ...

    def for_service(self, service_id: str) -> Sequence[ChangeRequest]:
        """Return every request of the service, oldest submission first (then by id)."""
        ...

    def for_company(self, company_id: str) -> Sequence[ChangeRequest]:
        """Return every request of the company's services, oldest submission first (then id)."""
        ...

    def due(self, day: dt.date) -> Sequence[ChangeRequest]:
        """Return the live requests (status ``submitted``) effective on or before *day*.

        Ordered by effective date, then submission instant, then id: the order they apply in.
        """
        ...


@runtime_checkable
class ServicesUnitOfWork(Protocol):
    """Makes one service-change use case atomic, with its confirmation mail and audit event.

    Use it like :class:`portalkit.accounts.ports.UnitOfWork`::

        with uow:
            uow.change_requests.save(request)
            uow.outbox.put(message)
            uow.commit()
    """

    companies: CompanyRepository
    users: UserRepository
    audit: AuditLog
    outbox: Outbox
    booked_services: BookedServiceRepository
    change_requests: ChangeRequestRepository

    def __enter__(self) -> Self:
        """Begin the unit of work."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """End it, rolling back whatever was not committed."""
        ...

    def commit(self) -> None:
        """Make everything written so far durable."""
        ...

    def rollback(self) -> None:
        """Forget everything written since the last commit."""
        ...
