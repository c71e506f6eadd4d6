"""What staff of the service company (operators) do: companies, access requests, overrides.

References:
    seed 000 (access requests set up within 10 Werktage, internal customers), seed 001 (the
    operator invites the first master user and deactivates the last one), DOMAIN.md §2.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from portalkit._i18n import Language
from portalkit.accounts._common import (
    add_user,
    load_company,
    load_open_company,
    load_user,
)
from portalkit.accounts._records import audit, company_ref, operator_ref, send, user_ref
from portalkit.accounts.errors import (
    AccessRequestNotFoundError,
    CustomerNumberTakenError,
    DomainInUseError,
)
from portalkit.accounts.invitations import Invitation, create_invitation
from portalkit.accounts.model import (
    AccessRequest,
    AccessRequestStatus,
    Company,
    CompanyStatus,
    MailTemplate,
    Operator,
    User,
    UserStatus,
)
from portalkit.accounts.services import AccountServices
from portalkit.accounts.sessions import end_sessions
from portalkit.accounts.tokens import revoke_tokens
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.policy.roles import Action, Role, Target, can


class Override(enum.StrEnum):
    """How an operator takes the last administrator away."""

    DEACTIVATE = "deactivate"
    DEMOTE = "demote"


class _Default(enum.Enum):
    LIMIT = "default"


DEFAULT_LIMIT = _Default.LIMIT
"""Marks "the usual user limit": unlimited for internal companies, else the configured one."""


class _Keep(enum.Enum):
    VALUE = "keep"


def create_company(
    services: AccountServices,
    operator: Operator,
    *,
    customer_number: str,
    name: str,
    email_domains: Iterable[str] = (),
    allow_subdomains: bool = False,
    user_limit: int | _Default | None = DEFAULT_LIMIT,
) -> Company:
    """Create a customer company; it is internal if a domain belongs to the service group.

    Args:
        user_limit: the most users; by default unlimited for internal companies and
            :attr:`AccountSettings.default_user_limit` for the others.

    Raises:
        InvalidCustomerNumberError, InvalidEmailDomainError: malformed input.
        CustomerNumberTakenError: another company has the number.

    References:
        seed 000 (internal customers: all departments and subsidiaries, unlimited users).
    """
    can(operator.actor, Action.CREATE_COMPANY).require(Action.CREATE_COMPANY)
    settings = services.settings
    number = settings.customer_numbers.normalize(customer_number)
    domains = frozenset(EmailDomain.parse(domain) for domain in email_domains)
    internal = settings.group_domains.any_internal(domains)
    if isinstance(user_limit, _Default):
        limit = None if internal else settings.default_user_limit
    else:
        limit = user_limit
    with services.unit_of_work() as uow:
        if uow.companies.by_customer_number(number) is not None:
            raise CustomerNumberTakenError(number)
        company = Company(
            id=services.new_id(),
            customer_number=number,
            name=name.strip(),
            email_domains=domains,
            allow_subdomains=allow_subdomains,
            internal=internal,
            user_limit=limit,
        )
        uow.companies.save(company)
        audit(
            uow,
            services,
            actor=operator_ref(operator.id),
            action="company.created",
            target=company_ref(company.id),
            company_id=company.id,
            after=company,
        )
        uow.commit()
    return company


def update_company(
    services: AccountServices,
    operator: Operator,
    company_id: str,
    *,
    name: str | None = None,
    email_domains: Iterable[str] | None = None,
    allow_subdomains: bool | None = None,
    user_limit: int | _Default | _Keep | None = _Keep.VALUE,
) -> Company:
    """Change a company's name, domains, subdomain rule or user limit (``None`` keeps a value).

    Whether the company is internal follows its new domains. A domain rule that would leave a
    user's address outside the company's domains is refused, so the domain rule keeps holding
    for every existing account.

    Raises:
        DomainInUseError: a user's address would no longer fit the domains.
        InvalidEmailDomainError: a malformed domain.
        CompanyClosedError: the company is closed.

    References:
        seed 001 (domain rule), seed 002 (name changes go through the service company), seed
        000 (internal companies, user limits).
    """
    can(operator.actor, Action.CREATE_COMPANY).require(Action.CREATE_COMPANY)
    settings = services.settings
    with services.unit_of_work() as uow:
        company = load_open_company(uow, company_id)
        domains = (
            company.email_domains
            if email_domains is None
            else frozenset(EmailDomain.parse(domain) for domain in email_domains)
        )
        internal = settings.group_domains.any_internal(domains)
        if isinstance(user_limit, _Keep):
            limit = company.user_limit
        elif isinstance(user_limit, _Default):
            limit = None if internal else settings.default_user_limit
        else:
            limit = user_limit
        after = attrs.evolve(
            company,
            name=company.name if name is None else name.strip(),
            email_domains=domains,
            allow_subdomains=(
                company.allow_subdomains if allow_subdomains is None else allow_subdomains
            ),
            internal=internal,
            user_limit=limit,
        )
        outside = [
            user
            for user in uow.users.in_company(company.id)
            if user.status is not UserStatus.DELETED and not after.accepts(user.email)
        ]
        if outside:
            raise DomainInUseError(outside[0].email.domain.unicode, len(outside))
        uow.companies.save(after)
        audit(
            uow,
            services,
            actor=operator_ref(operator.id),
            action="company.updated",
            target=company_ref(company.id),
            company_id=company.id,
            before=company,
            after=after,
        )
        uow.commit()
    return after


def receive_access_request(
    services: AccountServices,
    *,
    company_name: str,
    contact_name: str,
    email: str,
    customer_number: str = "",
    message: str = "",
    language: Language = "de",
) -> AccessRequest:
    """Record a request for portal access ("Zugang beantragen") and tell the requester the
    deadline: 10 Werktage (Mon–Sat without holidays) from today.

    References:
        seed 000 ("Die Einrichtung Ihres persönlichen Zugangs kann bis zu 10 Werktage
        dauern").
    """
    address = EmailAddress.parse(email)
    today = services.today()
    deadline = services.working_days.add_working_days(
        today, services.settings.access_request_working_days
    )
    with services.unit_of_work() as uow:
        request = AccessRequest(
            id=services.new_id(),
            company_name=company_name.strip(),
            contact_name=contact_name.strip(),
            email=address,
            received_at=services.now(),
            deadline=deadline,
            customer_number=customer_number.strip(),
            message=message,
        )
        uow.access_requests.save(request)
        send(
            uow,
            services,
            recipient=address,
            template=MailTemplate.ACCESS_REQUEST_RECEIVED,
            params={"deadline": deadline.isoformat(), "company": request.company_name},
            language=language,
        )
        audit(
            uow,
            services,
            actor="anonymous",
            action="access_request.received",
            target=f"access_request:{request.id}",
            company_id=None,
            after=request,
        )
        uow.commit()
    return request


def list_access_requests(
    services: AccountServices, operator: Operator, *, open_only: bool = True
) -> list[AccessRequest]:
    """Return the access requests, those with the nearest deadline first."""
    can(operator.actor, Action.HANDLE_ACCESS_REQUESTS).require(Action.HANDLE_ACCESS_REQUESTS)
    with services.unit_of_work() as uow:
        requests = [
            request
            for request in uow.access_requests.all()
            if not open_only or request.status is AccessRequestStatus.OPEN
        ]
    return sorted(requests, key=lambda request: (request.deadline, request.received_at))


def list_companies(services: AccountServices, operator: Operator) -> list[Company]:
    """Return every company, by name, with the ones needing an administrator first."""
    can(operator.actor, Action.CREATE_COMPANY).require(Action.CREATE_COMPANY)
    with services.unit_of_work() as uow:
        companies = list(uow.companies.all())
    return sorted(
        companies,
        key=lambda company: (
            company.status is not CompanyStatus.NEEDS_ADMINISTRATOR,
            company.name.casefold(),
        ),
    )


def list_company_users(
    services: AccountServices, operator: Operator, company_id: str
) -> tuple[Company, list[User]]:
    """Return a company and its users (deleted ones left out), administrators first, then by name.

    Raises:
        CompanyNotFoundError: unknown id.
    """
    can(operator.actor, Action.CREATE_COMPANY).require(Action.CREATE_COMPANY)
    with services.unit_of_work() as uow:
        company = load_company(uow, company_id)
        users = [
            user
            for user in uow.users.in_company(company.id)
            if user.status is not UserStatus.DELETED
        ]
    users.sort(
        key=lambda user: (
            not user.is_active_administrator,
            user.last_name.casefold(),
            user.first_name.casefold(),
            str(user.email),
        )
    )
    return company, users


def complete_access_request(
    services: AccountServices, operator: Operator, request_id: str
) -> AccessRequest:
    """Mark an access request as dealt with.

    Raises:
        AccessRequestNotFoundError: unknown id.
    """
    can(operator.actor, Action.HANDLE_ACCESS_REQUESTS).require(Action.HANDLE_ACCESS_REQUESTS)
    with services.unit_of_work() as uow:
        request = uow.access_requests.get(request_id)
        if request is None:
            raise AccessRequestNotFoundError(request_id)
        done = attrs.evolve(request, status=AccessRequestStatus.DONE)
        uow.access_requests.save(done)
        audit(
            uow,
            services,
            actor=operator_ref(operator.id),
            action="access_request.completed",
            target=f"access_request:{request.id}",
            company_id=None,
            before=request,
            after=done,
        )
        uow.commit()
    return done


def invite_administrator(
    services: AccountServices,
    operator: Operator,
    company_id: str,
    *,
    email: str,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    language: Language = "de",
) -> Invitation:
    """Invite an administrator of a company (its first one, or a replacement).

    Raises:
        CompanyClosedError: if the company is closed.
        InvalidEmailAddressError: if the address is not a valid e-mail address.
        EmailOutsideCompanyDomainsError: if the address lies outside the company's domains.
        EmailTakenError: if another account uses the address.
        UserLimitReachedError: if the company has reached its user limit.

    References:
        seed 001 ("kontaktieren Sie zunächst Ihren Ansprechpartner der Servicegesellschaft").
    """
    with services.unit_of_work() as uow:
        company = load_open_company(uow, company_id)
        can(operator.actor, Action.INVITE_FIRST_ADMINISTRATOR, Target.company(company.id)).require(
            Action.INVITE_FIRST_ADMINISTRATOR
        )
        invitation = create_invitation(
            uow,
            services,
            company,
            actor=operator_ref(operator.id),
            email=email,
            role=Role.ADMINISTRATOR,
            title=title,
            first_name=first_name,
            last_name=last_name,
            language=language,
        )
        uow.commit()
    return invitation


def provision_account(
    services: AccountServices,
    operator: Operator,
    company_id: str,
    *,
    email: str,
    role: Role = Role.ADMINISTRATOR,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    language: Language = "de",
) -> User:
    """Set up an active account without a password, for customers who sign in with their
    customer number: they set a password through "forgot password" (a one-time password).

    Raises:
        CompanyClosedError: if the company is closed.
        InvalidEmailAddressError: if the address is not a valid e-mail address.
        EmailOutsideCompanyDomainsError: if the address lies outside the company's domains.
        EmailTakenError: if another account uses the address.
        UserLimitReachedError: if the company has reached its user limit.

    References:
        seed 004 ("Falls Sie bisher keinen Login haben, können Sie sich mit der
        Passwort-vergessen-Funktion ein Einmal-Kennwort anfordern"), seed 002.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        company = load_open_company(uow, company_id)
        can(operator.actor, Action.PROVISION_ACCOUNT, Target.company(company.id)).require(
            Action.PROVISION_ACCOUNT
        )
        user = add_user(
            uow,
            company,
            user_id=services.new_id(),
            email=email,
            role=role,
            status=UserStatus.ACTIVE,
            now=now,
            title=title,
            first_name=first_name,
            last_name=last_name,
            language=language,
            last_activity=now,
        )
        audit(
            uow,
            services,
            actor=operator_ref(operator.id),
            action="user.provisioned",
            target=user_ref(user.id),
            company_id=company.id,
            after=user,
        )
        if user.is_active_administrator and company.status is CompanyStatus.NEEDS_ADMINISTRATOR:
            found = attrs.evolve(company, status=CompanyStatus.ACTIVE)
            uow.companies.save(found)
            audit(
                uow,
                services,
                actor=operator_ref(operator.id),
                action="company.administrator_found",
                target=company_ref(company.id),
                company_id=company.id,
                before=company,
                after=found,
            )
        uow.commit()
    return user


def override_last_administrator(
    services: AccountServices,
    operator: Operator,
    user_id: str,
    *,
    change: Override = Override.DEACTIVATE,
    new_role: Role = Role.MANAGER,
) -> User:
    """Deactivate or demote an administrator even if they are the last one.

    If no active administrator remains, the company is marked
    :attr:`CompanyStatus.NEEDS_ADMINISTRATOR`; the operator then invites a replacement with
    :func:`invite_administrator`.

    References:
        seed 001 ("Dieser kann anschließend die Deaktivierung des Master Users veranlassen"),
        DOMAIN.md §2.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        user = load_user(uow, user_id)
        company = load_open_company(uow, user.company_id)
        can(operator.actor, Action.OVERRIDE_LAST_ADMINISTRATOR, Target.company(company.id)).require(
            Action.OVERRIDE_LAST_ADMINISTRATOR
        )
        if change is Override.DEACTIVATE:
            after = attrs.evolve(user, status=UserStatus.DEACTIVATED)
            end_sessions(uow, user.id, now, "deactivated")
            revoke_tokens(uow.tokens, user_id=user.id, now=now)
        else:
            after = attrs.evolve(user, role=new_role)
        uow.users.save(after)
        audit(
            uow,
            services,
            actor=operator_ref(operator.id),
            action=f"user.override_{change}",
            target=user_ref(user.id),
            company_id=company.id,
            before=user,
            after=after,
        )
        if not any(other.is_active_administrator for other in uow.users.in_company(company.id)):
            marked = attrs.evolve(company, status=CompanyStatus.NEEDS_ADMINISTRATOR)
            uow.companies.save(marked)
            audit(
                uow,
                services,
                actor=operator_ref(operator.id),
                action="company.needs_administrator",
                target=company_ref(company.id),
                company_id=company.id,
                before=company,
                after=marked,
            )
        uow.commit()
    return after


def close_company(services: AccountServices, operator: Operator, company_id: str) -> Company:
    """Close a company: its users are deactivated, their sessions and links end."""
    now = services.now()
    with services.unit_of_work() as uow:
        company = load_company(uow, company_id)
        can(operator.actor, Action.CLOSE_COMPANY, Target.company(company.id)).require(
            Action.CLOSE_COMPANY
        )
        for user in uow.users.in_company(company.id):
            end_sessions(uow, user.id, now, "company_closed")
            revoke_tokens(uow.tokens, user_id=user.id, now=now)
            if user.status is not UserStatus.DELETED and user.status is not UserStatus.DEACTIVATED:
                after = attrs.evolve(user, status=UserStatus.DEACTIVATED)
                uow.users.save(after)
                audit(
                    uow,
                    services,
                    actor=operator_ref(operator.id),
                    action="user.deactivated",
                    target=user_ref(user.id),
                    company_id=company.id,
                    before=user,
                    after=after,
                )
        closed = attrs.evolve(company, status=CompanyStatus.CLOSED)
        uow.companies.save(closed)
        audit(
            uow,
            services,
            actor=operator_ref(operator.id),
            action="company.closed",
            target=company_ref(company.id),
            company_id=company.id,
            before=company,
            after=closed,
        )
        uow.commit()
    return closed
