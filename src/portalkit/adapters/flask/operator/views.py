"""The operator blueprint: sign-in and sign-out of the service company's staff, their home.

Every rule is the core's (:func:`portalkit.accounts.login_operator`): one answer for an
unknown address, a wrong password and a lockout, the lockout itself, rehashing.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from portalkit._errors import PortalkitError
from portalkit.accounts import (
    AccessRequestStatus,
    CompanyStatus,
    list_access_requests,
    list_companies,
    login_operator,
)
from portalkit.adapters.flask._forms import TOO_LONG, refusal, required
from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.operator.sessions import (
    current_operator,
    end_operator_session,
    operator_required,
    signed_in_operator,
    start_operator_session,
    store_operator_cookie,
)
from portalkit.adapters.flask.sessions import account_services, safe_next

bp = Blueprint("operator", __name__, url_prefix="/betrieb", template_folder="templates")
bp.after_app_request(store_operator_cookie)

TICKETS_PATH = "/betrieb/tickets/"
"""Where the operators' ticket queue lives (its own blueprint)."""

SERVICE_CHANGES_PATH = "/betrieb/leistungen/"
"""Where the service changes due live (their own blueprint)."""


class OperatorLoginForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """An operator's e-mail address and password."""

    email = EmailField(
        lazy_gettext("E-mail address"),
        validators=required(lazy_gettext("Please enter your e-mail address.")),
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[
            InputRequired(message=lazy_gettext("Please enter your password.")),
            Length(max=1000, message=TOO_LONG),
        ],
    )


def area_links() -> list[tuple[str, str]]:
    """Return the operator areas as (path, label), for the navigation and the home page.

    Tickets and service changes are other blueprints under ``/betrieb/``; they are linked by
    path, so that the navigation works whichever of them a portal registers.
    """
    root = request.script_root
    return [
        (url_for("operator.home"), gettext("Overview")),
        (url_for("operator.companies"), gettext("Companies")),
        (url_for("operator.access_requests"), gettext("Access requests")),
        (root + TICKETS_PATH, gettext("Tickets")),
        (root + SERVICE_CHANGES_PATH, gettext("Service changes")),
    ]


@bp.app_context_processor
def _operator_values() -> dict[str, object]:
    # For every blueprint: the operators' pages of other areas extend "operator/layout.html".
    # Without an operator cookie this costs no look-up.
    return {"operator": current_operator(), "operator_links": area_links}


@bp.route("/anmelden/", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Sign in as staff of the service company, apart from the customers' login."""
    form = OperatorLoginForm()
    target = safe_next(request.args.get("next"))
    if target is not None and not target.startswith(request.script_root + bp.url_prefix):  # type: ignore[operator]
        target = None  # after an operator login only operator pages make sense
    error = None
    if form.validate_on_submit():
        try:
            result = login_operator(
                account_services(),
                (form.email.data or "").strip(),
                form.password.data or "",
                device=(request.user_agent.string or "")[:200],
            )
        except PortalkitError as refused:
            error = refusal(refused)
        else:
            start_operator_session(result)
            return redirect(target or url_for("operator.home"), 303)
    elif request.method == "GET" and current_operator() is not None:
        return redirect(target or url_for("operator.home"), 303)
    status = 400 if error is not None or form.errors else 200
    return render_template("operator/login.html", form=form, error=error, next=target), status


@bp.post("/abmelden/")
def logout() -> ResponseReturnValue:
    """End the operator session in the store and drop the cookie."""
    end_operator_session()
    flash(gettext("You have signed out."), "success")
    return redirect(url_for("operator.login"), 303)


@bp.get("/")
@operator_required
def home() -> ResponseReturnValue:
    """The operators' overview: what needs doing, and the way to each area."""
    services = account_services()
    operator = signed_in_operator()
    companies = list_companies(services, operator)
    requests = list_access_requests(services, operator)
    return render_template(
        "operator/home.html",
        companies=len(companies),
        needing=[item for item in companies if item.status is CompanyStatus.NEEDS_ADMINISTRATOR],
        requests=[item for item in requests if item.status is AccessRequestStatus.OPEN],
        today=services.today(),
    )
