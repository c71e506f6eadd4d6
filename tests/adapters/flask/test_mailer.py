"""The mailers: .eml files, and SMTP against a real server on 127.0.0.1 (STARTTLS, login, refusals).

The SMTP server is aiosmtpd in a thread of the test; its certificate comes from a throwaway CA
made by trustme, which the mailer is told to trust (``SMTP_CA_FILE``), as a portal behind a
company's own CA would be.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email
import email.policy
import ssl
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import attrs
import pytest
import trustme
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from click.testing import Result
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from portalkit import FixedClock
from portalkit.adapters.flask import PortalConfigurationError
from portalkit.adapters.flask.delivery import mailer_from_config
from portalkit.adapters.flask.demo import DEMO_ACCOUNTS, create_demo_data
from portalkit.adapters.flask.mailer import (
    ATTACHMENT_NAME,
    ConsoleMailer,
    FileMailer,
    RenderedMail,
    SmtpMailer,
    build_message,
)
from tests.adapters.flask.conftest import (
    ADMIN,
    MOMENT,
    PRODUCTION_KEY,
    PRODUCTION_URL,
    accounts_of,
    make_app,
    post_form,
)

SENDER = "Kundenportal <noreply@portal.example.de>"
MAIL = RenderedMail(
    id="6f1c2d3e-aaaa-bbbb-cccc-0123456789ab",
    recipient="juergen.mueller@beispiel.de",
    subject="Ihr Zugang wird wegen Inaktivität gelöscht – bitte prüfen",
    body="Grüße aus München!\nÄußerst wichtig: ß, €, „Anführung“.\n",
    links=(),
    created_at=MOMENT,
)


def parsed(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def text_of(message: EmailMessage) -> str:
    """The body as text; on the wire its lines end in CRLF (RFC 5322), read back as LF."""
    content = message.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


# -- the message -----------------------------------------------------------------------------


def test_german_headers_are_encoded_and_read_back_unchanged() -> None:
    data = build_message(MAIL, SENDER).as_bytes()
    headers = data.split(b"\r\n\r\n", 1)[0]
    # Headers go over the wire in ASCII; the umlauts travel RFC 2047-encoded.
    assert headers.isascii()
    assert b"Subject: Ihr Zugang wird wegen =?utf-8?q?Inaktivit=C3=A4t" in headers
    assert b"Content-Transfer-Encoding: quoted-printable" in headers
    message = parsed(data)
    assert message["Subject"] == MAIL.subject
    assert message["From"] == SENDER
    assert text_of(message) == MAIL.body
    assert message["Message-ID"] == "<6f1c2d3e-aaaa-bbbb-cccc-0123456789ab@portal.example.de>"
    assert message["Date"] == "Tue, 18 Mar 2025 09:00:00 +0000"
    assert message["Auto-Submitted"] == "auto-generated"


def test_a_domain_in_unicode_is_sent_as_its_a_label() -> None:
    message = build_message(attrs.evolve(MAIL, recipient="anna@straße.de"), SENDER)
    assert message["To"] == "anna@xn--strae-oqa.de"


def test_a_local_part_in_unicode_makes_an_smtputf8_mail() -> None:
    message = build_message(attrs.evolve(MAIL, recipient="jürgen@beispiel.de"), SENDER)
    assert message.policy.utf8
    assert "To: jürgen@beispiel.de".encode() in message.as_bytes()
    assert parsed(message.as_bytes())["To"] == "jürgen@beispiel.de"


def test_the_data_export_travels_as_a_json_attachment() -> None:
    document = '{"profile": {"first_name": "Jürgen"}}'
    message = parsed(build_message(attrs.evolve(MAIL, attachment=document), SENDER).as_bytes())
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == ATTACHMENT_NAME
    assert attachment.get_content_type() == "application/json"
    assert attachment.get_content().decode("utf-8") == document


@given(
    subject=st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=200),
    body=st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=500
    ),
)
def test_any_text_survives_the_round_trip(subject: str, body: str) -> None:
    mail = attrs.evolve(MAIL, subject=subject, body=body)
    message = parsed(build_message(mail, SENDER).as_bytes())
    assert " ".join(subject.split()) == " ".join(str(message["Subject"] or "").split())
    # Line ends travel as CRLF and come back as LF; a final newline is added if missing.
    assert text_of(message).rstrip("\n") == body.replace("\r\n", "\n").rstrip("\n")


def test_the_console_mailer_mentions_an_attachment_without_printing_it() -> None:
    import io

    stream = io.StringIO()
    ConsoleMailer(stream).send(attrs.evolve(MAIL, attachment='{"a": 1}'))
    assert f"[{ATTACHMENT_NAME}: 8 bytes]" in stream.getvalue()
    assert '{"a": 1}' not in stream.getvalue()


# -- the file mailer -------------------------------------------------------------------------


def test_the_file_mailer_writes_one_eml_per_mail(tmp_path: Path) -> None:
    mailer = FileMailer(tmp_path / "mails", SENDER)
    mailer.send(MAIL)
    mailer.send(MAIL)
    mailer.send(attrs.evolve(MAIL, id="second"))
    names = sorted(path.name for path in (tmp_path / "mails").iterdir())
    assert names == [
        "20250318T090000Z-6f1c2d3e-aaaa-bbbb-cccc-0123456789ab.eml",
        "20250318T090000Z-second.eml",
    ]
    message = parsed(mailer.path_of(MAIL).read_bytes())
    assert (message["Subject"], text_of(message)) == (MAIL.subject, MAIL.body)


def test_the_file_mailer_fails_with_an_os_error_when_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(OSError, match="a-file"):
        FileMailer(blocker / "mails", SENDER).send(MAIL)


# -- a real SMTP server on 127.0.0.1 ---------------------------------------------------------


@attrs.define
class Inbox:
    """The aiosmtpd handler: keeps what arrives, or refuses it with *refusal*."""

    refusal: str | None = None
    unknown: tuple[str, ...] = ()
    connections: int = 0
    received: list[tuple[str, list[str], EmailMessage, bool]] = attrs.Factory(list)

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.unknown:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.refusal is not None:
            return self.refusal
        content = envelope.original_content or b""
        encrypted = session.ssl is not None
        self.received.append(
            (str(envelope.mail_from), list(envelope.rcpt_tos), parsed(content), encrypted)
        )
        return "250 OK"


def authenticate(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"portal", b"geheim")
    # handled=False: aiosmtpd then answers a failure with 535 itself.
    return AuthResult(success=ok, handled=False)


@contextlib.contextmanager
def smtp_server(inbox: Inbox, **options: Any) -> Iterator[int]:
    """Serve SMTP on 127.0.0.1 on a free port, in a thread; yield the port."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    servers: list[asyncio.Server] = []

    def protocol() -> SMTP:
        inbox.connections += 1
        return SMTP(inbox, hostname="smtp.test", loop=loop, **options)

    def serve() -> None:
        asyncio.set_event_loop(loop)
        server = loop.run_until_complete(loop.create_server(protocol, "127.0.0.1", 0))
        servers.append(server)
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield servers[0].sockets[0].getsockname()[1]
    finally:

        async def stop() -> None:
            servers[0].close()
            await servers[0].wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def client_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


