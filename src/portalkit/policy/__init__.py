"""Policies: passwords and their hashing, roles, e-mail domains."""

from __future__ import annotations

from portalkit.policy.blocklist import Blocklist, MemoryBlocklist
from portalkit.policy.hashing import (
    Argon2idHasher,
    Argon2Parameters,
    PasswordHasher,
    Verification,
    WeakHashParametersError,
    minimum_memory_cost,
    verify_any,
)

__all__ = [
    "Argon2Parameters",
    "Argon2idHasher",
    "Blocklist",
    "MemoryBlocklist",
    "PasswordHasher",
    "Verification",
    "WeakHashParametersError",
    "minimum_memory_cost",
    "verify_any",
]
