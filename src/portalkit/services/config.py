"""What the service-change use cases need: the ports they are wired to and the settings.

Wiring happens in one factory per application, never at import time: build one
:class:`ServiceChangeServices` and pass it to the use cases in
:mod:`portalkit.services.use_cases`.

References:
    seed 000 ("Leistungen anpassen"); DOMAIN.md section 5.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import attrs

from portalkit.calendar._instants import BERLIN, local_date
from portalkit.calendar.quarters import LEAD_DAYS
from portalkit.clock import Clock
from portalkit.services.ports import ServicesUnitOfWork


def _uuid() -> str:
    return uuid.uuid4().hex


@attrs.frozen
class ServiceChangeServices:
    """The ports and settings every service-change use case takes as its first argument.

    Attributes:
        unit_of_work: makes a new unit of work (one per use case call); a
            :class:`portalkit.adapters.memory.MemoryStore`'s ``unit_of_work`` will do.
        clock: tells the current instant (the submission instant of a request).
        lead_days: the least number of days between submission and effect (seed 000: 14).
        new_id: makes identifiers of requests, services, audit events and outbox messages.

    References:
        seed 000 ("mindestens 14 Tage vor Quartalsbeginn").
    """

    unit_of_work: Callable[[], ServicesUnitOfWork]
    clock: Clock
    lead_days: int = LEAD_DAYS
    new_id: Callable[[], str] = _uuid

    def now(self) -> dt.datetime:
        """Return the current instant from the clock."""
        return self.clock.now()

    def today(self) -> dt.date:
        """Return the current day in Europe/Berlin, the day quarters and cut-offs count in."""
        return local_date(self.clock.now(), BERLIN, "now")
