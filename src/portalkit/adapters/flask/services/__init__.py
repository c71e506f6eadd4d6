"""Booked services for customers: minimize, maximize or pause them, with a preview first.

A change is requested in two steps, without JavaScript: the first form posts what the customer
wants to the preview, which shows the exact effective date and the cut-off (the last day to
submit, withdraw or change for that quarter); its confirm button posts the same values with
the effective date that was shown. The core checks everything again at the confirmation: if
the cut-off passed in between, the date has moved and the customer sees the new summary.

The core decides who may (viewing contracts and requesting changes: administrators and
managers) and answers "not found" for another company's service or change; the pages only
translate forms to use cases and refusals to messages.

References:
    seed 000 ("Leistungen anpassen", "Sie erhalten eine Zusammenfassung der Änderungen und
    können diese final absenden", "mindestens 14 Tage vor Quartalsbeginn"); DOMAIN.md § 5.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask import request as http_request
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField

# types-wtforms predates SelectChoice (wtforms 3.3), which replaces the deprecated tuples.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.widgets import DateInput, NumberInput

from portalkit._errors import PortalkitError
from portalkit.accounts import User
from portalkit.adapters.flask._forms import Refusal, optional_text, refusal
from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.errors import status_of
from portalkit.adapters.flask.i18n import current_language
from portalkit.adapters.flask.portal import get_portal
from portalkit.adapters.flask.sessions import login_required, signed_in
from portalkit.calendar import effective_quarter_start, submission_deadline
from portalkit.policy.roles import Action, Target, can
from portalkit.services import (
    BookedService,
    ChangeKind,
    ChangePreview,
    ChangeRequest,
    EffectiveDateMovedError,
    ServiceChangeServices,
    ServiceOverview,
    ServiceStatus,
    can_still_change,
)
from portalkit.services.use_cases import (
    change_service_change,
    list_services,
    preview_service_change,
    submit_service_change,
    withdraw_service_change,
)

__all__ = [
    "ChangeForm",
    "ConfirmForm",
    "DashboardServices",
    "PendingChange",
    "bp",
    "dashboard_widget",
    "describe_change",
    "kind_name",
    "service_changes",
    "whole_number",
]

bp = Blueprint("services", __name__, url_prefix="/leistungen", template_folder="templates")

_SERVICE = "<string(maxlength=100):service_id>"
_REQUEST = "<string(maxlength=100):request_id>"
_QUANTITY = re.compile(r"[0-9]{1,6}")
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_GERMAN_DAY = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


def service_changes() -> ServiceChangeServices:
    """Return the service-change services of the portal; a portal without them has no pages."""
    services = get_portal().services
    if services is None:
        abort(404)
    return services


# --------------------------------------------------------------------------------------------
# Names and descriptions


def kind_name(kind: ChangeKind) -> str:
    """Return the name of a change kind (seed 000: Minimieren, Maximieren, Pausieren)."""
    names = {
        ChangeKind.MINIMIZE: gettext("Minimize"),
        ChangeKind.MAXIMIZE: gettext("Maximize"),
        ChangeKind.PAUSE: gettext("Pause"),
    }
    return names[kind]


def _kind_choices() -> list[SelectChoice]:
    explained = {
        ChangeKind.MINIMIZE: gettext("Minimize: reduce scope or frequency"),
        ChangeKind.MAXIMIZE: gettext("Maximize: book more"),
        ChangeKind.PAUSE: gettext("Pause: suspend for up to 3 months"),
    }
    return [SelectChoice(kind.value, explained[kind]) for kind in ChangeKind]


def _day(value: dt.date) -> str:
    return str(format_date(value, "long"))


def describe_change(request: ChangeRequest | ChangePreview, unit: str) -> str:
    """Return what a change request (or a previewed change) does, in the page's language."""
    if request.kind is ChangeKind.PAUSE:
        assert request.pause_until is not None
        return gettext(
            "Pause until %(last)s inclusive; the service resumes on %(resume)s",
            last=_day(request.pause_until - dt.timedelta(days=1)),
            resume=_day(request.pause_until),
        )
    values: dict[str, Any] = {
        "before": request.quantity_before,
        "after": request.quantity,
        "unit": unit,
    }
    if request.kind is ChangeKind.MINIMIZE:
        return gettext("Reduce from %(before)s to %(after)s %(unit)s", **values)
    return gettext("Increase from %(before)s to %(after)s %(unit)s", **values)


def _status_text(service: BookedService) -> str:
    if service.status is ServiceStatus.ENDED:
        return gettext("Ended")
    if service.status is ServiceStatus.PAUSED and service.pause_end is not None:
        return gettext("Paused; resumes on %(day)s", day=_day(service.pause_end))
    return gettext("Active")


