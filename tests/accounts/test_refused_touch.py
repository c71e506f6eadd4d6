"""A session touch that the store refuses for a concurrent write is decided on that write.

Stores that abort one of two concurrent writers (PostgreSQL) refuse a touch whose session row
another request wrote first. The store here refuses the first commit after letting a rival
write: the sign-in check must answer as the rival's write decides, and write nothing itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portalkit import ConflictError
from portalkit.accounts import (
    AccountServices,
    AuthenticatedSession,
    SessionExpiredError,
    authenticate,
    authenticate_operator,
    create_operator,
    login_operator,
    login_with_email,
    logout,
    logout_everywhere,
    logout_operator,
)
from portalkit.adapters.memory import MemoryStore, MemoryUnitOfWork
from tests.accounts.world import GOOD_PASSWORD, World

OPERATOR_EMAIL = "olga@kmc-servicegroup.de"


def refusing_first_commit(
    store: MemoryStore, rival: Callable[[], object]
) -> Callable[[], MemoryUnitOfWork]:
    """A unit-of-work factory whose first commit lets *rival* write, then refuses."""
    refused: list[bool] = []

    def unit_of_work() -> MemoryUnitOfWork:
        uow = store.unit_of_work()
        if not refused:

            def commit() -> None:
                refused.append(True)
                rival()
                raise ConflictError("storage_conflict", sqlstate="40001")

            uow.commit = commit  # type: ignore[method-assign]
        return uow

    return unit_of_work


def _snapshot(store: MemoryStore) -> MemoryStore:
    copy = MemoryStore()
    store.copy_into(copy)
    return copy


RIVALS = ["touch", "logout", "logout everywhere", "none"]


@settings(max_examples=40)
@given(rival=st.sampled_from(RIVALS), minutes=st.integers(1, 40))
def test_a_refused_user_touch_answers_as_the_rival_write_decides(rival: str, minutes: int) -> None:
    world = World()
    admin = world.administrator(world.company())
    secret = login_with_email(world.services, "chefin@muster.de", GOOD_PASSWORD).session_secret
    world.clock.advance(dt.timedelta(minutes=minutes))
    rivals: dict[str, Callable[[], object]] = {
        "touch": lambda: authenticate(world.services, secret),
        "logout": lambda: logout(world.services, secret),
        "logout everywhere": lambda: logout_everywhere(world.services, admin.id),
        # A conflict over other rows (serializable reads): nothing of this session changed.
        "none": lambda: None,
    }
    after_rival: list[MemoryStore] = []

    def run_rival() -> None:
        rivals[rival]()
        after_rival.append(_snapshot(world.store))

    services: AccountServices = attrs.evolve(
        world.services, unit_of_work=refusing_first_commit(world.store, run_rival)
    )
    ended = rival in {"logout", "logout everywhere"} or minutes >= 30
    if ended:
        with pytest.raises(SessionExpiredError):
            authenticate(services, secret)
    else:
        found = authenticate(services, secret)
        assert isinstance(found, AuthenticatedSession)
        assert found.user.id == admin.id
        # The answer carries the session as the rival left it.
        assert found.session == world.store.sessions[found.session.id]
    if after_rival:
        # The loser wrote nothing: the store is as the rival left it.
        assert world.store == after_rival[0]


@settings(max_examples=20)
@given(rival=st.sampled_from(["touch", "logout", "none"]), minutes=st.integers(1, 40))
def test_a_refused_operator_touch_answers_as_the_rival_write_decides(
    rival: str, minutes: int
) -> None:
    world = World()
    create_operator(world.services, email=OPERATOR_EMAIL, name="Olga", password=GOOD_PASSWORD)
    secret = login_operator(world.services, OPERATOR_EMAIL, GOOD_PASSWORD).session_secret
    world.clock.advance(dt.timedelta(minutes=minutes))
    rivals: dict[str, Callable[[], object]] = {
        "touch": lambda: authenticate_operator(world.services, secret),
        "logout": lambda: logout_operator(world.services, secret),
        "none": lambda: None,
    }
    services: AccountServices = attrs.evolve(
        world.services, unit_of_work=refusing_first_commit(world.store, rivals[rival])
    )
    if rival == "logout" or minutes >= 30:
        with pytest.raises(SessionExpiredError):
            authenticate_operator(services, secret)
    else:
        found = authenticate_operator(services, secret)
        assert found.session == world.store.operator_sessions[found.session.id]
