"""Requesting access: the 10-Werktage promise, and the form once requests can be kept."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from portalkit.adapters.flask._formatting import skipped_reason, state_name
from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.i18n import current_language
from portalkit.adapters.flask.portal import AccessRequest, get_portal

bp = Blueprint("access", __name__, url_prefix="/zugang-beantragen", template_folder="templates")

_TOO_LONG = lazy_gettext("Please enter at most %(max)d characters.")
# Deliberately loose: the service company checks the address when it sends the access data.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AccessRequestForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """Who asks for access, for which company (seed 000: "Zugang beantragen")."""

    name = StringField(
        lazy_gettext("Your name"),
        validators=[
            InputRequired(message=lazy_gettext("Please enter your name.")),
            Length(max=200, message=_TOO_LONG),
        ],
    )
    company = StringField(
        lazy_gettext("Company"),
        validators=[
            InputRequired(message=lazy_gettext("Please enter your company.")),
            Length(max=200, message=_TOO_LONG),
        ],
    )
    email = EmailField(
        lazy_gettext("E-mail address"),
        validators=[
            InputRequired(message=lazy_gettext("Please enter your e-mail address.")),
            Length(max=254, message=_TOO_LONG),
            Regexp(
                _EMAIL,
                message=lazy_gettext("Please enter an e-mail address such as name@example.com."),
            ),
        ],
    )
    customer_number = StringField(
        lazy_gettext("Customer number (if known)"),
        validators=[Optional(), Length(max=40, message=_TOO_LONG)],
    )
    message = TextAreaField(
        lazy_gettext("Message (optional)"),
        validators=[Optional(), Length(max=2000, message=_TOO_LONG)],
    )


@bp.route("/", methods=["GET", "POST"])
def request_access() -> str | Response:
    """Show when a request made now would be set up; take the request if a receiver exists.

    References:
        seed 000 ("Die Einrichtung Ihres persönlichen Zugangs kann bis zu 10 Werktage
        dauern"); DOMAIN.md § 6.
    """
    portal = get_portal()
    explanation = portal.access_deadline()
    receiver = portal.access_requests
    form = AccessRequestForm() if receiver is not None else None
    if receiver is not None and form is not None and form.validate_on_submit():
        receiver.submit(
            AccessRequest(
                name=(form.name.data or "").strip(),
                company=(form.company.data or "").strip(),
                email=(form.email.data or "").strip(),
                customer_number=(form.customer_number.data or "").strip(),
                message=(form.message.data or "").strip(),
                submitted_at=portal.now(),
                deadline=explanation.result,
            )
        )
        flash(
            gettext(
                "Thank you: your request has been received. Your access will be set up by "
                "%(deadline)s.",
                deadline=str(format_date(explanation.result, "full")),
            ),
            "success",
        )
        return redirect(url_for("access.request_access"), 303)
    return render_template(
        "access/request.html",
        form=form,
        explanation=explanation,
        skipped=[(day.day, skipped_reason(day)) for day in explanation.skipped],
        holiday_state=state_name(current_app.config["HOLIDAY_STATE"], current_language()),
    )
