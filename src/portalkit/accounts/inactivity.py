"""The inactivity sweep: accounts unused for two years are exported and deleted.

The sweep runs in three steps per user, each its own unit of work, so it can stop anywhere
and simply run again (idempotent, restartable):

1. notice: :attr:`AccountSettings.inactivity_notice_days` before the deadline, a mail warns;
2. export: at the deadline (and not before the notice period has run), the data export (profile,
   sessions, audit entries about the user, and every part plugged in through
   :attr:`AccountServices.export_sections`, e.g. tickets; JSON via cattrs) is mailed and
   recorded;
3. deletion: only a user whose export is recorded is deleted (personal data blanked).

Any login (or activation) in between moves the deadline, and a new cycle starts. If the user
was their company's last active administrator, the company is marked as needing one.

References:
    seed 000 ("Ihre Logindaten bleiben 2 Jahre ohne Login aktiv. Danach erfolgt automatisch:
    Datenexport ... Kontolöschung"), DSGVO Art. 5(1)(e) (storage limitation), Art. 20 (data
    portability).
"""

from __future__ import annotations

import datetime as dt

import attrs
from dateutil.relativedelta import relativedelta

from portalkit.accounts._common import erase_personal_data, has_active_administrator
from portalkit.accounts._records import (
    audit,
    company_ref,
    converter,
    send,
    snapshot,
    to_json,
    user_ref,
)
from portalkit.accounts.model import CompanyStatus, MailTemplate, User, UserStatus
from portalkit.accounts.services import AccountServices, AccountSettings
from portalkit.accounts.sessions import end_sessions
from portalkit.accounts.tokens import revoke_tokens
from portalkit.calendar import inactivity_deadline, notice_date

SYSTEM = "system:inactivity"


@attrs.frozen
class SweepReport:
    """The user ids each step of one sweep dealt with."""

    notified: tuple[str, ...] = ()
    exported: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()


def last_sign_of_life(user: User) -> dt.datetime:
    """Return the instant the inactivity period runs from (last activity, else creation)."""
    return user.last_activity or user.created_at


def deletion_due_at(user: User, settings: AccountSettings) -> dt.datetime:
    """Return when *user*'s data are exported and deleted if nothing happens until then.

    Never earlier than the notice period after the notice actually sent: a sweep that starts
    late still gives the user the full warning time.
    """
    deadline = inactivity_deadline(last_sign_of_life(user), settings.inactivity_years)
    notice = _notice_of_this_cycle(user)
    if notice is not None:
        deadline = max(deadline, notice + dt.timedelta(days=settings.inactivity_notice_days))
    return deadline


def _notice_of_this_cycle(user: User) -> dt.datetime | None:
    notice = user.inactivity_notice_at
    return notice if notice is not None and notice >= last_sign_of_life(user) else None


def _export_of_this_cycle(user: User) -> dt.datetime | None:
    exported = user.exported_at
    return exported if exported is not None and exported >= last_sign_of_life(user) else None


def candidates_cutoff(now: dt.datetime, settings: AccountSettings) -> dt.datetime:
    """Return the instant before which a last sign of life may make a user due at *now*.

    A user is due for the notice once ``now`` reaches the notice date, i.e. roughly when the
    last sign of life lies ``inactivity_years`` minus ``inactivity_notice_days`` back. Two
    days of slack cover the calendar's edges (29 February, a DST shift of the wall time):
    the sweep checks every candidate exactly, so a few too many cost nothing, one too few
    would be a bug. Users further in the notice-export-delete cycle are older still.
    """
    return (
        now
        - relativedelta(years=settings.inactivity_years)
        + dt.timedelta(days=settings.inactivity_notice_days + 2)
    )


def sweep_inactive_users(services: AccountServices) -> SweepReport:
    """Run one sweep over the users that may be due: notify, export, delete, as due.

    The candidates come from :meth:`UserRepository.inactive_since
    <portalkit.accounts.ports.UserRepository.inactive_since>`, so a sweep costs in proportion
    to the users near or past their deadline, not to all users.

    Returns:
        Which users were notified, exported and deleted in this run.
    """
    notified: list[str] = []
    exported: list[str] = []
    deleted: list[str] = []
    with services.unit_of_work() as uow:
        cutoff = candidates_cutoff(services.now(), services.settings)
        user_ids = [user.id for user in uow.users.inactive_since(cutoff)]
    for user_id in user_ids:
        if _notify(services, user_id):
            notified.append(user_id)
        if _export(services, user_id):
            exported.append(user_id)
        if _delete(services, user_id):
            deleted.append(user_id)
    return SweepReport(tuple(notified), tuple(exported), tuple(deleted))


