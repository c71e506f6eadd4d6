"""Service changes: preview, submit, withdraw, change and apply, as pure functions.

A change (minimize, maximize, pause) takes effect at the first quarter start that lies at least
14 days after the day of submission (Europe/Berlin). Until the cut-off day, the last day that
still reaches that quarter, the customer may withdraw or change it; on the quarter start a
scheduled step applies every due request, and applying twice changes nothing.

Every rule is judged at the effective date: a minimize must go below what will be booked then
(after the live requests of earlier quarters), and a pause must not start while another pause
runs or the moment one ends. One service has at most one live request per quarter.

Nothing here stores anything or reads the clock: the use case loads the service and its
requests, passes the submission instant, and stores what comes back.

References:
    seed 000 ("Leistungen anpassen", "Änderungsanträge müssen mindestens 14 Tage vor
    Quartalsbeginn eingereicht werden", "Pausieren: Leistungen bis zu 3 Monate aussetzen",
    "Sie erhalten eine Zusammenfassung der Änderungen", "Bestätigungs-E-Mail mit dem genauen
    Datum", "Jederzeit änderbar"); DOMAIN.md sections 3 and 5.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from portalkit._errors import ConflictError, InvalidValueError
from portalkit._i18n import DEFAULT_LANGUAGE, Language
from portalkit.calendar._instants import BERLIN, local_date
from portalkit.calendar.quarters import (
    LEAD_DAYS,
    Quarter,
    check_pause,
    effective_quarter_start,
    pause_limit,
    submission_deadline,
)
from portalkit.clock import require_aware
from portalkit.services._texts import summary_params, summary_text, text
from portalkit.services.model import (
    BookedService,
    ChangeKind,
    ChangeRequest,
    RequestStatus,
    ServiceStatus,
)

# --------------------------------------------------------------------------------------------
# Errors


class ServiceEndedError(ConflictError):
    """The service has ended; it can no longer be changed.

    References:
        DOMAIN.md section 5.
    """

    code = "service_ended"

    def __init__(self, service: str) -> None:
        self.service = service
        super().__init__(service=service)


class ServicePausedError(ConflictError):
    """A pause would start while the service is still paused.

    References:
        seed 000 ("bis zu 3 Monate aussetzen").
    """

    code = "service_paused"

    def __init__(self, service: str, start: dt.date, paused_until: dt.date) -> None:
        self.service = service
        self.start = start
        self.paused_until = paused_until
        super().__init__(service=service, start=start, paused_until=paused_until)


class BackToBackPauseError(ConflictError):
    """A pause would start on the day another pause of the service ends, or end when one starts.

    Two pauses without a day of service between them would pause the service for longer than
    3 months at a stretch.

    References:
        seed 000 ("Leistungen bis zu 3 Monate aussetzen"); DOMAIN.md section 5.
    """

    code = "service_pause_back_to_back"

    def __init__(self, service: str, start: dt.date, end: dt.date) -> None:
        self.service = service
        self.start = start
        self.end = end
        super().__init__(service=service, start=start, end=end)


class _QuantityError(InvalidValueError):
    def __init__(
        self, service: str, quantity: int, current: int, bound: int | None, unit: str
    ) -> None:
        self.service = service
        self.quantity = quantity
        self.current = current
        self.bound = bound
        self.unit = unit
        super().__init__(
            service=service, quantity=quantity, current=current, bound=bound, unit=unit
        )


class QuantityNotLowerError(_QuantityError):
    """A minimize asks for no less than will be booked at the effective date.

    Attributes:
        quantity: the quantity asked for.
        current: the quantity booked at the effective date.

    References:
        seed 000 ("Minimieren: Leistungsumfang oder Frequenz reduzieren").
    """

    code = "service_minimize_not_lower"


class BelowMinimumError(_QuantityError):
    """A minimize asks for less than the service's minimum.

    Attributes:
        bound: the service's minimum.

    References:
        seed 000; DOMAIN.md section 5.
    """

    code = "service_below_minimum"


class QuantityNotHigherError(_QuantityError):
    """A maximize asks for no more than will be booked at the effective date.

    References:
        seed 000 ("Maximieren: Zusätzliche Services hinzubuchen").
    """

    code = "service_maximize_not_higher"


class AboveMaximumError(_QuantityError):
    """A maximize asks for more than the service's maximum.

    Attributes:
        bound: the service's maximum.

    References:
        seed 000; DOMAIN.md section 5.
    """

    code = "service_above_maximum"


class ChangeConflictError(ConflictError):
    """The service already has a live change request for the same quarter.

    Attributes:
        service: the service's name.
        effective: the quarter start both requests aim at.
        existing: the id of the live request.

    References:
        issue 5 ("Conflicting requests for the same service and quarter are refused with a
        clear message").
    """

    code = "service_change_conflict"

    def __init__(self, service: str, effective: dt.date, existing: str) -> None:
        self.service = service
        self.effective = effective
        self.existing = existing
        super().__init__(service=service, effective=effective, existing=existing)


class CutoffPassedError(ConflictError):
    """A request was to be withdrawn or changed after its cut-off day.

    References:
        seed 000 ("mindestens 14 Tage vor Quartalsbeginn"); DOMAIN.md section 5 ("until the
        cut-off").
    """

    code = "service_change_cutoff_passed"

    def __init__(self, request: str, effective: dt.date, cutoff: dt.date) -> None:
        self.request = request
        self.effective = effective
        self.cutoff = cutoff
        super().__init__(request=request, effective=effective, cutoff=cutoff)


class RequestClosedError(ConflictError):
    """A request was to be withdrawn or changed that is no longer live.

    Attributes:
        request: the request's id.
        status: its status (withdrawn, replaced, applied or lapsed).
    """

    code = "service_change_closed"

    def __init__(self, request: str, status: RequestStatus) -> None:
        self.request = request
        self.status = status
        super().__init__(request=request, status=status)


class EffectiveDateMovedError(ConflictError):
    """The effective date differs from the one the customer saw in the summary.

    That happens when the summary was shown on the cut-off day and submitted after midnight:
    the customer must confirm the later date.

    References:
        seed 000 ("Sie erhalten eine Zusammenfassung der Änderungen und können diese final
        absenden").
    """

    code = "service_change_date_moved"

    def __init__(self, expected: dt.date, effective: dt.date) -> None:
        self.expected = expected
        self.effective = effective
        super().__init__(expected=expected, effective=effective)


# --------------------------------------------------------------------------------------------
# Preview


@attrs.frozen
class ChangePreview:
    """What a change would do, shown to the customer before submitting.

    Attributes:
        service: the service as it is booked now.
        kind: minimize, maximize or pause.
        effective: the quarter start at which the change would take effect.
        cutoff: the last day it could be withdrawn or changed.
        quantity_before: the quantity booked at *effective* (minimize and maximize).
        quantity: the quantity from *effective* on (minimize and maximize).
        pause_until: the day the service would resume (pause).
        latest_pause_end: the latest resume day a pause from *effective* may have (pause).

    References:
        seed 000 ("Sie erhalten eine Zusammenfassung der Änderungen").
    """

    service: BookedService
    kind: ChangeKind
    effective: dt.date
    cutoff: dt.date
    quantity_before: int | None = None
    quantity: int | None = None
    pause_until: dt.date | None = None
    latest_pause_end: dt.date | None = None

    @property
    def quarter(self) -> Quarter:
        """The quarter at whose start the change would take effect."""
        return Quarter.starting(self.effective)

    def params(self) -> dict[str, object]:
        """Return the values the summary text refers to."""
        return summary_params(
            self.service,
            self.kind,
            self.effective,
            self.cutoff,
            self.quantity_before,
            self.quantity,
            self.pause_until,
        )

    def summary(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return what changes, from when (and until when for a pause), and the cut-off day."""
        params = self.params()
        cutoff = text("summary.cutoff", language, params)
        return f"{summary_text(params, language)} {cutoff}"


# --------------------------------------------------------------------------------------------
# Applying


def _resume(service: BookedService, day: dt.date) -> BookedService:
    if service.status is ServiceStatus.PAUSED and service.pause_end and service.pause_end <= day:
        return attrs.evolve(service, status=ServiceStatus.ACTIVE)
    return service


def _take_effect(service: BookedService, request: ChangeRequest) -> BookedService | None:
    if service.status is ServiceStatus.ENDED:
        return None
    if request.kind is ChangeKind.PAUSE:
        if service.is_paused_on(request.effective):
            return None
        return attrs.evolve(
            service,
            status=ServiceStatus.PAUSED,
            pause_start=request.effective,
            pause_end=request.pause_until,
        )
    quantity = request.quantity
    assert quantity is not None
    if quantity < service.minimum or (service.maximum is not None and quantity > service.maximum):
        return None
    return attrs.evolve(service, quantity=quantity)


def _advance(
    service: BookedService, requests: Iterable[ChangeRequest], today: dt.date
) -> tuple[BookedService, list[ChangeRequest]]:
    due = sorted(
        (
            request
            for request in requests
            if request.service_id == service.id and request.is_live and request.effective <= today
        ),
        key=lambda request: (request.effective, request.submitted_at, request.id),
    )
    changed: list[ChangeRequest] = []
    for request in due:
        service = _resume(service, request.effective)
        after = _take_effect(service, request)
        status = RequestStatus.LAPSED if after is None else RequestStatus.APPLIED
        changed.append(attrs.evolve(request, status=status, applied_on=request.effective))
        service = service if after is None else after
    return _resume(service, today), changed


def service_on(
    service: BookedService, requests: Iterable[ChangeRequest], day: dt.date
) -> BookedService:
    """Return *service* as it will be on *day* once its live requests due by then took effect.

    Pauses that end by *day* are over. Requests of other services are ignored.

    References:
        seed 000 ("Ihre Änderungen werden zum nächsten Quartalsbeginn automatisch aktiv").
    """
    return _advance(service, requests, day)[0]


@attrs.frozen
class AppliedChanges:
    """The outcome of :func:`apply_due`.

    Attributes:
        services: every given service in its new state, in the given order.
        requests: the requests whose status changed: applied, or lapsed when they could no
            longer take effect (the service had ended, or the quantity left its bounds).
    """

    services: tuple[BookedService, ...]
    requests: tuple[ChangeRequest, ...]


def apply_due(
    services: Iterable[BookedService],
    requests: Iterable[ChangeRequest],
    today: dt.date | dt.datetime,
) -> AppliedChanges:
    """Apply every live request due by *today* and resume every pause that has ended.

    Requests take effect in the order of their effective dates, each on the state the earlier
    ones left (so a catch-up run after missed quarters gives the same result as timely runs).
    Applying is idempotent: applied requests are no longer live, and resumed services stay
    resumed, so a second run with the stored outcome changes nothing.

    Args:
        services: the services to advance.
        requests: their requests, of any status; only live ones due by *today* count.
        today: the day of the run, or an aware instant (its day in Europe/Berlin counts).

    Returns:
        The services in their new state and the requests whose status changed.

    Raises:
        NaiveDatetimeError: if *today* is a naive datetime.

    References:
        seed 000 ("Automatische Umsetzung ... zum nächsten Quartalsbeginn automatisch aktiv");
        issue 5 ("a system step applies due requests at the quarter start (idempotent)").
    """
    day = local_date(today, BERLIN, "today")
    pending = list(requests)
    advanced: list[BookedService] = []
    changed: list[ChangeRequest] = []
    for service in services:
        after, done = _advance(service, pending, day)
        advanced.append(after)
        changed.extend(done)
    return AppliedChanges(tuple(advanced), tuple(changed))


# --------------------------------------------------------------------------------------------
# Checking, submitting, withdrawing, changing


def _live_for(service: BookedService, requests: Iterable[ChangeRequest]) -> list[ChangeRequest]:
    return [request for request in requests if request.service_id == service.id and request.is_live]


def _check_change(
    service: BookedService,
    kind: ChangeKind,
    effective: dt.date,
    cutoff: dt.date,
    quantity: int | None,
    pause_until: dt.date | None,
    others: Iterable[ChangeRequest],
) -> ChangePreview:
    if service.status is ServiceStatus.ENDED:
        raise ServiceEndedError(service.name)
    live = _live_for(service, others)
    for request in live:
        if request.effective == effective:
            raise ChangeConflictError(service.name, effective, request.id)
    then = service_on(service, live, effective)
    if kind is ChangeKind.PAUSE:
        if quantity is not None:
            raise InvalidValueError(field="quantity")
        if then.is_paused_on(effective):
            assert then.pause_end is not None
            raise ServicePausedError(service.name, effective, then.pause_end)
        latest = pause_limit(effective)
        end = latest if pause_until is None else check_pause(effective, pause_until)
        if then.pause_end == effective:
            raise BackToBackPauseError(service.name, effective, end)
        for request in live:
            if request.kind is ChangeKind.PAUSE and request.effective == end:
                raise BackToBackPauseError(service.name, effective, end)
        return ChangePreview(
            service, kind, effective, cutoff, pause_until=end, latest_pause_end=latest
        )
    if pause_until is not None:
        raise InvalidValueError(field="pause_until")
    if quantity is None or isinstance(quantity, bool):
        raise InvalidValueError(field="quantity")
    current = then.quantity
    if kind is ChangeKind.MINIMIZE:
        if quantity >= current:
            raise QuantityNotLowerError(service.name, quantity, current, None, service.unit)
        if quantity < service.minimum:
            raise BelowMinimumError(service.name, quantity, current, service.minimum, service.unit)
    else:
        if quantity <= current:
            raise QuantityNotHigherError(service.name, quantity, current, None, service.unit)
        if service.maximum is not None and quantity > service.maximum:
            raise AboveMaximumError(service.name, quantity, current, service.maximum, service.unit)
    return ChangePreview(
        service, kind, effective, cutoff, quantity_before=current, quantity=quantity
    )


def preview_change(
    service: BookedService,
    kind: ChangeKind,
    *,
    submitted_at: dt.datetime,
    quantity: int | None = None,
    pause_until: dt.date | None = None,
    pending: Iterable[ChangeRequest] = (),
    lead_days: int = LEAD_DAYS,
) -> ChangePreview:
    """Return what a change submitted at *submitted_at* would do, or raise why it cannot be made.

    The effective date is the first quarter start at least *lead_days* days after the day of
    *submitted_at* in Europe/Berlin; the cut-off is the last day that still reaches it. A pause
    ends at the latest 3 months after it starts; without *pause_until* it lasts that long.

    >>> import datetime as dt
    >>> office = BookedService("svc-1", "acme", "Unterhaltsreinigung", 3, "× pro Woche")
    >>> at = dt.datetime(2025, 3, 18, 17, 0, tzinfo=dt.UTC)
    >>> preview = preview_change(office, ChangeKind.MINIMIZE, submitted_at=at, quantity=2)
    >>> preview.effective, preview.cutoff
    (datetime.date(2025, 4, 1), datetime.date(2025, 3, 18))
    >>> import textwrap
    >>> print(textwrap.fill(preview.summary("en"), 80))
    'Unterhaltsreinigung' will be reduced from 3 to 2 × pro Woche from 2025-04-01.
    You can withdraw or change the request until 2025-03-18 inclusive.

    Args:
        service: the service as booked now.
        kind: minimize, maximize or pause.
        submitted_at: the instant of submission (aware).
        quantity: the quantity asked for (minimize and maximize only).
        pause_until: the day the service shall resume (pause only; default: 3 months on).
        pending: the service's other requests of any status; only live ones count.
        lead_days: the least number of days between submission and effect.

    Raises:
        ServiceEndedError: if the service has ended.
        ChangeConflictError: if the service has a live request for the same quarter.
        QuantityNotLowerError, BelowMinimumError: for a minimize that does not reduce, or goes
            below the minimum.
        QuantityNotHigherError, AboveMaximumError: for a maximize that does not increase, or
            goes above the maximum.
        ServicePausedError: for a pause while the service is still paused then.
        BackToBackPauseError: for a pause that starts when another one ends (or vice versa).
        PauseTooLongError, PauseEndsBeforeStartError: for a pause end beyond 3 months, or not
            after the start.
        InvalidValueError: if *quantity* or *pause_until* is missing or does not fit *kind*.
        NaiveDatetimeError: if *submitted_at* has no time zone.

    References:
        seed 000; DOMAIN.md sections 3 and 5.
    """
    require_aware(submitted_at, "submitted_at")
    effective = effective_quarter_start(submitted_at, lead_days)
    cutoff = submission_deadline(effective, lead_days)
    return _check_change(service, kind, effective, cutoff, quantity, pause_until, pending)


def submit_change(
    service: BookedService,
    kind: ChangeKind,
    *,
    request_id: str,
    requested_by: str,
    submitted_at: dt.datetime,
    quantity: int | None = None,
    pause_until: dt.date | None = None,
    pending: Iterable[ChangeRequest] = (),
    expected_effective: dt.date | None = None,
    lead_days: int = LEAD_DAYS,
) -> ChangeRequest:
    """Return the live request for a change, checked exactly as :func:`preview_change` checks it.

    Pass the effective date of the summary the customer confirmed as *expected_effective*: if
    the submission arrives after that summary's cut-off, the date has moved and the customer
    must confirm again.

    Args:
        request_id: the new request's id (from the storage).
        requested_by: the submitting user's id (the use case checks the permission).
        expected_effective: the effective date the customer saw, if any.

    Raises:
        EffectiveDateMovedError: if *expected_effective* differs from the effective date.
        PortalkitError: everything :func:`preview_change` raises.

    References:
        seed 000 ("Änderung einreichen ... final absenden"); DOMAIN.md section 5.
    """
    preview = preview_change(
        service,
        kind,
        submitted_at=submitted_at,
        quantity=quantity,
        pause_until=pause_until,
        pending=pending,
        lead_days=lead_days,
    )
    if expected_effective is not None and expected_effective != preview.effective:
        raise EffectiveDateMovedError(expected_effective, preview.effective)
    return _request_from(preview, request_id, requested_by, submitted_at)


def _request_from(
    preview: ChangePreview,
    request_id: str,
    requested_by: str,
    submitted_at: dt.datetime,
    replaces: str | None = None,
) -> ChangeRequest:
    return ChangeRequest(
        id=request_id,
        service_id=preview.service.id,
        company_id=preview.service.company_id,
        requested_by=requested_by,
        kind=preview.kind,
        submitted_at=submitted_at,
        effective=preview.effective,
        cutoff=preview.cutoff,
        quantity_before=preview.quantity_before,
        quantity=preview.quantity,
        pause_until=preview.pause_until,
        replaces=replaces,
    )


def _check_open(request: ChangeRequest, at: dt.datetime) -> None:
    if at < request.submitted_at:
        # A stale or skewed clock must not record a withdrawal before the submission.
        raise InvalidValueError(field="at")
    if not request.is_live:
        raise RequestClosedError(request.id, request.status)
    if local_date(at, BERLIN, "at") > request.cutoff:
        raise CutoffPassedError(request.id, request.effective, request.cutoff)


def can_still_change(request: ChangeRequest, at: dt.datetime) -> bool:
    """Tell whether *request* can be withdrawn or changed at *at* (live, cut-off not passed).

    Raises:
        NaiveDatetimeError: if *at* has no time zone.
    """
    require_aware(at, "at")
    return request.is_live and local_date(at, BERLIN, "at") <= request.cutoff


def withdraw(request: ChangeRequest, *, at: dt.datetime) -> ChangeRequest:
    """Return *request* withdrawn at *at*; allowed while it is live, until its cut-off day.

    Raises:
        RequestClosedError: if the request is no longer live.
        CutoffPassedError: if *at* falls after the cut-off day (Europe/Berlin).
        InvalidValueError: if *at* lies before the submission.
        NaiveDatetimeError: if *at* has no time zone.

    References:
        DOMAIN.md section 5 ("changes can be withdrawn or changed until the cut-off").
    """
    require_aware(at, "at")
    _check_open(request, at)
    return attrs.evolve(request, status=RequestStatus.WITHDRAWN, closed_at=at)


@attrs.frozen
class Revision:
    """The outcome of :func:`change`: the replaced request and its live replacement."""

    replaced: ChangeRequest
    request: ChangeRequest


def change(
    request: ChangeRequest,
    service: BookedService,
    *,
    new_id: str,
    at: dt.datetime,
    kind: ChangeKind | None = None,
    quantity: int | None = None,
    pause_until: dt.date | None = None,
    pending: Iterable[ChangeRequest] = (),
    requested_by: str | None = None,
) -> Revision:
    """Replace a live request by a changed one for the same quarter, until its cut-off day.

    The replacement keeps the effective date and cut-off, is checked like a new submission
    (the replaced request does not count as a conflict), and names the old one in
    ``replaces``. A minimize or maximize keeps its quantity unless a new one is given; a pause
    without *pause_until* lasts the full 3 months.

    Args:
        request: the live request to change.
        service: the service it changes, as booked now.
        new_id: the replacement's id.
        at: the instant of the change (aware).
        kind: the new kind, if it changes.
        quantity: the new quantity (minimize and maximize).
        pause_until: the new resume day (pause).
        pending: the service's requests; *request* itself is ignored among them.
        requested_by: who changes it (default: who submitted it).

    Raises:
        RequestClosedError: if the request is no longer live.
        CutoffPassedError: if *at* falls after the cut-off day.
        InvalidValueError: if *service* is not the request's service, or *at* lies before
            the submission.
        PortalkitError: everything :func:`preview_change` raises for the new values.

    References:
        seed 000 ("Jederzeit änderbar"); DOMAIN.md section 5.
    """
    require_aware(at, "at")
    _check_open(request, at)
    if service.id != request.service_id:
        raise InvalidValueError(field="service_id")
    new_kind = request.kind if kind is None else kind
    if quantity is None and new_kind is request.kind and new_kind is not ChangeKind.PAUSE:
        quantity = request.quantity
    others = [other for other in pending if other.id != request.id]
    preview = _check_change(
        service, new_kind, request.effective, request.cutoff, quantity, pause_until, others
    )
    replacement = _request_from(
        preview, new_id, requested_by or request.requested_by, at, replaces=request.id
    )
    replaced = attrs.evolve(request, status=RequestStatus.REPLACED, closed_at=at)
    return Revision(replaced, replacement)


# --------------------------------------------------------------------------------------------
