"""Service changes: minimize, maximize or pause a booked service at the next quarter start.

The core is pure: values (:class:`BookedService`, :class:`ChangeRequest`) and functions that
preview, submit, withdraw, change and apply requests. Storage, permissions and the outbox
belong to the use cases that call them: :mod:`portalkit.services.use_cases`, wired with a
:class:`ServiceChangeServices` to the ports of :mod:`portalkit.services.ports`.

References:
    seed 000 ("Leistungen anpassen: Minimieren, Maximieren, Pausieren – Umsetzung zum nächsten
    Quartal"); DOMAIN.md sections 3 and 5; issue 5.
"""

from __future__ import annotations

from portalkit.services.changes import (
    AboveMaximumError,
    AppliedChanges,
    BackToBackPauseError,
    BelowMinimumError,
    ChangeConflictError,
    ChangePreview,
    CutoffPassedError,
    EffectiveDateMovedError,
    QuantityNotHigherError,
    QuantityNotLowerError,
    RequestClosedError,
    Revision,
    ServiceEndedError,
    ServicePausedError,
    apply_due,
    can_still_change,
    change,
    preview_change,
    service_on,
    submit_change,
    withdraw,
)
from portalkit.services.config import ServiceChangeServices
from portalkit.services.confirmations import (
    CHANGED_TEMPLATE,
    MAIL_TEMPLATES,
    Mail,
    confirmation_mail,
)
from portalkit.services.model import (
    BookedService,
    ChangeKind,
    ChangeRequest,
    RequestStatus,
    ServiceStatus,
)
from portalkit.services.ports import (
    BookedServiceRepository,
    ChangeRequestRepository,
    ServicesUnitOfWork,
)
from portalkit.services.use_cases import (
    ChangeRequestNotFoundError,
    ServiceNotFoundError,
    ServiceOperatorsOnlyError,
    ServiceOverview,
)

__all__ = [
    "CHANGED_TEMPLATE",
    "MAIL_TEMPLATES",
    "AboveMaximumError",
    "AppliedChanges",
    "BackToBackPauseError",
    "BelowMinimumError",
    "BookedService",
    "BookedServiceRepository",
    "ChangeConflictError",
    "ChangeKind",
    "ChangePreview",
    "ChangeRequest",
    "ChangeRequestNotFoundError",
    "ChangeRequestRepository",
    "CutoffPassedError",
    "EffectiveDateMovedError",
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
]