@attrs.frozen
class PendingChange:
    """A live change request as the pages show it.

    Attributes:
        request: the request.
        service: the service it changes.
        description: what it does, in the page's language.
        changeable: whether it can still be withdrawn or changed (live, cut-off not passed).
    """

    request: ChangeRequest
    service: BookedService
    description: str
    changeable: bool


def _pending(overview: ServiceOverview, now: dt.datetime) -> list[PendingChange]:
    return [
        PendingChange(
            request,
            overview.service,
            describe_change(request, overview.service.unit),
            can_still_change(request, now),
        )
        for request in overview.pending
    ]


# --------------------------------------------------------------------------------------------
# Who may


def _may(user: User, action: Action) -> bool:
    company = signed_in().company()
    if company is None:
        return False
    return bool(can(user.actor(company), action, Target.company(company.id)))


@bp.app_context_processor
def _navigation() -> dict[str, object]:
    # The navigation offers the services only to those the core lets see them.
    user = g.get("user")
    shown = (
        isinstance(user, User)
        and g.get("signed_in") is not None
        and get_portal().services is not None
        and _may(user, Action.VIEW_CONTRACTS)
    )
    return {"may_view_services": shown}


# --------------------------------------------------------------------------------------------
# Forms


class ChangeForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """What the customer wants: the kind, the new quantity or the day the pause ends."""

    kind = SelectField(lazy_gettext("Adjustment"), validate_choice=False)
    quantity = StringField(
        lazy_gettext("New quantity (minimize and maximize)"),
        widget=NumberInput(min=1),
        validators=optional_text(6),
    )
    pause_until = StringField(
        lazy_gettext("Resumes on (pause; empty: after the longest pause of 3 months)"),
        widget=DateInput(),
        validators=optional_text(10),
    )


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    """The previewed change, carried to the confirmation with the date the customer saw."""

    kind = HiddenField()
    quantity = HiddenField()
    pause_until = HiddenField()
    expected_effective = HiddenField()


@attrs.frozen
class _Wanted:
    kind: ChangeKind
    quantity: int | None
    pause_until: dt.date | None

    def form_data(self) -> dict[str, str]:
        return {
            "kind": self.kind.value,
            "quantity": "" if self.quantity is None else str(self.quantity),
            "pause_until": "" if self.pause_until is None else self.pause_until.isoformat(),
        }


