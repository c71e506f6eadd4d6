"""The operations commands: init-db, sweep-inactive, apply-service-changes, backup, send-mail."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import Result
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.accounts import MailTemplate
from portalkit.adapters.flask.delivery import LEDGER_FILE, DeliveryPolicy
from portalkit.adapters.flask.demo import DEMO_CUSTOMER_NUMBER, DEMO_OPERATOR, create_demo_data
from portalkit.adapters.flask.mailer import RenderedMail
from portalkit.adapters.flask.storage import DEFAULT_DATABASE, PortalStorage
from portalkit.adapters.sqlite import load_migrations, migrate
from portalkit.services import ChangeKind, RequestStatus
from portalkit.services.use_cases import book_service, submit_service_change
from tests.adapters.flask.conftest import MANAGER, PRODUCTION_KEY, accounts_of, make_app


def run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["portal", *args])


def assert_clean_failure(result: Result) -> None:
    """A failure an operator can fix: status 1, one 'Error:' line, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "Error: " in result.output


def storage_of(app: Flask) -> PortalStorage:
    storage = app.extensions["portalkit"].storage
    assert storage is not None
    return storage


@pytest.fixture
def apps(tmp_path: Path, clock: FixedClock) -> Iterator[list[Flask]]:
    made: list[Flask] = []
    yield made
    for app in made:
        storage_of(app).close()


def sqlite_app(tmp_path: Path, clock: FixedClock, apps: list[Flask], **settings: Any) -> Flask:
    app = make_app(
        tmp_path, clock, **{"STORAGE": "sqlite", "SECRET_KEY": PRODUCTION_KEY, **settings}
    )
    apps.append(app)
    return app


@pytest.fixture
def app(tmp_path: Path, clock: FixedClock, apps: list[Flask]) -> Flask:
    return sqlite_app(tmp_path, clock, apps)


@pytest.fixture
def demo(app: Flask) -> Flask:
    create_demo_data(accounts_of(app))
    return app


def database(tmp_path: Path) -> Path:
    return tmp_path / "instance" / DEFAULT_DATABASE


def user_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


# -- init-db ---------------------------------------------------------------------------------


def test_init_db_creates_the_database_and_then_finds_it_up_to_date(
    app: Flask, tmp_path: Path
) -> None:
    newest = len(load_migrations())
    first = run(app, "init-db")
    assert first.exit_code == 0, first.output
    assert f"Created the database {database(tmp_path)} (schema version {newest})." in first.output
    assert newest == user_version(database(tmp_path))
    again = run(app, "init-db")
    assert again.exit_code == 0
    assert f"is up to date (schema version {newest})" in again.output


def test_init_db_migrates_an_older_database(app: Flask, tmp_path: Path) -> None:
    database(tmp_path).parent.mkdir(parents=True)
    connection = sqlite3.connect(database(tmp_path), isolation_level=None)
    migrate(connection, load_migrations()[:1])
    connection.close()
    result = run(app, "init-db")
    assert result.exit_code == 0, result.output
    assert f"from schema version 1 to {len(load_migrations())}." in result.output


def test_init_db_refuses_a_database_of_a_newer_portalkit_and_leaves_it_alone(
    app: Flask, tmp_path: Path
) -> None:
    database(tmp_path).parent.mkdir(parents=True)
    connection = sqlite3.connect(database(tmp_path))
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    result = run(app, "init-db")
    assert_clean_failure(result)
    assert "has schema 99" in result.output
    assert "Nothing was changed" in result.output
    assert user_version(database(tmp_path)) == 99


def test_init_db_refuses_a_file_that_is_not_a_database(app: Flask, tmp_path: Path) -> None:
    database(tmp_path).parent.mkdir(parents=True)
    database(tmp_path).write_bytes(b"not a database at all, just some bytes" * 100)
    result = run(app, "init-db")
    assert_clean_failure(result)
    assert "not a database" in result.output


def test_init_db_on_memory_has_nothing_to_do(tmp_path: Path, clock: FixedClock) -> None:
    result = run(make_app(tmp_path, clock), "init-db")
    assert result.exit_code == 0
    assert "STORAGE is memory: there is no database to create." in result.output
    assert not database(tmp_path).exists()


def test_info_names_the_database_and_the_mail_backend(app: Flask, tmp_path: Path) -> None:
    result = run(app, "info")
    assert result.exit_code == 0
    assert f"database: {database(tmp_path)}" in result.output
    assert "mail: console" in result.output


