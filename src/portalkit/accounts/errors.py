"""The errors the account use cases raise; each has a stable code and German/English texts."""

from __future__ import annotations

from portalkit._errors import (
    ConflictError,
    InvalidValueError,
    NotFoundError,
    PermissionDeniedError,
)


class CompanyNotFoundError(NotFoundError):
    """No company has this id or customer number."""

    code = "company_not_found"

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key=key)


class UserNotFoundError(NotFoundError):
    """No user with this id exists (or the actor may not know of them)."""

    code = "user_not_found"

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        super().__init__(user_id=user_id)


class SessionNotFoundError(NotFoundError):
    """No session of this user has this id."""

    code = "session_not_found"

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(session_id=session_id)


class AccessRequestNotFoundError(NotFoundError):
    """No access request has this id."""

    code = "access_request_not_found"

    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        super().__init__(request_id=request_id)


class EmailOutsideCompanyDomainsError(InvalidValueError):
    """The address is not in one of the company's e-mail domains (seed 001)."""

    code = "email_outside_company_domains"

    def __init__(self, email: str, domains: tuple[str, ...]) -> None:
        self.email = email
        self.domains = domains
        super().__init__(email=email, domains=domains)


class EmailTakenError(ConflictError):
    """Another account already uses this address."""

    code = "email_taken"

    def __init__(self, email: str) -> None:
        self.email = email
        super().__init__(email=email)


class CustomerNumberTakenError(ConflictError):
    """Another company already has this customer number."""

    code = "customer_number_taken"

    def __init__(self, customer_number: str) -> None:
        self.customer_number = customer_number
        super().__init__(customer_number=customer_number)


class UserLimitReachedError(ConflictError):
    """The company has as many users as its contract allows (seed 000)."""

    code = "user_limit_reached"

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(limit=limit)


class LastAdministratorError(ConflictError):
    """The change would leave the company without an active administrator (seed 001)."""

    code = "last_administrator"

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        super().__init__(user_id=user_id)


class CompanyClosedError(ConflictError):
    """The company is closed; nothing can be done for it any more."""

    code = "company_closed"

    def __init__(self, company_id: str) -> None:
        self.company_id = company_id
        super().__init__(company_id=company_id)


class UserStatusError(ConflictError):
    """The user's status does not allow this (e.g. reactivating an active user)."""

    code = "user_status_conflict"

    def __init__(self, user_id: str, status: str) -> None:
        self.user_id = user_id
        self.status = status
        super().__init__(user_id=user_id, status=status)


class GrantsNeedInternalCompanyError(ConflictError):
    """Per-function permissions exist only for internal companies (seed 000)."""

    code = "grants_need_internal_company"

    def __init__(self, company_id: str) -> None:
        self.company_id = company_id
        super().__init__(company_id=company_id)


class InvalidCredentialsError(PermissionDeniedError):
    """Login failed: the same error whether the account exists or the password is wrong."""

    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__()


class AccountDeactivatedError(PermissionDeniedError):
    """The password was right, but the account is deactivated (shown only after that)."""

    code = "account_deactivated"

    def __init__(self) -> None:
        super().__init__()


class AccountNotActivatedError(PermissionDeniedError):
    """The password was right, but the account still waits for its activation link."""

    code = "account_not_activated"

    def __init__(self) -> None:
        super().__init__()


class LoginMethodDisabledError(InvalidValueError):
    """This portal does not accept this kind of user name."""

    code = "login_method_disabled"

    def __init__(self, method: str) -> None:
        self.method = method
        super().__init__(method=method)


class SessionExpiredError(PermissionDeniedError):
    """The session is unknown, ended or expired; the user must log in again."""

    code = "session_expired"

    def __init__(self) -> None:
        super().__init__()


class WrongCurrentPasswordError(PermissionDeniedError):
    """Changing the password or address needs the current password, and it was wrong."""

    code = "wrong_current_password"

    def __init__(self) -> None:
        super().__init__()


class TermsNotAcceptedError(InvalidValueError):
    """Registration needs the terms of use and the privacy notice accepted (seed 003)."""

    code = "terms_not_accepted"

    def __init__(self) -> None:
        super().__init__()


class RegistrationMismatchError(InvalidValueError):
    """The registration data do not match the company record (seed 003)."""

    code = "registration_mismatch"

    def __init__(self) -> None:
        super().__init__()


class RegistrationNeedsInvitationError(ConflictError):
    """The company already has an administrator, who invites further users (seed 001)."""

    code = "registration_needs_invitation"

    def __init__(self) -> None:
        super().__init__()


class DomainInUseError(ConflictError):
    """A company domain cannot be removed while users have addresses in it (seed 001)."""

    code = "domain_in_use"

    def __init__(self, domain: str, users: int) -> None:
        self.domain = domain
        self.users = users
        super().__init__(domain=domain, users=users)


class OperatorNotFoundError(NotFoundError):
    """No operator account has this id."""

    code = "operator_not_found"

    def __init__(self, operator_id: str) -> None:
        self.operator_id = operator_id
        super().__init__(operator_id=operator_id)


class OperatorNameMissingError(InvalidValueError):
    """An operator account needs a name (customers see it, the audit log names it)."""

    code = "operator_name_missing"

    def __init__(self) -> None:
        super().__init__()
