"""How ticket pages name states, priorities and authors; shared by customer and operator pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Final

from portalkit.accounts import AccountServices
from portalkit.adapters.flask._text import gettext
from portalkit.adapters.flask.portal import get_portal
from portalkit.tickets import ActorKind, Priority, TicketMessage, TicketServices, TicketState


def ticket_services() -> TicketServices:
    """Return the ticket services of the current portal.

    Raises:
        RuntimeError: the portal was built without tickets.
    """
    services = get_portal().tickets
    if services is None:
        msg = "this portal has no ticket services (Portal.tickets is None)"
        raise RuntimeError(msg)
    return services


# Functions, not texts: a list page names many tickets, and each name is translated only when
# it is asked for (one look-up per row instead of one per known state).
_STATE_NAMES: Final[Mapping[TicketState, Callable[[], str]]] = {
    TicketState.NEW: lambda: gettext("New"),
    TicketState.OPEN: lambda: gettext("In progress"),
    TicketState.RESOLVED: lambda: gettext("Resolved"),
    TicketState.CLOSED: lambda: gettext("Closed"),
}
_PRIORITY_NAMES: Final[Mapping[Priority, Callable[[], str]]] = {
    Priority.LOW: lambda: gettext("Low"),
    Priority.NORMAL: lambda: gettext("Normal"),
    Priority.HIGH: lambda: gettext("High"),
    Priority.URGENT: lambda: gettext("Urgent"),
}


def state_name(state: TicketState, *, operator: bool = False) -> str:
    """Return the name of a ticket state in the page's language, as customers or operators
    read it."""
    if state is TicketState.WAITING_FOR_CUSTOMER:
        customer = gettext("Waiting for your answer")
        return gettext("Waiting for the customer") if operator else customer
    name = _STATE_NAMES.get(state)
    return str(state) if name is None else name()


def priority_name(priority: Priority) -> str:
    """Return the name of a priority in the page's language."""
    name = _PRIORITY_NAMES.get(priority)
    return str(priority) if name is None else name()


def user_names(services: AccountServices, user_ids: Iterable[str]) -> Mapping[str, str]:
    """Return the display names of the users *user_ids* (their address if they have no name)."""
    names: dict[str, str] = {}
    with services.unit_of_work() as uow:
        for user_id in set(user_ids):
            user = uow.users.get(user_id)
            if user is not None:
                names[user_id] = user.display_name or str(user.email)
    return names


def author_name(
    message: TicketMessage, names: Mapping[str, str], agents: Mapping[str, str] | None = None
) -> str:
    """Return who wrote *message*: the customer's name, or the service team.

    Customers read "service team" for every processor; operators pass the processors' names
    as *agents* and see who it was.
    """
    author = message.author
    if author.kind is ActorKind.CUSTOMER:
        return names.get(author.user_id or "", gettext("Customer"))
    if author.kind is ActorKind.AGENT and agents is not None:
        name = agents.get(author.user_id or "", author.user_id or "")
        return gettext("Service team (%(name)s)", name=name)
    if author.kind is ActorKind.AGENT:
        return gettext("Service team")
    return gettext("Portal")
