"""The public in-memory adapters: the test hasher and the store's atomic units of work."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.accounts import EmailTakenError, invite_user
from portalkit.adapters.memory import MemoryStore, PlainTextHasherForTests
from portalkit.policy.hashing import PasswordHasher
from tests.accounts.world import World


def test_the_test_hasher_is_a_password_hasher() -> None:
    assert isinstance(PlainTextHasherForTests(), PasswordHasher)


@given(st.text(), st.text())
def test_the_test_hasher_verifies_exactly_the_hashed_password(password: str, other: str) -> None:
    hasher = PlainTextHasherForTests()
    stored = hasher.hash(password)
    assert hasher.verify(stored, password).ok
    assert hasher.verify(stored, other).ok == (hasher.hash(other) == stored)


def test_the_test_hasher_asks_for_a_rehash_after_a_version_change() -> None:
    old = PlainTextHasherForTests(version=1).hash("Passwort")
    verification = PlainTextHasherForTests(version=2).verify(old, "Passwort")
    assert (verification.ok, verification.needs_rehash) == (True, True)
    assert not PlainTextHasherForTests().verify("argon2...", "Passwort").ok


def test_a_unit_of_work_on_a_store_starts_from_the_committed_state() -> None:
    store = MemoryStore()
    uow = store.unit_of_work()
    with uow:
        uow.outbox.mark_sent("none")
        uow.commit()
    assert store == MemoryStore()


def test_a_failed_use_case_leaves_nothing_half_written() -> None:
    world = World()
    company = world.company()
    admin = world.administrator(company)
    invite_user(world.services, admin.id, email="max@muster.de")
    before = MemoryStore()
    world.store.copy_into(before)
    with pytest.raises(EmailTakenError):
        invite_user(world.services, admin.id, email="max@muster.de")
    assert before == world.store
