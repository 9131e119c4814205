"""Sending notes over SMTP without ever losing one or logging one that did not go.

1. ``queue(draft)`` writes an ``OutboxMessage`` (status *sending*) before any network traffic.
2. ``transmit(...)`` talks to the server; it touches no database, so it can run on a worker
   thread (``password_for`` reads the keyring, which can block, so it belongs there too).
3. ``mark_sent(...)`` marks the outbox row sent and logs the outgoing interaction in one
   transaction; ``mark_failed(...)`` keeps the row as a retryable draft with the reason.

``send(draft)`` does all three in a row for headless use and tests.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jobdesk.db import notes as q
from jobdesk.db.repo import Store
from jobdesk.domain.changes import ChangeBus, Changes, Entity
from jobdesk.domain.enums import InteractionKind, OutboxStatus
from jobdesk.domain.errors import JobDeskError, NotFoundError, ValidationError
from jobdesk.domain.notes import OutboxRow
from jobdesk.services import validation as v
from jobdesk.services.base import Clock, utcnow
from jobdesk.services.composer import ComposerService, Draft, LoggedNote, Via
from jobdesk.services.drafts import DraftsService
from jobdesk.services.secrets import SecretStore
from jobdesk.services.settings import SettingsService

if TYPE_CHECKING:
    import smtplib
    import ssl
    from email.message import EmailMessage

# smtplib, ssl and email are imported by the functions that build or send a message: the first
# window sends nothing, and together they cost ~0.1 s at start.

#: notes not (known to be) sent: drafts, failed ones, any left "sending" by a crash, and
#: those copied or opened in the mail program but not yet confirmed sent
UNSENT = (OutboxStatus.DRAFT, OutboxStatus.SENDING, OutboxStatus.FAILED, OutboxStatus.COPIED,
          OutboxStatus.OPENED)


class MailError(JobDeskError):
    """Sending failed; the message says why and what to do. The draft was kept."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str  # starttls | tls | none
    user: str
    from_address: str
    from_name: str = ""
    timeout: float = 30.0

    def __repr__(self) -> str:  # never anything secret here, but keep logs short
        return f"SmtpConfig({self.security}://{self.user}@{self.host}:{self.port})"


def build_message(draft: Draft, config: SmtpConfig) -> EmailMessage:
    from email.message import EmailMessage
    from email.utils import formataddr, formatdate, make_msgid

    message = EmailMessage()
    message["From"] = formataddr((config.from_name, config.from_address))
    message["To"] = formataddr((draft.recipient_name, draft.recipient))
    message["Subject"] = draft.subject
    message["Date"] = formatdate(localtime=True)
    domain = config.from_address.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(draft.body, charset="utf-8")
    return message


def tls_support() -> str:
    """What TLS to the SMTP server runs on here, for ``jobdesk doctor``: the OpenSSL version and
    where it looks for CA certificates (a bundle uses the system's OpenSSL, so the system's)."""
    import ssl

    context = ssl.create_default_context()
    paths = ssl.get_default_verify_paths()
    where = paths.cafile or paths.capath or paths.openssl_cafile
    count = context.cert_store_stats().get("x509_ca", 0)
    return (f"{ssl.OPENSSL_VERSION}; CA certificates from {where} "
            f"({count} loaded now{', more on demand' if paths.capath else ''})")


