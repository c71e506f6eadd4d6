"""The page after login: who you are, for which company, in which role."""

from __future__ import annotations

from flask import Blueprint, render_template

from portalkit.adapters.flask._labels import role_name
from portalkit.adapters.flask.services import dashboard_widget
from portalkit.adapters.flask.sessions import login_required, signed_in
from portalkit.adapters.flask.tickets import dashboard_tickets
from portalkit.policy.roles import Role

bp = Blueprint("dashboard", __name__, url_prefix="/uebersicht", template_folder="templates")


@bp.get("/")
@login_required
def index() -> str:
    """Show the signed-in user, their company and role; later areas add tickets and services."""
    current = signed_in()
    return render_template(
        "dashboard/index.html",
        me=current.user,
        company=current.company(),
        role=role_name(current.user.role),
        manages_users=current.user.role is Role.ADMINISTRATOR,
        services=dashboard_widget(),
        tickets=dashboard_tickets(current.user.id, as_loaded=current.as_loaded()),
    )
