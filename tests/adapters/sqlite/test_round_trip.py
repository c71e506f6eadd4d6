"""Any domain value stored and loaded again is equal to itself (in SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.accounts.model import (
    AccessRequest,
    AccessRequestStatus,
    AuditEvent,
    Company,
    CompanyStatus,
    OperatorAccount,
    OutboxMessage,
    ProfileChangeRequest,
    Session,
    Token,
    TokenPurpose,
    User,
    UserStatus,
)
from portalkit.adapters.sqlite import SqliteStore, SqliteUnitOfWork
from portalkit.policy.emails import EmailAddress, EmailDomain
from portalkit.policy.roles import Action, Role
from portalkit.services.model import BookedService, ChangeKind, ChangeRequest, RequestStatus
from portalkit.tickets.lifecycle import ActorKind, TicketAction
from portalkit.tickets.model import (
    Actor,
    Priority,
    Ticket,
    act,
    add_internal_note,
    open_ticket,
    summarize,
)
from tests.postgres import fresh_database
from tests.services.strategies import office
from tests.services.strategies import services as booked_services
from tests.tickets.strategies import instants as ticket_instants
from tests.tickets.strategies import references

# PostgreSQL's text cannot hold the character NUL (SQLite's can); no form or use case makes one.
characters = st.characters(codec="utf-8", exclude_characters="\x00")
ids = st.text(characters, min_size=1, max_size=12)
texts = st.text(characters, max_size=20)
instants = st.datetimes(
    min_value=dt.datetime(1900, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=dt.datetime(2200, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
    timezones=st.sampled_from(
        [dt.UTC, dt.timezone(dt.timedelta(hours=2)), dt.timezone(dt.timedelta(hours=-5))]
    ),
)
domains = st.sampled_from(["straße.de", "müller.com", "example.de", "a-b.example.org"]).map(
    EmailDomain.parse
)
addresses = st.builds(
    EmailAddress, st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9]{1,4})?", fullmatch=True), domains
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | texts,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
snapshots = st.none() | st.dictionaries(st.text(max_size=8), json_values, max_size=4)
counts = st.integers(min_value=0, max_value=2**62)

companies = st.builds(
    Company,
    id=ids,
    customer_number=st.from_regex(r"[0-9]{4,12}", fullmatch=True),
    name=texts,
    email_domains=st.frozensets(domains),
    allow_subdomains=st.booleans(),
    status=st.sampled_from(CompanyStatus),
    internal=st.booleans(),
    user_limit=st.none() | counts,
)
users = st.builds(
    User,
    id=ids,
    company_id=ids,
    email=addresses,
    role=st.sampled_from(Role),
    status=st.sampled_from(UserStatus),
    created_at=instants,
    title=texts,
    first_name=texts,
    last_name=texts,
    phone=texts,
    language=st.sampled_from(["de", "en"]),
    password_hash=st.none() | texts,
    password_history=st.lists(texts, max_size=3).map(tuple),
    failed_logins=counts,
    locked_until=st.none() | instants,
    last_login=st.none() | instants,
    last_activity=st.none() | instants,
    grants=st.frozensets(st.sampled_from(Action)),
    authorised_for=st.frozensets(st.sampled_from(Action)),
    inactivity_notice_at=st.none() | instants,
    exported_at=st.none() | instants,
)
tokens = st.builds(
    Token,
    id=ids,
    user_id=ids,
    purpose=st.sampled_from(TokenPurpose),
    secret_hash=texts,
    issued_at=instants,
    expires_at=instants,
    used_at=st.none() | instants,
    revoked_at=st.none() | instants,
    payload=texts,
)
sessions = st.builds(
    Session,
    id=ids,
    user_id=ids,
    secret_hash=texts,
    created_at=instants,
    last_seen_at=instants,
    revoked_at=st.none() | instants,
    revoke_reason=texts,
    device=texts,
)
audit_events = st.builds(
    AuditEvent,
    id=ids,
    at=instants,
    actor=texts,
    action=texts,
    target=texts,
    company_id=st.none() | ids,
    before=snapshots,
    after=snapshots,
)
outbox_messages = st.builds(
    OutboxMessage,
    id=ids,
    recipient=texts,
    template=texts,
    params=st.dictionaries(texts, texts, max_size=4),
    language=st.sampled_from(["de", "en"]),
    created_at=instants,
    attachment=st.none() | texts,
)
access_requests = st.builds(
    AccessRequest,
    id=ids,
    company_name=texts,
    contact_name=texts,
    email=addresses,
    received_at=instants,
    deadline=st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)),
    customer_number=texts,
    message=texts,
    status=st.sampled_from(AccessRequestStatus),
)
profile_requests = st.builds(
    ProfileChangeRequest,
    id=ids,
    user_id=ids,
    company_id=ids,
    requested_at=instants,
    first_name=st.none() | texts,
    last_name=st.none() | texts,
    company_name=st.none() | texts,
    reason=texts,
)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> Iterator[SqliteStore]:
    """The store under test: SQLite, and PostgreSQL with the same repositories."""
    if request.param == "postgres":
        from portalkit.adapters.postgres import PostgresStore

        request.getfixturevalue("postgres_server")
        with fresh_database() as url, PostgresStore(url, max_size=1) as postgres:
            yield postgres  # type: ignore[misc]  # the same ports
        return
    with tempfile.TemporaryDirectory() as folder, SqliteStore(Path(folder) / "rt.db") as store:
        yield store


def parents(uow: SqliteUnitOfWork, *, company_id: str, user_id: str | None = None) -> None:
    """Save the rows *value* refers to (foreign keys), so that it can be saved."""
    uow.companies.save(Company(company_id, "0000", "Parent"))
    if user_id is not None:
        address = EmailAddress(f"parent-{len(user_id)}", EmailDomain("parent.invalid"))
        uow.users.save(User(user_id, company_id, address, Role.GUEST, UserStatus.DELETED, START))


START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

# Each example runs in one transaction that is rolled back, so examples never meet; the
# values are read back through SQL: forget() empties the unit of work's map of loaded rows.


def forget(uow: SqliteUnitOfWork) -> SqliteUnitOfWork:
    """Make *uow* forget the rows it knows, so that the next look-up queries the table."""
    uow.loaded.clear()
    return uow


@given(companies)
def test_companies_round_trip(store: SqliteStore, company: Company) -> None:
    with store.unit_of_work() as uow:
        uow.companies.save(company)
        assert company == forget(uow).companies.get(company.id)


@given(users)
def test_users_round_trip(store: SqliteStore, user: User) -> None:
    with store.unit_of_work() as uow:
        parents(uow, company_id=user.company_id)
        uow.users.save(user)
        assert user == forget(uow).users.get(user.id)


@given(users, users)
def test_a_loaded_user_saved_changed_is_stored_whole(
    store: SqliteStore, first: User, second: User
) -> None:
    # The second save updates only the columns that differ from the loaded row.
    changed = attrs.evolve(second, id=first.id, company_id=first.company_id)
    with store.unit_of_work() as uow:
        parents(uow, company_id=first.company_id)
        uow.users.save(first)
        loaded = forget(uow).users.get(first.id)
        assert loaded is not None
        uow.users.save(changed)
        assert changed == forget(uow).users.get(first.id)


@given(tokens)
def test_tokens_round_trip(store: SqliteStore, token: Token) -> None:
    with store.unit_of_work() as uow:
        parents(uow, company_id="c", user_id=token.user_id)
        uow.tokens.save(token)
        assert token == uow.tokens.by_hash(token.secret_hash)


@given(sessions)
def test_sessions_round_trip(store: SqliteStore, session: Session) -> None:
    with store.unit_of_work() as uow:
        parents(uow, company_id="c", user_id=session.user_id)
        uow.sessions.save(session)
        assert session == forget(uow).sessions.get(session.id)


@given(audit_events)
def test_audit_events_round_trip(store: SqliteStore, event: AuditEvent) -> None:
    with store.unit_of_work() as uow:
        uow.audit.append(event)
        assert [event] == list(uow.audit.all())


@given(outbox_messages)
def test_outbox_messages_round_trip(store: SqliteStore, message: OutboxMessage) -> None:
    with store.unit_of_work() as uow:
        uow.outbox.put(message)
        assert [message] == list(uow.outbox.pending())


@given(access_requests, profile_requests)
def test_requests_round_trip(
    store: SqliteStore, access: AccessRequest, profile: ProfileChangeRequest
) -> None:
    with store.unit_of_work() as uow:
        parents(uow, company_id=profile.company_id, user_id=profile.user_id)
        uow.access_requests.save(access)
        uow.profile_requests.save(profile)
        assert access == forget(uow).access_requests.get(access.id)
        assert [profile] == list(uow.profile_requests.for_user(profile.user_id))


@st.composite
def stored_tickets(draw: st.DrawFn) -> Ticket:
    """Draw a ticket with a history: opened, maybe assigned, maybe noted, maybe closed."""
    at = draw(ticket_instants)
    value = open_ticket(
        draw(references),
        company_id=draw(ids),
        requester_id=draw(ids),
        subject=draw(st.text(characters, min_size=1, max_size=30).filter(str.strip)),
        body=draw(st.text(characters, min_size=1, max_size=60).filter(str.strip)),
        at=at,
        priority=draw(st.sampled_from(Priority)),
    )
    agent = Actor(ActorKind.AGENT, draw(ids))
    if draw(st.booleans()):
        at += dt.timedelta(minutes=draw(st.integers(0, 10_000)))
        value = act(value, TicketAction.ASSIGN, agent, at=at, assignee_id=agent.user_id)
        if draw(st.booleans()):
            note = draw(st.text(characters, min_size=1, max_size=40).filter(str.strip))
            value = add_internal_note(value, agent, note, at=at)
    return value


@given(stored_tickets())
def test_tickets_round_trip(store: SqliteStore, ticket: Ticket) -> None:
    with store.unit_of_work() as uow:
        parents(uow, company_id=ticket.company_id, user_id=ticket.requester_id)
        uow.tickets.save(ticket)
        assert ticket == forget(uow).tickets.get(ticket.reference)
        assert [ticket] == list(uow.tickets.page(ticket.company_id))


@given(booked_services())
def test_booked_services_round_trip(store: SqliteStore, service: BookedService) -> None:
    with store.unit_of_work() as uow:
        parents(uow, company_id=service.company_id)
        uow.booked_services.save(service)
        assert service == forget(uow).booked_services.get(service.id)


@st.composite
def change_requests(draw: st.DrawFn) -> ChangeRequest:
    """Draw a service change of any kind and state (the model's own checks hold)."""
    effective = dt.date(draw(st.integers(2000, 2100)), draw(st.sampled_from([1, 4, 7, 10])), 1)
    kind = draw(st.sampled_from(ChangeKind))
    extra: dict[str, object] = (
        {"pause_until": effective + dt.timedelta(days=draw(st.integers(1, 400)))}
        if kind is ChangeKind.PAUSE
        else {
            "quantity_before": draw(st.integers(1, 10**6)),
            "quantity": draw(st.integers(1, 10**6)),
        }
    )
    return ChangeRequest(
        id=draw(ids),
        service_id=draw(ids),
        company_id=draw(ids),
        requested_by=draw(ids),
        kind=kind,
        submitted_at=draw(instants),
        effective=effective,
        cutoff=effective - dt.timedelta(days=draw(st.integers(1, 90))),
        status=draw(st.sampled_from(RequestStatus)),
        replaces=draw(st.none() | ids),
        closed_at=draw(st.none() | instants),
        applied_on=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2200, 1, 1))),
        **extra,  # type: ignore[arg-type]
    )


