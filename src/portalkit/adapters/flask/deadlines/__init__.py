"""Deadlines worth knowing: quarters for service changes, links, inactivity, retention."""

from __future__ import annotations

from flask import Blueprint, render_template

from portalkit.adapters.flask._formatting import duration
from portalkit.adapters.flask._text import gettext
from portalkit.adapters.flask.i18n import current_language
from portalkit.adapters.flask.portal import get_portal
from portalkit.calendar import (
    INACTIVITY_YEARS,
    LEAD_DAYS,
    NOTICE_DAYS,
    PAUSE_MONTHS,
    LinkPurpose,
    Quarter,
    effective_quarter_start,
    inactivity_deadline,
    notice_date,
    submission_deadline,
)

bp = Blueprint("deadlines", __name__, url_prefix="/fristen", template_folder="templates")


def _purpose_label(purpose: LinkPurpose) -> str:
    labels = {
        LinkPurpose.INVITATION: gettext("Invitation link"),
        LinkPurpose.ACTIVATION: gettext("Activation link after self-registration"),
        LinkPurpose.PASSWORD_RESET: gettext("Link to reset a forgotten password"),
        LinkPurpose.ONE_TIME_PASSWORD: gettext("One-time password"),
        LinkPurpose.EMAIL_CHANGE: gettext("Link to confirm a new e-mail address"),
    }
    return labels[purpose]


@bp.get("/")
def overview() -> str:
    """Show the deadlines that apply to a change, link or document made today.

    References:
        seed 000 (quarters, 14 days, 3 months' pause, 2 years); seeds 001 and 003 (link
        lifetimes); HGB § 257, AO § 147 (retention); DOMAIN.md § 3.
    """
    portal = get_portal()
    language = current_language()
    today = portal.now().date()
    effective = effective_quarter_start(today)
    quarter = Quarter.starting(effective)
    quarters = []
    for _ in range(4):
        quarters.append((quarter.label(language), quarter.start, submission_deadline(quarter)))
        quarter = quarter.next()
    lifetimes = [
        (_purpose_label(purpose), duration(portal.link_lifetimes.lifetime(purpose)))
        for purpose in LinkPurpose
    ]
    inactive_from = inactivity_deadline(today)
    retention = [
        (
            document_class.name(language),
            document_class.period_years,
            document_class.retain_until(today),
            document_class.source,
        )
        for document_class in portal.retention
    ]
    return render_template(
        "deadlines/overview.html",
        today=today,
        effective=effective,
        cutoff=submission_deadline(effective),
        quarters=quarters,
        lead_days=LEAD_DAYS,
        pause_months=PAUSE_MONTHS,
        lifetimes=lifetimes,
        inactivity_years=INACTIVITY_YEARS,
        inactive_from=inactive_from,
        notice_days=NOTICE_DAYS,
        notice_from=notice_date(inactive_from),
        retention=retention,
    )
