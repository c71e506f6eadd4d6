"""The signed-in check reads a session with its owner in one go and decides exactly as before.

``authenticate`` asks the store for the session, the user and the company together
(:func:`portalkit.accounts.ports.session_with_owner`); stores without that read them one by
one. A state machine drives a store with the joined read (memory and SQLite) and a memory
store without it through the same sessions, waits, logouts, deactivations and closed
companies, and checks after every step that both answer and store the same: the same
expiries at the idle, absolute and touch boundaries, the same writes of ``last_seen_at``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from portalkit.accounts import (
    AccountServices,
    AuthenticatedSession,
    Company,
    CompanyStatus,
    Session,
    SessionExpiredError,
    User,
    UserStatus,
    authenticate,
)
from portalkit.accounts.ports import UnitOfWork
from portalkit.accounts.tokens import hash_secret
from portalkit.adapters.memory import MemorySessionRepository, MemoryStore
from portalkit.adapters.sqlite import SqliteStore
from portalkit.clock import FixedClock
from portalkit.policy.emails import EmailAddress
from portalkit.policy.roles import Role
from tests.accounts.world import START, World

MINUTE = dt.timedelta(minutes=1)
TICK = dt.timedelta(microseconds=1)
WAITS = [
    dt.timedelta(0),
    TICK,
    MINUTE - TICK,
    MINUTE,
    MINUTE + TICK,
    dt.timedelta(minutes=29) - TICK,
    dt.timedelta(minutes=29),
    dt.timedelta(minutes=30) - TICK,
    dt.timedelta(minutes=30),
    dt.timedelta(minutes=30) + TICK,
    dt.timedelta(hours=2),
]
"""Waits around the touch interval (1 min) and the idle timeout (30 min); 12 h comes of sums."""

COMPANIES = [Company("c1", "100001", "Muster GmbH"), Company("c2", "100002", "Beispiel AG")]
USERS = [
    User("u1", "c1", EmailAddress.parse("a@muster.de"), Role.MANAGER, UserStatus.ACTIVE, START),
    User("u2", "c2", EmailAddress.parse("b@bsp.de"), Role.EMPLOYEE, UserStatus.ACTIVE, START),
]


class _OneByOne:
    """A sessions repository without ``with_owner``: what adapters written before it are."""

    def __init__(self, inner: MemorySessionRepository) -> None:
        self._inner = inner

    def get(self, session_id: str) -> Session | None:
        return self._inner.get(session_id)

    def by_hash(self, secret_hash: str) -> Session | None:
        return self._inner.by_hash(secret_hash)

    def for_user(self, user_id: str) -> Sequence[Session]:
        return self._inner.for_user(user_id)

    def save(self, session: Session) -> None:
        self._inner.save(session)


def one_by_one(store: MemoryStore) -> Callable[[], UnitOfWork]:
    """Return a unit-of-work factory on *store* whose sessions cannot read with the owner."""

    def make() -> UnitOfWork:
        uow = store.unit_of_work()
        uow.sessions = _OneByOne(uow.sessions)  # type: ignore[assignment]
        return uow

    return make


def services_on(unit_of_work: Callable[[], UnitOfWork], clock: FixedClock) -> AccountServices:
    world = World(clock=clock)
    return attrs.evolve(world.services, unit_of_work=unit_of_work)


Outcome = AuthenticatedSession | type[SessionExpiredError]


def outcome(services: AccountServices, secret: str) -> Outcome:
    try:
        return authenticate(services, secret)
    except SessionExpiredError:
        return SessionExpiredError


def stored_sessions(services: AccountServices) -> list[Session]:
    with services.unit_of_work() as uow:
        return [session for user in USERS for session in uow.sessions.for_user(user.id)]


class SignedInChecks(RuleBasedStateMachine):
    """The same steps on a store that reads together and on one that reads one by one."""

    @staticmethod
    def fast_store() -> Iterator[Callable[[], UnitOfWork]]:
        """Yield the unit-of-work factory of the store with the joined read."""
        yield MemoryStore().unit_of_work

    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock(START)
        self._fast = self.fast_store()
        self.fast = services_on(next(self._fast), self.clock)
        self.slow = services_on(one_by_one(MemoryStore()), self.clock)
        self.secrets: list[str] = []

    def both(self, change: Callable[[UnitOfWork], None]) -> None:
        for services in (self.fast, self.slow):
            with services.unit_of_work() as uow:
                change(uow)
                uow.commit()

    @initialize()
    def people(self) -> None:
        def save(uow: UnitOfWork) -> None:
            for company in COMPANIES:
                uow.companies.save(company)
            for user in USERS:
                uow.users.save(user)

        self.both(save)
        with self.fast.unit_of_work() as uow:
            assert callable(getattr(uow.sessions, "with_owner", None))
        with self.slow.unit_of_work() as uow:
            assert getattr(uow.sessions, "with_owner", None) is None

    @rule(owner=st.sampled_from(USERS))
    def sign_in(self, owner: User) -> None:
        secret = f"secret-{len(self.secrets)}"
        now = self.clock.now()
        session = Session(f"s{len(self.secrets)}", owner.id, hash_secret(secret), now, now)
        self.secrets.append(secret)
        self.both(lambda uow: uow.sessions.save(session))

    @rule(wait=st.sampled_from(WAITS))
    def wait(self, wait: dt.timedelta) -> None:
        self.clock.advance(wait)

    @rule(data=st.data())
    def request(self, data: st.DataObject) -> None:
        # Unknown secrets too: they must fail alike.
        secret = data.draw(st.sampled_from([*self.secrets, "unknown"]))
        assert outcome(self.slow, secret) == outcome(self.fast, secret)

    @rule(data=st.data())
    def log_out(self, data: st.DataObject) -> None:
        if not self.secrets:
            return
        secret_hash = hash_secret(data.draw(st.sampled_from(self.secrets)))
        now = self.clock.now()

        def revoke(uow: UnitOfWork) -> None:
            session = uow.sessions.by_hash(secret_hash)
            assert session is not None
            uow.sessions.save(attrs.evolve(session, revoked_at=now, revoke_reason="logout"))

        self.both(revoke)

    @rule(user=st.sampled_from(USERS), status=st.sampled_from(UserStatus))
    def user_becomes(self, user: User, status: UserStatus) -> None:
        self.both(lambda uow: uow.users.save(attrs.evolve(user, status=status)))

    @rule(company=st.sampled_from(COMPANIES), status=st.sampled_from(CompanyStatus))
    def company_becomes(self, company: Company, status: CompanyStatus) -> None:
        self.both(lambda uow: uow.companies.save(attrs.evolve(company, status=status)))

    @invariant()
    def both_stores_hold_the_same_sessions(self) -> None:
        assert stored_sessions(self.slow) == stored_sessions(self.fast)

    def teardown(self) -> None:
        self._fast.close()


class SignedInChecksOnSqlite(SignedInChecks):
    """The machine with SQLite's joined query (read outside a transaction) as the fast store."""

    @staticmethod
    def fast_store() -> Iterator[Callable[[], UnitOfWork]]:
        """Yield the unit-of-work factory of a SQLite store in a temporary folder."""
        with tempfile.TemporaryDirectory() as folder, SqliteStore(Path(folder) / "s.db") as db:
            yield db.unit_of_work


