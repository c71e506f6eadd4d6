"""Operators' own accounts: creation under the password policy, login, lockout, sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from portalkit.accounts import (
    EmailTakenError,
    InvalidCredentialsError,
    OperatorDeactivatedError,
    OperatorNameMissingError,
    OperatorNotFoundError,
    SessionExpiredError,
    authenticate_operator,
    create_operator,
    deactivate_operator,
    login_operator,
    logout_operator,
)
from portalkit.accounts.sessions import session_open
from portalkit.accounts.tokens import hash_secret
from portalkit.adapters.memory import PlainTextHasherForTests
from portalkit.policy import PasswordRejected
from portalkit.policy.emails import InvalidEmailAddressError
from tests.accounts.world import GOOD_PASSWORD, World
from tests.contract.conftest import ADAPTERS

EMAIL = "olga.betrieb@service.de"


def _olga(world: World) -> str:
    return create_operator(
        world.services, email=EMAIL, name="Olga Betrieb", password=GOOD_PASSWORD
    ).id


def test_an_operator_account_is_created_with_a_hash_and_audited(world: World) -> None:
    account = create_operator(
        world.services,
        email="Olga.Betrieb@Service.DE",
        name="  Olga   Betrieb ",
        password=GOOD_PASSWORD,
    )
    assert str(account.email) == EMAIL
    assert account.name == "Olga Betrieb"
    assert account.password_hash != GOOD_PASSWORD
    assert account.active
    assert world.store.operators[account.id] == account
    assert world.store.audit[-1].action == "operator.created"
    assert "password_hash" not in (world.store.audit[-1].after or {})


def test_a_fixed_id_is_kept(world: World) -> None:
    account = create_operator(
        world.services, email=EMAIL, name="Olga", password=GOOD_PASSWORD, operator_id="staff-7"
    )
    assert account.operator.id == "staff-7"


def test_a_weak_password_is_refused_with_every_reason(world: World) -> None:
    with pytest.raises(PasswordRejected) as refused:
        create_operator(world.services, email=EMAIL, name="Olga Betrieb", password="olga123")
    codes = {violation.code for violation in refused.value.violations}
    assert {"too_short", "sequence", "personal_data"} <= codes
    assert world.store.operators == {}


def test_an_address_is_one_operators_only(world: World) -> None:
    _olga(world)
    with pytest.raises(EmailTakenError):
        create_operator(world.services, email=EMAIL.upper(), name="Otto", password=GOOD_PASSWORD)
    assert len(world.store.operators) == 1


def test_a_name_and_a_valid_address_are_needed(world: World) -> None:
    with pytest.raises(OperatorNameMissingError):
        create_operator(world.services, email=EMAIL, name="  ", password=GOOD_PASSWORD)
    with pytest.raises(InvalidEmailAddressError):
        create_operator(world.services, email="olga@", name="Olga", password=GOOD_PASSWORD)
    assert world.store.operators == {}


def test_an_operator_signs_in_and_the_session_authenticates(world: World) -> None:
    operator_id = _olga(world)
    result = login_operator(world.services, "OLGA.betrieb@service.de", GOOD_PASSWORD)
    assert result.operator.id == operator_id
    assert result.operator.name == "Olga Betrieb"
    session = world.store.operator_sessions[result.session_id]
    assert session.secret_hash == hash_secret(result.session_secret)
    assert world.store.sessions == {}  # no customer session
    world.clock.advance(dt.timedelta(minutes=10))
    found = authenticate_operator(world.services, result.session_secret)
    assert found.operator == result.operator
    assert found.session.last_seen_at == world.clock.now()


def test_unknown_address_and_wrong_password_look_the_same(world: World) -> None:
    _olga(world)
    with pytest.raises(InvalidCredentialsError) as unknown:
        login_operator(world.services, "niemand@service.de", GOOD_PASSWORD)
    with pytest.raises(InvalidCredentialsError) as wrong:
        login_operator(world.services, EMAIL, "Falsch-Falsch-1!")
    with pytest.raises(InvalidCredentialsError) as malformed:
        login_operator(world.services, "kein-at", GOOD_PASSWORD)
    assert unknown.value.messages() == wrong.value.messages() == malformed.value.messages()
    assert (world.hasher.dummy_calls, world.hasher.verify_calls) == (2, 1)


def test_a_customer_cannot_sign_in_as_operator(world: World) -> None:
    world.administrator(world.company())
    with pytest.raises(InvalidCredentialsError):
        login_operator(world.services, "chefin@muster.de", GOOD_PASSWORD)


def test_five_failures_lock_the_operator_out_for_fifteen_minutes(world: World) -> None:
    operator_id = _olga(world)
    for _ in range(5):
        with pytest.raises(InvalidCredentialsError):
            login_operator(world.services, EMAIL, "Falsch-Falsch-1!")
    locked = world.store.operators[operator_id]
    assert locked.locked_until == world.clock.now() + dt.timedelta(minutes=15)
    assert world.mails("account_locked")[-1].recipient == EMAIL
    verified = world.hasher.verify_calls
    with pytest.raises(InvalidCredentialsError):
        login_operator(world.services, EMAIL, GOOD_PASSWORD)
    assert world.hasher.verify_calls == verified  # not even checked during the lockout
    world.clock.advance(dt.timedelta(minutes=15))
    result = login_operator(world.services, EMAIL, GOOD_PASSWORD)
    assert (result.account.failed_logins, result.account.locked_until) == (0, None)


def test_after_a_lockout_a_fresh_series_of_attempts_begins(world: World) -> None:
    operator_id = _olga(world)
    for _ in range(5):
        with pytest.raises(InvalidCredentialsError):
            login_operator(world.services, EMAIL, "Falsch-Falsch-1!")
    world.clock.advance(dt.timedelta(minutes=16))
    with pytest.raises(InvalidCredentialsError):
        login_operator(world.services, EMAIL, "Falsch-Falsch-1!")
    account = world.store.operators[operator_id]
    assert (account.failed_logins, account.locked_until) == (1, None)


def test_an_old_hash_is_renewed_at_login(world: World) -> None:
    operator_id = _olga(world)
    world.hasher.version = 2
    login_operator(world.services, EMAIL, GOOD_PASSWORD)
    assert world.store.operators[operator_id].password_hash.startswith("plain:2$")


def test_a_deactivated_operator_is_told_only_with_the_right_password(world: World) -> None:
    operator_id = _olga(world)
    running = login_operator(world.services, EMAIL, GOOD_PASSWORD)
    deactivate_operator(world.services, operator_id)
    with pytest.raises(InvalidCredentialsError):
        login_operator(world.services, EMAIL, "Falsch-Falsch-1!")
    with pytest.raises(OperatorDeactivatedError):
        login_operator(world.services, EMAIL, GOOD_PASSWORD)
    with pytest.raises(SessionExpiredError):
        authenticate_operator(world.services, running.session_secret)
    assert world.store.operator_sessions[running.session_id].revoke_reason == "deactivated"
    with pytest.raises(OperatorNotFoundError):
        deactivate_operator(world.services, "nobody")


def test_sessions_end_at_logout_when_idle_and_when_too_old(world: World) -> None:
    _olga(world)
    first = login_operator(world.services, EMAIL, GOOD_PASSWORD)
    logout_operator(world.services, first.session_secret)
    logout_operator(world.services, first.session_secret)  # twice is harmless
    logout_operator(world.services, "unknown")
    with pytest.raises(SessionExpiredError):
        authenticate_operator(world.services, first.session_secret)

    idle = login_operator(world.services, EMAIL, GOOD_PASSWORD)
    world.clock.advance(dt.timedelta(minutes=30))
    with pytest.raises(SessionExpiredError):
        authenticate_operator(world.services, idle.session_secret)

    busy = login_operator(world.services, EMAIL, GOOD_PASSWORD)
    for _ in range(35):  # a request every 20 minutes, up to 11:40 after login
        world.clock.advance(dt.timedelta(minutes=20))
        authenticate_operator(world.services, busy.session_secret)
    world.clock.advance(dt.timedelta(minutes=20))
    with pytest.raises(SessionExpiredError):
        authenticate_operator(world.services, busy.session_secret)


def test_every_login_starts_a_new_session(world: World) -> None:
    _olga(world)
    one = login_operator(world.services, EMAIL, GOOD_PASSWORD)
    two = login_operator(world.services, EMAIL, GOOD_PASSWORD)
    assert one.session_id != two.session_id
    assert one.session_secret != two.session_secret


@settings(max_examples=40, deadline=None)
@given(email=st.text(max_size=60), password=st.text(max_size=60))
def test_any_other_login_is_refused_uniformly_at_the_cost_of_one_hash(
    email: str, password: str
) -> None:
    world = World(hasher=PlainTextHasherForTests())
    _olga(world)
    before = (world.hasher.verify_calls, world.hasher.dummy_calls)
    if email.strip().casefold() == EMAIL and password == GOOD_PASSWORD:
        return
    with pytest.raises(InvalidCredentialsError):
        login_operator(world.services, email, password)
    after = (world.hasher.verify_calls, world.hasher.dummy_calls)
    assert sum(after) - sum(before) == 1
    assert world.store.operator_sessions == {}


@settings(max_examples=40, deadline=None)
@given(failures=st.integers(0, 12), minutes=st.integers(0, 40))
def test_the_lockout_follows_the_count_of_failures(failures: int, minutes: int) -> None:
    world = World()
    _olga(world)
    for _ in range(failures):
        with pytest.raises(InvalidCredentialsError):
            login_operator(world.services, EMAIL, "Falsch-Falsch-1!")
    world.clock.advance(dt.timedelta(minutes=minutes))
    locked = failures >= 5 and minutes < 15
    if locked:
        with pytest.raises(InvalidCredentialsError):
            login_operator(world.services, EMAIL, GOOD_PASSWORD)
    else:
        assert login_operator(world.services, EMAIL, GOOD_PASSWORD).account.failed_logins == 0


def test_the_lifecycle_works_on_every_storage_adapter(tmp_path: Path) -> None:
    for name, adapter in sorted(ADAPTERS.items()):
        (tmp_path / name).mkdir()
        factories = adapter(tmp_path / name)
        new_uow = next(factories)
        try:
            services = attrs.evolve(World().services, unit_of_work=new_uow)
            account = create_operator(
                services, email=EMAIL, name="Olga Betrieb", password=GOOD_PASSWORD
            )
            with pytest.raises(EmailTakenError):
                create_operator(services, email=EMAIL, name="Otto", password=GOOD_PASSWORD)
            result = login_operator(services, EMAIL, GOOD_PASSWORD)
            assert authenticate_operator(services, result.session_secret).operator == (
                account.operator
            )
            logout_operator(services, result.session_secret)
            with pytest.raises(SessionExpiredError):
                authenticate_operator(services, result.session_secret)
            deactivate_operator(services, account.id)
            with pytest.raises(OperatorDeactivatedError):
                login_operator(services, EMAIL, GOOD_PASSWORD)
        finally:
            factories.close()


class OperatorLogins(RuleBasedStateMachine):
    """Logins, failures, waiting, logouts and deactivation against a simple model."""

    def __init__(self) -> None:
        super().__init__()
        self.world = World()
        self.account_id = _olga(self.world)
        self.failures = 0
        self.locked_until: dt.datetime | None = None
        self.active = True
        self.sessions: list[str] = []

    @property
    def now(self) -> dt.datetime:
        return self.world.clock.now()

    def locked(self) -> bool:
        return self.locked_until is not None and self.now < self.locked_until

    @rule()
    def wrong_password(self) -> None:
        with pytest.raises(InvalidCredentialsError):
            login_operator(self.world.services, EMAIL, "Falsch-Falsch-1!")
        if self.active and not self.locked():
            earlier = 0 if self.locked_until is not None else self.failures
            self.failures = earlier + 1
            self.locked_until = self.now + dt.timedelta(minutes=15) if self.failures >= 5 else None

    @rule()
    def right_password(self) -> None:
        if self.locked():
            with pytest.raises(InvalidCredentialsError):
                login_operator(self.world.services, EMAIL, GOOD_PASSWORD)
        elif not self.active:
            with pytest.raises(OperatorDeactivatedError):
                login_operator(self.world.services, EMAIL, GOOD_PASSWORD)
        else:
            result = login_operator(self.world.services, EMAIL, GOOD_PASSWORD)
            self.sessions.append(result.session_secret)
            self.failures, self.locked_until = 0, None

    @rule(minutes=st.integers(1, 40))
    def wait(self, minutes: int) -> None:
        self.world.clock.advance(dt.timedelta(minutes=minutes))

    @rule()
    def log_out_the_newest(self) -> None:
        if self.sessions:
            logout_operator(self.world.services, self.sessions.pop())

    @rule()
    def deactivate(self) -> None:
        deactivate_operator(self.world.services, self.account_id)
        self.active = False

    @invariant()
    def the_account_matches_the_model(self) -> None:
        account = self.world.store.operators[self.account_id]
        assert (account.failed_logins, account.locked_until, account.active) == (
            self.failures,
            self.locked_until,
            self.active,
        )

    @invariant()
    def only_an_active_operator_has_open_sessions(self) -> None:
        open_sessions = [
            session
            for session in self.world.store.operator_sessions.values()
            if session_open(session, self.now, self.world.settings)
        ]
        if not self.active:
            assert open_sessions == []
        assert len(open_sessions) <= len(self.sessions)


TestOperatorLogins = OperatorLogins.TestCase


def test_operator_requests_within_a_minute_only_read_their_session(world: World) -> None:
    _olga(world)
    result = login_operator(world.services, EMAIL, GOOD_PASSWORD)
    login_at = world.store.operator_sessions[result.session_id].last_seen_at
    world.clock.advance(dt.timedelta(seconds=59))
    authenticate_operator(world.services, result.session_secret)
    assert world.store.operator_sessions[result.session_id].last_seen_at == login_at
    world.clock.advance(dt.timedelta(minutes=29, seconds=1))  # 30:00 after the write
    with pytest.raises(SessionExpiredError):
        authenticate_operator(world.services, result.session_secret)
