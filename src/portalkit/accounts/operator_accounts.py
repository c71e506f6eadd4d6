"""Operators' own accounts: creating them, signing in and out, the sessions of their pages.

Operators (staff of the service company) sign in on a page of their own, apart from
customers. The rules are the customers' ones (:mod:`portalkit.accounts.login`): the password
policy applies, an unknown address, a wrong password and a running lockout all answer
:class:`~portalkit.accounts.errors.InvalidCredentialsError` at the cost of one hash, a
deactivated account is named only after the right password, and a hash made with older
parameters is renewed at login. Their sessions follow the customers' idle and absolute
lifetimes, in a repository of their own (``operator_sessions``).

References:
    seeds 000 and 001 (Ansprechpartner der Servicegesellschaft), DOMAIN.md §1 (hashing, dummy
    verification) and §6; OWASP Authentication Cheat Sheet (uniform errors, lockout).
"""

from __future__ import annotations

import datetime as dt

import attrs

from portalkit._errors import ConflictError, PortalkitError
from portalkit.accounts._records import audit, operator_ref, send
from portalkit.accounts.errors import (
    EmailTakenError,
    InvalidCredentialsError,
    OperatorDeactivatedError,
    OperatorNameMissingError,
    OperatorNotFoundError,
    SessionExpiredError,
)
from portalkit.accounts.model import MailTemplate, Operator, OperatorAccount, Session
from portalkit.accounts.ports import UnitOfWork
from portalkit.accounts.services import AccountServices, AccountSettings
from portalkit.accounts.sessions import (
    end_by_secret,
    open_session,
    revoke_running,
    seen,
    session_open,
)
from portalkit.accounts.tokens import hash_secret
from portalkit.policy import PasswordContext
from portalkit.policy.emails import EmailAddress, InvalidEmailAddressError


@attrs.frozen
class OperatorLoginResult:
    """A successful operator login: the account, the new session and its secret for the cookie."""

    account: OperatorAccount
    session_id: str
    session_secret: str = attrs.field(repr=False)

    @property
    def operator(self) -> Operator:
        """The signed-in operator, as the use cases take it."""
        return self.account.operator


@attrs.frozen
class AuthenticatedOperator:
    """An operator's session that is still open, with its account."""

    session: Session
    account: OperatorAccount

    @property
    def operator(self) -> Operator:
        """The signed-in operator, as the use cases take it."""
        return self.account.operator


def _context(email: EmailAddress, name: str) -> PasswordContext:
    words = name.split()
    return PasswordContext(
        first_name=" ".join(words[:-1]) or None,
        last_name=words[-1] if words else None,
        email=str(email),
    )


def create_operator(
    services: AccountServices,
    *,
    email: str,
    name: str,
    password: str,
    created_by: Operator | None = None,
    operator_id: str | None = None,
) -> OperatorAccount:
    """Create an operator account that can sign in with *email* and *password*.

    Args:
        email: the operator's address, the user name at login.
        name: the operator's name (shown in the audit log and to customers).
        password: the first password; the portal's password policy applies.
        created_by: the operator who creates the account; ``None`` for the command line.
        operator_id: a fixed id, e.g. the one the service company's staff directory uses
            (which the audit log may already name); a new one by default.

    Raises:
        InvalidEmailAddressError: *email* is not a valid address.
        OperatorNameMissingError: *name* is empty.
        EmailTakenError: another operator uses the address.
        PasswordRejected: the password breaks the policy (every reason at once).
    """
    address = EmailAddress.parse(email)
    clean_name = " ".join(name.split())
    if not clean_name:
        raise OperatorNameMissingError
    services.password_policy.validate(
        password, context=_context(address, clean_name), hasher=services.hasher
    )
    now = services.now()
    with services.unit_of_work() as uow:
        if uow.operators.by_email(address) is not None:
            raise EmailTakenError(str(address))
        new_id = operator_id or services.new_id()
        if uow.operators.get(new_id) is not None:
            raise EmailTakenError(str(address))
        account = OperatorAccount(
            id=new_id,
            email=address,
            name=clean_name,
            password_hash=services.hasher.hash(password),
            created_at=now,
        )
        uow.operators.save(account)
        audit(
            uow,
            services,
            actor="cli" if created_by is None else operator_ref(created_by.id),
            action="operator.created",
            target=operator_ref(account.id),
            company_id=None,
            after=account,
        )
        uow.commit()
    return account


def _parse(email: str) -> EmailAddress | None:
    try:
        return EmailAddress.parse(email)
    except InvalidEmailAddressError:
        return None


