"""Signing in and out, forgotten passwords, invitations and self-registration.

Every rule is the core's: the uniform login error and the lockout
(:func:`portalkit.accounts.login_with_email`), the same answer whether an account exists or
not (:func:`portalkit.accounts.request_password_reset`), the password policy. Links in mails
carry a token secret; their pages show a form, and only the form's POST redeems the token,
so that a mail scanner that opens links uses nothing up.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import InputRequired, Length

from portalkit._errors import PortalkitError
from portalkit.accounts import (
    accept_invitation,
    activate_account,
    login_with_customer_number,
    login_with_email,
    register,
    request_password_reset,
    reset_password,
)
from portalkit.adapters.flask._forms import (
    TOO_LONG,
    new_password,
    optional_text,
    refusal,
    repeated,
    required,
)
from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.i18n import current_language
from portalkit.adapters.flask.sessions import (
    account_services,
    end_session,
    safe_next,
    start_session,
)

bp = Blueprint("auth", __name__, template_folder="templates")

_TOKEN = "<string(maxlength=200):token>"


class LoginForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """E-mail address or customer number, and the password (seeds 001–004)."""

    login = StringField(
        lazy_gettext("E-mail address or customer number"),
        validators=required(lazy_gettext("Please enter your e-mail address or customer number.")),
    )
    email = EmailField(
        lazy_gettext("E-mail address (with a customer number, if your company has several)"),
        validators=optional_text(254),
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[
            InputRequired(message=lazy_gettext("Please enter your password.")),
            Length(max=1000, message=TOO_LONG),
        ],
    )


class ForgotPasswordForm(FlaskForm):  # type: ignore[misc]
    """The address a reset link goes to, and the customer number if the user knows it."""

    email = EmailField(
        lazy_gettext("E-mail address"),
        validators=required(lazy_gettext("Please enter your e-mail address.")),
    )
    customer_number = StringField(
        lazy_gettext("Customer number (if you have one)"), validators=optional_text(40)
    )


class NewPasswordForm(FlaskForm):  # type: ignore[misc]
    """A new password, twice."""

    password = PasswordField(lazy_gettext("New password"), validators=new_password())
    repeat = PasswordField(lazy_gettext("Repeat the new password"), validators=repeated("password"))


class InvitationForm(NewPasswordForm):
    """Names and password of an invited user (seed 001)."""

    title = StringField(lazy_gettext("Title (optional)"), validators=optional_text(40))
    first_name = StringField(
        lazy_gettext("First name"),
        validators=required(lazy_gettext("Please enter your first name.")),
    )
    last_name = StringField(
        lazy_gettext("Last name"), validators=required(lazy_gettext("Please enter your last name."))
    )


class RegistrationForm(NewPasswordForm):
    """Self-registration with the customer number (seed 003)."""

    name = StringField(
        lazy_gettext("Last name or company name, as in your contract"),
        validators=required(lazy_gettext("Please enter your name or company name.")),
    )
    customer_number = StringField(
        lazy_gettext("Customer number"),
        validators=required(lazy_gettext("Please enter your customer number.")),
    )
    email = EmailField(
        lazy_gettext("E-mail address"),
        validators=required(lazy_gettext("Please enter your e-mail address.")),
    )
    accepted_terms = BooleanField(
        lazy_gettext("I accept the terms of use and have read the privacy notice."),
        validators=[
            InputRequired(message=lazy_gettext("Please accept the terms of use to register."))
        ],
    )


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    """A button only: confirms an action of a link."""


def _device() -> str:
    return (request.user_agent.string or "")[:200]


@bp.route("/anmelden/", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Sign in with e-mail address or customer number and password (seeds 001–004)."""
    form = LoginForm()
    target = safe_next(request.args.get("next"))
    error = None
    if form.validate_on_submit():
        services = account_services()
        name = (form.login.data or "").strip()
        try:
            if "@" in name:
                result = login_with_email(
                    services, name, form.password.data or "", device=_device()
                )
            else:
                result = login_with_customer_number(
                    services,
                    name,
                    form.password.data or "",
                    email=(form.email.data or "").strip() or None,
                    device=_device(),
                )
        except PortalkitError as refused:
            error = refusal(refused)
        else:
            start_session(result)
            return redirect(target or url_for("dashboard.index"), 303)
    elif g.get("signed_in") is not None and request.method == "GET":
        return redirect(target or url_for("dashboard.index"), 303)
    status = 400 if error is not None or form.errors else 200
    return render_template("auth/login.html", form=form, error=error, next=target), status


