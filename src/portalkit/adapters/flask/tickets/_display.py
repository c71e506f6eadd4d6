"""How ticket pages name states, priorities and authors; shared by customer and operator pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Final

from portalkit.accounts import AccountServices, Company, users_by_id
from portalkit.adapters.flask._text import gettext
from portalkit.adapters.flask.portal import get_portal
from portalkit.tickets import (
    ActorKind,
    Priority,
    SlaStatus,
    Ticket,
    TicketMessage,
    TicketServices,
    TicketState,
    business_clock,
    sla_status,
)
from portalkit.tickets import use_cases as tickets
from portalkit.tickets.use_cases import Who


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
    wanted = set(user_ids)
    if not wanted:
        return {}
    with services.unit_of_work() as uow:
        users = users_by_id(uow, wanted)
    return {user_id: user.display_name or str(user.email) for user_id, user in users.items()}


def companies_of(services: AccountServices, company_ids: Iterable[str]) -> dict[str, Company]:
    """Load the companies *company_ids* in one unit of work (the ones that exist), by id."""
    with services.unit_of_work() as uow:
        found = (uow.companies.get(company_id) for company_id in set(company_ids))
        return {company.id: company for company in found if company is not None}


def with_sla(
    found: Iterable[Ticket], companies: Mapping[str, Company], who: Who
) -> list[tuple[Ticket, SlaStatus]]:
    """Pair each ticket of a list with its SLA clocks now, as :func:`ticket_sla` tells them.

    The core's clocks, computed here from the companies loaded once for the whole list: one
    ``ticket_sla`` call per row would load every ticket, its people and its company again. The
    clocks read the ticket's events, which every viewer's copy has. A ticket whose company is
    not in *companies* is asked of the core, as *who*.
    """
    services = ticket_services()
    settings, now = services.settings, services.now()
    rows: list[tuple[Ticket, SlaStatus]] = []
    for ticket in found:
        company = companies.get(ticket.company_id)
        if company is None:
            sla = tickets.ticket_sla(services, who, ticket.reference)
        else:
            sla = sla_status(ticket, now, business_clock(settings, company), settings.sla_targets)
        rows.append((ticket, sla))
    return rows


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
