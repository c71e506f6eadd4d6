"""Two requests of one session at once on PostgreSQL: the loser of the touch still gets an answer.

A signed-in request writes its session's ``last_seen_at`` once a minute. When two requests of
one session (two tabs, a double click) both find it due, both write the same row; PostgreSQL
aborts one. That request must still be answered as the winner's write decides: signed in
after the other's touch, signed out after the other's logout. Before, it failed with
``StorageConflictError``, and the portal answered a plain page load with an error page.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from portalkit.accounts import (
    AccountServices,
    AuthenticatedOperator,
    AuthenticatedSession,
    SessionExpiredError,
    authenticate,
    authenticate_operator,
    create_operator,
    login_operator,
    login_with_email,
    logout,
    logout_operator,
    operator_accounts,
    sessions,
)
from portalkit.adapters.postgres import PostgresStore
from portalkit.clock import FixedClock
from tests.adapters.sqlite.scenario import PASSWORD, START, company_with_admins, services_for

pytestmark = pytest.mark.usefixtures("postgres_server")

LATER = START + dt.timedelta(minutes=5)  # past the touch interval, within the idle lifetime


@pytest.fixture
def services(postgres_url: str) -> Iterator[AccountServices]:
    with PostgresStore(postgres_url) as store:
        yield services_for(store)


def _later(services: AccountServices) -> AccountServices:
    return attrs.evolve(services, clock=FixedClock(LATER))


def _pause_after_first_read(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, pause: Callable[[], None]
) -> None:
    """Make *module.name* (the read inside the touch's transaction) call *pause* once a thread."""
    original = getattr(module, name)
    local = threading.local()

    def read(*args: Any) -> Any:
        found = original(*args)
        if not getattr(local, "paused", False):
            local.paused = True
            pause()
        return found

    monkeypatch.setattr(module, name, read)


def _in_threads(*targets: Callable[[], object]) -> list[object]:
    """Run each target in a thread of its own; return its result or its error, in order."""
    outcomes: list[object] = [None] * len(targets)

    def run(index: int) -> None:
        try:
            outcomes[index] = targets[index]()
        except Exception as error:  # reported to the test through the outcome
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(targets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _user_secret(services: AccountServices) -> str:
    _, (admin,) = company_with_admins(services, 1, admins=1)
    return login_with_email(services, str(admin.email), PASSWORD).session_secret


def _operator_secret(services: AccountServices) -> str:
    create_operator(services, email="olga@kmc-servicegroup.de", name="Olga", password=PASSWORD)
    return login_operator(services, "olga@kmc-servicegroup.de", PASSWORD).session_secret


@attrs.frozen
class Kind:
    """One kind of session: how to open, check and end one, the read to pause after, and
    what a check answers for an open session."""

    open: Callable[[AccountServices], str]
    check: Callable[[AccountServices, str], Any]
    end: Callable[[AccountServices, str], None]
    module: object
    read: str
    signed_in: type


KINDS = {
    "user": Kind(
        _user_secret,
        authenticate,
        logout,
        sessions,
        "read_session_owner",
        AuthenticatedSession,
    ),
    "operator": Kind(
        _operator_secret,
        authenticate_operator,
        logout_operator,
        operator_accounts,
        "_open_operator_session",
        AuthenticatedOperator,
    ),
}


@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_two_touches_of_one_session_both_answer_signed_in(
    services: AccountServices, monkeypatch: pytest.MonkeyPatch, kind: Kind
) -> None:
    secret = kind.open(services)
    both_read = threading.Barrier(2, timeout=10)
    _pause_after_first_read(monkeypatch, kind.module, kind.read, both_read.wait)
    later = _later(services)
    outcomes = _in_threads(lambda: kind.check(later, secret), lambda: kind.check(later, secret))
    assert [type(outcome) for outcome in outcomes] == [kind.signed_in] * 2
    monkeypatch.undo()
    assert kind.check(later, secret).session.last_seen_at == LATER


@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_a_touch_that_loses_to_a_logout_answers_signed_out(
    services: AccountServices, monkeypatch: pytest.MonkeyPatch, kind: Kind
) -> None:
    secret = kind.open(services)
    read, logged_out = threading.Event(), threading.Event()

    def wait_for_logout() -> None:
        read.set()
        logged_out.wait(timeout=10)

    def log_out() -> None:
        read.wait(timeout=10)
        kind.end(services, secret)
        logged_out.set()

    _pause_after_first_read(monkeypatch, kind.module, kind.read, wait_for_logout)
    later = _later(services)
    outcomes = _in_threads(lambda: kind.check(later, secret), log_out)
    assert isinstance(outcomes[0], SessionExpiredError)
    monkeypatch.undo()
    with pytest.raises(SessionExpiredError):
        kind.check(later, secret)
