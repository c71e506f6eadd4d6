"""The password rules and a form that checks a password against them, server-side."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length, Optional

from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.i18n import current_language
from portalkit.adapters.flask.portal import get_portal
from portalkit.policy import PasswordCheckResult, PasswordContext, PasswordPolicy

bp = Blueprint("passwords", __name__, url_prefix="/passwortregeln", template_folder="templates")

_TOO_LONG = lazy_gettext("Please enter at most %(max)d characters.")


class PasswordCheckForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """A password to check, and optional personal data it must not contain."""

    # PasswordField never renders its value: the password is not echoed into the page.
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[
            InputRequired(message=lazy_gettext("Please enter a password to check.")),
            Length(max=4096, message=_TOO_LONG),
        ],
    )
    first_name = StringField(
        lazy_gettext("First name"), validators=[Optional(), Length(max=200, message=_TOO_LONG)]
    )
    last_name = StringField(
        lazy_gettext("Last name"), validators=[Optional(), Length(max=200, message=_TOO_LONG)]
    )
    company_name = StringField(
        lazy_gettext("Company"), validators=[Optional(), Length(max=200, message=_TOO_LONG)]
    )
    email = StringField(
        lazy_gettext("E-mail address"),
        validators=[Optional(), Length(max=254, message=_TOO_LONG)],
    )


def rules(policy: PasswordPolicy) -> list[str]:
    """Describe *policy* as a list of sentences in the page's language.

    References:
        seed 003 (the published rule and its tips).
    """
    described = [
        gettext(
            "At least %(minimum)d and at most %(maximum)d characters.",
            minimum=policy.min_length,
            maximum=policy.max_length,
        )
    ]
    if policy.require_lowercase and policy.require_uppercase:
        described.append(gettext("Upper-case and lower-case letters."))
    elif policy.require_lowercase or policy.require_uppercase:
        described.append(gettext("At least one letter of the required case."))
    if policy.require_digit:
        described.append(gettext("At least one digit."))
    if policy.require_special:
        described.append(
            gettext("At least one special character: anything that is not a letter or a digit.")
        )
    if policy.forbid_sequences:
        described.append(
            gettext(
                "No runs of %(length)d or more along the alphabet or the digits, such as ABC "
                "or 123.",
                length=policy.sequence_min_length,
            )
        )
    if policy.forbid_keyboard_sequences:
        described.append(
            gettext(
                "No runs of %(length)d or more neighbouring keys, such as QWERTZ or ASDF.",
                length=policy.sequence_min_length,
            )
        )
    if policy.forbid_personal_data:
        described.append(
            gettext(
                "Nothing from your personal data: name, company, e-mail address, customer "
                "number or birthday."
            )
        )
    if policy.blocklist is not None:
        described.append(gettext("Not on the list of common or stolen passwords."))
    if policy.history_size:
        described.append(
            gettext(
                "When you change it: none of your last %(count)d passwords.",
                count=policy.history_size,
            )
        )
    return described


@bp.route("/", methods=["GET", "POST"])
def check() -> str:
    """Show the rules; on POST, check the password and show every violation at once."""
    policy = get_portal().password_policy
    form = PasswordCheckForm()
    result: PasswordCheckResult | None = None
    if form.validate_on_submit():
        context = PasswordContext(
            first_name=form.first_name.data or None,
            last_name=form.last_name.data or None,
            company_name=form.company_name.data or None,
            email=form.email.data or None,
        )
        result = policy.check(form.password.data or "", context=context)
    return render_template(
        "passwords/check.html",
        form=form,
        rules=rules(policy),
        result=result,
        messages=result.messages(current_language()) if result is not None else (),
    )
