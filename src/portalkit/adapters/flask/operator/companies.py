"""Operators' pages for customers: companies and their users, access requests, first
administrators and the last-administrator override.

The core decides everything (:mod:`portalkit.accounts.operators`): customer numbers and
domains, the domain rule for the invited administrator, the 10-Werktage deadline of an access
request, marking a company that lost its last administrator. A refusal is shown on the page
it came from, in the reader's language, with its status.

References:
    seed 000 (access requests within 10 Werktage), seed 001 (the operator invites the first
    master user and deactivates the last one), DOMAIN.md §2.
"""

from __future__ import annotations

import re

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField

# types-wtforms predates SelectChoice (wtforms 3.3), which replaces the deprecated tuples.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]

from portalkit._errors import PortalkitError
from portalkit.accounts import (
    AccessRequest,
    AccessRequestStatus,
    CompanyStatus,
    Override,
    User,
    UserNotFoundError,
    UserStatus,
    complete_access_request,
    create_company,
    invite_administrator,
    list_access_requests,
    list_companies,
    list_company_users,
    override_last_administrator,
)
from portalkit.adapters.flask._forms import Refusal, optional_text, refusal, required
from portalkit.adapters.flask._labels import role_name, status_name
from portalkit.adapters.flask._text import gettext, lazy_gettext
from portalkit.adapters.flask.errors import status_of
from portalkit.adapters.flask.operator.sessions import operator_required, signed_in_operator
from portalkit.adapters.flask.operator.views import bp
from portalkit.adapters.flask.sessions import account_services
from portalkit.policy.roles import Role

_ID = "<string(maxlength=100):{}>"
_COMPANY = _ID.format("company_id")
_USER = _ID.format("user_id")
_REQUEST = _ID.format("request_id")


def company_status_name(status: CompanyStatus) -> str:
    """Return the name of a company's state."""
    names = {
        CompanyStatus.ACTIVE: gettext("Active"),
        CompanyStatus.NEEDS_ADMINISTRATOR: gettext("Needs a new administrator"),
        CompanyStatus.CLOSED: gettext("Closed"),
    }
    return names.get(status, str(status))


class CompanyForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type hints
    """A new customer company."""

    customer_number = StringField(
        lazy_gettext("Customer number"),
        validators=required(lazy_gettext("Please enter the customer number.")),
    )
    name = StringField(
        lazy_gettext("Company name"),
        validators=required(lazy_gettext("Please enter the company's name.")),
    )
    domains = StringField(
        lazy_gettext("E-mail domains (separated by commas; empty: any address)"),
        validators=optional_text(1000),
    )
    allow_subdomains = BooleanField(lazy_gettext("Addresses in subdomains count as well"))


class AdministratorForm(FlaskForm):  # type: ignore[misc]
    """Whom to invite as the company's (first or new) administrator (seed 001)."""

    email = EmailField(
        lazy_gettext("E-mail address"),
        validators=required(lazy_gettext("Please enter the e-mail address.")),
    )
    title = StringField(lazy_gettext("Title (optional)"), validators=optional_text(40))
    first_name = StringField(lazy_gettext("First name (optional)"), validators=optional_text())
    last_name = StringField(lazy_gettext("Last name (optional)"), validators=optional_text())
    language = SelectField(lazy_gettext("Language of the invitation"), default="de")


class OverrideForm(FlaskForm):  # type: ignore[misc]
    """How to take an administrator away although they may be the last one (seed 001)."""

    change = SelectField(lazy_gettext("Change"), default=Override.DEACTIVATE.value)


class ButtonForm(FlaskForm):  # type: ignore[misc]
    """A button only (mark an access request as done)."""


def _language_choices() -> list[SelectChoice]:
    return [SelectChoice("de", "Deutsch"), SelectChoice("en", "English")]


def _override_choices() -> list[SelectChoice]:
    return [
        SelectChoice(Override.DEACTIVATE.value, gettext("Deactivate")),
        SelectChoice(Override.DEMOTE.value, gettext("Make manager")),
    ]


def _domains(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text) if part]


def _name(user: User) -> str:
    return user.display_name or str(user.email)


# --- Companies -------------------------------------------------------------------------------


def _companies_page(
    form: CompanyForm | None = None, error: Refusal | None = None, status: int = 200
) -> ResponseReturnValue:
    companies = list_companies(account_services(), signed_in_operator())
    if form is None:
        # Prefilled from an access request's "set up a company" link.
        form = CompanyForm(
            formdata=None,
            data={
                "name": request.args.get("name", "")[:200],
                "customer_number": request.args.get("customer_number", "")[:200],
                "domains": request.args.get("domain", "")[:200],
            },
        )
    page = render_template(
        "operator/companies.html",
        companies=companies,
        form=form,
        error=error,
        status_name=company_status_name,
    )
    return page, status


@bp.get("/firmen/")
@operator_required
def companies() -> ResponseReturnValue:
    """List every company, those needing an administrator first."""
    return _companies_page()


@bp.post("/firmen/")
@operator_required
def create_company_page() -> ResponseReturnValue:
    """Create a company; it is internal if one of its domains belongs to the service group."""
    form = CompanyForm()
    if not form.validate_on_submit():
        return _companies_page(form, status=400)
    try:
        company = create_company(
            account_services(),
            signed_in_operator(),
            customer_number=form.customer_number.data or "",
            name=form.name.data or "",
            email_domains=_domains(form.domains.data or ""),
            allow_subdomains=bool(form.allow_subdomains.data),
        )
    except PortalkitError as refused:
        return _companies_page(form, refusal(refused), status_of(refused))
    flash(gettext("The company %(name)s is created.", name=company.name), "success")
    return redirect(url_for("operator.company", company_id=company.id), 303)


