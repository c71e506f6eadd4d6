"""Random sequences of account actions keep every invariant (a stateful hypothesis test).

After every step: an active company with usable users has an active administrator (unless
an operator override marked it as needing one), no user lies outside the company's domains,
no token works twice or after expiry, and every change left an audit event.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from portalkit import PortalkitError
from portalkit.accounts import (
    CompanyStatus,
    InvalidCredentialsError,
    InvalidTokenError,
    MailTemplate,
    Override,
    TokenExpiredError,
    User,
    UserStatus,
    accept_invitation,
    activate_account,
    change_role,
    confirm_email_change,
    deactivate_user,
    invite_administrator,
    invite_user,
    login_with_email,
    override_last_administrator,
    reactivate_user,
    register,
    request_email_change,
    request_password_reset,
    reset_password,
    sweep_inactive_users,
    update_company,
)
from portalkit.accounts.tokens import hash_secret
from portalkit.policy.roles import Role
from tests.accounts.world import GOOD_PASSWORD, OPERATOR, World

NAMES = ["anna", "ben", "cem", "dora", "emil", "frieda"]
DOMAINS = ["muster.de", "straße.de"]


class AccountLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.world = World()
        self.companies = [
            self.world.company(DOMAINS[0], name="Muster GmbH", user_limit=4),
            self.world.company(DOMAINS[1], name="Straßenbau AG", allow_subdomains=True),
            self.world.company("", name="Erika Privat"),
        ]
        self.secrets: list[str] = []
        self.used: list[str] = []
        self.audited = len(self.world.store.audit)

    # -- helpers -----------------------------------------------------------------------

    def users(self) -> list[User]:
        return sorted(self.world.store.users.values(), key=lambda user: user.id)

    def pick(self, index: int) -> User | None:
        users = self.users()
        return users[index % len(users)] if users else None

    def token_open(self, secret: str) -> bool:
        token = next(
            t for t in self.world.store.tokens.values() if t.secret_hash == hash_secret(secret)
        )
        return token.open_at(self.world.clock.now())

    def closed(self, user: User) -> bool:
        return self.world.store.companies[user.company_id].status is CompanyStatus.CLOSED

    def expect_audit(self) -> None:
        count = len(self.world.store.audit)
        assert count > self.audited, "a change left no audit event"
        self.audited = count

    def attempt(self, action: object) -> bool:
        assert callable(action)
        before = len(self.world.store.audit)
        try:
            action()
        except PortalkitError as error:
            event(f"refused: {error.code}")
            self.audited = len(self.world.store.audit)
            assert self.audited >= before
            return False
        event("succeeded")
        self.expect_audit()
        return True

    # -- rules -------------------------------------------------------------------------

    @rule(company=st.integers(0, 1), name=st.sampled_from(NAMES), sub=st.booleans())
    def operator_invites_administrator(self, company: int, name: str, sub: bool) -> None:
        domain = DOMAINS[company]
        address = f"{name}@{'it.' if sub else ''}{domain}"
        target = self.companies[company].id

        def act() -> None:
            invitation = invite_administrator(self.world.services, OPERATOR, target, email=address)
            self.secrets.append(invitation.secret)

        self.attempt(act)

    @precondition(lambda self: self.world.store.users)
    @rule(
        inviter=st.integers(0, 50),
        name=st.sampled_from(NAMES),
        role=st.sampled_from(Role),
        foreign=st.booleans(),
    )
    def administrator_invites(self, inviter: int, name: str, role: Role, foreign: bool) -> None:
        actor = self.pick(inviter)
        assert actor is not None
        company = self.world.store.companies[actor.company_id]
        own = sorted(company.email_domains)
        domain = "evil-muster.de" if foreign or not own else own[0].unicode

        def act() -> None:
            invitation = invite_user(
                self.world.services, actor.id, email=f"{name}@{domain}", role=role
            )
            self.secrets.append(invitation.secret)

        self.attempt(act)

    @precondition(lambda self: self.secrets)
    @rule(index=st.integers(0, 50))
    def accept(self, index: int) -> None:
        secret = self.secrets[index % len(self.secrets)]
        open_now = self.token_open(secret)

        def act() -> None:
            accept_invitation(
                self.world.services,
                secret,
                first_name="Vorname",
                last_name="Nachname",
                password=GOOD_PASSWORD,
            )

        if self.attempt(act):
            assert open_now, "a used, revoked or expired token worked"
            self.used.append(secret)

    @rule(name=st.sampled_from(NAMES), matching=st.booleans())
    def self_register(self, name: str, matching: bool) -> None:
        private = self.companies[2]
        mails = len(self.world.mails("activation"))

        def act() -> None:
            register(
                self.world.services,
                name=private.name if matching else "Jemand Anders",
                customer_number=private.customer_number,
                email=f"{name}@web.de",
                password=GOOD_PASSWORD,
                accepted_terms=True,
            )

        if self.attempt(act) and len(self.world.mails("activation")) > mails:
            assert matching
            self.secrets.append(self.world.last_token("activation"))

    @precondition(lambda self: self.secrets)
    @rule(index=st.integers(0, 50))
    def activate(self, index: int) -> None:
        secret = self.secrets[index % len(self.secrets)]
        open_now = self.token_open(secret)
        if self.attempt(lambda: activate_account(self.world.services, secret)):
            assert open_now, "a used, revoked or expired token worked"
            self.used.append(secret)

    @precondition(lambda self: self.used)
    @rule(index=st.integers(0, 50))
    def reuse_a_used_link(self, index: int) -> None:
        secret = self.used[index % len(self.used)]
        for redeem in (
            lambda: accept_invitation(
                self.world.services, secret, first_name="A", last_name="B", password=GOOD_PASSWORD
            ),
            lambda: reset_password(self.world.services, secret, "Ganz-Neu-947!"),
        ):
            try:
                redeem()
            except (InvalidTokenError, TokenExpiredError):
                continue
            raise AssertionError("a used token worked a second time")

    @precondition(lambda self: self.world.store.users)
    @rule(actor=st.integers(0, 50), index=st.integers(0, 50), role=st.sampled_from(Role))
    def change_a_role(self, actor: int, index: int, role: Role) -> None:
        who, whom = self.pick(actor), self.pick(index)
        assert who is not None
        assert whom is not None
        self.attempt(lambda: change_role(self.world.services, who.id, whom.id, role))

    @precondition(lambda self: self.world.store.users)
    @rule(actor=st.integers(0, 50), index=st.integers(0, 50), back=st.booleans())
    def deactivate_or_reactivate(self, actor: int, index: int, back: bool) -> None:
        who, whom = self.pick(actor), self.pick(index)
        assert who is not None
        assert whom is not None
        use_case = reactivate_user if back else deactivate_user
        self.attempt(lambda: use_case(self.world.services, who.id, whom.id))

    @precondition(lambda self: self.world.store.users)
    @rule(index=st.integers(0, 50), demote=st.booleans())
    def operator_overrides(self, index: int, demote: bool) -> None:
        whom = self.pick(index)
        assert whom is not None
        change = Override.DEMOTE if demote else Override.DEACTIVATE
        self.attempt(
            lambda: override_last_administrator(
                self.world.services, OPERATOR, whom.id, change=change
            )
        )

    @precondition(lambda self: self.world.store.users)
    @rule(index=st.integers(0, 50), right=st.booleans())
    def log_in(self, index: int, right: bool) -> None:
        user = self.pick(index)
        assert user is not None
        password = GOOD_PASSWORD if right else "falsch-falsch"
        try:
            login_with_email(self.world.services, str(user.email), password)
        except InvalidCredentialsError:
            self.audited = len(self.world.store.audit)
            return
        except PortalkitError:
            return
        assert right
        self.expect_audit()

    @precondition(lambda self: self.world.store.users)
    @rule(index=st.integers(0, 50))
    def request_a_reset(self, index: int) -> None:
        user = self.pick(index)
        assert user is not None
        mails = len(self.world.mails("password_reset"))
        request_password_reset(self.world.services, email=str(user.email))
        if len(self.world.mails("password_reset")) == mails:
            assert not user.usable or user.status is UserStatus.DELETED or self.closed(user)
            return
        self.expect_audit()
        self.secrets.append(self.world.last_token("password_reset"))

    @precondition(lambda self: self.secrets)
    @rule(index=st.integers(0, 50), password=st.sampled_from([GOOD_PASSWORD, "Ganz-Neu-947!"]))
    def complete_a_reset(self, index: int, password: str) -> None:
        secret = self.secrets[index % len(self.secrets)]
        open_now = self.token_open(secret)
        if self.attempt(lambda: reset_password(self.world.services, secret, password)):
            assert open_now, "a used, revoked or expired token worked"
            self.used.append(secret)

    @precondition(lambda self: self.world.store.users)
    @rule(
        index=st.integers(0, 50),
        name=st.sampled_from(NAMES),
        host=st.sampled_from(["muster.de", "it.straße.de", "web.de", "evil-muster.de"]),
    )
    def request_an_address_change(self, index: int, name: str, host: str) -> None:
        user = self.pick(index)
        assert user is not None

        def act() -> None:
            request_email_change(
                self.world.services,
                user.id,
                new_email=f"{name}.neu@{host}",
                current_password=GOOD_PASSWORD,
            )
            self.secrets.append(self.world.last_token("email_change"))

        self.attempt(act)

    @precondition(lambda self: self.secrets)
    @rule(index=st.integers(0, 50))
    def confirm_an_address_change(self, index: int) -> None:
        secret = self.secrets[index % len(self.secrets)]
        open_now = self.token_open(secret)
        if self.attempt(lambda: confirm_email_change(self.world.services, secret)):
            assert open_now, "a used, revoked or expired token worked"
            self.used.append(secret)

    @rule(
        company=st.integers(0, 1),
        domains=st.sampled_from([("muster.de",), ("straße.de",), ("muster.de", "straße.de")]),
        subdomains=st.booleans(),
    )
    def operator_changes_domains(
        self, company: int, domains: tuple[str, ...], subdomains: bool
    ) -> None:
        target = self.companies[company].id
        self.attempt(
            lambda: update_company(
                self.world.services,
                OPERATOR,
                target,
                email_domains=domains,
                allow_subdomains=subdomains,
            )
        )

    @rule()
    def inactivity_sweep(self) -> None:
        before = len(self.world.store.audit)
        report = sweep_inactive_users(self.world.services)
        if report.deleted:
            event("sweep deleted a user")
        if report.notified or report.exported or report.deleted:
            assert len(self.world.store.audit) > before
        self.audited = len(self.world.store.audit)

    @rule(minutes=st.sampled_from([1, 20, 60 * 24, 60 * 24 * 91, 60 * 24 * 800]))
    def time_passes(self, minutes: int) -> None:
        self.world.clock.advance(dt.timedelta(minutes=minutes))

    # -- invariants --------------------------------------------------------------------

    @invariant()
    def an_active_company_with_users_has_an_administrator(self) -> None:
        for company in self.world.store.companies.values():
            users = [u for u in self.users() if u.company_id == company.id]
            if company.status is CompanyStatus.ACTIVE and any(u.usable for u in users):
                assert any(u.is_active_administrator for u in users), company

    @invariant()
    def no_user_lies_outside_the_company_domains(self) -> None:
        for user in self.users():
            if user.status is not UserStatus.DELETED:
                assert self.world.store.companies[user.company_id].accepts(user.email)

    @invariant()
    def every_mail_uses_a_known_template(self) -> None:
        for message in self.world.mails():
            assert MailTemplate(message.template) == message.template

    @invariant()
    def every_user_has_an_audit_trail(self) -> None:
        targets = {event.target for event in self.world.store.audit}
        for user in self.users():
            assert f"user:{user.id}" in targets


AccountLifecycle.TestCase.settings = settings(
    AccountLifecycle.TestCase.settings, stateful_step_count=25
)
test_account_lifecycle = AccountLifecycle.TestCase
