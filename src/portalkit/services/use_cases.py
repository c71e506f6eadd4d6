"""The service-change use cases: list, preview, submit, withdraw, change and apply, atomically.

Every use case takes the :class:`~portalkit.services.config.ServiceChangeServices` first, then
who acts: a customer's user by id, or an :class:`~portalkit.accounts.Operator` for the service
company's own steps. It loads the service and its requests through the unit of work, asks
:func:`portalkit.policy.can`, lets the pure core (:mod:`portalkit.services.changes`) decide, and
writes the outcome, an audit event and the confirmation mail to the outbox in the same unit of
work. A refusal raises a coded :class:`~portalkit.PortalkitError` and leaves nothing written.

Another company's service or request answers "not found", never "forbidden".

References:
    seed 000 ("Leistungen anpassen", "Bestätigungs-E-Mail mit dem genauen Datum", "Jederzeit
    änderbar", "Automatische Umsetzung"); DOMAIN.md sections 2 and 5; issue 5.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from portalkit._errors import NotFoundError, PermissionDeniedError
from portalkit.accounts.errors import CompanyNotFoundError, UserNotFoundError
from portalkit.accounts.model import (
    AuditEvent,
    Company,
    Operator,
    OutboxMessage,
    User,
    UserStatus,
)
from portalkit.policy.roles import Action, Target, can
from portalkit.services import changes
from portalkit.services.config import ServiceChangeServices
from portalkit.services.confirmations import Mail, confirmation_mail
from portalkit.services.model import (
    BookedService,
    ChangeKind,
    ChangeRequest,
    ServiceStatus,
)
from portalkit.services.ports import ServicesUnitOfWork

# --------------------------------------------------------------------------------------------
# Errors


class ServiceNotFoundError(NotFoundError):
    """There is no such booked service, or it belongs to another company.

    References:
        DOMAIN.md section 2 (a user acts only on their own company's data).
    """

    code = "service_not_found"

    def __init__(self, service_id: str) -> None:
        self.service_id = service_id
        super().__init__(service_id=service_id)


class ChangeRequestNotFoundError(NotFoundError):
    """There is no such change request, or it belongs to another company.

    References:
        DOMAIN.md section 2.
    """

    code = "service_change_not_found"

    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        super().__init__(request_id=request_id)


class ServiceOperatorsOnlyError(PermissionDeniedError):
    """Only the service company's staff book services and end them.

    References:
        seed 000 (customers adjust booked services; booking new contracts is the service
        company's business).
    """

    code = "service_operators_only"

    def __init__(self) -> None:
        super().__init__()


# --------------------------------------------------------------------------------------------
# Values


@attrs.frozen
class ServiceOverview:
    """A booked service with the change requests that still wait for their effective date.

    Attributes:
        service: the service as it is booked now.
        pending: its live requests, oldest submission first.

    References:
        seed 000 ("Meine Leistungen").
    """

    service: BookedService
    pending: tuple[ChangeRequest, ...]


# --------------------------------------------------------------------------------------------
# Helpers


@attrs.frozen
class _Customer:
    user: User
    company: Company

    @property
    def ref(self) -> str:
        return f"user:{self.user.id}"


def _customer(uow: ServicesUnitOfWork, user_id: str, action: Action) -> _Customer:
    user = uow.users.get(user_id)
    if user is None or user.status is UserStatus.DELETED:
        raise UserNotFoundError(user_id)
    company = uow.companies.get(user.company_id)
    if company is None:
        raise CompanyNotFoundError(user.company_id)
    can(user.actor(company), action, Target.company(company.id)).require(action)
    return _Customer(user, company)


def _service(uow: ServicesUnitOfWork, service_id: str, company_id: str | None) -> BookedService:
    service = uow.booked_services.get(service_id)
    if service is None or (company_id is not None and service.company_id != company_id):
        raise ServiceNotFoundError(service_id)
    return service


def _request(uow: ServicesUnitOfWork, request_id: str, company_id: str) -> ChangeRequest:
    request = uow.change_requests.get(request_id)
    if request is None or request.company_id != company_id:
        raise ChangeRequestNotFoundError(request_id)
    return request


def _snapshot(value: BookedService | ChangeRequest) -> dict[str, object]:
    data: dict[str, object] = {}
    for field in attrs.fields(type(value)):
        item = getattr(value, field.name)
        if isinstance(item, dt.date | dt.datetime):
            item = item.isoformat()
        elif item is not None and not isinstance(item, int | str):
            item = str(item)
        data[field.name] = item
    return data


def _audit(
    uow: ServicesUnitOfWork,
    services: ServiceChangeServices,
    *,
    actor: str,
    action: str,
    company_id: str,
    before: BookedService | ChangeRequest | None,
    after: BookedService | ChangeRequest,
    now: dt.datetime,
) -> None:
    kind = "service" if isinstance(after, BookedService) else "service_change"
    uow.audit.append(
        AuditEvent(
            id=services.new_id(),
            at=now,
            actor=actor,
            action=action,
            target=f"{kind}:{after.id}",
            company_id=company_id,
            before=None if before is None else _snapshot(before),
            after=_snapshot(after),
        )
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def mail_params(mail: Mail, user: User) -> Mapping[str, str]:
    """Return the outbox parameters of a confirmation mail: its values as text, and the mail.

    Besides each parameter (dates in ISO 8601), ``subject`` and ``body`` hold the mail
    rendered in *user*'s language, with the exact dates written the way that language writes
    them, so a mail adapter can send it as it is.

    References:
        seed 000 ("Bestätigungs-E-Mail mit dem genauen Datum").
    """
    params = {key: _text(value) for key, value in mail.params.items()}
    params["subject"] = mail.subject(user.language)
    params["body"] = mail.body(user.language)
    return params


def _confirm(
    uow: ServicesUnitOfWork,
    services: ServiceChangeServices,
    request: ChangeRequest,
    service: BookedService,
    now: dt.datetime,
) -> None:
    user = uow.users.get(request.requested_by)
    if user is None or user.status is UserStatus.DELETED:
        return
    mail = confirmation_mail(request, service)
    uow.outbox.put(
        OutboxMessage(
            id=services.new_id(),
            recipient=str(user.email),
            template=mail.template,
            params=mail_params(mail, user),
            language=user.language,
            created_at=now,
        )
    )


# --------------------------------------------------------------------------------------------
# Customers


def list_services(services: ServiceChangeServices, user_id: str) -> list[ServiceOverview]:
    """Return the company's booked services, by name, each with its pending change requests.

    Needs the permission to view contracts (administrators and managers).

    Raises:
        ActionNotAllowedError: without ``view_contracts``.
        UserNotFoundError: for an unknown or deleted user.

    References:
        seed 000 ("Meine Leistungen").
    """
    with services.unit_of_work() as uow:
        customer = _customer(uow, user_id, Action.VIEW_CONTRACTS)
        return [
            ServiceOverview(
                service,
                tuple(r for r in uow.change_requests.for_service(service.id) if r.is_live),
            )
            for service in uow.booked_services.for_company(customer.company.id)
        ]


def preview_service_change(
    services: ServiceChangeServices,
    user_id: str,
    service_id: str,
    kind: ChangeKind,
    *,
    quantity: int | None = None,
    pause_until: dt.date | None = None,
) -> changes.ChangePreview:
    """Return the summary a customer confirms before submitting: what changes, from when.

    Nothing is written. Pass the preview's ``effective`` to :func:`submit_service_change` as
    *expected_effective*.

    Raises:
        ActionNotAllowedError: without ``request_service_change``.
        ServiceNotFoundError: for an unknown service or one of another company.
        Everything :func:`portalkit.services.preview_change` raises.

    References:
        seed 000 ("Sie erhalten eine Zusammenfassung der Änderungen").
    """
    now = services.now()
    with services.unit_of_work() as uow:
        customer = _customer(uow, user_id, Action.REQUEST_SERVICE_CHANGE)
        service = _service(uow, service_id, customer.company.id)
        return changes.preview_change(
            service,
            kind,
            submitted_at=now,
            quantity=quantity,
            pause_until=pause_until,
            pending=uow.change_requests.for_service(service.id),
            lead_days=services.lead_days,
        )


def submit_service_change(
    services: ServiceChangeServices,
    user_id: str,
    service_id: str,
    kind: ChangeKind,
    *,
    quantity: int | None = None,
    pause_until: dt.date | None = None,
    expected_effective: dt.date | None = None,
) -> ChangeRequest:
    """Submit a change; the confirmation mail with the exact date goes out in the same step.

    Raises:
        ActionNotAllowedError: without ``request_service_change``.
        ServiceNotFoundError: for an unknown service or one of another company.
        EffectiveDateMovedError: if the summary the customer confirmed is out of date.
        ChangeConflictError: if the service has a live request for the same quarter.
        Everything :func:`portalkit.services.submit_change` raises.

    References:
        seed 000 ("Änderung einreichen", "Bestätigungs-E-Mail mit dem genauen Datum").
    """
    now = services.now()
    with services.unit_of_work() as uow:
        customer = _customer(uow, user_id, Action.REQUEST_SERVICE_CHANGE)
        service = _service(uow, service_id, customer.company.id)
        request = changes.submit_change(
            service,
            kind,
            request_id=services.new_id(),
            requested_by=customer.user.id,
            submitted_at=now,
            quantity=quantity,
            pause_until=pause_until,
            pending=uow.change_requests.for_service(service.id),
            expected_effective=expected_effective,
            lead_days=services.lead_days,
        )
        uow.change_requests.save(request)
        _audit(
            uow,
            services,
            actor=customer.ref,
            action="service_change.submitted",
            company_id=customer.company.id,
            before=None,
            after=request,
            now=now,
        )
        _confirm(uow, services, request, service, now)
        uow.commit()
    return request


def withdraw_service_change(
    services: ServiceChangeServices, user_id: str, request_id: str
) -> ChangeRequest:
    """Withdraw a live request until its cut-off day; the withdrawal is confirmed by mail.

    Raises:
        ActionNotAllowedError: without ``request_service_change``.
        ChangeRequestNotFoundError: for an unknown request or one of another company.
        CutoffPassedError: after the cut-off day.
        RequestClosedError: if the request is no longer live.

    References:
        DOMAIN.md section 5 ("changes can be withdrawn or changed until the cut-off").
    """
    now = services.now()
    with services.unit_of_work() as uow:
        customer = _customer(uow, user_id, Action.REQUEST_SERVICE_CHANGE)
        before = _request(uow, request_id, customer.company.id)
        after = changes.withdraw(before, at=now)
        service = _service(uow, after.service_id, None)
        uow.change_requests.save(after)
        _audit(
            uow,
            services,
            actor=customer.ref,
            action="service_change.withdrawn",
            company_id=customer.company.id,
            before=before,
            after=after,
            now=now,
        )
        _confirm(uow, services, after, service, now)
        uow.commit()
    return after


def change_service_change(
    services: ServiceChangeServices,
    user_id: str,
    request_id: str,
    *,
    kind: ChangeKind | None = None,
    quantity: int | None = None,
    pause_until: dt.date | None = None,
) -> ChangeRequest:
    """Replace a live request by a changed one for the same quarter, until its cut-off day.

    Returns the new live request; the old one is marked ``replaced``. The mail confirms the
    changed request with its exact date.

    Raises:
        ActionNotAllowedError: without ``request_service_change``.
        ChangeRequestNotFoundError: for an unknown request or one of another company.
        Everything :func:`portalkit.services.change` raises.

    References:
        seed 000 ("Jederzeit änderbar"); DOMAIN.md section 5.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        customer = _customer(uow, user_id, Action.REQUEST_SERVICE_CHANGE)
        before = _request(uow, request_id, customer.company.id)
        service = _service(uow, before.service_id, None)
        revision = changes.change(
            before,
            service,
            new_id=services.new_id(),
            at=now,
            kind=kind,
            quantity=quantity,
            pause_until=pause_until,
            pending=uow.change_requests.for_service(service.id),
            requested_by=customer.user.id,
        )
        uow.change_requests.save(revision.replaced)
        uow.change_requests.save(revision.request)
        for old, new in ((before, revision.replaced), (None, revision.request)):
            _audit(
                uow,
                services,
                actor=customer.ref,
                action="service_change.changed",
                company_id=customer.company.id,
                before=old,
                after=new,
                now=now,
            )
        _confirm(uow, services, revision.request, service, now)
        uow.commit()
    return revision.request


# --------------------------------------------------------------------------------------------
# The system step


SYSTEM_ACTOR = "system:service_changes"
"""The audit actor of :func:`apply_due_changes`."""


def apply_due_changes(
    services: ServiceChangeServices, today: dt.date | None = None
) -> changes.AppliedChanges:
    """Apply every live request due by *today* and resume every pause that has ended.

    Run it daily (or at least at each quarter start); it is idempotent: a second run on the
    same day finds nothing due and changes nothing. Each applied or lapsed request is confirmed
    to its requester by mail; services and requests that changed get audit events.

    Args:
        today: the day of the run (default: today in Europe/Berlin by the clock).

    Returns:
        The services that were looked at, in their new state, and the requests whose status
        changed.

    References:
        seed 000 ("Ihre Änderungen werden zum nächsten Quartalsbeginn automatisch aktiv");
        issue 5 ("a system step applies due requests at the quarter start (idempotent)").
    """
    day = services.today() if today is None else today
    now = services.now()
    with services.unit_of_work() as uow:
        due = list(uow.change_requests.due(day))
        ids = dict.fromkeys(
            [request.service_id for request in due]
            + [service.id for service in uow.booked_services.paused_ending_by(day)]
        )
        before = {
            service.id: service
            for service in (uow.booked_services.get(service_id) for service_id in ids)
            if service is not None
        }
        outcome = changes.apply_due(before.values(), due, day)
        after = {service.id: service for service in outcome.services}
        for service in outcome.services:
            if service != before[service.id]:
                uow.booked_services.save(service)
                _audit(
                    uow,
                    services,
                    actor=SYSTEM_ACTOR,
                    action="service.advanced",
                    company_id=service.company_id,
                    before=before[service.id],
                    after=service,
                    now=now,
                )
        old_requests = {request.id: request for request in due}
        for request in outcome.requests:
            uow.change_requests.save(request)
            _audit(
                uow,
                services,
                actor=SYSTEM_ACTOR,
                action=f"service_change.{request.status}",
                company_id=request.company_id,
                before=old_requests.get(request.id),
                after=request,
                now=now,
            )
            _confirm(uow, services, request, after[request.service_id], now)
        uow.commit()
    return outcome


# --------------------------------------------------------------------------------------------
# The service company's staff


def _operator(operator: object) -> Operator:
    # Callers without type checking might pass a user id: customers do not book contracts.
    if not isinstance(operator, Operator):
        raise ServiceOperatorsOnlyError
    return operator


def book_service(
    services: ServiceChangeServices,
    operator: Operator,
    *,
    company_id: str,
    name: str,
    quantity: int,
    unit: str,
    minimum: int = 1,
    maximum: int | None = None,
) -> BookedService:
    """Book a service for a company (an operator's step, after the contract was signed).

    Raises:
        ServiceOperatorsOnlyError: unless *operator* is an operator.
        CompanyNotFoundError: for an unknown company.
        InvalidValueError: for a quantity outside minimum and maximum.

    References:
        seed 000 ("Meine Leistungen").
    """
    staff = _operator(operator)
    now = services.now()
    with services.unit_of_work() as uow:
        if uow.companies.get(company_id) is None:
            raise CompanyNotFoundError(company_id)
        service = BookedService(
            services.new_id(),
            company_id,
            name,
            quantity,
            unit,
            minimum=minimum,
            maximum=maximum,
        )
        uow.booked_services.save(service)
        _audit(
            uow,
            services,
            actor=f"operator:{staff.id}",
            action="service.booked",
            company_id=company_id,
            before=None,
            after=service,
            now=now,
        )
        uow.commit()
    return service


def end_service(
    services: ServiceChangeServices, operator: Operator, service_id: str
) -> BookedService:
    """End a booked service (the contract ended); it can no longer be changed.

    Its live requests stay as they are and lapse at their effective date, with a mail.

    Raises:
        ServiceOperatorsOnlyError: unless *operator* is an operator.
        ServiceNotFoundError: for an unknown service.

    References:
        DOMAIN.md section 5.
    """
    staff = _operator(operator)
    now = services.now()
    with services.unit_of_work() as uow:
        before = _service(uow, service_id, None)
        after = attrs.evolve(before, status=ServiceStatus.ENDED)
        uow.booked_services.save(after)
        _audit(
            uow,
            services,
            actor=f"operator:{staff.id}",
            action="service.ended",
            company_id=after.company_id,
            before=before,
            after=after,
            now=now,
        )
        uow.commit()
    return after


@attrs.frozen
class PendingChange:
    """A live change request with its service and company, as the service company sees it.

    Attributes:
        request: the live request.
        service: the service it changes, as booked now.
        company: the company that booked the service.

    References:
        seed 000 ("Automatische Umsetzung"); issue 7 ("service changes due").
    """

    request: ChangeRequest
    service: BookedService
    company: Company


def list_pending_changes(
    services: ServiceChangeServices, operator: Operator, until: dt.date
) -> list[PendingChange]:
    """Return every live request effective on or before *until*, in the order they apply.

    What :func:`apply_due_changes` would apply on *until*: the operators' view of what is due,
    across all companies. Nothing is written.

    Raises:
        ServiceOperatorsOnlyError: unless *operator* is an operator.

    References:
        seed 000 ("Ihre Änderungen werden zum nächsten Quartalsbeginn automatisch aktiv").
    """
    _operator(operator)
    found: list[PendingChange] = []
    with services.unit_of_work() as uow:
        for request in uow.change_requests.due(until):
            service = uow.booked_services.get(request.service_id)
            company = uow.companies.get(request.company_id)
            if service is not None and company is not None:
                found.append(PendingChange(request, service, company))
    return found


def list_company_services(
    services: ServiceChangeServices, operator: Operator, company_id: str
) -> tuple[Company, list[ServiceOverview]]:
    """Return a company and its booked services (ended ones too), each with its live requests.

    Raises:
        ServiceOperatorsOnlyError: unless *operator* is an operator.
        CompanyNotFoundError: for an unknown company.

    References:
        seed 000 ("Meine Leistungen").
    """
    _operator(operator)
    with services.unit_of_work() as uow:
        company = uow.companies.get(company_id)
        if company is None:
            raise CompanyNotFoundError(company_id)
        return company, [
            ServiceOverview(
                service,
                tuple(r for r in uow.change_requests.for_service(service.id) if r.is_live),
            )
            for service in uow.booked_services.for_company(company.id)
        ]
