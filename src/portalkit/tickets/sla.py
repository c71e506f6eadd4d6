"""SLA clocks: first response and resolution, in business time, paused while the customer owes.

Each priority has a first-response and a resolution target (:class:`SlaTarget`), measured in
business time through a :class:`BusinessClock`: Mon–Fri 08:00–18:00 with the holidays of the
company's state for most customers (``portalkit.calendar.BusinessHours`` satisfies the port),
24/7 (:class:`AroundTheClock`) for internal customers. Everything is computed from the ticket's
history, so :func:`sla_status` answers for any instant, past or present, and nothing has to be
stored or updated by a timer.

When the clocks run:

- **first response** runs from submission while the ticket is ``new`` or ``open`` and stops for
  good at the first answer of an agent (a reply, a question to the customer, resolving or
  closing); it also stops if the ticket is resolved or closed before anybody answered.
- **resolution** runs while the ticket is ``new`` or ``open``, pauses while it is
  ``waiting_for_customer``, stops while it is ``resolved`` or ``closed`` and runs on when the
  ticket is reopened.

A due instant never moves backwards. It stays put while a clock runs or is stopped and moves
later only while the clock is paused (or stopped and resumed by a reopen): the time the
customer owes an answer is added to the deadline.

References:
    DOMAIN.md section 4 ("SLA clocks ... run in business hours and stop while the ticket waits
    for the customer. Internal customers get 24/7 clocks"); seed 000 (support Mon–Fri
    08:00–18:00; 24/7 priority support for internal customers); issue 5.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Final, Protocol, runtime_checkable

import attrs

from portalkit._errors import InvalidValueError
from portalkit.clock import require_aware
from portalkit.tickets.lifecycle import ActorKind, TicketAction, TicketState
from portalkit.tickets.model import Priority, Ticket, TicketEvent


@runtime_checkable
class BusinessClock(Protocol):
    """Adds and measures business time between aware instants.

    Implementations must be consistent: for every positive *rest*,
    ``add(a, between(a, b) + rest) == add(b, rest)`` when ``a <= b``.
    """

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """Return the instant at which *duration* of business time after *start* has passed."""
        ...

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Return the business time from *start* to *end* (``end >= start``)."""
        ...


