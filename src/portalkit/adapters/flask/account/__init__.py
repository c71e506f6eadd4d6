"""The own account: contact data, password, where you are signed in, name changes.

Names and the company name are not self-service: the page sends a request to the service
company, with an optional reason (seed 002). Changing the password needs the current one
(re-authentication) and ends every other session.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField

# types-wtforms predates SelectChoice (wtforms 3.3), which replaces the deprecated tuples.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import InputRequired, Length

from portalkit._errors import PortalkitError
from portalkit._i18n import Language
from portalkit.accounts import (
    change_password,
    confirm_email_change,
    list_sessions,
    request_email_change,
    request_profile_change,
    revoke_session,
    update_contact_data,
)
from portalkit.adapters.flask._forms import (
    TOO_LONG,
    Refusal,
    new_password,
    optional_text,
    refusal,
    repeated,
    required,
)
from portalkit.adapters.flask._labels import role_name
from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.errors import status_of
from portalkit.adapters.flask.i18n import LANGUAGE_NAMES
from portalkit.adapters.flask.sessions import (
    account_services,
    end_session,
    login_required,
    signed_in,
)

bp = Blueprint("account", __name__, url_prefix="/konto", template_folder="templates")


class ContactForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """What a user changes alone (seed 002: Anrede/Titel, Telefon; the mail language)."""

    title = StringField(lazy_gettext("Title"), validators=optional_text(40))
    phone = StringField(lazy_gettext("Phone"), validators=optional_text(40))
    language = SelectField(
        lazy_gettext("Language of mails"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
    )


class PasswordForm(FlaskForm):  # type: ignore[misc]
    """A new password, confirmed with the current one."""

    current = PasswordField(
        lazy_gettext("Current password"),
        validators=[
            InputRequired(message=lazy_gettext("Please enter your current password.")),
            Length(max=1000, message=TOO_LONG),
        ],
    )
    password = PasswordField(lazy_gettext("New password"), validators=new_password())
    repeat = PasswordField(lazy_gettext("Repeat the new password"), validators=repeated("password"))


class EmailChangeForm(FlaskForm):  # type: ignore[misc]
    """A new address, confirmed with the current password; a link goes to the new address."""

    new_email = EmailField(
        lazy_gettext("New e-mail address"),
        validators=required(lazy_gettext("Please enter the new e-mail address.")),
    )
    email_password = PasswordField(
        lazy_gettext("Current password"),
        validators=[
            InputRequired(message=lazy_gettext("Please enter your current password.")),
            Length(max=1000, message=TOO_LONG),
        ],
    )


class ProfileChangeForm(FlaskForm):  # type: ignore[misc]
    """A request to change names or the company name (seed 002)."""

    first_name = StringField(lazy_gettext("New first name"), validators=optional_text())
    last_name = StringField(lazy_gettext("New last name"), validators=optional_text())
    company_name = StringField(lazy_gettext("New company name"), validators=optional_text())
    reason = TextAreaField(lazy_gettext("Reason (optional)"), validators=optional_text(2000))

    def validate(self, extra_validators: object = None) -> bool:
        """Require at least one of the three names."""
        if not super().validate(extra_validators):
            return False
        if not any(
            (field.data or "").strip()
            for field in (self.first_name, self.last_name, self.company_name)
        ):
            self.first_name.errors = [gettext("Please enter at least one new name.")]
            return False
        return True


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A button only (end a session)."""


