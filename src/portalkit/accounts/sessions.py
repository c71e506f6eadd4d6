"""Sessions: started at login, ended at logout, expiry, deactivation and password change.

The session secret (the cookie value) has 256 random bits and is stored only as its SHA-256
hash. A session ends after :attr:`AccountSettings.session_idle` without a request and at the
latest :attr:`AccountSettings.session_absolute` after login.

References:
    DOMAIN.md §6 ("sessions end at logout, deactivation and password change"); OWASP Session
    Management Cheat Sheet (idle and absolute timeouts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from portalkit._errors import ConflictError
from portalkit.accounts._common import load_user
from portalkit.accounts._records import audit, user_ref
from portalkit.accounts.errors import SessionExpiredError, SessionNotFoundError
from portalkit.accounts.model import Company, CompanyStatus, Session, User
from portalkit.accounts.ports import (
    SessionOwner,
    SessionRepository,
    UnitOfWork,
    read_session_owner,
    session_with_owner,
)
from portalkit.accounts.services import AccountServices, AccountSettings
from portalkit.accounts.tokens import hash_secret, new_secret


@attrs.frozen
class StartedSession:
    """A new session and its secret, which goes into the cookie and is never stored."""

    session: Session
    secret: str = attrs.field(repr=False)


@attrs.frozen
class AuthenticatedSession:
    """A session that is still open, with its user and the user's company as checked."""

    session: Session
    user: User
    company: Company | None = None


def session_open(session: Session, now: dt.datetime, settings: AccountSettings) -> bool:
    """Tell whether *session* still works at *now* (not revoked, neither idle nor too old)."""
    return (
        session.revoked_at is None
        and now < session.last_seen_at + settings.session_idle
        and now < session.created_at + settings.session_absolute
    )


def seen(session: Session, now: dt.datetime, settings: AccountSettings) -> Session:
    """Return *session* marked as used at *now*, or *session* itself if that needs no write.

    A write only when the stored ``last_seen_at`` is :attr:`AccountSettings.session_touch` or
    more behind *now*: a page of a busy user then only reads its session, and the idle timeout
    counts from a request at most that interval earlier than the last one.
    """
    if now - session.last_seen_at < settings.session_touch:
        return session
    return attrs.evolve(session, last_seen_at=now)


def start_session(
    uow: UnitOfWork, services: AccountServices, user: User, *, device: str = ""
) -> StartedSession:
    """Create a session for *user* inside the caller's unit of work (used by login)."""
    return open_session(uow.sessions, services, user.id, device=device)


def open_session(
    sessions: SessionRepository, services: AccountServices, owner_id: str, *, device: str = ""
) -> StartedSession:
    """Create and save a session of *owner_id* in *sessions* (a user's or an operator's)."""
    now = services.now()
    secret = new_secret()
    session = Session(
        id=services.new_id(),
        user_id=owner_id,
        secret_hash=hash_secret(secret),
        created_at=now,
        last_seen_at=now,
        device=device[:200],
    )
    sessions.save(session)
    return StartedSession(session, secret)


def end_sessions(
    uow: UnitOfWork,
    user_id: str,
    now: dt.datetime,
    reason: str,
    *,
    keep: str | None = None,
) -> int:
    """Revoke every session of the user still running (except *keep*); return how many."""
    return revoke_running(uow.sessions, user_id, now, reason, keep=keep)


def revoke_running(
    sessions: SessionRepository,
    owner_id: str,
    now: dt.datetime,
    reason: str,
    *,
    keep: str | None = None,
) -> int:
    """Revoke the running sessions of *owner_id* in *sessions* (a user's or an operator's)."""
    count = 0
    for session in sessions.for_user(owner_id):
        if session.revoked_at is None and session.id != keep:
            sessions.save(attrs.evolve(session, revoked_at=now, revoke_reason=reason))
            count += 1
    return count


