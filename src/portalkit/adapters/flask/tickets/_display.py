"""How ticket pages name states, priorities and authors; shared by customer and operator pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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


def state_name(state: TicketState, *, operator: bool = False) -> str:
    """Return the name of a ticket state in the page's language, as customers or operators
    read it."""
    waiting = (
        gettext("Waiting for the customer") if operator else gettext("Waiting for your answer")
    )
    names = {
        TicketState.NEW: gettext("New"),
        TicketState.OPEN: gettext("In progress"),
        TicketState.WAITING_FOR_CUSTOMER: waiting,
        TicketState.RESOLVED: gettext("Resolved"),
        TicketState.CLOSED: gettext("Closed"),
    }
    return names.get(state, str(state))


def priority_name(priority: Priority) -> str:
    """Return the name of a priority in the page's language."""
    names = {
        Priority.LOW: gettext("Low"),
        Priority.NORMAL: gettext("Normal"),
        Priority.HIGH: gettext("High"),
        Priority.URGENT: gettext("Urgent"),
    }
    return names.get(priority, str(priority))


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
