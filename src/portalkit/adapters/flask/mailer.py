"""The mailer seam: a rendered mail and what delivers it (no Flask needed here)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol, TextIO

import attrs
import click

__all__ = ["ConsoleMailer", "Mailer", "RenderedMail"]


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
    """

    id: str
    recipient: str
    subject: str
    body: str
    links: tuple[str, ...]
    created_at: dt.datetime


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
        click.echo(text, file=self.stream)
