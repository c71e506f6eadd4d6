"""The operators' ticket queue under ``/betrieb/tickets/``: assign, answer, note, ask, resolve.

Operators (processors of the service company, signed in on their own login) see every
company's tickets, internal notes included. The core decides what each step needs: a new
ticket is assigned before anyone answers it, questions pause the SLA, only open or waiting
tickets can be resolved. Customers' sessions do not reach these pages.

References:
    seed 002 ("dem zuständigen Verarbeiter zur Bearbeitung zugewiesen"); DOMAIN.md section 4;
    issue 5 (queue of unassigned tickets, internal notes); issue 7.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField

# types-wtforms predates SelectChoice (wtforms 3.3), which replaces the deprecated tuples.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, Length

from portalkit._errors import PortalkitError
from portalkit.adapters.flask._forms import TOO_LONG, Refusal, refusal
from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.errors import status_of
from portalkit.adapters.flask.operator import operator_required
from portalkit.adapters.flask.operator import signed_in_operator as me
from portalkit.adapters.flask.sessions import account_services
from portalkit.adapters.flask.tickets._display import (
    author_name,
    companies_of,
    priority_name,
    state_name,
    ticket_services,
    user_names,
    with_sla,
)
from portalkit.tickets import (
    ReferenceNumber,
    SlaStatus,
    Ticket,
    TicketAction,
)
from portalkit.tickets import use_cases as tickets
from portalkit.tickets.model import MAX_BODY_LENGTH

__all__ = ["bp"]

bp = Blueprint(
    "operator_tickets", __name__, url_prefix="/betrieb/tickets", template_folder="templates"
)

_REFERENCE = "<string(maxlength=64):reference>"
PAGE_SIZE = 25
"""Tickets per page of the list of all open tickets."""

QUEUE_SIZE = 50
"""Unassigned tickets shown at once, most urgent and oldest first."""


def _text(message: Any, *, required: bool = True) -> list[Any]:
    length = Length(max=MAX_BODY_LENGTH, message=TOO_LONG)
    return [DataRequired(message=message), length] if required else [length]


class AssignForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """To whom the ticket goes: any active operator, the signed-in one by default."""

    assignee = SelectField(lazy_gettext("Processor"))


class MessageForm(FlaskForm):  # type: ignore[misc]
    """A reply to the customer, a question, or an internal note."""

    body = TextAreaField(
        lazy_gettext("Message"), validators=_text(lazy_gettext("Please write a message."))
    )


class ResolveForm(FlaskForm):  # type: ignore[misc]
    """Resolve with an optional message to the customer."""

    note = TextAreaField(
        lazy_gettext("Message to the customer (optional)"), validators=_text(None, required=False)
    )


def _operator_names() -> dict[str, str]:
    with account_services().unit_of_work() as uow:
        return {account.id: account.name for account in uow.operators.all() if account.active}


def _list(
    *, archived: bool, error: Refusal | None = None, status: int = 200
) -> ResponseReturnValue:
    services = ticket_services()
    text = request.args.get("nach")
    after = None if not text else ReferenceNumber.parse(text)
    page = tickets.list_tickets(services, me(), archived=archived, after=after, limit=PAGE_SIZE)
    waiting = [] if archived else tickets.unassigned_queue(services, me(), limit=QUEUE_SIZE)
    companies = companies_of(
        account_services(), (ticket.company_id for ticket in (*waiting, *page.tickets))
    )
    queue = with_sla(waiting, companies, me())
    listed: list[tuple[Ticket, SlaStatus | None]] = [(ticket, None) for ticket in page.tickets]
    if not archived:
        listed = [*with_sla(page.tickets, companies, me())]
    rendered = render_template(
        "operator_tickets/index.html",
        archived=archived,
        queue=queue,
        listed=listed,
        next_after=page.next_after,
        companies={key: company.name for key, company in companies.items()},
        operators=_operator_names(),
        error=error,
        looked_up=request.args.get("referenz", ""),
        state_name=lambda state: state_name(state, operator=True),
        priority_name=priority_name,
    )
    return rendered, status


@bp.get("/")
@operator_required
def index() -> ResponseReturnValue:
    """Show the queue of unassigned tickets and every open ticket, each with its SLA clocks."""
    return _list(archived=False)


@bp.get("/archiv/")
@operator_required
def archive() -> ResponseReturnValue:
    """List the closed tickets of every company, newest first."""
    return _list(archived=True)


@bp.get("/suchen")
@operator_required
def find() -> ResponseReturnValue:
    """Go to a ticket by its reference number, as a customer reads it out on the phone."""
    text = request.args.get("referenz", "").strip()
    if not text:
        error = Refusal(gettext("Please enter a reference number."))
        return _list(archived=False, error=error, status=400)
    try:
        reference = ReferenceNumber.parse(text)
    except PortalkitError as refused:
        return _list(archived=False, error=refusal(refused), status=status_of(refused))
    return redirect(url_for("operator_tickets.detail", reference=str(reference)), 303)


def _assign_form(current: str | None) -> AssignForm:
    form = AssignForm(prefix="assign")
    names = _operator_names()
    form.assignee.choices = [SelectChoice(key, name) for key, name in sorted(names.items())]
    if not form.is_submitted():
        form.assignee.data = current or me().id
    return form


def _detail(
    reference: str,
    forms: Mapping[str, FlaskForm] | None = None,
    error: Refusal | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    view = tickets.show_ticket(ticket_services(), me(), reference)
    ticket = view.ticket
    given = dict(forms or {})
    operators = _operator_names()
    names = user_names(
        account_services(),
        [ticket.requester_id]
        + [message.author.user_id for message in ticket.messages if message.author.user_id],
    )
    page = render_template(
        "operator_tickets/detail.html",
        view=view,
        ticket=ticket,
        sla=view.sla,
        error=error,
        names=names,
        company=companies_of(account_services(), [ticket.company_id]).get(ticket.company_id),
        operators=operators,
        assign=given.get("assign") or _assign_form(ticket.assignee_id),
        reply=given.get("reply") or MessageForm(prefix="reply"),
        ask=given.get("ask") or MessageForm(prefix="ask"),
        note=given.get("note") or MessageForm(prefix="note"),
        resolve=given.get("resolve") or ResolveForm(prefix="resolve"),
        may=lambda action: TicketAction(action) in view.actions,
        state_name=lambda state: state_name(state, operator=True),
        priority_name=priority_name,
        author=lambda message: author_name(message, names, operators),
    )
    return page, status


@bp.get(f"/{_REFERENCE}")
@operator_required
def detail(reference: str) -> ResponseReturnValue:
    """Show a ticket with its whole conversation, internal notes marked, and the next steps."""
    canonical = str(ReferenceNumber.parse(reference))
    if canonical != reference:
        return redirect(url_for("operator_tickets.detail", reference=canonical), 303)
    return _detail(reference)


def _step(
    reference: str,
    key: str,
    form: FlaskForm,
    call: Callable[[], object],
    done: Callable[[], str],
) -> ResponseReturnValue:
    """Take one step on a ticket: check *form* (shown again under *key* if refused), ask the
    core, then show the ticket with *done*'s message, or the refusal, having written nothing."""
    if not form.validate_on_submit():
        return _detail(reference, {key: form}, status=400)
    try:
        call()
    except PortalkitError as refused:
        return _detail(reference, {key: form}, refusal(refused), status_of(refused))
    flash(done(), "success")
    canonical = str(ReferenceNumber.parse(reference))
    return redirect(url_for("operator_tickets.detail", reference=canonical), 303)


