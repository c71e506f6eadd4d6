"""Helpers the use cases share: loading with clear errors, and the rules several of them keep."""

from __future__ import annotations

import datetime as dt
import unicodedata

import attrs

from portalkit._i18n import Language
from portalkit.accounts.errors import (
    CompanyClosedError,
    CompanyNotFoundError,
    EmailOutsideCompanyDomainsError,
    EmailTakenError,
    LastAdministratorError,
    UserLimitReachedError,
    UserNotFoundError,
)
from portalkit.accounts.model import Company, CompanyStatus, User, UserStatus
from portalkit.accounts.ports import UnitOfWork
from portalkit.policy import PasswordContext
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.policy.roles import Role

COUNTED_STATUSES = frozenset(
    {UserStatus.INVITED, UserStatus.PENDING_ACTIVATION, UserStatus.ACTIVE, UserStatus.LOCKED}
)
"""Statuses that take up a place under the company's user limit."""


def load_company(uow: UnitOfWork, company_id: str) -> Company:
    """Return the company or raise :class:`CompanyNotFoundError`."""
    company = uow.companies.get(company_id)
    if company is None:
        raise CompanyNotFoundError(company_id)
    return company


def load_open_company(uow: UnitOfWork, company_id: str) -> Company:
    """Return the company unless it is closed."""
    company = load_company(uow, company_id)
    if company.status is CompanyStatus.CLOSED:
        raise CompanyClosedError(company_id)
    return company


def load_user(uow: UnitOfWork, user_id: str) -> User:
    """Return the user (not deleted) or raise :class:`UserNotFoundError`."""
    user = uow.users.get(user_id)
    if user is None or user.status is UserStatus.DELETED:
        raise UserNotFoundError(user_id)
    return user


def load_company_user(uow: UnitOfWork, user_id: str, company_id: str) -> User:
    """Return the user of company *company_id* or raise :class:`UserNotFoundError`.

    Another company's user is "not found" like a missing one, never "forbidden": the answer
    must not tell that the id exists elsewhere (tenant isolation, as for tickets).
    """
    user = load_user(uow, user_id)
    if user.company_id != company_id:
        raise UserNotFoundError(user_id)
    return user


def check_new_address(uow: UnitOfWork, company: Company, email: EmailAddress) -> None:
    """Refuse an address outside the company's domains, or one another account uses."""
    if not company.accepts(email):
        domains = tuple(sorted(domain.unicode for domain in company.email_domains))
        raise EmailOutsideCompanyDomainsError(str(email), domains)
    if uow.users.by_email(email) is not None:
        raise EmailTakenError(str(email))


def check_user_limit(uow: UnitOfWork, company: Company) -> None:
    """Refuse one more user when the company already has as many as it may."""
    if company.user_limit is None:
        return
    counted = sum(1 for user in uow.users.in_company(company.id) if user.status in COUNTED_STATUSES)
    if counted >= company.user_limit:
        raise UserLimitReachedError(company.user_limit)


def add_user(
    uow: UnitOfWork,
    company: Company,
    *,
    user_id: str,
    email: str,
    role: Role,
    status: UserStatus,
    now: dt.datetime,
    title: str,
    first_name: str,
    last_name: str,
    language: Language,
    last_activity: dt.datetime | None = None,
) -> User:
    """Store a new user of *company* after the address and user-limit checks every new user passes.

    Raises:
        InvalidEmailAddressError: if *email* is not a valid address.
        EmailOutsideCompanyDomainsError: if the address lies outside the company's domains.
        EmailTakenError: if another account uses the address.
        UserLimitReachedError: if the company has reached its user limit.
    """
    address = EmailAddress.parse(email)
    check_new_address(uow, company, address)
    check_user_limit(uow, company)
    user = User(
        id=user_id,
        company_id=company.id,
        email=address,
        role=role,
        status=status,
        created_at=now,
        title=title,
        first_name=first_name,
        last_name=last_name,
        language=language,
        last_activity=last_activity,
    )
    uow.users.save(user)
    return user


def has_active_administrator(uow: UnitOfWork, company_id: str, *, besides: str = "") -> bool:
    """Tell whether the company has an active administrator other than user *besides*."""
    return any(
        user.is_active_administrator and user.id != besides
        for user in uow.users.in_company(company_id)
    )


def ensure_an_administrator_remains(uow: UnitOfWork, before: User, after: User) -> None:
    """Refuse a change that takes the last active administrator of an active company away.

    This is the one place where the invariant of DOMAIN.md §2 is enforced for customers'
    changes; only an operator's override (which marks the company as needing an administrator)
    and the inactivity deletion (which does the same) go past it.

    Raises:
        LastAdministratorError: if *before* is the last active administrator and *after* is not
            one any more.

    References:
        DOMAIN.md §2 (invariant), seed 001 ("wenden Sie sich bitte an Ihren Ansprechpartner der
        Servicegesellschaft").
    """
    if not before.is_active_administrator or after.is_active_administrator:
        return
    company = uow.companies.get(before.company_id)
    if company is None or company.status is not CompanyStatus.ACTIVE:
        return
    if not has_active_administrator(uow, before.company_id, besides=before.id):
        raise LastAdministratorError(before.id)


def fold_name(text: str) -> str:
    """Return *text* case-folded with whitespace collapsed, for comparing names."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def deleted_address(user_id: str) -> EmailAddress:
    """Return the placeholder address of a deleted user.

    ``.invalid`` is reserved (RFC 2606): no mail goes there, and no user can enter such an
    address, because :meth:`EmailAddress.parse` refuses reserved names.
    """
    return EmailAddress(f"deleted-{user_id}", EmailDomain("deleted.invalid"))


def erase_personal_data(user: User, now: dt.datetime) -> User:
    """Return *user* deleted: only the id, the company and the dates remain."""
    return attrs.evolve(
        user,
        status=UserStatus.DELETED,
        email=deleted_address(user.id),
        title="",
        first_name="",
        last_name="",
        phone="",
        password_hash=None,
        password_history=(),
        failed_logins=0,
        locked_until=None,
        last_login=None,
        grants=frozenset(),
        authorised_for=frozenset(),
        last_activity=now,
    )


def password_context(user: User, company: Company) -> PasswordContext:
    """Return what the password policy must keep out of *user*'s password.

    References:
        seed 003 ("keinen persönlichen Bezug ... keine Namen"), DOMAIN.md §1.
    """
    return PasswordContext(
        first_name=user.first_name or None,
        last_name=user.last_name or None,
        email=str(user.email),
        customer_number=company.customer_number,
        company_name=company.name,
    )
