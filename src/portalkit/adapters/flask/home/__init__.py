"""The public start page: what the portal offers and when support is there."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from portalkit.adapters.flask._formatting import state_name
from portalkit.adapters.flask.i18n import current_language
from portalkit.adapters.flask.portal import get_portal

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
def index() -> str:
    """Show the start page (seed 000: "Ihr Kundenportal")."""
    portal = get_portal()
    return render_template(
        "home/index.html",
        access_request_days=portal.access_request_days,
        holiday_state=state_name(current_app.config["HOLIDAY_STATE"], current_language()),
    )
