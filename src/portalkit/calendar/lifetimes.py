"""How long the links and codes the portal sends by e-mail stay valid.

A lifetime is elapsed time, not wall time: a link issued on 29 March 2025 at 12:00 in Berlin
with a lifetime of 24 hours expires on 30 March at 13:00, because the clocks went forward in
between. Every lifetime is valid for the half-open interval ``[issued_at, expires_at)``: the
expiry instant itself already counts as expired.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from portalkit._errors import InvalidValueError, NotFoundError
from portalkit.clock import require_aware


class LinkPurpose(enum.StrEnum):
    """What a link or code sent by e-mail is for.

    References:
        seed 001 (invitation link), seed 003 (activation link, "Passwort vergessen"),
        seed 004 ("Einmal-Kennwort").
    """

    INVITATION = "invitation"
    """An administrator or operator invites a person to register (seed 001)."""
    ACTIVATION = "activation"
    """A self-registered user confirms the e-mail address (seed 003)."""
    PASSWORD_RESET = "password_reset"
    """A user who forgot the password sets a new one (all seeds)."""
    ONE_TIME_PASSWORD = "one_time_password"
    """A one-time password sent instead of a reset link (seed 004)."""
    EMAIL_CHANGE = "email_change"
    """A user confirms a new e-mail address."""


class LifetimeNotPositiveError(InvalidValueError):
    """A link lifetime is zero or negative, so every link would be born expired."""

    code = "lifetime_not_positive"

    def __init__(self, purpose: str, lifetime: dt.timedelta) -> None:
        self.purpose = purpose
        self.lifetime = lifetime
        super().__init__(purpose=purpose, lifetime=lifetime)


class UnknownLinkPurposeError(NotFoundError):
    """A link purpose was named that portalkit does not know."""

    code = "unknown_link_purpose"

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose
        self.known = tuple(LinkPurpose)
        super().__init__(purpose=purpose, known=self.known)


def _positive(instance: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
    if not isinstance(value, dt.timedelta):
        msg = f"{attribute.name} must be a timedelta, not {type(value).__name__}"
        raise TypeError(msg)
    if value <= dt.timedelta(0):
        raise LifetimeNotPositiveError(attribute.name, value)


@attrs.frozen
class LinkLifetimes:
    """The lifetime of each kind of link or code, as configuration.

    The defaults follow the seeds where they state a lifetime and common practice where they
    do not. Change one with :func:`attrs.evolve`:

    >>> import datetime as dt
    >>> import attrs
    >>> lifetimes = attrs.evolve(LinkLifetimes(), password_reset=dt.timedelta(minutes=30))
    >>> issued = dt.datetime(2025, 3, 29, 12, 0, tzinfo=dt.UTC)
    >>> lifetimes.expires_at("password_reset", issued).isoformat()
    '2025-03-29T12:30:00+00:00'

    Attributes:
        invitation: an invitation to register; 90 days (seed 001).
        activation: the activation link after self-registration; 24 hours (seed 003).
        password_reset: a reset link; short-lived, 1 hour by default.
        one_time_password: a one-time password; 15 minutes by default.
        email_change: the confirmation of a new e-mail address; 24 hours by default.

    Raises:
        LifetimeNotPositiveError: if a lifetime is zero or negative.

    References:
        seed 001 ("Dieser Link ist 90 Tage gültig"), seed 003 ("nur innerhalb der nächsten
        24 Stunden gültig"), seed 004 ("Einmal-Kennwort"); DOMAIN.md § 3 "Link lifetimes".
    """

    invitation: dt.timedelta = attrs.field(default=dt.timedelta(days=90), validator=_positive)
    activation: dt.timedelta = attrs.field(default=dt.timedelta(hours=24), validator=_positive)
    password_reset: dt.timedelta = attrs.field(default=dt.timedelta(hours=1), validator=_positive)
    one_time_password: dt.timedelta = attrs.field(
        default=dt.timedelta(minutes=15), validator=_positive
    )
    email_change: dt.timedelta = attrs.field(default=dt.timedelta(hours=24), validator=_positive)

    def lifetime(self, purpose: LinkPurpose | str) -> dt.timedelta:
        """Return how long a link for *purpose* stays valid.

        Raises:
            UnknownLinkPurposeError: if *purpose* names no :class:`LinkPurpose`.
        """
        value: dt.timedelta = getattr(self, _purpose(purpose).value)
        return value

    def expires_at(self, purpose: LinkPurpose | str, issued_at: dt.datetime) -> dt.datetime:
        """Return the instant a link for *purpose* issued at *issued_at* expires.

        The result is exactly :meth:`lifetime` of elapsed time after *issued_at*, shown in the
        time zone of *issued_at*. From that instant on the link is expired.

        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> issued = dt.datetime(2025, 3, 29, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
        >>> LinkLifetimes().expires_at(LinkPurpose.ACTIVATION, issued).isoformat()
        '2025-03-30T13:00:00+02:00'

        Raises:
            NaiveDatetimeError: if *issued_at* is naive.
            UnknownLinkPurposeError: if *purpose* names no :class:`LinkPurpose`.
        """
        lifetime = self.lifetime(purpose)
        issued = require_aware(issued_at, "issued_at")
        # Adding to an aware datetime adds wall time; add in UTC to add elapsed time.
        return (issued.astimezone(dt.UTC) + lifetime).astimezone(issued.tzinfo)

    def is_expired(
        self, purpose: LinkPurpose | str, issued_at: dt.datetime, now: dt.datetime
    ) -> bool:
        """Tell whether a link for *purpose* issued at *issued_at* has expired at *now*.

        The expiry instant itself counts as expired: a 24-hour link issued at 12:00 is valid
        up to 11:59:59.999999 the next day.

        Raises:
            NaiveDatetimeError: if *issued_at* or *now* is naive.
            UnknownLinkPurposeError: if *purpose* names no :class:`LinkPurpose`.
        """
        # Compared in UTC: Python compares two datetimes of the same zone by wall time, which
        # is ambiguous in the hour the clocks go back.
        expires = self.expires_at(purpose, issued_at).astimezone(dt.UTC)
        return require_aware(now, "now").astimezone(dt.UTC) >= expires

    def remaining(
        self, purpose: LinkPurpose | str, issued_at: dt.datetime, now: dt.datetime
    ) -> dt.timedelta:
        """Return how long a link for *purpose* stays valid after *now*; zero once expired.

        Raises:
            NaiveDatetimeError: if *issued_at* or *now* is naive.
            UnknownLinkPurposeError: if *purpose* names no :class:`LinkPurpose`.
        """
        expires = self.expires_at(purpose, issued_at).astimezone(dt.UTC)
        left = expires - require_aware(now, "now").astimezone(dt.UTC)
        return max(left, dt.timedelta(0))


def _purpose(purpose: LinkPurpose | str) -> LinkPurpose:
    try:
        return LinkPurpose(purpose)
    except ValueError:
        raise UnknownLinkPurposeError(str(purpose)) from None
