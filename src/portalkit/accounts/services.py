"""What the account use cases need: settings and the ports they are wired to.

Wiring happens in one factory per application (the Flask portal, a test), never at import time:
build one :class:`AccountServices` and pass it to the use cases.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Protocol

import attrs

from portalkit.accounts.model import CustomerNumberFormat, TokenPurpose, User
from portalkit.accounts.ports import UnitOfWork
from portalkit.calendar import INACTIVITY_YEARS, NOTICE_DAYS, LinkLifetimes
from portalkit.clock import Clock
from portalkit.policy import PasswordContext
from portalkit.policy.emails import GroupDomains
from portalkit.policy.hashing import PasswordHasher


class PasswordValidator(Protocol):
    """The part of :class:`portalkit.policy.PasswordPolicy` the use cases rely on.

    Any object with this method will do, e.g. a policy that also asks a breach service.
    """

    def validate(
        self,
        password: str,
        *,
        context: PasswordContext | None = None,
        previous_hashes: Sequence[str] = (),
        hasher: PasswordHasher | None = None,
    ) -> object:
        """Return normally if *password* is acceptable; raise a ``PortalkitError`` if not."""
        ...


class WorkingDays(Protocol):
    """Adds working days to a date (e.g. :class:`portalkit.calendar.WorkingCalendar`)."""

    def add_working_days(self, day: dt.date, count: int, /) -> dt.date:
        """Return the date *count* working days after *day*."""
        ...


class ExportSection(Protocol):
    """Adds one part to a user's data export, e.g. their tickets (seed 000).

    Other areas plug their data into the inactivity export with one of these, without the
    account area knowing them; whatever :meth:`collect` returns is unstructured with cattrs.
    """

    @property
    def name(self) -> str:
        """The key of the part in the export document (e.g. ``"tickets"``)."""
        ...

    def collect(self, uow: UnitOfWork, user: User) -> object:
        """Return the user's data of this part, read through *uow*."""
        ...


class LoginMethod(enum.StrEnum):
    """How users name themselves at login.

    ``email``: the e-mail address is the user name (seeds 001, 003). ``customer_number``: the
    customer number identifies the company (seeds 002, 004); when the company has more than one
    usable account, the e-mail address is needed as well.
    """

    EMAIL = "email"
    CUSTOMER_NUMBER = "customer_number"


def _berlin() -> dt.tzinfo:
    return zoneinfo.ZoneInfo("Europe/Berlin")


def _touch_interval(settings: AccountSettings, _: object, value: dt.timedelta) -> None:
    if not dt.timedelta(0) <= value < settings.session_idle:
        msg = f"session_touch must lie in [0, session_idle), got {value}"
        raise ValueError(msg)


@attrs.frozen
class AccountSettings:
    """The configurable numbers and choices of the account area, with the seeds' defaults.

    Attributes:
        login_methods: the accepted ways to log in.
        max_failed_logins: consecutive failures that lock an account.
        lockout: how long a lockout lasts.
        session_idle: a session ends after this long without a request.
        session_absolute: a session ends this long after login, however busy.
        session_touch: a request writes the session's ``last_seen_at`` only when the stored
            one is at least this old, so most requests only read; the idle timeout then ends
            a session between ``session_idle - session_touch`` and ``session_idle`` after its
            last request. ``timedelta(0)`` writes on every request.
        token_lifetimes: how long links stay valid (:class:`portalkit.calendar.LinkLifetimes`).
        reset_purpose: whether "forgot password" sends a reset link or a one-time password.
        password_history: how many earlier hashes are kept for the reuse check (at least the
            policy's ``history_size``).
        inactivity_years: after how many years without login an account is deleted.
        inactivity_notice_days: how many days before that the user is told.
        access_request_working_days: the deadline of an access request in Werktage.
        default_user_limit: the user limit of companies outside the service group.
        customer_numbers: the format of customer numbers.
        group_domains: the service group's domains; companies inside them are internal.
        timezone: the portal's local time zone, for dates shown to users.

    References:
        seed 000 (10 Werktage, 2 years, internal customers), seed 001 (90 days), seed 003
        (24 hours), DOMAIN.md §6; OWASP Session Management Cheat Sheet (idle/absolute timeouts).
    """

    login_methods: frozenset[LoginMethod] = frozenset(LoginMethod)
    max_failed_logins: int = 5
    lockout: dt.timedelta = dt.timedelta(minutes=15)
    session_idle: dt.timedelta = dt.timedelta(minutes=30)
    session_absolute: dt.timedelta = dt.timedelta(hours=12)
    session_touch: dt.timedelta = attrs.field(
        default=dt.timedelta(seconds=60), validator=_touch_interval
    )
    token_lifetimes: LinkLifetimes = attrs.field(factory=LinkLifetimes)
    reset_purpose: TokenPurpose = TokenPurpose.PASSWORD_RESET
    password_history: int = 5
    inactivity_years: int = INACTIVITY_YEARS
    inactivity_notice_days: int = NOTICE_DAYS
    access_request_working_days: int = 10
    default_user_limit: int | None = 25
    customer_numbers: CustomerNumberFormat = attrs.field(factory=CustomerNumberFormat)
    group_domains: GroupDomains = attrs.field(factory=GroupDomains)
    timezone: dt.tzinfo = attrs.field(factory=_berlin)


def _uuid() -> str:
    return uuid.uuid4().hex


@attrs.frozen
class AccountServices:
    """The ports and settings every account use case takes as its first argument.

    Attributes:
        unit_of_work: makes a new unit of work (one per use case call).
        clock: tells the current instant.
        hasher: hashes and verifies passwords.
        password_policy: judges new passwords.
        working_days: adds working days (access request deadlines).
        settings: the configurable numbers.
        new_id: makes new identifiers (random UUIDs by default; tests may count).
        export_sections: further parts of the inactivity data export (tickets, ...).
    """

    unit_of_work: Callable[[], UnitOfWork]
    clock: Clock
    hasher: PasswordHasher
    password_policy: PasswordValidator
    working_days: WorkingDays
    settings: AccountSettings = attrs.field(factory=AccountSettings)
    new_id: Callable[[], str] = _uuid
    export_sections: tuple[ExportSection, ...] = ()

    def now(self) -> dt.datetime:
        """Return the current instant from the clock."""
        return self.clock.now()

    def today(self) -> dt.date:
        """Return the current date in the portal's time zone."""
        return self.clock.now().astimezone(self.settings.timezone).date()
