"""Login by e-mail address or by customer number, with lockout and rehashing.

Choices, and why:

* An unknown account, a wrong password and a locked account all answer
  :class:`~portalkit.accounts.errors.InvalidCredentialsError`, and all cost one password hash
  (``dummy_verify`` when there is nothing to verify), so neither the answer nor its timing tells
  a caller whether an account exists.
* During a lockout the password is not even checked: otherwise an attacker could keep guessing
  and recognise the right password by a different answer. The owner learns of the lockout by
  mail (template ``account_locked``) when it starts.
* "Deactivated" and "not yet activated" are shown only after the correct password: then the
  caller has proven to be the owner, and the seeds want clear messages.
* With a customer number (seeds 002, 004) the number names the company. If the company has one
  account, that is the one; if it has several, the e-mail address must be given as well, and
  without it the login fails with the uniform error (the form should offer the field).

References:
    DOMAIN.md §6, seeds 001 and 003 (e-mail), 002 and 004 (customer number); OWASP
    Authentication Cheat Sheet (uniform errors, lockout).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from portalkit._errors import PortalkitError
from portalkit.accounts._records import audit, send, user_ref
from portalkit.accounts.errors import (
    AccountDeactivatedError,
    AccountNotActivatedError,
    CompanyClosedError,
    InvalidCredentialsError,
    LoginMethodDisabledError,
)
from portalkit.accounts.model import (
    CompanyStatus,
    InvalidCustomerNumberError,
    MailTemplate,
    User,
    UserStatus,
)
from portalkit.accounts.ports import UnitOfWork
from portalkit.accounts.services import AccountServices, LoginMethod
from portalkit.accounts.sessions import start_session
from portalkit.policy.emails import EmailAddress, InvalidEmailAddressError


@attrs.frozen
class LoginResult:
    """A successful login: the user, the new session and its secret for the cookie."""

    user: User
    session_id: str
    session_secret: str = attrs.field(repr=False)


def _parse_email(text: str) -> EmailAddress | None:
    try:
        return EmailAddress.parse(text)
    except InvalidEmailAddressError:
        return None


def login_with_email(
    services: AccountServices, email: str, password: str, *, device: str = ""
) -> LoginResult:
    """Log in with e-mail address and password.

    Args:
        device: a label for the new session (e.g. the browser), shown in the session list.

    Raises:
        LoginMethodDisabledError: if the portal does not accept e-mail logins.
        InvalidCredentialsError: unknown account, wrong password or locked account.
        AccountDeactivatedError: right password, deactivated account.
        AccountNotActivatedError: right password, account not yet confirmed.
        CompanyClosedError: right password, closed company.
    """
    if LoginMethod.EMAIL not in services.settings.login_methods:
        raise LoginMethodDisabledError(str(LoginMethod.EMAIL))
    address = _parse_email(email)

    def find(uow: UnitOfWork) -> User | None:
        return None if address is None else uow.users.by_email(address)

    return _login(services, find, password, device)


def login_with_customer_number(
    services: AccountServices,
    customer_number: str,
    password: str,
    *,
    email: str | None = None,
    device: str = "",
) -> LoginResult:
    """Log in with customer number and password (and the e-mail address if there are several
    accounts).

    Raises:
        LoginMethodDisabledError: if the portal does not accept customer-number logins.
        InvalidCredentialsError: as :func:`login_with_email`.
        AccountDeactivatedError: as :func:`login_with_email`.
        AccountNotActivatedError: as :func:`login_with_email`.
        CompanyClosedError: as :func:`login_with_email`.
    """
    if LoginMethod.CUSTOMER_NUMBER not in services.settings.login_methods:
        raise LoginMethodDisabledError(str(LoginMethod.CUSTOMER_NUMBER))
    try:
        number: str | None = services.settings.customer_numbers.normalize(customer_number)
    except InvalidCustomerNumberError:
        number = None
    address = None if email is None else _parse_email(email)

    def find(uow: UnitOfWork) -> User | None:
        company = None if number is None else uow.companies.by_customer_number(number)
        if company is None:
            return None
        users = [
            user
            for user in uow.users.in_company(company.id)
            if user.status is not UserStatus.DELETED
        ]
        if email is not None:
            return next((user for user in users if user.email == address), None)
        return users[0] if len(users) == 1 else None

    return _login(services, find, password, device)


def _login(
    services: AccountServices,
    find: Callable[[UnitOfWork], User | None],
    password: str,
    device: str,
) -> LoginResult:
    now = services.now()
    error: PortalkitError | None = None
    result: LoginResult | None = None
    with services.unit_of_work() as uow:
        user = find(uow)
        if user is None or user.password_hash is None:
            services.hasher.dummy_verify(password)
            raise InvalidCredentialsError
        if user.status is UserStatus.LOCKED and user.locked_until and now < user.locked_until:
            services.hasher.dummy_verify(password)
            raise InvalidCredentialsError
        if user.status is UserStatus.LOCKED:
            # The lockout is over: the user gets a fresh series of attempts.
            user = attrs.evolve(user, status=UserStatus.ACTIVE, failed_logins=0, locked_until=None)
        verification = services.hasher.verify(user.password_hash or "", password)
        if not verification.ok:
            error = InvalidCredentialsError()
            if user.status is UserStatus.ACTIVE:
                _count_failure(uow, services, user)
        elif user.status is UserStatus.DEACTIVATED:
            error = AccountDeactivatedError()
        elif user.status in (UserStatus.INVITED, UserStatus.PENDING_ACTIVATION):
            error = AccountNotActivatedError()
        else:
            company = uow.companies.get(user.company_id)
            if company is None or company.status is CompanyStatus.CLOSED:
                error = CompanyClosedError(user.company_id)
            else:
                before = uow.users.get(user.id)
                rehashed = (
                    services.hasher.hash(password)
                    if verification.needs_rehash
                    else user.password_hash
                )
                user = attrs.evolve(
                    user,
                    failed_logins=0,
                    locked_until=None,
                    last_login=now,
                    last_activity=now,
                    password_hash=rehashed,
                )
                uow.users.save(user)
                started = start_session(uow, services, user, device=device)
                audit(
                    uow,
                    services,
                    actor=user_ref(user.id),
                    action="user.login",
                    target=user_ref(user.id),
                    company_id=user.company_id,
                    before=before,
                    after=user,
                )
                result = LoginResult(user, started.session.id, started.secret)
        uow.commit()
    if error is not None:
        raise error
    assert result is not None
    return result


def _count_failure(uow: UnitOfWork, services: AccountServices, user: User) -> None:
    settings = services.settings
    now = services.now()
    before = uow.users.get(user.id)
    failed = user.failed_logins + 1
    locked = failed >= settings.max_failed_logins
    after = attrs.evolve(
        user,
        failed_logins=failed,
        status=UserStatus.LOCKED if locked else UserStatus.ACTIVE,
        locked_until=now + settings.lockout if locked else None,
    )
    uow.users.save(after)
    audit(
        uow,
        services,
        actor="anonymous",
        action="user.locked" if locked else "user.login_failed",
        target=user_ref(user.id),
        company_id=user.company_id,
        before=before,
        after=after,
    )
    if locked and after.locked_until is not None:
        send(
            uow,
            services,
            recipient=user.email,
            template=MailTemplate.ACCOUNT_LOCKED,
            params={"until": after.locked_until.isoformat(), "failures": str(failed)},
            language=user.language,
        )