# -- sweep-inactive --------------------------------------------------------------------------


def test_a_dry_run_reports_exactly_what_the_sweep_then_does_and_writes_nothing(
    demo: Flask, clock: FixedClock
) -> None:
    services = accounts_of(demo)
    outputs = []
    # Two years and 40 days: the notices are due; 40 days later the exports and deletions.
    for step in (dt.timedelta(days=2 * 365 + 40), dt.timedelta(days=40)):
        clock.advance(step)
        with services.unit_of_work() as uow:
            before = (list(uow.users.all()), list(uow.outbox.pending()))
        dry = run(demo, "sweep-inactive", "--dry-run")
        assert dry.exit_code == 0, dry.output
        with services.unit_of_work() as uow:
            assert before == (list(uow.users.all()), list(uow.outbox.pending()))
        real = run(demo, "sweep-inactive")
        assert real.exit_code == 0, real.output
        predicted = dry.output.replace(
            "Dry run, nothing was written. A sweep now would do:", "Inactivity sweep:"
        )
        assert predicted == real.output
        outputs.append(real.output.splitlines()[0])
    assert outputs == [
        "Inactivity sweep: 4 notified, 0 exported, 0 deleted.",
        "Inactivity sweep: 0 notified, 4 exported, 4 deleted.",
    ]


def test_the_sweep_writes_the_notices_for_send_mail(demo: Flask, clock: FixedClock) -> None:
    clock.advance(dt.timedelta(days=2 * 365 + 10))
    result = run(demo, "sweep-inactive")
    assert "Inactivity sweep: 4 notified, 0 exported, 0 deleted." in result.output
    with accounts_of(demo).unit_of_work() as uow:
        templates = [message.template for message in uow.outbox.pending()]
    assert templates == [MailTemplate.INACTIVITY_NOTICE] * 4


def test_nothing_is_due_right_after_the_set_up(demo: Flask) -> None:
    result = run(demo, "sweep-inactive")
    assert result.exit_code == 0
    assert "Inactivity sweep: 0 notified, 0 exported, 0 deleted." in result.output


def test_the_sweep_fails_cleanly_on_a_database_it_cannot_open(app: Flask, tmp_path: Path) -> None:
    database(tmp_path).parent.mkdir(parents=True)
    database(tmp_path).write_bytes(b"garbage" * 1000)
    for args in (["sweep-inactive"], ["sweep-inactive", "--dry-run"]):
        assert_clean_failure(run(app, *args))


def test_a_dry_run_refuses_accounts_kept_beside_the_portal_storage(demo_app: Flask) -> None:
    # make_account_app keeps the accounts in a store of the test, not in Portal.storage.
    result = run(demo_app, "sweep-inactive", "--dry-run")
    assert_clean_failure(result)
    assert "a dry run needs the accounts on the portal's storage" in result.output


def test_a_dry_run_leaves_no_copy_behind(demo: Flask, tmp_path: Path) -> None:
    assert run(demo, "sweep-inactive", "--dry-run").exit_code == 0
    assert sorted(path.name for path in (tmp_path / "instance").iterdir()) == [
        DEFAULT_DATABASE,
        DEFAULT_DATABASE + "-shm",
        DEFAULT_DATABASE + "-wal",
    ]


# -- apply-service-changes -------------------------------------------------------------------


def book_and_request(app: Flask) -> str:
    portal = app.extensions["portalkit"]
    accounts = accounts_of(app)
    with accounts.unit_of_work() as uow:
        company = uow.companies.by_customer_number(DEMO_CUSTOMER_NUMBER)
        manager = next(user for user in uow.users.all() if str(user.email) == MANAGER.email)
    assert company is not None
    service = book_service(
        portal.services,
        DEMO_OPERATOR,
        company_id=company.id,
        name="Unterhaltsreinigung",
        quantity=5,
        unit="Tage pro Woche",
    )
    request = submit_service_change(
        portal.services, manager.id, service.id, ChangeKind.MINIMIZE, quantity=3
    )
    return request.id


def test_due_service_changes_are_applied_once(demo: Flask, clock: FixedClock) -> None:
    request_id = book_and_request(demo)
    early = run(demo, "apply-service-changes")
    assert early.exit_code == 0
    assert "Service changes due by 2025-03-18: 0 applied, 0 lapsed" in early.output
    clock.advance(dt.timedelta(days=14))  # 1 April 2025, the quarter start (seed 000)
    applied = run(demo, "apply-service-changes")
    assert applied.exit_code == 0, applied.output
    assert "due by 2025-04-01: 1 applied, 0 lapsed" in applied.output
    assert f"applied: {request_id}" in applied.output
    again = run(demo, "apply-service-changes")
    assert "0 applied, 0 lapsed" in again.output
    with storage_of(demo)() as uow:
        request = uow.change_requests.get(request_id)
    assert request is not None
    assert request.status is RequestStatus.APPLIED


