"""The portal on its default storage, SQLite: the file, its settings, data across restarts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portalkit import FixedClock
from portalkit.accounts import Company
from portalkit.adapters.flask import Portal, PortalConfigurationError
from portalkit.adapters.flask.demo import DEMO_ACCOUNTS, DEMO_COMPANY
from portalkit.adapters.flask.storage import (
    DEFAULT_DATABASE,
    MemoryStorage,
    PortalStorage,
    SqliteStorage,
)
from tests.adapters.flask.conftest import (
    EMPLOYEE,
    MOMENT,
    PRODUCTION_KEY,
    csrf_token,
    make_app,
    sign_in,
)

SqliteApp = Callable[..., Flask]


def storage_of(app: Flask) -> PortalStorage:
    storage = app.extensions["portalkit"].storage
    assert storage is not None
    return storage


@pytest.fixture
def sqlite_app(tmp_path: Path, clock: FixedClock) -> Iterator[SqliteApp]:
    """Make portals on SQLite in *tmp_path*'s instance folder; close their stores at the end."""
    made: list[Flask] = []

    def make(**settings: Any) -> Flask:
        settings = {"STORAGE": "sqlite", "SECRET_KEY": PRODUCTION_KEY, **settings}
        app = make_app(tmp_path, clock, **settings)
        made.append(app)
        return app

    yield make
    for app in made:
        storage_of(app).close()


def test_the_default_storage_is_a_sqlite_file_in_the_instance_folder(tmp_path: Path) -> None:
    from portalkit.adapters.flask import create_app

    app = create_app({"ENVIRONMENT": "development", "INSTANCE_PATH": str(tmp_path / "i")})
    storage = storage_of(app)
    assert isinstance(storage, SqliteStorage)
    assert tmp_path / "i" / DEFAULT_DATABASE == storage.path
    assert str(storage.path) == app.config["DATABASE"]


def test_making_the_app_does_not_touch_the_database(sqlite_app: SqliteApp, tmp_path: Path) -> None:
    sqlite_app()
    assert not (tmp_path / "instance").exists()


def test_the_first_unit_of_work_creates_the_folder_and_the_database(
    sqlite_app: SqliteApp, tmp_path: Path
) -> None:
    app = sqlite_app()
    with storage_of(app)() as uow:
        assert list(uow.companies.all()) == []
    assert (tmp_path / "instance" / DEFAULT_DATABASE).is_file()


def test_a_relative_database_path_is_relative_to_the_instance_folder(
    sqlite_app: SqliteApp, tmp_path: Path
) -> None:
    app = sqlite_app(DATABASE="data/portal.db")
    assert str(tmp_path / "instance" / "data" / "portal.db") == app.config["DATABASE"]


def test_the_database_can_be_set_by_the_environment(
    sqlite_app: SqliteApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTALKIT_DATABASE", str(tmp_path / "elsewhere.sqlite3"))
    app = sqlite_app()
    assert tmp_path / "elsewhere.sqlite3" == storage_of(app).path  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", [":memory:", 5, ["a.db"]])
def test_a_database_that_cannot_be_a_file_is_refused(
    tmp_path: Path, clock: FixedClock, value: object
) -> None:
    with pytest.raises(PortalConfigurationError) as refused:
        make_app(tmp_path, clock, STORAGE="sqlite", DATABASE=value)
    assert refused.value.setting == "DATABASE"
    assert "PORTALKIT_DATABASE" in refused.value.message("de")


def test_a_portal_built_from_a_bare_mapping_keeps_its_data_in_memory() -> None:
    portal = Portal.from_config({}, clock=FixedClock(MOMENT))
    assert isinstance(portal.storage, MemoryStorage)


def test_the_portal_runs_on_sqlite_and_keeps_its_data_across_a_restart(
    sqlite_app: SqliteApp,
) -> None:
    first = sqlite_app()
    created = first.test_cli_runner().invoke(args=["portal", "demo-data"])
    assert created.exit_code == 0, created.output
    client = first.test_client()
    assert sign_in(client, EMPLOYEE.email, EMPLOYEE.password).status_code == 303
    token = csrf_token(client, "/konto/")
    saved = client.post(
        "/konto/kontaktdaten",
        data={"title": "Dr.", "phone": "+49 89 123", "language": "de", "csrf_token": token},
    )
    assert saved.status_code == 303
    storage_of(first).close()

    # A new process: same instance folder and secret key, nothing shared in memory.
    second = sqlite_app()
    with second.test_client() as fresh:
        fresh.set_cookie(
            second.config["LOGIN_COOKIE_NAME"],
            client.get_cookie(first.config["LOGIN_COOKIE_NAME"]).value,  # type: ignore[union-attr]
        )
        answer = fresh.get("/konto/")
    assert answer.status_code == 200
    assert "+49 89 123" in answer.get_data(as_text=True)
    with storage_of(second)() as uow:
        (company,) = uow.companies.all()
        assert company.name == DEMO_COMPANY
        assert len(uow.users.in_company(company.id)) == len(DEMO_ACCOUNTS)


def test_every_demo_account_signs_in_on_sqlite(sqlite_app: SqliteApp) -> None:
    app = sqlite_app(DEMO_DATA=True)
    for account in DEMO_ACCOUNTS:
        assert sign_in(app.test_client(), account.email, account.password).status_code == 303


@pytest.mark.parametrize("name", ["memory", "sqlite"])
def test_a_scratch_copy_never_writes_to_the_real_data(sqlite_app: SqliteApp, name: str) -> None:
    app = sqlite_app(STORAGE=name)
    storage = storage_of(app)
    with storage.scratch_copy() as scratch, scratch() as uow:
        uow.companies.save(Company("c1", "100234", "Kopie GmbH"))
        uow.commit()
        assert [company.name for company in uow.companies.all()] == ["Kopie GmbH"]
    with storage() as uow:
        assert list(uow.companies.all()) == []
