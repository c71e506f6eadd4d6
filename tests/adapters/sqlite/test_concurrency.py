"""Concurrent use cases on one database: no lost write, no "database is locked", invariants hold.

Threads share one store; processes each open their own. Every run is bounded in time.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from queue import Empty
from typing import Any

import pytest

from portalkit.accounts import (
    LastAdministratorError,
    change_role,
    login_with_email,
)
from portalkit.adapters.sqlite import SqliteStore
from portalkit.policy.roles import ActionNotAllowedError, Role
from tests.adapters.sqlite.scenario import PASSWORD, company_with_admins, services_for

SECONDS = 1.5
ROUNDS = 15
REFUSALS = (LastAdministratorError, ActionNotAllowedError)

Opener = Callable[[str], Any]
"""Opens the store at a path or URL: a class, so that spawned children can receive it."""


def as_is(use_case: Callable[..., Any]) -> Callable[..., Any]:
    """Run use cases unchanged (a store that never aborts a transaction needs no retry)."""
    return use_case


def demote_each_other(
    path: str,
    me: str,
    other: str,
    barrier: object,
    start: object,
    opener: Opener = SqliteStore,
    retry: Callable[[Callable[..., Any]], Callable[..., Any]] = as_is,
) -> Counter[str]:
    """Each round, at the barrier, try to demote *other*; the survivor re-promotes the loser.

    *opener* opens the store at *path*; *retry* wraps the use cases (for stores that abort
    one of two conflicting transactions).
    """
    outcomes: Counter[str] = Counter()
    with opener(path) as store:
        services = services_for(store)
        start.wait(timeout=60)  # type: ignore[attr-defined]
        for _ in range(ROUNDS):
            barrier.wait(timeout=30)  # type: ignore[attr-defined]
            try:
                retry(change_role)(services, me, other, Role.EMPLOYEE)
                outcomes["demoted"] += 1
            except REFUSALS:
                outcomes["refused"] += 1
            barrier.wait(timeout=30)  # type: ignore[attr-defined]
            with store.unit_of_work(read_only=True) as uow:
                admins = [
                    user.id
                    for user in uow.users.in_company(_company_of(uow, me))
                    if user.is_active_administrator
                ]
            outcomes[f"admins={len(admins)}"] += 1
            barrier.wait(timeout=30)  # type: ignore[attr-defined]
            if admins == [me]:
                retry(change_role)(services, me, other, Role.ADMINISTRATOR)
    return outcomes


def _company_of(uow: object, user_id: str) -> str:
    user = uow.users.get(user_id)  # type: ignore[attr-defined]
    assert user is not None
    return str(user.company_id)


def log_in_repeatedly(
    path: str,
    email: str,
    start: object,
    opener: Opener = SqliteStore,
    retry: Callable[[Callable[..., Any]], Callable[..., Any]] = as_is,
) -> int:
    """Log in for :data:`SECONDS`; return how many logins succeeded."""
    done = 0
    with opener(path) as store:
        services = services_for(store)
        start.wait(timeout=60)  # type: ignore[attr-defined]
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            retry(login_with_email)(services, email, PASSWORD)
            done += 1
    return done


def sessions_of(store: Any, email: str) -> int:
    """Return how many sessions the user with *email* has."""
    with store.unit_of_work(read_only=True) as uow:
        user = next(user for user in uow.users.all() if str(user.email) == email)
        return len(uow.sessions.for_user(user.id))


@pytest.fixture
def path(tmp_path: Path) -> str:
    return str(tmp_path / "busy.db")


def test_threads_keep_every_write_and_one_administrator(path: str) -> None:
    with SqliteStore(path) as store:
        services = services_for(store)
        _, (first, second) = company_with_admins(services, 1, admins=2)
        _, loggers = company_with_admins(services, 2, admins=1, members=3)
    barrier = threading.Barrier(2)
    start = threading.Barrier(2 + len(loggers))
    results: dict[str, object] = {}
    errors: list[BaseException] = []

    def run(name: str, target: object, *args: object) -> None:
        try:
            results[name] = target(*args)  # type: ignore[operator]
        except BaseException as error:  # collected and reported below
            errors.append(error)
            barrier.abort()
            start.abort()

    threads = [
        threading.Thread(
            target=run, args=("a", demote_each_other, path, first.id, second.id, barrier, start)
        ),
        threading.Thread(
            target=run, args=("b", demote_each_other, path, second.id, first.id, barrier, start)
        ),
        *(
            threading.Thread(
                target=run, args=(user.id, log_in_repeatedly, path, str(user.email), start)
            )
            for user in loggers
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    together = Counter(results["a"]) + Counter(results["b"])  # type: ignore[arg-type]
    # Each round exactly one of the two demotions wins, and both then see one administrator.
    assert together == Counter(demoted=ROUNDS, refused=ROUNDS, **{"admins=1": 2 * ROUNDS})
    with SqliteStore(path) as store:
        for user in loggers:
            # Each login wrote one session; none is missing.
            assert sessions_of(store, str(user.email)) == results[user.id]


def report(queue: object, name: str, target: object, *args: object) -> None:
    """Run *target* in a child process and send its result (or its error) back."""
    try:
        queue.put((name, target(*args)))  # type: ignore[attr-defined, operator]
    except BaseException as error:
        try:
            pickle.dumps(error)
        except Exception:
            # The queue would drop an error it cannot pickle; send what it said instead.
            error = RuntimeError("".join(traceback.format_exception(error)))
        queue.put((name, error))  # type: ignore[attr-defined]


def run_processes(jobs: list[tuple[object, ...]], timeout: float = 120) -> dict[str, object]:
    """Run each ``(name, target, *args)`` in a spawned process; return the results by name.

    Fails at once, naming the process, when a child ends without a report (a crash, or an
    error that could not be sent back), instead of waiting out *timeout* for nothing.
    """
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = {
        str(job[0]): context.Process(target=report, args=(queue, *job), daemon=True) for job in jobs
    }
    for process in processes.values():
        process.start()
    results: dict[str, object] = {}
    deadline = time.monotonic() + timeout
    while len(results) < len(processes):
        try:
            name, value = queue.get(timeout=0.5)
        except Empty:
            # A child's report may still be in the pipe just after it ended: look once more.
            gone = {
                name: process.exitcode
                for name, process in processes.items()
                if name not in results and process.exitcode is not None
            }
            if gone and queue.empty():
                pytest.fail(f"processes ended without a report (exit codes): {gone}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"no report within {timeout} s from {sorted(processes.keys() - results.keys())}"
                )
            continue
        results[name] = value
    for process in processes.values():
        process.join(timeout=30)
    failures = {name: value for name, value in results.items() if isinstance(value, BaseException)}
    assert failures == {}
    return results


def test_processes_keep_every_write_and_one_administrator(path: str) -> None:
    with SqliteStore(path) as store:
        services = services_for(store)
        _, (first, second) = company_with_admins(services, 1, admins=2)
        _, loggers = company_with_admins(services, 2, admins=1, members=1)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    # Spawned interpreters take a while to start; all begin together at this barrier.
    start = context.Barrier(2 + len(loggers))
    results = run_processes(
        [
            ("a", demote_each_other, path, first.id, second.id, barrier, start),
            ("b", demote_each_other, path, second.id, first.id, barrier, start),
            *((user.id, log_in_repeatedly, path, str(user.email), start) for user in loggers),
        ]
    )
    together = results["a"] + results["b"]  # type: ignore[operator]
    # Each round exactly one of the two demotions wins, and both then see one administrator.
    assert together == Counter(demoted=ROUNDS, refused=ROUNDS, **{"admins=1": 2 * ROUNDS})
    with SqliteStore(path) as store:
        for user in loggers:
            assert sessions_of(store, str(user.email)) == results[user.id]
