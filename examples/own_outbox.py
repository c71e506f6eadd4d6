"""Put your own storage behind one of portalkit's ports: its mails in your app's mail queue.

Usage:
    python examples/own_outbox.py

Your application already has a queue its mail worker sends from; here a small class stands in
for it. ``MailQueueOutbox`` implements portalkit's ``Outbox`` port on that queue, and
``AppStore`` hands out units of work that keep everything else in portalkit's in-memory store
but queue mails in yours. The use cases cannot tell the difference: they only know the ports.

The same adapter passes portalkit's contract tests (run from a checkout of portalkit)::

    PORTALKIT_CONTRACT_ADAPTERS=own_outbox=examples.own_outbox:contract_adapter \\
        python -m pytest tests/contract -k own_outbox
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

import attrs

from portalkit import PortalkitError
from portalkit.accounts import (
    AccountServices,
    Operator,
    OutboxMessage,
    accept_invitation,
    create_company,
    invite_administrator,
    invite_user,
)
from portalkit.adapters.memory import MemoryStore, MemoryUnitOfWork
from portalkit.adapters.system import SystemClock
from portalkit.calendar import WorkingCalendar
from portalkit.policy import Argon2idHasher, PasswordPolicy


@attrs.define
class MailQueue:
    """Your application's mail queue: the messages its mail worker still has to send."""

    waiting: dict[str, OutboxMessage] = attrs.Factory(dict)


# --8<-- [start:outbox]
class MailQueueOutbox:
    """portalkit's ``Outbox`` port on your :class:`MailQueue`.

    Writes wait until the unit of work commits: a use case that is refused halfway must not
    leave a mail behind (an invitation to an account that was never created).
    """

    def __init__(self, queue: MailQueue) -> None:
        self._queue = queue
        self._put: dict[str, OutboxMessage] = {}
        self._sent: set[str] = set()

    def put(self, message: OutboxMessage) -> None:
        """Queue *message* once the unit of work commits."""
        self._sent.discard(message.id)
        self._put[message.id] = message

    def pending(self) -> Sequence[OutboxMessage]:
        """Return the messages waiting to be sent, oldest first, as this unit of work sees them."""
        merged = self._queue.waiting | self._put
        return [message for key, message in merged.items() if key not in self._sent]

    def mark_sent(self, message_id: str) -> None:
        """Take the message out of the queue once the unit of work commits."""
        self._put.pop(message_id, None)
        self._sent.add(message_id)

    def commit(self) -> None:
        """Apply this unit of work's changes to the queue."""
        for message_id in self._sent:
            self._queue.waiting.pop(message_id, None)
        self._queue.waiting.update(self._put)
        self.rollback()

    def rollback(self) -> None:
        """Forget this unit of work's changes."""
        self._put.clear()
        self._sent.clear()


# --8<-- [end:outbox]


# --8<-- [start:uow]
class AppUnitOfWork:
    """A unit of work with portalkit's repositories and your mail queue as its outbox.

    It satisfies the unit-of-work protocols of every area (accounts, tickets, services): it has
    all their repositories. Both parts live in memory here, so committing cannot fail halfway;
    with real storage, keep the queue in the same database transaction as the rest.
    """

    def __init__(self, inner: MemoryUnitOfWork, queue: MailQueue) -> None:
        self._inner = inner
        self.outbox = MailQueueOutbox(queue)
        self.companies = inner.companies
        self.users = inner.users
        self.tokens = inner.tokens
        self.sessions = inner.sessions
        self.audit = inner.audit
        self.access_requests = inner.access_requests
        self.profile_requests = inner.profile_requests
        self.tickets = inner.tickets
        self.ticket_counter = inner.ticket_counter
        self.booked_services = inner.booked_services
        self.change_requests = inner.change_requests
        self.operators = inner.operators
        self.operator_sessions = inner.operator_sessions

    def __enter__(self) -> Self:
        """Begin: both parts start from what was committed."""
        self._inner.__enter__()
        self.outbox.rollback()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """End: whatever was not committed is forgotten, in both parts."""
        self.outbox.rollback()
        self._inner.__exit__(exc_type, exc, traceback)

    def commit(self) -> None:
        """Make everything written so far visible."""
        self._inner.commit()
        self.outbox.commit()

    def rollback(self) -> None:
        """Forget everything written since the last commit."""
        self._inner.rollback()
        self.outbox.rollback()


@attrs.define
class AppStore:
    """portalkit's in-memory store beside your mail queue; pass :meth:`unit_of_work` on."""

    data: MemoryStore = attrs.Factory(MemoryStore)
    queue: MailQueue = attrs.Factory(MailQueue)

    def unit_of_work(self) -> AppUnitOfWork:
        """Return a new unit of work."""
        return AppUnitOfWork(self.data.unit_of_work(), self.queue)


# --8<-- [end:uow]


# --8<-- [start:contract]
def contract_adapter(tmp_path: Path) -> Iterator[Callable[[], AppUnitOfWork]]:
    """Yield the unit-of-work factory of a fresh, empty store for one contract test.

    A contract adapter gets a temporary folder for its files (unused here: no files) and may
    clean up after the ``yield``.
    """
    yield AppStore().unit_of_work


# --8<-- [end:contract]


def main() -> int:
    """Invite two users and show the mails your queue received; return the exit status."""
    store = AppStore()
    services = AccountServices(
        unit_of_work=store.unit_of_work,
        clock=SystemClock(),
        hasher=Argon2idHasher(),
        password_policy=PasswordPolicy(),
        working_days=WorkingCalendar.germany(saturdays=True),
    )
    olga = Operator("op-1", "Olga Operator")
    company = create_company(
        services, olga, customer_number="100234", name="Muster GmbH", email_domains=["muster.de"]
    )
    invitation = invite_administrator(services, olga, company.id, email="erika@muster.de")
    erika = accept_invitation(
        services,
        invitation.secret,
        first_name="Erika",
        last_name="Muster",
        password="Sommer-Regen-42!",
    )
    invite_user(services, erika.id, email="max@muster.de")
    try:
        invite_user(services, erika.id, email="max@muster.de")
    except PortalkitError as error:
        print(f"second invitation refused: {error.code}")

    print("your mail queue:")
    for message in store.queue.waiting.values():
        print(f"  {message.template:<12} → {message.recipient}")
    print(f"portalkit's own outbox: {len(store.data.outbox)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