def _describe(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{exc.smtp_code} {text}".strip()


def transmit(message: EmailMessage, config: SmtpConfig, password: str | None, *,
             ssl_context: ssl.SSLContext | None = None,
             progress: Callable[[int, int], None] | None = None) -> None:
    """Deliver ``message`` or raise ``MailError``. No database access (safe on a worker)."""
    import smtplib
    import ssl

    where = f"{config.host}:{config.port}"
    step = progress or (lambda done, total: None)
    context = ssl_context or ssl.create_default_context()
    recipient = message["To"]
    try:
        step(0, 4)
        if config.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port,
                                                    timeout=config.timeout, context=context)
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        with client:
            step(1, 4)
            if config.security == "starttls":
                client.starttls(context=context)
            step(2, 4)
            if config.user:
                if password is None:
                    raise MailError(
                        f"no SMTP password is saved for {config.user} on {config.host}; enter "
                        "it in Mail settings (it is kept in the system password store)")
                non_ascii = False
                try:
                    client.login(config.user, password)
                except UnicodeEncodeError:
                    non_ascii = True  # the exception holds the credentials: drop it entirely
                if non_ascii:
                    raise MailError(
                        "the SMTP password contains characters outside plain ASCII (such as "
                        "'é'), which SMTP login cannot send; use an ASCII password (or an app "
                        "password) or send the note from your mail program")
            step(3, 4)
            client.send_message(message)
            step(4, 4)
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(f"the server {where} refused the user name or password "
                        f"({_describe(exc)}); check them in Mail settings") from None
    except smtplib.SMTPRecipientsRefused as exc:
        reasons = "; ".join(f"{addr}: {_describe(smtplib.SMTPResponseException(c, m))}"
                            for addr, (c, m) in exc.recipients.items())
        raise MailError(f"the server refused the recipient ({reasons or recipient}); check the "
                        "address") from None
    except smtplib.SMTPSenderRefused as exc:
        raise MailError(f"the server refused the From address {config.from_address} "
                        f"({_describe(exc)}); check it in Mail settings") from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(f"the server {where} does not offer STARTTLS (or login); choose another "
                        "security mode or port in Mail settings") from None
    except smtplib.SMTPServerDisconnected as exc:
        if "timed out" in str(exc):
            raise MailError(_timeout_message(where, config.timeout)) from None
        raise MailError(f"the server {where} closed the connection ({exc}); check the port and "
                        "security mode in Mail settings") from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(f"the server {where} refused the message ({_describe(exc)})") from None
    except smtplib.SMTPException as exc:
        raise MailError(f"sending through {where} failed: {exc}") from None
    except TimeoutError:
        raise MailError(_timeout_message(where, config.timeout)) from None
    except ssl.SSLError as exc:
        raise MailError(f"the secure connection to {where} failed ({exc.reason or exc}); check "
                        "the security mode (STARTTLS is usually port 587, TLS port 465)") from None
    except socket.gaierror:
        raise MailError(f"the SMTP server {config.host!r} is unknown; check the name in Mail "
                        "settings and your internet connection") from None
    except ConnectionRefusedError:
        raise MailError(f"nothing answers on {where} (connection refused); check the server "
                        "and port in Mail settings") from None
    except OSError as exc:
        raise MailError(f"could not reach {where}: {exc.strerror or exc}; check the server, "
                        "the port and your internet connection") from None


def _timeout_message(where: str, timeout: float) -> str:
    return (f"the server {where} did not answer within {timeout:g} seconds; check the server "
            "and port in Mail settings, or try again later")


