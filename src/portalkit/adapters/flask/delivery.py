"""Delivering the outbox with retries: what ``flask portal send-mail`` does.

A mail the mailer could not deliver (it raised :class:`OSError`) stays in the outbox. How
often it was tried, when, and why it failed is kept in a small ledger beside the data, the
file ``mail-delivery.json`` in the instance folder (the outbox port knows only "pending" and
"sent", and the mail server's trouble is no business of the core). Each run tries a pending
mail only when its wait is over:

* attempt 1 at the first run after the mail was written;
* after the n-th failed attempt, the next one no earlier than ``MAIL_RETRY_SECONDS`` (60 s)
  times 2 ** (n - 1), at most 4 hours later: 1, 2, 4, 8, ... minutes;
* after ``MAIL_MAX_ATTEMPTS`` (10) failed attempts, about 8.5 hours after the first, the mail
  is given up: it stays in the outbox, is not tried again, and every run reports it and ends
  with a non-zero status until someone fixes the cause and runs ``send-mail --retry-given-up``.

A run from a timer every minute or five thus rides out a mail server's restart or a night's
outage without flooding it. The ledger is written after every attempt (a crash loses no
count) by replacing the file, and a lock file keeps two runs from sending the same mail.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import ssl
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from portalkit.accounts import AccountServices
from portalkit.adapters.flask.config import PortalConfigurationError
from portalkit.adapters.flask.mail import pending_mails, render_mail
from portalkit.adapters.flask.mailer import ConsoleMailer, FileMailer, Mailer, SmtpMailer

__all__ = [
    "LEDGER_FILE",
    "Attempts",
    "DeliveryBusyError",
    "DeliveryPolicy",
    "DeliveryReport",
    "deliver_with_retries",
    "mailer_from_config",
    "read_ledger",
]

LEDGER_FILE: Final = "mail-delivery.json"
"""The ledger of failed attempts, in the instance folder."""


@attrs.frozen
class DeliveryPolicy:
    """How often and how far apart a mail is tried.

    Attributes:
        max_attempts: failed attempts after which a mail is given up.
        first_wait: the wait after the first failed attempt; it doubles after each further one.
        longest_wait: the wait never grows beyond this.
    """

    max_attempts: int = 10
    first_wait: dt.timedelta = dt.timedelta(seconds=60)
    longest_wait: dt.timedelta = dt.timedelta(hours=4)

    def wait_after(self, attempts: int) -> dt.timedelta:
        """Return the wait after *attempts* failed attempts (at least one)."""
        # Capping the exponent first keeps 2 ** n small for any number of attempts.
        factor = 1 << min(max(attempts - 1, 0), 30)
        return min(self.first_wait * factor, self.longest_wait)


@attrs.frozen
class Attempts:
    """The failed attempts at one mail.

    Attributes:
        count: how many attempts failed.
        last_at: when the last one was made.
        error: what the last one failed with.
    """

    count: int
    last_at: dt.datetime
    error: str


@attrs.frozen
class DeliveryReport:
    """What one run did, by outbox message id.

    Attributes:
        sent: delivered in this run.
        failed: tried in this run and failed, with their attempts so far (still pending).
        waiting: not tried in this run: their wait after a failure is not over.
        given_up: not tried: they failed the most attempts the policy allows.
    """

    sent: tuple[str, ...] = ()
    failed: Mapping[str, Attempts] = attrs.field(factory=dict)
    waiting: Mapping[str, Attempts] = attrs.field(factory=dict)
    given_up: Mapping[str, Attempts] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """Whether nothing failed and nothing is given up."""
        return not (self.failed or self.given_up)


class DeliveryBusyError(RuntimeError):
    """Another run is delivering the same outbox right now."""


def read_ledger(path: Path) -> dict[str, Attempts]:
    """Return the failed attempts recorded in the ledger at *path* (none if it is missing).

    A ledger that cannot be read counts as empty: at worst, mails are tried again sooner.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {
            key: Attempts(
                int(value["count"]), dt.datetime.fromisoformat(value["last_at"]), value["error"]
            )
            for key, value in raw.items()
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _write_ledger(path: Path, ledger: Mapping[str, Attempts]) -> None:
    data = {
        key: {"count": value.count, "last_at": value.last_at.isoformat(), "error": value.error}
        for key, value in sorted(ledger.items())
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and then renamed over: a crash leaves the old ledger or the new, never half.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".mail-delivery-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=1)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as lock:
        if sys.platform != "win32":
            import fcntl

            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise DeliveryBusyError(str(path)) from None
        yield


def deliver_with_retries(
    services: AccountServices,
    mailer: Mailer,
    ledger_path: Path,
    *,
    policy: DeliveryPolicy | None = None,
    retry_given_up: bool = False,
) -> DeliveryReport:
    """Send the pending mails whose turn it is; record the failures in the ledger.

    Each mail is marked as sent in its own unit of work right after delivery, so a failure
    (or a crash) leaves only undelivered mails pending.

    Args:
        services: the account services (outbox and clock).
        mailer: delivers one mail; raises :class:`OSError` when it could not.
        ledger_path: the ledger file (see the module's description).
        policy: attempts and waits (default: :class:`DeliveryPolicy`).
        retry_given_up: try the given-up mails once more, as if never tried.

    Raises:
        DeliveryBusyError: another run holds the lock.
    """
    rules = policy or DeliveryPolicy()
    with _exclusive(ledger_path.with_name(ledger_path.name + ".lock")):
        ledger = read_ledger(ledger_path)
        pending = list(reversed(pending_mails(services)))
        # Mails sent or gone meanwhile need no entry any more.
        ledger = {message.id: ledger[message.id] for message in pending if message.id in ledger}
        if retry_given_up:
            ledger = {
                key: value for key, value in ledger.items() if value.count < rules.max_attempts
            }
        sent: list[str] = []
        failed: dict[str, Attempts] = {}
        waiting: dict[str, Attempts] = {}
        given_up: dict[str, Attempts] = {}
        # A mailer that can (SmtpMailer) keeps one connection for the whole run.
        batch = getattr(mailer, "batch", None)
        with contextlib.ExitStack() as stack:
            if callable(batch):
                stack.enter_context(batch())
            for message in pending:
                now = services.now()
                before = ledger.get(message.id)
                if before is not None and before.count >= rules.max_attempts:
                    given_up[message.id] = before
                    continue
                if before is not None and now < before.last_at + rules.wait_after(before.count):
                    waiting[message.id] = before
                    continue
                try:
                    mailer.send(render_mail(message))
                except OSError as error:
                    count = 1 if before is None else before.count + 1
                    ledger[message.id] = failed[message.id] = Attempts(
                        count, now, str(error) or type(error).__name__
                    )
                    _write_ledger(ledger_path, ledger)
                    continue
                with services.unit_of_work() as uow:
                    uow.outbox.mark_sent(message.id)
                    uow.commit()
                sent.append(message.id)
                if ledger.pop(message.id, None) is not None:
                    _write_ledger(ledger_path, ledger)
        if ledger_path.exists() or ledger:
            _write_ledger(ledger_path, ledger)
    return DeliveryReport(tuple(sent), failed, waiting, given_up)


def mailer_from_config(config: Mapping[str, Any]) -> Mailer:
    """Return the mailer a checked configuration's ``MAIL_BACKEND`` names.

    Raises:
        PortalConfigurationError: ``smtp`` without ``SMTP_HOST``, a login without STARTTLS to
            another machine (``SMTP_STARTTLS``), or an unreadable ``SMTP_CA_FILE``.
    """
    backend = config["MAIL_BACKEND"]
    if backend == "console":
        return ConsoleMailer()
    if backend == "file":
        return FileMailer(Path(config["MAIL_DIRECTORY"]), config["MAIL_FROM"])
    host = config.get("SMTP_HOST")
    if not host:
        raise PortalConfigurationError("SMTP_HOST")
    context = None
    if config.get("SMTP_CA_FILE"):
        try:
            context = ssl.create_default_context(cafile=config["SMTP_CA_FILE"])
        except (OSError, ssl.SSLError):
            raise PortalConfigurationError("SMTP_CA_FILE") from None
    try:
        return SmtpMailer(
            host,
            config["MAIL_FROM"],
            port=config["SMTP_PORT"],
            starttls=config["SMTP_STARTTLS"],
            username=config.get("SMTP_USERNAME") or None,
            password=config.get("SMTP_PASSWORD"),
            timeout=config["SMTP_TIMEOUT"],
            ssl_context=context,
        )
    except ValueError:
        raise PortalConfigurationError("SMTP_STARTTLS") from None
