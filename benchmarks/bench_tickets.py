"""Benchmark ticket reference numbers against python-stdnum and SLA evaluation by history length.

Run: .venv/bin/python benchmarks/bench_tickets.py [scale]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import timeit
from collections.abc import Callable

from stdnum.iso7064 import mod_97_10

from portalkit.tickets import (
    Actor,
    ActorKind,
    AroundTheClock,
    ReferenceNumber,
    Ticket,
    TicketAction,
    act,
    check_digits,
    open_ticket,
    sla_status,
)


def best_per_call(function: Callable[[], object], calls: int) -> float:
    """Best of three runs, in microseconds per call."""
    return min(timeit.repeat(function, number=1, repeat=3)) / calls * 1e6


def long_ticket(replies: int) -> Ticket:
    start = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    agent = Actor(ActorKind.AGENT, "olga")
    customer = Actor(ActorKind.CUSTOMER, "anna")
    ticket = open_ticket(
        ReferenceNumber(2025, 1),
        company_id="acme",
        requester_id="anna",
        subject="Störung",
        body="Bitte prüfen.",
        at=start,
    )
    ticket = act(ticket, TicketAction.ASSIGN, agent, at=start, assignee_id="olga")
    for index in range(replies):
        at = start + dt.timedelta(minutes=10 * (index + 1))
        if index % 2:
            ticket = act(ticket, TicketAction.REPLY, customer, at=at, body="Antwort")
        else:
            ticket = act(ticket, TicketAction.ASK_CUSTOMER, agent, at=at, body="Frage")
    return ticket


def main(scale: int = 20_000) -> list[tuple[str, float, float]]:
    rng = random.Random(7)
    payloads = [f"{rng.randint(1000, 9999)}{rng.randint(1, 999_999):06d}" for _ in range(scale)]
    texts = [str(ReferenceNumber(int(p[:4]), int(p[4:]))) for p in payloads]
    compact = [text.replace("-", "")[1:] for text in texts]

    rows = [
        (
            "check digits",
            best_per_call(lambda: [check_digits(p) for p in payloads], scale),
            best_per_call(lambda: [mod_97_10.calc_check_digits(p) for p in payloads], scale),
        ),
        (
            "parse + validate",
            best_per_call(lambda: [ReferenceNumber.parse(t) for t in texts], scale),
            best_per_call(lambda: [mod_97_10.validate(c) for c in compact], scale),
        ),
    ]
    print(f"{'operation':<20} {'portalkit µs':>13} {'stdnum µs':>11} {'ratio':>7}")
    for name, ours, theirs in rows:
        print(f"{name:<20} {ours:>13.2f} {theirs:>11.2f} {ours / theirs:>7.2f}")

    clock = AroundTheClock()
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    print()
    print(f"{'sla_status, events':<20} {'µs per call':>13}")
    for events in (10, 100, max(10, scale // 20)):
        ticket = long_ticket(events)
        per_call = best_per_call(lambda t=ticket: sla_status(t, now, clock), 1)
        print(f"{events:<20} {per_call:>13.1f}")
    return rows


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
