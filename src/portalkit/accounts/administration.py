"""What a company's administrators do with its users: roles, deactivation, authorisations.

Every change that could take the last active administrator away goes through
:func:`portalkit.accounts.ensure_an_administrator_remains`.

References:
    seed 001 (master users create, deactivate and manage users; any number of them), seed 000
    (roles, granular permissions of internal customers), seed 004 (authorised contacts),
    DOMAIN.md §2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from portalkit._errors import InvalidValueError
from portalkit.accounts._common import (
    check_user_limit,
    ensure_an_administrator_remains,
    erase_personal_data,
    load_company_user,
    load_open_company,
    load_user,
)
from portalkit.accounts._records import audit, user_ref
from portalkit.accounts.errors import GrantsNeedInternalCompanyError, UserStatusError
from portalkit.accounts.model import Company, User, UserStatus
from portalkit.accounts.ports import UnitOfWork
from portalkit.accounts.services import AccountServices
from portalkit.accounts.sessions import end_sessions
from portalkit.accounts.tokens import revoke_tokens
from portalkit.policy.roles import (
    AUTHORISATION_ACTIONS,
    OPERATOR_ACTIONS,
    Action,
    Role,
    Target,
    can,
)


def _manage(
    services: AccountServices,
    actor_id: str,
    user_id: str,
    action: str,
    change: Callable[[UnitOfWork, Company, User], User],
) -> User:
    with services.unit_of_work() as uow:
        admin = load_user(uow, actor_id)
        company = load_open_company(uow, admin.company_id)
        can(admin.actor(company), Action.MANAGE_USERS, Target.company(company.id)).require(
            Action.MANAGE_USERS
        )
        user = load_company_user(uow, user_id, company.id)
        after = change(uow, company, user)
        ensure_an_administrator_remains(uow, user, after)
        uow.users.save(after)
        audit(
            uow,
            services,
            actor=user_ref(admin.id),
            action=action,
            target=user_ref(user.id),
            company_id=company.id,
            before=user,
            after=after,
        )
        uow.commit()
    return after


def list_users(services: AccountServices, actor_id: str) -> list[User]:
    """Return the users of the administrator's company (deleted ones left out), by name."""
    with services.unit_of_work() as uow:
        admin = load_user(uow, actor_id)
        company = load_open_company(uow, admin.company_id)
        can(admin.actor(company), Action.MANAGE_USERS, Target.company(company.id)).require(
            Action.MANAGE_USERS
        )
        users = [
            user
            for user in uow.users.in_company(company.id)
            if user.status is not UserStatus.DELETED
        ]
    return sorted(users, key=lambda user: (user.last_name.casefold(), str(user.email)))


def change_role(services: AccountServices, actor_id: str, user_id: str, role: Role) -> User:
    """Give a user another role.

    Raises:
        ActionNotAllowedError: the actor may not manage users.
        UserNotFoundError: no such user in the actor's company (another company's user is
            not found either).
        LastAdministratorError: it would demote the last active administrator.
    """

    def change(uow: UnitOfWork, company: Company, user: User) -> User:
        return attrs.evolve(user, role=role)

    return _manage(services, actor_id, user_id, "user.role_changed", change)


def deactivate_user(services: AccountServices, actor_id: str, user_id: str) -> User:
    """Deactivate a user (e.g. who left the company); their sessions and links end.

    Raises:
        LastAdministratorError: it would deactivate the last active administrator (seed 001:
            the service company does that).
        UserStatusError: the user is already deactivated.
    """
    now = services.now()

    def change(uow: UnitOfWork, company: Company, user: User) -> User:
        if user.status is UserStatus.DEACTIVATED:
            raise UserStatusError(user.id, str(user.status))
        after = attrs.evolve(user, status=UserStatus.DEACTIVATED)
        end_sessions(uow, user.id, now, "deactivated")
        revoke_tokens(uow.tokens, user_id=user.id, now=now)
        return after

    return _manage(services, actor_id, user_id, "user.deactivated", change)


def reactivate_user(services: AccountServices, actor_id: str, user_id: str) -> User:
    """Make a deactivated user active again (within the user limit).

    A user who never set a password gets no working account from this: they are invited
    again by :func:`portalkit.accounts.invitations.resend_invitation` instead.

    Raises:
        UserStatusError: the user is not deactivated.
        UserLimitReachedError: the company is full.
    """

    def change(uow: UnitOfWork, company: Company, user: User) -> User:
        if user.status is not UserStatus.DEACTIVATED:
            raise UserStatusError(user.id, str(user.status))
        check_user_limit(uow, company)
        status = UserStatus.ACTIVE if user.password_hash is not None else UserStatus.INVITED
        return attrs.evolve(user, status=status, failed_logins=0, locked_until=None)

    return _manage(services, actor_id, user_id, "user.reactivated", change)


def delete_user(services: AccountServices, actor_id: str, user_id: str) -> User:
    """Delete a user's account and personal data.

    Raises:
        LastAdministratorError: it would delete the last active administrator.
    """
    now = services.now()

    def change(uow: UnitOfWork, company: Company, user: User) -> User:
        after = erase_personal_data(user, now)
        end_sessions(uow, user.id, now, "deleted")
        revoke_tokens(uow.tokens, user_id=user.id, now=now)
        return after

    return _manage(services, actor_id, user_id, "user.deleted", change)


def set_authorisations(
    services: AccountServices, actor_id: str, user_id: str, actions: Iterable[Action]
) -> User:
    """Name what a user may order or instruct for the company (authorised contact, seed 004).

    Raises:
        InvalidValueError: an action that is not an authorisation (only ``place_order`` and
            ``give_instruction`` are).
    """
    wanted = frozenset(actions)
    if not wanted <= AUTHORISATION_ACTIONS:
        raise InvalidValueError(field="authorised_for")

    def change(uow: UnitOfWork, company: Company, user: User) -> User:
        return attrs.evolve(user, authorised_for=wanted)

    return _manage(services, actor_id, user_id, "user.authorisations_changed", change)


def set_grants(
    services: AccountServices, actor_id: str, user_id: str, actions: Iterable[Action]
) -> User:
    """Grant single functions to a single user; only internal companies can (seed 000).

    Raises:
        GrantsNeedInternalCompanyError: the company is not internal.
        InvalidValueError: an operator action was named.
    """
    wanted = frozenset(actions)
    if wanted & OPERATOR_ACTIONS:
        raise InvalidValueError(field="grants")

    def change(uow: UnitOfWork, company: Company, user: User) -> User:
        if not company.internal:
            raise GrantsNeedInternalCompanyError(company.id)
        return attrs.evolve(user, grants=wanted)

    return _manage(services, actor_id, user_id, "user.grants_changed", change)
