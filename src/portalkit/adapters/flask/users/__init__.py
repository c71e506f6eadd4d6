"""User management for administrators: list, invite, change role, deactivate, reactivate.

The core decides who may (``manage_users``: administrators only), which addresses fit the
company's domains and that the last active administrator stays (seed 001); a refusal is shown
in the reader's language with its status (403 for a manager).
"""

from __future__ import annotations

from typing import Final

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField

# types-wtforms predates SelectChoice (wtforms 3.3), which replaces the deprecated tuples.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from portalkit._errors import PortalkitError
from portalkit.accounts import (
    User,
    UserStatus,
    change_role,
    deactivate_user,
    invite_user,
    list_users,
    reactivate_user,
    set_authorisations,
)
from portalkit.adapters.flask._forms import Refusal, optional_text, refusal, required
from portalkit.adapters.flask._labels import role_name, status_name
from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.errors import status_of
from portalkit.adapters.flask.i18n import current_language
from portalkit.adapters.flask.sessions import account_services, login_required, signed_in
from portalkit.policy.roles import Action, Role

bp = Blueprint("users", __name__, url_prefix="/benutzer", template_folder="templates")

_USER = "<string(maxlength=100):user_id>"


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, role_name(role)) for role in Role]


class InviteForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """Whom to invite, in which role (seed 001)."""

    email = EmailField(
        lazy_gettext("E-mail address"),
        validators=required(lazy_gettext("Please enter the e-mail address.")),
    )
    role = SelectField(lazy_gettext("Role"), default=Role.EMPLOYEE.value)
    title = StringField(lazy_gettext("Title (optional)"), validators=optional_text(40))
    first_name = StringField(lazy_gettext("First name (optional)"), validators=optional_text())
    last_name = StringField(lazy_gettext("Last name (optional)"), validators=optional_text())


class RoleForm(FlaskForm):  # type: ignore[misc]
    """The new role of one user."""

    role = SelectField(lazy_gettext("Role"))


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A button only (deactivate, reactivate)."""


AUTHORISATIONS: Final = (Action.PLACE_ORDER, Action.GIVE_INSTRUCTION)
"""The actions of :class:`AuthorisationForm`'s boxes, in the order the list shows them."""


class AuthorisationForm(FlaskForm):  # type: ignore[misc]
    """What a user may order or instruct for the company (authorised contact, seed 004)."""

    place_order = BooleanField(lazy_gettext("May place orders"))
    give_instruction = BooleanField(lazy_gettext("May give instructions"))


def _page(
    form: InviteForm | None = None, error: Refusal | None = None, status: int = 200
) -> ResponseReturnValue:
    current = signed_in()
    users = list_users(account_services(), current.user.id)
    company = current.company()
    choices = _role_choices()
    form = form or InviteForm()
    form.role.choices = choices
    rows = [
        (
            user,
            role_name(user.role),
            status_name(user.status),
            tuple(action in user.authorised_for for action in AUTHORISATIONS),
        )
        for user in users
    ]
    domains = sorted(domain.unicode for domain in company.email_domains) if company else []
    page = render_template(
        "users/index.html",
        rows=rows,
        role_choices=[(choice.value, choice.label) for choice in choices],
        me=current.user,
        form=form,
        action_form=ActionForm(),
        error=error,
        domains=domains,
        subdomains=bool(company and company.allow_subdomains),
        deactivatable=lambda user: user.status is not UserStatus.DEACTIVATED,
        reactivatable=lambda user: user.status is UserStatus.DEACTIVATED,
    )
    return page, status


def _name(user: User) -> str:
    return " ".join(part for part in (user.first_name, user.last_name) if part) or str(user.email)


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """List the company's users (administrators only)."""
    return _page()


@bp.post("/einladen")
@login_required
def invite() -> ResponseReturnValue:
    """Invite a user; the link in the mail is valid 90 days (seed 001)."""
    form = InviteForm()
    form.role.choices = _role_choices()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        invite_user(
            account_services(),
            signed_in().user.id,
            email=(form.email.data or "").strip(),
            role=Role(form.role.data),
            title=form.title.data or "",
            first_name=form.first_name.data or "",
            last_name=form.last_name.data or "",
            language=current_language(),
        )
    except PortalkitError as refused:
        return _page(form, refusal(refused), status_of(refused))
    flash(gettext("The invitation to %(email)s is on its way.", email=form.email.data), "success")
    return redirect(url_for("users.index"), 303)


@bp.post(f"/{_USER}/rolle")
@login_required
def set_role(user_id: str) -> ResponseReturnValue:
    """Give a user another role; the last administrator stays one."""
    form = RoleForm(prefix=f"u-{user_id}")
    form.role.choices = _role_choices()
    if not form.validate_on_submit():
        return _page(error=Refusal(gettext("Please choose a role.")), status=400)
    try:
        user = change_role(account_services(), signed_in().user.id, user_id, Role(form.role.data))
    except PortalkitError as refused:
        return _page(error=refusal(refused), status=status_of(refused))
    flash(
        gettext("%(name)s is now %(role)s.", name=_name(user), role=role_name(user.role)),
        "success",
    )
    return redirect(url_for("users.index"), 303)


@bp.post(f"/{_USER}/deaktivieren")
@login_required
def deactivate(user_id: str) -> ResponseReturnValue:
    """Deactivate a user: their sessions and links end at once."""
    try:
        user = deactivate_user(account_services(), signed_in().user.id, user_id)
    except PortalkitError as refused:
        return _page(error=refusal(refused), status=status_of(refused))
    flash(gettext("%(name)s is deactivated.", name=_name(user)), "success")
    return redirect(url_for("users.index"), 303)


@bp.post(f"/{_USER}/reaktivieren")
@login_required
def reactivate(user_id: str) -> ResponseReturnValue:
    """Reactivate a deactivated user."""
    try:
        user = reactivate_user(account_services(), signed_in().user.id, user_id)
    except PortalkitError as refused:
        return _page(error=refusal(refused), status=status_of(refused))
    flash(gettext("%(name)s is active again.", name=_name(user)), "success")
    return redirect(url_for("users.index"), 303)


@bp.post(f"/{_USER}/bevollmaechtigung")
@login_required
def authorise(user_id: str) -> ResponseReturnValue:
    """Set what a user may order or instruct for the company (seed 004)."""
    form = AuthorisationForm(prefix=f"a-{user_id}")
    actions = [
        action
        for action, wanted in (
            (Action.PLACE_ORDER, form.place_order.data),
            (Action.GIVE_INSTRUCTION, form.give_instruction.data),
        )
        if wanted
    ]
    try:
        user = set_authorisations(account_services(), signed_in().user.id, user_id, actions)
    except PortalkitError as refused:
        return _page(error=refusal(refused), status=status_of(refused))
    flash(gettext("The authorisations of %(name)s are saved.", name=_name(user)), "success")
    return redirect(url_for("users.index"), 303)
