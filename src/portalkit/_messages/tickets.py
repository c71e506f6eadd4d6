"""Texts of the ticket errors, and the labels of ticket states, actions and actors."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "ticket_reference_malformed": Message(
        de="„{text}“ ist keine Ticket-Referenznummer. Eine Referenznummer sieht so aus: "
        "T-2025-000123-22. Bitte prüfen Sie Ihre Eingabe.",
        en="'{text}' is not a ticket reference number. A reference number looks like "
        "T-2025-000123-22. Please check your entry.",
    ),
    "ticket_reference_check_digits": Message(
        de="In der Referenznummer „{text}“ stimmt eine Ziffer nicht (die Prüfziffern passen "
        "nicht). Bitte vergleichen Sie sie Ziffer für Ziffer mit Ihrer Bestätigung.",
        en="A digit in the reference number '{text}' is wrong (the check digits do not match). "
        "Please compare it digit by digit with your confirmation.",
    ),
    "ticket_transition_not_allowed": Message(
        de="Der Schritt „{action}“ ist für {actor} nicht möglich, solange das Ticket den Status "
        "„{state}“ hat.",
        en="The step '{action}' is not possible for {actor} while the ticket is '{state}'.",
    ),
    "ticket_reopen_window_expired": Message(
        de="Das Ticket wurde am {closed_at} geschlossen und konnte nur bis {deadline} wieder "
        "geöffnet werden. Bitte eröffnen Sie ein Folgeticket; es wird mit diesem Ticket "
        "verknüpft.",
        en="The ticket was closed on {closed_at} and could only be reopened until {deadline}. "
        "Please open a follow-up ticket; it will be linked to this one.",
    ),
}

LABELS = {
    "state.new": Message(de="neu", en="new"),
    "state.open": Message(de="in Bearbeitung", en="in progress"),
    "state.waiting_for_customer": Message(de="wartet auf Kunde", en="waiting for customer"),
    "state.resolved": Message(de="gelöst", en="resolved"),
    "state.closed": Message(de="geschlossen", en="closed"),
    "action.assign": Message(de="zuweisen", en="assign"),
    "action.reply": Message(de="antworten", en="reply"),
    "action.ask_customer": Message(de="Rückfrage stellen", en="ask the customer"),
    "action.resolve": Message(de="als gelöst markieren", en="mark as resolved"),
    "action.close": Message(de="schließen", en="close"),
    "action.auto_close": Message(de="automatisch schließen", en="close automatically"),
    "action.reopen": Message(de="wieder öffnen", en="reopen"),
    "actor.customer": Message(de="Kunden", en="customers"),
    "actor.agent": Message(de="Bearbeiter", en="processors"),
    "actor.system": Message(de="das System", en="the system"),
}
"""Names of ticket states, actions and actor kinds, as users read them."""
