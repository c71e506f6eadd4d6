"""Forgotten passwords: a single-use link or one-time password to the stored address.

The request answers the same whether or not the account exists (it returns nothing and raises
nothing for unknown accounts); only the owner's mailbox learns the difference. After the reset
the user is not logged in: they log in with the new password, which proves it works.

References:
    DOMAIN.md §6, seeds 001 (by e-mail), 002 and 003 (customer number and stored address), 004
    (one-time password as a link).
"""

from __future__ import annotations

import attrs

from portalkit.accounts._common import password_context
from portalkit.accounts._records import audit, send, user_ref
from portalkit.accounts.errors import CompanyClosedError
from portalkit.accounts.model import (
    CompanyStatus,
    InvalidCustomerNumberError,
    MailTemplate,
    TokenPurpose,
    User,
    UserStatus,
)
from portalkit.accounts.ports import UnitOfWork
from portalkit.accounts.services import AccountServices
from portalkit.accounts.sessions import end_sessions
from portalkit.accounts.tokens import (
    InvalidTokenError,
    issue_token,
    redeem_token,
    revoke_tokens,
)
from portalkit.policy import PasswordContext
from portalkit.policy.emails import EmailAddress, InvalidEmailAddressError

RESET_PURPOSES = (TokenPurpose.PASSWORD_RESET, TokenPurpose.ONE_TIME_PASSWORD)


def request_password_reset(
    services: AccountServices, *, email: str, customer_number: str | None = None
) -> None:
    """Send a reset link (or one-time password) if an account with this address exists.

    Args:
        email: the stored address.
        customer_number: where the portal asks for it too (seeds 002, 003), it must match the
            account's company.

    Returns nothing and raises nothing, whatever the input: the caller always shows "if an
    account exists, we sent you a mail".
    """
    try:
        address = EmailAddress.parse(email)
    except InvalidEmailAddressError:
        return
    with services.unit_of_work() as uow:
        user = uow.users.by_email(address)
        if (
            user is None
            or not user.usable
            or not _number_matches(uow, services, user, customer_number)
        ):
            return
        company = uow.companies.get(user.company_id)
        if company is None or company.status is CompanyStatus.CLOSED:
            return
        purpose = services.settings.reset_purpose
        issued = issue_token(
            uow.tokens,
            user_id=user.id,
            purpose=purpose,
            now=services.now(),
            lifetimes=services.settings.token_lifetimes,
            new_id=services.new_id,
        )
        send(
            uow,
            services,
            recipient=user.email,
            template=MailTemplate(str(purpose)),
            params={"token": issued.secret, "expires_at": issued.token.expires_at.isoformat()},
            language=user.language,
        )
        audit(
            uow,
            services,
            actor="anonymous",
            action="user.password_reset_requested",
            target=user_ref(user.id),
            company_id=user.company_id,
            after={"purpose": str(purpose), "expires_at": issued.token.expires_at.isoformat()},
        )
        uow.commit()


def _number_matches(
    uow: UnitOfWork, services: AccountServices, user: User, customer_number: str | None
) -> bool:
    if customer_number is None:
        return True
    try:
        number = services.settings.customer_numbers.normalize(customer_number)
    except InvalidCustomerNumberError:
        return False
    company = uow.companies.get(user.company_id)
    return company is not None and company.customer_number == number


def reset_password(services: AccountServices, secret: str, new_password: str) -> User:
    """Set a new password with a reset link or one-time password; the user is not logged in.

    The reset also ends a lockout (the user proved to own the mailbox) and every session.

    Raises:
        InvalidTokenError, TokenExpiredError: the link.
        PortalkitError: the password policy's rejection (including reuse of a recent password).
    """
    now = services.now()
    with services.unit_of_work() as uow:
        token = redeem_token(uow.tokens, secret, purposes=RESET_PURPOSES, now=now)
        user = uow.users.get(token.user_id)
        if user is None or not user.usable:
            raise InvalidTokenError(token.purpose)
        company = uow.companies.get(user.company_id)
        if company is None or company.status is CompanyStatus.CLOSED:
            raise CompanyClosedError(user.company_id)
        changed = set_password(
            services, user, new_password, context=password_context(user, company)
        )
        changed = attrs.evolve(
            changed, failed_logins=0, locked_until=None, status=UserStatus.ACTIVE
        )
        uow.users.save(changed)
        end_sessions(uow, user.id, now, "password_reset")
        revoke_tokens(uow.tokens, user_id=user.id, now=now, purposes=RESET_PURPOSES)
        audit(
            uow,
            services,
            actor=user_ref(user.id),
            action="user.password_reset",
            target=user_ref(user.id),
            company_id=user.company_id,
            before=user,
            after=changed,
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
    return changed


def set_password(
    services: AccountServices, user: User, new_password: str, *, context: PasswordContext
) -> User:
    """Return *user* with *new_password* after the policy and the history check.

    The current and the last :attr:`AccountSettings.password_history` hashes may not match.
    """
    previous = tuple(
        item for item in (user.password_hash, *user.password_history) if item is not None
    )
    services.password_policy.validate(
        new_password,
        context=context,
        previous_hashes=previous,
        hasher=services.hasher,
    )
    history = previous[: services.settings.password_history]
    return attrs.evolve(
        user, password_hash=services.hasher.hash(new_password), password_history=history
    )