def test_a_mail_goes_through_starttls_with_a_login(ca: trustme.CA, tls: ssl.SSLContext) -> None:
    inbox = Inbox()
    options = {"tls_context": tls, "require_starttls": True, "authenticator": authenticate}
    with smtp_server(inbox, auth_required=True, **options) as port:
        mailer = SmtpMailer(
            "127.0.0.1",
            SENDER,
            port=port,
            username="portal",
            password="geheim",
            timeout=10,
            ssl_context=client_context(ca),
        )
        mailer.send(attrs.evolve(MAIL, recipient="anna@beispiel.de"))
    ((sender, recipients, message, encrypted),) = inbox.received
    assert (sender, recipients, encrypted) == (
        "noreply@portal.example.de",
        ["anna@beispiel.de"],
        True,
    )
    assert message["Subject"] == MAIL.subject
    assert text_of(message) == MAIL.body


def test_a_wrong_password_keeps_the_mail(ca: trustme.CA, tls: ssl.SSLContext) -> None:
    inbox = Inbox()
    options = {"tls_context": tls, "require_starttls": True, "authenticator": authenticate}
    with smtp_server(inbox, auth_required=True, **options) as port:
        mailer = SmtpMailer(
            "127.0.0.1",
            SENDER,
            port=port,
            username="portal",
            password="falsch",
            timeout=10,
            ssl_context=client_context(ca),
        )
        with pytest.raises(OSError, match=f"SMTP 127.0.0.1:{port}: .*535"):
            mailer.send(MAIL)
    assert inbox.received == []


