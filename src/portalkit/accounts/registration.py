"""Self-registration with customer number, confirmed by a 24-hour activation link.

Choices, and why: data that do not match the company record are refused with one error that
does not say which field was wrong. An address that already has an account gets a mail
("you already have an account") instead of an error, so the form does not reveal who is
registered. Registering again while the link is pending sends a new link (seed 003: "Nach Ablauf
dieser Zeit führen Sie die Registrierung erneut aus"). Once a company has an administrator,
further users are invited by them (seed 001), not self-registered.

References:
    seed 003 (fields, terms, 24-hour link), DOMAIN.md §6.
"""

from __future__ import annotations

import attrs

from portalkit._i18n import Language
from portalkit.accounts._common import (
    check_new_address,
    check_user_limit,
    fold_name,
    has_active_administrator,
    password_context,
)
from portalkit.accounts._records import audit, company_ref, send, user_ref
from portalkit.accounts.errors import (
    RegistrationMismatchError,
    RegistrationNeedsInvitationError,
    TermsNotAcceptedError,
)
from portalkit.accounts.model import (
    Company,
    CompanyStatus,
    InvalidCustomerNumberError,
    MailTemplate,
    TokenPurpose,
    User,
    UserStatus,
)
from portalkit.accounts.ports import UnitOfWork
from portalkit.accounts.services import AccountServices
from portalkit.accounts.tokens import InvalidTokenError, issue_token, redeem_token
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role


def register(
    services: AccountServices,
    *,
    name: str,
    customer_number: str,
    email: str,
    password: str,
    accepted_terms: bool,
    language: Language = "de",
) -> None:
    """Register an account for the company with *customer_number*; a link to confirm it is
    mailed (valid 24 hours).

    Args:
        name: the last name or the company name, as in the company record.
        customer_number: the customer number.
        email: the address, which must lie in the company's domains (if it has any).
        password: the new password (policy applies).
        accepted_terms: terms of use and privacy notice accepted.
        language: the language of the mails.

    Raises:
        TermsNotAcceptedError: terms not accepted.
        RegistrationMismatchError: no open company with this number and name.
        RegistrationNeedsInvitationError: the company already has an administrator.
        InvalidEmailAddressError, EmailOutsideCompanyDomainsError: the address.
        UserLimitReachedError: the company is full.
        PortalkitError: the password policy's rejection.
    """
    if not accepted_terms:
        raise TermsNotAcceptedError
    try:
        number = services.settings.customer_numbers.normalize(customer_number)
    except InvalidCustomerNumberError:
        raise RegistrationMismatchError from None
    address = EmailAddress.parse(email)
    with services.unit_of_work() as uow:
        company = uow.companies.by_customer_number(number)
        if (
            company is None
            or company.status is CompanyStatus.CLOSED
            or fold_name(company.name) != fold_name(name)
        ):
            raise RegistrationMismatchError
        existing = uow.users.by_email(address)
        if existing is not None and not (
            existing.status is UserStatus.PENDING_ACTIVATION and existing.company_id == company.id
        ):
            send(
                uow,
                services,
                recipient=address,
                template=MailTemplate.ALREADY_REGISTERED,
                params={"company": company.name},
                language=existing.language,
            )
            audit(
                uow,
                services,
                actor="anonymous",
                action="user.registration_for_known_address",
                target=user_ref(existing.id),
                company_id=existing.company_id,
            )
            uow.commit()
            return
        if has_active_administrator(uow, company.id):
            raise RegistrationNeedsInvitationError
        _register(uow, services, company, existing, address, name, password, language)
        uow.commit()


def _register(
    uow: UnitOfWork,
    services: AccountServices,
    company: Company,
    existing: User | None,
    address: EmailAddress,
    name: str,
    password: str,
    language: Language,
) -> None:
    now = services.now()
    if existing is None:
        check_new_address(uow, company, address)
        check_user_limit(uow, company)
        user = User(
            id=services.new_id(),
            company_id=company.id,
            email=address,
            role=Role.ADMINISTRATOR,
            status=UserStatus.PENDING_ACTIVATION,
            created_at=now,
            last_name=name.strip(),
            language=language,
        )
    else:
        user = attrs.evolve(existing, last_name=name.strip(), language=language)
    services.password_policy.validate(
        password, context=password_context(user, company), hasher=services.hasher
    )
    user = attrs.evolve(user, password_hash=services.hasher.hash(password))
    uow.users.save(user)
    issued = issue_token(
        uow.tokens,
        user_id=user.id,
        purpose=TokenPurpose.ACTIVATION,
        now=now,
        lifetimes=services.settings.token_lifetimes,
        new_id=services.new_id,
    )
    send(
        uow,
        services,
        recipient=address,
        template=MailTemplate.ACTIVATION,
        params={"token": issued.secret, "expires_at": issued.token.expires_at.isoformat()},
        language=language,
    )
    audit(
        uow,
        services,
        actor="anonymous",
        action="user.registered",
        target=user_ref(user.id),
        company_id=company.id,
        before=existing,
        after=user,
    )


def activate_account(services: AccountServices, secret: str) -> User:
    """Confirm a registration with the secret from the activation link.

    Raises:
        InvalidTokenError, TokenExpiredError: the link (after expiry: register again).
        RegistrationNeedsInvitationError: meanwhile someone else became administrator.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        token = redeem_token(uow.tokens, secret, purposes=(TokenPurpose.ACTIVATION,), now=now)
        user = uow.users.get(token.user_id)
        if user is None or user.status is not UserStatus.PENDING_ACTIVATION:
            raise InvalidTokenError(TokenPurpose.ACTIVATION)
        if has_active_administrator(uow, user.company_id):
            raise RegistrationNeedsInvitationError
        company = uow.companies.get(user.company_id)
        if company is None or company.status is CompanyStatus.CLOSED:
            raise InvalidTokenError(TokenPurpose.ACTIVATION)
        # Nobody else administers the company (checked above): the registrant does, as the
        # first user of an invitation would (seed 001), even if an operator changed the role.
        active = attrs.evolve(
            user, status=UserStatus.ACTIVE, last_activity=now, role=Role.ADMINISTRATOR
        )
        uow.users.save(active)
        if company.status is CompanyStatus.NEEDS_ADMINISTRATOR:
            found = attrs.evolve(company, status=CompanyStatus.ACTIVE)
            uow.companies.save(found)
            audit(
                uow,
                services,
                actor=user_ref(user.id),
                action="company.administrator_found",
                target=company_ref(company.id),
                company_id=company.id,
                before=company,
                after=found,
            )
        audit(
            uow,
            services,
            actor=user_ref(user.id),
            action="user.activated",
            target=user_ref(user.id),
            company_id=user.company_id,
            before=user,
            after=active,
        )
        uow.commit()
    return active
