"""Sending notes through a real SMTP server on 127.0.0.1 (aiosmtpd): plain, with login,
STARTTLS and TLS; and every failure keeps the draft and logs nothing as sent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jobdesk.domain.changes import Entity
from jobdesk.domain.enums import Direction, EventKind, InteractionKind, OutboxStatus
from jobdesk.domain.errors import JobDeskError, ValidationError
from jobdesk.services.composer import Draft
from jobdesk.services.mail import MailError

PASSWORD = "s3cret-Pa55"
# the plain-login tests use AUTH without TLS on purpose (aiosmtpd warns about it)
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def _thank_you(s) -> Draft:
    now = s.composer.clock()
    event = next(e for e in s.events.list()
                 if e.kind == EventKind.INTERVIEW and e.starts_at <= now and e.interviewer_ids)
    context = s.composer.context(event_id=event.id, kind=InteractionKind.THANK_YOU)
    draft, rendered = s.composer.draft(s.composer.template("thank_you"), context)
    assert rendered.ok
    # a recipient with an accent and a body beyond ASCII
    return Draft(**{**draft.__dict__, "recipient_name": "Zoë Ångström",
                    "body": draft.body + "\nP.S. Grüße aus Zürich – naïve café ✓\n"})


def _configure(s, port, *, security="none", user="", password=None):
    s.settings.set_many({"smtp.host": "127.0.0.1", "smtp.port": port, "smtp.security": security,
                         "smtp.user": user, "smtp.from_address": "alex.morgan@mail.example",
                         "smtp.timeout_seconds": 2})
    if password is not None:
        s.secrets.set_smtp_password("127.0.0.1", user, password)


def _counts(s):
    return s.store.count(Entity.INTERACTION), s.store.count(Entity.OUTBOX)


def _assert_kept_as_draft(s, before, draft, error_part):
    interactions, _ = before
    assert s.store.count(Entity.INTERACTION) == interactions  # nothing logged as sent
    row = s.mail.unsent()[-1]
    assert row.status == OutboxStatus.FAILED and row.interaction_id is None
    assert (row.subject, row.body.rstrip()) == (draft.subject, draft.body.rstrip())
    assert error_part in row.error


def test_plain_send_delivers_utf8_and_logs_the_interaction(clocked_services, smtp_factory,
                                                          memory_keyring):
    s = clocked_services
    server = smtp_factory()
    _configure(s, server.port)
    draft = _thank_you(s)
    logged = s.mail.send(draft)

    assert server.received.event.wait(5)
    envelope = server.received.envelopes[0]
    assert envelope.mail_from == "alex.morgan@mail.example"
    assert envelope.rcpt_tos == [draft.recipient]
    message = server.received.messages()[0]
    assert message["Subject"] == draft.subject
    assert message["To"].addresses[0].addr_spec == draft.recipient
    assert message["To"].addresses[0].display_name == "Zoë Ångström"
    assert message["From"].addresses[0].display_name == "Alex Morgan"
    assert message["Message-ID"] and message["Date"]
    part = message.get_body()
    assert part.get_content_charset() == "utf-8"
    assert "Grüße aus Zürich – naïve café ✓" in part.get_content()
    assert part.get_content().replace("\r\n", "\n").rstrip() == draft.body.rstrip()

    row = s.interactions.get(logged.interaction_id)
    assert (row.kind, row.direction) == (InteractionKind.THANK_YOU, Direction.OUTGOING)
    assert row.application_id == draft.application_id and row.contact_id == draft.contact_id
    assert "Via: sent by e-mail" in row.body and draft.body.rstrip() in row.body
    outbox = s.mail.outbox(s.mail.unsent()[0].id) if s.mail.unsent() else None
    assert outbox is None  # nothing left to send
    sent = [r for r in __import__("jobdesk.db.notes", fromlist=["x"]).outbox_rows()
            if r.status == OutboxStatus.SENT]
    assert len(sent) == 1 and sent[0].interaction_id == logged.interaction_id
    assert sent[0].sent_at == s.composer.clock()


def test_send_with_login_reads_the_password_from_the_keyring(clocked_services, smtp_factory,
                                                            memory_keyring):
    s = clocked_services
    server = smtp_factory(users={"alex": PASSWORD}, security="starttls")
    s.mail.ssl_context = server.client_context()
    _configure(s, server.port, security="starttls", user="alex", password=PASSWORD)
    s.mail.send(_thank_you(s))
    assert server.received.logins == [("LOGIN", "alex", True)] or \
        server.received.logins == [("PLAIN", "alex", True)]
    assert len(server.received.envelopes) == 1
    assert memory_keyring.store[("JobDesk", "smtp:alex@127.0.0.1")] == PASSWORD
    for path in Path(s.store.db.database).parent.iterdir():  # database, WAL, settings
        assert PASSWORD.encode() not in path.read_bytes(), path


def test_plain_login_without_tls_works_too(clocked_services, smtp_factory, memory_keyring):
    s = clocked_services
    server = smtp_factory(users={"alex": PASSWORD})
    _configure(s, server.port, user="alex", password=PASSWORD)
    s.mail.send(_thank_you(s))
    assert [ok for *_, ok in server.received.logins] == [True]
    assert len(server.received.envelopes) == 1


def test_implicit_tls(clocked_services, smtp_factory, memory_keyring):
    s = clocked_services
    server = smtp_factory(security="tls")
    s.mail.ssl_context = server.client_context()
    _configure(s, server.port, security="tls")
    s.mail.send(_thank_you(s))
    assert len(server.received.envelopes) == 1


def test_an_untrusted_certificate_is_refused_clearly(clocked_services, smtp_factory,
                                                     memory_keyring):
    s = clocked_services
    server = smtp_factory(security="tls")  # no client context: the system CAs do not trust it
    _configure(s, server.port, security="tls")
    before = _counts(s)
    draft = _thank_you(s)
    with pytest.raises(MailError, match="secure connection"):
        s.mail.send(draft)
    _assert_kept_as_draft(s, before, draft, "secure connection")


def test_wrong_password_is_a_clear_message_and_the_draft_is_kept(clocked_services, smtp_factory,
                                                                memory_keyring):
    s = clocked_services
    server = smtp_factory(users={"alex": PASSWORD})
    _configure(s, server.port, user="alex", password="wrong")
    before = _counts(s)
    draft = _thank_you(s)
    with pytest.raises(MailError, match=r"refused the user name or password .*535"):
        s.mail.send(draft)
    assert server.received.envelopes == []
    assert server.received.logins and not any(ok for *_, ok in server.received.logins)
    _assert_kept_as_draft(s, before, draft, "user name or password")

    # fix the password and send the same draft again: the outbox row is reused
    s.secrets.set_smtp_password("127.0.0.1", "alex", PASSWORD)
    failed = s.mail.unsent()[-1]
    logged = s.mail.send(s.mail.retry_draft(failed.id), outbox_id=failed.id)
    assert s.mail.outbox(failed.id).status == OutboxStatus.SENT
    assert s.interactions.get(logged.interaction_id).kind == InteractionKind.THANK_YOU
    assert s.mail.unsent() == [] and len(server.received.envelopes) == 1


def test_a_server_that_never_answers_times_out(clocked_services, silent_server,
                                               memory_keyring):
    s = clocked_services
    _configure(s, silent_server)
    s.settings.set("smtp.timeout_seconds", 1)
    before = _counts(s)
    draft = _thank_you(s)
    with pytest.raises(MailError, match="did not answer within 1 seconds"):
        s.mail.send(draft)
    _assert_kept_as_draft(s, before, draft, "did not answer")


def test_an_unreachable_server(clocked_services, memory_keyring, free_tcp_port):

    s = clocked_services
    _configure(s, free_tcp_port)  # nothing listens there
    before = _counts(s)
    draft = _thank_you(s)
    with pytest.raises(MailError, match="connection refused"):
        s.mail.send(draft)
    _assert_kept_as_draft(s, before, draft, "connection refused")


def test_a_refused_recipient(clocked_services, smtp_factory, memory_keyring):
    s = clocked_services
    draft = _thank_you(s)
    server = smtp_factory(refuse={draft.recipient})
    _configure(s, server.port)
    before = _counts(s)
    pattern = rf"refused the recipient .*{re.escape(draft.recipient)}.*550"
    with pytest.raises(MailError, match=pattern):
        s.mail.send(draft)
    _assert_kept_as_draft(s, before, draft, "refused the recipient")


def test_an_invalid_address_is_refused_before_the_outbox(clocked_services, smtp_factory,
                                                         memory_keyring):
    s = clocked_services
    server = smtp_factory()
    _configure(s, server.port)
    before = _counts(s)
    draft = Draft(**{**_thank_you(s).__dict__, "recipient": "zoe at example"})
    with pytest.raises(ValidationError, match="not an e-mail address"):
        s.mail.send(draft)
    assert _counts(s) == before and server.received.envelopes == []


def test_a_non_ascii_password_is_explained_not_leaked(clocked_services, smtp_factory,
                                                      memory_keyring):
    s = clocked_services
    server = smtp_factory(users={"alex": "pässwörd"})
    _configure(s, server.port, user="alex", password="pässwörd")
    before = _counts(s)
    draft = _thank_you(s)
    with pytest.raises(MailError) as caught:
        s.mail.send(draft)
    assert "outside plain ASCII" in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert "pässwörd" not in str(caught.value)
    _assert_kept_as_draft(s, before, draft, "ASCII")
    assert "pässwörd" not in s.mail.unsent()[-1].error


def test_no_keyring_backend_says_to_use_the_other_ways(clocked_services, smtp_factory):
    import keyring
    from keyring.backends import fail

    s = clocked_services
    server = smtp_factory(users={"alex": PASSWORD})
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        _configure(s, server.port, user="alex")
        before = _counts(s)
        draft = _thank_you(s)
        with pytest.raises(JobDeskError) as caught:
            s.mail.send(draft)
    finally:
        keyring.set_keyring(previous)
    message = str(caught.value)
    assert "no password store" in message and "clipboard" in message
    assert "mail program" in message
    _assert_kept_as_draft(s, before, draft, "no password store")


def test_missing_settings_are_named(clocked_services, memory_keyring):
    s = clocked_services
    with pytest.raises(ValidationError, match="No SMTP server is set"):
        s.mail.send(_thank_you(s))
    assert s.store.count(Entity.OUTBOX) == 0


def test_a_check_in_sent_by_mail_schedules_the_next_one(clocked_services, smtp_factory,
                                                        memory_keyring):
    s = clocked_services
    server = smtp_factory()
    _configure(s, server.port)
    app = next(a for a in s.applications.list() if a.response_promised_on)
    context = s.composer.context(application_id=app.id, kind=InteractionKind.FOLLOW_UP)
    draft, _ = s.composer.draft(s.composer.template("check_in"), context)
    logged = s.mail.send(draft)
    assert s.events.get(logged.follow_up_event_id).kind == EventKind.FOLLOW_UP
    assert s.interactions.get(logged.interaction_id).kind == InteractionKind.FOLLOW_UP


def test_discard_takes_an_unsent_note_off_and_restore_brings_it_back(clocked_services,
                                                                     free_tcp_port,
                                                                     memory_keyring):
    s = clocked_services
    _configure(s, free_tcp_port)
    with pytest.raises(MailError, match="connection refused"):
        s.mail.send(_thank_you(s))
    failed = s.mail.unsent()[0]
    seen = []
    s.bus.subscribe(seen.append)
    assert s.mail.discard(failed.id) == OutboxStatus.FAILED
    assert s.mail.unsent() == [] and s.mail.outbox(failed.id).status == OutboxStatus.DISCARDED
    assert (seen[-1].entity, seen[-1].ids) == (Entity.OUTBOX, frozenset({failed.id}))
    with pytest.raises(ValidationError, match="not waiting to be sent"):
        s.mail.discard(failed.id)  # twice
    s.mail.restore(failed.id, OutboxStatus.FAILED)
    assert [r.id for r in s.mail.unsent()] == [failed.id]
    assert s.mail.outbox(failed.id).error == failed.error  # the reason is kept
    with pytest.raises(ValidationError):
        s.mail.restore(failed.id, OutboxStatus.SENT)


def test_a_sent_note_cannot_be_discarded_nor_restored(clocked_services, smtp_factory,
                                                      memory_keyring):
    s = clocked_services
    server = smtp_factory()
    _configure(s, server.port)
    s.mail.send(_thank_you(s))
    row = s.mail.outbox(1)
    assert row.status == OutboxStatus.SENT
    with pytest.raises(ValidationError, match="is sent, not waiting"):
        s.mail.discard(row.id)
    s.mail.restore(row.id)  # an undo that came too late changes nothing
    assert s.mail.outbox(row.id).status == OutboxStatus.SENT and s.mail.unsent() == []