def _company_page(
    company_id: str,
    form: AdministratorForm | None = None,
    error: Refusal | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    company, users = list_company_users(account_services(), signed_in_operator(), company_id)
    form = form or AdministratorForm()
    form.language.choices = _language_choices()
    overrides = []
    for user in users:
        override = OverrideForm(prefix=f"o-{user.id}")
        override.change.choices = _override_choices()
        overrides.append(
            (
                user,
                role_name(user.role),
                status_name(user.status),
                override if user.is_active_administrator else None,
            )
        )
    page = render_template(
        "operator/company.html",
        company=company,
        rows=overrides,
        domains=sorted(domain.unicode for domain in company.email_domains),
        form=form,
        error=error,
        status_name=company_status_name,
        open_company=company.status is not CompanyStatus.CLOSED,
        administrators=sum(1 for user in users if user.is_active_administrator),
        invited=[
            user
            for user in users
            if user.status is UserStatus.INVITED and user.role is Role.ADMINISTRATOR
        ],
    )
    return page, status


@bp.get(f"/firmen/{_COMPANY}/")
@operator_required
def company(company_id: str) -> ResponseReturnValue:
    """One company: its data, its users, inviting an administrator, the override."""
    return _company_page(company_id)


@bp.post(f"/firmen/{_COMPANY}/administrator")
@operator_required
def invite_administrator_page(company_id: str) -> ResponseReturnValue:
    """Invite the company's first (or a new) administrator; the link is valid 90 days."""
    form = AdministratorForm()
    form.language.choices = _language_choices()
    if not form.validate_on_submit():
        return _company_page(company_id, form, status=400)
    try:
        invitation = invite_administrator(
            account_services(),
            signed_in_operator(),
            company_id,
            email=(form.email.data or "").strip(),
            title=form.title.data or "",
            first_name=form.first_name.data or "",
            last_name=form.last_name.data or "",
            language="en" if form.language.data == "en" else "de",
        )
    except PortalkitError as refused:
        return _company_page(company_id, form, refusal(refused), status_of(refused))
    flash(
        gettext("The invitation to %(email)s is on its way.", email=str(invitation.user.email)),
        "success",
    )
    return redirect(url_for("operator.company", company_id=company_id), 303)


@bp.post(f"/benutzer/{_USER}/uebersteuern")
@operator_required
def override(user_id: str) -> ResponseReturnValue:
    """Deactivate or demote an administrator even if they are the last one (seed 001)."""
    services = account_services()
    operator = signed_in_operator()
    form = OverrideForm(prefix=f"o-{user_id}")
    form.change.choices = _override_choices()
    with services.unit_of_work() as uow:
        target = uow.users.get(user_id)
    if target is None or target.status is UserStatus.DELETED:
        raise UserNotFoundError(user_id)  # the error page: 404
    if not form.validate_on_submit():
        return _company_page(
            target.company_id, error=Refusal(gettext("Please choose a change.")), status=400
        )
    try:
        after = override_last_administrator(
            services, operator, user_id, change=Override(form.change.data)
        )
    except PortalkitError as refused:
        return _company_page(target.company_id, error=refusal(refused), status=status_of(refused))
    with services.unit_of_work() as uow:
        company_after = uow.companies.get(after.company_id)
    if after.status is UserStatus.DEACTIVATED:
        flash(gettext("%(name)s is deactivated.", name=_name(after)), "success")
    else:
        flash(
            gettext("%(name)s is now %(role)s.", name=_name(after), role=role_name(after.role)),
            "success",
        )
    if company_after is not None and company_after.status is CompanyStatus.NEEDS_ADMINISTRATOR:
        flash(gettext("The company has no administrator now: please invite a new one."), "info")
    return redirect(url_for("operator.company", company_id=after.company_id), 303)


# --- Access requests -------------------------------------------------------------------------


@bp.get("/zugangsanfragen/")
@operator_required
def access_requests() -> ResponseReturnValue:
    """The access requests, nearest deadline first (10 Werktage, seed 000)."""
    services = account_services()
    show_all = request.args.get("alle") == "1"
    requests = list_access_requests(services, signed_in_operator(), open_only=not show_all)
    today = services.today()
    return render_template(
        "operator/access_requests.html",
        requests=requests,
        today=today,
        show_all=show_all,
        button=ButtonForm(),
        days_left=lambda deadline: (deadline - today).days,
        is_open=lambda item: item.status is AccessRequestStatus.OPEN,
        company_link=_company_link,
    )


def _company_link(item: AccessRequest) -> str:
    return url_for(
        "operator.companies",
        name=item.company_name,
        customer_number=item.customer_number,
        domain=item.email.domain.unicode,
        _anchor="new",
    )


@bp.post(f"/zugangsanfragen/{_REQUEST}/erledigt")
@operator_required
def complete_request(request_id: str) -> ResponseReturnValue:
    """Mark an access request as dealt with."""
    # The form is a button: CSRFProtect has checked its token before the view runs.
    done = complete_access_request(account_services(), signed_in_operator(), request_id)
    flash(gettext("The request of %(name)s is done.", name=done.contact_name), "success")
    return redirect(url_for("operator.access_requests"), 303)