def _page(
    *,
    contact: ContactForm | None = None,
    password: PasswordForm | None = None,
    email: EmailChangeForm | None = None,
    profile: ProfileChangeForm | None = None,
    error: Refusal | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    current = signed_in()
    me = current.user
    return render_template(
        "account/index.html",
        me=me,
        company=current.company(),
        role=role_name(me.role),
        contact=contact
        or ContactForm(data={"title": me.title, "phone": me.phone, "language": me.language}),
        password=password or PasswordForm(),
        email=email or EmailChangeForm(),
        profile=profile or ProfileChangeForm(),
        action_form=ActionForm(),
        sessions=list_sessions(account_services(), me.id),
        this_session=current.session_id,
        error=error,
    ), status


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """Show the own account."""
    return _page()


@bp.post("/kontaktdaten")
@login_required
def contact() -> ResponseReturnValue:
    """Save title, phone and the language of mails."""
    form = ContactForm()
    if not form.validate_on_submit():
        return _page(contact=form, status=400)
    language: Language = "en" if form.language.data == "en" else "de"
    update_contact_data(
        account_services(),
        signed_in().user.id,
        title=form.title.data or "",
        phone=form.phone.data or "",
        language=language,
    )
    flash(gettext("Your contact data are saved."), "success")
    return redirect(url_for("account.index"), 303)


@bp.post("/passwort")
@login_required
def password() -> ResponseReturnValue:
    """Change the password with the current one; every other session ends."""
    form = PasswordForm()
    if not form.validate_on_submit():
        return _page(password=form, status=400)
    current = signed_in()
    try:
        change_password(
            account_services(),
            current.user.id,
            current_password=form.current.data or "",
            new_password=form.password.data or "",
            keep_session_id=current.session_id,
        )
    except PortalkitError as refused:
        return _page(password=form, error=refusal(refused), status=status_of(refused))
    flash(gettext("Your password is changed. You are signed out everywhere else."), "success")
    return redirect(url_for("account.index"), 303)


@bp.post("/email")
@login_required
def email() -> ResponseReturnValue:
    """Start an address change with the current password; a link goes to the new address."""
    form = EmailChangeForm()
    if not form.validate_on_submit():
        return _page(email=form, status=400)
    try:
        request_email_change(
            account_services(),
            signed_in().user.id,
            new_email=(form.new_email.data or "").strip(),
            current_password=form.email_password.data or "",
        )
    except PortalkitError as refused:
        return _page(email=form, error=refusal(refused), status=status_of(refused))
    flash(
        gettext(
            "We have sent a link to %(email)s. Your address changes when you open it.",
            email=(form.new_email.data or "").strip(),
        ),
        "success",
    )
    return redirect(url_for("account.index"), 303)


@bp.route(
    "/email-bestaetigen/<string(maxlength=200):token>",
    methods=["GET", "POST"],
    endpoint="confirm_email",
)
def confirm_email_page(token: str) -> ResponseReturnValue:
    """Confirm a new address with the link sent to it (no sign-in needed: another device)."""
    form = ActionForm()
    error = None
    if form.validate_on_submit():
        try:
            user = confirm_email_change(account_services(), token)
        except PortalkitError as refused:
            error = refusal(refused)
        else:
            flash(
                gettext("Your e-mail address is now %(email)s.", email=str(user.email)),
                "success",
            )
            return redirect(url_for("account.index"), 303)
    status = 400 if error is not None else 200
    page = render_template("account/confirm_email.html", form=form, error=error, token=token)
    return page, status


@bp.post("/aenderungsantrag")
@login_required
def profile_change() -> ResponseReturnValue:
    """Ask the service company to change a name or the company name."""
    form = ProfileChangeForm()
    if not form.validate_on_submit():
        return _page(profile=form, status=400)
    request_profile_change(
        account_services(),
        signed_in().user.id,
        first_name=(form.first_name.data or "").strip() or None,
        last_name=(form.last_name.data or "").strip() or None,
        company_name=(form.company_name.data or "").strip() or None,
        reason=form.reason.data or "",
    )
    flash(
        gettext("Your request has been sent to the service company. We will get back to you."),
        "success",
    )
    return redirect(url_for("account.index"), 303)


@bp.post("/sitzungen/<string(maxlength=100):session_id>/beenden")
@login_required
def end_other_session(session_id: str) -> ResponseReturnValue:
    """Sign out one device; ending the current session signs out here."""
    current = signed_in()
    if session_id == current.session_id:
        end_session()
        flash(gettext("You have signed out."), "success")
        return redirect(url_for("auth.login"), 303)
    try:
        revoke_session(account_services(), current.user.id, session_id)
    except PortalkitError as refused:
        return _page(error=refusal(refused), status=status_of(refused))
    flash(gettext("The device is signed out."), "success")
    return redirect(url_for("account.index"), 303)
