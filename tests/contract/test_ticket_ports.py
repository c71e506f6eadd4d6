"""The contract every storage adapter of the ticket ports keeps (run for each adapter)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portalkit.tickets.lifecycle import ActorKind, TicketAction, TicketState
from portalkit.tickets.model import (
    Actor,
    Priority,
    Ticket,
    act,
    add_internal_note,
    give_feedback,
    open_follow_up,
    open_ticket,
    summarize,
)
from portalkit.tickets.ports import (
    MAX_PAGE_SIZE,
    ReferenceTakenError,
    TicketsUnitOfWork,
    add_ticket,
    company_version,
    page_summaries,
)
from portalkit.tickets.references import ReferenceNumber
from tests.contract.conftest import UnitOfWorkFactory

# Tickets, services and requests refer to companies and users that exist.
pytestmark = pytest.mark.usefixtures("parents")

NOW = dt.datetime(2025, 5, 5, 10, 0, tzinfo=dt.UTC)
AGENT = Actor(ActorKind.AGENT, "olga")


def ticket(
    sequence: int,
    *,
    company_id: str = "c1",
    requester_id: str = "u1",
    priority: Priority = Priority.NORMAL,
    at: dt.datetime = NOW,
    year: int = 2025,
) -> Ticket:
    return open_ticket(
        ReferenceNumber(year, sequence),
        company_id=company_id,
        requester_id=requester_id,
        subject=f"Anfrage {sequence}",
        body="Bitte um Rückruf.",
        at=at,
        priority=priority,
    )


def closed(value: Ticket, at: dt.datetime = NOW) -> Ticket:
    return act(value, TicketAction.CLOSE, Actor(ActorKind.CUSTOMER, value.requester_id), at=at)


def full_ticket() -> Ticket:
    """A ticket that uses every field: history, public and internal messages, feedback."""
    start = ticket(7, priority=Priority.URGENT)
    later = [NOW + dt.timedelta(minutes=minutes) for minutes in range(1, 8)]
    value = act(start, TicketAction.ASSIGN, AGENT, at=later[0], assignee_id="olga")
    value = add_internal_note(value, AGENT, "Kunde hat Wartungsvertrag.", at=later[1])
    value = act(value, TicketAction.ASK_CUSTOMER, AGENT, at=later[2], body="Welche Etage?")
    value = act(
        value, TicketAction.REPLY, Actor(ActorKind.CUSTOMER, "u1"), at=later[3], body="3. OG"
    )
    value = act(value, TicketAction.RESOLVE, AGENT, at=later[4], body="Erledigt.")
    value = closed(value, later[5])
    return give_feedback(value, "u1", 5, "Schnell und freundlich.", at=later[6])


def saved(new_uow: UnitOfWorkFactory, *tickets: Ticket) -> None:
    with new_uow() as uow:
        for value in tickets:
            tickets_uow(uow).tickets.save(value)
        uow.commit()


def tickets_uow(uow: Any) -> TicketsUnitOfWork:
    assert isinstance(uow, TicketsUnitOfWork)
    return uow


def test_the_unit_of_work_satisfies_the_tickets_protocol(new_uow: UnitOfWorkFactory) -> None:
    with new_uow() as uow:
        assert isinstance(uow, TicketsUnitOfWork)


def test_a_ticket_round_trips_with_history_conversation_and_feedback(
    new_uow: UnitOfWorkFactory,
) -> None:
    value = full_ticket()
    follow_up = open_follow_up(
        value, ReferenceNumber(2025, 8), requester_id="u1", body="Wieder kaputt.", at=NOW
    )
    saved(new_uow, value, follow_up)
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets
        assert value == repo.get(ReferenceNumber(2025, 7))
        assert follow_up == repo.get(ReferenceNumber(2025, 8))
        assert repo.get(ReferenceNumber(2025, 9)) is None


def test_instants_keep_their_moment_across_time_zones(new_uow: UnitOfWorkFactory) -> None:
    berlin_summer = dt.timezone(dt.timedelta(hours=2))
    value = ticket(1, at=NOW.astimezone(berlin_summer))
    saved(new_uow, value)
    with new_uow() as uow:
        stored = tickets_uow(uow).tickets.get(value.reference)
        assert stored is not None
        assert stored.created_at == NOW


def test_a_lookup_scoped_to_another_company_finds_nothing(new_uow: UnitOfWorkFactory) -> None:
    value = ticket(1)
    saved(new_uow, value)
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets
        assert value == repo.get(value.reference, company_id="c1")
        assert repo.get(value.reference, company_id="c2") is None


def test_saving_again_replaces_the_ticket(new_uow: UnitOfWorkFactory) -> None:
    value = ticket(1)
    saved(new_uow, value)
    after = act(value, TicketAction.ASSIGN, AGENT, at=NOW, assignee_id="olga")
    saved(new_uow, after)
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets
        assert after == repo.get(value.reference)
        assert [after] == list(repo.page("c1"))


def test_pages_list_newest_first_and_continue_after_the_last_reference(
    new_uow: UnitOfWorkFactory,
) -> None:
    # Across a year boundary: every 2025 number is newer than every 2024 number.
    values = [ticket(n, year=2024) for n in (1, 2, 10)] + [ticket(n) for n in (1, 3)]
    saved(new_uow, *values)
    expected = [
        ReferenceNumber(2025, 3),
        ReferenceNumber(2025, 1),
        ReferenceNumber(2024, 10),
        ReferenceNumber(2024, 2),
        ReferenceNumber(2024, 1),
    ]
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets
        first = repo.page("c1", limit=2)
        second = repo.page("c1", after=first[-1].reference, limit=2)
        third = repo.page("c1", after=second[-1].reference, limit=2)
        rest = repo.page("c1", after=third[-1].reference, limit=2)
        listed = [t.reference for t in [*first, *second, *third]]
        assert expected == listed
        assert list(rest) == []
        assert expected == [t.reference for t in repo.page("c1")]


def test_pages_filter_by_company_requester_assignee_and_archive(
    new_uow: UnitOfWorkFactory,
) -> None:
    mine = ticket(1)
    colleagues = ticket(2, requester_id="u2")
    assigned = act(ticket(3), TicketAction.ASSIGN, AGENT, at=NOW, assignee_id="olga")
    archived = closed(ticket(4))
    foreign = ticket(5, company_id="c2", requester_id="x1")
    saved(new_uow, mine, colleagues, assigned, archived, foreign)
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets

        def refs(*args: Any, **kwargs: Any) -> list[int]:
            return [t.reference.sequence for t in repo.page(*args, **kwargs)]

        assert refs("c1") == [3, 2, 1]
        assert refs("c1", archived=True) == [4]
        assert refs("c1", requester_id="u1") == [3, 1]
        assert refs("c1", requester_id="u1", archived=True) == [4]
        assert refs("c1", requester_id="x1") == []
        assert refs(None, assignee_id="olga") == [3]
        assert refs(None) == [5, 3, 2, 1]
        assert refs("c2") == [5]


def noted_last() -> Ticket:
    """A ticket whose latest change is an internal note: customers see an earlier one."""
    value = act(ticket(9), TicketAction.ASSIGN, AGENT, at=NOW, assignee_id="olga")
    value = act(
        value, TicketAction.ASK_CUSTOMER, AGENT, at=NOW + dt.timedelta(hours=1), body="Etage?"
    )
    return add_internal_note(value, AGENT, "Intern.", at=NOW + dt.timedelta(hours=2))


def test_summaries_are_the_pages_tickets_summarized_for_either_viewer(
    new_uow: UnitOfWorkFactory,
) -> None:
    berlin_summer = dt.timezone(dt.timedelta(hours=2))
    plain = ticket(1, at=NOW.astimezone(berlin_summer))
    follow_up = open_follow_up(
        full_ticket(), ReferenceNumber(2025, 8), requester_id="u1", body="Wieder.", at=NOW
    )
    foreign = ticket(5, company_id="c2", requester_id="x1")
    saved(new_uow, plain, full_ticket(), follow_up, noted_last(), foreign)
    arguments: list[dict[str, Any]] = [
        {"company_id": "c1"},
        {"company_id": "c1", "archived": True},
        {"company_id": "c1", "requester_id": "u1", "limit": 2},
        {"company_id": "c1", "after": ReferenceNumber(2025, 9)},
        {"company_id": None, "assignee_id": "olga"},
        {"company_id": None},
    ]
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets
        for kwargs in arguments:
            for viewer in (ActorKind.CUSTOMER, ActorKind.AGENT):
                tickets = repo.page(**kwargs)
                expected = [summarize(value, viewer) for value in tickets]
                assert expected == list(page_summaries(repo, viewer=viewer, **kwargs))
                assert tickets, kwargs
        customer = page_summaries(repo, None, viewer=ActorKind.CUSTOMER, assignee_id="olga")
        agent = page_summaries(repo, None, viewer=ActorKind.AGENT, assignee_id="olga")
    # The internal note is the latest change for agents only.
    assert customer[0].last_change_at == NOW + dt.timedelta(hours=1)
    assert agent[0].last_change_at == NOW + dt.timedelta(hours=2)


@pytest.mark.parametrize("limit", [0, MAX_PAGE_SIZE + 1])
def test_a_summary_limit_outside_the_bounds_is_refused(
    new_uow: UnitOfWorkFactory, limit: int
) -> None:
    with new_uow() as uow, pytest.raises(ValueError, match="limit"):
        page_summaries(tickets_uow(uow).tickets, "c1", viewer=ActorKind.AGENT, limit=limit)


def test_the_queue_holds_new_unassigned_tickets_most_urgent_then_oldest(
    new_uow: UnitOfWorkFactory,
) -> None:
    later = NOW + dt.timedelta(hours=1)
    low_old = ticket(1, priority=Priority.LOW)
    normal_late = ticket(2, at=later)
    normal_old = ticket(3)
    urgent_late = ticket(4, priority=Priority.URGENT, at=later)
    high_other_company = ticket(5, company_id="c2", priority=Priority.HIGH, at=later)
    taken = act(
        ticket(6, priority=Priority.URGENT), TicketAction.ASSIGN, AGENT, at=NOW, assignee_id="o"
    )
    closed_unassigned = closed(ticket(7, priority=Priority.URGENT))
    saved(
        new_uow,
        low_old,
        normal_late,
        normal_old,
        urgent_late,
        high_other_company,
        taken,
        closed_unassigned,
    )
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets
        assert [t.reference.sequence for t in repo.unassigned()] == [4, 5, 3, 2, 1]
        assert [t.reference.sequence for t in repo.unassigned(limit=2)] == [4, 5]


@pytest.mark.parametrize("limit", [0, -1, MAX_PAGE_SIZE + 1])
def test_a_page_limit_outside_the_bounds_is_refused(new_uow: UnitOfWorkFactory, limit: int) -> None:
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets
        with pytest.raises(ValueError, match="limit"):
            repo.page("c1", limit=limit)
        with pytest.raises(ValueError, match="limit"):
            repo.unassigned(limit=limit)


def test_the_counter_counts_per_year_from_one(new_uow: UnitOfWorkFactory) -> None:
    with new_uow() as uow:
        counter = tickets_uow(uow).ticket_counter
        drawn = [counter.next_value(2025), counter.next_value(2025), counter.next_value(2026)]
        uow.commit()
    with new_uow() as uow:
        drawn.append(tickets_uow(uow).ticket_counter.next_value(2025))
        uow.commit()
    assert drawn == [1, 2, 1, 3]


def test_the_counter_never_repeats_a_number_a_committed_ticket_holds(
    new_uow: UnitOfWorkFactory,
) -> None:
    with new_uow() as uow:
        work = tickets_uow(uow)
        first = ReferenceNumber(2025, work.ticket_counter.next_value(2025))
        work.tickets.save(ticket(first.sequence))
        uow.commit()
    with new_uow() as uow:
        tickets_uow(uow).ticket_counter.next_value(2025)
        uow.rollback()
    with new_uow() as uow:
        third = tickets_uow(uow).ticket_counter.next_value(2025)
    assert third > first.sequence


def test_a_ticket_written_without_commit_is_not_stored(new_uow: UnitOfWorkFactory) -> None:
    with new_uow() as uow:
        tickets_uow(uow).tickets.save(ticket(1))
    with new_uow() as uow:
        assert tickets_uow(uow).tickets.get(ReferenceNumber(2025, 1)) is None


def test_changes_to_a_ticket_roll_back_together(new_uow: UnitOfWorkFactory) -> None:
    value = ticket(1)
    saved(new_uow, value)
    with new_uow() as uow:
        work = tickets_uow(uow)
        work.tickets.save(attrs.evolve(value, subject="geändert"))
        work.tickets.save(ticket(2))
        uow.rollback()
        assert value == work.tickets.get(value.reference)
        assert work.tickets.get(ReferenceNumber(2025, 2)) is None


def test_every_state_round_trips(new_uow: UnitOfWorkFactory) -> None:
    start = ticket(1)
    opened = act(start, TicketAction.ASSIGN, AGENT, at=NOW, assignee_id="olga")
    waiting = act(opened, TicketAction.ASK_CUSTOMER, AGENT, at=NOW, body="?")
    resolved = act(opened, TicketAction.RESOLVE, AGENT, at=NOW)
    values = [
        start,
        attrs.evolve(opened, reference=ReferenceNumber(2025, 2)),
        attrs.evolve(waiting, reference=ReferenceNumber(2025, 3)),
        attrs.evolve(resolved, reference=ReferenceNumber(2025, 4)),
        attrs.evolve(closed(start), reference=ReferenceNumber(2025, 5)),
    ]
    saved(new_uow, *values)
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets
        assert {v.state for v in values} == set(TicketState)
        assert values == [repo.get(v.reference) for v in values]


_UNIQUE = itertools.count(100)


def _counts_none(versions: dict[str, int | None]) -> bool:
    return all(version is None for version in versions.values())


def _versions(new_uow: UnitOfWorkFactory) -> dict[str, int | None]:
    with new_uow() as uow:
        repo = tickets_uow(uow).tickets
        return {company_id: company_version(repo, company_id) for company_id in ("c1", "c2", "c3")}


def test_a_companys_version_changes_with_its_company_users_and_tickets_only(
    new_uow: UnitOfWorkFactory,
) -> None:
    before = _versions(new_uow)
    assert _versions(new_uow) == before  # reading changes nothing
    if _counts_none(before):
        return
    steps: list[tuple[str, Any]] = [
        ("c1", lambda uow: tickets_uow(uow).tickets.save(ticket(1))),
        ("c1", lambda uow: tickets_uow(uow).tickets.save(closed(ticket(1)))),
        (
            "c2",
            lambda uow: tickets_uow(uow).tickets.save(
                ticket(2, company_id="c2", requester_id="x1")
            ),
        ),
        ("c1", lambda uow: uow.users.save(attrs.evolve(uow.users.get("u2"), title="Dr."))),
        ("c3", lambda uow: uow.companies.save(attrs.evolve(uow.companies.get("c3"), name="Neu"))),
    ]
    for company_id, change in steps:
        with new_uow() as uow:
            change(uow)
            uow.commit()
        after = _versions(new_uow)
        assert after[company_id] != before[company_id], company_id
        assert {k: v for k, v in after.items() if k != company_id} == {
            k: v for k, v in before.items() if k != company_id
        }
        before = after


def test_a_store_counts_versions_for_every_company_or_for_none(
    new_uow: UnitOfWorkFactory,
) -> None:
    # None (the PostgreSQL store) stays None through changes: never a number now and then.
    before = _versions(new_uow)
    saved(new_uow, ticket(4))
    after = _versions(new_uow)
    assert _counts_none(before) == _counts_none(after)
    assert all(v is None for v in after.values()) or all(isinstance(v, int) for v in after.values())


def test_a_change_rolled_back_leaves_the_version(new_uow: UnitOfWorkFactory) -> None:
    before = _versions(new_uow)
    with new_uow() as uow:
        tickets_uow(uow).tickets.save(ticket(3))
        uow.users.save(attrs.evolve(uow.users.get("u1"), title="Prof."))
        uow.rollback()
    assert _versions(new_uow) == before


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(["ticket", "user", "company"]), st.sampled_from(["c1", "c2"])),
        min_size=1,
        max_size=4,
    ),
    commit=st.booleans(),
)
def test_any_unit_of_work_changes_exactly_the_versions_of_the_companies_it_touched(
    new_uow: UnitOfWorkFactory,
    changes: list[tuple[str, str]],
    commit: bool,
) -> None:
    requester = {"c1": "u1", "c2": "x1"}
    before = _versions(new_uow)
    if _counts_none(before):
        return
    with new_uow() as uow:
        for kind, company_id in changes:
            # Always a real change: a store need not count saving what it holds already.
            sequence = next(_UNIQUE)
            if kind == "ticket":
                value = ticket(sequence, company_id=company_id, requester_id=requester[company_id])
                tickets_uow(uow).tickets.save(value)
            elif kind == "user":
                user = uow.users.get(requester[company_id])
                uow.users.save(attrs.evolve(user, phone=f"+49 30 {sequence}"))
            else:
                company = uow.companies.get(company_id)
                uow.companies.save(attrs.evolve(company, name=f"Firma {sequence}"))
        if commit:
            uow.commit()
    after = _versions(new_uow)
    touched = {company_id for _, company_id in changes} if commit else set()
    for company_id, version in after.items():
        assert (version != before[company_id]) == (company_id in touched), company_id


class _WithoutAdd:
    """A ticket repository written before ``add``: only what ``TicketRepository`` asks."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def get(self, reference: ReferenceNumber, *, company_id: str | None = None) -> Ticket | None:
        return self._inner.get(reference, company_id=company_id)  # type: ignore[no-any-return]

    def save(self, value: Ticket) -> None:
        self._inner.save(value)


