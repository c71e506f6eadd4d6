"""Tokens: 256 random bits, stored hashed, one purpose, one use, newest wins."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portalkit.accounts.model import TokenPurpose
from portalkit.accounts.tokens import (
    InvalidTokenError,
    TokenExpiredError,
    hash_secret,
    issue_token,
    new_secret,
    redeem_token,
    revoke_tokens,
)
from portalkit.adapters.memory import MemoryTokenRepository
from portalkit.calendar import LinkLifetimes
from portalkit.policy.emails import EmailAddress

NOW = dt.datetime(2025, 6, 2, 12, 0, tzinfo=dt.UTC)
LIFETIMES = LinkLifetimes()


def issue(repo: MemoryTokenRepository, purpose: TokenPurpose = TokenPurpose.PASSWORD_RESET) -> str:
    ids = itertools.count()
    return issue_token(
        repo,
        user_id="u1",
        purpose=purpose,
        now=NOW,
        lifetimes=LIFETIMES,
        new_id=lambda: f"t{next(ids)}-{purpose}",
    ).secret


def test_a_secret_has_at_least_128_random_bits() -> None:
    secret = new_secret()
    assert len(secret) * 6 >= 256
    assert secret != new_secret()


def test_only_the_hash_is_stored() -> None:
    repo = MemoryTokenRepository({})
    secret = issue(repo)
    (token,) = repo.for_user("u1")
    assert token.secret_hash == hash_secret(secret)
    assert secret not in repr(token)


@pytest.mark.parametrize(
    ("purpose", "lifetime"),
    [
        (TokenPurpose.INVITATION, dt.timedelta(days=90)),
        (TokenPurpose.ACTIVATION, dt.timedelta(hours=24)),
        (TokenPurpose.PASSWORD_RESET, dt.timedelta(hours=1)),
    ],
)
def test_lifetimes_follow_the_seeds(purpose: TokenPurpose, lifetime: dt.timedelta) -> None:
    assert NOW + lifetime == LIFETIMES.expires_at(purpose, NOW)


def test_a_token_works_once() -> None:
    repo = MemoryTokenRepository({})
    secret = issue(repo)
    used = redeem_token(repo, secret, purposes=(TokenPurpose.PASSWORD_RESET,), now=NOW)
    assert used.used_at == NOW
    with pytest.raises(InvalidTokenError):
        redeem_token(repo, secret, purposes=(TokenPurpose.PASSWORD_RESET,), now=NOW)


def test_a_token_serves_only_its_purpose() -> None:
    repo = MemoryTokenRepository({})
    secret = issue(repo, TokenPurpose.ACTIVATION)
    with pytest.raises(InvalidTokenError):
        redeem_token(repo, secret, purposes=(TokenPurpose.PASSWORD_RESET,), now=NOW)


def test_an_expired_token_says_so() -> None:
    repo = MemoryTokenRepository({})
    secret = issue(repo)
    later = NOW + dt.timedelta(hours=1)
    with pytest.raises(TokenExpiredError) as caught:
        redeem_token(repo, secret, purposes=(TokenPurpose.PASSWORD_RESET,), now=later)
    assert caught.value.expired_at == later
    assert "abgelaufen" in caught.value.message("de")


def test_a_new_token_revokes_the_older_one_of_the_same_purpose() -> None:
    repo = MemoryTokenRepository({})
    first = issue(repo)
    other = issue(repo, TokenPurpose.EMAIL_CHANGE)
    second = issue(repo)
    with pytest.raises(InvalidTokenError):
        redeem_token(repo, first, purposes=(TokenPurpose.PASSWORD_RESET,), now=NOW)
    redeem_token(repo, second, purposes=(TokenPurpose.PASSWORD_RESET,), now=NOW)
    redeem_token(repo, other, purposes=(TokenPurpose.EMAIL_CHANGE,), now=NOW)


def test_revoking_withdraws_every_open_token() -> None:
    repo = MemoryTokenRepository({})
    secret = issue(repo)
    assert revoke_tokens(repo, user_id="u1", now=NOW) == 1
    with pytest.raises(InvalidTokenError):
        redeem_token(repo, secret, purposes=(TokenPurpose.PASSWORD_RESET,), now=NOW)


@given(st.text(min_size=1))
def test_an_unknown_secret_never_works(secret: str) -> None:
    repo = MemoryTokenRepository({})
    issue(repo)
    with pytest.raises(InvalidTokenError):
        redeem_token(repo, secret, purposes=tuple(TokenPurpose), now=NOW)


@given(st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=200)))
def test_a_token_works_exactly_until_it_expires(elapsed: dt.timedelta) -> None:
    repo = MemoryTokenRepository({})
    secret = issue(repo, TokenPurpose.INVITATION)
    purposes = (TokenPurpose.INVITATION,)
    if elapsed < dt.timedelta(days=90):
        assert redeem_token(repo, secret, purposes=purposes, now=NOW + elapsed).used_at
    else:
        with pytest.raises(TokenExpiredError):
            redeem_token(repo, secret, purposes=purposes, now=NOW + elapsed)


def test_an_email_is_not_a_token_payload_by_accident() -> None:
    repo = MemoryTokenRepository({})
    ids = iter(["t1"])
    issued = issue_token(
        repo,
        user_id="u1",
        purpose=TokenPurpose.EMAIL_CHANGE,
        now=NOW,
        lifetimes=LIFETIMES,
        new_id=lambda: next(ids),
        payload=str(EmailAddress.parse("neu@muster.de")),
    )
    assert issued.token.payload == "neu@muster.de"