def _parse_day(text: str) -> dt.date | None:
    iso = _ISO_DAY.fullmatch(text)
    german = _GERMAN_DAY.fullmatch(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if german:
            return dt.date(int(german[3]), int(german[2]), int(german[1]))
    except ValueError:
        return None
    return None


def whole_number(text: str | None) -> int | None:
    """Return *text* as a quantity if it is one to six ASCII digits (surrounding space allowed)."""
    cleaned = (text or "").strip()
    return int(cleaned) if _QUANTITY.fullmatch(cleaned) else None


def _wanted(form: ChangeForm | ConfirmForm) -> _Wanted | None:
    """Read the change from *form*; a field that does not fit gets its error, and ``None``."""
    kinds = {kind.value: kind for kind in ChangeKind}
    kind = kinds.get(form.kind.data or "")
    if kind is None:
        form.kind.errors = [gettext("Please choose minimize, maximize or pause.")]
        return None
    if kind is ChangeKind.PAUSE:
        # The quantity field stays on the form for every kind (no script hides it): ignored.
        text = (form.pause_until.data or "").strip()
        if not text:
            return _Wanted(kind, None, None)
        day = _parse_day(text)
        if day is None:
            form.pause_until.errors = [
                gettext("Please enter the day the service resumes, e.g. 01.07.2025.")
            ]
            return None
        return _Wanted(kind, None, day)
    quantity = whole_number(form.quantity.data)
    if quantity is None:
        form.quantity.errors = [gettext("Please enter the new quantity as a whole number.")]
        return None
    return _Wanted(kind, quantity, None)


# --------------------------------------------------------------------------------------------
# Loading


def _overviews() -> list[ServiceOverview]:
    return list_services(service_changes(), signed_in().user.id)


def _overview(service_id: str) -> ServiceOverview:
    """Return the company's service *service_id*; any other answers 404."""
    found = next((item for item in _overviews() if item.service.id == service_id), None)
    if found is None:
        abort(404)
    return found


def _pending_change(request_id: str) -> PendingChange | None:
    now = service_changes().now()
    for overview in _overviews():
        for pending in _pending(overview, now):
            if pending.request.id == request_id:
                return pending
    return None


def _next_dates(services: ServiceChangeServices) -> tuple[dt.date, dt.date]:
    effective = effective_quarter_start(services.now(), services.lead_days)
    return effective, submission_deadline(effective, services.lead_days)


# --------------------------------------------------------------------------------------------
# Pages


def _index_page(error: Refusal | None = None, status: int = 200) -> ResponseReturnValue:
    services = service_changes()
    overviews = _overviews()
    now = services.now()
    effective, cutoff = _next_dates(services)
    rows = [
        (overview.service, _status_text(overview.service), _pending(overview, now))
        for overview in overviews
    ]
    page = render_template(
        "services/index.html",
        rows=rows,
        error=error,
        effective=effective,
        cutoff=cutoff,
        may_request=_may(signed_in().user, Action.REQUEST_SERVICE_CHANGE),
        ended=ServiceStatus.ENDED,
    )
    return page, status


def _adjust_page(
    overview: ServiceOverview,
    form: ChangeForm | None = None,
    error: Refusal | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    services = service_changes()
    form = form or ChangeForm()
    form.kind.choices = _kind_choices()
    effective, cutoff = _next_dates(services)
    page = render_template(
        "services/adjust.html",
        service=overview.service,
        status_text=_status_text(overview.service),
        pending=_pending(overview, services.now()),
        form=form,
        error=error,
        effective=effective,
        cutoff=cutoff,
    )
    return page, status


def _preview_page(
    preview: ChangePreview,
    wanted: _Wanted,
    error: Refusal | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    confirm = ConfirmForm(
        formdata=None,
        data={**wanted.form_data(), "expected_effective": preview.effective.isoformat()},
    )
    page = render_template(
        "services/preview.html",
        preview=preview,
        service=preview.service,
        kind=kind_name(preview.kind),
        description=describe_change(preview, preview.service.unit),
        summary=preview.summary(current_language()),
        confirm=confirm,
        correct={key: value for key, value in wanted.form_data().items() if value},
        error=error,
    )
    return page, status


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """List the company's booked services with their pending changes (administrators, managers)."""
    return _index_page()


@bp.get(f"/{_SERVICE}/anpassen")
@login_required
def adjust(service_id: str) -> ResponseReturnValue:
    """Show the form to minimize, maximize or pause a service (step 1 of 2)."""
    overview = _overview(service_id)
    # The preview's "correct" link brings the entries back; anything else is left to the form.
    asked = {
        key: http_request.args.get(key, "")[:20] for key in ("kind", "quantity", "pause_until")
    }
    form = ChangeForm(data={**asked, "kind": asked["kind"] or ChangeKind.MINIMIZE.value})
    return _adjust_page(overview, form)


def _preview(service_id: str, wanted: _Wanted) -> ChangePreview:
    return preview_service_change(
        service_changes(),
        signed_in().user.id,
        service_id,
        wanted.kind,
        quantity=wanted.quantity,
        pause_until=wanted.pause_until,
    )


@bp.post(f"/{_SERVICE}/vorschau")
@login_required
def preview(service_id: str) -> ResponseReturnValue:
    """Show the change's summary with its exact effective date and cut-off; nothing is saved."""
    overview = _overview(service_id)
    form = ChangeForm()
    form.kind.choices = _kind_choices()
    wanted = _wanted(form) if form.validate_on_submit() else None
    if wanted is None:
        return _adjust_page(overview, form, status=400)
    try:
        shown = _preview(service_id, wanted)
    except PortalkitError as refused:
        return _adjust_page(overview, form, refusal(refused), status_of(refused))
    return _preview_page(shown, wanted)


@bp.post(f"/{_SERVICE}/einreichen")
@login_required
def submit(service_id: str) -> ResponseReturnValue:
    """Submit the previewed change (step 2 of 2), checked again with the date that was shown."""
    overview = _overview(service_id)
    confirm = ConfirmForm()
    wanted = _wanted(confirm) if confirm.validate_on_submit() else None
    expected = _parse_day((confirm.expected_effective.data or "").strip())
    form = ChangeForm(formdata=None, data=wanted.form_data() if wanted else None)
    if wanted is None or expected is None:
        message = gettext("The summary was incomplete. Please check the change again.")
        return _adjust_page(overview, form, Refusal(message), 400)
    try:
        request = submit_service_change(
            service_changes(),
            signed_in().user.id,
            service_id,
            wanted.kind,
            quantity=wanted.quantity,
            pause_until=wanted.pause_until,
            expected_effective=expected,
        )
    except EffectiveDateMovedError as moved:
        # The cut-off passed since the preview: show the new date to confirm, not a dead end.
        try:
            shown = _preview(service_id, wanted)
        except PortalkitError as refused:
            return _adjust_page(overview, form, refusal(refused), status_of(refused))
        return _preview_page(shown, wanted, refusal(moved), status_of(moved))
    except PortalkitError as refused:
        return _adjust_page(overview, form, refusal(refused), status_of(refused))
    flash(
        gettext(
            "Your change is submitted: it takes effect on %(effective)s. You can withdraw or "
            "change it until %(cutoff)s inclusive. A confirmation is on its way by e-mail.",
            effective=_day(request.effective),
            cutoff=_day(request.cutoff),
        ),
        "success",
    )
    return redirect(url_for("services.index"), 303)


@bp.post(f"/aenderungen/{_REQUEST}/zurueckziehen")
@login_required
def withdraw(request_id: str) -> ResponseReturnValue:
    """Withdraw a pending change, until its cut-off day."""
    try:
        request = withdraw_service_change(service_changes(), signed_in().user.id, request_id)
    except PortalkitError as refused:
        return _index_page(refusal(refused), status_of(refused))
    flash(
        gettext(
            "The change for %(effective)s is withdrawn. A confirmation is on its way by e-mail.",
            effective=_day(request.effective),
        ),
        "success",
    )
    return redirect(url_for("services.index"), 303)


def _change_page(
    pending: PendingChange,
    form: ChangeForm | None = None,
    error: Refusal | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    if form is None:
        request = pending.request
        form = ChangeForm(
            formdata=None,
            data=_Wanted(request.kind, request.quantity, request.pause_until).form_data(),
        )
    form.kind.choices = _kind_choices()
    page = render_template("services/change.html", pending=pending, form=form, error=error)
    return page, status


@bp.get(f"/aenderungen/{_REQUEST}/aendern")
@login_required
def change(request_id: str) -> ResponseReturnValue:
    """Show the form to change a pending change; it keeps its effective date and cut-off."""
    pending = _pending_change(request_id)
    if pending is None:
        abort(404)
    return _change_page(pending)


@bp.post(f"/aenderungen/{_REQUEST}/aendern")
@login_required
def save_change(request_id: str) -> ResponseReturnValue:
    """Replace a pending change by the changed one, until its cut-off day."""
    form = ChangeForm()
    form.kind.choices = _kind_choices()
    wanted = _wanted(form) if form.validate_on_submit() else None
    if wanted is None:
        pending = _pending_change(request_id)
        if pending is None:
            abort(404)
        return _change_page(pending, form, status=400)
    try:
        request = change_service_change(
            service_changes(),
            signed_in().user.id,
            request_id,
            kind=wanted.kind,
            quantity=wanted.quantity,
            pause_until=wanted.pause_until,
        )
    except PortalkitError as refused:
        pending = _pending_change(request_id)
        if pending is None:
            # Closed meanwhile or not the company's: the list explains, with the core's reason.
            return _index_page(refusal(refused), status_of(refused))
        return _change_page(pending, form, refusal(refused), status_of(refused))
    flash(
        gettext(
            "The change is saved: it takes effect on %(effective)s. A confirmation is on its "
            "way by e-mail.",
            effective=_day(request.effective),
        ),
        "success",
    )
    return redirect(url_for("services.index"), 303)


# --------------------------------------------------------------------------------------------
# The dashboard's part


@attrs.frozen
class DashboardServices:
    """What the dashboard shows of the services: pending changes and the next cut-off.

    Attributes:
        visible: whether the user may see the company's services (administrators, managers).
        pending: the company's pending changes, earliest effective date first.
        effective: the quarter start a change submitted today reaches.
        cutoff: the last day to submit for that quarter start.
        cutoff_is_today: whether today is that last day.
    """

    visible: bool
    pending: tuple[PendingChange, ...]
    effective: dt.date
    cutoff: dt.date
    cutoff_is_today: bool


def dashboard_widget() -> DashboardServices | None:
    """Return the dashboard's services part for the signed-in user (``None``: no services)."""
    services = get_portal().services
    if services is None:
        return None
    effective, cutoff = _next_dates(services)
    visible = _may(signed_in().user, Action.VIEW_CONTRACTS)
    pending: list[PendingChange] = []
    if visible:
        now = services.now()
        for overview in list_services(services, signed_in().user.id):
            pending.extend(_pending(overview, now))
        pending.sort(key=lambda item: (item.request.effective, item.service.name))
    return DashboardServices(visible, tuple(pending), effective, cutoff, cutoff == services.today())
