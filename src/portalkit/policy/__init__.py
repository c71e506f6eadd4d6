"""Policies: passwords and their hashing, roles, e-mail domains."""

from __future__ import annotations

from portalkit.policy.compliance import (
    ClauseAssessment,
    ComplianceReport,
    nist_800_63b_compliance,
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
    "ClauseAssessment",
    "ComplianceReport",
    "KeyboardLayout",
    "PasswordCheckResult",
    "PasswordContext",
    "PasswordPolicy",
    "PasswordRejected",
    "SequenceRun",
    "Violation",
    "find_sequences",
    "nist_800_63b_compliance",
]
