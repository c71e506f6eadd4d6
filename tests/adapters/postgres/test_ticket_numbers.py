"""Ticket numbers on PostgreSQL are drawn outside the unit of work's transaction.

Under SERIALIZABLE two transactions that both increment the year's counter row conflict and
one is aborted; new tickets of all companies would fail each other. The store draws each
number in a statement of its own instead: concurrent drawers wait one statement for the row,
and none is aborted.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portalkit.adapters.postgres import PostgresStore, StorageConflictError, connect
from portalkit.adapters.postgres import store as store_module
from portalkit.adapters.sqlite import ReadOnlyUnitOfWorkError, UnitOfWorkNotStartedError

pytestmark = pytest.mark.usefixtures("postgres_server")


def _in_thread(target: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(target())
        except Exception as error:  # reported to the test through the outcome
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_two_open_units_of_work_both_draw_and_commit(postgres_url: str) -> None:
    # Both hold an open transaction with a drawn number at the same time; with the number
    # drawn inside the transaction, the second would wait for the first and then be aborted.
    with PostgresStore(postgres_url) as store:
        first_drew, second_drew = threading.Event(), threading.Event()

        def draw(mine: threading.Event, other: threading.Event) -> int:
            with store.unit_of_work() as uow:
                number = uow.ticket_counter.next_value(2025)
                mine.set()
                assert other.wait(timeout=10), "the other unit of work could not draw"
                uow.commit()
            return number

        first, first_outcome = _in_thread(lambda: draw(first_drew, second_drew))
        second, second_outcome = _in_thread(lambda: draw(second_drew, first_drew))
        first.join(timeout=30)
        second.join(timeout=30)
    assert sorted(first_outcome + second_outcome) == [1, 2]  # type: ignore[type-var]


def test_a_number_of_a_rolled_back_unit_is_never_handed_out_again(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as store:
        with store.unit_of_work() as uow:
            assert uow.ticket_counter.next_value(2025) == 1
            uow.rollback()
        with store.unit_of_work() as uow:
            # Drawn alone, the first number stays drawn: a gap, never a second ticket 1.
            assert uow.ticket_counter.next_value(2025) == 2
            assert uow.ticket_counter.next_value(2026) == 1


def test_only_a_begun_writable_unit_of_work_draws(postgres_url: str) -> None:
    with PostgresStore(postgres_url) as store:
        with pytest.raises(UnitOfWorkNotStartedError):
            store.unit_of_work().ticket_counter.next_value(2025)
        with store.unit_of_work(read_only=True) as uow, pytest.raises(ReadOnlyUnitOfWorkError):
            uow.ticket_counter.next_value(2025)
        with store.unit_of_work() as uow:
            # Nothing was drawn by the refused calls.
            assert uow.ticket_counter.next_value(2025) == 1


def test_a_counter_row_held_too_long_is_a_conflict_and_draws_nothing(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "COUNTER_LOCK_TIMEOUT", "200ms")
    with PostgresStore(postgres_url) as store, connect(postgres_url) as holder:
        with store.unit_of_work() as uow:
            uow.ticket_counter.next_value(2025)
            uow.commit()
        # A transaction that keeps the row (as an older portalkit's unit of work would).
        holder.execute("BEGIN")
        holder.execute("UPDATE ticket_counters SET value = value WHERE year = 2025")
        with store.unit_of_work() as uow, pytest.raises(StorageConflictError) as refused:
            uow.ticket_counter.next_value(2025)
        assert refused.value.sqlstate == "55P03"
        holder.execute("ROLLBACK")
        with store.unit_of_work() as uow:
            assert uow.ticket_counter.next_value(2025) == 2


def test_the_numbers_connection_is_the_stores_own(postgres_url: str) -> None:
    # A pool of one: the draw must not wait for the connection the unit of work holds.
    with PostgresStore(postgres_url, max_size=1) as store, store.unit_of_work() as uow:
        uow.companies.get("c1")  # the unit of work now holds the pool's one connection
        assert uow.ticket_counter.next_value(2025) == 1
        uow.commit()


def test_a_forked_child_draws_on_connections_of_its_own(postgres_url: str) -> None:
    # As a pre-forking server's workers would: the parent has drawn before the fork.
    with PostgresStore(postgres_url) as store:
        with store.unit_of_work() as uow:
            parent_first = uow.ticket_counter.next_value(2025)
            uow.commit()
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child
            code = 1
            try:
                with store.unit_of_work() as uow:
                    number = uow.ticket_counter.next_value(2025)
                    uow.commit()
                os.write(write_end, str(number).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        status = _wait_for(child, seconds=60)
        with os.fdopen(read_end) as pipe:
            child_number = int(pipe.read() or "0")
        assert os.waitstatus_to_exitcode(status) == 0
        with store.unit_of_work() as uow:
            parent_next = uow.ticket_counter.next_value(2025)
            uow.commit()
    assert (parent_first, child_number, parent_next) == (1, 2, 3)


def _wait_for(child: int, seconds: float) -> int:
    """Return the wait status of *child*; kill it and fail if it runs longer than *seconds*."""
    deadline = time.monotonic() + seconds
    while True:
        pid, status = os.waitpid(child, os.WNOHANG)
        if pid:
            return status
        if time.monotonic() > deadline:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            pytest.fail(f"the forked child ran longer than {seconds} s")
        time.sleep(0.02)


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(outcomes=st.lists(st.tuples(st.sampled_from([2025, 2026]), st.booleans()), max_size=12))
def test_numbers_drawn_alone_count_up_per_year_whatever_is_committed(
    postgres_url: str, outcomes: list[tuple[int, bool]]
) -> None:
    # Each draw in a unit of work of its own, committed or rolled back: drawn alone, every
    # number stays drawn, so each year counts 1, 2, 3, ... over all draws, gaps and all.
    with PostgresStore(postgres_url) as store:
        with connect(postgres_url) as connection:
            connection.execute("DELETE FROM ticket_counters")
        drawn: dict[int, list[int]] = {2025: [], 2026: []}
        for year, commit in outcomes:
            with store.unit_of_work() as uow:
                drawn[year].append(uow.ticket_counter.next_value(year))
                if commit:
                    uow.commit()
    for numbers in drawn.values():
        assert numbers == list(range(1, len(numbers) + 1))
