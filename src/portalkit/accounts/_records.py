"""Audit events and outgoing mail, written inside the use case's unit of work."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from cattrs.preconf.json import make_converter

from portalkit._i18n import Language
from portalkit.accounts.model import AuditEvent, MailTemplate, OutboxMessage
from portalkit.accounts.ports import UnitOfWork
from portalkit.accounts.services import AccountServices
from portalkit.policy.emails import EmailAddress, EmailDomain

SECRET_FIELDS = frozenset({"password_hash", "password_history", "secret_hash"})
"""Fields that never leave the store: not in audit events, not in exports."""

converter = make_converter()
converter.register_unstructure_hook(EmailAddress, str)
converter.register_unstructure_hook(EmailDomain, lambda domain: domain.ascii)


def snapshot(value: object) -> dict[str, object]:
    """Return *value* as a plain JSON-able dict without secrets."""
    # The JSON round trip turns str-enums and tuples into plain str and list.
    data = json.loads(json.dumps(converter.unstructure(value)))
    if not isinstance(data, dict):
        msg = f"cannot snapshot {type(value).__name__}"
        raise TypeError(msg)
    return {key: item for key, item in data.items() if key not in SECRET_FIELDS}


def to_json(value: object) -> str:
    """Return *value* as an indented JSON document (for data exports)."""
    return json.dumps(converter.unstructure(value), ensure_ascii=False, indent=2, sort_keys=True)


def audit(
    uow: UnitOfWork,
    services: AccountServices,
    *,
    actor: str,
    action: str,
    target: str,
    company_id: str | None,
    before: object | None = None,
    after: object | None = None,
    now: dt.datetime | None = None,
) -> AuditEvent:
    """Append an audit event for one change."""
    event = AuditEvent(
        id=services.new_id(),
        at=now or services.now(),
        actor=actor,
        action=action,
        target=target,
        company_id=company_id,
        before=None if before is None else snapshot(before),
        after=None if after is None else snapshot(after),
    )
    uow.audit.append(event)
    return event


def send(
    uow: UnitOfWork,
    services: AccountServices,
    *,
    recipient: EmailAddress,
    template: MailTemplate,
    params: Mapping[str, str],
    language: Language = "de",
    attachment: str | None = None,
) -> OutboxMessage:
    """Queue a mail in the outbox."""
    message = OutboxMessage(
        id=services.new_id(),
        recipient=str(recipient),
        template=str(template),
        params=dict(params),
        language=language,
        created_at=services.now(),
        attachment=attachment,
    )
    uow.outbox.put(message)
    return message


def user_ref(user_id: str) -> str:
    """Return the audit reference of a user."""
    return f"user:{user_id}"


def company_ref(company_id: str) -> str:
    """Return the audit reference of a company."""
    return f"company:{company_id}"


def operator_ref(operator_id: str) -> str:
    """Return the audit reference of an operator."""
    return f"operator:{operator_id}"
