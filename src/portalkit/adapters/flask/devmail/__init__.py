"""``/dev/mails/``: the outbox as mails, so that links can be followed without a mail server.

Registered only in development mode (a production portal answers 404): the page shows
secrets (reset and invitation links) to whoever opens it.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from portalkit.adapters.flask.mail import pending_mails, render_mail
from portalkit.adapters.flask.sessions import account_services

bp = Blueprint("devmail", __name__, url_prefix="/dev/mails", template_folder="templates")


@bp.get("/")
def index() -> str:
    """List the mails in the outbox, newest first, with their links."""
    mails = [render_mail(message) for message in pending_mails(account_services())]
    return render_template("devmail/index.html", mails=mails)
