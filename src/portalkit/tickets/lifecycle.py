"""The ticket lifecycle: one transition table, checked in one place, rendered for the docs.

Every change of a ticket's state is a row of :data:`TRANSITIONS`: in this state, this action by
this kind of actor leads to that state, sometimes under a condition. :func:`next_state` is the
only place that reads the table; whatever it does not list is refused with
:class:`TransitionNotAllowedError`. The documentation's table and state diagram are rendered
from the same rows (:func:`transition_table_markdown`, :func:`transition_diagram_mermaid`).

References:
    seed 002 (tickets are viewed and closed by the customer at any time, closed tickets stay in
    the archive); DOMAIN.md section 4.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from portalkit._errors import ConflictError, InvalidValueError
from portalkit._i18n import DEFAULT_LANGUAGE, Language, render
from portalkit.clock import require_aware


class TicketState(enum.StrEnum):
    """The state of a ticket.

    References:
        seed 002; DOMAIN.md section 4.
    """

    NEW = "new"
    """Submitted, nobody of the service company has taken it yet (the queue)."""
    OPEN = "open"
    """Assigned to a processor and in progress."""
    WAITING_FOR_CUSTOMER = "waiting_for_customer"
    """The processor asked the customer and waits for the answer; SLA clocks stop."""
    RESOLVED = "resolved"
    """The processor considers it solved; the customer may confirm (close) or reopen."""
    CLOSED = "closed"
    """Finished; stays readable in the archive (seed 002)."""


class TicketAction(enum.StrEnum):
    """Something an actor does to a ticket that may change its state.

    References:
        seed 002; DOMAIN.md section 4.
    """

    ASSIGN = "assign"
    """Give the ticket to a processor of the service company (again)."""
    REPLY = "reply"
    """Write a message the other side sees."""
    ASK_CUSTOMER = "ask_customer"
    """Ask the customer a question and wait for the answer."""
    RESOLVE = "resolve"
    """Mark the ticket as solved."""
    CLOSE = "close"
    """Close the ticket; the customer may do so at any time (seed 002)."""
    AUTO_CLOSE = "auto_close"
    """Close a resolved or waiting ticket after the customer stayed silent."""
    REOPEN = "reopen"
    """Open a resolved or closed ticket again."""


class ActorKind(enum.StrEnum):
    """Who acts on a ticket: a customer's user, a processor (agent), or the system itself.

    References:
        DOMAIN.md sections 2 and 4 (operators are the service company's staff).
    """

    CUSTOMER = "customer"
    """A user of the customer company."""
    AGENT = "agent"
    """A processor (operator) of the service company."""
    SYSTEM = "system"
    """portalkit itself, in scheduled steps."""


class Condition(enum.StrEnum):
    """An extra condition a row of the transition table has besides state, action and actor."""

    WITHIN_REOPEN_WINDOW = "within_reopen_window"
    """The ticket was closed no longer ago than the reopen window (default 14 days)."""


@attrs.frozen
class Transition:
    """One row of the transition table.

    References:
        seed 002; DOMAIN.md section 4.
    """

    source: TicketState
    action: TicketAction
    actor: ActorKind
    target: TicketState
    condition: Condition | None = None


def _rows(
    source: TicketState,
    action: TicketAction,
    actors: Iterable[ActorKind],
    target: TicketState,
    condition: Condition | None = None,
) -> tuple[Transition, ...]:
    return tuple(Transition(source, action, actor, target, condition) for actor in actors)


_S = TicketState
_A = TicketAction
_CUSTOMER, _AGENT, _SYSTEM = ActorKind.CUSTOMER, ActorKind.AGENT, ActorKind.SYSTEM

TRANSITIONS: Final[tuple[Transition, ...]] = (
    # A new ticket waits in the queue until a processor takes it or the system assigns it.
    *_rows(_S.NEW, _A.ASSIGN, (_AGENT, _SYSTEM), _S.OPEN),
    *_rows(_S.NEW, _A.REPLY, (_CUSTOMER,), _S.NEW),
    *_rows(_S.NEW, _A.CLOSE, (_CUSTOMER, _AGENT), _S.CLOSED),
    *_rows(_S.OPEN, _A.ASSIGN, (_AGENT, _SYSTEM), _S.OPEN),
    *_rows(_S.OPEN, _A.REPLY, (_CUSTOMER, _AGENT), _S.OPEN),
    *_rows(_S.OPEN, _A.ASK_CUSTOMER, (_AGENT,), _S.WAITING_FOR_CUSTOMER),
    *_rows(_S.OPEN, _A.RESOLVE, (_AGENT,), _S.RESOLVED),
    *_rows(_S.OPEN, _A.CLOSE, (_CUSTOMER, _AGENT), _S.CLOSED),
    *_rows(_S.WAITING_FOR_CUSTOMER, _A.ASSIGN, (_AGENT, _SYSTEM), _S.WAITING_FOR_CUSTOMER),
    # The customer's answer hands the ticket back; an agent's addition keeps waiting.
    *_rows(_S.WAITING_FOR_CUSTOMER, _A.REPLY, (_CUSTOMER,), _S.OPEN),
    *_rows(_S.WAITING_FOR_CUSTOMER, _A.REPLY, (_AGENT,), _S.WAITING_FOR_CUSTOMER),
    *_rows(_S.WAITING_FOR_CUSTOMER, _A.RESOLVE, (_AGENT,), _S.RESOLVED),
    *_rows(_S.WAITING_FOR_CUSTOMER, _A.CLOSE, (_CUSTOMER, _AGENT), _S.CLOSED),
    *_rows(_S.WAITING_FOR_CUSTOMER, _A.AUTO_CLOSE, (_SYSTEM,), _S.CLOSED),
    *_rows(_S.RESOLVED, _A.REOPEN, (_CUSTOMER, _AGENT), _S.OPEN),
    *_rows(_S.RESOLVED, _A.CLOSE, (_CUSTOMER, _AGENT), _S.CLOSED),
    *_rows(_S.RESOLVED, _A.AUTO_CLOSE, (_SYSTEM,), _S.CLOSED),
    # After the window a customer opens a follow-up ticket instead; agents may always reopen.
    *_rows(_S.CLOSED, _A.REOPEN, (_CUSTOMER,), _S.OPEN, Condition.WITHIN_REOPEN_WINDOW),
    *_rows(_S.CLOSED, _A.REOPEN, (_AGENT,), _S.OPEN),
)
"""The transition table: every allowed (state, action, actor kind) and where it leads.

References:
    seed 002; DOMAIN.md section 4.
"""

_INDEX: Final[Mapping[tuple[TicketState, TicketAction, ActorKind], Transition]] = MappingProxyType(
    {(row.source, row.action, row.actor): row for row in TRANSITIONS}
)
if len(_INDEX) != len(TRANSITIONS):  # pragma: no cover - guards edits of the table
    msg = "the transition table lists a (state, action, actor) twice"
    raise RuntimeError(msg)

DEFAULT_REOPEN_WINDOW: Final = dt.timedelta(days=14)
"""How long after closing a customer may reopen a ticket."""


@attrs.frozen
class LifecycleRules:
    """The configurable parts of the lifecycle.

    Args:
        reopen_window: how long after closing a customer may reopen (default 14 days,
            counted as 14 × 24 hours); afterwards only a follow-up ticket.
    """

    reopen_window: dt.timedelta = attrs.field(default=DEFAULT_REOPEN_WINDOW)

    @reopen_window.validator
    def _check_window(self, attribute: attrs.Attribute[dt.timedelta], value: dt.timedelta) -> None:
        if value < dt.timedelta(0):
            raise InvalidValueError(field=attribute.name)


def _label(kind: str, value: str, language: Language) -> str:
    from portalkit._messages.tickets import LABELS

    return LABELS[f"{kind}.{value}"].template(language)


class TransitionNotAllowedError(ConflictError):
    """The transition table has no row for this state, action and actor kind.

    Attributes:
        state: the ticket's current state.
        action: the refused action.
        actor: the kind of actor who tried.

    References:
        DOMAIN.md section 4 ("allowed transitions are data ... checked in one place").
    """

    code = "ticket_transition_not_allowed"

    def __init__(
        self,
        state: TicketState,
        action: TicketAction,
        actor: ActorKind,
        code: str | None = None,
        **extra: object,
    ) -> None:
        self.state = state
        self.action = action
        self.actor = actor
        super().__init__(code, state=state, action=action, actor=actor, **extra)

    def message(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return the message for the user in *language*, with states and actions translated."""
        from portalkit._messages import CATALOG

        params = dict(self.params) | {
            "state": _label("state", self.state, language),
            "action": _label("action", self.action, language),
            "actor": _label("actor", self.actor, language),
        }
        return render(CATALOG[self.code], language, params)


class ReopenWindowExpiredError(TransitionNotAllowedError):
    """A customer tried to reopen a ticket closed longer ago than the reopen window.

    The message tells the user to open a follow-up ticket, which links to this one.

    Attributes:
        closed_at: when the ticket was closed.
        deadline: the last instant at which the customer could have reopened it.

    References:
        issue 5 (reopen window, default 14 days; afterwards a follow-up ticket).
    """

    code = "ticket_reopen_window_expired"

    def __init__(self, closed_at: dt.datetime, deadline: dt.datetime) -> None:
        self.closed_at = closed_at
        self.deadline = deadline
        super().__init__(
            TicketState.CLOSED,
            TicketAction.REOPEN,
            ActorKind.CUSTOMER,
            closed_at=closed_at,
            deadline=deadline,
        )


def find_transition(
    state: TicketState, action: TicketAction, actor: ActorKind
) -> Transition | None:
    """Return the table's row for *state*, *action* and *actor*, or ``None`` if there is none."""
    return _INDEX.get((state, action, actor))


def next_state(
    state: TicketState,
    action: TicketAction,
    actor: ActorKind,
    *,
    at: dt.datetime,
    closed_at: dt.datetime | None = None,
    rules: LifecycleRules = LifecycleRules(),
) -> TicketState:
    """Return the state that *action* by *actor* at *at* leads to from *state*.

    This is the one place where the transition table is checked.

    Args:
        state: the ticket's current state.
        action: what the actor does.
        actor: the kind of actor.
        at: when it happens.
        closed_at: when the ticket was last closed; needed to reopen a closed ticket.
        rules: the reopen window.

    Raises:
        TransitionNotAllowedError: if the table has no row for it.
        ReopenWindowExpiredError: if a customer reopens after the reopen window.
        NaiveDatetimeError: if *at* or *closed_at* has no time zone.

    References:
        seed 002; issue 5.
    """
    require_aware(at, "at")
    row = find_transition(state, action, actor)
    if row is None:
        raise TransitionNotAllowedError(state, action, actor)
    if row.condition is Condition.WITHIN_REOPEN_WINDOW:
        if closed_at is None:
            raise InvalidValueError(field="closed_at")
        deadline = require_aware(closed_at, "closed_at") + rules.reopen_window
        if at > deadline:
            raise ReopenWindowExpiredError(closed_at, deadline)
    return row.target


def allowed_actions(state: TicketState, actor: ActorKind) -> tuple[TicketAction, ...]:
    """Return the actions *actor* may try in *state*, in the table's order (for menus).

    Conditions are not evaluated: a customer sees "reopen" on a closed ticket even when the
    window has passed, and learns from :class:`ReopenWindowExpiredError` what to do instead.
    """
    return tuple(
        dict.fromkeys(
            row.action for row in TRANSITIONS if row.source == state and row.actor == actor
        )
    )


_CONDITION_TEXT: Final[Mapping[Condition, str]] = {
    Condition.WITHIN_REOPEN_WINDOW: "within reopen window",
}


def transition_table_markdown(transitions: Iterable[Transition] = TRANSITIONS) -> str:
    """Render the transition table as a Markdown table, one row per allowed transition."""
    lines = [
        "| State | Action | Actor | Next state | Condition |",
        "|---|---|---|---|---|",
    ]
    for row in transitions:
        condition = _CONDITION_TEXT[row.condition] if row.condition else ""
        cells = (f"`{row.source}`", f"`{row.action}`", str(row.actor), f"`{row.target}`", condition)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def transition_diagram_mermaid(transitions: Iterable[Transition] = TRANSITIONS) -> str:
    """Render the transition table as a Mermaid ``stateDiagram-v2``.

    Rows that differ only in the actor share one arrow labelled with the action and its actors.
    """
    grouped: dict[tuple[TicketState, TicketAction, TicketState], list[str]] = {}
    for row in transitions:
        actor = str(row.actor)
        if row.condition:
            actor += f" if {_CONDITION_TEXT[row.condition]}"
        grouped.setdefault((row.source, row.action, row.target), []).append(actor)
    lines = ["stateDiagram-v2", f"    [*] --> {TicketState.NEW}"]
    lines.extend(
        f"    {source} --> {target}: {action} ({', '.join(actors)})"
        for (source, action, target), actors in grouped.items()
    )
    return "\n".join(lines)
