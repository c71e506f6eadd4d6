"""What users do with their own account: contact data, e-mail address, password.

Names and the company are not self-service: changing them creates a request to the service
company, with an optional reason (seed 002). A new e-mail address must lie in the company's
domains and is confirmed from the new mailbox before it counts; the old address is told.

References:
    seed 001 ("Mein Konto": persönliche Details, E-Mail-Adresse und Kennwort), seed 002
    (Kontaktdaten außer Name/Firma), DOMAIN.md §2 and §6.
"""

from __future__ import annotations

import attrs

from portalkit._i18n import Language
from portalkit.accounts._common import (
    check_new_address,
    load_open_company,
    load_user,
    password_context,
)
from portalkit.accounts._records import audit, send, user_ref
from portalkit.accounts.errors import WrongCurrentPasswordError
from portalkit.accounts.model import MailTemplate, ProfileChangeRequest, TokenPurpose, User
from portalkit.accounts.password_reset import set_password
from portalkit.accounts.services import AccountServices
from portalkit.accounts.sessions import end_sessions
from portalkit.accounts.tokens import InvalidTokenError, issue_token, redeem_token
from portalkit.policy.emails import EmailAddress


def update_contact_data(
    services: AccountServices,
    user_id: str,
    *,
    title: str | None = None,
    phone: str | None = None,
    language: Language | None = None,
) -> User:
    """Change the contact data a user may change alone (``None`` keeps a value)."""
    with services.unit_of_work() as uow:
        user = load_user(uow, user_id)
        load_open_company(uow, user.company_id)
        after = attrs.evolve(
            user,
            title=user.title if title is None else title.strip(),
            phone=user.phone if phone is None else phone.strip(),
            language=user.language if language is None else language,
        )
        uow.users.save(after)
        audit(
            uow,
            services,
            actor=user_ref(user.id),
            action="user.contact_data_changed",
            target=user_ref(user.id),
            company_id=user.company_id,
            before=user,
            after=after,
        )
        uow.commit()
    return after


def request_profile_change(
    services: AccountServices,
    user_id: str,
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    company_name: str | None = None,
    reason: str = "",
) -> ProfileChangeRequest:
    """Ask the service company to change a name or the company name (not self-service).

    References:
        seed 002 ("Möchten Sie Ihren Namen ändern oder den des Unternehmens, wenden Sie sich
        bitte per Ticket oder E-Mail an unser Serviceteam"; "Optional kann ein Grund angegeben
        werden").
    """
    with services.unit_of_work() as uow:
        user = load_user(uow, user_id)
        load_open_company(uow, user.company_id)
        request = ProfileChangeRequest(
            id=services.new_id(),
            user_id=user.id,
            company_id=user.company_id,
            requested_at=services.now(),
            first_name=first_name,
            last_name=last_name,
            company_name=company_name,
            reason=reason.strip(),
        )
        uow.profile_requests.save(request)
        audit(
            uow,
            services,
            actor=user_ref(user.id),
            action="user.profile_change_requested",
            target=user_ref(user.id),
            company_id=user.company_id,
            after=request,
        )
        uow.commit()
    return request


def _check_current_password(services: AccountServices, user: User, password: str) -> None:
    if user.password_hash is None or not services.hasher.verify(user.password_hash, password).ok:
        raise WrongCurrentPasswordError


def change_password(
    services: AccountServices,
    user_id: str,
    *,
    current_password: str,
    new_password: str,
    keep_session_id: str | None = None,
) -> User:
    """Change the password; every other session ends.

    Args:
        keep_session_id: the session the change was made in, which stays signed in.

    Raises:
        WrongCurrentPasswordError: the current password is wrong.
        PortalkitError: the password policy's rejection (including reuse).
    """
    now = services.now()
    with services.unit_of_work() as uow:
        user = load_user(uow, user_id)
        company = load_open_company(uow, user.company_id)
        _check_current_password(services, user, current_password)
        after = set_password(services, user, new_password, context=password_context(user, company))
        uow.users.save(after)
        end_sessions(uow, user.id, now, "password_changed", keep=keep_session_id)
        audit(
            uow,
            services,
            actor=user_ref(user.id),
            action="user.password_changed",
            target=user_ref(user.id),
            company_id=user.company_id,
            before=user,
            after=after,
        )
        send(
            uow,
            services,
            recipient=user.email,
            template=MailTemplate.PASSWORD_CHANGED,
            params={"at": now.isoformat()},
            language=user.language,
        )
        uow.commit()
    return after


def request_email_change(
    services: AccountServices, user_id: str, *, new_email: str, current_password: str
) -> None:
    """Start changing the address: a confirmation link goes to the new address.

    Raises:
        WrongCurrentPasswordError: the current password is wrong.
        InvalidEmailAddressError, EmailOutsideCompanyDomainsError, EmailTakenError: the new
            address.
    """
    address = EmailAddress.parse(new_email)
    with services.unit_of_work() as uow:
        user = load_user(uow, user_id)
        company = load_open_company(uow, user.company_id)
        _check_current_password(services, user, current_password)
        check_new_address(uow, company, address)
        issued = issue_token(
            uow.tokens,
            user_id=user.id,
            purpose=TokenPurpose.EMAIL_CHANGE,
            now=services.now(),
            lifetimes=services.settings.token_lifetimes,
            new_id=services.new_id,
            payload=str(address),
        )
        send(
            uow,
            services,
            recipient=address,
            template=MailTemplate.EMAIL_CHANGE,
            params={"token": issued.secret, "expires_at": issued.token.expires_at.isoformat()},
            language=user.language,
        )
        audit(
            uow,
            services,
            actor=user_ref(user.id),
            action="user.email_change_requested",
            target=user_ref(user.id),
            company_id=user.company_id,
            after={"new_email": str(address)},
        )
        uow.commit()


def confirm_email_change(services: AccountServices, secret: str) -> User:
    """Confirm the new address with the secret from the link sent to it.

    The domain rule and uniqueness are checked again: things may have changed meanwhile.

    Raises:
        InvalidTokenError, TokenExpiredError: the link.
        EmailOutsideCompanyDomainsError, EmailTakenError: the address is no longer possible.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        token = redeem_token(uow.tokens, secret, purposes=(TokenPurpose.EMAIL_CHANGE,), now=now)
        user = uow.users.get(token.user_id)
        if user is None or not user.usable:
            raise InvalidTokenError(TokenPurpose.EMAIL_CHANGE)
        company = load_open_company(uow, user.company_id)
        address = EmailAddress.parse(token.payload)
        check_new_address(uow, company, address)
        after = attrs.evolve(user, email=address)
        uow.users.save(after)
        audit(
            uow,
            services,
            actor=user_ref(user.id),
            action="user.email_changed",
            target=user_ref(user.id),
            company_id=user.company_id,
            before=user,
            after=after,
        )
        send(
            uow,
            services,
            recipient=user.email,
            template=MailTemplate.EMAIL_CHANGED,
            params={"new_email": str(address)},
            language=user.language,
        )
        uow.commit()
    return after