def test_a_server_without_starttls_gets_no_mail() -> None:
    inbox = Inbox()
    with smtp_server(inbox) as port, pytest.raises(OSError, match="STARTTLS"):
        SmtpMailer("127.0.0.1", SENDER, port=port, timeout=10).send(MAIL)
    assert inbox.received == []


def test_a_certificate_that_does_not_verify_gets_no_mail(tls: ssl.SSLContext) -> None:
    inbox = Inbox()
    # The system's CAs do not know the test's CA.
    with (
        smtp_server(inbox, tls_context=tls, require_starttls=True) as port,
        pytest.raises(OSError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        SmtpMailer("127.0.0.1", SENDER, port=port, timeout=10).send(MAIL)
    assert inbox.received == []


def test_plain_smtp_to_this_machine_when_asked_for() -> None:
    inbox = Inbox()
    with smtp_server(inbox) as port:
        SmtpMailer("127.0.0.1", SENDER, port=port, starttls=False, timeout=10).send(MAIL)
    ((_, _, message, encrypted),) = inbox.received
    assert (message["Subject"], encrypted) == (MAIL.subject, False)


def test_a_login_without_starttls_to_another_machine_is_refused() -> None:
    with pytest.raises(ValueError, match="clear text"):
        SmtpMailer("mail.example.de", SENDER, starttls=False, username="portal", password="x")


def test_a_refused_mail_raises_an_os_error_with_the_answer() -> None:
    inbox = Inbox(refusal="554 5.7.1 Rejected for policy reasons")
    with smtp_server(inbox) as port:
        mailer = SmtpMailer("127.0.0.1", SENDER, port=port, starttls=False, timeout=10)
        with pytest.raises(OSError, match="Rejected for policy reasons"):
            mailer.send(MAIL)


def test_an_unknown_recipient_raises_an_os_error_naming_it() -> None:
    inbox = Inbox(unknown=(MAIL.recipient,))
    with smtp_server(inbox) as port:
        mailer = SmtpMailer("127.0.0.1", SENDER, port=port, starttls=False, timeout=10)
        with pytest.raises(OSError, match=f"{MAIL.recipient}: 550 5.1.1 No such user"):
            mailer.send(MAIL)
    assert inbox.received == []


def test_each_mail_has_its_own_connection_outside_a_batch() -> None:
    inbox = Inbox()
    with smtp_server(inbox) as port:
        mailer = SmtpMailer("127.0.0.1", SENDER, port=port, starttls=False, timeout=10)
        mailer.send(MAIL)
        mailer.send(MAIL)
    assert (inbox.connections, len(inbox.received)) == (2, 2)


def test_a_batch_keeps_one_connection_and_a_failure_drops_it(
    ca: trustme.CA, tls: ssl.SSLContext
) -> None:
    inbox = Inbox(unknown=("niemand@beispiel.de",))
    with smtp_server(inbox, tls_context=tls, require_starttls=True) as port:
        mailer = SmtpMailer("127.0.0.1", SENDER, port=port, ssl_context=client_context(ca))
        with mailer.batch():
            mailer.send(MAIL)
            mailer.send(MAIL)
            assert inbox.connections == 1
            with pytest.raises(OSError, match="No such user"):
                mailer.send(attrs.evolve(MAIL, recipient="niemand@beispiel.de"))
            mailer.send(MAIL)
    assert (inbox.connections, len(inbox.received)) == (2, 3)
    assert all(encrypted for *_, encrypted in inbox.received)


def test_a_connection_the_server_closed_while_idle_is_opened_again() -> None:
    inbox = Inbox()
    with smtp_server(inbox, timeout=0.2) as port:
        mailer = SmtpMailer("127.0.0.1", SENDER, port=port, starttls=False, timeout=10)
        with mailer.batch():
            mailer.send(MAIL)
            time.sleep(0.6)
            mailer.send(MAIL)
    assert (inbox.connections, len(inbox.received)) == (2, 2)


def test_no_server_at_all_is_an_os_error() -> None:
    with smtp_server(Inbox()) as port:
        pass
    with pytest.raises(OSError, match=f"SMTP 127.0.0.1:{port}"):
        SmtpMailer("127.0.0.1", SENDER, port=port, timeout=5).send(MAIL)


# -- send-mail with the configured mailer ----------------------------------------------------


def send_mail(app: Flask) -> Result:
    return app.test_cli_runner().invoke(args=["portal", "send-mail"])


def portal_with_a_reset_mail(tmp_path: Path, clock: FixedClock, **settings: Any) -> Flask:
    app = make_app(tmp_path, clock, **settings)
    create_demo_data(accounts_of(app))
    post_form(app.test_client(), "/passwort-vergessen/", {"email": ADMIN.email})
    return app


def pending(app: Flask) -> int:
    with accounts_of(app).unit_of_work() as uow:
        return len(uow.outbox.pending())


def test_send_mail_delivers_over_smtp_with_starttls(
    tmp_path: Path, clock: FixedClock, tls: ssl.SSLContext, ca_file: Path
) -> None:
    inbox = Inbox()
    with smtp_server(inbox, tls_context=tls, require_starttls=True) as port:
        app = portal_with_a_reset_mail(
            tmp_path,
            clock,
            MAIL_BACKEND="smtp",
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=port,
            SMTP_CA_FILE=str(ca_file),
            MAIL_FROM="Beispiel-Portal <portal@beispiel.de>",
        )
        result = send_mail(app)
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 failed" in result.output
    ((sender, recipients, message, encrypted),) = inbox.received
    assert (sender, recipients, encrypted) == ("portal@beispiel.de", [ADMIN.email], True)
    assert message["Subject"] == "Passwort zurücksetzen"
    assert "http://127.0.0.1:5000/passwort-zuruecksetzen/" in text_of(message)
    assert pending(app) == 0


def test_send_mail_delivers_a_backlog_over_one_connection(
    tmp_path: Path, clock: FixedClock
) -> None:
    inbox = Inbox()
    with smtp_server(inbox) as port:
        app = portal_with_a_reset_mail(
            tmp_path,
            clock,
            MAIL_BACKEND="smtp",
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=port,
            SMTP_STARTTLS=False,
        )
        for account in DEMO_ACCOUNTS[1:]:
            post_form(app.test_client(), "/passwort-vergessen/", {"email": account.email})
        result = send_mail(app)
    assert result.exit_code == 0, result.output
    assert "4 sent, 0 failed" in result.output
    assert (inbox.connections, len(inbox.received)) == (1, 4)


def test_a_failing_smtp_server_leaves_the_mail_pending_for_the_next_run(
    tmp_path: Path, clock: FixedClock
) -> None:
    inbox = Inbox(refusal="451 4.3.0 Try again later")
    with smtp_server(inbox) as port:
        app = portal_with_a_reset_mail(
            tmp_path,
            clock,
            MAIL_BACKEND="smtp",
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=port,
            SMTP_STARTTLS=False,
        )
        failed = send_mail(app)
        assert failed.exit_code == 1
        assert "0 sent, 1 failed" in failed.output
        assert "451 4.3.0 Try again later" in failed.output
        assert pending(app) == 1
        inbox.refusal = None
        clock.advance(dt.timedelta(minutes=1))
        sent = send_mail(app)
    assert sent.exit_code == 0, sent.output
    assert pending(app) == 0
    assert len(inbox.received) == 1


def test_send_mail_writes_eml_files(tmp_path: Path, clock: FixedClock) -> None:
    app = portal_with_a_reset_mail(tmp_path, clock, MAIL_BACKEND="file")
    result = send_mail(app)
    assert result.exit_code == 0, result.output
    (path,) = (tmp_path / "instance" / "mails").iterdir()
    message = parsed(path.read_bytes())
    assert (message["To"], message["Subject"]) == (ADMIN.email, "Passwort zurücksetzen")
    assert message["From"] == "noreply@127.0.0.1"


def test_send_mail_without_an_smtp_host_says_which_setting_is_missing(
    tmp_path: Path, clock: FixedClock
) -> None:
    app = portal_with_a_reset_mail(tmp_path, clock, MAIL_BACKEND="smtp")
    result = send_mail(app)
    assert result.exit_code == 1
    assert "Error: The setting SMTP_HOST has an invalid value" in result.output
    assert "Traceback" not in result.output
    assert pending(app) == 1


def test_an_unwritable_mail_folder_leaves_the_mail_pending(
    tmp_path: Path, clock: FixedClock
) -> None:
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "blocked").write_text("")
    app = portal_with_a_reset_mail(
        tmp_path, clock, MAIL_BACKEND="file", MAIL_DIRECTORY="blocked/mails"
    )
    result = send_mail(app)
    assert result.exit_code == 1
    assert "0 sent, 1 failed" in result.output
    assert pending(app) == 1


# -- settings --------------------------------------------------------------------------------


def production(tmp_path: Path, clock: FixedClock, **settings: Any) -> Flask:
    return make_app(
        tmp_path,
        clock,
        ENVIRONMENT="production",
        SECRET_KEY=PRODUCTION_KEY,
        BASE_URL=PRODUCTION_URL,
        **settings,
    )


def test_production_sends_by_smtp_unless_told_otherwise(tmp_path: Path, clock: FixedClock) -> None:
    app = production(tmp_path, clock)
    assert (app.config["MAIL_BACKEND"], app.config["MAIL_FROM"]) == (
        "smtp",
        "noreply@portal.example.de",
    )


def test_development_prints_mails_unless_told_otherwise(app: Flask) -> None:
    assert app.config["MAIL_BACKEND"] == "console"


def test_production_refuses_console_mail(tmp_path: Path, clock: FixedClock) -> None:
    with pytest.raises(PortalConfigurationError) as refused:
        production(tmp_path, clock, MAIL_BACKEND="console")
    assert refused.value.setting == "MAIL_BACKEND"


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("MAIL_BACKEND", "pigeon"),
        ("MAIL_FROM", "no address"),
        ("SMTP_PORT", 0),
        ("SMTP_PORT", "587"),
        ("SMTP_STARTTLS", "yes"),
        ("SMTP_TIMEOUT", 0),
        ("MAIL_MAX_ATTEMPTS", 0),
        ("MAIL_RETRY_SECONDS", True),
        ("SMTP_HOST", 25),
    ],
)
def test_invalid_mail_settings_are_refused(
    tmp_path: Path, clock: FixedClock, setting: str, value: object
) -> None:
    with pytest.raises(PortalConfigurationError) as refused:
        make_app(tmp_path, clock, **{setting: value})
    assert refused.value.setting == setting


