"""The mailer seam: a rendered mail and what delivers it (no Flask needed here).

Three mailers ship; ``MAIL_BACKEND`` chooses one for ``flask portal send-mail``
(:func:`portalkit.adapters.flask.delivery.mailer_from_config`):

* :class:`ConsoleMailer` prints each mail: for development only (a production portal refuses
  it, since reset links and one-time passwords would end up in a log).
* :class:`FileMailer` writes one ``.eml`` file per mail into a folder: for following links in
  development and tests, or for a mail system that picks files up.
* :class:`SmtpMailer` hands each mail to an SMTP server (the standard library's
  :mod:`smtplib`), with STARTTLS required by default.

:func:`build_message` makes the standard MIME message both the file and the SMTP mailer
send: UTF-8 text (quoted-printable), RFC 2047 encoded headers (German umlauts in the subject;
an address with a non-ASCII local part makes it an SMTPUTF8 mail instead), a ``Message-ID``
derived from the outbox id (a mail sent twice after a crash carries the same id, which lets
receiving systems drop the copy), and the data export as a JSON attachment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.policy
import email.utils
import ipaddress
import os
import re
import smtplib
import ssl
import tempfile
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Final, Protocol, TextIO

import attrs
import click
import idna

__all__ = [
    "ATTACHMENT_NAME",
    "ConsoleMailer",
    "FileMailer",
    "Mailer",
    "RenderedMail",
    "SmtpMailer",
    "build_message",
]

ATTACHMENT_NAME: Final = "daten-export.json"
"""The file name of a mail's JSON attachment (the data export before an inactivity deletion)."""


@attrs.frozen
class RenderedMail:
    """A mail ready to send.

    Attributes:
        id: the id of the outbox message it was rendered from.
        recipient: the address to send to.
        subject: the subject line.
        body: the plain-text body.
        links: the links in the body, for the development mail page.
        created_at: when the change that caused it happened.
        attachment: a JSON document to attach, or ``None``.
    """

    id: str
    recipient: str
    subject: str
    body: str
    links: tuple[str, ...]
    created_at: dt.datetime
    attachment: str | None = None


class Mailer(Protocol):
    """Delivers rendered mails: the seam for console, file or SMTP delivery."""

    def send(self, mail: RenderedMail) -> None:
        """Deliver *mail*; raise ``OSError`` if it could not be delivered (it stays pending)."""
        ...


@attrs.define
class ConsoleMailer:
    """Writes each mail to a text stream (standard output by default): for development."""

    stream: TextIO | None = None

    def send(self, mail: RenderedMail) -> None:
        """Print *mail* with its headers."""
        text = f"To: {mail.recipient}\nSubject: {mail.subject}\n\n{mail.body}\n"
        if mail.attachment is not None:
            text += f"[{ATTACHMENT_NAME}: {len(mail.attachment.encode())} bytes]\n"
        click.echo(text, file=self.stream)


def _ascii_address(address: str) -> str:
    # A domain in Unicode (straße.de) goes over the wire as its A-label; a non-ASCII local
    # part stays and needs SMTPUTF8, which smtplib asks the server for by itself.
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    try:
        return f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except idna.IDNAError as error:
        msg = f"cannot encode the domain of {address!r}: {error}"
        raise OSError(msg) from error


def _message_id(mail: RenderedMail, sender: str) -> str:
    domain = _ascii_address(email.utils.parseaddr(sender)[1]).rpartition("@")[2] or "localhost"
    local = re.sub(r"[^A-Za-z0-9.-]", "-", mail.id) or "mail"
    return f"<{local}@{domain}>"


def build_message(mail: RenderedMail, sender: str) -> EmailMessage:
    """Return *mail* as a MIME message from *sender*, ready for a file or an SMTP server.

    >>> import datetime as dt
    >>> mail = RenderedMail(
    ...     "m1",
    ...     "anna@beispiel.de",
    ...     "Passwort zurücksetzen",
    ...     "Hallo",
    ...     (),
    ...     dt.datetime(2025, 3, 18, 9, tzinfo=dt.UTC),
    ... )
    >>> message = build_message(mail, "Kundenportal <noreply@portal.example.de>")
    >>> message["Subject"]
    'Passwort zurücksetzen'
    >>> b"Subject: Passwort =?utf-8?q?zur=C3=BCcksetzen?=" in message.as_bytes()
    True
    >>> message["Message-ID"]
    '<m1@portal.example.de>'

    Raises:
        OSError: the recipient's domain cannot be written in ASCII (the mail stays pending).
    """
    recipient = _ascii_address(mail.recipient)
    # An address with a non-ASCII local part cannot be encoded into ASCII headers: such a mail
    # needs SMTPUTF8 (RFC 6531), which smtplib then asks the server for.
    international = not (recipient.isascii() and email.utils.parseaddr(sender)[1].isascii())
    message = EmailMessage(policy=email.policy.SMTPUTF8 if international else email.policy.SMTP)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = mail.subject
    message["Date"] = email.utils.format_datetime(mail.created_at.astimezone(dt.UTC))
    message["Message-ID"] = _message_id(mail, sender)
    # Tells mail systems not to answer with out-of-office replies (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    # Quoted-printable keeps the body 7-bit, so no server needs 8BITMIME for the umlauts.
    message.set_content(mail.body, charset="utf-8", cte="quoted-printable")
    if mail.attachment is not None:
        message.add_attachment(
            mail.attachment.encode("utf-8"),
            maintype="application",
            subtype="json",
            filename=ATTACHMENT_NAME,
        )
    return message


