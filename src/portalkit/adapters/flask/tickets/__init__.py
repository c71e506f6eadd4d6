"""The customer's ticket pages: open tickets and archive, new ticket, conversation, feedback.

The core decides everything: who sees which ticket (employees their own, managers and
administrators the company's, guests none), which step the ticket's state allows, the reopen
window, the check digits of reference numbers. Another company's ticket answers 404, exactly
like one that does not exist (seed 002, issue 7). Internal notes never reach these pages: the
use cases hand customers tickets without them.

References:
    seed 002 (ticket system, reference number, view and close at any time, archive); seed 000
    (feedback, support hours); DOMAIN.md section 4; issue 7.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

import attrs
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import RadioField, SelectField, StringField, TextAreaField

# types-wtforms predates SelectChoice (wtforms 3.3), which replaces the deprecated tuples.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, InputRequired, Length

from portalkit._errors import PortalkitError
from portalkit.accounts import Company, User
from portalkit.adapters.flask._formatting import moments
from portalkit.adapters.flask._forms import TOO_LONG, Refusal, refusal
from portalkit.adapters.flask._layout import kept_url_for
from portalkit.adapters.flask._pages import render_kept
from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.errors import status_of
from portalkit.adapters.flask.sessions import account_services, login_required, signed_in
from portalkit.adapters.flask.tickets._display import (
    author_name,
    companies_of,
    priority_name,
    state_name,
    ticket_services,
    user_names,
    with_sla,
)
from portalkit.policy.roles import ROLE_PERMISSIONS, Action, ActionNotAllowedError
from portalkit.tickets import (
    Priority,
    ReferenceNumber,
    SlaStatus,
    SupportStatus,
    Ticket,
    TicketAction,
    TicketState,
    TicketSummary,
    TicketSummaryPage,
    TicketView,
)
from portalkit.tickets import use_cases as tickets
from portalkit.tickets.model import (
    MAX_BODY_LENGTH,
    MAX_FEEDBACK_COMMENT_LENGTH,
    MAX_SUBJECT_LENGTH,
)

__all__ = ["DashboardTickets", "bp", "dashboard_tickets"]

bp = Blueprint("tickets", __name__, url_prefix="/tickets", template_folder="templates")

_REFERENCE = "<string(maxlength=64):reference>"
PAGE_SIZE = 20
"""Tickets per page of the lists."""

DASHBOARD_TICKETS = 5
"""Open tickets the dashboard shows; the list has the rest."""


def _priority_choices() -> list[SelectChoice]:
    return [SelectChoice(priority.value, priority_name(priority)) for priority in Priority]


def _text(message: Any, maximum: int) -> list[Any]:
    # DataRequired: text of spaces only counts as empty, so the core's check never fires first.
    return [DataRequired(message=message), Length(max=maximum, message=TOO_LONG)]


class NewTicketForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """A new request to the service company (seed 002: "Anfragen schriftlich einreichen")."""

    subject = StringField(
        lazy_gettext("Subject"),
        validators=_text(lazy_gettext("Please enter a subject."), MAX_SUBJECT_LENGTH),
    )
    body = TextAreaField(
        lazy_gettext("Description of your request"),
        validators=_text(lazy_gettext("Please describe your request."), MAX_BODY_LENGTH),
    )
    priority = SelectField(lazy_gettext("Priority"), default=Priority.NORMAL.value)


class ReplyForm(FlaskForm):  # type: ignore[misc]
    """A message in the ticket's conversation."""

    body = TextAreaField(
        lazy_gettext("Your message"),
        validators=_text(lazy_gettext("Please write a message."), MAX_BODY_LENGTH),
    )


class ReopenForm(FlaskForm):  # type: ignore[misc]
    """Reopen with an optional reason."""

    note = TextAreaField(
        lazy_gettext("Why is it not solved? (optional)"),
        validators=[Length(max=MAX_BODY_LENGTH, message=TOO_LONG)],
    )


class ButtonForm(FlaskForm):  # type: ignore[misc]
    """A button only (close)."""


class FollowUpForm(FlaskForm):  # type: ignore[misc]
    """A new ticket that links to a closed one."""

    body = TextAreaField(
        lazy_gettext("What is still open?"),
        validators=_text(lazy_gettext("Please describe what is still open."), MAX_BODY_LENGTH),
    )


class FeedbackForm(FlaskForm):  # type: ignore[misc]
    """How the ticket was handled, 1 to 5 stars (seed 000: "Feedback geben")."""

    rating = RadioField(
        lazy_gettext("Your rating"),
        choices=[SelectChoice(str(stars), str(stars)) for stars in range(1, 6)],
        validators=[InputRequired(message=lazy_gettext("Please choose 1 to 5 stars."))],
    )
    comment = TextAreaField(
        lazy_gettext("Comment (optional)"),
        validators=[Length(max=MAX_FEEDBACK_COMMENT_LENGTH, message=TOO_LONG)],
    )


