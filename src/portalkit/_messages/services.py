"""Texts of the service changes: errors, the summary before submitting, and confirmation mails."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "service_ended": Message(
        de="Die Leistung „{service}“ ist beendet und kann nicht mehr angepasst werden. Bitte "
        "wenden Sie sich an Ihre Kontaktperson, wenn Sie sie wieder buchen möchten.",
        en="The service '{service}' has ended and can no longer be adjusted. Please contact "
        "your contact person if you want to book it again.",
    ),
    "service_paused": Message(
        de="Die Leistung „{service}“ ist am {start} noch pausiert; sie läuft erst ab dem "
        "{paused_until} wieder. Bitte wählen Sie eine andere Anpassung oder ein späteres "
        "Quartal.",
        en="The service '{service}' is still paused on {start}; it resumes on {paused_until}. "
        "Please choose another adjustment or a later quarter.",
    ),
    "service_pause_back_to_back": Message(
        de="Eine Leistung darf höchstens 3 Monate am Stück pausieren. Die Pause von „{service}“ "
        "vom {start} bis zum {end} schließt direkt an eine andere Pause an. Bitte lassen Sie "
        "die Leistung zwischen zwei Pausen weiterlaufen.",
        en="A service may be paused for at most 3 months at a stretch. The pause of "
        "'{service}' from {start} until {end} directly adjoins another pause. Please let the "
        "service run between two pauses.",
    ),
    "service_minimize_not_lower": Message(
        de="Zum Minimieren muss der neue Umfang kleiner sein als der gebuchte: „{service}“ hat "
        "dann {current} {unit}, Sie haben {quantity} {unit} gewählt. Bitte wählen Sie einen "
        "kleineren Wert.",
        en="To minimize, the new quantity must be lower than the booked one: '{service}' will "
        "have {current} {unit}, you chose {quantity} {unit}. Please choose a lower value.",
    ),
    "service_below_minimum": Message(
        de="„{service}“ kann höchstens auf {bound} {unit} reduziert werden, nicht auf "
        "{quantity} {unit}. Wenn Sie die Leistung beenden möchten, wenden Sie sich bitte an "
        "Ihre Kontaktperson.",
        en="'{service}' can be reduced to {bound} {unit} at the least, not to {quantity} "
        "{unit}. If you want to end the service, please contact your contact person.",
    ),
    "service_maximize_not_higher": Message(
        de="Zum Maximieren muss der neue Umfang größer sein als der gebuchte: „{service}“ hat "
        "dann {current} {unit}, Sie haben {quantity} {unit} gewählt. Bitte wählen Sie einen "
        "größeren Wert.",
        en="To maximize, the new quantity must be higher than the booked one: '{service}' will "
        "have {current} {unit}, you chose {quantity} {unit}. Please choose a higher value.",
    ),
    "service_above_maximum": Message(
        de="„{service}“ kann höchstens auf {bound} {unit} erhöht werden, nicht auf {quantity} "
        "{unit}. Für mehr wenden Sie sich bitte an Ihre Kontaktperson.",
        en="'{service}' can be increased to {bound} {unit} at the most, not to {quantity} "
        "{unit}. For more, please contact your contact person.",
    ),
    "service_change_conflict": Message(
        de="Für „{service}“ liegt zum {effective} bereits ein Änderungsantrag vor ({existing}). "
        "Bitte ändern Sie diesen Antrag oder ziehen Sie ihn zurück, statt einen zweiten zu "
        "stellen.",
        en="There is already a change request for '{service}' taking effect on {effective} "
        "({existing}). Please change or withdraw that request instead of submitting a second "
        "one.",
    ),
    "service_change_cutoff_passed": Message(
        de="Der Änderungsantrag {request} wird zum {effective} umgesetzt und konnte nur bis "
        "einschließlich {cutoff} zurückgezogen oder geändert werden. Für eine weitere "
        "Anpassung stellen Sie bitte einen neuen Antrag für das folgende Quartal.",
        en="The change request {request} takes effect on {effective} and could only be "
        "withdrawn or changed until {cutoff} inclusive. For a further adjustment, please submit "
        "a new request for the following quarter.",
    ),
    "service_change_closed": Message(
        de="Der Änderungsantrag {request} ist bereits abgeschlossen (zurückgezogen, geändert "
        "oder umgesetzt) und kann nicht mehr zurückgezogen oder geändert werden.",
        en="The change request {request} is already closed (withdrawn, changed or carried "
        "out) and can no longer be withdrawn or changed.",
    ),
    "service_change_date_moved": Message(
        de="Die Frist für eine Umsetzung zum {expected} ist inzwischen abgelaufen. Ihr Antrag "
        "würde erst zum {effective} umgesetzt. Bitte prüfen Sie die Zusammenfassung und "
        "senden Sie den Antrag erneut ab.",
        en="The deadline for a change taking effect on {expected} has passed meanwhile. Your "
        "request would take effect on {effective}. Please check the summary and submit the "
        "request again.",
    ),
}

TEXTS = {
    "summary.minimize": Message(
        de="„{service}“ wird ab dem {effective} von {quantity_before} auf {quantity} {unit} "
        "reduziert.",
        en="'{service}' will be reduced from {quantity_before} to {quantity} {unit} from "
        "{effective}.",
    ),
    "summary.maximize": Message(
        de="„{service}“ wird ab dem {effective} von {quantity_before} auf {quantity} {unit} "
        "erhöht.",
        en="'{service}' will be increased from {quantity_before} to {quantity} {unit} from "
        "{effective}.",
    ),
    "summary.pause": Message(
        de="„{service}“ wird vom {effective} bis einschließlich {last_paused_day} pausiert und "
        "läuft ab dem {pause_until} wieder.",
        en="'{service}' will be paused from {effective} to {last_paused_day} inclusive and "
        "resumes on {pause_until}.",
    ),
    "summary.cutoff": Message(
        de="Sie können den Antrag bis einschließlich {cutoff} zurückziehen oder ändern.",
        en="You can withdraw or change the request until {cutoff} inclusive.",
    ),
    "service_change_submitted.subject": Message(
        de="Ihr Änderungsantrag für „{service}“ ist eingegangen",
        en="Your change request for '{service}' has been received",
    ),
    "service_change_submitted.body": Message(
        de="Guten Tag,\n\nwir haben Ihren Änderungsantrag {request_id} erhalten. {summary}\n\n"
        "Sie können den Antrag bis einschließlich {cutoff} im Kundenportal zurückziehen oder "
        "ändern. Danach wird er zum {effective} automatisch umgesetzt.",
        en="Hello,\n\nwe have received your change request {request_id}. {summary}\n\n"
        "You can withdraw or change the request in the customer portal until {cutoff} "
        "inclusive. After that it takes effect automatically on {effective}.",
    ),
    "service_change_changed.subject": Message(
        de="Ihr geänderter Antrag für „{service}“ ist eingegangen",
        en="Your changed request for '{service}' has been received",
    ),
    "service_change_changed.body": Message(
        de="Guten Tag,\n\nwir haben Ihre Änderung erhalten; sie ersetzt den bisherigen Antrag "
        "und gilt jetzt als Antrag {request_id}. {summary}\n\nSie können den Antrag bis "
        "einschließlich {cutoff} im Kundenportal zurückziehen oder ändern. Danach wird er zum "
        "{effective} automatisch umgesetzt.",
        en="Hello,\n\nwe have received your change; it replaces the previous request and is "
        "now request {request_id}. {summary}\n\nYou can withdraw or change the request in the "
        "customer portal until {cutoff} inclusive. After that it takes effect automatically "
        "on {effective}.",
    ),
    "service_change_withdrawn.subject": Message(
        de="Ihr Änderungsantrag für „{service}“ ist zurückgezogen",
        en="Your change request for '{service}' has been withdrawn",
    ),
    "service_change_withdrawn.body": Message(
        de="Guten Tag,\n\nSie haben Ihren Änderungsantrag {request_id} zurückgezogen. "
        "„{service}“ bleibt zum {effective} unverändert.",
        en="Hello,\n\nyou have withdrawn your change request {request_id}. '{service}' stays "
        "unchanged on {effective}.",
    ),
    "service_change_applied.subject": Message(
        de="Ihre Anpassung von „{service}“ ist umgesetzt",
        en="Your adjustment of '{service}' has taken effect",
    ),
    "service_change_applied.body": Message(
        de="Guten Tag,\n\nIhr Änderungsantrag {request_id} ist seit dem {effective} umgesetzt. "
        "{summary}",
        en="Hello,\n\nyour change request {request_id} has taken effect on {effective}. {summary}",
    ),
    "service_change_lapsed.subject": Message(
        de="Ihre Anpassung von „{service}“ konnte nicht umgesetzt werden",
        en="Your adjustment of '{service}' could not take effect",
    ),
    "service_change_lapsed.body": Message(
        de="Guten Tag,\n\nIhr Änderungsantrag {request_id} konnte zum {effective} nicht "
        "umgesetzt werden, weil sich die gebuchte Leistung „{service}“ inzwischen geändert hat "
        "oder beendet wurde. Bitte wenden Sie sich an Ihre Kontaktperson.",
        en="Hello,\n\nyour change request {request_id} could not take effect on {effective} "
        "because the booked service '{service}' has changed or ended meanwhile. Please contact "
        "your contact person.",
    ),
}
"""Texts that are not errors: the change summary and the confirmation mails, by key."""

MESSAGES |= {
    "service_not_found": Message(
        de="Die Leistung {service_id} wurde nicht gefunden. Bitte wählen Sie sie in der Liste "
        "Ihrer Leistungen aus.",
        en="The service {service_id} was not found. Please choose it from the list of your "
        "services.",
    ),
    "service_change_not_found": Message(
        de="Der Änderungsantrag {request_id} wurde nicht gefunden. Bitte wählen Sie ihn in der "
        "Liste Ihrer Anträge aus.",
        en="The change request {request_id} was not found. Please choose it from the list of "
        "your requests.",
    ),
    "service_operators_only": Message(
        de="Leistungen buchen und beenden kann nur Ihre Kontaktperson beim Servicepartner. "
        "Bitte wenden Sie sich an sie.",
        en="Only your contact person at the service company can book or end services. Please "
        "contact them.",
    ),
}
