"""The portal's services: what the views need from portalkit, built once per application.

:func:`~portalkit.adapters.flask.create_app` builds one :class:`Portal` from the configuration
and keeps it in ``app.extensions["portalkit"]``; views reach it through :func:`get_portal`.
Nothing is wired at import time, so any number of apps (one per test) live side by side.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any, Final, Protocol
from zoneinfo import ZoneInfo

import attrs
from flask import current_app, g

from portalkit._errors import PortalkitError
from portalkit.accounts import AccountServices, AccountSettings
from portalkit.adapters.flask.mailer import Mailer
from portalkit.adapters.flask.storage import PortalStorage
from portalkit.adapters.system import SystemClock
from portalkit.calendar import (
    BusinessHours,
    Explanation,
    LinkLifetimes,
    RetentionSchedule,
    WorkingCalendar,
)
from portalkit.clock import Clock
from portalkit.policy import PasswordPolicy
from portalkit.policy.hashing import Argon2idHasher, Argon2Parameters, PasswordHasher
from portalkit.services import ServiceChangeServices
from portalkit.tickets import TicketServices, TicketSettings

__all__ = [
    "EXTENSION_KEY",
    "AccessRequest",
    "AccessRequestReceiver",
    "Portal",
    "SupportStatus",
    "UserLoader",
    "current_user",
    "external_url",
    "get_portal",
]

EXTENSION_KEY: Final = "portalkit"
"""The key of the :class:`Portal` in ``app.extensions``."""

BERLIN: Final = ZoneInfo("Europe/Berlin")


@attrs.frozen
class AccessRequest:
    """A request for portal access as the form collects it (seed 000: "Zugang beantragen").

    Attributes:
        name: the person's name.
        company: the company's name.
        email: where the access data is sent.
        customer_number: the customer number, if the person knows it.
        message: anything the service company should know.
        submitted_at: when the request was made (aware).
        deadline: the day the service company promises the access by.

    References:
        seed 000 ("Die Einrichtung Ihres persönlichen Zugangs kann bis zu 10 Werktage
        dauern"); DOMAIN.md § 6.
    """

    name: str
    company: str
    email: str
    customer_number: str
    message: str
    submitted_at: dt.datetime
    deadline: dt.date


class AccessRequestReceiver(Protocol):
    """Takes access requests: the seam the account use cases connect to.

    Until a receiver is configured (``Portal.access_requests``), the access page explains the
    deadline but offers no form, since nothing would keep the request.
    """

    def submit(self, request: AccessRequest) -> None:
        """Keep *request* for the service company to act on.

        Raises:
            PortalkitError: the request is refused; its message is shown to the user.
        """
        ...


UserLoader = Callable[[], object | None]
"""Returns the signed-in user of the current request, or ``None``; the seam for sessions."""


@attrs.frozen
class SupportStatus:
    """Whether support is open at an instant, and when it opens next.

    Attributes:
        at: the instant asked about, in German time.
        open: whether support is open then; ``None`` if the calendar does not reach that far.
        next_opening: the next opening if closed, else ``None``.
    """

    at: dt.datetime
    open: bool | None
    next_opening: dt.datetime | None


@attrs.frozen(kw_only=True, eq=False)
class Portal:
    """The services of one portal application: clock, rules, accounts and their storage.

    Build it with :meth:`from_config`; tests pass their own clock
    (:class:`~portalkit.FixedClock`). Storage comes in through one seam: :attr:`accounts`
    holds the unit-of-work factory that :func:`~portalkit.adapters.flask.storage.open_storage`
    made from the ``STORAGE`` setting. Later areas add their ports here as fields.

    Attributes:
        clock: tells the time; :class:`~portalkit.adapters.system.SystemClock` by default.
        password_policy: the rule new passwords must meet.
        working_days: the Werktage (Mon–Sat without holidays) of access-request deadlines.
        support_hours: when support is open (Mon–Fri 08:00–18:00 on working days).
        link_lifetimes: how long links sent by e-mail stay valid.
        retention: the legal retention periods of business documents.
        access_request_days: Werktage until a requested access is set up.
        access_requests: receives access requests; :meth:`from_config` connects the account
            use cases (``AccountAccessRequests``); ``None``: the page offers no form.
        user_loader: loads the signed-in user; ``None``: the user of the server-side session
            whose secret the login cookie holds (:mod:`portalkit.adapters.flask.auth`).
        accounts: the account use cases' services (storage, hasher, settings); ``None`` for a
            portal with the public pages only.
        tickets: the ticket use cases' services, on the same storage as :attr:`accounts`;
            ``None`` for a portal without the ticket pages.
        services: the service-change use cases' services, on the same storage; ``None`` for
            a portal without the service pages.
        mailer: delivers the outbox (``flask portal send-mail``); ``None``: nothing is sent,
            and in development ``/dev/mails/`` shows what would be.
        storage: the storage :meth:`from_config` opened (the unit-of-work factory of every
            area), for the ``flask portal`` commands that copy, back up or close it; ``None``
            for a portal built by hand.

    References:
        seed 000 (support hours, 10 Werktage, 2 years of inactivity); seeds 001 and 003 (link
        lifetimes); seed 003 (password rule); DOMAIN.md § 3.
    """

    clock: Clock = attrs.field(factory=SystemClock)
    password_policy: PasswordPolicy = attrs.field(factory=PasswordPolicy)
    working_days: WorkingCalendar
    support_hours: BusinessHours
    link_lifetimes: LinkLifetimes = attrs.field(factory=LinkLifetimes)
    retention: RetentionSchedule = attrs.field(factory=RetentionSchedule.germany)
    access_request_days: int = 10
    access_requests: AccessRequestReceiver | None = None
    user_loader: UserLoader | None = None
    accounts: AccountServices | None = None
    tickets: TicketServices | None = None
    services: ServiceChangeServices | None = None
    mailer: Mailer | None = None
    storage: PortalStorage | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any], *, clock: Clock | None = None) -> Portal:
        """Build the services a checked configuration asks for.

        The storage is the one ``STORAGE`` names (``"sqlite"`` in a checked configuration,
        ``"memory"`` for a mapping without the setting; see
        :mod:`portalkit.adapters.flask.storage`).

        Raises:
            UnknownStateError: HOLIDAY_STATE is not a German state code.
        """
        # Imported here: both modules import this one.
        from portalkit.adapters.flask.access_requests import AccountAccessRequests
        from portalkit.adapters.flask.storage import open_storage

        state = config.get("HOLIDAY_STATE")
        policy = (
            PasswordPolicy.nist_800_63b()
            if config.get("PASSWORD_POLICY") == "nist"
            else PasswordPolicy()
        )
        clock = clock or SystemClock()
        days = config.get("ACCESS_REQUEST_WORKING_DAYS", 10)
        working_days = WorkingCalendar.germany(state, saturdays=True)
        unit_of_work = open_storage(config)
        accounts = AccountServices(
            unit_of_work=unit_of_work,
            clock=clock,
            hasher=_hasher(config.get("PASSWORD_HASHING", "argon2id")),
            password_policy=policy,
            working_days=working_days,
            settings=AccountSettings(access_request_working_days=days),
        )
        return cls(
            clock=clock,
            password_policy=policy,
            working_days=working_days,
            support_hours=BusinessHours(WorkingCalendar.germany(state)),
            access_request_days=days,
            accounts=accounts,
            tickets=TicketServices(
                unit_of_work=unit_of_work,
                clock=clock,
                settings=TicketSettings(default_state=state, support_state=state),
            ),
            services=ServiceChangeServices(unit_of_work=unit_of_work, clock=clock),
            access_requests=AccountAccessRequests(),
            storage=unit_of_work,
        )

    def now(self) -> dt.datetime:
        """Return the current instant in German time."""
        return self.clock.now().astimezone(BERLIN)

    def support_status(self, at: dt.datetime | None = None) -> SupportStatus:
        """Tell whether support is open now (or at the German time *at*), and if not, when
        it opens next."""
        now = self.now() if at is None else at
        try:
            if self.support_hours.is_open(now):
                return SupportStatus(now, True, None)
            return SupportStatus(now, False, self.support_hours.next_opening(now))
        except PortalkitError:
            # Beyond the years the holidays are known for: say nothing rather than fail a page.
            return SupportStatus(now, None, None)

    def access_deadline(self) -> Explanation:
        """Return the day a request made now is set up by, with the days skipped and why.

        Raises:
            CalendarRangeError: the deadline lies beyond the years the holidays are known for.

        References:
            seed 000 ("bis zu 10 Werktage"); § 3 Abs. 2 BUrlG (Werktage).
        """
        return self.working_days.explain(self.now().date(), self.access_request_days)


def _hasher(name: str) -> PasswordHasher:
    if name == "insecure-fast-for-tests":
        # Refused in production by finish_config; makes test suites fast.
        return Argon2idHasher(Argon2Parameters.insecure_fast_for_tests())
    return Argon2idHasher()


def get_portal() -> Portal:
    """Return the :class:`Portal` of the current application."""
    portal: Portal = current_app.extensions[EXTENSION_KEY]
    return portal


def current_user() -> object | None:
    """Return the signed-in user of the current request, or ``None``.

    With the default loader it is a :class:`portalkit.accounts.User`.
    """
    user: object | None = g.get("user")
    return user


def external_url(endpoint: str, **values: Any) -> str:
    """Return the absolute URL of *endpoint* under the configured BASE_URL.

    For links that leave the request (e-mails): they are built from the configuration, never
    from the request's Host header, which a client controls. Needs an application context,
    not a request.
    """
    base = urllib.parse.urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
