"""Texts of the ticket errors, and the labels of ticket states, actions and actors."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "ticket_reference_taken": Message(
        de="Die Referenznummer {reference} ist schon vergeben: Der Zähler der Ablage hat sie "
        "zweimal ausgegeben. Das Ticket wurde nicht gespeichert.",
        en="The reference number {reference} is taken already: the storage's counter handed it "
        "out twice. The ticket was not stored.",
    ),
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

MESSAGES |= {
    "ticket_not_found": Message(
        de="Das Ticket {reference} wurde nicht gefunden. Bitte prüfen Sie die Referenznummer.",
        en="Ticket {reference} was not found. Please check the reference number.",
    ),
    "ticket_text_empty": Message(
        de="Bitte füllen Sie das Feld „{field}“ aus.",
        en="Please fill in the field '{field}'.",
    ),
    "ticket_text_too_long": Message(
        de="Das Feld „{field}“ darf höchstens {maximum} Zeichen lang sein. Bitte kürzen Sie den "
        "Text.",
        en="The field '{field}' may have at most {maximum} characters. Please shorten the text.",
    ),
    "ticket_out_of_order": Message(
        de="Der Zeitpunkt {at} liegt vor der letzten Änderung des Tickets ({last}). Bitte laden "
        "Sie das Ticket neu und versuchen Sie es erneut.",
        en="The time {at} is before the ticket's last change ({last}). Please reload the ticket "
        "and try again.",
    ),
    "ticket_follow_up_needs_closed": Message(
        de="Ticket {reference} ist noch nicht geschlossen. Bitte antworten Sie direkt in diesem "
        "Ticket oder öffnen Sie es wieder, statt ein Folgeticket anzulegen.",
        en="Ticket {reference} is not closed yet. Please reply in that ticket or reopen it "
        "instead of opening a follow-up ticket.",
    ),
    "ticket_internal_note_agents_only": Message(
        de="Interne Notizen können nur Bearbeiter des Servicepartners schreiben.",
        en="Only processors of the service company can write internal notes.",
    ),
    "ticket_feedback_not_closed": Message(
        de="Eine Bewertung ist möglich, sobald Ticket {reference} geschlossen ist.",
        en="You can rate ticket {reference} once it is closed.",
    ),
    "ticket_feedback_given": Message(
        de="Für Ticket {reference} haben Sie bereits eine Bewertung abgegeben. Vielen Dank!",
        en="You have already rated ticket {reference}. Thank you!",
    ),
    "ticket_feedback_requester_only": Message(
        de="Nur die Person, die das Ticket eröffnet hat, kann es bewerten.",
        en="Only the person who opened the ticket can rate it.",
    ),
    "ticket_feedback_rating": Message(
        de="Bitte bewerten Sie mit 1 bis 5 Sternen (angegeben: {rating}).",
        en="Please rate with 1 to 5 stars (given: {rating}).",
    ),
}

MESSAGES |= {
    "ticket_agents_only": Message(
        de="Diesen Schritt können nur Bearbeiter des Servicepartners ausführen.",
        en="Only processors of the service company can take this step.",
    ),
}
