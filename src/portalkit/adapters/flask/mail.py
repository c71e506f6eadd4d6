"""Mails: the outbox the core writes in the same unit of work as each change, rendered here.

The account use cases put an :class:`~portalkit.accounts.OutboxMessage` (a template code and its
parameters) into the outbox; this module turns one into a German or English mail with the
links built from ``BASE_URL`` (:func:`~portalkit.adapters.flask.external_url`), and hands it to
a :class:`Mailer`. ``flask portal send-mail`` delivers what is pending; in development the page
``/dev/mails/`` shows the outbox instead, so that invitation, reset and activation links can be
followed without a mail server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Final

from portalkit._i18n import Language
from portalkit.accounts import AccountServices, MailTemplate, OutboxMessage
from portalkit.adapters.flask.mailer import ConsoleMailer, Mailer, RenderedMail
from portalkit.adapters.flask.portal import BERLIN, external_url

__all__ = [
    "MAIL_TEXTS",
    "ConsoleMailer",
    "Mailer",
    "RenderedMail",
    "deliver_pending",
    "pending_mails",
    "render_mail",
]


# The endpoint each token link of a template leads to.
_LINKS: Final[Mapping[str, str]] = {
    MailTemplate.INVITATION: "auth.accept_invitation",
    MailTemplate.ACTIVATION: "auth.activate",
    MailTemplate.PASSWORD_RESET: "auth.reset_password",
    MailTemplate.EMAIL_CHANGE: "account.confirm_email",
}

MAIL_TEXTS: Final[Mapping[str, Mapping[Language, tuple[str, str]]]] = {
    MailTemplate.INVITATION: {
        "de": (
            "Einladung in das Kundenportal von {company}",
            "Sie wurden in das Kundenportal eingeladen. Bitte legen Sie Ihren Zugang über "
            "diesen Link an:\n\n{link}\n\nDer Link ist gültig bis {expires_at}.",
        ),
        "en": (
            "Invitation to the customer portal of {company}",
            "You have been invited to the customer portal. Please set up your access with "
            "this link:\n\n{link}\n\nThe link is valid until {expires_at}.",
        ),
    },
    MailTemplate.ACTIVATION: {
        "de": (
            "Bitte bestätigen Sie Ihre Registrierung",
            "Bitte bestätigen Sie Ihre Registrierung über diesen Link:\n\n{link}\n\n"
            "Der Link ist gültig bis {expires_at}.",
        ),
        "en": (
            "Please confirm your registration",
            "Please confirm your registration with this link:\n\n{link}\n\n"
            "The link is valid until {expires_at}.",
        ),
    },
    MailTemplate.ALREADY_REGISTERED: {
        "de": (
            "Sie haben bereits einen Zugang",
            "Für diese Adresse besteht bereits ein Zugang bei {company}. Falls Sie Ihr "
            "Passwort vergessen haben, nutzen Sie bitte „Passwort vergessen“:\n\n{forgot}",
        ),
        "en": (
            "You already have an account",
            "There already is an account for this address at {company}. If you have "
            'forgotten your password, please use "Forgot password":\n\n{forgot}',
        ),
    },
    MailTemplate.PASSWORD_RESET: {
        "de": (
            "Passwort zurücksetzen",
            "Sie können Ihr Passwort über diesen Link neu setzen:\n\n{link}\n\n"
            "Der Link ist gültig bis {expires_at}. Wenn Sie das nicht angefordert haben, "
            "ignorieren Sie diese Mail.",
        ),
        "en": (
            "Reset your password",
            "You can set a new password with this link:\n\n{link}\n\n"
            "The link is valid until {expires_at}. If you did not ask for it, ignore this mail.",
        ),
    },
    MailTemplate.ONE_TIME_PASSWORD: {
        "de": (
            "Ihr Einmalpasswort",
            "Ihr Einmalpasswort lautet: {token}\n\nEs ist gültig bis {expires_at}.",
        ),
        "en": (
            "Your one-time password",
            "Your one-time password is: {token}\n\nIt is valid until {expires_at}.",
        ),
    },
    MailTemplate.PASSWORD_CHANGED: {
        "de": (
            "Ihr Passwort wurde geändert",
            "Ihr Passwort wurde am {at} geändert. Waren Sie das nicht, wenden Sie sich bitte "
            "sofort an den Support.",
        ),
        "en": (
            "Your password was changed",
            "Your password was changed on {at}. If this was not you, please contact support "
            "at once.",
        ),
    },
    MailTemplate.EMAIL_CHANGE: {
        "de": (
            "Neue E-Mail-Adresse bestätigen",
            "Bitte bestätigen Sie Ihre neue E-Mail-Adresse über diesen Link:\n\n{link}\n\n"
            "Der Link ist gültig bis {expires_at}.",
        ),
        "en": (
            "Confirm your new e-mail address",
            "Please confirm your new e-mail address with this link:\n\n{link}\n\n"
            "The link is valid until {expires_at}.",
        ),
    },
    MailTemplate.EMAIL_CHANGED: {
        "de": (
            "Ihre E-Mail-Adresse wurde geändert",
            "Ihre Anmeldung lautet jetzt {new_email}. Waren Sie das nicht, wenden Sie sich "
            "bitte sofort an den Support.",
        ),
        "en": (
            "Your e-mail address was changed",
            "You now sign in as {new_email}. If this was not you, please contact support at once.",
        ),
    },
    MailTemplate.ACCOUNT_LOCKED: {
        "de": (
            "Ihr Zugang ist vorübergehend gesperrt",
            "Nach {failures} fehlgeschlagenen Anmeldungen ist Ihr Zugang bis {until} gesperrt. "
            "Waren Sie das nicht, setzen Sie bitte Ihr Passwort zurück:\n\n{forgot}",
        ),
        "en": (
            "Your account is locked for a while",
            "After {failures} failed logins your account is locked until {until}. If this was "
            "not you, please reset your password:\n\n{forgot}",
        ),
    },
    MailTemplate.ACCESS_REQUEST_RECEIVED: {
        "de": (
            "Ihre Zugangsanfrage ist eingegangen",
            "Vielen Dank. Der Zugang für {company} wird bis spätestens {deadline} eingerichtet.",
        ),
        "en": (
            "Your access request has been received",
            "Thank you. The access for {company} will be set up by {deadline} at the latest.",
        ),
    },
    MailTemplate.INACTIVITY_NOTICE: {
        "de": (
            "Ihr Zugang wird wegen Inaktivität gelöscht",
            "Sie haben sich lange nicht angemeldet. Ihr Zugang wird am {deletion_at} gelöscht, "
            "wenn Sie sich bis dahin nicht anmelden:\n\n{login}",
        ),
        "en": (
            "Your account will be deleted for inactivity",
            "You have not signed in for a long time. Your account will be deleted on "
            "{deletion_at} unless you sign in before:\n\n{login}",
        ),
    },
    MailTemplate.DATA_EXPORT: {
        "de": (
            "Ihre Daten vor der Löschung",
            "Anbei erhalten Sie Ihre Daten (Stand {exported_at}) als JSON-Datei.",
        ),
        "en": (
            "Your data before the deletion",
            "Attached are your data (as of {exported_at}) as a JSON file.",
        ),
    },
}
"""Subject and body of every mail template in German and English, with ``{param}`` fields."""

_INSTANTS: Final = frozenset({"expires_at", "until", "at", "deletion_at", "exported_at"})


def _instant(text: str, language: Language) -> str:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(BERLIN)
    return moment.strftime("%d.%m.%Y %H:%M" if language == "de" else "%Y-%m-%d %H:%M")


def render_mail(message: OutboxMessage, *, url: Callable[..., str] = external_url) -> RenderedMail:
    """Render *message* in its language, links built from ``BASE_URL``.

    Needs an application context (for the links), not a request. An unknown template renders
    its code and parameters, so that nothing is lost.
    """
    texts = MAIL_TEXTS.get(message.template)
    values = {
        key: _instant(value, message.language) if key in _INSTANTS else value
        for key, value in message.params.items()
    }
    links: list[str] = []
    endpoint = _LINKS.get(message.template)
    if endpoint is not None and "token" in message.params:
        links.append(url(endpoint, token=message.params["token"]))
        values["link"] = links[-1]
    for key, endpoint in (("forgot", "auth.forgot_password"), ("login", "auth.login")):
        values[key] = url(endpoint)
        if texts is not None and "{" + key + "}" in texts[message.language][1]:
            links.append(values[key])
    if texts is None:
        subject = message.template
        body = "\n".join(f"{key}: {value}" for key, value in sorted(message.params.items()))
    else:
        subject, template = texts[message.language]
        subject = subject.format_map(_Missing(values))
        body = template.format_map(_Missing(values))
    return RenderedMail(
        id=message.id,
        recipient=message.recipient,
        subject=subject,
        body=body,
        links=tuple(links),
        created_at=message.created_at,
        attachment=message.attachment,
    )


class _Missing(dict[str, str]):
    # A parameter the core did not send shows as its name rather than failing the mail.
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def pending_mails(services: AccountServices) -> list[OutboxMessage]:
    """Return the outbox messages not yet sent, newest first."""
    with services.unit_of_work() as uow:
        messages = list(uow.outbox.pending())
    return sorted(messages, key=lambda message: message.created_at, reverse=True)


def deliver_pending(services: AccountServices, mailer: Mailer) -> tuple[int, int]:
    """Send every pending mail through *mailer*; return how many were sent and how many failed.

    Each mail is marked as sent in its own unit of work right after delivery, so a failure
    leaves only the failed mails pending, for the next run.
    """
    sent = failed = 0
    for message in reversed(pending_mails(services)):
        try:
            mailer.send(render_mail(message))
        except OSError:
            failed += 1
            continue
        with services.unit_of_work() as uow:
            uow.outbox.mark_sent(message.id)
            uow.commit()
        sent += 1
    return sent, failed