@attrs.frozen
class AroundTheClock:
    """A business clock that never closes: every hour counts (24/7 support).

    >>> import datetime as dt
    >>> start = dt.datetime(2025, 3, 29, 23, 0, tzinfo=dt.UTC)
    >>> AroundTheClock().add(start, dt.timedelta(hours=2)).isoformat()
    '2025-03-30T01:00:00+00:00'

    References:
        seed 000 ("Priority Support ... 24/7" for internal customers).
    """

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """Return *start* plus *duration*, as elapsed time (UTC arithmetic, DST-proof)."""
        utc = require_aware(start, "start").astimezone(dt.UTC)
        return (utc + duration).astimezone(start.tzinfo)

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Return the elapsed time from *start* to *end*."""
        return require_aware(end, "end") - require_aware(start, "start")


def _positive(instance: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        raise InvalidValueError(field=attribute.name)


@attrs.frozen
class SlaTarget:
    """The business time within which a ticket of one priority gets answered and resolved.

    Raises:
        InvalidValueError: if a target is not positive or resolution comes before response.
    """

    first_response: dt.timedelta = attrs.field(validator=_positive)
    resolution: dt.timedelta = attrs.field(validator=_positive)

    def __attrs_post_init__(self) -> None:
        if self.resolution < self.first_response:
            raise InvalidValueError(field="resolution")


_H = dt.timedelta(hours=1)

DEFAULT_SLA_TARGETS: Final[Mapping[Priority, SlaTarget]] = MappingProxyType(
    {
        Priority.URGENT: SlaTarget(first_response=1 * _H, resolution=8 * _H),
        Priority.HIGH: SlaTarget(first_response=4 * _H, resolution=16 * _H),
        Priority.NORMAL: SlaTarget(first_response=8 * _H, resolution=40 * _H),
        Priority.LOW: SlaTarget(first_response=16 * _H, resolution=80 * _H),
    }
)
"""Default targets in business hours: with 10-hour business days, "high" means an answer within
half a business day and a solution within two; "normal" an answer by the next business day and a
solution within a business week."""


class SlaClockState(enum.StrEnum):
    """Whether an SLA clock counts right now."""

    RUNNING = "running"
    """The service company owes the next step; time counts."""
    PAUSED = "paused"
    """The ticket waits for the customer; time does not count, the due instant moves on."""
    STOPPED = "stopped"
    """The target is reached (answered, resolved or closed); the due instant stays."""


@attrs.frozen
class SlaClock:
    """The state of one SLA clock at one instant.

    Attributes:
        target: the business time allowed.
        elapsed: the business time counted so far.
        due: when the target is (or was) reached; while paused, when it would be reached if the
            clock ran on now.
        state: running, paused or stopped.
        stopped_at: when the clock stopped, if it is stopped.
        breached: whether the due instant passed before the clock stopped (or before now).
    """

    target: dt.timedelta
    elapsed: dt.timedelta
    due: dt.datetime
    state: SlaClockState
    stopped_at: dt.datetime | None
    breached: bool

    @property
    def remaining(self) -> dt.timedelta:
        """Business time left until the target; negative once breached."""
        return self.target - self.elapsed


@attrs.frozen
class SlaStatus:
    """Both SLA clocks of a ticket at one instant.

    References:
        DOMAIN.md section 4; issue 5.
    """

    first_response: SlaClock
    resolution: SlaClock

    @property
    def first_response_due(self) -> dt.datetime:
        """When the first answer is (or was) due."""
        return self.first_response.due

    @property
    def resolution_due(self) -> dt.datetime:
        """When the resolution is (or was) due."""
        return self.resolution.due

    @property
    def breached(self) -> bool:
        """Whether either target was missed."""
        return self.first_response.breached or self.resolution.breached


_RUNNING_STATES: Final = frozenset({TicketState.NEW, TicketState.OPEN})
_FIRST_RESPONSE_ACTIONS: Final = frozenset(
    {TicketAction.REPLY, TicketAction.ASK_CUSTOMER, TicketAction.RESOLVE, TicketAction.CLOSE}
)


def is_first_response(event: TicketEvent) -> bool:
    """Return whether *event* answers the customer on behalf of the service company.

    Assigning is not an answer, nor is an internal note (which is no event at all).
    """
    return event.actor.kind is ActorKind.AGENT and event.action in _FIRST_RESPONSE_ACTIONS


def _first_response_phase(state: TicketState, responded: bool) -> SlaClockState:
    if responded or state not in _RUNNING_STATES | {TicketState.WAITING_FOR_CUSTOMER}:
        return SlaClockState.STOPPED
    return SlaClockState.RUNNING if state in _RUNNING_STATES else SlaClockState.PAUSED


def _resolution_phase(state: TicketState, responded: bool) -> SlaClockState:
    if state in _RUNNING_STATES:
        return SlaClockState.RUNNING
    if state is TicketState.WAITING_FOR_CUSTOMER:
        return SlaClockState.PAUSED
    return SlaClockState.STOPPED


def _measure(
    ticket: Ticket,
    now: dt.datetime,
    clock: BusinessClock,
    target: dt.timedelta,
    phase_of: Callable[[TicketState, bool], SlaClockState],
) -> SlaClock:
    phases = [(ticket.created_at, phase_of(TicketState.NEW, False))]
    responded = False
    for event in ticket.history:
        if event.at > now:
            break
        responded = responded or is_first_response(event)
        phases.append((event.at, phase_of(event.target, responded)))

    spent = dt.timedelta(0)
    due: dt.datetime | None = None
    for index, (start, phase) in enumerate(phases):
        if phase is not SlaClockState.RUNNING:
            continue
        end = phases[index + 1][0] if index + 1 < len(phases) else None
        remaining = target - spent
        if due is None and remaining > dt.timedelta(0):
            crossing = clock.add(start, remaining)
            if end is None or crossing <= end:
                due = crossing
        spent += clock.between(start, now if end is None else end)

    state = phases[-1][1]
    stopped_at = None
    if state is SlaClockState.STOPPED:
        # The clock stopped where the trailing run of stopped phases began.
        index = len(phases) - 1
        while index > 0 and phases[index - 1][1] is SlaClockState.STOPPED:
            index -= 1
        stopped_at = phases[index][0]
    if due is None:
        # Only a paused or stopped clock gets here: a running one found its crossing above.
        due = clock.add(stopped_at if stopped_at is not None else now, target - spent)
    end_of_count = stopped_at if stopped_at is not None else now
    return SlaClock(target, spent, due, state, stopped_at, breached=due < end_of_count)


def sla_status(
    ticket: Ticket,
    now: dt.datetime,
    clock: BusinessClock,
    targets: Mapping[Priority, SlaTarget] = DEFAULT_SLA_TARGETS,
) -> SlaStatus:
    """Return the ticket's SLA clocks as they stand at *now*, from its history alone.

    Events after *now* are ignored, so the same call answers "how did it stand last Friday?".

    Args:
        ticket: the ticket.
        now: the instant to evaluate at; not before the ticket was opened.
        clock: business hours for the company, or :class:`AroundTheClock` for internal ones.
        targets: the targets per priority.

    Raises:
        InvalidValueError: if *now* is before the ticket was opened.
        NaiveDatetimeError: if *now* has no time zone.
        KeyError: if *targets* has no entry for the ticket's priority.

    References:
        DOMAIN.md section 4; issue 5.
    """
    if require_aware(now, "now") < ticket.created_at:
        raise InvalidValueError(field="now")
    target = targets[ticket.priority]
    return SlaStatus(
        first_response=_measure(ticket, now, clock, target.first_response, _first_response_phase),
        resolution=_measure(ticket, now, clock, target.resolution, _resolution_phase),
    )
