"""Tickets in the inactivity data export."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest

from portalkit.accounts import AccountServices, sweep_inactive_users
from portalkit.accounts.ports import UnitOfWork
from portalkit.adapters.memory import MemoryStore, PlainTextHasherForTests
from portalkit.calendar import WorkingCalendar
from portalkit.policy import PasswordPolicy
from portalkit.tickets import TicketExportSection
from portalkit.tickets import use_cases as uc
from tests.tickets.world import AGENT, TicketWorld


def test_a_unit_of_work_without_tickets_is_refused_clearly() -> None:
    @attrs.define
    class AccountsOnly:
        inner: UnitOfWork

    world = TicketWorld()
    anna = world.store.users["anna"]
    with world.store.unit_of_work() as uow, pytest.raises(TypeError, match="ticket repository"):
        TicketExportSection().collect(AccountsOnly(uow), anna)  # type: ignore[arg-type]


def test_the_inactivity_sweep_mails_the_users_tickets_without_internal_notes() -> None:
    world = TicketWorld()
    reference = uc.open_ticket(world.services, "anna", subject="Heizung", body="Kalt.").reference
    uc.add_note(world.services, AGENT, reference, "Nur intern")
    uc.open_ticket(world.services, "bernd", subject="Licht", body="Dunkel.")
    services = AccountServices(
        unit_of_work=world.store.unit_of_work,
        clock=world.clock,
        hasher=PlainTextHasherForTests(),
        password_policy=PasswordPolicy(),
        working_days=WorkingCalendar.germany(),
        export_sections=(TicketExportSection(),),
    )
    world.clock.advance(dt.timedelta(days=2 * 365 - 20))
    sweep_inactive_users(services)
    world.clock.advance(dt.timedelta(days=40))
    sweep_inactive_users(services)
    exports = {
        m.recipient: json.loads(m.attachment or "{}")
        for m in world.store.outbox.values()
        if m.template == "data_export"
    }
    annas = exports["anna@acme.de"]["tickets"]
    assert [str(reference)] == [ticket["reference"] for ticket in annas]
    assert [message["body"] for message in annas[0]["messages"]] == ["Kalt."]
    assert "Nur intern" not in json.dumps(exports)


def test_the_export_pages_through_many_tickets() -> None:
    world = TicketWorld()
    store: MemoryStore = world.store
    for _ in range(3):
        uc.open_ticket(world.services, "anna", subject="S", body="B")
    with store.unit_of_work() as uow:
        exported = TicketExportSection().collect(uow, store.users["anna"])
    assert isinstance(exported, list)
    assert len(exported) == 3