TestSignedInChecksInMemory = SignedInChecks.TestCase
TestSignedInChecksInMemory.settings = settings(max_examples=150, stateful_step_count=30)
TestSignedInChecksOnSqlite = SignedInChecksOnSqlite.TestCase
TestSignedInChecksOnSqlite.settings = settings(max_examples=20, stateful_step_count=30)


def test_on_sqlite_a_request_that_needs_no_write_runs_one_query_and_no_transaction(
    tmp_path: Path,
) -> None:
    seen: list[str] = []
    with SqliteStore(tmp_path / "q.db") as sqlite:
        clock = FixedClock(START)
        services = services_on(sqlite.unit_of_work, clock)
        session = Session("s1", "u1", hash_secret("secret"), START, START)
        with sqlite.unit_of_work() as uow:
            uow.companies.save(COMPANIES[0])
            uow.users.save(USERS[0])
            uow.sessions.save(session)
            uow.commit()
        connection: Any = sqlite._acquire()
        connection.set_trace_callback(seen.append)
        sqlite._release(connection)
        found = authenticate(services, "secret")
        assert (session, USERS[0], COMPANIES[0]) == (found.session, found.user, found.company)
        assert len(seen) == 1
        assert seen[0].startswith("SELECT s.id")
        seen.clear()
        clock.advance(MINUTE)
        touched = authenticate(services, "secret")
        assert touched.session.last_seen_at == START + MINUTE
        assert [seen[1], seen[-1]] == ["BEGIN IMMEDIATE", "COMMIT"]