class MailService:
    def __init__(self, store: Store, bus: ChangeBus, *, composer: ComposerService,
                 settings: SettingsService, secrets: SecretStore, clock: Clock = utcnow):
        self.store = store
        self.bus = bus
        self.composer = composer
        self.settings = settings
        self.secrets = secrets
        self.clock = clock
        self.ssl_context: ssl.SSLContext | None = None  # tests trust their own certificate
        self.drafts = DraftsService(store, bus, composer=composer, clock=clock)

    # ---- configuration --------------------------------------------------------------------
    def config(self) -> SmtpConfig:
        """The SMTP settings, checked: a clear message says what is missing."""
        s = self.settings
        host = s.get("smtp.host")
        if not host:
            raise ValidationError("smtp.host", "no SMTP server is set; enter it in Mail "
                                               "settings, or copy the note or open it in your "
                                               "mail program instead")
        # the From address defaults to your own e-mail address (About you)
        sender = s.get("smtp.from_address") or s.get("me.email") or s.get("smtp.user")
        if not sender:
            raise ValidationError("smtp.from_address", "no From address is set; enter your "
                                                       "e-mail address in About you")
        sender = v.email("smtp.from_address")(sender)
        return SmtpConfig(host=host, port=int(s.get("smtp.port")),
                          security=s.get("smtp.security"), user=s.get("smtp.user"),
                          from_address=sender, from_name=s.get("me.name"),
                          timeout=float(s.get("smtp.timeout_seconds")))

    def password_for(self, config: SmtpConfig) -> str | None:
        """Read the password from the keyring (may block: call it off the GUI thread)."""
        if not config.user:
            return None
        return self.secrets.get_smtp_password(config.host, config.user)

    # ---- the outbox -----------------------------------------------------------------------
    def queue(self, draft: Draft, *, outbox_id: int | None = None) -> tuple[int, Draft]:
        """Check the draft and write it to the outbox before any network traffic."""
        draft = self.composer.check_ready(draft, need_recipient=True)
        values = {"application": draft.application_id, "contact": draft.contact_id,
                  "template_key": draft.template_key, "recipient": draft.recipient,
                  "subject": draft.subject, "body": draft.body,
                  "status": OutboxStatus.SENDING.value, "error": ""}
        with self.store.transaction():
            if outbox_id is None:
                outbox_id = self.store.insert(Entity.OUTBOX,
                                              {**values, "created_at": self.clock()})
            else:
                self.store.update(Entity.OUTBOX, outbox_id, values)
        self.bus.publish(Changes.of(Entity.OUTBOX, [outbox_id], structural=True))
        return outbox_id, draft

    def mark_sent(self, outbox_id: int, draft: Draft, *, schedule_next: bool | None = None
                  ) -> LoggedNote:
        rows = q.outbox_rows(ids=[outbox_id])
        with self.bus.hold(), self.store.transaction():
            logged = self.drafts.log_sent(rows[0] if rows else None, draft, Via.SMTP,
                                          schedule_next=schedule_next)
            q.mark_outbox(outbox_id, {"status": OutboxStatus.SENT.value, "error": "",
                                      "sent_at": self.clock(),
                                      "interaction": logged.interaction_id})
            self.bus.publish(Changes.of(Entity.OUTBOX, [outbox_id]))
        return logged

    def mark_failed(self, outbox_id: int, error: str) -> None:
        with self.store.transaction():
            q.mark_outbox(outbox_id, {"status": OutboxStatus.FAILED.value, "error": error})
        self.bus.publish(Changes.of(Entity.OUTBOX, [outbox_id]))

    def unsent(self) -> list[OutboxRow]:
        """Drafts to retry: failed ones, and any left 'sending' by a crash."""
        return q.outbox_rows(statuses=UNSENT)

    def discard(self, outbox_id: int) -> OutboxStatus:
        """Take an unsent note off the outbox; returns its status before, for ``restore``.
        The row stays (status *discarded*), so the discard can be undone."""
        row = self.outbox(outbox_id)
        if row.status not in UNSENT:
            raise ValidationError("outbox", f"the note to {row.recipient} is "
                                            f"{row.status.label.lower()}, not waiting to be sent")
        self._set_status(outbox_id, OutboxStatus.DISCARDED)
        return row.status

    def restore(self, outbox_id: int, status: OutboxStatus = OutboxStatus.FAILED) -> None:
        """Undo ``discard``: the note is back among the unsent ones."""
        if status not in UNSENT:
            raise ValidationError("status", f"a note cannot be restored as {status.value}")
        row = self.outbox(outbox_id)
        if row.status != OutboxStatus.DISCARDED:
            return  # sent or retried since: nothing to undo
        self._set_status(outbox_id, status)

    def _set_status(self, outbox_id: int, status: OutboxStatus) -> None:
        with self.store.transaction():
            q.mark_outbox(outbox_id, {"status": status.value})
        self.bus.publish(Changes.of(Entity.OUTBOX, [outbox_id], structural=True))

    def outbox(self, outbox_id: int) -> OutboxRow:
        rows = q.outbox_rows(ids=[outbox_id])
        if not rows:
            raise NotFoundError("outbox message", outbox_id)
        return rows[0]

    # ---- all in one -----------------------------------------------------------------------
    def send(self, draft: Draft, *, schedule_next: bool | None = None,
             outbox_id: int | None = None) -> LoggedNote:
        """Queue, transmit and log in a row (blocking; the UI splits it across threads)."""
        config = self.config()
        outbox_id, draft = self.queue(draft, outbox_id=outbox_id)
        try:
            password = self.password_for(config)
            transmit(build_message(draft, config), config, password,
                     ssl_context=self.ssl_context)
        except JobDeskError as exc:
            self.mark_failed(outbox_id, str(exc))
            raise
        return self.mark_sent(outbox_id, draft, schedule_next=schedule_next)

    def retry_draft(self, outbox_id: int) -> Draft:
        """The outbox row as a draft again (to edit and send)."""
        row = self.outbox(outbox_id)
        kind = InteractionKind.EMAIL
        if row.template_key:
            with contextlib.suppress(NotFoundError):
                kind = self.composer.template(row.template_key).kind
        return Draft(recipient=row.recipient, subject=row.subject, body=row.body, kind=kind,
                     template_key=row.template_key, application_id=row.application_id,
                     contact_id=row.contact_id)
