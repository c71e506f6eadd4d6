"""The contract every storage adapter of the account ports keeps (run for each adapter)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from portalkit.accounts.model import (
    AccessRequest,
    AuditEvent,
    Company,
    CompanyStatus,
    OutboxMessage,
    ProfileChangeRequest,
    Session,
    Token,
    TokenPurpose,
    User,
    UserStatus,
)
from portalkit.accounts.ports import (
    SessionOwner,
    read_session_owner,
    session_with_owner,
    users_by_id,
)
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.policy.roles import Action, Role
from tests.contract.conftest import UnitOfWorkFactory

CLOSED = CompanyStatus.CLOSED
DELETED = UserStatus.DELETED

NOW = dt.datetime(2025, 5, 5, 10, 0, tzinfo=dt.UTC)
COMPANY = Company(
    "c1",
    "100234",
    "Straßenbau Müller GmbH",
    frozenset({EmailDomain.parse("straße.de"), EmailDomain.parse("mueller.de")}),
    internal=True,
    user_limit=None,
)
USER = User(
    "u1",
    "c1",
    EmailAddress.parse("anna@straße.de"),
    Role.MANAGER,
    UserStatus.ACTIVE,
    NOW,
    first_name="Anna",
    password_hash="plain:1$x",
    password_history=("plain:1$y",),
    grants=frozenset({Action.VIEW_ANALYTICS}),
    authorised_for=frozenset({Action.PLACE_ORDER}),
    last_login=NOW,
)
TOKEN = Token("t1", "u1", TokenPurpose.INVITATION, "ab" * 32, NOW, NOW + dt.timedelta(days=90))
SESSION = Session("s1", "u1", "cd" * 32, NOW, NOW)


def saved(new_uow: UnitOfWorkFactory, *values: object) -> UnitOfWorkFactory:
    with new_uow() as uow:
        for value in values:
            match value:
                case Company():
                    uow.companies.save(value)
                case User():
                    uow.users.save(value)
                case Token():
                    uow.tokens.save(value)
                case Session():
                    uow.sessions.save(value)
        uow.commit()
    return new_uow


def test_companies_round_trip(new_uow: UnitOfWorkFactory) -> None:
    saved(new_uow, COMPANY)
    with new_uow() as uow:
        assert uow.companies.get("c1") == COMPANY
        assert uow.companies.by_customer_number("100234") == COMPANY
        assert uow.companies.by_customer_number("999") is None
        assert uow.companies.get("nope") is None
        assert list(uow.companies.all()) == [COMPANY]


def test_users_round_trip_and_are_found_by_address(new_uow: UnitOfWorkFactory) -> None:
    saved(new_uow, COMPANY, USER)
    with new_uow() as uow:
        assert uow.users.get("u1") == USER
        assert uow.users.by_email(EmailAddress.parse("ANNA@xn--strae-oqa.de")) == USER
        assert uow.users.by_email(EmailAddress.parse("anna@strasse.de")) is None
        assert list(uow.users.in_company("c1")) == [USER]
        assert list(uow.users.all()) == [USER]


def test_a_deleted_user_no_longer_holds_the_address(new_uow: UnitOfWorkFactory) -> None:
    saved(new_uow, COMPANY, attrs.evolve(USER, status=UserStatus.DELETED))
    with new_uow() as uow:
        assert uow.users.by_email(USER.email) is None
        assert len(uow.users.in_company("c1")) == 1


def test_saving_again_replaces(new_uow: UnitOfWorkFactory) -> None:
    saved(new_uow, COMPANY, USER)
    saved(new_uow, attrs.evolve(USER, role=Role.GUEST))
    with new_uow() as uow:
        user = uow.users.get("u1")
        assert user is not None
        assert user.role is Role.GUEST


def test_tokens_are_found_by_hash_and_user(new_uow: UnitOfWorkFactory) -> None:
    other = attrs.evolve(TOKEN, id="t2", purpose=TokenPurpose.PASSWORD_RESET, secret_hash="ef")
    saved(new_uow, COMPANY, USER, TOKEN, other)
    with new_uow() as uow:
        assert uow.tokens.by_hash("ab" * 32) == TOKEN
        assert uow.tokens.by_hash("00") is None
        assert {t.id for t in uow.tokens.for_user("u1")} == {"t1", "t2"}
        assert list(uow.tokens.for_user("u1", TokenPurpose.PASSWORD_RESET)) == [other]


def test_sessions_are_found_by_id_hash_and_user(new_uow: UnitOfWorkFactory) -> None:
    saved(new_uow, COMPANY, USER, SESSION)
    with new_uow() as uow:
        assert uow.sessions.get("s1") == SESSION
        assert uow.sessions.by_hash("cd" * 32) == SESSION
        assert list(uow.sessions.for_user("u1")) == [SESSION]
        assert list(uow.sessions.for_user("u2")) == []


def test_a_session_is_read_with_its_owner_as_the_three_repositories_give_them(
    new_uow: UnitOfWorkFactory,
) -> None:
    other_company = attrs.evolve(COMPANY, id="c2", customer_number="100235", status=CLOSED)
    moved = attrs.evolve(USER, id="u2", company_id="c2", email=EmailAddress.parse("b@b.de"))
    ended = attrs.evolve(SESSION, id="s2", user_id="u2", secret_hash="ef", revoked_at=NOW)
    gone = attrs.evolve(USER, id="u3", email=EmailAddress.parse("c@b.de"), status=DELETED)
    of_gone = attrs.evolve(SESSION, id="s3", user_id="u3", secret_hash="0a")
    saved(new_uow, COMPANY, other_company, USER, moved, gone, SESSION, ended, of_gone)
    with new_uow() as uow:
        assert SessionOwner(SESSION, USER, COMPANY) == session_with_owner(uow, SESSION.secret_hash)
        assert SessionOwner(ended, moved, other_company) == session_with_owner(uow, "ef")
        assert SessionOwner(of_gone, gone, COMPANY) == session_with_owner(uow, "0a")
        assert session_with_owner(uow, "00") is None
        for secret_hash in ("cd" * 32, "ef", "0a", "00"):
            assert read_session_owner(uow, secret_hash) == session_with_owner(uow, secret_hash)


def test_a_session_read_with_its_owner_in_a_unit_of_work_sees_what_it_wrote(
    new_uow: UnitOfWorkFactory,
) -> None:
    saved(new_uow, COMPANY, USER, SESSION)
    later = attrs.evolve(SESSION, last_seen_at=NOW + dt.timedelta(minutes=5))
    with new_uow() as uow:
        uow.sessions.save(later)
        found = session_with_owner(uow, SESSION.secret_hash)
        assert found is not None
        assert later == found.session
    with new_uow() as uow:
        assert SessionOwner(SESSION, USER, COMPANY) == session_with_owner(uow, SESSION.secret_hash)


def test_users_are_read_by_their_ids_as_get_gives_them(new_uow: UnitOfWorkFactory) -> None:
    second = attrs.evolve(USER, id="u2", email=EmailAddress.parse("b@b.de"), status=DELETED)
    saved(new_uow, COMPANY, USER, second)
    with new_uow() as uow:
        assert {"u1": USER, "u2": second} == users_by_id(uow, ["u2", "u1", "u2", "nope"])
        assert users_by_id(uow, []) == {}
        assert users_by_id(uow, ["nope"]) == {}
        many = getattr(uow.users, "get_many", None)
        if many is not None:  # the optional method itself: each user once, unknown ids left out
            assert sorted([USER, second], key=lambda user: user.id) == sorted(
                many(["u1", "u2", "u1", "x"]), key=lambda user: user.id
            )


def test_users_read_by_id_in_a_unit_of_work_are_as_it_wrote_them(
    new_uow: UnitOfWorkFactory,
) -> None:
    saved(new_uow, COMPANY, USER)
    renamed = attrs.evolve(USER, first_name="Anne")
    with new_uow() as uow:
        uow.users.save(renamed)
        assert {"u1": renamed} == users_by_id(uow, ["u1"])
    with new_uow() as uow:
        assert users_by_id(uow, ["u1"]) == {"u1": USER}


def test_the_audit_log_keeps_order_and_finds_by_target(
    new_uow: UnitOfWorkFactory,
) -> None:
    first = AuditEvent("a1", NOW, "operator:o", "company.created", "company:c1", "c1", None, {})
    second = AuditEvent(
        "a2", NOW, "user:u1", "user.login", "user:u1", "c1", {"n": 1}, {"n": [1, "x"]}
    )
    third = AuditEvent("a3", NOW, "user:u1", "user.invited", "user:u2", "c1")
    with new_uow() as uow:
        for event in (first, second, third):
            uow.audit.append(event)
        uow.commit()
    with new_uow() as uow:
        assert list(uow.audit.all()) == [first, second, third]
        assert list(uow.audit.about("user:u1")) == [second]
        assert list(uow.audit.about("user:u2")) == [third]


def test_the_outbox_hands_out_pending_mail_in_order(new_uow: UnitOfWorkFactory) -> None:
    one = OutboxMessage("m1", "a@b.de", "invitation", {"token": "x"}, "de", NOW)
    two = OutboxMessage("m2", "c@d.de", "data_export", {}, "en", NOW, attachment="{}")
    with new_uow() as uow:
        uow.outbox.put(one)
        uow.outbox.put(two)
        uow.commit()
    with new_uow() as uow:
        assert list(uow.outbox.pending()) == [one, two]
        uow.outbox.mark_sent("m1")
        uow.commit()
    with new_uow() as uow:
        assert list(uow.outbox.pending()) == [two]


def test_requests_round_trip(new_uow: UnitOfWorkFactory) -> None:
    access = AccessRequest("r1", "Muster", "Erika", EmailAddress.parse("e@m.de"), NOW, NOW.date())
    profile = ProfileChangeRequest("p1", "u1", "c1", NOW, last_name="Neu", reason="Heirat")
    saved(new_uow, COMPANY, USER)  # a request refers to its user and company
    with new_uow() as uow:
        uow.access_requests.save(access)
        uow.profile_requests.save(profile)
        uow.commit()
    with new_uow() as uow:
        assert uow.access_requests.get("r1") == access
        assert list(uow.access_requests.all()) == [access]
        assert list(uow.profile_requests.for_user("u1")) == [profile]


def test_nothing_is_kept_without_commit(new_uow: UnitOfWorkFactory) -> None:
    with new_uow() as uow:
        uow.companies.save(COMPANY)
        uow.users.save(USER)
        assert uow.users.get("u1") == USER
    with new_uow() as uow:
        assert uow.companies.get("c1") is None
        assert uow.users.get("u1") is None


def test_an_exception_rolls_everything_back(new_uow: UnitOfWorkFactory) -> None:
    saved(new_uow, COMPANY)

    def failing_use_case() -> None:
        with new_uow() as uow:
            uow.users.save(USER)
            uow.audit.append(AuditEvent("a1", NOW, "x", "y", "z"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        failing_use_case()
    with new_uow() as uow:
        assert uow.users.get("u1") is None
        assert list(uow.audit.all()) == []
        assert uow.companies.get("c1") == COMPANY


def test_rollback_forgets_only_what_came_after_the_last_commit(
    new_uow: UnitOfWorkFactory,
) -> None:
    with new_uow() as uow:
        uow.companies.save(COMPANY)
        uow.commit()
        uow.users.save(USER)
        uow.rollback()
        assert uow.users.get("u1") is None
        assert uow.companies.get("c1") == COMPANY
    with new_uow() as uow:
        assert uow.companies.get("c1") == COMPANY


def test_units_of_work_are_isolated_until_commit(new_uow: UnitOfWorkFactory) -> None:
    with new_uow() as writer:
        writer.companies.save(COMPANY)
        with new_uow() as reader:
            assert reader.companies.get("c1") is None
        writer.commit()
    with new_uow() as reader:
        assert reader.companies.get("c1") == COMPANY


def _member(number: int, **changes: object) -> User:
    return attrs.evolve(
        USER,
        id=f"u{number:03d}",
        email=EmailAddress.parse(f"m{(number * 37) % 101:03d}@mueller.de"),
        **changes,
    )


def test_user_pages_follow_the_address_order_without_gaps_or_repeats(
    new_uow: UnitOfWorkFactory,
) -> None:
    other_company = attrs.evolve(COMPANY, id="c2", customer_number="100235")
    members = [_member(number) for number in range(23)]
    deleted = _member(99, status=UserStatus.DELETED)
    stranger = attrs.evolve(_member(50), company_id="c2")
    saved(new_uow, COMPANY, other_company, *members, deleted, stranger)
    pages: list[list[str]] = []
    after: str | None = None
    with new_uow() as uow:
        while page := uow.users.page_in_company("c1", after=after, limit=10):
            pages.append([user.id for user in page])
            after = page[-1].id
    expected = [user.id for user in sorted(members, key=lambda user: str(user.email))]
    assert [expected[:10], expected[10:20], expected[20:]] == pages


def test_inactive_since_finds_exactly_the_users_silent_before_the_cutoff(
    new_uow: UnitOfWorkFactory,
) -> None:
    day = dt.timedelta(days=1)
    old_login = _member(1, last_activity=NOW - 10 * day)
    never_active = _member(2, created_at=NOW - 5 * day, last_activity=None)
    recent = _member(3, created_at=NOW - 30 * day, last_activity=NOW - day)
    deleted = _member(4, status=UserStatus.DELETED, last_activity=NOW - 20 * day)
    saved(new_uow, COMPANY, old_login, never_active, recent, deleted)
    with new_uow() as uow:
        assert [old_login, never_active] == list(uow.users.inactive_since(NOW - 2 * day))
        assert [old_login] == list(uow.users.inactive_since(NOW - 5 * day))
        assert list(uow.users.inactive_since(NOW - 10 * day)) == []