@given(change_requests())
def test_change_requests_round_trip(store: SqliteStore, request: ChangeRequest) -> None:
    with store.unit_of_work() as uow:
        parents(uow, company_id=request.company_id, user_id=request.requested_by)
        parent = attrs.evolve(office(), id=request.service_id, company_id=request.company_id)
        uow.booked_services.save(parent)
        uow.change_requests.save(request)
        assert request == forget(uow).change_requests.get(request.id)
        assert [request] == list(uow.change_requests.for_service(request.service_id))


operators = st.builds(
    OperatorAccount,
    id=ids,
    email=addresses,
    name=texts.filter(str.strip),
    password_hash=texts,
    created_at=instants,
    active=st.booleans(),
    failed_logins=st.integers(0, 1000),
    locked_until=st.none() | instants,
    last_login=st.none() | instants,
)


@given(operators, sessions)
def test_operators_and_their_sessions_round_trip(
    store: SqliteStore, operator: OperatorAccount, session: Session
) -> None:
    session = attrs.evolve(session, user_id=operator.id)
    with store.unit_of_work() as uow:
        uow.operators.save(operator)
        uow.operator_sessions.save(session)
        forget(uow)
        assert operator == uow.operators.get(operator.id)
        assert operator == uow.operators.by_email(operator.email)
        assert session == uow.operator_sessions.get(session.id)


@given(stored_tickets(), st.data())
def test_kept_summaries_are_the_tickets_summaries_after_every_change(
    store: SqliteStore, ticket: Ticket, data: st.DataObject
) -> None:
    # The SQL repositories keep summaries by stored row: asked again, and after a change that
    # shows to one viewer only (an internal note) or to both (an answer), they must be what
    # summarize() says of the ticket as it is stored now.
    agent = Actor(ActorKind.AGENT, "agent")
    with store.unit_of_work() as uow:
        parents(uow, company_id=ticket.company_id, user_id=ticket.requester_id)
        for step in range(3):
            uow.tickets.save(ticket)
            for viewer in ActorKind:
                for _ in range(2):
                    found = uow.tickets.summaries(ticket.company_id, viewer=viewer)
                    assert [summarize(ticket, viewer)] == list(found)
            at = ticket.last_change_at + dt.timedelta(minutes=data.draw(st.integers(0, 600)))
            if data.draw(st.booleans()):
                ticket = add_internal_note(ticket, agent, f"Notiz {step}", at=at)
            else:
                ticket = attrs.evolve(ticket, subject=f"{ticket.subject} {step}")
