"""The operators' pages (staff of the service company) under ``/betrieb/``.

Operators sign in on a login of their own (:func:`operator_required`, server-side sessions
apart from the customers'); the views hand :func:`signed_in_operator` to the core's use cases
as their ``operator``. Other areas of the operators' side (the ticket queue, the service
changes due) are blueprints of their own that use these two functions.
"""

from __future__ import annotations

from portalkit.adapters.flask.operator import companies as _companies  # noqa: F401  # its routes
from portalkit.adapters.flask.operator.sessions import (
    SignedInOperator,
    current_operator,
    operator_required,
    signed_in_operator,
)
from portalkit.adapters.flask.operator.views import bp

__all__ = ["SignedInOperator", "bp", "current_operator", "operator_required", "signed_in_operator"]
