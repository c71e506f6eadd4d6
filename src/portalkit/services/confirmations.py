"""Confirmation mails of service changes, as data for the outbox.

Seed 000 promises "eine Bestätigungs-E-Mail mit dem genauen Datum". The core does not send
mail: it returns a :class:`Mail` (a template code and its parameters) that the use case puts
into the outbox and the mail adapter renders in the recipient's language.

References:
    seed 000; DOMAIN.md section 5.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from portalkit._errors import InvalidValueError
from portalkit._frozen import freeze
from portalkit._i18n import DEFAULT_LANGUAGE, Language
from portalkit.services._texts import summary_params, summary_text, text
from portalkit.services.model import BookedService, ChangeRequest, RequestStatus


@attrs.frozen
class Mail:
    """The content of a mail to a user, as data: a template code and its parameters.

    The use case puts it into the outbox; the mail adapter renders :meth:`subject` and
    :meth:`body` in the recipient's language. Dates stay dates, so each language writes them
    its own way.

    Attributes:
        template: the template code, e.g. ``service_change_submitted``.
        recipient_id: the user to write to.
        company_id: the user's company.
        params: the values the texts refer to.

    References:
        seed 000 ("Sie erhalten eine Bestätigungs-E-Mail mit dem genauen Datum").
    """

    template: str
    recipient_id: str
    company_id: str
    params: Mapping[str, object] = attrs.field(converter=freeze)

    def subject(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return the subject line in *language*."""
        return text(f"{self.template}.subject", language, self.params)

    def body(self, language: Language = DEFAULT_LANGUAGE) -> str:
        """Return the text in *language*, with the change summary where the template has one."""
        rendered = summary_text(self.params, language)
        return text(f"{self.template}.body", language, {**self.params, "summary": rendered})


MAIL_TEMPLATES: Final[Mapping[RequestStatus, str]] = MappingProxyType(
    {
        RequestStatus.SUBMITTED: "service_change_submitted",
        RequestStatus.WITHDRAWN: "service_change_withdrawn",
        RequestStatus.APPLIED: "service_change_applied",
        RequestStatus.LAPSED: "service_change_lapsed",
    }
)
"""The confirmation template for each request status; a replaced request gets none (its
replacement's mail, ``service_change_changed``, says it all)."""

CHANGED_TEMPLATE: Final = "service_change_changed"
"""The template confirming a changed request (a live request that replaces another)."""


def confirmation_mail(request: ChangeRequest, service: BookedService) -> Mail:
    """Return the mail that confirms *request*'s current status to the user who submitted it.

    Submitted and changed requests are confirmed with the exact effective date and the
    cut-off; withdrawals, applied and lapsed requests with what happened.

    >>> import datetime as dt
    >>> from portalkit.services import ChangeKind, submit_change
    >>> office = BookedService("svc-1", "acme", "Unterhaltsreinigung", 3, "× pro Woche")
    >>> at = dt.datetime(2025, 3, 18, 17, 0, tzinfo=dt.UTC)
    >>> request = submit_change(
    ...     office, ChangeKind.PAUSE, request_id="chg-1", requested_by="anna", submitted_at=at
    ... )
    >>> mail = confirmation_mail(request, office)
    >>> mail.template, mail.params["effective"], mail.params["pause_until"]
    ('service_change_submitted', datetime.date(2025, 4, 1), datetime.date(2025, 7, 1))

    Raises:
        InvalidValueError: for a replaced request, or a service that is not the request's.

    References:
        seed 000 ("Bestätigungs-E-Mail mit dem genauen Datum").
    """
    if service.id != request.service_id:
        raise InvalidValueError(field="service_id")
    if request.status is RequestStatus.SUBMITTED and request.replaces is not None:
        template = CHANGED_TEMPLATE
    elif request.status in MAIL_TEMPLATES:
        template = MAIL_TEMPLATES[request.status]
    else:
        raise InvalidValueError(field="status")
    params = summary_params(
        service,
        request.kind,
        request.effective,
        request.cutoff,
        request.quantity_before,
        request.quantity,
        request.pause_until,
    )
    params["request_id"] = request.id
    return Mail(template, request.requested_by, request.company_id, params)
