"""Example tests of the ticket use cases on the memory adapter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit._errors import (
    ConflictError,
    InvalidValueError,
    PermissionDeniedError,
    PortalkitError,
)
from portalkit.accounts.errors import UserNotFoundError
from portalkit.accounts.model import Company, User, UserStatus
from portalkit.adapters.memory import MemoryTicketRepository
from portalkit.policy.roles import ActionNotAllowedError, Role
from portalkit.tickets import use_cases as uc
from portalkit.tickets.export import TicketExportSection
from portalkit.tickets.lifecycle import (
    ActorKind,
    ReopenWindowExpiredError,
    TicketAction,
    TicketState,
    TransitionNotAllowedError,
)
from portalkit.tickets.model import Priority, summarize
from portalkit.tickets.ports import ReferenceTakenError
from portalkit.tickets.references import InvalidReferenceNumberError, ReferenceNumber
from portalkit.tickets.sla import SlaClockState
from portalkit.tickets.visibility import TicketNotFoundError
from tests.tickets.world import AGENT, MONDAY, OTHER_AGENT, TicketWorld


@pytest.fixture
def world() -> TicketWorld:
    return TicketWorld()


def open_one(world: TicketWorld, user_id: str = "anna", **options: object) -> ReferenceNumber:
    ticket = uc.open_ticket(
        world.services, user_id, subject="Heizung defekt", body="Raum 3 ist kalt.", **options
    )
    return ticket.reference


# --------------------------------------------------------------------------------------------
# Opening


def test_an_employee_opens_a_ticket_with_the_years_next_reference_number(
    world: TicketWorld,
) -> None:
    first = uc.open_ticket(world.services, "anna", subject="Heizung", body="Kalt.")
    second = uc.open_ticket(world.services, "maria", subject="Fenster", body="Undicht.")
    assert ReferenceNumber(2025, 1) == first.reference
    assert ReferenceNumber(2025, 2) == second.reference
    assert first.state == TicketState.NEW
    assert first.company_id == "acme"


def test_opening_mails_the_reference_number_and_records_an_audit_event(
    world: TicketWorld,
) -> None:
    reference = open_one(world)
    [mail] = world.store.outbox.values()
    assert mail.recipient == "anna@acme.de"
    assert mail.template == uc.TicketMail.OPENED
    assert dict(mail.params) == {"reference": "T-2025-000001-97", "subject": "Heizung defekt"}
    assert str(reference) == "T-2025-000001-97"
    [event] = world.store.audit
    assert ("user:anna", "ticket.opened", f"ticket:{reference}", "acme") == (
        event.actor,
        event.action,
        event.target,
        event.company_id,
    )


@given(st.integers(1, 5))
def test_a_counter_that_repeats_a_number_never_overwrites_a_ticket(opened: int) -> None:
    world = TicketWorld()
    references = [open_one(world) for _ in range(opened)]
    stored = dict(world.store.tickets)
    events, mails = list(world.store.audit), dict(world.store.outbox)
    # A broken counter (a restored backup's, say) hands out the last number again.
    world.store.ticket_counters[2025] -= 1
    with pytest.raises(ReferenceTakenError) as refused:
        open_one(world, "maria")
    assert refused.value.reference == references[-1]
    assert isinstance(refused.value, RuntimeError)  # the installation's fault: a 500, logged
    assert "T-2025" in refused.value.message("de")
    # Nothing of the refused ticket was written; the stored one is as it was.
    assert world.store.tickets == stored
    assert (world.store.audit, world.store.outbox) == (events, mails)


def test_a_guest_may_not_open_a_ticket_and_nothing_is_written(world: TicketWorld) -> None:
    with pytest.raises(ActionNotAllowedError) as refused:
        open_one(world, "gast")
    assert refused.value.reason == "not_permitted"
    assert world.store.tickets == {}
    assert world.store.ticket_counters == {}


def test_a_deactivated_user_may_not_open_a_ticket(world: TicketWorld) -> None:
    world.user("anna", "acme", Role.EMPLOYEE, status=UserStatus.DEACTIVATED)
    with pytest.raises(ActionNotAllowedError) as refused:
        open_one(world)
    assert refused.value.reason == "actor_inactive"


def test_an_unknown_user_cannot_open_a_ticket(world: TicketWorld) -> None:
    with pytest.raises(UserNotFoundError):
        open_one(world, "nobody")


def test_an_empty_body_is_refused_without_using_up_a_number(world: TicketWorld) -> None:
    with pytest.raises(InvalidValueError) as refused:
        uc.open_ticket(world.services, "anna", subject="Heizung", body="  ")
    assert refused.value.code == "ticket_text_empty"
    assert ReferenceNumber(2025, 1) == open_one(world)


# --------------------------------------------------------------------------------------------
# The conversation


def test_a_processor_reply_is_mailed_and_a_customer_reply_is_not(world: TicketWorld) -> None:
    reference = open_one(world)
    uc.assign(world.services, AGENT, reference)
    world.store.outbox.clear()
    world.later(minutes=5)
    uc.reply(world.services, AGENT, reference, "Techniker kommt morgen.")
    world.later(minutes=5)
    uc.reply(world.services, "anna", reference, "Danke!")
    assert [m.template for m in world.store.outbox.values()] == [uc.TicketMail.REPLIED]


def test_customers_never_see_internal_notes(world: TicketWorld) -> None:
    reference = open_one(world)
    world.later(minutes=1)
    agent_view = uc.add_note(world.services, AGENT, reference, "Vertrag prüfen.")
    assert [m.body for m in agent_view.messages] == ["Raum 3 ist kalt.", "Vertrag prüfen."]
    customer_view = uc.show_ticket(world.services, "anna", reference)
    assert [m.body for m in customer_view.ticket.messages] == ["Raum 3 ist kalt."]
    world.later(minutes=1)
    after_reply = uc.reply(world.services, "anna", reference, "Noch etwas.")
    assert all(not m.internal for m in after_reply.messages)


def test_a_customer_cannot_write_an_internal_note_or_assign(world: TicketWorld) -> None:
    reference = open_one(world)
    with pytest.raises(PermissionDeniedError) as refused:
        uc.add_note(world.services, "anna", reference, "psst")  # type: ignore[arg-type]
    assert refused.value.code == "ticket_agents_only"
    with pytest.raises(uc.TicketAgentsOnlyError):
        uc.assign(world.services, "anna", reference)  # type: ignore[arg-type]


def test_notes_do_not_audit_their_text(world: TicketWorld) -> None:
    reference = open_one(world)
    uc.add_note(world.services, AGENT, reference, "Geheimer Hinweis")
    assert all("Geheimer" not in repr(event) for event in world.store.audit)


# --------------------------------------------------------------------------------------------
# Assignment and the queue


def test_assigning_takes_the_ticket_out_of_the_queue(world: TicketWorld) -> None:
    first = open_one(world)
    world.later(minutes=1)
    urgent = open_one(world, "maria", priority=Priority.URGENT)
    world.later(minutes=1)
    other = open_one(world, "greta")
    queue = [t.reference for t in uc.unassigned_queue(world.services, AGENT)]
    assert [urgent, first, other] == queue
    ticket = uc.assign(world.services, AGENT, urgent, OTHER_AGENT.id)
    assert (ticket.state, ticket.assignee_id) == (TicketState.OPEN, "otto")
    assert [first, other] == [t.reference for t in uc.unassigned_queue(world.services, AGENT)]


def test_only_processors_see_the_queue(world: TicketWorld) -> None:
    with pytest.raises(uc.TicketAgentsOnlyError):
        uc.unassigned_queue(world.services, "maria")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Asking, resolving, closing, reopening


def test_asking_the_customer_waits_and_the_answer_hands_the_ticket_back(
    world: TicketWorld,
) -> None:
    reference = open_one(world)
    uc.assign(world.services, AGENT, reference)
    world.later(minutes=1)
    waiting = uc.ask_customer(world.services, AGENT, reference, "Welcher Raum genau?")
    assert waiting.state == TicketState.WAITING_FOR_CUSTOMER
    world.later(minutes=1)
    answered = uc.reply(world.services, "anna", reference, "Raum 3.")
    assert answered.state == TicketState.OPEN


def test_resolving_mails_the_requester(world: TicketWorld) -> None:
    reference = open_one(world)
    uc.assign(world.services, AGENT, reference)
    world.store.outbox.clear()
    resolved = uc.resolve(world.services, AGENT, reference, "Thermostat getauscht.")
    assert resolved.state == TicketState.RESOLVED
    assert [m.template for m in world.store.outbox.values()] == [uc.TicketMail.RESOLVED]


@pytest.mark.parametrize("steps", [0, 1, 2, 3])
def test_the_customer_can_close_a_ticket_at_any_time(world: TicketWorld, steps: int) -> None:
    reference = open_one(world)
    progress = [
        lambda: uc.assign(world.services, AGENT, reference),
        lambda: uc.ask_customer(world.services, AGENT, reference, "?"),
        lambda: uc.resolve(world.services, AGENT, reference),
    ]
    for step in progress[:steps]:
        step()
    closed = uc.close(world.services, "anna", reference)
    assert closed.state == TicketState.CLOSED


def test_a_closed_ticket_cannot_be_closed_again_or_replied_to(world: TicketWorld) -> None:
    reference = open_one(world)
    uc.close(world.services, "anna", reference)
    with pytest.raises(TransitionNotAllowedError):
        uc.close(world.services, "anna", reference)
    with pytest.raises(TransitionNotAllowedError):
        uc.reply(world.services, "anna", reference, "Hallo?")


def test_a_customer_reopens_within_the_window_and_afterwards_opens_a_follow_up(
    world: TicketWorld,
) -> None:
    reference = open_one(world)
    uc.close(world.services, "anna", reference)
    world.later(days=14)
    assert uc.reopen(world.services, "anna", reference).state == TicketState.OPEN
    uc.close(world.services, "anna", reference)
    world.later(days=14, seconds=1)
    with pytest.raises(ReopenWindowExpiredError):
        uc.reopen(world.services, "anna", reference)
    follow_up = uc.open_follow_up(world.services, "anna", reference, body="Wieder kalt.")
    assert (reference, "Heizung defekt") == (follow_up.follow_up_of, follow_up.subject)
    assert ReferenceNumber(2025, 2) == follow_up.reference


def test_processors_may_always_reopen(world: TicketWorld) -> None:
    reference = open_one(world)
    uc.close(world.services, "anna", reference)
    world.later(days=400)
    assert uc.reopen(world.services, AGENT, reference).state == TicketState.OPEN


def test_a_follow_up_of_an_open_ticket_is_refused(world: TicketWorld) -> None:
    reference = open_one(world)
    with pytest.raises(ConflictError) as refused:
        uc.open_follow_up(world.services, "anna", reference, body="Noch was.")
    assert refused.value.code == "ticket_follow_up_needs_closed"


# --------------------------------------------------------------------------------------------
# Feedback


def test_the_requester_rates_a_closed_ticket_once(world: TicketWorld) -> None:
    reference = open_one(world)
    uc.close(world.services, "anna", reference)
    rated = uc.give_feedback(world.services, "anna", reference, 5, "Top")
    assert rated.feedback is not None
    assert (rated.feedback.rating, rated.feedback.comment) == (5, "Top")
    with pytest.raises(ConflictError) as refused:
        uc.give_feedback(world.services, "anna", reference, 1)
    assert refused.value.code == "ticket_feedback_given"


def test_a_manager_sees_but_may_not_rate_a_colleagues_ticket(world: TicketWorld) -> None:
    reference = open_one(world)
    uc.close(world.services, "anna", reference)
    with pytest.raises(PermissionDeniedError) as refused:
        uc.give_feedback(world.services, "maria", reference, 4)
    assert refused.value.code == "ticket_feedback_requester_only"


# --------------------------------------------------------------------------------------------
# Visibility


def test_another_companys_ticket_is_not_found(world: TicketWorld) -> None:
    reference = open_one(world)
    for step in (
        lambda: uc.show_ticket(world.services, "greta", reference),
        lambda: uc.reply(world.services, "greta", reference, "Hallo"),
        lambda: uc.close(world.services, "greta", reference),
    ):
        with pytest.raises(TicketNotFoundError) as refused:
            step()
        assert str(reference) == refused.value.reference


def test_an_employee_sees_only_own_tickets_and_a_manager_the_companys(
    world: TicketWorld,
) -> None:
    annas = open_one(world)
    berndts = open_one(world, "bernd")
    with pytest.raises(TicketNotFoundError):
        uc.show_ticket(world.services, "anna", berndts)
    assert [annas] == [t.reference for t in uc.list_tickets(world.services, "anna").tickets]
    managers = uc.list_tickets(world.services, "maria").tickets
    assert [berndts, annas] == [t.reference for t in managers]


def test_a_manager_may_close_a_colleagues_ticket(world: TicketWorld) -> None:
    reference = open_one(world)
    assert uc.close(world.services, "maria", reference).state == TicketState.CLOSED


def test_a_mistyped_reference_number_is_explained(world: TicketWorld) -> None:
    open_one(world)
    with pytest.raises(InvalidReferenceNumberError) as refused:
        uc.show_ticket(world.services, "anna", "T-2025-000001-79")
    assert refused.value.reason == "check_digits"
    assert ReferenceNumber(2025, 1) == (
        uc.show_ticket(world.services, "anna", "t 2025 000001 97").ticket.reference
    )


def test_the_archive_lists_closed_tickets_page_by_page(world: TicketWorld) -> None:
    references = [open_one(world) for _ in range(5)]
    for reference in references[:3]:
        uc.close(world.services, "anna", reference)
    first = uc.list_tickets(world.services, "anna", archived=True, limit=2)
    assert [references[2], references[1]] == [t.reference for t in first.tickets]
    assert references[1] == first.next_after
    second = uc.list_tickets(world.services, "anna", archived=True, after=first.next_after, limit=2)
    assert ([references[0]], None) == ([t.reference for t in second.tickets], second.next_after)
    open_page = uc.list_tickets(world.services, "anna")
    assert [references[4], references[3]] == [t.reference for t in open_page.tickets]
    assert TicketAction.REOPEN in uc.show_ticket(world.services, "anna", references[0]).actions


def test_processors_list_every_companys_tickets(world: TicketWorld) -> None:
    acme = open_one(world)
    globex = open_one(world, "greta")
    assert [globex, acme] == [t.reference for t in uc.list_tickets(world.services, AGENT).tickets]


@pytest.mark.parametrize("pages_only", [False, True])
def test_summaries_list_what_the_ticket_list_lists_without_internal_notes_for_customers(
    world: TicketWorld, pages_only: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if pages_only:
        # As an adapter written before summaries: page_summaries summarizes whole tickets.
        monkeypatch.delattr(MemoryTicketRepository, "summaries")
    references = [open_one(world) for _ in range(3)]
    noted_at = world.later(hours=1)
    uc.add_note(world.services, AGENT, references[0], "Intern.")
    for who in ("anna", "maria", AGENT):
        for limit in (2, 50):
            tickets = uc.list_tickets(world.services, who, limit=limit)
            summaries = uc.list_ticket_summaries(world.services, who, limit=limit)
            kind = ActorKind.AGENT if who == AGENT else ActorKind.CUSTOMER
            assert tuple(summarize(t, kind) for t in tickets.tickets) == summaries.tickets
            assert tickets.next_after == summaries.next_after
    first = uc.list_ticket_summaries(world.services, "anna", after=references[1]).tickets
    agents = uc.list_ticket_summaries(world.services, AGENT, after=references[1]).tickets
    assert first[0].last_change_at == MONDAY
    assert agents[0].last_change_at == noted_at
    with pytest.raises(ActionNotAllowedError):
        uc.list_ticket_summaries(world.services, "gast")


# --------------------------------------------------------------------------------------------
# SLA and support hours


def test_sla_runs_on_the_companys_office_hours_with_its_states_holidays(
    world: TicketWorld,
) -> None:
    # Friday 3 January 2025, 17:00 Berlin; Monday 6 January is Epiphany in Bavaria.
    world.clock.set(dt.datetime(2025, 1, 3, 16, 0, tzinfo=dt.UTC))
    bavarian = open_one(world, priority=Priority.HIGH)
    elsewhere = open_one(world, "greta", priority=Priority.HIGH)
    bavarian_sla = uc.ticket_sla(world.services, "anna", bavarian)
    other_sla = uc.ticket_sla(world.services, "greta", elsewhere)
    # 4 business hours: 1 on Friday, then 3 on the next working day from 08:00 Berlin.
    assert dt.datetime(2025, 1, 7, 10, 0, tzinfo=dt.UTC) == bavarian_sla.first_response_due
    assert dt.datetime(2025, 1, 6, 10, 0, tzinfo=dt.UTC) == other_sla.first_response_due


def test_internal_companies_get_24_7_sla_clocks(world: TicketWorld) -> None:
    world.clock.set(dt.datetime(2025, 1, 3, 16, 0, tzinfo=dt.UTC))
    reference = open_one(world, "ines", priority=Priority.HIGH)
    sla = uc.ticket_sla(world.services, "ines", reference)
    assert dt.datetime(2025, 1, 3, 20, 0, tzinfo=dt.UTC) == sla.first_response_due
    assert sla.first_response.state == SlaClockState.RUNNING


def test_support_is_open_on_working_days_8_to_18_and_tells_the_next_opening(
    world: TicketWorld,
) -> None:
    assert uc.SupportStatus(True, None) == uc.support_status(world.services)
    world.clock.set(dt.datetime(2025, 3, 7, 17, 30, tzinfo=dt.UTC))  # Friday 18:30 Berlin
    status = uc.support_status(world.services, "anna")
    assert not status.open_now
    assert dt.datetime(2025, 3, 10, 8, 0, tzinfo=status.next_opening.tzinfo) == (  # type: ignore[union-attr]
        status.next_opening
    )
    assert uc.SupportStatus(True, None, around_the_clock=True) == uc.support_status(
        world.services, "ines"
    )


# --------------------------------------------------------------------------------------------
# All or nothing, the data export


def test_a_failing_mail_leaves_no_ticket_no_audit_and_no_number_behind(
    world: TicketWorld,
) -> None:
    class BrokenOutboxError(Exception):
        pass

    original = world.store.unit_of_work

    def failing_uow():  # type: ignore[no-untyped-def]
        uow = original()

        def put(message: object) -> None:
            raise BrokenOutboxError

        uow.outbox.put = put  # type: ignore[method-assign]
        return uow

    broken = attrs.evolve(world.services, unit_of_work=failing_uow)
    with pytest.raises(BrokenOutboxError):
        uc.open_ticket(broken, "anna", subject="Heizung", body="Kalt.")
    assert (world.store.tickets, world.store.audit, world.store.ticket_counters) == ({}, [], {})
    reference = open_one(world)
    uc.assign(world.services, AGENT, reference)
    with pytest.raises(BrokenOutboxError):
        uc.resolve(broken, AGENT, reference)
    assert world.store.tickets[reference].state == TicketState.OPEN
    assert len(world.store.audit) == 2


def test_the_export_holds_the_users_tickets_without_internal_notes(world: TicketWorld) -> None:
    mine = open_one(world)
    open_one(world, "bernd")
    uc.add_note(world.services, AGENT, mine, "intern")
    uc.close(world.services, "anna", mine)
    uc.give_feedback(world.services, "anna", mine, 4, "gut")
    later = open_one(world)
    anna = world.store.users["anna"]
    with world.store.unit_of_work() as uow:
        exported = TicketExportSection().collect(uow, anna)
    assert isinstance(exported, list)
    assert [str(later), str(mine)] == [item["reference"] for item in exported]
    assert [m["body"] for m in exported[1]["messages"]] == ["Raum 3 ist kalt."]
    assert exported[1]["feedback"] == {"rating": 4, "comment": "gut"}
    assert MONDAY.isoformat() == exported[1]["created_at"]


# --------------------------------------------------------------------------------------------
# Lists with the user and company the caller has loaded already


def _stored(world: TicketWorld, user_id: str) -> tuple[User, Company]:
    with world.store.unit_of_work() as uow:
        user = uow.users.get(user_id)
        assert user is not None
        company = uow.companies.get(user.company_id)
        assert company is not None
        return user, company


def _listed(call: Callable[[], object]) -> object:
    try:
        return call()
    except PortalkitError as refused:
        return type(refused), refused.code


@given(
    role=st.sampled_from(Role),
    status=st.sampled_from(UserStatus),
    archived=st.booleans(),
    summaries=st.booleans(),
)
def test_a_list_with_the_user_and_company_as_loaded_is_the_list_without(
    role: Role, status: UserStatus, archived: bool, summaries: bool
) -> None:
    world = TicketWorld()
    for opener in ("anna", "maria", "greta"):
        open_one(world, opener)
    world.user("xaver", "acme", role, status=status)
    listing = uc.list_ticket_summaries if summaries else uc.list_tickets
    loaded = _stored(world, "xaver")
    without = _listed(lambda: listing(world.services, "xaver", archived=archived))
    assert without == _listed(
        lambda: listing(world.services, "xaver", archived=archived, as_loaded=loaded)
    )


def test_the_loaded_user_and_company_spare_the_lists_their_reads(world: TicketWorld) -> None:
    open_one(world, "maria")
    loaded = _stored(world, "maria")
    # Had the list read the store, it would find no user: the copies were used.
    del world.store.users["maria"]
    page = uc.list_ticket_summaries(world.services, "maria", as_loaded=loaded)
    assert [ticket.requester_id for ticket in page.tickets] == ["maria"]
    with pytest.raises(UserNotFoundError):
        uc.list_ticket_summaries(world.services, "maria")


@pytest.mark.parametrize(
    "mismatch",
    [
        lambda user, company: (attrs.evolve(user, id="anna"), company),
        lambda user, company: (user, attrs.evolve(company, id="globex")),
        lambda user, company: (attrs.evolve(user, status=UserStatus.DELETED), company),
    ],
    ids=["another user", "another company", "deleted"],
)
def test_copies_that_are_not_the_users_and_their_companys_are_ignored(
    world: TicketWorld, mismatch: Callable[[User, Company], tuple[User, Company]]
) -> None:
    open_one(world, "anna")
    open_one(world, "maria")
    stored = _stored(world, "maria")
    expected = uc.list_ticket_summaries(world.services, "maria")
    # A manager's copy passed off as an employee's would list the whole company's tickets.
    demoted = attrs.evolve(stored[0], role=Role.EMPLOYEE)
    world.user("maria", "acme", Role.EMPLOYEE)
    assert expected != uc.list_ticket_summaries(world.services, "maria")
    world.user("maria", "acme", Role.MANAGER)
    copies = mismatch(demoted, stored[1])
    assert expected == uc.list_ticket_summaries(world.services, "maria", as_loaded=copies)


@given(company=st.sampled_from(["acme", "kmc"]), status=st.sampled_from(UserStatus))
def test_support_hours_with_the_user_and_company_as_loaded_are_those_without(
    company: str, status: UserStatus
) -> None:
    world = TicketWorld()
    world.user("xaver", company, Role.EMPLOYEE, status=status)
    loaded = _stored(world, "xaver")
    without = _listed(lambda: uc.support_status(world.services, "xaver"))
    assert without == _listed(lambda: uc.support_status(world.services, "xaver", as_loaded=loaded))
    mismatched = (attrs.evolve(loaded[0], id="anna"), loaded[1])
    assert without == _listed(
        lambda: uc.support_status(world.services, "xaver", as_loaded=mismatched)
    )
