"""The portal on PostgreSQL: chosen by DATABASE_URL, shared by several portal instances."""

from __future__ import annotations

from pathlib import Path

import pytest

from portalkit import FixedClock
from portalkit.adapters.flask.config import PortalConfigurationError
from portalkit.adapters.flask.demo import DEMO_ACCOUNTS
from portalkit.adapters.postgres import PostgresUnitOfWork
from portalkit.policy.emails import EmailAddress
from tests.adapters.flask.conftest import accounts_of, make_app, sign_in

pytestmark = pytest.mark.usefixtures("postgres_server")


def test_a_postgresql_url_selects_the_postgres_store(
    tmp_path: Path, clock: FixedClock, postgres_url: str
) -> None:
    app = make_app(tmp_path, clock, DATABASE_URL=postgres_url)
    assert app.config["STORAGE"] == "postgres"
    with accounts_of(app).unit_of_work() as uow:
        assert isinstance(uow, PostgresUnitOfWork)


def test_two_portal_instances_share_the_accounts_on_one_server(
    tmp_path: Path, clock: FixedClock, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTALKIT_DATABASE_URL", postgres_url)
    first = make_app(tmp_path / "one", clock, DEMO_DATA=True)
    second = make_app(tmp_path / "two", clock)
    admin, *_ = DEMO_ACCOUNTS
    # The demo data were created by the first instance; the second signs the admin in.
    response = sign_in(second.test_client(), admin.email, admin.password)
    assert response.status_code == 303
    with accounts_of(first).unit_of_work() as uow:
        user = uow.users.by_email(EmailAddress.parse(admin.email))
        assert user is not None
        assert user.last_login is not None


def test_storage_postgres_without_a_url_is_refused(tmp_path: Path, clock: FixedClock) -> None:
    with pytest.raises(PortalConfigurationError) as refused:
        make_app(tmp_path, clock, STORAGE="postgres")
    assert refused.value.setting == "DATABASE_URL"
