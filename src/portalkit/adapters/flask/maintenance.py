"""The operations commands of ``flask portal``: database, sweeps, service changes, backup, mail.

Each is meant for a deploy script, cron or a systemd timer: it prints what it did in one or a
few lines, ends with status 0 when all went well and 1 otherwise, and turns every error an
operator can cause or fix (a database of a newer portalkit, a full disk, a mail server that is
down) into one ``Error: ...`` line instead of a traceback. ``docs/deploy.md`` shows them
in unit files.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import attrs
import click
from flask import current_app

from portalkit._errors import PortalkitError
from portalkit.accounts import AccountServices
from portalkit.accounts.inactivity import SweepReport, sweep_inactive_users
from portalkit.adapters.flask.delivery import (
    LEDGER_FILE,
    DeliveryBusyError,
    DeliveryPolicy,
    deliver_with_retries,
    mailer_from_config,
)
from portalkit.adapters.flask.portal import get_portal
from portalkit.adapters.flask.sessions import account_services
from portalkit.adapters.flask.storage import PortalStorage, SqliteStorage
from portalkit.adapters.sqlite import SchemaTooNewError, backup
from portalkit.services import RequestStatus
from portalkit.services.use_cases import apply_due_changes

__all__ = [
    "apply_service_changes_command",
    "backup_command",
    "init_db_command",
    "send_mail_command",
    "sweep_inactive_command",
]

P = ParamSpec("P")
R = TypeVar("R")


def _clear_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the errors an operator can act on into one line and exit status 1."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except SchemaTooNewError as error:
            msg = (
                f"{error.message('en')} Nothing was changed; a backup made before the upgrade "
                "can be restored with the older version."
            )
            raise click.ClickException(msg) from None
        except PortalkitError as error:
            raise click.ClickException(error.message("en")) from None
        except sqlite3.Error as error:
            path = _database_path()
            raise click.ClickException(f"database {path}: {error}") from None
        except OSError as error:
            raise click.ClickException(str(error)) from None

    return run


def _database_path() -> str:
    storage = get_portal().storage
    return str(storage.path) if isinstance(storage, SqliteStorage) else "(not SQLite)"


def _storage() -> PortalStorage:
    storage = get_portal().storage
    if storage is None:
        msg = "this portal was built without a storage the commands can reach (Portal.storage)"
        raise click.ClickException(msg)
    return storage


def _sqlite_storage(command: str) -> SqliteStorage:
    storage = _storage()
    if not isinstance(storage, SqliteStorage):
        msg = f"{command} needs STORAGE = sqlite; this portal keeps its data in {storage.name}"
        raise click.ClickException(msg)
    return storage


def _file_version(path: Path) -> int | None:
    if not path.exists():
        return None
    connection = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


@_clear_errors
def init_db_command() -> None:
    """Create the database or bring its schema up to date (safe to run at every deploy)."""
    storage = _storage()
    if not isinstance(storage, SqliteStorage):
        click.echo(f"STORAGE is {storage.name}: there is no database to create.")
        return
    before = _file_version(storage.path)
    after = storage.store.schema_version
    if before is None or before == 0:
        click.echo(f"Created the database {storage.path} (schema version {after}).")
    elif before < after:
        click.echo(f"Migrated the database {storage.path} from schema version {before} to {after}.")
    else:
        click.echo(f"The database {storage.path} is up to date (schema version {after}).")


def _ids(label: str, ids: tuple[str, ...]) -> None:
    if ids:
        click.echo(f"  {label}: {', '.join(ids)}")


def _report_sweep(report: SweepReport, *, dry_run: bool) -> None:
    counts = (
        f"{len(report.notified)} notified, {len(report.exported)} exported, "
        f"{len(report.deleted)} deleted"
    )
    if dry_run:
        click.echo(f"Dry run, nothing was written. A sweep now would do: {counts}.")
    else:
        click.echo(f"Inactivity sweep: {counts}.")
    _ids("notified", report.notified)
    _ids("exported", report.exported)
    _ids("deleted", report.deleted)


@click.option(
    "--dry-run",
    is_flag=True,
    help="Run the sweep on a throwaway copy of the data and report; write nothing.",
)
@_clear_errors
def sweep_inactive_command(dry_run: bool) -> None:
    """Notify, export and delete users inactive for two years, as due (seed 000).

    The mails it writes (notices, data exports) leave with the next send-mail.
    """
    services = account_services()
    if not dry_run:
        _report_sweep(sweep_inactive_users(services), dry_run=False)
        return
    storage = _storage()
    accounts_storage: object = services.unit_of_work
    if accounts_storage is not storage:
        msg = "a dry run needs the accounts on the portal's storage (Portal.storage)"
        raise click.ClickException(msg)
    if storage.name == "postgres":
        msg = (
            "--dry-run needs a throwaway copy of the data, which only the sqlite and memory "
            "storages make; restore a backup into a scratch database and run the sweep there"
        )
        raise click.ClickException(msg)
    # The very same use case on a copy: the report cannot differ from what a real run does.
    with storage.scratch_copy() as scratch:
        copy: AccountServices = attrs.evolve(services, unit_of_work=scratch)
        report = sweep_inactive_users(copy)
    _report_sweep(report, dry_run=True)


@_clear_errors
def apply_service_changes_command() -> None:
    """Apply the service changes due by today and end the pauses that are over (idempotent)."""
    services = get_portal().services
    if services is None:
        msg = "this portal was built without service changes (Portal.services)"
        raise click.ClickException(msg)
    outcome = apply_due_changes(services)
    applied = [request for request in outcome.requests if request.status is RequestStatus.APPLIED]
    lapsed = [request for request in outcome.requests if request.status is RequestStatus.LAPSED]
    click.echo(
        f"Service changes due by {services.today().isoformat()}: {len(applied)} applied, "
        f"{len(lapsed)} lapsed, {len(outcome.services)} services looked at."
    )
    _ids("applied", tuple(request.id for request in applied))
    _ids("lapsed", tuple(request.id for request in lapsed))


@click.argument("destination", type=click.Path(path_type=Path))
@_clear_errors
def backup_command(destination: Path) -> None:
    """Copy the database, online and consistent, to DESTINATION.

    DESTINATION is a new file, or an existing folder that gets a file named by the time
    (portalkit-YYYYMMDDTHHMMSSZ.sqlite3). An existing file is never overwritten.
    """
    storage = _sqlite_storage("backup")
    if not storage.path.exists():
        msg = f"there is no database at {storage.path} yet; run `flask portal init-db` first"
        raise click.ClickException(msg)
    if destination.is_dir():
        stamp = get_portal().clock.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"portalkit-{stamp}.sqlite3"
    try:
        copy = backup(storage.path, destination)
    except FileExistsError:
        msg = f"{destination} exists; a backup never overwrites a file"
        raise click.ClickException(msg) from None
    click.echo(f"Backed up {storage.path} to {copy} ({copy.stat().st_size:,} bytes).")


@click.option(
    "--retry-given-up",
    is_flag=True,
    help="Try the mails given up after too many failed attempts once more.",
)
@_clear_errors
def send_mail_command(retry_given_up: bool) -> None:
    """Deliver the pending mails through the MAIL_BACKEND mailer, with retries.

    A mail that fails stays pending and is tried again by a later run after a growing wait;
    see portalkit.adapters.flask.delivery for the numbers. The status is 1 if any mail failed
    or is given up.
    """
    config = current_app.config
    policy = DeliveryPolicy(
        max_attempts=config.get("MAIL_MAX_ATTEMPTS", DeliveryPolicy.max_attempts),
        first_wait=dt.timedelta(seconds=config.get("MAIL_RETRY_SECONDS", 60)),
    )
    mailer = get_portal().mailer or mailer_from_config(config)
    services = account_services()
    try:
        report = deliver_with_retries(
            services,
            mailer,
            Path(current_app.instance_path) / LEDGER_FILE,
            policy=policy,
            retry_given_up=retry_given_up,
        )
    except DeliveryBusyError:
        msg = "another send-mail run is delivering right now; nothing was done"
        raise click.ClickException(msg) from None
    click.echo(
        f"{len(report.sent)} sent, {len(report.failed)} failed, "
        f"{len(report.waiting)} waiting for a retry, {len(report.given_up)} given up."
    )
    for message_id, attempts in report.failed.items():
        retry = attempts.last_at + policy.wait_after(attempts.count)
        when = "never (given up)" if attempts.count >= policy.max_attempts else retry.isoformat()
        click.echo(
            f"  failed {message_id} (attempt {attempts.count} of {policy.max_attempts}): "
            f"{attempts.error}; next try: {when}",
            err=True,
        )
    for message_id, attempts in report.given_up.items():
        click.echo(
            f"  given up {message_id} after {attempts.count} attempts: {attempts.error} "
            "(fix the cause, then run send-mail --retry-given-up)",
            err=True,
        )
    if not report.ok:
        raise SystemExit(1)
