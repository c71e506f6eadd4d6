"""Invitations: an administrator (or an operator) invites a user, who sets name and password.

References:
    seed 001 (invitation link valid 90 days; the first registration through the first
    invitation creates the master user; the address must end like the inviter's), DOMAIN.md §2.
"""

from __future__ import annotations

import attrs

from portalkit._i18n import Language
from portalkit.accounts._common import (
    add_user,
    has_active_administrator,
    load_company_user,
    load_open_company,
    load_user,
    password_context,
)
from portalkit.accounts._records import audit, company_ref, send, user_ref
from portalkit.accounts.errors import UserStatusError
from portalkit.accounts.model import (
    Company,
    CompanyStatus,
    MailTemplate,
    TokenPurpose,
    User,
    UserStatus,
)
from portalkit.accounts.ports import UnitOfWork
from portalkit.accounts.services import AccountServices
from portalkit.accounts.tokens import InvalidTokenError, issue_token, redeem_token
from portalkit.policy.roles import Action, Role, Target, can


@attrs.frozen
class Invitation:
    """An invited user and the secret of their invitation link (also queued in the outbox)."""

    user: User
    secret: str = attrs.field(repr=False)


def create_invitation(
    uow: UnitOfWork,
    services: AccountServices,
    company: Company,
    *,
    actor: str,
    email: str,
    role: Role,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    language: Language = "de",
) -> Invitation:
    """Create an invited user and their invitation inside the caller's unit of work.

    Shared by :func:`invite_user` and the operator's
    :func:`portalkit.accounts.operators.invite_administrator`.
    """
    user = add_user(
        uow,
        company,
        user_id=services.new_id(),
        email=email,
        role=role,
        status=UserStatus.INVITED,
        now=services.now(),
        title=title,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    return _send_invitation(uow, services, company, user, actor=actor, action="user.invited")


def _send_invitation(
    uow: UnitOfWork,
    services: AccountServices,
    company: Company,
    user: User,
    *,
    actor: str,
    action: str,
) -> Invitation:
    issued = issue_token(
        uow.tokens,
        user_id=user.id,
        purpose=TokenPurpose.INVITATION,
        now=services.now(),
        lifetimes=services.settings.token_lifetimes,
        new_id=services.new_id,
    )
    send(
        uow,
        services,
        recipient=user.email,
        template=MailTemplate.INVITATION,
        params={
            "token": issued.secret,
            "company": company.name,
            "expires_at": issued.token.expires_at.isoformat(),
        },
        language=user.language,
    )
    audit(
        uow,
        services,
        actor=actor,
        action=action,
        target=user_ref(user.id),
        company_id=company.id,
        after=user,
    )
    return Invitation(user, issued.secret)


def _load_inviter(uow: UnitOfWork, inviter_id: str) -> tuple[User, Company]:
    inviter = load_user(uow, inviter_id)
    company = load_open_company(uow, inviter.company_id)
    can(inviter.actor(company), Action.MANAGE_USERS, Target.company(company.id)).require(
        Action.MANAGE_USERS
    )
    return inviter, company


def invite_user(
    services: AccountServices,
    inviter_id: str,
    *,
    email: str,
    role: Role = Role.EMPLOYEE,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    language: Language = "de",
) -> Invitation:
    """Invite a new user of the inviter's company; a 90-day link goes out by mail.

    Raises:
        ActionNotAllowedError: the inviter may not manage users.
        InvalidEmailAddressError, EmailOutsideCompanyDomainsError, EmailTakenError: the address.
        UserLimitReachedError: the company has as many users as it may.
        CompanyClosedError: the company is closed.

    References:
        seed 001, seed 000 (user limit outside the service group).
    """
    with services.unit_of_work() as uow:
        inviter, company = _load_inviter(uow, inviter_id)
        invitation = create_invitation(
            uow,
            services,
            company,
            actor=user_ref(inviter.id),
            email=email,
            role=role,
            title=title,
            first_name=first_name,
            last_name=last_name,
            language=language,
        )
        uow.commit()
    return invitation


def resend_invitation(services: AccountServices, inviter_id: str, user_id: str) -> Invitation:
    """Send a new invitation link; the old link stops working.

    Raises:
        UserStatusError: the user has already accepted.
        UserNotFoundError: no such user in the inviter's company.
    """
    with services.unit_of_work() as uow:
        inviter, company = _load_inviter(uow, inviter_id)
        can(inviter.actor(company), Action.MANAGE_USERS, Target.company(company.id)).require(
            Action.MANAGE_USERS
        )
        user = load_company_user(uow, user_id, company.id)
        if user.status is not UserStatus.INVITED:
            raise UserStatusError(user.id, str(user.status))
        invitation = _send_invitation(
            uow, services, company, user, actor=user_ref(inviter.id), action="user.reinvited"
        )
        uow.commit()
    return invitation


def accept_invitation(
    services: AccountServices,
    secret: str,
    *,
    first_name: str,
    last_name: str,
    password: str,
    title: str | None = None,
) -> User:
    """Accept an invitation: set names and password; the account is active at once.

    If the company has no active administrator yet, the new user becomes its administrator
    (and a company that needed one is active again). No session is started: the user logs in
    next (seed 001: "werden Sie automatisch auf eine Anmeldemaske weitergeleitet").

    Raises:
        InvalidTokenError, TokenExpiredError: the link.
        CompanyClosedError: the company was closed meanwhile.
        PortalkitError: the password policy's rejection.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        token = redeem_token(uow.tokens, secret, purposes=(TokenPurpose.INVITATION,), now=now)
        user = uow.users.get(token.user_id)
        if user is None or user.status is not UserStatus.INVITED:
            raise InvalidTokenError(TokenPurpose.INVITATION)
        company = load_open_company(uow, user.company_id)
        named = attrs.evolve(
            user,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            title=user.title if title is None else title.strip(),
        )
        services.password_policy.validate(
            password, context=password_context(named, company), hasher=services.hasher
        )
        first_administrator = not has_active_administrator(uow, company.id)
        accepted = attrs.evolve(
            named,
            status=UserStatus.ACTIVE,
            password_hash=services.hasher.hash(password),
            last_activity=now,
            role=Role.ADMINISTRATOR if first_administrator else user.role,
        )
        uow.users.save(accepted)
        audit(
            uow,
            services,
            actor=user_ref(user.id),
            action="user.invitation_accepted",
            target=user_ref(user.id),
            company_id=company.id,
            before=user,
            after=accepted,
        )
        if first_administrator and company.status is CompanyStatus.NEEDS_ADMINISTRATOR:
            active = attrs.evolve(company, status=CompanyStatus.ACTIVE)
            uow.companies.save(active)
            audit(
                uow,
                services,
                actor=user_ref(user.id),
                action="company.administrator_found",
                target=company_ref(company.id),
                company_id=company.id,
                before=company,
                after=active,
            )
        uow.commit()
    return accepted