def login_operator(
    services: AccountServices, email: str, password: str, *, device: str = ""
) -> OperatorLoginResult:
    """Sign an operator in with e-mail address and password and start a session.

    Args:
        device: a label for the new session (e.g. the browser).

    Raises:
        InvalidCredentialsError: unknown address, wrong password or a running lockout.
        OperatorDeactivatedError: right password, deactivated account.
    """
    address = _parse(email)
    now = services.now()
    error: PortalkitError | None = None
    result: OperatorLoginResult | None = None
    with services.unit_of_work() as uow:
        account = None if address is None else uow.operators.by_email(address)
        if account is None or account.locked_at(now):
            services.hasher.dummy_verify(password)
            raise InvalidCredentialsError
        verification = services.hasher.verify(account.password_hash, password)
        if not verification.ok:
            error = InvalidCredentialsError()
            if account.active:
                _count_failure(uow, services, account)
        elif not account.active:
            error = OperatorDeactivatedError()
        else:
            after = attrs.evolve(
                account,
                failed_logins=0,
                locked_until=None,
                last_login=now,
                password_hash=(
                    services.hasher.hash(password)
                    if verification.needs_rehash
                    else account.password_hash
                ),
            )
            uow.operators.save(after)
            started = open_session(uow.operator_sessions, services, after.id, device=device)
            audit(
                uow,
                services,
                actor=operator_ref(after.id),
                action="operator.login",
                target=operator_ref(after.id),
                company_id=None,
                before=account,
                after=after,
            )
            result = OperatorLoginResult(after, started.session.id, started.secret)
        uow.commit()
    if error is not None:
        raise error
    assert result is not None
    return result


def _count_failure(uow: UnitOfWork, services: AccountServices, account: OperatorAccount) -> None:
    settings = services.settings
    now = services.now()
    # A lockout that has run out starts a fresh series of attempts.
    earlier = 0 if account.locked_until is not None else account.failed_logins
    failed = earlier + 1
    locked = failed >= settings.max_failed_logins
    after = attrs.evolve(
        account,
        failed_logins=failed,
        locked_until=now + settings.lockout if locked else None,
    )
    uow.operators.save(after)
    audit(
        uow,
        services,
        actor="anonymous",
        action="operator.locked" if locked else "operator.login_failed",
        target=operator_ref(account.id),
        company_id=None,
        before=account,
        after=after,
    )
    if locked and after.locked_until is not None:
        send(
            uow,
            services,
            recipient=account.email,
            template=MailTemplate.ACCOUNT_LOCKED,
            params={"until": after.locked_until.isoformat(), "failures": str(failed)},
        )


def authenticate_operator(services: AccountServices, secret: str) -> AuthenticatedOperator:
    """Return the open operator session for the cookie value *secret*, marked as used now.

    Like :func:`~portalkit.accounts.authenticate`, a touch refused for a concurrent write of
    the session (PostgreSQL) is decided again on that write, without writing.

    Raises:
        SessionExpiredError: unknown, revoked or expired session, or a deactivated account.
    """
    now = services.now()
    secret_hash = hash_secret(secret)
    try:
        with services.unit_of_work() as uow:
            found = _open_operator_session(uow, secret_hash, now, services.settings)
            touched = seen(found.session, now, services.settings)
            if touched is not found.session:
                uow.operator_sessions.save(touched)
                uow.commit()
    except ConflictError:
        with services.unit_of_work() as uow:
            return _open_operator_session(uow, secret_hash, now, services.settings)
    return AuthenticatedOperator(touched, found.account)


def _open_operator_session(
    uow: UnitOfWork, secret_hash: str, now: dt.datetime, settings: AccountSettings
) -> AuthenticatedOperator:
    session = uow.operator_sessions.by_hash(secret_hash)
    if session is None or not session_open(session, now, settings):
        raise SessionExpiredError
    account = uow.operators.get(session.user_id)
    if account is None or not account.active:
        raise SessionExpiredError
    return AuthenticatedOperator(session, account)


def logout_operator(services: AccountServices, secret: str) -> None:
    """End the operator session whose cookie value is *secret*; an unknown one is ignored."""
    end_by_secret(
        services, secret, lambda uow: uow.operator_sessions, operator_ref, "operator.logout"
    )


def deactivate_operator(
    services: AccountServices, operator_id: str, *, by: Operator | None = None
) -> OperatorAccount:
    """Deactivate an operator account: it cannot sign in, and its sessions end at once.

    Raises:
        OperatorNotFoundError: no operator account has this id.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        account = uow.operators.get(operator_id)
        if account is None:
            raise OperatorNotFoundError(operator_id)
        after = attrs.evolve(account, active=False)
        uow.operators.save(after)
        revoke_running(uow.operator_sessions, operator_id, now, "deactivated")
        audit(
            uow,
            services,
            actor="cli" if by is None else operator_ref(by.id),
            action="operator.deactivated",
            target=operator_ref(operator_id),
            company_id=None,
            before=account,
            after=after,
        )
        uow.commit()
    return after