def test_apply_service_changes_fails_cleanly_on_a_newer_database(
    app: Flask, tmp_path: Path
) -> None:
    database(tmp_path).parent.mkdir(parents=True)
    connection = sqlite3.connect(database(tmp_path))
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    assert_clean_failure(run(app, "apply-service-changes"))


@pytest.mark.parametrize(
    "command",
    [
        ("demo-data",),
        ("deactivate-operator", "olga@service.de"),
        ("create-operator", "--email", "olga@service.de", "--name", "Olga", "--password-stdin"),
    ],
)
@pytest.mark.parametrize("content", [b"", b"not a database at all, just some bytes" * 100])
def test_the_account_commands_fail_cleanly_on_a_database_they_cannot_use(
    app: Flask, tmp_path: Path, command: tuple[str, ...], content: bytes
) -> None:
    database(tmp_path).parent.mkdir(parents=True)
    if content:
        database(tmp_path).write_bytes(content)
    else:
        connection = sqlite3.connect(database(tmp_path))
        connection.execute("PRAGMA user_version = 99")
        connection.close()
    result = app.test_cli_runner().invoke(args=["portal", *command], input="Hafen-Licht-52!\n")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    # create-operator speaks German unless told --language en, as its other refusals do.
    reasons = ("has schema 99", "hat das Schema 99", "not a database")
    assert any(reason in result.output for reason in reasons), result.output


# -- backup ----------------------------------------------------------------------------------