@pytest.mark.parametrize("own_add", [True, False], ids=["add", "look-up-and-save"])
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequences=st.lists(st.integers(1, 6), min_size=1, max_size=10))
def test_adding_new_tickets_never_overwrites_a_stored_one(
    new_uow: UnitOfWorkFactory, own_add: bool, sequences: list[int]
) -> None:
    # The model: the first ticket of each number stays; every later one is refused whole.
    kept: dict[int, Ticket] = {}
    year = 2030 + next(_YEARS)  # a fresh year per example: the store outlives examples
    with new_uow() as uow:
        repository: Any = tickets_uow(uow).tickets
        if not own_add:
            repository = _WithoutAdd(repository)
        for index, sequence in enumerate(sequences):
            value = ticket(sequence, year=year, requester_id="u1" if index % 2 else "u2")
            if sequence in kept:
                with pytest.raises(ReferenceTakenError) as refused:
                    add_ticket(repository, value)
                assert refused.value.reference == value.reference
            else:
                add_ticket(repository, value)
                kept[sequence] = value
        uow.commit()
    with new_uow() as uow:
        stored = tickets_uow(uow).tickets
        for sequence, value in kept.items():
            assert stored.get(ReferenceNumber(year, sequence)) == value


_YEARS = itertools.count()


def test_a_ticket_added_then_changed_in_one_unit_is_stored_changed(
    new_uow: UnitOfWorkFactory,
) -> None:
    value = ticket(1)
    with new_uow() as uow:
        repository = tickets_uow(uow).tickets
        add_ticket(repository, value)
        changed = closed(value)
        repository.save(changed)
        uow.commit()
    with new_uow() as uow:
        assert tickets_uow(uow).tickets.get(value.reference) == changed