def authenticate(services: AccountServices, secret: str) -> AuthenticatedSession:
    """Return the open session for the cookie value *secret* and mark it as used now.

    Every signed-in request asks this, so it reads the session, its user and their company
    together (:func:`~portalkit.accounts.ports.session_with_owner`: one query on stores that
    have it). Only when the session's ``last_seen_at`` is due for a write
    (:attr:`AccountSettings.session_touch`) does it read them again inside the unit of work
    and decide on those rows, so that the write never brings back a session another request
    has just ended.

    A store that aborts one of two concurrent writers (PostgreSQL) may refuse the touch when
    two requests of one session come at once; the loser then decides on the winner's write
    instead of failing.

    Raises:
        SessionExpiredError: unknown, revoked or expired session, or an account or company that
            no longer works.
    """
    now = services.now()
    settings = services.settings
    secret_hash = hash_secret(secret)
    try:
        with services.unit_of_work() as uow:
            found = _still_open(session_with_owner(uow, secret_hash), now, settings)
            if seen(found.session, now, settings) is found.session:
                return found
            found = _still_open(read_session_owner(uow, secret_hash), now, settings)
            touched = seen(found.session, now, settings)
            if touched is not found.session:
                uow.sessions.save(touched)
                uow.commit()
    except ConflictError:
        # A store that aborts one of two concurrent writers (PostgreSQL) refused the touch:
        # another request wrote this session first (its own touch, or its end). Decide on
        # what that write left, and write nothing: a plain page load is no form to resend.
        with services.unit_of_work() as uow:
            return _still_open(session_with_owner(uow, secret_hash), now, settings)
    return AuthenticatedSession(touched, found.user, found.company)


def _still_open(
    found: SessionOwner | None, now: dt.datetime, settings: AccountSettings
) -> AuthenticatedSession:
    # The one decision of authenticate(): which sessions still work at *now*.
    if found is None or not session_open(found.session, now, settings):
        raise SessionExpiredError
    user, company = found.user, found.company
    if user is None or not user.usable or company is None or company.status is CompanyStatus.CLOSED:
        raise SessionExpiredError
    return AuthenticatedSession(found.session, user, company)


def list_sessions(services: AccountServices, user_id: str) -> list[Session]:
    """Return the user's open sessions, newest first (for "where am I signed in")."""
    now = services.now()
    with services.unit_of_work() as uow:
        load_user(uow, user_id)
        sessions = [
            session
            for session in uow.sessions.for_user(user_id)
            if session_open(session, now, services.settings)
        ]
    return sorted(sessions, key=lambda session: session.created_at, reverse=True)


def revoke_session(services: AccountServices, user_id: str, session_id: str) -> Session:
    """End one of the user's own sessions ("sign out this device").

    Raises:
        SessionNotFoundError: if the user has no session with this id.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        session = uow.sessions.get(session_id)
        if session is None or session.user_id != user_id:
            raise SessionNotFoundError(session_id)
        ended = attrs.evolve(session, revoked_at=session.revoked_at or now, revoke_reason="revoked")
        uow.sessions.save(ended)
        audit(
            uow,
            services,
            actor=user_ref(user_id),
            action="session.revoked",
            target=user_ref(user_id),
            company_id=None,
            before=session,
            after=ended,
        )
        uow.commit()
    return ended


def logout(services: AccountServices, secret: str) -> None:
    """End the session whose cookie value is *secret*; an unknown secret is ignored."""
    end_by_secret(services, secret, lambda uow: uow.sessions, user_ref, "session.logout")


def end_by_secret(
    services: AccountServices,
    secret: str,
    sessions_of: Callable[[UnitOfWork], SessionRepository],
    ref: Callable[[str], str],
    action: str,
) -> None:
    """End the session of *secret* in the repository *sessions_of* picks, with its audit event.

    Shared by the users' and the operators' logout; an unknown or ended session is ignored.
    *ref* names the owner in the audit log, *action* is the event's action.
    """
    now = services.now()
    with services.unit_of_work() as uow:
        sessions = sessions_of(uow)
        session = sessions.by_hash(hash_secret(secret))
        if session is None or session.revoked_at is not None:
            return
        ended = attrs.evolve(session, revoked_at=now, revoke_reason="logout")
        sessions.save(ended)
        audit(
            uow,
            services,
            actor=ref(session.user_id),
            action=action,
            target=ref(session.user_id),
            company_id=None,
            before=session,
            after=ended,
        )
        uow.commit()


def logout_everywhere(services: AccountServices, user_id: str) -> int:
    """End every session of the user; return how many were running."""
    now = services.now()
    with services.unit_of_work() as uow:
        user = load_user(uow, user_id)
        count = end_sessions(uow, user_id, now, "logout_everywhere")
        audit(
            uow,
            services,
            actor=user_ref(user_id),
            action="session.logout_everywhere",
            target=user_ref(user_id),
            company_id=user.company_id,
            after={"ended": count},
        )
        uow.commit()
    return count
