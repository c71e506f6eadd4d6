"""Inactivity (seed 000): notice, export, then deletion, idempotent and restartable."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit.accounts import (
    AccountSettings,
    CompanyStatus,
    SweepReport,
    User,
    UserStatus,
    inactivity,
    login_with_email,
    sweep_inactive_users,
)
from portalkit.accounts.inactivity import candidates_cutoff
from portalkit.calendar import inactivity_deadline, notice_date
from tests.accounts.world import GOOD_PASSWORD, START, World


def test_a_user_is_warned_30_days_before_and_deleted_after_two_years(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    user = world.member(company, admin, "max")
    login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    deadline = START + relativedelta(years=2)
    world.clock.set(deadline - dt.timedelta(days=31))
    assert sweep_inactive_users(world.services) == SweepReport()
    world.clock.set(deadline - dt.timedelta(days=30))
    assert sweep_inactive_users(world.services).notified == (admin.id, user.id)
    assert sweep_inactive_users(world.services) == SweepReport()
    world.clock.set(deadline)
    report = sweep_inactive_users(world.services)
    assert report.exported == report.deleted == (admin.id, user.id)
    deleted = world.user(user.id)
    assert (deleted.status, deleted.first_name) == (UserStatus.DELETED, "")
    export = json.loads(world.mails("data_export")[-1].attachment or "")
    assert export["profile"]["email"] == "max@muster.de"
    assert "password_hash" not in export["profile"]
    assert next(event["action"] for event in export["audit"]) == "user.invited"
    assert world.company_now(company.id).status is CompanyStatus.NEEDS_ADMINISTRATOR
    assert sweep_inactive_users(world.services) == SweepReport()


def test_a_login_after_the_notice_starts_a_new_period(world: World) -> None:
    admin = world.administrator(world.company())
    deadline = START + relativedelta(years=2)
    world.clock.set(deadline - dt.timedelta(days=10))
    assert sweep_inactive_users(world.services).notified == (admin.id,)
    login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD)
    world.clock.set(deadline + dt.timedelta(days=60))
    assert sweep_inactive_users(world.services) == SweepReport()
    assert world.user(admin.id).status is UserStatus.ACTIVE


def test_a_late_notice_still_gives_the_full_warning_time(world: World) -> None:
    admin = world.administrator(world.company())
    late = START + relativedelta(years=3)
    world.clock.set(late)
    assert sweep_inactive_users(world.services) == SweepReport(notified=(admin.id,))
    world.clock.set(late + dt.timedelta(days=29))
    assert sweep_inactive_users(world.services) == SweepReport()
    world.clock.set(late + dt.timedelta(days=30))
    assert sweep_inactive_users(world.services).deleted == (admin.id,)


def test_nothing_is_deleted_whose_export_was_not_recorded(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = world.administrator(world.company())
    world.clock.set(START + relativedelta(years=2) - dt.timedelta(days=30))
    sweep_inactive_users(world.services)
    world.clock.set(START + relativedelta(years=2))

    def broken_export(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(inactivity, "to_json", broken_export)
    with pytest.raises(RuntimeError):
        sweep_inactive_users(world.services)
    assert world.user(admin.id).status is UserStatus.ACTIVE
    assert world.mails("data_export") == []
    monkeypatch.undo()
    assert sweep_inactive_users(world.services).deleted == (admin.id,)


@settings(max_examples=20)
@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=8))
def test_sweeps_at_any_times_never_delete_without_notice_and_export(days: list[int]) -> None:
    world = World()
    admin = world.administrator(world.company())
    moment = START
    for step in days:
        moment += dt.timedelta(days=step)
        world.clock.set(moment)
        sweep_inactive_users(world.services)
        user = world.user(admin.id)
        if user.status is UserStatus.DELETED:
            notice = next(e for e in world.store.audit if e.action == "user.inactivity_notice")
            export = next(e for e in world.store.audit if e.action == "user.exported")
            assert notice.at <= export.at
            assert export.at >= START + relativedelta(years=2)
            assert export.at >= notice.at + dt.timedelta(days=30)


class TicketsForTests:
    name = "tickets"

    def collect(self, uow: object, user: User) -> object:
        return [{"reference": "T-2025-000001-00", "author": user.id}]


def test_other_areas_add_their_part_to_the_export(world: World) -> None:
    admin = world.administrator(world.company())
    world.clock.set(START + relativedelta(years=2) - dt.timedelta(days=30))
    sweep_inactive_users(world.services)
    world.clock.set(START + relativedelta(years=2))
    services = attrs.evolve(world.services, export_sections=(TicketsForTests(),))
    sweep_inactive_users(services)
    export = json.loads(world.mails("data_export")[-1].attachment or "")
    assert export["tickets"] == [{"reference": "T-2025-000001-00", "author": admin.id}]


def test_the_export_holds_no_other_persons_data(world: World) -> None:
    company = world.company()
    admin = world.administrator(company)
    world.member(company, admin, "max")
    world.clock.set(START + relativedelta(years=2) - dt.timedelta(days=30))
    sweep_inactive_users(world.services)
    world.clock.set(START + relativedelta(years=2))
    sweep_inactive_users(world.services)
    exports = {
        message.recipient: message.attachment or "" for message in world.mails("data_export")
    }
    assert "max@muster.de" not in exports["chefin@muster.de"]
    assert "chefin@muster.de" not in exports["max@muster.de"]


@settings(max_examples=200)
@given(
    last=st.datetimes(
        min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
        max_value=dt.datetime(2030, 12, 31),  # noqa: DTZ001 - hypothesis takes naive bounds
        timezones=st.sampled_from([dt.UTC, ZoneInfo("Europe/Berlin")]),
    ),
    elapsed=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3 * 366)),
    years=st.integers(min_value=0, max_value=5),
    notice_days=st.integers(min_value=0, max_value=120),
)
def test_every_user_due_for_the_notice_is_a_candidate(
    last: dt.datetime, elapsed: dt.timedelta, years: int, notice_days: int
) -> None:
    account_settings = AccountSettings(inactivity_years=years, inactivity_notice_days=notice_days)
    now = last + elapsed
    due = now >= notice_date(inactivity_deadline(last, years), notice_days)
    if due:
        assert last < candidates_cutoff(now, account_settings)


def test_users_far_from_their_deadline_are_no_candidates() -> None:
    account_settings = AccountSettings()
    now = START + relativedelta(years=3)
    assert candidates_cutoff(now, account_settings) < now - relativedelta(years=1)