@bp.app_context_processor
def _navigation() -> dict[str, object]:
    # Only for the navigation link: the views ask the core, which also honours internal grants.
    user = g.get("user")
    uses = isinstance(user, User) and (
        Action.VIEW_TICKETS in ROLE_PERMISSIONS.get(user.role, frozenset())
        or Action.VIEW_TICKETS in user.grants
    )
    return {"uses_tickets": uses}


def _after() -> ReferenceNumber | None:
    text = request.args.get("nach")
    return None if not text else ReferenceNumber.parse(text)


def _list(
    *, archived: bool, error: Refusal | None = None, status: int = 200
) -> ResponseReturnValue:
    current = signed_in()
    me = current.user
    after = _after()
    looked_up = request.args.get("referenz", "")
    # Read before the list: a change in between makes the page newer than its version, so a
    # page kept under a version never shows older data than that version had.
    version = (
        None
        if error is not None
        else tickets.company_data_version(ticket_services(), me.company_id)
    )

    def load() -> tuple[TicketSummaryPage, Mapping[str, str]]:
        page = tickets.list_ticket_summaries(
            ticket_services(),
            me.id,
            archived=archived,
            after=after,
            limit=PAGE_SIZE,
            as_loaded=current.as_loaded(),
        )
        # The user's own tickets say "you": only the other requesters' names are loaded.
        others = (t.requester_id for t in page.tickets if t.requester_id != me.id)
        return page, user_names(account_services(), others)

    def values(page: TicketSummaryPage, names: Mapping[str, str]) -> dict[str, object]:
        return {
            "page": page,
            "rows": _rows(page.tickets, me.id, names),
            "archived": archived,
            "error": error,
            "looked_up": looked_up,
        }

    if version is not None:
        # What the page shows depends on the company's data (tickets, people) and the user
        # (in the key of every kept page): kept by the version, a page costs no query at all.
        key: Hashable = ("version", me.company_id, version, archived, after, looked_up)
        rendered = render_kept("tickets/index.html", key, lambda: values(*load()))
        return rendered, status
    page, names = load()
    if error is not None:
        return render_template("tickets/index.html", **values(page, names)), status
    # The page shows the summaries, the other requesters' names, who "you" is, whether it is
    # the archive and what was looked up: the same data, the same page (see _pages).
    key = (page, tuple(sorted(names.items())), me.id, archived, looked_up)
    rendered = render_kept("tickets/index.html", key, lambda: values(page, names))
    return rendered, status


# A ticket list row's texts: address, reference number, subject, state, priority, requester
# and last change.
_ListRow = tuple[str, str, str, str, str, str, str]


def _rows(
    summaries: Iterable[TicketSummary], me_id: str, names: Mapping[str, str]
) -> list[_ListRow]:
    # One pass in Python instead of six template calls per row (address, names of state and
    # priority, requester, instant): the rows were a quarter of the page's time. Names of
    # states and priorities are looked up once per page; the template escapes every text.
    you = Markup(gettext("you"))  # as the template's _() gives it: translated, marked safe
    states: dict[TicketState, str] = {}
    priorities: dict[Priority, str] = {}
    rows: list[_ListRow] = []
    moment = moments()
    for ticket in summaries:
        state = states.get(ticket.state)
        if state is None:
            state = states[ticket.state] = state_name(ticket.state)
        priority = priorities.get(ticket.priority)
        if priority is None:
            priority = priorities[ticket.priority] = priority_name(ticket.priority)
        reference = str(ticket.reference)
        requester = ticket.requester_id
        rows.append(
            (
                kept_url_for("tickets.detail", reference=reference),
                reference,
                ticket.subject,
                state,
                priority,
                you if requester == me_id else names.get(requester, "–"),
                moment(ticket.last_change_at),
            )
        )
    return rows


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """List the open tickets the user may see, newest first, a page at a time."""
    return _list(archived=False)


@bp.get("/archiv/")
@login_required
def archive() -> ResponseReturnValue:
    """List the closed tickets: they stay readable in the archive (seed 002)."""
    return _list(archived=True)


@bp.get("/suchen")
@login_required
def find() -> ResponseReturnValue:
    """Go to a ticket by its reference number, typed in any case, with spaces or hyphens."""
    text = request.args.get("referenz", "").strip()
    if not text:
        return _list(
            archived=False, error=Refusal(gettext("Please enter a reference number.")), status=400
        )
    try:
        reference = ReferenceNumber.parse(text)
    except PortalkitError as refused:
        return _list(archived=False, error=refusal(refused), status=status_of(refused))
    return redirect(url_for("tickets.detail", reference=str(reference)), 303)


