"""The public API: what each documented module exports, and that every part of it is documented.

``PUBLIC`` is the one list of the exported names of every module that has an API reference page
(``tools/docs_hooks.py`` finds them: ``portalkit``, its public packages, every adapter). A name
added to or dropped from an ``__all__`` must be added or dropped here too, so that a change of
the public API is always a decision. ``tests/docs/test_site.py`` checks that each of these names
is on its API reference page; this file checks the names and their docstrings without building
the site.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

from tests.docs.site import load_tool

DOCUMENTED: list[str] = load_tool("docs_hooks").documented_modules()

PUBLIC: dict[str, set[str]] = {
    "portalkit": {
        "Clock",
        "ConflictError",
        "DEFAULT_LANGUAGE",
        "FixedClock",
        "InvalidValueError",
        "LANGUAGES",
        "Language",
        "Message",
        "NaiveDatetimeError",
        "NotFoundError",
        "PermissionDeniedError",
        "PortalkitError",
        "message_catalog",
        "require_aware",
    },
    "portalkit.accounts": {
        "AccessRequest",
        "AccessRequestNotFoundError",
        "AccessRequestStatus",
        "AccountDeactivatedError",
        "AccountNotActivatedError",
        "AccountServices",
        "AccountSettings",
        "AuditEvent",
        "AuthenticatedOperator",
        "AuthenticatedSession",
        "Company",
        "CompanyClosedError",
        "CompanyNotFoundError",
        "CompanyStatus",
        "CustomerNumberFormat",
        "CustomerNumberTakenError",
        "DomainInUseError",
        "EmailOutsideCompanyDomainsError",
        "EmailTakenError",
        "ExportSection",
        "GrantsNeedInternalCompanyError",
        "InvalidCredentialsError",
        "InvalidCustomerNumberError",
        "InvalidTokenError",
        "Invitation",
        "LastAdministratorError",
        "LoginMethod",
        "LoginMethodDisabledError",
        "LoginResult",
        "MailTemplate",
        "Operator",
        "OperatorAccount",
        "OperatorDeactivatedError",
        "OperatorLoginResult",
        "OperatorNameMissingError",
        "OperatorNotFoundError",
        "OutboxMessage",
        "Override",
        "PasswordValidator",
        "ProfileChangeRequest",
        "RegistrationMismatchError",
        "RegistrationNeedsInvitationError",
        "Session",
        "SessionExpiredError",
        "SessionOwner",
        "SessionOwnerRepository",
        "SessionNotFoundError",
        "SweepReport",
        "TermsNotAcceptedError",
        "Token",
        "TokenExpiredError",
        "TokenPurpose",
        "UnitOfWork",
        "UsersByIdRepository",
        "User",
        "UserLimitReachedError",
        "UserNotFoundError",
        "UserStatus",
        "UserStatusError",
        "WorkingDays",
        "WrongCurrentPasswordError",
        "accept_invitation",
        "activate_account",
        "authenticate",
        "authenticate_operator",
        "change_password",
        "change_role",
        "close_company",
        "complete_access_request",
        "confirm_email_change",
        "create_company",
        "create_operator",
        "deactivate_operator",
        "deactivate_user",
        "delete_user",
        "ensure_an_administrator_remains",
        "invite_administrator",
        "invite_user",
        "list_access_requests",
        "list_companies",
        "list_company_users",
        "list_sessions",
        "list_users",
        "login_operator",
        "login_with_customer_number",
        "login_with_email",
        "logout",
        "logout_everywhere",
        "logout_operator",
        "override_last_administrator",
        "provision_account",
        "reactivate_user",
        "receive_access_request",
        "register",
        "request_email_change",
        "request_password_reset",
        "request_profile_change",
        "resend_invitation",
        "reset_password",
        "revoke_session",
        "set_authorisations",
        "set_grants",
        "session_with_owner",
        "users_by_id",
        "sweep_inactive_users",
        "update_company",
        "update_contact_data",
    },
    "portalkit.calendar": {
        "BusinessHours",
        "CalendarRangeError",
        "DatedDocument",
        "DocumentClass",
        "DuplicateDocumentClassError",
        "Explanation",
        "INACTIVITY_YEARS",
        "LEAD_DAYS",
        "LifetimeNotPositiveError",
        "LinkLifetimes",
        "LinkPurpose",
        "NOTICE_DAYS",
        "NegativePeriodError",
        "NonWorkingDay",
        "NotAQuarterStartError",
        "PAUSE_MONTHS",
        "PauseEndsBeforeStartError",
        "PauseTooLongError",
        "Quarter",
        "Restriction",
        "RetainedDocument",
        "RetentionSchedule",
        "RetentionSplit",
        "STATES",
        "UnknownDocumentClassError",
        "UnknownLinkPurposeError",
        "UnknownStateError",
        "WorkingCalendar",
        "check_pause",
        "effective_quarter_start",
        "inactivity_deadline",
        "is_inactive",
        "meets_submission_deadline",
        "notice_date",
        "pause_limit",
        "submission_deadline",
    },
    "portalkit.policy": {
        "AZERTY",
        "Action",
        "ActionNotAllowedError",
        "Actor",
        "ActorKind",
        "Argon2Parameters",
        "Argon2idHasher",
        "Blocklist",
        "ClauseAssessment",
        "ComplianceReport",
        "DEFAULT_LAYOUTS",
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
        "QWERTY",
        "QWERTZ",
        "ROLE_PERMISSIONS",
        "Role",
        "SequenceRun",
        "Target",
        "VIOLATION_CODES",
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
    },
    "portalkit.services": {
        "AboveMaximumError",
        "AppliedChanges",
        "BackToBackPauseError",
        "BelowMinimumError",
        "BookedService",
        "BookedServiceRepository",
        "CHANGED_TEMPLATE",
        "ChangeConflictError",
        "ChangeKind",
        "ChangePreview",
        "ChangeRequest",
        "ChangeRequestNotFoundError",
        "ChangeRequestRepository",
        "CutoffPassedError",
        "EffectiveDateMovedError",
        "MAIL_TEMPLATES",
        "Mail",
        "QuantityNotHigherError",
        "QuantityNotLowerError",
        "RequestClosedError",
        "RequestStatus",
        "Revision",
        "ServiceChangeServices",
        "ServiceEndedError",
        "ServiceNotFoundError",
        "ServiceOperatorsOnlyError",
        "ServiceOverview",
        "ServicePausedError",
        "ServiceStatus",
        "ServicesUnitOfWork",
        "apply_due",
        "can_still_change",
        "change",
        "confirmation_mail",
        "preview_change",
        "service_on",
        "submit_change",
        "withdraw",
    },
    "portalkit.testing": {
        "passwords_violating",
        "valid_passwords",
    },
    "portalkit.tickets": {
        "Actor",
        "ActorKind",
        "AroundTheClock",
        "BusinessClock",
        "CompanyVersionRepository",
        "Condition",
        "DEFAULT_PAGE_SIZE",
        "DEFAULT_REOPEN_WINDOW",
        "DEFAULT_SLA_TARGETS",
        "DEFAULT_VISIBILITY",
        "Feedback",
        "InvalidReferenceNumberError",
        "LifecycleRules",
        "NewTicketRepository",
        "MAX_BODY_LENGTH",
        "MAX_FEEDBACK_COMMENT_LENGTH",
        "MAX_PAGE_SIZE",
        "MAX_SUBJECT_LENGTH",
        "Priority",
        "ReferenceCounter",
        "ReferenceNumber",
        "ReferenceTakenError",
        "ReopenWindowExpiredError",
        "SYSTEM",
        "SlaClock",
        "SlaClockState",
        "SlaStatus",
        "SlaTarget",
        "SupportStatus",
        "TRANSITIONS",
        "Ticket",
        "TicketAction",
        "TicketAgentsOnlyError",
        "TicketEvent",
        "TicketExportSection",
        "TicketMail",
        "TicketMessage",
        "TicketNotFoundError",
        "TicketPage",
        "TicketRepository",
        "TicketSummary",
        "TicketSummaryPage",
        "TicketSummaryRepository",
        "TicketServices",
        "TicketSettings",
        "TicketState",
        "TicketView",
        "TicketViewer",
        "TicketsUnitOfWork",
        "Transition",
        "TransitionNotAllowedError",
        "Viewer",
        "VisibilityRules",
        "act",
        "actor_kind_of",
        "actor_of",
        "add_internal_note",
        "add_ticket",
        "allowed_actions",
        "business_clock",
        "can_see",
        "check_digits",
        "company_version",
        "find_transition",
        "give_feedback",
        "is_first_response",
        "issue_reference",
        "next_state",
        "office_hours",
        "open_follow_up",
        "open_ticket",
        "page_summaries",
        "summarize",
        "require_visible",
        "sla_status",
        "transition_diagram_mermaid",
        "transition_table_markdown",
        "unassigned_queue",
        "visible_messages",
        "visible_tickets",
    },
    "portalkit.adapters.files": {
        "BlocklistFileError",
        "FileBlocklist",
    },
    "portalkit.adapters.flask": {
        "AccessRequest",
        "AccessRequestReceiver",
        "BaseUrlError",
        "ConsoleMailer",
        "InsecureSecretKeyError",
        "Mailer",
        "Portal",
        "PortalConfigurationError",
        "RenderedMail",
        "SignedIn",
        "SupportStatus",
        "UnknownEnvironmentError",
        "UserLoader",
        "create_app",
        "current_user",
        "external_url",
        "get_portal",
        "login_required",
        "signed_in",
    },
    "portalkit.adapters.memory": {
        "MemoryAccessRequestRepository",
        "MemoryAuditLog",
        "MemoryBookedServiceRepository",
        "MemoryChangeRequestRepository",
        "MemoryCompanyRepository",
        "MemoryOperatorRepository",
        "MemoryOutbox",
        "MemoryProfileChangeRequestRepository",
        "MemoryReferenceCounter",
        "MemorySessionRepository",
        "MemoryStore",
        "MemoryTicketRepository",
        "MemoryTokenRepository",
        "MemoryUnitOfWork",
        "MemoryUserRepository",
        "MemoryUserSessionRepository",
        "PlainTextHasherForTests",
    },
    "portalkit.adapters.postgres": {
        "COUNTER_LOCK_TIMEOUT",
        "DEFAULT_ATTEMPTS",
        "DEFAULT_POOL_SIZE",
        "LOCK_KEY",
        "PostgresReferenceCounter",
        "PostgresStore",
        "PostgresUnitOfWork",
        "StorageConflictError",
        "UnstorableTextError",
        "connect",
        "load_postgres_migrations",
        "migrate",
        "open_store",
        "retrying",
        "schema_version",
    },
    "portalkit.adapters.pwned": {
        "BreachCheckUnavailableError",
        "OnUnavailable",
        "PwnedPasswordsBlocklist",
    },
    "portalkit.adapters.sqlite": {
        "DEFAULT_BUSY_TIMEOUT_MS",
        "Migration",
        "MigrationsInvalidError",
        "OrphanedRowsError",
        "ReadOnlyUnitOfWorkError",
        "SchemaTooNewError",
        "SqliteStore",
        "SqliteUnitOfWork",
        "UnitOfWorkNotStartedError",
        "backup",
        "connect",
        "load_migrations",
        "migrate",
        "open_store",
        "schema_version",
    },
    "portalkit.adapters.system": {
        "SystemClock",
    },
}

# Modules whose docstrings must keep examples (run by pytest's --doctest-modules).
WITH_EXAMPLES = [
    "portalkit.clock",
    "portalkit.policy.normalization",
    "portalkit.services.changes",
    "portalkit.services.confirmations",
    "portalkit.services.model",
    "portalkit.tickets.references",
    "portalkit.tickets.sla",
]


def public_modules() -> list[str]:
    """Return every module of the core whose name has no part starting with an underscore."""
    import portalkit

    return sorted(
        info.name
        for info in pkgutil.walk_packages(portalkit.__path__, "portalkit.")
        if not any(part.startswith("_") for part in info.name.split("."))
        and not info.name.startswith("portalkit.adapters")
    )


def own_classes_and_functions(module: ModuleType) -> list[object]:
    """Return the public classes and functions *module* defines itself (not those it imports)."""
    return [
        value
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == module.__name__
    ]


def test_every_module_with_an_api_page_is_listed() -> None:
    assert sorted(PUBLIC) == sorted(DOCUMENTED)


@pytest.mark.parametrize("module_name", DOCUMENTED)
def test_all_is_exactly_the_public_api(module_name: str) -> None:
    exported = importlib.import_module(module_name).__all__
    # ruff's RUF022 keeps __all__ sorted; this keeps it exact and free of repeats.
    assert len(exported) == len(set(exported))
    assert set(exported) == PUBLIC[module_name]


@pytest.mark.parametrize("module_name", DOCUMENTED)
def test_every_exported_name_exists_and_its_classes_and_functions_are_documented(
    module_name: str,
) -> None:
    module = importlib.import_module(module_name)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
    undocumented = [
        name
        for name in module.__all__
        if (inspect.isclass(getattr(module, name)) or inspect.isfunction(getattr(module, name)))
        and not inspect.getdoc(getattr(module, name))
    ]
    assert undocumented == []


@pytest.mark.parametrize("module_name", public_modules())
def test_every_public_class_and_function_of_a_public_module_is_documented(
    module_name: str,
) -> None:
    # Also the modules behind the packages (ports, use cases, settings), which users import.
    module = importlib.import_module(module_name)
    undocumented = [
        value for value in own_classes_and_functions(module) if not inspect.getdoc(value)
    ]
    assert undocumented == []


@pytest.mark.parametrize(
    "module_name", [name for name in public_modules() if name.endswith(".ports")]
)
def test_every_method_of_a_port_is_documented(module_name: str) -> None:
    # A port is what an adapter of your own implements: each method says what it must do.
    module = importlib.import_module(module_name)
    undocumented = [
        f"{port.__name__}.{name}"
        for port in own_classes_and_functions(module)
        if inspect.isclass(port)
        for name, member in vars(port).items()
        if inspect.isfunction(member) and not name.startswith("_") and not inspect.getdoc(member)
    ]
    assert undocumented == []


@pytest.mark.parametrize("module_name", WITH_EXAMPLES)
def test_the_rule_modules_keep_examples_in_their_docstrings(module_name: str) -> None:
    examples = doctest.DocTestFinder().find(importlib.import_module(module_name))
    assert sum(len(test.examples) for test in examples) > 0
