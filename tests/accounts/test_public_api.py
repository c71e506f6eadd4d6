"""portalkit.accounts exports exactly its documented API, every part documented."""

from __future__ import annotations

import inspect

import portalkit.accounts as accounts
from portalkit.accounts import ports

EXPECTED = {
    "list_company_users",
    "OperatorNotFoundError",
    "OperatorNameMissingError",
    "OperatorAccount",
    "logout_operator",
    "login_operator",
    "deactivate_operator",
    "create_operator",
    "authenticate_operator",
    "OperatorLoginResult",
    "AuthenticatedOperator",
    "AccessRequest",
    "AccessRequestNotFoundError",
    "AccessRequestStatus",
    "AccountDeactivatedError",
    "AccountNotActivatedError",
    "AccountServices",
    "AccountSettings",
    "AuditEvent",
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
    "OutboxMessage",
    "Override",
    "PasswordValidator",
    "ProfileChangeRequest",
    "RegistrationMismatchError",
    "RegistrationNeedsInvitationError",
    "Session",
    "SessionExpiredError",
    "SessionNotFoundError",
    "SweepReport",
    "TermsNotAcceptedError",
    "Token",
    "TokenExpiredError",
    "TokenPurpose",
    "UnitOfWork",
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
    "change_password",
    "change_role",
    "close_company",
    "complete_access_request",
    "confirm_email_change",
    "create_company",
    "deactivate_user",
    "delete_user",
    "ensure_an_administrator_remains",
    "invite_administrator",
    "invite_user",
    "list_access_requests",
    "list_companies",
    "list_sessions",
    "list_users",
    "login_with_customer_number",
    "login_with_email",
    "logout",
    "logout_everywhere",
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
    "sweep_inactive_users",
    "update_company",
    "update_contact_data",
}


def test_all_is_exactly_the_public_api() -> None:
    assert set(accounts.__all__) == EXPECTED


def test_every_public_object_is_documented() -> None:
    for name in accounts.__all__:
        obj = getattr(accounts, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), f"portalkit.accounts.{name} has no docstring"


def test_every_port_method_is_documented() -> None:
    for _, port in inspect.getmembers(ports, inspect.isclass):
        if port.__module__ != ports.__name__:
            continue
        for name, member in vars(port).items():
            if inspect.isfunction(member) and not name.startswith("_"):
                assert member.__doc__, f"{port.__name__}.{name} has no docstring"