def _new_page(
    form: NewTicketForm, error: Refusal | None = None, status: int = 200
) -> ResponseReturnValue:
    form.priority.choices = _priority_choices()
    return render_template("tickets/new.html", form=form, error=error), status


@bp.get("/neu")
@login_required
def new() -> ResponseReturnValue:
    """Show the form for a new ticket; guests are refused (the core's decision)."""
    # Asked before the form is shown, so that a guest does not write a text in vain.
    tickets.list_tickets(ticket_services(), signed_in().user.id, limit=1)
    return _new_page(NewTicketForm())


@bp.post("/neu")
@login_required
def create() -> ResponseReturnValue:
    """Open the ticket; its reference number comes from the counter of the year."""
    form = NewTicketForm()
    form.priority.choices = _priority_choices()
    if not form.validate_on_submit():
        return _new_page(form, status=400)
    try:
        ticket = tickets.open_ticket(
            ticket_services(),
            signed_in().user.id,
            subject=form.subject.data or "",
            body=form.body.data or "",
            priority=Priority(form.priority.data),
        )
    except PortalkitError as refused:
        return _new_page(form, refusal(refused), status_of(refused))
    flash(
        gettext(
            "Your ticket %(reference)s is received. Please quote this reference number.",
            reference=str(ticket.reference),
        ),
        "success",
    )
    return redirect(url_for("tickets.detail", reference=str(ticket.reference)), 303)


@attrs.frozen
class _Forms:
    reply: ReplyForm = attrs.field(factory=lambda: ReplyForm(prefix="reply"))
    reopen: ReopenForm = attrs.field(factory=lambda: ReopenForm(prefix="reopen"))
    button: ButtonForm = attrs.field(factory=ButtonForm)
    follow_up: FollowUpForm = attrs.field(factory=lambda: FollowUpForm(prefix="follow"))
    feedback: FeedbackForm = attrs.field(factory=lambda: FeedbackForm(prefix="feedback"))


def _reopen_until(view: TicketView) -> dt.datetime | None:
    closed_at = view.ticket.closed_at
    if closed_at is None:
        return None
    return closed_at + ticket_services().settings.lifecycle.reopen_window