@bp.post("/abmelden/")
def logout() -> ResponseReturnValue:
    """End the session in the store and drop the cookie."""
    end_session()
    flash(gettext("You have signed out."), "success")
    return redirect(url_for("auth.login"), 303)


@bp.route("/passwort-vergessen/", methods=["GET", "POST"])
def forgot_password() -> ResponseReturnValue:
    """Ask for a reset link; the answer is the same whether the account exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # With a customer number, seed 003's way: it must belong to the account's company.
        request_password_reset(
            account_services(),
            email=(form.email.data or "").strip(),
            customer_number=(form.customer_number.data or "").strip() or None,
        )
        flash(
            gettext(
                "If an account exists for this address, we have sent a link to set a new "
                "password. Please check your mailbox."
            ),
            "success",
        )
        return redirect(url_for("auth.forgot_password"), 303)
    return render_template("auth/forgot.html", form=form), 400 if form.errors else 200


@bp.route(f"/passwort-zuruecksetzen/{_TOKEN}", methods=["GET", "POST"], endpoint="reset_password")
def reset_password_page(token: str) -> ResponseReturnValue:
    """Set a new password with the link from the mail (valid one hour)."""
    form = NewPasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            reset_password(account_services(), token, form.password.data or "")
        except PortalkitError as refused:
            error = refusal(refused)
        else:
            flash(gettext("Your new password is set. Please sign in."), "success")
            return redirect(url_for("auth.login"), 303)
    status = 400 if error is not None or form.errors else 200
    return render_template("auth/reset.html", form=form, error=error, token=token), status


@bp.route(f"/einladung/{_TOKEN}", methods=["GET", "POST"], endpoint="accept_invitation")
def accept_invitation_page(token: str) -> ResponseReturnValue:
    """Accept an invitation: names and password (seed 001); then sign in."""
    form = InvitationForm()
    error = None
    if form.validate_on_submit():
        try:
            accept_invitation(
                account_services(),
                token,
                first_name=form.first_name.data or "",
                last_name=form.last_name.data or "",
                password=form.password.data or "",
                title=form.title.data or "",
            )
        except PortalkitError as refused:
            error = refusal(refused)
        else:
            flash(gettext("Your access is ready. Please sign in."), "success")
            return redirect(url_for("auth.login"), 303)
    status = 400 if error is not None or form.errors else 200
    return render_template("auth/invitation.html", form=form, error=error, token=token), status


@bp.route("/registrieren/", methods=["GET", "POST"], endpoint="register")
def register_page() -> ResponseReturnValue:
    """Register with the customer number (seed 003); a link confirms the address."""
    form = RegistrationForm()
    error = None
    if form.validate_on_submit():
        try:
            register(
                account_services(),
                name=form.name.data or "",
                customer_number=form.customer_number.data or "",
                email=(form.email.data or "").strip(),
                password=form.password.data or "",
                accepted_terms=bool(form.accepted_terms.data),
                language=current_language(),
            )
        except PortalkitError as refused:
            error = refusal(refused)
        else:
            flash(
                gettext(
                    "Almost done: we have sent you a link to confirm your e-mail address. It is "
                    "valid for 24 hours."
                ),
                "success",
            )
            return redirect(url_for("auth.login"), 303)
    status = 400 if error is not None or form.errors else 200
    return render_template("auth/register.html", form=form, error=error), status


@bp.route(f"/aktivieren/{_TOKEN}", methods=["GET", "POST"])
def activate(token: str) -> ResponseReturnValue:
    """Confirm a registration with the link from the mail (valid 24 hours)."""
    form = ConfirmForm()
    error = None
    if form.validate_on_submit():
        try:
            activate_account(account_services(), token)
        except PortalkitError as refused:
            error = refusal(refused)
        else:
            flash(gettext("Your account is confirmed. Please sign in."), "success")
            return redirect(url_for("auth.login"), 303)
    status = 400 if error is not None else 200
    return render_template("auth/activate.html", form=form, error=error, token=token), status
