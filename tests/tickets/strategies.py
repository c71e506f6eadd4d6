"""Shared hypothesis strategies and test doubles for the ticket tests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hypothesis import strategies as st

from portalkit.tickets.lifecycle import ActorKind
from portalkit.tickets.model import Actor, Priority, Ticket, open_ticket
from portalkit.tickets.references import ReferenceNumber
from portalkit.tickets.visibility import TicketViewer


class MemoryReferenceCounter:
    """A reference counter held in a dict, as a storage adapter would hold it in a table."""

    def __init__(self) -> None:
        self.last: defaultdict[int, int] = defaultdict(int)

    def next_value(self, year: int) -> int:
        self.last[year] += 1
        return self.last[year]


references = st.builds(
    ReferenceNumber,
    year=st.integers(min_value=1000, max_value=9999),
    sequence=st.one_of(
        st.integers(min_value=1, max_value=999_999),
        st.integers(min_value=1_000_000, max_value=10**12),
    ),
)

instants = st.datetimes(
    min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=dt.datetime(2035, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)


AT = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
"""Monday 3 March 2025, 10:00 in Berlin: a working morning."""

COMPANY = "acme"
OTHER_COMPANY = "globex"
REQUESTER = "anna"
COLLEAGUE = "bernd"
AGENT_ID = "olga"


def new_ticket(
    sequence: int = 1,
    *,
    company_id: str = COMPANY,
    requester_id: str = REQUESTER,
    at: dt.datetime = AT,
    priority: Priority = Priority.NORMAL,
) -> Ticket:
    return open_ticket(
        ReferenceNumber(2025, sequence),
        company_id=company_id,
        requester_id=requester_id,
        subject="Heizung im 2. OG fällt aus",
        body="Seit heute Morgen bleibt es kalt.",
        at=at,
        priority=priority,
    )


customer = Actor(ActorKind.CUSTOMER, REQUESTER)
agent = Actor(ActorKind.AGENT, AGENT_ID)

roles = st.sampled_from(["administrator", "manager", "employee", "guest", "operator", "unknown"])
viewers = st.builds(
    TicketViewer,
    user_id=st.sampled_from([REQUESTER, COLLEAGUE, AGENT_ID]),
    company_id=st.sampled_from([COMPANY, OTHER_COMPANY, None]),
    role=roles,
)
tickets = st.builds(
    new_ticket,
    sequence=st.integers(min_value=1, max_value=999),
    company_id=st.sampled_from([COMPANY, OTHER_COMPANY]),
    requester_id=st.sampled_from([REQUESTER, COLLEAGUE]),
    priority=st.sampled_from(Priority),
)
