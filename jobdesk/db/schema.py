"""The current tables. Migrations (``migrations.py``) build them step by step from frozen copies."""

from __future__ import annotations

import peewee as pw

from jobdesk.db.fields import IsoDateField, UtcDateTimeField

database_proxy = pw.DatabaseProxy()


class Table(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Company(Table):
    name = pw.CharField(max_length=200)
    name_key = pw.CharField(max_length=200, unique=True)  # folded name: unique ignoring case
    match_key = pw.CharField(max_length=200, index=True)  # also ignores suffixes (Inc, GmbH)
    website = pw.CharField(max_length=500, default="")
    industry = pw.CharField(max_length=200, default="")
    location = pw.CharField(max_length=200, default="")
    notes = pw.TextField(default="")
    status = pw.CharField(max_length=20, default="target")
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    archived_at = UtcDateTimeField(null=True, index=True)


class Contact(Table):
    company = pw.ForeignKeyField(Company, null=True, backref="contacts", on_delete="SET NULL")
    name = pw.CharField(max_length=200)
    title = pw.CharField(max_length=200, default="")
    email = pw.CharField(max_length=320, default="", index=True)
    phone = pw.CharField(max_length=50, default="")
    profile_url = pw.CharField(max_length=500, default="")
    relationship = pw.CharField(max_length=20, default="other")
    notes = pw.TextField(default="")
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    archived_at = UtcDateTimeField(null=True, index=True)


class Application(Table):
    company = pw.ForeignKeyField(Company, backref="applications", on_delete="RESTRICT")
    job_title = pw.CharField(max_length=300)
    posting_url = pw.CharField(max_length=1000, default="")
    source = pw.CharField(max_length=20, default="other")
    referral_contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    stage = pw.CharField(max_length=20, default="interested", index=True)
    stage_changed_at = UtcDateTimeField(null=True)
    applied_on = IsoDateField(null=True)
    response_promised_on = IsoDateField(null=True)
    salary_range = pw.CharField(max_length=200, default="")
    job_description = pw.TextField(default="")
    notes = pw.TextField(default="")
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    archived_at = UtcDateTimeField(null=True, index=True)


class Interaction(Table):
    application = pw.ForeignKeyField(Application, null=True, backref="interactions",
                                     on_delete="CASCADE")
    company = pw.ForeignKeyField(Company, null=True, backref="interactions", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, null=True, backref="interactions", on_delete="SET NULL")
    kind = pw.CharField(max_length=20)
    direction = pw.CharField(max_length=10)
    occurred_at = UtcDateTimeField(index=True)
    summary = pw.CharField(max_length=500, default="")
    body = pw.TextField(default="")
    created_at = UtcDateTimeField()
    archived_at = UtcDateTimeField(null=True)


class InteractionContact(Table):
    """Whom a log entry was with: one row per contact (``Interaction.contact`` keeps the
    first of them, so older readers see one name)."""

    interaction = pw.ForeignKeyField(Interaction, backref="contacts", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE")

    class Meta:
        indexes = ((("interaction", "contact"), True),)


class Event(Table):
    application = pw.ForeignKeyField(Application, backref="events", on_delete="CASCADE")
    kind = pw.CharField(max_length=20)
    title = pw.CharField(max_length=300, default="")
    starts_at = UtcDateTimeField(index=True)
    ends_at = UtcDateTimeField(null=True)
    timezone = pw.CharField(max_length=64, default="UTC")  # IANA name the user entered it in
    all_day = pw.BooleanField(default=False)
    location = pw.CharField(max_length=1000, default="")
    notes = pw.TextField(default="")
    questions = pw.TextField(default="")  # questions asked, for the question bank
    uid = pw.CharField(max_length=300, unique=True)  # iCalendar UID, stable across exports
    sequence = pw.IntegerField(default=0)
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    archived_at = UtcDateTimeField(null=True, index=True)


class EventInterviewer(Table):
    event = pw.ForeignKeyField(Event, backref="interviewers", on_delete="CASCADE")
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE")

    class Meta:
        indexes = ((("event", "contact"), True),)


class Document(Table):
    label = pw.CharField(max_length=300)
    kind = pw.CharField(max_length=20, default="resume")
    notes = pw.TextField(default="")
    created_at = UtcDateTimeField()
    archived_at = UtcDateTimeField(null=True)


class DocumentVersion(Table):
    document = pw.ForeignKeyField(Document, backref="versions", on_delete="CASCADE")
    version = pw.IntegerField()
    sha256 = pw.CharField(max_length=64, index=True)
    original_name = pw.CharField(max_length=500)
    mime_type = pw.CharField(max_length=200, default="application/octet-stream")
    size = pw.BigIntegerField()
    added_at = UtcDateTimeField()

    class Meta:
        indexes = ((("document", "version"), True),)


class ApplicationDocument(Table):
    application = pw.ForeignKeyField(Application, backref="documents", on_delete="CASCADE")
    version = pw.ForeignKeyField(DocumentVersion, backref="uses", on_delete="RESTRICT")
    sent_at = UtcDateTimeField()
    note = pw.CharField(max_length=500, default="")

    class Meta:
        indexes = ((("application", "version"), True),)


class NoteTemplate(Table):
    key = pw.CharField(max_length=100, unique=True)
    name = pw.CharField(max_length=200)
    interaction_kind = pw.CharField(max_length=20, default="email")
    subject = pw.CharField(max_length=500, default="")
    body = pw.TextField(default="")
    builtin = pw.BooleanField(default=False)
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    archived_at = UtcDateTimeField(null=True)


class OutboxMessage(Table):
    """A note written before it is sent, so a failed send leaves a retryable draft."""

    application = pw.ForeignKeyField(Application, null=True, on_delete="SET NULL")
    contact = pw.ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    template_key = pw.CharField(max_length=100, default="")
    recipient = pw.CharField(max_length=500, default="")
    subject = pw.CharField(max_length=500, default="")
    body = pw.TextField(default="")
    status = pw.CharField(max_length=10, default="draft")
    error = pw.TextField(default="")
    interaction = pw.ForeignKeyField(Interaction, null=True, on_delete="SET NULL")
    created_at = UtcDateTimeField()
    sent_at = UtcDateTimeField(null=True)


class ActionDecision(Table):
    """What the user did with a proposed next action (snoozed, dismissed with a reason, done)."""

    action_key = pw.CharField(max_length=200, unique=True)
    application = pw.ForeignKeyField(Application, null=True, on_delete="CASCADE")
    state = pw.CharField(max_length=10)
    until = IsoDateField(null=True)
    reason = pw.CharField(max_length=500, default="")
    decided_at = UtcDateTimeField()


class Setting(Table):
    """Product settings that headless commands need too (follow-up cadence, holidays...)."""

    key = pw.CharField(max_length=100, unique=True)
    value = pw.TextField()  # JSON


ALL_TABLES: tuple[type[Table], ...] = (
    Company, Contact, Application, Interaction, Event, EventInterviewer, Document,
    DocumentVersion, ApplicationDocument, NoteTemplate, OutboxMessage, ActionDecision, Setting,
    InteractionContact,
)
