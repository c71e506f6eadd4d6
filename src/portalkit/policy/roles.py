"""Roles and permissions: who may do what for which company.

Permissions are data (:data:`ROLE_PERMISSIONS`); one function, :func:`can`, answers every access
question with a :class:`Decision` that carries a reason code. Everything not granted is denied.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from portalkit._errors import PermissionDeniedError

__all__ = [
    "AUTHORISATION_ACTIONS",
    "INTERNAL_ONLY_ACTIONS",
    "INTERNAL_ROLE_EXTRAS",
    "OPERATOR_ACTIONS",
    "ROLE_PERMISSIONS",
    "Action",
    "ActionNotAllowedError",
    "Actor",
    "ActorKind",
    "Decision",
    "Role",
    "Target",
    "can",
    "roles_table",
]


class Role(enum.StrEnum):
    """The role of a user inside their company.

    References:
        seed 000 (Administrator, Manager, Mitarbeiter, Gast), seed 001 (Master User = administrator,
        General User = any other role).
    """

    ADMINISTRATOR = "administrator"
    MANAGER = "manager"
    EMPLOYEE = "employee"
    GUEST = "guest"


class Action(enum.StrEnum):
    """Something an actor may want to do in the portal.

    References:
        seed 000 (roles and their areas, internal features), seed 001 (user management),
        seed 002 (tickets, contact data), seed 004 (orders and instructions).
    """

    VIEW_PUBLIC = "view_public"
    VIEW_ORDERS = "view_orders"
    VIEW_DOCUMENTS = "view_documents"
    VIEW_TICKETS = "view_tickets"
    VIEW_INVOICES = "view_invoices"
    VIEW_CONTRACTS = "view_contracts"
    MANAGE_ORDERS = "manage_orders"
    MANAGE_TICKETS = "manage_tickets"
    REQUEST_SERVICE_CHANGE = "request_service_change"
    PLACE_ORDER = "place_order"
    GIVE_INSTRUCTION = "give_instruction"
    MANAGE_MASTER_DATA = "manage_master_data"
    MANAGE_USERS = "manage_users"
    VIEW_ANALYTICS = "view_analytics"
    MANAGE_DEPARTMENTS = "manage_departments"
    USE_API = "use_api"
    CREATE_COMPANY = "create_company"
    CLOSE_COMPANY = "close_company"
    HANDLE_ACCESS_REQUESTS = "handle_access_requests"
    INVITE_FIRST_ADMINISTRATOR = "invite_first_administrator"
    PROVISION_ACCOUNT = "provision_account"
    OVERRIDE_LAST_ADMINISTRATOR = "override_last_administrator"


class ActorKind(enum.StrEnum):
    """Who acts: a customer's user, staff of the service company, or nobody signed in."""

    USER = "user"
    OPERATOR = "operator"
    ANONYMOUS = "anonymous"


_EMPLOYEE = frozenset(
    {Action.VIEW_PUBLIC, Action.VIEW_ORDERS, Action.VIEW_DOCUMENTS, Action.VIEW_TICKETS}
)
_MANAGER = _EMPLOYEE | {
    Action.VIEW_INVOICES,
    Action.VIEW_CONTRACTS,
    Action.MANAGE_ORDERS,
    Action.MANAGE_TICKETS,
    Action.REQUEST_SERVICE_CHANGE,
    Action.PLACE_ORDER,
    Action.GIVE_INSTRUCTION,
}
_ADMINISTRATOR = _MANAGER | {Action.MANAGE_USERS, Action.MANAGE_MASTER_DATA}

ROLE_PERMISSIONS: Final[Mapping[Role, frozenset[Action]]] = MappingProxyType(
    {
        Role.ADMINISTRATOR: _ADMINISTRATOR,
        Role.MANAGER: _MANAGER,
        Role.EMPLOYEE: _EMPLOYEE,
        Role.GUEST: frozenset({Action.VIEW_PUBLIC}),
    }
)
"""What each role may do in its own company (seed 000: administrator everything incl. user
management; manager orders, invoices, documents, tickets, service changes; employee read-only;
guest public information only)."""

INTERNAL_ONLY_ACTIONS: Final[frozenset[Action]] = frozenset(
    {Action.VIEW_ANALYTICS, Action.MANAGE_DEPARTMENTS, Action.USE_API}
)
"""Extended features only internal companies of the service group have (seed 000)."""

INTERNAL_ROLE_EXTRAS: Final[Mapping[Role, frozenset[Action]]] = MappingProxyType(
    {
        Role.ADMINISTRATOR: INTERNAL_ONLY_ACTIONS,
        Role.MANAGER: frozenset({Action.VIEW_ANALYTICS}),
        Role.EMPLOYEE: frozenset(),
        Role.GUEST: frozenset(),
    }
)
"""What a role gets on top in an internal company, before any per-user grant."""

OPERATOR_ACTIONS: Final[frozenset[Action]] = frozenset(
    {
        Action.CREATE_COMPANY,
        Action.CLOSE_COMPANY,
        Action.HANDLE_ACCESS_REQUESTS,
        Action.INVITE_FIRST_ADMINISTRATOR,
        Action.PROVISION_ACCOUNT,
        Action.OVERRIDE_LAST_ADMINISTRATOR,
    }
)
"""Actions only staff of the service company may take (seeds 000, 001)."""

