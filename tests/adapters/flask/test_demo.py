"""Demo data and the storage seam: ``flask portal demo-data``, DEMO_DATA, STORAGE."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from flask import Flask

from portalkit import FixedClock
from portalkit.accounts import UserStatus
from portalkit.adapters.flask import PortalConfigurationError
from portalkit.adapters.flask.config import DEFAULTS
from portalkit.adapters.flask.demo import (
    DEMO_ACCOUNTS,
    DEMO_COMPANY,
    DEMO_OPERATOR_EMAIL,
    DEMO_OPERATOR_PASSWORD,
    DEMO_SERVICES,
    DEMO_TICKETS,
    create_demo_data,
)
from portalkit.adapters.flask.storage import STORAGES
from portalkit.adapters.memory import MemoryStore
from portalkit.policy.roles import Role
from portalkit.services import ChangeKind, RequestStatus
from portalkit.tickets import TicketState
from tests.adapters.flask.conftest import (
    PRODUCTION_KEY,
    PRODUCTION_URL,
    accounts_of,
    make_app,
    post_form,
    sign_in,
)


def test_the_demo_company_has_one_active_account_per_role(
    demo_app: Flask, store: MemoryStore
) -> None:
    roles = sorted(user.role.value for user in store.users.values())
    assert roles == sorted(role.value for role in Role)
    assert {user.status for user in store.users.values()} == {UserStatus.ACTIVE}
    (company,) = store.companies.values()
    assert company.name == DEMO_COMPANY


def test_demo_data_are_created_once(demo_app: Flask, store: MemoryStore) -> None:
    assert create_demo_data(accounts_of(demo_app)) is False
    assert len(store.users) == len(DEMO_ACCOUNTS)


def test_the_demo_set_up_leaves_no_mail_behind(demo_app: Flask, store: MemoryStore) -> None:
    assert store.outbox == {}


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.role.value)
def test_every_demo_account_signs_in_with_its_printed_password(
    demo_app: Flask, account: object
) -> None:
    response = sign_in(demo_app.test_client(), account.email, account.password)  # type: ignore[attr-defined]
    assert response.status_code == 303


def test_the_demo_data_command_prints_the_accounts(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["portal", "demo-data"])
    assert first.exit_code == 0
    assert "Demo data created." in first.output
    for account in DEMO_ACCOUNTS:
        assert f"{account.email:<28} {account.password}" in first.output
    again = runner.invoke(args=["portal", "demo-data"])
    assert "Demo data exist already." in again.output


def test_a_development_portal_with_demo_data_creates_them_at_start(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = make_app(tmp_path, clock, DEMO_DATA=True)
    admin, *_ = DEMO_ACCOUNTS
    response = sign_in(app.test_client(), admin.email, admin.password)
    assert response.status_code == 303


def test_without_demo_data_the_store_starts_empty(tmp_path: Path, clock: FixedClock) -> None:
    app = make_app(tmp_path, clock)
    with accounts_of(app).unit_of_work() as uow:
        assert list(uow.companies.all()) == []


def test_each_app_gets_its_own_memory_store(tmp_path: Path, clock: FixedClock) -> None:
    first = make_app(tmp_path, clock, DEMO_DATA=True)
    second = make_app(tmp_path, clock)
    with accounts_of(first).unit_of_work() as uow:
        assert len(uow.companies.all()) == 1
    with accounts_of(second).unit_of_work() as uow:
        assert len(uow.companies.all()) == 0


def test_sqlite_is_the_default_storage_and_memory_and_postgres_the_others() -> None:
    assert set(STORAGES) == {"memory", "postgres", "sqlite"}
    assert DEFAULTS["STORAGE"] == "sqlite"


@pytest.mark.parametrize(
    ("setting", "value"),
    [("STORAGE", "oracle"), ("PASSWORD_HASHING", "md5"), ("DEMO_DATA", "yes")],
)
def test_invalid_account_settings_are_refused(
    tmp_path: Path, clock: FixedClock, setting: str, value: str
) -> None:
    with pytest.raises(PortalConfigurationError) as refused:
        make_app(tmp_path, clock, **{setting: value})
    assert refused.value.setting == setting


@pytest.mark.parametrize(
    ("setting", "value"), [("PASSWORD_HASHING", "insecure-fast-for-tests"), ("DEMO_DATA", True)]
)
def test_production_refuses_fast_hashes_and_demo_data(
    tmp_path: Path, clock: FixedClock, setting: str, value: object
) -> None:
    with pytest.raises(PortalConfigurationError) as refused:
        make_app(
            tmp_path,
            clock,
            ENVIRONMENT="production",
            SECRET_KEY=PRODUCTION_KEY,
            BASE_URL=PRODUCTION_URL,
            **{setting: value},
        )
    assert refused.value.setting == setting


@pytest.mark.parametrize("document", ["README.md", "docs/portal.md"])
def test_the_documented_demo_accounts_are_the_real_ones(document: str) -> None:
    text = (Path(__file__).parents[3] / document).read_text()
    for account in DEMO_ACCOUNTS:
        row = f"| {account.role.value} | `{account.email}` | `{account.password}` |"
        assert row in text
    # The operator signs in elsewhere (/betrieb/anmelden/), so the documents name her apart.
    assert f"`{DEMO_OPERATOR_EMAIL}`" in text
    assert f"`{DEMO_OPERATOR_PASSWORD}`" in text


def test_the_demo_has_a_ticket_in_every_state_and_services_with_a_pending_change(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = make_app(tmp_path, clock, DEMO_DATA=True)
    storage = app.extensions["portalkit"].storage
    with storage() as uow:
        (company,) = uow.companies.all()
        tickets = sorted(
            [*uow.tickets.page(company.id), *uow.tickets.page(company.id, archived=True)],
            key=lambda ticket: ticket.reference.sequence,
        )
        services = uow.booked_services.for_company(company.id)
        requests = uow.change_requests.for_company(company.id)
        pending = uow.outbox.pending()
    assert sorted(ticket.state.value for ticket in tickets) == sorted(TicketState)
    assert [ticket.subject for ticket in tickets] == [demo.subject for demo in DEMO_TICKETS]
    assert sorted(service.name for service in services) == sorted(
        demo.name for demo in DEMO_SERVICES
    )
    (request,) = requests
    assert (request.status, request.kind, request.quantity) == (
        RequestStatus.SUBMITTED,
        ChangeKind.MINIMIZE,
        3,
    )
    # Submitted on 18 March 2025: the last day for 1 April (seed 000).
    assert request.effective == dt.date(2025, 4, 1)
    assert list(pending) == []


def test_a_portal_assembled_with_accounts_elsewhere_gets_only_the_accounts(
    demo_app: Flask, store: MemoryStore
) -> None:
    from portalkit.adapters.flask.demo import create_portal_demo_data

    store.companies.clear()
    store.users.clear()
    assert create_portal_demo_data(demo_app.extensions["portalkit"]) is True
    assert store.tickets == {}
    assert store.booked_services == {}


def test_a_demo_made_before_tickets_and_services_gains_them_and_real_mail_stays_pending(
    tmp_path: Path, clock: FixedClock
) -> None:
    from portalkit.adapters.flask.demo import create_portal_demo_data

    app = make_app(tmp_path, clock)
    portal = app.extensions["portalkit"]
    assert create_demo_data(accounts_of(app)) is True
    post_form(app.test_client(), "/passwort-vergessen/", {"email": DEMO_ACCOUNTS[0].email})
    with portal.storage() as uow:
        (waiting,) = uow.outbox.pending()
    assert create_portal_demo_data(portal) is True
    assert create_portal_demo_data(portal) is False
    with portal.storage() as uow:
        (company,) = uow.companies.all()
        assert len(uow.tickets.page(company.id)) == len(DEMO_TICKETS) - 1
        assert len(uow.booked_services.for_company(company.id)) == len(DEMO_SERVICES)
        assert [message.id for message in uow.outbox.pending()] == [waiting.id]