def _detail(
    reference: str,
    forms: _Forms | None = None,
    error: Refusal | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    me = signed_in().user
    services = ticket_services()
    view = tickets.show_ticket(services, me.id, reference)
    ticket = view.ticket
    names = user_names(
        account_services(),
        [ticket.requester_id]
        + [message.author.user_id for message in ticket.messages if message.author.user_id],
    )
    until = _reopen_until(view)
    window_open = until is not None and services.now() <= until
    closed = ticket.state is TicketState.CLOSED
    page = render_template(
        "tickets/detail.html",
        view=view,
        ticket=ticket,
        forms=forms or _Forms(),
        error=error,
        names=names,
        me=me,
        may_reply=TicketAction.REPLY in view.actions,
        may_close=TicketAction.CLOSE in view.actions,
        may_reopen=TicketAction.REOPEN in view.actions and (not closed or window_open),
        reopen_until=until if closed and window_open else None,
        may_follow_up=closed and not window_open,
        reopen_days=services.settings.lifecycle.reopen_window.days,
        may_rate=closed and ticket.feedback is None and ticket.requester_id == me.id,
        state_name=state_name,
        priority_name=priority_name,
        author=lambda message: author_name(message, names),
        sla=view.sla,
    )
    return page, status


@bp.get(f"/{_REFERENCE}")
@login_required
def detail(reference: str) -> ResponseReturnValue:
    """Show one ticket with its conversation (never internal notes) and what can be done next.

    A reference typed in another form (lower case, spaces) is sent to its canonical address; a
    mistyped one is refused with the check-digit message; another company's ticket is 404.
    """
    canonical = str(ReferenceNumber.parse(reference))
    if canonical != reference:
        return redirect(url_for("tickets.detail", reference=canonical), 303)
    return _detail(reference)


def _step(
    reference: str,
    form: Callable[[_Forms], FlaskForm],
    call: Callable[[_Forms, str], Ticket],
    done: Callable[[Ticket], str],
) -> ResponseReturnValue:
    """Take one step on a ticket: check its form, ask the core, then go to the ticket the step
    left (with *done*'s message), or show the refusal on the ticket page and write nothing."""
    forms = _Forms()
    if not form(forms).validate_on_submit():
        return _detail(reference, forms, status=400)
    try:
        ticket = call(forms, signed_in().user.id)
    except PortalkitError as refused:
        return _detail(reference, forms, refusal(refused), status_of(refused))
    flash(done(ticket), "success")
    return redirect(url_for("tickets.detail", reference=str(ticket.reference)), 303)


@bp.post(f"/{_REFERENCE}/antworten")
@login_required
def reply(reference: str) -> ResponseReturnValue:
    """Write a message; an answer to a question hands the ticket back to the service team."""
    return _step(
        reference,
        lambda forms: forms.reply,
        lambda forms, me: tickets.reply(
            ticket_services(), me, reference, forms.reply.body.data or ""
        ),
        lambda ticket: gettext("Your message is sent."),
    )


@bp.post(f"/{_REFERENCE}/schliessen")
@login_required
def close(reference: str) -> ResponseReturnValue:
    """Close the ticket; the customer may at any time, and it stays in the archive (seed 002)."""
    return _step(
        reference,
        lambda forms: forms.button,
        lambda forms, me: tickets.close(ticket_services(), me, reference),
        lambda ticket: gettext("The ticket is closed. It stays readable in the archive."),
    )


@bp.post(f"/{_REFERENCE}/wieder-oeffnen")
@login_required
def reopen(reference: str) -> ResponseReturnValue:
    """Reopen a resolved ticket, or a closed one within the reopen window (14 days)."""
    return _step(
        reference,
        lambda forms: forms.reopen,
        lambda forms, me: tickets.reopen(
            ticket_services(), me, reference, (forms.reopen.note.data or "").strip() or None
        ),
        lambda ticket: gettext("The ticket is open again."),
    )


@bp.post(f"/{_REFERENCE}/folgeticket")
@login_required
def follow_up(reference: str) -> ResponseReturnValue:
    """Open a follow-up ticket for a closed one; it links to the old ticket."""
    return _step(
        reference,
        lambda forms: forms.follow_up,
        lambda forms, me: tickets.open_follow_up(
            ticket_services(), me, reference, body=forms.follow_up.body.data or ""
        ),
        lambda ticket: gettext(
            "Your follow-up ticket %(reference)s is received.", reference=str(ticket.reference)
        ),
    )


@bp.post(f"/{_REFERENCE}/bewertung")
@login_required
def feedback(reference: str) -> ResponseReturnValue:
    """Rate how the closed ticket was handled, once (seed 000)."""
    return _step(
        reference,
        lambda forms: forms.feedback,
        lambda forms, me: tickets.give_feedback(
            ticket_services(),
            me,
            reference,
            int(forms.feedback.rating.data),
            forms.feedback.comment.data or "",
        ),
        lambda ticket: gettext("Thank you for your feedback."),
    )


# --------------------------------------------------------------------------------------------
# The dashboard's part


@attrs.frozen
class DashboardTickets:
    """What the dashboard shows of tickets: open ones with their SLA clocks, and support hours.

    Attributes:
        rows: the newest open tickets the user may see, each with its SLA clocks; ``None`` if
            the user may not use tickets (guests).
        more: whether the list has more open tickets than shown.
        support: whether support is open now; ``None`` beyond the years holidays are known for.
    """

    rows: tuple[tuple[Ticket, SlaStatus], ...] | None
    more: bool
    support: SupportStatus | None


def dashboard_tickets(
    user_id: str, *, as_loaded: tuple[User, Company] | None = None
) -> DashboardTickets:
    """Return the dashboard's ticket part for *user_id*.

    *as_loaded*: the user and their company as the request's sign-in check loaded them
    (``SignedIn.as_loaded()``), so that the use cases need not load them again.

    References:
        issue 7 ("Dashboard: open tickets with SLA due times, ... whether support is open now").
    """
    services = ticket_services()
    try:
        support: SupportStatus | None = tickets.support_status(
            services, user_id, as_loaded=as_loaded
        )
    except PortalkitError:
        # Beyond the years the holidays are known for: say nothing rather than fail the page.
        support = None
    try:
        page = tickets.list_tickets(services, user_id, limit=DASHBOARD_TICKETS, as_loaded=as_loaded)
    except ActionNotAllowedError:
        return DashboardTickets(None, more=False, support=support)
    companies: dict[str, Company] = {}
    if as_loaded is not None and as_loaded[0].id == user_id:
        companies[as_loaded[1].id] = as_loaded[1]
    missing = {ticket.company_id for ticket in page.tickets} - companies.keys()
    if missing:
        companies |= companies_of(account_services(), missing)
    rows = tuple(with_sla(page.tickets, companies, user_id))
    return DashboardTickets(rows, more=page.next_after is not None, support=support)