AUTHORISATION_ACTIONS: Final[frozenset[Action]] = frozenset(
    {Action.PLACE_ORDER, Action.GIVE_INSTRUCTION}
)
"""Actions a company reserves for the contacts it authorised (seed 004).

Administrators are authorised implicitly: they may mark themselves anyway.
"""


@attrs.frozen
class Actor:
    """The one who asks, with everything :func:`can` needs to know about them.

    Attributes:
        kind: user, operator or anonymous.
        id: the user's or operator's id (empty for anonymous callers).
        company_id: the user's company.
        role: the user's role.
        active: whether the user's account is usable (active, or only temporarily locked).
        internal: whether the user's company belongs to the service group.
        grants: per-user extra actions; honoured only in internal companies.
        authorised_for: the actions of :data:`AUTHORISATION_ACTIONS` the company entrusted the
            user with.
    """

    kind: ActorKind
    id: str = ""
    company_id: str | None = None
    role: Role | None = None
    active: bool = True
    internal: bool = False
    grants: frozenset[Action] = frozenset()
    authorised_for: frozenset[Action] = frozenset()

    @classmethod
    def operator(cls, operator_id: str) -> Actor:
        """Return a member of the service company's staff as an actor."""
        return cls(ActorKind.OPERATOR, operator_id)

    @classmethod
    def anonymous(cls) -> Actor:
        """Return the caller who is not signed in."""
        return cls(ActorKind.ANONYMOUS)


@attrs.frozen
class Target:
    """What an action is about: a company's data, or nothing company-specific (public)."""

    company_id: str | None = None

    @classmethod
    def company(cls, company_id: str) -> Target:
        """Return the data of company *company_id* as target."""
        return cls(company_id)


PUBLIC: Final = Target()


@attrs.frozen
class Decision:
    """The answer of :func:`can`: allowed or not, and why.

    Reason codes when allowed: ``role``, ``internal_role``, ``grant``, ``operator``, ``public``.
    When denied: ``operator_only``, ``not_signed_in``, ``actor_inactive``, ``other_company``,
    ``internal_only``, ``not_permitted``, ``not_authorised_contact``.
    """

    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed

    def require(self, action: Action) -> None:
        """Raise unless the decision allows *action*.

        Raises:
            ActionNotAllowedError: if the decision denies.
        """
        if not self.allowed:
            raise ActionNotAllowedError(action, self.reason)


class ActionNotAllowedError(PermissionDeniedError):
    """The actor may not take this action; :attr:`reason` is the reason code of the decision."""

    code = "action_not_allowed"

    def __init__(self, action: Action, reason: str) -> None:
        self.action = action
        self.reason = reason
        super().__init__(action=str(action), reason=reason)


def _deny(reason: str) -> Decision:
    return Decision(allowed=False, reason=reason)


def can(actor: Actor, action: Action, target: Target = PUBLIC) -> Decision:
    """Decide whether *actor* may take *action* on *target*; deny by default.

    Args:
        actor: who asks.
        action: what they want to do.
        target: whose data it concerns; a user may act only on their own company's data.

    Returns:
        A :class:`Decision` with a reason code.

    References:
        DOMAIN.md §2; seed 000 (roles, internal customers' granular permissions), seed 001
        (master users manage users; operators act for the company), seed 004 (authorised
        contacts).
    """
    if action in OPERATOR_ACTIONS:
        if actor.kind is ActorKind.OPERATOR:
            return Decision(allowed=True, reason="operator")
        return _deny("operator_only")
    if actor.kind is ActorKind.OPERATOR:
        return Decision(allowed=True, reason="operator")
    if actor.kind is ActorKind.ANONYMOUS or actor.role is None:
        if action is Action.VIEW_PUBLIC and target.company_id is None:
            return Decision(allowed=True, reason="public")
        return _deny("not_signed_in")
    if not actor.active:
        return _deny("actor_inactive")
    if target.company_id is not None and target.company_id != actor.company_id:
        return _deny("other_company")
    if action in INTERNAL_ONLY_ACTIONS and not actor.internal:
        return _deny("internal_only")
    reason = "role"
    if action not in ROLE_PERMISSIONS[actor.role]:
        if actor.internal and action in INTERNAL_ROLE_EXTRAS[actor.role]:
            reason = "internal_role"
        elif actor.internal and action in actor.grants:
            reason = "grant"
        else:
            return _deny("not_permitted")
    if (
        action in AUTHORISATION_ACTIONS
        and actor.role is not Role.ADMINISTRATOR
        and action not in actor.authorised_for
    ):
        return _deny("not_authorised_contact")
    return Decision(allowed=True, reason=reason)


def roles_table() -> str:
    """Render :data:`ROLE_PERMISSIONS` as a Markdown table (rows: actions; columns: roles).

    ``x`` marks a permission of the role, ``i`` one that only internal companies' users of the
    role have, ``a`` one that also needs the company's authorisation (seed 004).
    """
    roles = list(Role)
    lines = [
        "| action | " + " | ".join(str(role) for role in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for action in Action:
        if action in OPERATOR_ACTIONS:
            continue
        cells = []
        for role in roles:
            if action in ROLE_PERMISSIONS[role]:
                needs = action in AUTHORISATION_ACTIONS and role is not Role.ADMINISTRATOR
                cells.append("a" if needs else "x")
            elif action in INTERNAL_ROLE_EXTRAS[role]:
                cells.append("i")
            else:
                cells.append("")
        lines.append(f"| {action} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