def _notify(services: AccountServices, user_id: str) -> bool:
    settings = services.settings
    now = services.now()
    with services.unit_of_work() as uow:
        user = uow.users.get(user_id)
        if user is None or user.status is UserStatus.DELETED or _notice_of_this_cycle(user):
            return False
        deadline = inactivity_deadline(last_sign_of_life(user), settings.inactivity_years)
        if now < notice_date(deadline, settings.inactivity_notice_days):
            return False
        after = attrs.evolve(user, inactivity_notice_at=now)
        uow.users.save(after)
        send(
            uow,
            services,
            recipient=user.email,
            template=MailTemplate.INACTIVITY_NOTICE,
            params={"deletion_at": deletion_due_at(after, settings).isoformat()},
            language=user.language,
        )
        audit(
            uow,
            services,
            actor=SYSTEM,
            action="user.inactivity_notice",
            target=user_ref(user.id),
            company_id=user.company_id,
            before=user,
            after=after,
        )
        uow.commit()
    return True


def _export(services: AccountServices, user_id: str) -> bool:
    now = services.now()
    with services.unit_of_work() as uow:
        user = uow.users.get(user_id)
        if (
            user is None
            or user.status is UserStatus.DELETED
            or _notice_of_this_cycle(user) is None
            or _export_of_this_cycle(user) is not None
            or now < deletion_due_at(user, services.settings)
        ):
            return False
        document = {
            "profile": snapshot(user),
            "sessions": [snapshot(session) for session in uow.sessions.for_user(user.id)],
            # Only events about the user: those the user caused about others would hand
            # other people's data out with this export.
            "audit": [snapshot(event) for event in uow.audit.about(user_ref(user.id))],
            "exported_at": now.isoformat(),
        }
        for section in services.export_sections:
            document[section.name] = converter.unstructure(section.collect(uow, user))
        send(
            uow,
            services,
            recipient=user.email,
            template=MailTemplate.DATA_EXPORT,
            params={"exported_at": now.isoformat()},
            language=user.language,
            attachment=to_json(document),
        )
        after = attrs.evolve(user, exported_at=now)
        uow.users.save(after)
        audit(
            uow,
            services,
            actor=SYSTEM,
            action="user.exported",
            target=user_ref(user.id),
            company_id=user.company_id,
            after={"exported_at": now.isoformat()},
        )
        uow.commit()
    return True


def _delete(services: AccountServices, user_id: str) -> bool:
    now = services.now()
    with services.unit_of_work() as uow:
        user = uow.users.get(user_id)
        if user is None or user.status is UserStatus.DELETED or _export_of_this_cycle(user) is None:
            return False
        after = erase_personal_data(user, now)
        uow.users.save(after)
        end_sessions(uow, user.id, now, "deleted")
        revoke_tokens(uow.tokens, user_id=user.id, now=now)
        # The event names the user by id only: the personal data must not live on in the log.
        audit(
            uow,
            services,
            actor=SYSTEM,
            action="user.deleted_inactive",
            target=user_ref(user.id),
            company_id=user.company_id,
            after={"status": str(UserStatus.DELETED)},
        )
        company = uow.companies.get(user.company_id)
        if (
            user.is_active_administrator
            and company is not None
            and company.status is CompanyStatus.ACTIVE
            and not has_active_administrator(uow, company.id)
        ):
            marked = attrs.evolve(company, status=CompanyStatus.NEEDS_ADMINISTRATOR)
            uow.companies.save(marked)
            audit(
                uow,
                services,
                actor=SYSTEM,
                action="company.needs_administrator",
                target=company_ref(company.id),
                company_id=company.id,
                before=company,
                after=marked,
            )
        uow.commit()
    return True
