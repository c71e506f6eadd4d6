"""Booked services and change requests: frozen values, changed only by the functions in ``changes``.

A company books services (office cleaning three times a week, four window cleanings a year).
Its users may ask to minimize, maximize or pause a service; each such :class:`ChangeRequest`
takes effect at a quarter start and can be withdrawn or changed until its cut-off day.

References:
    seed 000 ("Leistungen anpassen: Minimieren, Maximieren, Pausieren – Umsetzung zum nächsten
    Quartal"); DOMAIN.md section 5.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from portalkit._errors import InvalidValueError
from portalkit.calendar.quarters import Quarter
from portalkit.clock import require_aware


class ServiceStatus(enum.StrEnum):
    """Whether a booked service is running.

    References:
        seed 000 ("Pausieren: Leistungen bis zu 3 Monate aussetzen").
    """

    ACTIVE = "active"
    """The service is delivered."""
    PAUSED = "paused"
    """The service is paused until :attr:`BookedService.pause_end`."""
    ENDED = "ended"
    """The contract for the service has ended; it can no longer be changed."""


class ChangeKind(enum.StrEnum):
    """What a change request asks for.

    References:
        seed 000 ("Minimieren: Leistungsumfang oder Frequenz reduzieren; Maximieren: Zusätzliche
        Services hinzubuchen; Pausieren: Leistungen bis zu 3 Monate aussetzen").
    """

    MINIMIZE = "minimize"
    """Book less: a lower quantity, not below the service's minimum."""
    MAXIMIZE = "maximize"
    """Book more: a higher quantity, not above the service's maximum."""
    PAUSE = "pause"
    """Pause the service for at most 3 months."""


class RequestStatus(enum.StrEnum):
    """Where a change request stands.

    Only :attr:`SUBMITTED` requests are live: they count for conflicts and are applied when
    due; every other status is final.
    """

    SUBMITTED = "submitted"
    """Waiting for its effective date; may be withdrawn or changed until the cut-off."""
    WITHDRAWN = "withdrawn"
    """Withdrawn by the customer before the cut-off."""
    REPLACED = "replaced"
    """Changed by the customer before the cut-off; the replacement names it in ``replaces``."""
    APPLIED = "applied"
    """Took effect at its effective date."""
    LAPSED = "lapsed"
    """Was due but could not take effect, e.g. because the service had ended meanwhile."""


def _is_quantity(value: object) -> bool:
    # bool is an int subclass, but True is not a quantity.
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _check_quantity(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not _is_quantity(value):
        raise InvalidValueError(field=attribute.name)


def _check_optional_quantity(
    instance: object, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    if value is not None and not _is_quantity(value):
        raise InvalidValueError(field=attribute.name)


def _require_aware_field(
    instance: object, attribute: attrs.Attribute[dt.datetime], value: dt.datetime
) -> None:
    require_aware(value, attribute.name)


def _require_optional_aware(
    instance: object, attribute: attrs.Attribute[dt.datetime | None], value: dt.datetime | None
) -> None:
    if value is not None:
        require_aware(value, attribute.name)


@attrs.frozen
class BookedService:
    """A service a company has booked, in a quantity between a minimum and an optional maximum.

    The quantity counts whatever the service is sold in (:attr:`unit`): cleanings per week,
    window cleanings per year, staff on site. A quantity of zero is not a minimized service but
    a cancellation, so the minimum is at least 1.

    :attr:`pause_start` and :attr:`pause_end` describe the current pause while the service is
    paused, and the most recent one after it resumed (pauses must not follow each other
    without a gap).

    >>> import datetime as dt
    >>> office = BookedService(
    ...     "svc-1", "acme", "Unterhaltsreinigung Büro", 3, "× pro Woche", maximum=5
    ... )
    >>> office.status, office.is_paused_on(dt.date(2025, 7, 1))
    (<ServiceStatus.ACTIVE: 'active'>, False)

    Raises:
        InvalidValueError: if the quantity lies outside minimum and maximum, a bound is not a
            positive whole number, or the pause days do not fit the status.

    References:
        seed 000 ("Meine Leistungen", "Leistungsumfang oder Frequenz"); DOMAIN.md section 5.
    """

    id: str
    company_id: str
    name: str
    quantity: int = attrs.field(validator=_check_quantity)
    unit: str
    minimum: int = attrs.field(default=1, validator=_check_quantity, kw_only=True)
    maximum: int | None = attrs.field(
        default=None, validator=_check_optional_quantity, kw_only=True
    )
    status: ServiceStatus = attrs.field(default=ServiceStatus.ACTIVE, kw_only=True)
    pause_start: dt.date | None = attrs.field(default=None, kw_only=True)
    pause_end: dt.date | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.quantity < self.minimum:
            raise InvalidValueError(field="quantity")
        if self.maximum is not None and self.quantity > self.maximum:
            raise InvalidValueError(field="quantity")
        if (self.pause_start is None) != (self.pause_end is None):
            raise InvalidValueError(field="pause_end")
        if self.pause_start and self.pause_end and self.pause_end <= self.pause_start:
            raise InvalidValueError(field="pause_end")
        if self.status is ServiceStatus.PAUSED and self.pause_end is None:
            raise InvalidValueError(field="pause_end")

    def is_paused_on(self, day: dt.date) -> bool:
        """Tell whether the service's current pause covers *day* (the resume day is not paused)."""
        return (
            self.status is ServiceStatus.PAUSED
            and self.pause_start is not None
            and self.pause_end is not None
            and self.pause_start <= day < self.pause_end
        )


@attrs.frozen
class ChangeRequest:
    """A customer's request to minimize, maximize or pause a booked service at a quarter start.

    Create requests with :func:`portalkit.services.submit_change`; the fields record what the
    customer confirmed: the quantity before and after, or the pause's resume day, the day the
    change takes effect and the cut-off day until which it can be withdrawn or changed.

    Attributes:
        id: the request's identifier (given by the storage).
        service_id: the service it changes.
        company_id: the company that booked the service.
        requested_by: the user who submitted it.
        kind: minimize, maximize or pause.
        submitted_at: the instant of submission (aware).
        effective: the quarter start at which it takes effect.
        cutoff: the last day (Europe/Berlin) on which it can be withdrawn or changed.
        quantity_before: for minimize and maximize, the quantity booked at the effective date
            when it was submitted.
        quantity: for minimize and maximize, the quantity from the effective date on.
        pause_until: for a pause, the day the service resumes (the pause covers the days from
            *effective* up to, not including, this day).
        status: where the request stands.
        replaces: the id of the request this one replaced, if it is a changed request.
        closed_at: when it was withdrawn or replaced.
        applied_on: the day it took effect (or lapsed).

    References:
        seed 000 ("Änderung einreichen", "Umsetzung zum nächsten Quartal",
        "Jederzeit änderbar"); DOMAIN.md section 5.
    """

    id: str
    service_id: str
    company_id: str
    requested_by: str
    kind: ChangeKind
    submitted_at: dt.datetime = attrs.field(validator=_require_aware_field)
    effective: dt.date
    cutoff: dt.date
    quantity_before: int | None = attrs.field(default=None, validator=_check_optional_quantity)
    quantity: int | None = attrs.field(default=None, validator=_check_optional_quantity)
    pause_until: dt.date | None = None
    status: RequestStatus = RequestStatus.SUBMITTED
    replaces: str | None = None
    closed_at: dt.datetime | None = attrs.field(default=None, validator=_require_optional_aware)
    applied_on: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        Quarter.starting(self.effective)
        if self.cutoff >= self.effective:
            raise InvalidValueError(field="cutoff")
        if self.kind is ChangeKind.PAUSE:
            if self.pause_until is None or self.quantity is not None:
                raise InvalidValueError(field="pause_until")
            if self.pause_until <= self.effective:
                raise InvalidValueError(field="pause_until")
        elif self.quantity is None or self.quantity_before is None or self.pause_until:
            raise InvalidValueError(field="quantity")

    @property
    def quarter(self) -> Quarter:
        """The quarter whose start the request aims at."""
        return Quarter.starting(self.effective)

    @property
    def is_live(self) -> bool:
        """Whether the request still waits for its effective date (status ``submitted``)."""
        return self.status is RequestStatus.SUBMITTED
