"""The contract of the operator ports (accounts and their sessions), for every adapter."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portalkit.accounts.model import OperatorAccount, Session
from portalkit.policy.emails import EmailAddress
from tests.contract.conftest import ADAPTERS, UnitOfWorkFactory
from tests.strategies import aware_datetimes

NOW = dt.datetime(2025, 5, 5, 10, 0, tzinfo=dt.UTC)
OLGA = OperatorAccount(
    "o1",
    EmailAddress.parse("Olga@Straße.de"),
    "Olga Betrieb",
    "plain:1$x",
    NOW,
    failed_logins=2,
    locked_until=NOW + dt.timedelta(minutes=15),
    last_login=NOW - dt.timedelta(days=1),
)
SESSION = Session("s1", "o1", "cd" * 32, NOW, NOW, device="Firefox")


def test_operators_round_trip_and_are_found_by_address(new_uow: UnitOfWorkFactory) -> None:
    other = attrs.evolve(OLGA, id="o2", email=EmailAddress.parse("otto@service.de"), active=False)
    with new_uow() as uow:
        uow.operators.save(OLGA)
        uow.operators.save(other)
        uow.commit()
    with new_uow() as uow:
        assert uow.operators.get("o1") == OLGA
        assert uow.operators.get("nope") is None
        assert uow.operators.by_email(EmailAddress.parse("olga@xn--strae-oqa.de")) == OLGA
        assert uow.operators.by_email(EmailAddress.parse("olga@strasse.de")) is None
        assert list(uow.operators.all()) == [OLGA, other]


def test_saving_an_operator_again_replaces_it(new_uow: UnitOfWorkFactory) -> None:
    with new_uow() as uow:
        uow.operators.save(OLGA)
        uow.commit()
    changed = attrs.evolve(OLGA, active=False, failed_logins=0, locked_until=None)
    with new_uow() as uow:
        uow.operators.save(changed)
        uow.commit()
    with new_uow() as uow:
        assert list(uow.operators.all()) == [changed]


def test_operator_sessions_are_found_by_id_hash_and_operator(new_uow: UnitOfWorkFactory) -> None:
    ended = attrs.evolve(SESSION, id="s2", secret_hash="ef" * 32, revoked_at=NOW)
    with new_uow() as uow:
        uow.operators.save(OLGA)
        uow.operator_sessions.save(SESSION)
        uow.operator_sessions.save(ended)
        uow.commit()
    with new_uow() as uow:
        assert uow.operator_sessions.get("s1") == SESSION
        assert uow.operator_sessions.by_hash("ef" * 32) == ended
        assert list(uow.operator_sessions.for_user("o1")) == [SESSION, ended]
        # Operators' sessions are not customers' sessions.
        assert uow.sessions.get("s1") is None
        assert list(uow.sessions.for_user("o1")) == []


def test_an_operator_is_not_kept_without_commit(new_uow: UnitOfWorkFactory) -> None:
    with new_uow() as uow:
        uow.operators.save(OLGA)
        uow.operator_sessions.save(SESSION)
    with new_uow() as uow:
        assert uow.operators.get("o1") is None
        assert uow.operator_sessions.get("s1") is None


# Stores give instants back in UTC, and Python never equates a wall time of the repeated autumn
# hour with a time of another zone (PEP 495), so the round trip draws its instants in UTC.
instants = aware_datetimes().map(lambda moment: moment.astimezone(dt.UTC))
# No NUL: PostgreSQL's text cannot hold it, and its store refuses it with a clear error
# (tests/adapters/postgres/test_store.py); no form or use case makes one.
characters = st.characters(codec="utf-8", exclude_characters="\x00")
operators = st.builds(
    OperatorAccount,
    id=st.text("abcdef0123456789", min_size=1, max_size=12),
    email=st.sampled_from(["a@b.de", "ÄÖ@müller.de", "x.y+z@example.com"]).map(EmailAddress.parse),
    name=st.text(characters, min_size=1, max_size=30).filter(str.strip),
    password_hash=st.text(characters, max_size=40),
    created_at=instants,
    active=st.booleans(),
    failed_logins=st.integers(0, 100),
    locked_until=st.none() | instants,
    last_login=st.none() | instants,
)


@pytest.mark.parametrize("adapter", sorted(ADAPTERS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operator=operators)
def test_any_operator_account_comes_back_as_saved(
    adapter: str, operator: OperatorAccount, tmp_path_factory: pytest.TempPathFactory
) -> None:
    factories = ADAPTERS[adapter](tmp_path_factory.mktemp("operators"))
    new_uow = next(factories)
    try:
        with new_uow() as uow:
            uow.operators.save(operator)
            uow.commit()
        with new_uow() as uow:
            assert uow.operators.get(operator.id) == operator
            assert uow.operators.by_email(operator.email) == operator
    finally:
        factories.close()