def test_mail_settings_come_from_the_environment(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": "mail.beispiel.de",
        "SMTP_PORT": "2525",
        "SMTP_STARTTLS": "true",
        "SMTP_USERNAME": "portal",
        "SMTP_PASSWORD": "geheim",
        "MAIL_FROM": "portal@beispiel.de",
    }.items():
        monkeypatch.setenv(f"PORTALKIT_{name}", value)
    mailer = mailer_from_config(make_app(tmp_path, clock).config)
    assert isinstance(mailer, SmtpMailer)
    assert (mailer.host, mailer.port, mailer.starttls, mailer.username, mailer.password) == (
        "mail.beispiel.de",
        2525,
        True,
        "portal",
        "geheim",
    )
    assert "geheim" not in repr(mailer)


def test_a_login_without_starttls_is_refused_when_send_mail_starts(
    tmp_path: Path, clock: FixedClock
) -> None:
    config = make_app(
        tmp_path,
        clock,
        MAIL_BACKEND="smtp",
        SMTP_HOST="mail.beispiel.de",
        SMTP_STARTTLS=False,
        SMTP_USERNAME="portal",
    ).config
    with pytest.raises(PortalConfigurationError) as refused:
        mailer_from_config(config)
    assert refused.value.setting == "SMTP_STARTTLS"