@attrs.define
class FileMailer:
    """Writes each mail as one ``.eml`` file into :attr:`directory`.

    The name is the time of the change and the outbox id (``20250318T090000Z-<id>.eml``), so
    the files sort by time and a mail written again replaces its own file. Each file appears
    whole: it is written beside and renamed into place.

    Attributes:
        directory: the folder (created if missing).
        sender: the ``From`` address.
    """

    directory: Path
    sender: str

    def path_of(self, mail: RenderedMail) -> Path:
        """Return the file *mail* is written to."""
        stamp = mail.created_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        name = re.sub(r"[^A-Za-z0-9_-]", "-", mail.id)
        return self.directory / f"{stamp}-{name}.eml"

    def send(self, mail: RenderedMail) -> None:
        """Write *mail*; raise ``OSError`` if the folder cannot be written."""
        data = build_message(mail, self.sender).as_bytes()
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".mail-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, self.path_of(mail))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@attrs.define
class SmtpMailer:
    """Hands mails to an SMTP server: one connection per mail, or one per :meth:`batch`.

    STARTTLS is required by default: a server that does not offer it, or whose certificate
    does not verify, gets no mail (the mail stays pending and the run reports the error).
    A login (``username``) is only ever sent encrypted, or to a server on this machine.

    Attributes:
        host: the server's name or address.
        sender: the ``From`` address (also the envelope sender).
        port: 587 (submission) by default.
        starttls: require STARTTLS before anything else is sent.
        username: log in with this name, if given.
        password: the password of *username*.
        timeout: seconds to wait for the server at each step.
        ssl_context: how certificates are checked (default: the system's trusted CAs).

    Raises:
        ValueError: a login without STARTTLS to a server that is not on this machine.
    """

    host: str
    sender: str
    port: int = 587
    starttls: bool = True
    username: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    timeout: float = 30.0
    ssl_context: ssl.SSLContext | None = attrs.field(default=None, repr=False)
    _kept: smtplib.SMTP | None = attrs.field(default=None, init=False, repr=False)
    _batch: bool = attrs.field(default=False, init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.username and not self.starttls and not _loopback(self.host):
            msg = "an SMTP login without STARTTLS would send the password in clear text"
            raise ValueError(msg)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Keep one connection open for the mails sent inside the ``with`` block.

        ``send-mail`` delivers a backlog this way instead of greeting, encrypting and logging
        in for every mail. A mail that fails drops the connection; the next one opens anew.
        """
        self._batch = True
        try:
            yield
        finally:
            self._batch = False
            self._drop()

    def send(self, mail: RenderedMail) -> None:
        """Deliver *mail*; raise ``OSError`` (with the server's answer) if it failed."""
        message = build_message(mail, self.sender)
        try:
            if self._kept is not None:
                try:
                    self._kept.send_message(message)
                except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException) as error:
                    # The server closed the idle connection (421 is its "closing" answer):
                    # not the mail's fault, so it gets a new connection. Anything else counts.
                    if not _closed_by_server(error):
                        raise
                    self._drop()
                else:
                    return
            smtp = self._connect()
            try:
                smtp.send_message(message)
            except BaseException:
                _close(smtp)
                raise
            if self._batch:
                self._kept = smtp
            else:
                _close(smtp)
        except OSError as error:
            self._drop()
            # smtplib's and ssl's errors are OSErrors; the server's name helps the operator.
            msg = f"SMTP {self.host}:{self.port}: {_describe(error)}"
            raise OSError(msg) from error

    def _connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                smtp.starttls(context=self.ssl_context or ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
        except BaseException:
            _close(smtp)
            raise
        return smtp

    def _drop(self) -> None:
        smtp, self._kept = self._kept, None
        if smtp is not None:
            _close(smtp)


def _closed_by_server(error: OSError) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    return isinstance(error, smtplib.SMTPServerDisconnected)


def _close(smtp: smtplib.SMTP) -> None:
    # QUIT politely; a connection that is already broken is simply closed.
    try:
        smtp.quit()
    except OSError:
        smtp.close()


def _describe(error: OSError) -> str:
    # The server's own words ("451 4.3.0 Try again later") rather than a tuple with bytes.
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        answer = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{error.smtp_code} {answer}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{recipient}: {code} {text.decode('utf-8', 'replace')}"
            for recipient, (code, text) in error.recipients.items()
        )
    return str(error) or type(error).__name__
