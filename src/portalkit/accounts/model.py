"""The account model: companies, users, sessions, tokens, audit events and outgoing mail.

Every class here is a frozen attrs value; a change is a new value made with :func:`attrs.evolve`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping

import attrs

from portalkit._errors import InvalidValueError
from portalkit._i18n import Language
from portalkit.policy.emails import EmailAddress, EmailDomain, domain_allowed
from portalkit.policy.roles import Action, Actor, ActorKind, Role


class InvalidCustomerNumberError(InvalidValueError):
    """The customer number does not have the configured format."""

    code = "invalid_customer_number"

    def __init__(self, customer_number: str) -> None:
        self.customer_number = customer_number
        super().__init__(customer_number=customer_number)


@attrs.frozen
class CustomerNumberFormat:
    """The format customer numbers must have (a regular expression matched in full).

    The default accepts 4 to 12 digits; portals with letters or separators configure their own.

    >>> CustomerNumberFormat().normalize(" 100234 ")
    '100234'

    References:
        seeds 002, 003, 004 (Kundennummer as login name and registration key).
    """

    pattern: str = r"[0-9]{4,12}"

    def normalize(self, text: str) -> str:
        """Return *text* without surrounding blanks if it has the format.

        Raises:
            InvalidCustomerNumberError: if it does not.
        """
        candidate = text.strip()
        if not re.fullmatch(self.pattern, candidate):
            raise InvalidCustomerNumberError(text)
        return candidate


class CompanyStatus(enum.StrEnum):
    """Where a company stands.

    ``needs_administrator``: the last administrator left through an operator override or went
    inactive; an operator must invite a new one (DOMAIN.md §2, seed 001).
    """

    ACTIVE = "active"
    NEEDS_ADMINISTRATOR = "needs_administrator"
    CLOSED = "closed"


@attrs.frozen
class Company:
    """A customer organisation.

    Attributes:
        id: stable identifier.
        customer_number: the customer number (Kundennummer), unique.
        name: the company's (or private customer's) name.
        email_domains: the domains its users' addresses must lie in; empty means no domain
            restriction (private customers of seeds 003 and 004 use any mailbox).
        allow_subdomains: whether addresses in subdomains of the domains are accepted.
        status: see :class:`CompanyStatus`.
        internal: whether it belongs to the service group (set from the group domains).
        user_limit: the most users it may have; ``None`` is unlimited (internal companies).

    References:
        DOMAIN.md §2, seeds 000 and 001.
    """

    id: str
    customer_number: str
    name: str
    email_domains: frozenset[EmailDomain] = frozenset()
    allow_subdomains: bool = False
    status: CompanyStatus = CompanyStatus.ACTIVE
    internal: bool = False
    user_limit: int | None = None

    def accepts(self, address: EmailAddress) -> bool:
        """Tell whether *address* may belong to a user of this company (the domain rule)."""
        if not self.email_domains:
            return True
        return domain_allowed(address, self.email_domains, subdomains=self.allow_subdomains)


class UserStatus(enum.StrEnum):
    """The life cycle of a user account.

    ``invited`` (001) and ``pending_activation`` (003) wait for the link to be followed;
    ``locked`` is the temporary lockout after too many failed logins; ``deleted`` keeps only
    the id and the company, the personal data is gone.
    """

    INVITED = "invited"
    PENDING_ACTIVATION = "pending_activation"
    ACTIVE = "active"
    LOCKED = "locked"
    DEACTIVATED = "deactivated"
    DELETED = "deleted"


USABLE_STATUSES = frozenset({UserStatus.ACTIVE, UserStatus.LOCKED})
"""Statuses of an account that works (a lockout is temporary)."""


@attrs.frozen
class User:
    """A person with an account in a company.

    Attributes:
        id: stable identifier.
        company_id: the company the user belongs to.
        email: the normalised address; it is also the user name (seed 001).
        role: the user's role.
        status: see :class:`UserStatus`.
        title, first_name, last_name, phone: contact data.
        language: the language mails to the user are written in.
        password_hash: the current hash; ``None`` until a password is set.
        password_history: earlier hashes, newest first, for the reuse check.
        failed_logins: consecutive failed logins since the last success.
        locked_until: the end of the current lockout.
        last_login: the last successful login.
        last_activity: the last sign of life (login, activation); starts the inactivity clock.
        created_at: when the account was created.
        grants: per-user extra actions (internal companies only, seed 000).
        authorised_for: orders and instructions the company entrusted the user with (seed 004).
        inactivity_notice_at: when the notice before the inactivity deletion was sent.
        exported_at: when the data export before deletion was written to the outbox.

    References:
        seed 001 (e-mail as user name, title and names, master user), seed 000 (roles, two
        years without login), seed 002 (contact data), seed 004 (authorised contacts).
    """

    id: str
    company_id: str
    email: EmailAddress
    role: Role
    status: UserStatus
    created_at: dt.datetime
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    language: Language = "de"
    password_hash: str | None = None
    password_history: tuple[str, ...] = ()
    failed_logins: int = 0
    locked_until: dt.datetime | None = None
    last_login: dt.datetime | None = None
    last_activity: dt.datetime | None = None
    grants: frozenset[Action] = frozenset()
    authorised_for: frozenset[Action] = frozenset()
    inactivity_notice_at: dt.datetime | None = None
    exported_at: dt.datetime | None = None

    @property
    def usable(self) -> bool:
        """Whether the account works (active, or only temporarily locked)."""
        return self.status in USABLE_STATUSES

    @property
    def is_active_administrator(self) -> bool:
        """Whether the user counts for the last-administrator rule."""
        return self.usable and self.role is Role.ADMINISTRATOR

    @property
    def display_name(self) -> str:
        """Title, first and last name as one would address the user."""
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)

    def actor(self, company: Company) -> Actor:
        """Return the user as an :class:`~portalkit.policy.roles.Actor` of *company*."""
        return Actor(
            ActorKind.USER,
            self.id,
            self.company_id,
            self.role,
            active=self.usable and company.status is not CompanyStatus.CLOSED,
            internal=company.internal,
            grants=self.grants,
            authorised_for=self.authorised_for,
        )


@attrs.frozen
class Operator:
    """A member of the service company's staff (Ansprechpartner der Servicegesellschaft).

    Operators sign in through the service company's own systems; portalkit only needs to know
    who acted, for the audit log.

    References:
        seeds 000 and 001.
    """

    id: str
    name: str = ""

    @property
    def actor(self) -> Actor:
        """The operator as an :class:`~portalkit.policy.roles.Actor`."""
        return Actor.operator(self.id)


@attrs.frozen
class OperatorAccount:
    """The portal account of an operator: how a member of the service company's staff signs in.

    Operator accounts live apart from customers' users: they belong to no company, sign in on
    their own page, and an operator's address may equal a customer's without conflict.

    Attributes:
        id: stable identifier; also the id of :attr:`operator` in the audit log.
        email: the normalised address; the user name at login, unique among operators.
        name: the name shown to customers and in the audit log.
        password_hash: the current hash.
        created_at: when the account was created.
        active: whether the account may sign in; an inactive one keeps its audit trail.
        failed_logins: consecutive failed logins since the last success.
        locked_until: the end of the current lockout (after too many failures).
        last_login: the last successful login.

    References:
        seeds 000 and 001 (Ansprechpartner der Servicegesellschaft); DOMAIN.md §1 (hashing,
        lockout), §6.
    """

    id: str
    email: EmailAddress
    name: str
    password_hash: str
    created_at: dt.datetime
    active: bool = True
    failed_logins: int = 0
    locked_until: dt.datetime | None = None
    last_login: dt.datetime | None = None

    @property
    def operator(self) -> Operator:
        """The operator this account signs in, as the use cases take it."""
        return Operator(self.id, self.name)

    def locked_at(self, now: dt.datetime) -> bool:
        """Whether a lockout is running at *now*."""
        return self.locked_until is not None and now < self.locked_until


class TokenPurpose(enum.StrEnum):
    """What a token may be used for; a token of one purpose never serves another."""

    INVITATION = "invitation"
    ACTIVATION = "activation"
    PASSWORD_RESET = "password_reset"
    ONE_TIME_PASSWORD = "one_time_password"
    EMAIL_CHANGE = "email_change"


@attrs.frozen
class Token:
    """A stored single-use token; the secret itself is never stored, only its SHA-256 hash.

    Attributes:
        id: stable identifier.
        user_id: the only user it works for.
        purpose: the only thing it works for.
        secret_hash: hex SHA-256 of the secret the user received.
        issued_at, expires_at: its lifetime.
        used_at: when it was redeemed; a used token never works again.
        revoked_at: when it was withdrawn (a newer token of the same purpose, a closed company).
        payload: purpose-specific data, e.g. the new address of an e-mail change.

    References:
        seed 001 (invitation link), seed 003 (activation link), seed 004 (one-time password),
        DOMAIN.md §6 (single-use reset link).
    """

    id: str
    user_id: str
    purpose: TokenPurpose
    secret_hash: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    payload: str = ""

    def open_at(self, now: dt.datetime) -> bool:
        """Whether the token can still be redeemed at *now*."""
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


@attrs.frozen
class Session:
    """A signed-in browser session; only the hash of its secret is stored.

    Attributes:
        id: stable identifier, safe to show (for "sign out this device").
        user_id: whose session it is.
        secret_hash: hex SHA-256 of the cookie value.
        created_at: the login; the absolute lifetime counts from here.
        last_seen_at: the last request; the idle lifetime counts from here.
        revoked_at, revoke_reason: when and why it was ended before expiring.
        device: a label for the user's list of sessions (e.g. the browser), as the portal
            gave it at login.

    References:
        DOMAIN.md §6 (sessions end at logout, deactivation and password change).
    """

    id: str
    user_id: str
    secret_hash: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    revoked_at: dt.datetime | None = None
    revoke_reason: str = ""
    device: str = ""


class AccessRequestStatus(enum.StrEnum):
    """Whether an operator has dealt with an access request."""

    OPEN = "open"
    DONE = "done"


@attrs.frozen
class AccessRequest:
    """A request for portal access received by the service company ("Zugang beantragen").

    Attributes:
        deadline: the day by which the operator sets the access up (10 Werktage, seed 000).

    References:
        seed 000.
    """

    id: str
    company_name: str
    contact_name: str
    email: EmailAddress
    received_at: dt.datetime
    deadline: dt.date
    customer_number: str = ""
    message: str = ""
    status: AccessRequestStatus = AccessRequestStatus.OPEN


@attrs.frozen
class ProfileChangeRequest:
    """A request to the service company to change a name or the company (not self-service).

    References:
        seed 002 ("Kontaktdaten außer Name/Firma"; a reason may be given).
    """

    id: str
    user_id: str
    company_id: str
    requested_at: dt.datetime
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    reason: str = ""


@attrs.frozen
class AuditEvent:
    """One recorded change: who did what to whom, when, and the state before and after.

    ``before`` and ``after`` are plain dicts (cattrs-unstructured values without secrets).
    """

    id: str
    at: dt.datetime
    actor: str
    action: str
    target: str
    company_id: str | None = None
    before: Mapping[str, object] | None = None
    after: Mapping[str, object] | None = None


class MailTemplate(enum.StrEnum):
    """The mails the account area writes to the outbox, and the parameters each one gets.

    A mail adapter renders them; all parameters are strings, instants in ISO 8601.

    * ``invitation``: ``token``, ``company``, ``expires_at`` (seed 001, 90 days).
    * ``activation``: ``token``, ``expires_at`` (seed 003, 24 hours).
    * ``already_registered``: ``company``; someone registered with a known address.
    * ``password_reset`` / ``one_time_password``: ``token``, ``expires_at`` (all seeds, 004).
    * ``password_changed``: ``at``; sent after every change or reset of the password.
    * ``email_change``: ``token``, ``expires_at``; to the new address.
    * ``email_changed``: ``new_email``; to the old address.
    * ``account_locked``: ``until``, ``failures``; the lockout began.
    * ``access_request_received``: ``deadline``, ``company`` (seed 000, 10 Werktage).
    * ``inactivity_notice``: ``deletion_at`` (seed 000).
    * ``data_export``: ``exported_at``, with the JSON export as attachment (seed 000).
    """

    INVITATION = "invitation"
    ACTIVATION = "activation"
    ALREADY_REGISTERED = "already_registered"
    PASSWORD_RESET = "password_reset"
    ONE_TIME_PASSWORD = "one_time_password"
    PASSWORD_CHANGED = "password_changed"
    EMAIL_CHANGE = "email_change"
    EMAIL_CHANGED = "email_changed"
    ACCOUNT_LOCKED = "account_locked"
    ACCESS_REQUEST_RECEIVED = "access_request_received"
    INACTIVITY_NOTICE = "inactivity_notice"
    DATA_EXPORT = "data_export"


@attrs.frozen
class OutboxMessage:
    """A mail to send, written in the same unit of work as the change that caused it.

    Attributes:
        recipient: the address to send to.
        template: the code of the mail template, a :class:`MailTemplate` value.
        params: the values the template needs (links carry the token secret).
        language: the language to write in.
        attachment: an optional JSON document (the inactivity data export).
    """

    id: str
    recipient: str
    template: str
    params: Mapping[str, str]
    language: Language
    created_at: dt.datetime
    attachment: str | None = None
