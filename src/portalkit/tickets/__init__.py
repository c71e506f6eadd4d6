"""Tickets: reference numbers, the lifecycle's transition table, conversations and SLA clocks.

References:
    seed 002 (ticket system, reference number, archive); seed 000 (support hours, feedback);
    DOMAIN.md section 4.
"""

from __future__ import annotations

from portalkit.tickets.lifecycle import (
    DEFAULT_REOPEN_WINDOW,
    TRANSITIONS,
    ActorKind,
    Condition,
    LifecycleRules,
    ReopenWindowExpiredError,
    TicketAction,
    TicketState,
    Transition,
    TransitionNotAllowedError,
    allowed_actions,
    find_transition,
    next_state,
    transition_diagram_mermaid,
    transition_table_markdown,
)
from portalkit.tickets.references import (
    InvalidReferenceNumberError,
    ReferenceCounter,
    ReferenceNumber,
    check_digits,
    issue_reference,
)

__all__ = [
    "DEFAULT_REOPEN_WINDOW",
    "TRANSITIONS",
    "ActorKind",
    "Condition",
    "InvalidReferenceNumberError",
    "LifecycleRules",
    "ReferenceCounter",
    "ReferenceNumber",
    "ReopenWindowExpiredError",
    "TicketAction",
    "TicketState",
    "Transition",
    "TransitionNotAllowedError",
    "allowed_actions",
    "check_digits",
    "find_transition",
    "issue_reference",
    "next_state",
    "transition_diagram_mermaid",
    "transition_table_markdown",
]