def test_a_backup_is_a_complete_database(demo: Flask, tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite3"
    result = run(demo, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert f"Backed up {database(tmp_path)} to {target}" in result.output
    connection = sqlite3.connect(target)
    try:
        (count,) = connection.execute("SELECT count(*) FROM users").fetchone()
        (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    finally:
        connection.close()
    assert (count, mode) == (4, "delete")


def test_a_backup_into_a_folder_is_named_by_the_time(demo: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    result = run(demo, "backup", str(folder))
    assert result.exit_code == 0, result.output
    # 18 March 2025, 10:00 in Germany is 09:00 UTC.
    assert [path.name for path in folder.iterdir()] == ["portalkit-20250318T090000Z.sqlite3"]


def test_a_backup_never_overwrites_a_file(demo: Flask, tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("precious")
    result = run(demo, "backup", str(target))
    assert_clean_failure(result)
    assert "never overwrites" in result.output
    assert target.read_text() == "precious"


def test_a_backup_needs_a_database(app: Flask, tmp_path: Path) -> None:
    result = run(app, "backup", str(tmp_path / "b.sqlite3"))
    assert_clean_failure(result)
    assert "run `flask portal init-db` first" in result.output


def test_a_backup_into_a_missing_folder_fails_cleanly(demo: Flask, tmp_path: Path) -> None:
    assert_clean_failure(run(demo, "backup", str(tmp_path / "no" / "such" / "b.sqlite3")))


def test_a_backup_needs_sqlite(tmp_path: Path, clock: FixedClock) -> None:
    result = run(make_app(tmp_path, clock), "backup", str(tmp_path / "b.sqlite3"))
    assert_clean_failure(result)
    assert "backup needs STORAGE = sqlite" in result.output


# -- send-mail -------------------------------------------------------------------------------


@attrs.define
class FlakyMailer:
    """Fails while :attr:`down`; records what it delivered."""

    down: bool = True
    delivered: list[RenderedMail] = attrs.Factory(list)

    def send(self, mail: RenderedMail) -> None:
        if self.down:
            raise ConnectionRefusedError(111, "Connection refused")
        self.delivered.append(mail)


def with_mailer(app: Flask, mailer: object) -> Flask:
    app.extensions["portalkit"] = attrs.evolve(app.extensions["portalkit"], mailer=mailer)
    return app


def pending(app: Flask) -> int:
    with accounts_of(app).unit_of_work() as uow:
        return len(uow.outbox.pending())


def queue_mails(app: Flask, clock: FixedClock, count: int = 1) -> None:
    """Put *count* inactivity notices into the outbox through the sweep."""
    clock.advance(dt.timedelta(days=2 * 365 + 10))
    run(app, "sweep-inactive")
    assert pending(app) == 4
    with accounts_of(app).unit_of_work() as uow:
        for message in uow.outbox.pending()[count:]:
            uow.outbox.mark_sent(message.id)
        uow.commit()


def test_a_failed_mail_stays_pending_and_is_retried_after_a_growing_wait(
    tmp_path: Path, clock: FixedClock, apps: list[Flask]
) -> None:
    app = sqlite_app(tmp_path, clock, apps, MAIL_MAX_ATTEMPTS=3, MAIL_RETRY_SECONDS=60)
    create_demo_data(accounts_of(app))
    mailer = FlakyMailer()
    with_mailer(app, mailer)
    queue_mails(app, clock)

    first = run(app, "send-mail")
    assert first.exit_code == 1
    assert "0 sent, 1 failed, 0 waiting for a retry, 0 given up." in first.output
    assert "(attempt 1 of 3): [Errno 111] Connection refused" in first.output
    soon = run(app, "send-mail")
    assert soon.exit_code == 0, soon.output
    assert "0 sent, 0 failed, 1 waiting for a retry, 0 given up." in soon.output

    clock.advance(dt.timedelta(seconds=60))
    assert "attempt 2 of 3" in run(app, "send-mail").output
    clock.advance(dt.timedelta(seconds=119))
    assert "1 waiting for a retry" in run(app, "send-mail").output
    clock.advance(dt.timedelta(seconds=1))
    third = run(app, "send-mail")
    assert "attempt 3 of 3" in third.output
    assert "next try: never (given up)" in third.output

    clock.advance(dt.timedelta(days=1))
    mailer.down = False
    given_up = run(app, "send-mail")
    assert given_up.exit_code == 1
    assert "0 sent, 0 failed, 0 waiting for a retry, 1 given up." in given_up.output
    assert "send-mail --retry-given-up" in given_up.output
    assert (pending(app), mailer.delivered) == (1, [])

    retried = run(app, "send-mail", "--retry-given-up")
    assert retried.exit_code == 0, retried.output
    assert "1 sent, 0 failed" in retried.output
    assert pending(app) == 0
    assert [mail.subject for mail in mailer.delivered] == [
        "Ihr Zugang wird wegen Inaktivität gelöscht"
    ]
    assert json.loads((tmp_path / "instance" / LEDGER_FILE).read_text()) == {}


def test_the_ledger_keeps_the_attempts_across_runs(
    demo: Flask, clock: FixedClock, tmp_path: Path
) -> None:
    with_mailer(demo, FlakyMailer())
    queue_mails(demo, clock, count=2)
    run(demo, "send-mail")
    ledger = json.loads((tmp_path / "instance" / LEDGER_FILE).read_text())
    assert [entry["count"] for entry in ledger.values()] == [1, 1]
    assert {entry["error"] for entry in ledger.values()} == {"[Errno 111] Connection refused"}


def test_a_damaged_ledger_only_means_earlier_retries(
    demo: Flask, clock: FixedClock, tmp_path: Path
) -> None:
    mailer = FlakyMailer(down=False)
    with_mailer(demo, mailer)
    queue_mails(demo, clock)
    (tmp_path / "instance" / LEDGER_FILE).write_text("{not json")
    result = run(demo, "send-mail")
    assert result.exit_code == 0, result.output
    assert len(mailer.delivered) == 1


def test_two_runs_never_deliver_at_once(demo: Flask, clock: FixedClock, tmp_path: Path) -> None:
    mailer = FlakyMailer(down=False)
    with_mailer(demo, mailer)
    queue_mails(demo, clock)
    lock = tmp_path / "instance" / (LEDGER_FILE + ".lock")
    with open(lock, "a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = run(demo, "send-mail")
    assert_clean_failure(result)
    assert "another send-mail run is delivering" in result.output
    assert (pending(demo), mailer.delivered) == (1, [])


@given(
    first=st.integers(min_value=1, max_value=3600),
    attempts=st.integers(min_value=1, max_value=10_000),
)
def test_the_wait_grows_with_each_failure_and_stays_bounded(first: int, attempts: int) -> None:
    policy = DeliveryPolicy(first_wait=dt.timedelta(seconds=first))
    wait = policy.wait_after(attempts)
    assert policy.wait_after(attempts) <= policy.wait_after(attempts + 1)
    assert dt.timedelta(seconds=first) <= wait or wait == policy.longest_wait
    assert wait <= policy.longest_wait
