"""The operators' service pages under ``/betrieb/leistungen/``: changes due, book, end.

Staff of the service company see every pending change by effective date, apply the due ones
(the same step ``flask portal apply-service-changes`` or a daily job runs), book a service for
a company after its contract was signed, and end one when the contract ends. Only operators
reach these pages (:func:`~portalkit.adapters.flask.operator.operator_required`); the core
checks again that an operator acts.

References:
    seed 000 ("Automatische Umsetzung", "Meine Leistungen"); DOMAIN.md § 5; issue 7
    ("service changes due").
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.widgets import NumberInput

from portalkit._errors import PortalkitError
from portalkit.accounts import list_companies
from portalkit.adapters.flask._forms import Refusal, optional_text, refusal, required
from portalkit.adapters.flask._text import gettext, lazy_gettext, ngettext
from portalkit.adapters.flask.errors import status_of
from portalkit.adapters.flask.operator import operator_required, signed_in_operator
from portalkit.adapters.flask.services import (
    describe_change,
    service_changes,
    whole_number,
)
from portalkit.adapters.flask.sessions import account_services
from portalkit.services import RequestStatus, ServiceStatus
from portalkit.services.use_cases import (
    apply_due_changes,
    book_service,
    end_service,
    list_company_services,
    list_pending_changes,
)

__all__ = ["HORIZON", "BookForm", "bp"]

bp = Blueprint(
    "operator_services", __name__, url_prefix="/betrieb/leistungen", template_folder="templates"
)

HORIZON: Final = dt.timedelta(days=400)
"""How far ahead the list of pending changes looks: past any quarter a change can aim at."""

_ID = "<string(maxlength=100):{}>"
_COMPANY = _ID.format("company_id")
_SERVICE = _ID.format("service_id")


class BookForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """A service a company booked: name, quantity in a unit, and the range it may move in."""

    name = StringField(
        lazy_gettext("Service"),
        validators=required(lazy_gettext("Please enter the service's name.")),
    )
    quantity = StringField(lazy_gettext("Quantity"), widget=NumberInput(min=1))
    unit = StringField(
        lazy_gettext("Unit (e.g. × pro Woche)"),
        validators=required(lazy_gettext("Please enter the unit.")),
    )
    minimum = StringField(
        lazy_gettext("Minimum"), widget=NumberInput(min=1), validators=optional_text(6)
    )
    maximum = StringField(
        lazy_gettext("Maximum (optional)"), widget=NumberInput(min=1), validators=optional_text(6)
    )


def _numbers(form: BookForm) -> tuple[int, int, int | None] | None:
    """Read quantity, minimum and maximum; a field that is no whole number gets its error."""
    message = gettext("Please enter a whole number.")
    quantity = whole_number(form.quantity.data)
    if quantity is None:
        form.quantity.errors = [message]
    minimum = whole_number(form.minimum.data) if (form.minimum.data or "").strip() else 1
    if minimum is None:
        form.minimum.errors = [message]
    maximum = whole_number(form.maximum.data)
    if maximum is None and (form.maximum.data or "").strip():
        form.maximum.errors = [message]
        return None
    if quantity is None or minimum is None:
        return None
    return quantity, minimum, maximum


# --- Changes due ------------------------------------------------------------------------------


@bp.get("/")
@operator_required
def index() -> ResponseReturnValue:
    """List every pending change by effective date; those due today or earlier first."""
    services = service_changes()
    today = services.today()
    pending = [
        (item, describe_change(item.request, item.service.unit))
        for item in list_pending_changes(services, signed_in_operator(), today + HORIZON)
    ]
    due = sum(1 for item, _ in pending if item.request.effective <= today)
    return render_template(
        "operator_services/index.html",
        pending=pending,
        due=due,
        today=today,
        companies=list_companies(account_services(), signed_in_operator()),
    )


@bp.post("/anwenden")
@operator_required
def apply() -> ResponseReturnValue:
    """Apply every change due today and resume every pause that ended (idempotent).

    The form token is checked before any view (``CSRFProtect``), so the button needs no form.
    """
    outcome = apply_due_changes(service_changes())
    applied = sum(1 for r in outcome.requests if r.status is RequestStatus.APPLIED)
    lapsed = sum(1 for r in outcome.requests if r.status is RequestStatus.LAPSED)
    if not outcome.services:
        flash(gettext("Nothing was due."), "info")
    else:
        flash(
            ngettext("%(num)d change took effect.", "%(num)d changes took effect.", applied)
            + " "
            + ngettext(
                "%(num)d change lapsed (the service had ended).",
                "%(num)d changes lapsed (the services had ended).",
                lapsed,
            )
            + " "
            + ngettext(
                "%(num)d service was looked at.",
                "%(num)d services were looked at.",
                len(outcome.services),
            ),
            "success",
        )
    return redirect(url_for("operator_services.index"), 303)


# --- A company's services ---------------------------------------------------------------------


def _company_page(
    company_id: str,
    form: BookForm | None = None,
    error: Refusal | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    company, overviews = list_company_services(service_changes(), signed_in_operator(), company_id)
    rows = [
        (
            overview.service,
            [describe_change(request, overview.service.unit) for request in overview.pending],
        )
        for overview in overviews
    ]
    page = render_template(
        "operator_services/company.html",
        company=company,
        rows=rows,
        form=form or BookForm(formdata=None, data={"minimum": "1"}),
        error=error,
        ended=ServiceStatus.ENDED,
    )
    return page, status


@bp.get(f"/firma/{_COMPANY}")
@operator_required
def company(company_id: str) -> ResponseReturnValue:
    """Show a company's services with their pending changes; book or end one."""
    return _company_page(company_id)


@bp.post(f"/firma/{_COMPANY}/buchen")
@operator_required
def book(company_id: str) -> ResponseReturnValue:
    """Book a service for the company (after its contract was signed)."""
    form = BookForm()
    valid = form.validate_on_submit()
    numbers = _numbers(form)
    if not valid or numbers is None:
        return _company_page(company_id, form, status=400)
    quantity, minimum, maximum = numbers
    try:
        service = book_service(
            service_changes(),
            signed_in_operator(),
            company_id=company_id,
            name=(form.name.data or "").strip(),
            quantity=quantity,
            unit=(form.unit.data or "").strip(),
            minimum=minimum,
            maximum=maximum,
        )
    except PortalkitError as refused:
        return _company_page(company_id, form, refusal(refused), status_of(refused))
    flash(gettext("%(service)s is booked.", service=service.name), "success")
    return redirect(url_for("operator_services.company", company_id=company_id), 303)


@bp.post(f"/{_SERVICE}/beenden")
@operator_required
def end(service_id: str) -> ResponseReturnValue:
    """End a service (its contract ended); its pending changes lapse at their date."""
    service = end_service(service_changes(), signed_in_operator(), service_id)
    flash(gettext("%(service)s is ended.", service=service.name), "success")
    return redirect(url_for("operator_services.company", company_id=service.company_id), 303)
