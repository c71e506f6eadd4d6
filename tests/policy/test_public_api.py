"""The names portalkit.policy and portalkit.testing export are exactly the documented ones."""

from __future__ import annotations

import importlib
import inspect

import pytest

PUBLIC = {
    "portalkit.policy": {
        # sequences
        "AZERTY",
        "DEFAULT_LAYOUTS",
        "QWERTY",
        "QWERTZ",
        "KeyboardLayout",
        "SequenceRun",
        "find_sequences",
        # passwords
        "VIOLATION_CODES",
        "PasswordCheckResult",
        "PasswordContext",
        "PasswordPolicy",
        "PasswordRejected",
        "Violation",
        # compliance
        "ClauseAssessment",
        "ComplianceReport",
        "nist_800_63b_compliance",
        # hashing
        "Argon2Parameters",
        "Argon2idHasher",
        "PasswordHasher",
        "Verification",
        "WeakHashParametersError",
        "minimum_memory_cost",
        "verify_any",
        # e-mail addresses and domains
        "EmailAddress",
        "EmailDomain",
        "GroupDomains",
        "InvalidEmailAddressError",
        "InvalidEmailDomainError",
        "domain_allowed",
        # roles
        "ROLE_PERMISSIONS",
        "Action",
        "ActionNotAllowedError",
        "Actor",
        "ActorKind",
        "Decision",
        "Role",
        "Target",
        "can",
        "roles_table",
        # blocklist
        "Blocklist",
        "MemoryBlocklist",
    },
    "portalkit.testing": {"passwords_violating", "valid_passwords"},
}


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_all_is_exactly_the_public_api(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert set(module.__all__) == PUBLIC[module_name]


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_every_public_object_is_documented(module_name: str) -> None:
    module = importlib.import_module(module_name)
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), f"{module_name}.{name} has no docstring"
