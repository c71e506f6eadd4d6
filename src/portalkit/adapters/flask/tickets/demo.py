"""Demo tickets: one in every state, so that a newcomer finds the ticket pages filled.

They are made through the use cases, like the demo accounts (:mod:`portalkit.adapters.flask.demo`),
so they obey the same rules; their mails are marked as sent.
"""

from __future__ import annotations

from portalkit.adapters.flask.demo import DEMO_ACCOUNTS, DEMO_CUSTOMER_NUMBER, DEMO_OPERATOR
from portalkit.tickets import Priority, TicketServices
from portalkit.tickets import use_cases as tickets

__all__ = ["create_demo_tickets"]


def create_demo_tickets(services: TicketServices) -> bool:
    """Give the demo company a ticket in every state unless it has tickets; return whether it did.

    New (in the operators' queue), in progress with an internal note, waiting for the
    customer's answer, resolved, and closed with a rating.
    """
    with services.unit_of_work() as uow:
        company = uow.companies.by_customer_number(DEMO_CUSTOMER_NUMBER)
        if company is None:
            return False
        if any(
            uow.tickets.page(company.id, archived=archived, limit=1) for archived in (False, True)
        ):
            return False
        users = {str(user.email): user.id for user in uow.users.page_in_company(company.id)}
    admin, manager, employee, _ = (users[account.email] for account in DEMO_ACCOUNTS)
    olga = DEMO_OPERATOR

    def ticket(user_id: str, subject: str, body: str, priority: Priority = Priority.NORMAL) -> str:
        opened = tickets.open_ticket(
            services, user_id, subject=subject, body=body, priority=priority
        )
        return str(opened.reference)

    ticket(
        employee,
        "Drucker im 3. OG druckt nicht",
        "Der Drucker meldet „Papierstau“, es steckt aber nichts fest.",
    )
    key_card = ticket(
        manager,
        "Zugangskarte für einen neuen Kollegen",
        "Herr Berger fängt am Montag an und braucht eine Karte für Haus B.",
    )
    tickets.assign(services, olga, key_card)
    tickets.add_note(
        services, olga, key_card, "Karten liegen beim Empfang; Freigabe durch Max Marder liegt vor."
    )
    heating = ticket(
        admin,
        "Heizung im 2. OG ausgefallen",
        "Seit heute Morgen bleiben die Heizkörper in Raum 2.14 und 2.15 kalt.",
        Priority.HIGH,
    )
    tickets.assign(services, olga, heating)
    tickets.ask_customer(
        services,
        olga,
        heating,
        "Welcher Heizkreis ist betroffen? Das Schild steht am Verteiler im Flur.",
    )
    window = ticket(
        manager,
        "Fenster im Besprechungsraum klemmt",
        "Das Fenster in Raum 1.03 lässt sich nicht mehr kippen.",
        Priority.LOW,
    )
    tickets.assign(services, olga, window)
    tickets.resolve(
        services,
        olga,
        window,
        "Der Beschlag ist nachgestellt. Bitte prüfen Sie, ob es wieder geht.",
    )
    invoice = ticket(
        admin,
        "Rechnung März doppelt erhalten",
        "Die Rechnung 2025-0312 kam zweimal, einmal per Post und einmal per E-Mail.",
    )
    tickets.assign(services, olga, invoice)
    tickets.reply(services, olga, invoice, "Es ist dieselbe Rechnung; bitte nur einmal bezahlen.")
    tickets.close(services, admin, invoice)
    tickets.give_feedback(services, admin, invoice, 5, "Schnell und freundlich.")
    with services.unit_of_work() as uow:
        for message in uow.outbox.pending():
            uow.outbox.mark_sent(message.id)
        uow.commit()
    return True
