"""Who may see which ticket: own, company-wide, or all; another company's tickets do not exist.

The viewer is anything with a user id, a company id and a role name (:class:`Viewer`), so the
accounts model's users plug in without this module knowing them. Refusals are "not found", never
"forbidden": a customer must not learn that a reference number belongs to someone else.

References:
    issue 5 (visibility); DOMAIN.md section 2 (roles: administrator, manager, employee, guest;
    operators are the service company's staff); seed 000 (role descriptions).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Protocol

import attrs

from portalkit._errors import NotFoundError
from portalkit.tickets.lifecycle import ActorKind
from portalkit.tickets.model import Actor, Ticket
from portalkit.tickets.references import ReferenceNumber


class Viewer(Protocol):
    """The person who wants to see tickets, as far as visibility needs to know.

    A role that is a :class:`enum.StrEnum` satisfies ``role: str``.
    """

    @property
    def user_id(self) -> str:
        """The user's id."""
        ...

    @property
    def company_id(self) -> str | None:
        """The user's customer company, or ``None`` for the service company's staff."""
        ...

    @property
    def role(self) -> str:
        """The role name, e.g. ``"manager"``."""
        ...


@attrs.frozen
class TicketViewer:
    """A plain :class:`Viewer` value, for callers without an accounts model and for tests."""

    user_id: str
    company_id: str | None
    role: str


@attrs.frozen
class VisibilityRules:
    """Which roles see which tickets.

    Args:
        agent_roles: roles of the service company's processors; they see every ticket.
        company_roles: customer roles that see all tickets of their company.
        own_roles: customer roles that see the tickets they requested.

    Every other role (e.g. guest) sees no ticket.
    """

    agent_roles: frozenset[str] = frozenset({"operator"})
    company_roles: frozenset[str] = frozenset({"administrator", "manager"})
    own_roles: frozenset[str] = frozenset({"employee"})


DEFAULT_VISIBILITY: Final = VisibilityRules()
"""Operators see all tickets, administrators and managers their company's, employees their own."""


class TicketNotFoundError(NotFoundError):
    """There is no such ticket, or the viewer may not know that it exists.

    References:
        issue 5 ("the answer is 'not found', not 'forbidden'").
    """

    code = "ticket_not_found"

    def __init__(self, reference: ReferenceNumber | str) -> None:
        self.reference = str(reference)
        super().__init__(reference=self.reference)


def actor_kind_of(viewer: Viewer, rules: VisibilityRules = DEFAULT_VISIBILITY) -> ActorKind:
    """Return whether *viewer* acts on tickets as an agent or as a customer."""
    return ActorKind.AGENT if str(viewer.role) in rules.agent_roles else ActorKind.CUSTOMER


def actor_of(viewer: Viewer, rules: VisibilityRules = DEFAULT_VISIBILITY) -> Actor:
    """Return the :class:`~portalkit.tickets.model.Actor` that *viewer* acts as."""
    return Actor(actor_kind_of(viewer, rules), viewer.user_id)


def can_see(viewer: Viewer, ticket: Ticket, rules: VisibilityRules = DEFAULT_VISIBILITY) -> bool:
    """Return whether *viewer* may see *ticket*, closed ones in the archive included.

    References:
        issue 5; seed 002 (closed tickets stay visible in the archive).
    """
    role = str(viewer.role)
    if role in rules.agent_roles:
        return True
    if viewer.company_id is None or viewer.company_id != ticket.company_id:
        return False
    if role in rules.company_roles:
        return True
    return role in rules.own_roles and viewer.user_id == ticket.requester_id


def require_visible(
    viewer: Viewer, ticket: Ticket, rules: VisibilityRules = DEFAULT_VISIBILITY
) -> Ticket:
    """Return *ticket* if *viewer* may see it.

    Raises:
        TicketNotFoundError: if not, exactly as if the ticket did not exist.
    """
    if not can_see(viewer, ticket, rules):
        raise TicketNotFoundError(ticket.reference)
    return ticket


def visible_tickets(
    viewer: Viewer, tickets: Iterable[Ticket], rules: VisibilityRules = DEFAULT_VISIBILITY
) -> list[Ticket]:
    """Return the tickets among *tickets* that *viewer* may see, in their order."""
    return [ticket for ticket in tickets if can_see(viewer, ticket, rules)]
