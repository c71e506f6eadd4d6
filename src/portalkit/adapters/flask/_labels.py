"""Names of roles and account states in the reader's language."""

from __future__ import annotations

from portalkit.accounts import UserStatus
from portalkit.adapters.flask._text import gettext
from portalkit.policy.roles import Role


def role_name(role: Role) -> str:
    """Return the name of *role* (seed 000: Administrator, Manager, Mitarbeiter, Gast)."""
    names = {
        Role.ADMINISTRATOR: gettext("Administrator"),
        Role.MANAGER: gettext("Manager"),
        Role.EMPLOYEE: gettext("Employee"),
        Role.GUEST: gettext("Guest"),
    }
    return names.get(role, str(role))


def status_name(status: UserStatus) -> str:
    """Return the name of an account state."""
    names = {
        UserStatus.INVITED: gettext("Invited"),
        UserStatus.PENDING_ACTIVATION: gettext("Not yet confirmed"),
        UserStatus.ACTIVE: gettext("Active"),
        UserStatus.LOCKED: gettext("Locked for a while"),
        UserStatus.DEACTIVATED: gettext("Deactivated"),
        UserStatus.DELETED: gettext("Deleted"),
    }
    return names.get(status, str(status))
