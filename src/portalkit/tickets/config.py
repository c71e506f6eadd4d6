"""What the ticket use cases need: settings, the ports they are wired to, and the clocks.

Wiring happens in one factory per application (the Flask portal, a test), never at import time:
build one :class:`TicketServices` and pass it to the use cases in
:mod:`portalkit.tickets.use_cases`.

References:
    seed 000 (support and live chat Mon–Fri 08:00–18:00; 24/7 priority support for internal
    customers); DOMAIN.md sections 3 and 4; issue 5.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Mapping
from typing import Final

import attrs

from portalkit._frozen import FrozenMapping
from portalkit.accounts.model import Company
from portalkit.calendar.business_hours import BusinessHours
from portalkit.calendar.working_days import STATES, UnknownStateError, WorkingCalendar
from portalkit.clock import Clock
from portalkit.tickets.lifecycle import LifecycleRules
from portalkit.tickets.model import Priority
from portalkit.tickets.ports import TicketsUnitOfWork
from portalkit.tickets.sla import DEFAULT_SLA_TARGETS, AroundTheClock, BusinessClock, SlaTarget
from portalkit.tickets.visibility import DEFAULT_VISIBILITY, VisibilityRules

SUPPORT_OPENS: Final = dt.time(8)
"""When support and the live chat open on working days (seed 000)."""

SUPPORT_CLOSES: Final = dt.time(18)
"""When they close (seed 000)."""


def _freeze_states(value: Mapping[str, str]) -> Mapping[str, str]:
    for state in value.values():
        if state not in STATES:
            raise UnknownStateError(state)
    return FrozenMapping(value)


def _check_state(
    instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None and value not in STATES:
        raise UnknownStateError(value)


def _freeze_targets(value: Mapping[Priority, SlaTarget]) -> Mapping[Priority, SlaTarget]:
    return FrozenMapping(value)


@attrs.frozen
class TicketSettings:
    """The configurable parts of the ticket area, with the seeds' defaults.

    Attributes:
        lifecycle: the reopen window (default 14 days).
        sla_targets: first-response and resolution targets per priority, in business time.
        visibility: which roles see which tickets.
        company_states: the German state (``"BY"``, ``"NW"``, ...) of each company by id; its
            public holidays close the company's business hours.
        default_state: the state of companies not in *company_states* (``None``: only the
            holidays all states share).
        support_state: the state whose holidays close the service company's support.
        timezone: the time zone of business and support hours.

    Raises:
        UnknownStateError: for a state code that is not one of the 16.

    References:
        seed 000 (Mon–Fri 08:00–18:00); DOMAIN.md sections 3 and 4; issue 5.
    """

    lifecycle: LifecycleRules = attrs.field(factory=LifecycleRules)
    sla_targets: Mapping[Priority, SlaTarget] = attrs.field(
        default=DEFAULT_SLA_TARGETS, converter=_freeze_targets
    )
    visibility: VisibilityRules = DEFAULT_VISIBILITY
    company_states: Mapping[str, str] = attrs.field(factory=FrozenMapping, converter=_freeze_states)
    default_state: str | None = attrs.field(default=None, validator=_check_state)
    support_state: str | None = attrs.field(default=None, validator=_check_state)
    timezone: str = "Europe/Berlin"

    def state_of(self, company_id: str) -> str | None:
        """Return the state whose holidays apply to the company."""
        return self.company_states.get(company_id, self.default_state)


@functools.lru_cache(maxsize=64)
def _office_hours(state: str | None, timezone: str) -> BusinessHours:
    return BusinessHours(
        WorkingCalendar.germany(state), SUPPORT_OPENS, SUPPORT_CLOSES, timezone=timezone
    )


def office_hours(state: str | None, timezone: str = "Europe/Berlin") -> BusinessHours:
    """Return Mon–Fri 08:00–18:00 without the public holidays of *state*.

    The business hours are shared per state and time zone: they build their calendar year by
    year and keep it.

    Raises:
        UnknownStateError: if *state* is not one of the 16 codes.

    References:
        seed 000 ("Mo–Fr 08:00–18:00"); DOMAIN.md section 3.
    """
    return _office_hours(state, timezone)


def business_clock(settings: TicketSettings, company: Company) -> BusinessClock:
    """Return the clock the company's SLA runs on: office hours, or 24/7 for internal companies.

    References:
        DOMAIN.md section 4 ("Internal customers get 24/7 clocks"); seed 000.
    """
    if company.internal:
        return AroundTheClock()
    return office_hours(settings.state_of(company.id), settings.timezone)


def _uuid() -> str:
    return uuid.uuid4().hex


@attrs.frozen
class TicketServices:
    """The ports and settings every ticket use case takes as its first argument.

    Attributes:
        unit_of_work: makes a new unit of work (one per use case call); a
            :class:`portalkit.adapters.memory.MemoryStore`'s ``unit_of_work`` will do.
        clock: tells the current instant.
        settings: the configurable rules.
        new_id: makes identifiers of audit events and outbox messages.
    """

    unit_of_work: Callable[[], TicketsUnitOfWork]
    clock: Clock
    settings: TicketSettings = attrs.field(factory=TicketSettings)
    new_id: Callable[[], str] = _uuid

    def now(self) -> dt.datetime:
        """Return the current instant from the clock."""
        return self.clock.now()
