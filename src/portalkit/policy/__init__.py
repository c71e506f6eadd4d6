"""Policies: passwords and their hashing, roles, e-mail domains."""

from __future__ import annotations

from portalkit.policy.blocklist import (
    Blocklist,
    MemoryBlocklist,
)
from portalkit.policy.compliance import (
    ClauseAssessment,
    ComplianceReport,
    nist_800_63b_compliance,
)
from portalkit.policy.hashing import (
    Argon2idHasher,
    Argon2Parameters,
    PasswordHasher,
    Verification,
    WeakHashParametersError,
    minimum_memory_cost,
    verify_any,
)
from portalkit.policy.passwords import (
    VIOLATION_CODES,
    PasswordCheckResult,
    PasswordContext,
    PasswordPolicy,
    PasswordRejected,
    Violation,
)
from portalkit.policy.sequences import (
    AZERTY,
    DEFAULT_LAYOUTS,
    QWERTY,
    QWERTZ,
    KeyboardLayout,
    SequenceRun,
    find_sequences,
)

__all__ = [
    "AZERTY",
    "DEFAULT_LAYOUTS",
    "QWERTY",
    "QWERTZ",
    "VIOLATION_CODES",
    "Argon2Parameters",
    "Argon2idHasher",
    "Blocklist",
    "ClauseAssessment",
    "ComplianceReport",
    "KeyboardLayout",
    "MemoryBlocklist",
    "PasswordCheckResult",
    "PasswordContext",
    "PasswordHasher",
    "PasswordPolicy",
    "PasswordRejected",
    "SequenceRun",
    "Verification",
    "Violation",
    "WeakHashParametersError",
    "find_sequences",
    "minimum_memory_cost",
    "nist_800_63b_compliance",
    "verify_any",
]
