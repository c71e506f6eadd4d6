"""Single-use tokens for invitations, activations, password resets and e-mail changes.

A token's secret has 256 random bits (``secrets.token_urlsafe(32)``), travels only in the mail
to the user, and is stored only as its SHA-256 hash: a leaked database reveals no usable link.
A fast hash suffices here, unlike for passwords, because the secret is random and long.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable

import attrs

from portalkit._errors import InvalidValueError
from portalkit.accounts.model import Token, TokenPurpose
from portalkit.accounts.ports import TokenRepository
from portalkit.calendar import LinkLifetimes


class InvalidTokenError(InvalidValueError):
    """The link or one-time password is unknown, already used, withdrawn or for something else."""

    code = "invalid_token"

    def __init__(self, purpose: TokenPurpose) -> None:
        self.purpose = purpose
        super().__init__(purpose=str(purpose))


class TokenExpiredError(InvalidValueError):
    """The link or one-time password was valid but its time is up."""

    code = "token_expired"

    def __init__(self, purpose: TokenPurpose, expired_at: dt.datetime) -> None:
        self.purpose = purpose
        self.expired_at = expired_at
        super().__init__(purpose=str(purpose), expired_at=expired_at)


@attrs.frozen
class IssuedToken:
    """A freshly issued token: the stored record and the secret to mail (shown only once)."""

    token: Token
    secret: str = attrs.field(repr=False)


def hash_secret(secret: str) -> str:
    """Return the hex SHA-256 of *secret*, the form in which tokens and sessions are stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    """Return a new URL-safe secret with 256 random bits."""
    return secrets.token_urlsafe(32)


def issue_token(
    tokens: TokenRepository,
    *,
    user_id: str,
    purpose: TokenPurpose,
    now: dt.datetime,
    lifetimes: LinkLifetimes,
    new_id: Callable[[], str],
    payload: str = "",
) -> IssuedToken:
    """Issue a token for one user and one purpose, withdrawing the user's older ones of it.

    Its lifetime comes from *lifetimes* (:class:`portalkit.calendar.LinkLifetimes`: invitation
    90 days, activation 24 hours, password reset 1 hour, one-time password 15 minutes).

    References:
        DOMAIN.md §6; issue 4 (a new token revokes the older one of the same purpose).
    """
    revoke_tokens(tokens, user_id=user_id, now=now, purposes=(purpose,))
    secret = new_secret()
    token = Token(
        id=new_id(),
        user_id=user_id,
        purpose=purpose,
        secret_hash=hash_secret(secret),
        issued_at=now,
        expires_at=lifetimes.expires_at(purpose, now),
        payload=payload,
    )
    tokens.save(token)
    return IssuedToken(token, secret)


def redeem_token(
    tokens: TokenRepository,
    secret: str,
    *,
    purposes: tuple[TokenPurpose, ...],
    now: dt.datetime,
) -> Token:
    """Use up the token whose secret is *secret*; it never works again.

    Args:
        tokens: where tokens are stored.
        secret: what the user brought (from the link).
        purposes: the purposes accepted here (a reset page takes reset links and one-time
            passwords alike).
        now: the current instant.

    Returns:
        The used token record.

    Raises:
        InvalidTokenError: unknown, used, revoked, or of another purpose.
        TokenExpiredError: known and unused, but expired; the user should ask for a new one.
    """
    token = tokens.by_hash(hash_secret(secret))
    if (
        token is None
        or token.purpose not in purposes
        or token.used_at is not None
        or token.revoked_at is not None
    ):
        raise InvalidTokenError(purposes[0])
    if now >= token.expires_at:
        raise TokenExpiredError(token.purpose, token.expires_at)
    used = attrs.evolve(token, used_at=now)
    tokens.save(used)
    return used


def revoke_tokens(
    tokens: TokenRepository,
    *,
    user_id: str,
    now: dt.datetime,
    purposes: tuple[TokenPurpose, ...] = tuple(TokenPurpose),
) -> int:
    """Withdraw the user's open tokens of *purposes*; return how many were withdrawn."""
    count = 0
    for token in tokens.for_user(user_id):
        if token.purpose in purposes and token.used_at is None and token.revoked_at is None:
            tokens.save(attrs.evolve(token, revoked_at=now))
            count += 1
    return count
