"""Password hashing: the port, and the answer a verification gives."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import attrs


@attrs.frozen
class Verification:
    """What verifying a password against a stored hash found out.

    Attributes:
        ok: the password matches the hash.
        needs_rehash: the hash was made with other (weaker or outdated) parameters than the
            hasher's current ones; after a successful login store a new hash.
    """

    ok: bool
    needs_rehash: bool = False


@runtime_checkable
class PasswordHasher(Protocol):
    """Turns passwords into stored hashes and checks passwords against them.

    Implementations normalise the password with
    :func:`portalkit.policy.normalization.normalize_password` before hashing and verifying.
    """

    def hash(self, password: str) -> str:
        """Return a new salted hash of *password*, safe to store."""
        ...

    def verify(self, stored_hash: str, password: str) -> Verification:
        """Check *password* against *stored_hash*; a mismatch or a damaged hash is ``ok=False``."""
        ...

    def dummy_verify(self, password: str) -> None:
        """Spend the same work as :meth:`verify` on a throw-away hash.

        Call it when the account does not exist, so that the time a login takes does not reveal
        whether an account exists.
        """
        ...
