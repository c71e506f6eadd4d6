"""Tickets in the inactivity data export: the requester's tickets as they may read them.

Plug :class:`TicketExportSection` into
:attr:`portalkit.accounts.AccountServices.export_sections`; the export mailed before an inactive
account is deleted then holds the user's tickets, open and archived, without internal notes.

References:
    seed 000 ("Datenexport", "Kontolöschung" after 2 years without login); DSGVO Art. 20.
"""

from __future__ import annotations

import attrs

from portalkit.accounts.model import User
from portalkit.accounts.ports import UnitOfWork
from portalkit.tickets.ports import MAX_PAGE_SIZE, TicketsUnitOfWork
from portalkit.tickets.use_cases import export_view


@attrs.frozen
class TicketExportSection:
    """The ``tickets`` part of a user's data export (an :class:`~portalkit.accounts.ExportSection`).

    It reads through the account unit of work, which must also be a
    :class:`~portalkit.tickets.ports.TicketsUnitOfWork` (every portalkit adapter's is).

    References:
        seed 000; DSGVO Art. 20 (data portability).
    """

    name: str = "tickets"

    def collect(self, uow: UnitOfWork, user: User) -> object:
        """Return the tickets *user* requested, open ones first, each newest first.

        Raises:
            TypeError: if *uow* has no ticket repository.
        """
        if not isinstance(uow, TicketsUnitOfWork):
            msg = "the unit of work has no ticket repository"
            raise TypeError(msg)
        collected: list[object] = []
        for archived in (False, True):
            after = None
            while True:
                page = uow.tickets.page(
                    user.company_id,
                    requester_id=user.id,
                    archived=archived,
                    after=after,
                    limit=MAX_PAGE_SIZE,
                )
                collected.extend(export_view(ticket) for ticket in page)
                if len(page) < MAX_PAGE_SIZE:
                    break
                after = page[-1].reference
        return collected
