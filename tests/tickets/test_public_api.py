"""portalkit.tickets exports exactly its documented API, documented and with working examples."""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

import portalkit.tickets

PUBLIC = {
    # ports, wiring and use-case values
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "SupportStatus",
    "TicketAgentsOnlyError",
    "TicketExportSection",
    "TicketMail",
    "TicketPage",
    "TicketRepository",
    "TicketServices",
    "TicketSettings",
    "TicketView",
    "TicketsUnitOfWork",
    "business_clock",
    "office_hours",
    # references
    "InvalidReferenceNumberError",
    "ReferenceCounter",
    "ReferenceNumber",
    "check_digits",
    "issue_reference",
    # lifecycle
    "DEFAULT_REOPEN_WINDOW",
    "TRANSITIONS",
    "ActorKind",
    "Condition",
    "LifecycleRules",
    "ReopenWindowExpiredError",
    "TicketAction",
    "TicketState",
    "Transition",
    "TransitionNotAllowedError",
    "allowed_actions",
    "find_transition",
    "next_state",
    "transition_diagram_mermaid",
    "transition_table_markdown",
    # model
    "MAX_BODY_LENGTH",
    "MAX_FEEDBACK_COMMENT_LENGTH",
    "MAX_SUBJECT_LENGTH",
    "SYSTEM",
    "Actor",
    "Feedback",
    "Priority",
    "Ticket",
    "TicketEvent",
    "TicketMessage",
    "act",
    "add_internal_note",
    "give_feedback",
    "open_follow_up",
    "open_ticket",
    "unassigned_queue",
    "visible_messages",
    # visibility
    "DEFAULT_VISIBILITY",
    "TicketNotFoundError",
    "TicketViewer",
    "Viewer",
    "VisibilityRules",
    "actor_kind_of",
    "actor_of",
    "can_see",
    "require_visible",
    "visible_tickets",
    # sla
    "DEFAULT_SLA_TARGETS",
    "AroundTheClock",
    "BusinessClock",
    "SlaClock",
    "SlaClockState",
    "SlaStatus",
    "SlaTarget",
    "is_first_response",
    "sla_status",
}

MODULES = [
    "portalkit.tickets.lifecycle",
    "portalkit.tickets.model",
    "portalkit.tickets.references",
    "portalkit.tickets.sla",
    "portalkit.tickets.visibility",
]


def test_all_is_exactly_the_public_api() -> None:
    assert set(portalkit.tickets.__all__) == PUBLIC


def test_every_exported_class_and_function_is_documented() -> None:
    for name in portalkit.tickets.__all__:
        obj = getattr(portalkit.tickets, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), f"portalkit.tickets.{name} has no docstring"


@pytest.mark.parametrize("module_name", MODULES)
def test_the_examples_in_docstrings_run(module_name: str) -> None:
    result = doctest.testmod(importlib.import_module(module_name))
    assert result.failed == 0