@bp.post(f"/{_REFERENCE}/zuweisen")
@operator_required
def assign(reference: str) -> ResponseReturnValue:
    """Give the ticket to a processor; a new ticket leaves the queue and is in progress."""
    form = _assign_form(None)
    return _step(
        reference,
        "assign",
        form,
        lambda: tickets.assign(ticket_services(), me(), reference, form.assignee.data),
        lambda: gettext(
            "The ticket is assigned to %(name)s.",
            name=_operator_names().get(form.assignee.data, form.assignee.data),
        ),
    )


def _message_step(
    reference: str, key: str, use_case: Callable[..., object], done: str
) -> ResponseReturnValue:
    form = MessageForm(prefix=key)
    return _step(
        reference,
        key,
        form,
        lambda: use_case(ticket_services(), me(), reference, form.body.data or ""),
        lambda: done,
    )


@bp.post(f"/{_REFERENCE}/antworten")
@operator_required
def reply(reference: str) -> ResponseReturnValue:
    """Answer the customer; the requester gets a mail."""
    return _message_step(
        reference, "reply", tickets.reply, gettext("The answer is sent to the customer.")
    )


@bp.post(f"/{_REFERENCE}/rueckfrage")
@operator_required
def ask(reference: str) -> ResponseReturnValue:
    """Ask the customer; the ticket waits for the answer and its resolution clock pauses."""
    return _message_step(
        reference,
        "ask",
        tickets.ask_customer,
        gettext("The question is sent; the ticket waits for the customer."),
    )


@bp.post(f"/{_REFERENCE}/notiz")
@operator_required
def note(reference: str) -> ResponseReturnValue:
    """Add an internal note: processors only, the customer never sees it, nobody is mailed."""
    return _message_step(
        reference, "note", tickets.add_note, gettext("The internal note is saved.")
    )


@bp.post(f"/{_REFERENCE}/loesen")
@operator_required
def resolve(reference: str) -> ResponseReturnValue:
    """Mark the ticket as resolved; the customer is told and may close or reopen it."""
    form = ResolveForm(prefix="resolve")
    return _step(
        reference,
        "resolve",
        form,
        lambda: tickets.resolve(
            ticket_services(), me(), reference, (form.note.data or "").strip() or None
        ),
        lambda: gettext("The ticket is resolved; the customer is told."),
    )
