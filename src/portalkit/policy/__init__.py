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
from portalkit.policy.emails import (
    EmailAddress,
    EmailDomain,
    GroupDomains,
    InvalidEmailAddressError,
    InvalidEmailDomainError,
    domain_allowed,
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
from portalkit.policy.normalization import fold_password, normalize_password
from portalkit.policy.passwords import (
    VIOLATION_CODES,
    PasswordCheckResult,
    PasswordContext,
    PasswordPolicy,
    PasswordRejected,
    Violation,
)
from portalkit.policy.roles import (
    ROLE_PERMISSIONS,
    Action,
    ActionNotAllowedError,
    Actor,
    ActorKind,
    Decision,
    Role,
    Target,
    can,
    roles_table,
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
    "ROLE_PERMISSIONS",
    "VIOLATION_CODES",
    "Action",
    "ActionNotAllowedError",
    "Actor",
    "ActorKind",
    "Argon2Parameters",
    "Argon2idHasher",
    "Blocklist",
    "ClauseAssessment",
    "ComplianceReport",
    "Decision",
    "EmailAddress",
    "EmailDomain",
    "GroupDomains",
    "InvalidEmailAddressError",
    "InvalidEmailDomainError",
    "KeyboardLayout",
    "MemoryBlocklist",
    "PasswordCheckResult",
    "PasswordContext",
    "PasswordHasher",
    "PasswordPolicy",
    "PasswordRejected",
    "Role",
    "SequenceRun",
    "Target",
    "Verification",
    "Violation",
    "WeakHashParametersError",
    "can",
    "domain_allowed",
    "find_sequences",
    "fold_password",
    "minimum_memory_cost",
    "nist_800_63b_compliance",
    "normalize_password",
    "roles_table",
    "verify_any",
]
