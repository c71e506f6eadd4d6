"""The access request receiver on the account use cases: requests are kept and answered.

:meth:`~portalkit.adapters.flask.Portal.from_config` connects it to ``Portal.access_requests``,
so the access page shows its form. The core records the request, computes its own 10-Werktage
deadline and writes the confirmation mail to the outbox in the same unit of work.
"""

from __future__ import annotations

import attrs

from portalkit.accounts import receive_access_request
from portalkit.adapters.flask.i18n import current_language
from portalkit.adapters.flask.portal import AccessRequest
from portalkit.adapters.flask.sessions import account_services

__all__ = ["AccountAccessRequests"]


@attrs.frozen
class AccountAccessRequests:
    """Hands access requests to :func:`portalkit.accounts.receive_access_request`.

    It uses the account services of the portal it serves (``Portal.accounts``), looked up per
    request, so that replacing the storage never leaves it writing elsewhere.

    References:
        seed 000 ("Zugang beantragen", 10 Werktage).
    """

    def submit(self, request: AccessRequest) -> None:
        """Record *request*; the confirmation mail goes out in the requester's page language.

        Raises:
            InvalidEmailAddressError: the address is not a valid e-mail address.
        """
        receive_access_request(
            account_services(),
            company_name=request.company,
            contact_name=request.name,
            email=request.email,
            customer_number=request.customer_number,
            message=request.message,
            language=current_language(),
        )
