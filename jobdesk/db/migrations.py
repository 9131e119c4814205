"""Numbered schema steps keyed to the schema version.

Each step builds *frozen* table copies (never the live classes in ``schema.py``, which move on)
and runs in one transaction inside ``SchemaMigrator.migration_context()``, which on SQLite turns
foreign keys off outside the transaction so a table rebuild cannot fire ``ON DELETE CASCADE``.
``PRAGMA foreign_key_check`` runs before each step commits.

The version lives in ``PRAGMA user_version`` on SQLite and in a one-row table elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw
from playhouse.migrate import SchemaMigrator

from jobdesk.db import journal
from jobdesk.db.fields import IsoDateField, UtcDateTimeField
from jobdesk.domain.errors import DatabaseTooNewError, StorageError

VERSION_TABLE = "jobdesk_schema_version"


def _table(db: pw.Database, name: str, /, indexes=(), **fields) -> type[pw.Model]:
    meta = type("Meta", (), {"database": db, "table_name": name, "indexes": indexes})
    return type(f"Frozen_{name}", (pw.Model,), {"Meta": meta, "__module__": __name__, **fields})


def _now_field(null: bool = False, index: bool = False) -> UtcDateTimeField:
    return UtcDateTimeField(null=null, index=index)


def _step_1_core(db: pw.Database, migrator: SchemaMigrator) -> None:
    """Companies, contacts, applications and the interaction log."""
    company = _table(
        db, "company",
        name=pw.CharField(max_length=200),
        name_key=pw.CharField(max_length=200, unique=True),
        match_key=pw.CharField(max_length=200, index=True),
        website=pw.CharField(max_length=500, default=""),
        industry=pw.CharField(max_length=200, default=""),
        location=pw.CharField(max_length=200, default=""),
        notes=pw.TextField(default=""),
        status=pw.CharField(max_length=20, default="target"),
        created_at=_now_field(), updated_at=_now_field(),
        archived_at=_now_field(null=True, index=True),
    )
    contact = _table(
        db, "contact",
        company=pw.ForeignKeyField(company, null=True, on_delete="SET NULL"),
        name=pw.CharField(max_length=200),
        title=pw.CharField(max_length=200, default=""),
        email=pw.CharField(max_length=320, default="", index=True),
        phone=pw.CharField(max_length=50, default=""),
        profile_url=pw.CharField(max_length=500, default=""),
        relationship=pw.CharField(max_length=20, default="other"),
        notes=pw.TextField(default=""),
        created_at=_now_field(), updated_at=_now_field(),
        archived_at=_now_field(null=True, index=True),
    )
    application = _table(
        db, "application",
        company=pw.ForeignKeyField(company, on_delete="RESTRICT"),
        job_title=pw.CharField(max_length=300),
        posting_url=pw.CharField(max_length=1000, default=""),
        source=pw.CharField(max_length=20, default="other"),
        referral_contact=pw.ForeignKeyField(contact, null=True, on_delete="SET NULL"),
        stage=pw.CharField(max_length=20, default="interested", index=True),
        applied_on=IsoDateField(null=True),
        response_promised_on=IsoDateField(null=True),
        salary_range=pw.CharField(max_length=200, default=""),
        job_description=pw.TextField(default=""),
        notes=pw.TextField(default=""),
        created_at=_now_field(), updated_at=_now_field(),
        archived_at=_now_field(null=True, index=True),
    )
    interaction = _table(
        db, "interaction",
        application=pw.ForeignKeyField(application, null=True, on_delete="CASCADE"),
        company=pw.ForeignKeyField(company, null=True, on_delete="CASCADE"),
        contact=pw.ForeignKeyField(contact, null=True, on_delete="SET NULL"),
        kind=pw.CharField(max_length=20),
        direction=pw.CharField(max_length=10),
        occurred_at=_now_field(index=True),
        summary=pw.CharField(max_length=500, default=""),
        body=pw.TextField(default=""),
        created_at=_now_field(),
        archived_at=_now_field(null=True),
    )
    db.create_tables([company, contact, application, interaction], safe=False)


def _step_2_calendar_documents(db: pw.Database, migrator: SchemaMigrator) -> None:
    """Events and interviewers, documents and versions, note templates, outbox, action
    decisions, settings; applications learn when their stage last changed."""
    migrator.migrate(
        migrator.add_column("application", "stage_changed_at", UtcDateTimeField(null=True))
    )
    company = _table(db, "company")
    contact = _table(db, "contact")
    application = _table(db, "application")
    interaction = _table(db, "interaction")
    event = _table(
        db, "event",
        application=pw.ForeignKeyField(application, on_delete="CASCADE"),
        kind=pw.CharField(max_length=20),
        title=pw.CharField(max_length=300, default=""),
        starts_at=_now_field(index=True),
        ends_at=_now_field(null=True),
        timezone=pw.CharField(max_length=64, default="UTC"),
        all_day=pw.BooleanField(default=False),
        location=pw.CharField(max_length=1000, default=""),
        notes=pw.TextField(default=""),
        questions=pw.TextField(default=""),
        uid=pw.CharField(max_length=300, unique=True),
        sequence=pw.IntegerField(default=0),
        created_at=_now_field(), updated_at=_now_field(),
        archived_at=_now_field(null=True, index=True),
    )
    event_interviewer = _table(
        db, "event_interviewer", indexes=((("event", "contact"), True),),
        event=pw.ForeignKeyField(event, on_delete="CASCADE"),
        contact=pw.ForeignKeyField(contact, on_delete="CASCADE"),
    )
    document = _table(
        db, "document",
        label=pw.CharField(max_length=300),
        kind=pw.CharField(max_length=20, default="resume"),
        notes=pw.TextField(default=""),
        created_at=_now_field(),
        archived_at=_now_field(null=True),
    )
    document_version = _table(
        db, "document_version", indexes=((("document", "version"), True),),
        document=pw.ForeignKeyField(document, on_delete="CASCADE"),
        version=pw.IntegerField(),
        sha256=pw.CharField(max_length=64, index=True),
        original_name=pw.CharField(max_length=500),
        mime_type=pw.CharField(max_length=200, default="application/octet-stream"),
        size=pw.BigIntegerField(),
        added_at=_now_field(),
    )
    application_document = _table(
        db, "application_document", indexes=((("application", "version"), True),),
        application=pw.ForeignKeyField(application, on_delete="CASCADE"),
        version=pw.ForeignKeyField(document_version, on_delete="RESTRICT"),
        sent_at=_now_field(),
        note=pw.CharField(max_length=500, default=""),
    )
    note_template = _table(
        db, "note_template",
        key=pw.CharField(max_length=100, unique=True),
        name=pw.CharField(max_length=200),
        interaction_kind=pw.CharField(max_length=20, default="email"),
        subject=pw.CharField(max_length=500, default=""),
        body=pw.TextField(default=""),
        builtin=pw.BooleanField(default=False),
        created_at=_now_field(), updated_at=_now_field(),
        archived_at=_now_field(null=True),
    )
    outbox = _table(
        db, "outbox_message",
        application=pw.ForeignKeyField(application, null=True, on_delete="SET NULL"),
        contact=pw.ForeignKeyField(contact, null=True, on_delete="SET NULL"),
        template_key=pw.CharField(max_length=100, default=""),
        recipient=pw.CharField(max_length=500, default=""),
        subject=pw.CharField(max_length=500, default=""),
        body=pw.TextField(default=""),
        status=pw.CharField(max_length=10, default="draft"),
        error=pw.TextField(default=""),
        interaction=pw.ForeignKeyField(interaction, null=True, on_delete="SET NULL"),
        created_at=_now_field(),
        sent_at=_now_field(null=True),
    )
    action_decision = _table(
        db, "action_decision",
        action_key=pw.CharField(max_length=200, unique=True),
        application=pw.ForeignKeyField(application, null=True, on_delete="CASCADE"),
        state=pw.CharField(max_length=10),
        until=IsoDateField(null=True),
        reason=pw.CharField(max_length=500, default=""),
        decided_at=_now_field(),
    )
    setting = _table(
        db, "setting",
        key=pw.CharField(max_length=100, unique=True),
        value=pw.TextField(),
    )
    del company  # referenced only through the frozen contact/application copies
    db.create_tables(
        [event, event_interviewer, document, document_version, application_document,
         note_template, outbox, action_decision, setting],
        safe=False,
    )


def _step_3_interaction_contacts(db: pw.Database, migrator: SchemaMigrator) -> None:
    """A log entry can name several contacts: the ``interaction_contact`` link table. Every
    entry's existing ``contact`` is copied into it; the column stays as the first contact."""
    contact = _table(db, "contact")
    interaction = _table(db, "interaction")
    link = _table(
        db, "interaction_contact", indexes=((("interaction", "contact"), True),),
        interaction=pw.ForeignKeyField(interaction, on_delete="CASCADE"),
        contact=pw.ForeignKeyField(contact, on_delete="CASCADE"),
    )
    db.create_tables([link], safe=False)
    db.execute_sql(
        "INSERT INTO interaction_contact (interaction_id, contact_id) "
        "SELECT id, contact_id FROM interaction WHERE contact_id IS NOT NULL ORDER BY id")


def _step_4_change_journal(db: pw.Database, migrator: SchemaMigrator) -> None:
    """The change journal and its triggers (SQLite): an open window learns what other
    processes wrote. A later step that adds columns or rebuilds a table calls
    ``journal.install_triggers(db)`` again."""
    journal.install_triggers(db)


Step = Callable[[pw.Database, SchemaMigrator], None]
STEPS: tuple[tuple[int, Step], ...] = (
    (1, _step_1_core),
    (2, _step_2_calendar_documents),
    (3, _step_3_interaction_contacts),
    (4, _step_4_change_journal),
)
LATEST_VERSION = STEPS[-1][0]


def is_sqlite(db: pw.Database) -> bool:
    return isinstance(db, pw.SqliteDatabase)


def schema_version(db: pw.Database) -> int:
    if is_sqlite(db):
        return int(db.execute_sql("PRAGMA user_version").fetchone()[0])
    if VERSION_TABLE not in db.get_tables():
        return 0
    row = db.execute_sql(f"SELECT version FROM {VERSION_TABLE}").fetchone()
    return int(row[0]) if row else 0


def _set_version(db: pw.Database, version: int) -> None:
    if is_sqlite(db):
        db.execute_sql(f"PRAGMA user_version = {int(version)}")
        return
    db.execute_sql(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
    db.execute_sql(f"DELETE FROM {VERSION_TABLE}")
    db.execute_sql(f"INSERT INTO {VERSION_TABLE} (version) VALUES ({int(version)})")


def _check_foreign_keys(db: pw.Database, step: int) -> None:
    if not is_sqlite(db):
        return  # other engines enforce foreign keys during the step itself
    problems = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise StorageError(
            f"schema step {step} would leave {len(problems)} broken references "
            f"(first: {problems[0]!r}); the upgrade was rolled back and nothing changed"
        )


def pending_steps(db: pw.Database, target: int | None = None) -> list[int]:
    current = schema_version(db)
    target = LATEST_VERSION if target is None else target
    return [n for n, _ in STEPS if current < n <= target]


def migrate(db: pw.Database, target: int | None = None,
            before_step: Callable[[int, int], None] | None = None) -> list[int]:
    """Bring ``db`` to ``target`` (default: the latest version). Returns the steps applied.

    ``before_step(current_version, step)`` runs before each step (the backup hook).
    Raises ``DatabaseTooNewError`` for a database written by a newer JobDesk.
    """
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise DatabaseTooNewError(
            f"this database was written by a newer JobDesk (schema {current}; this version "
            f"reads up to {LATEST_VERSION}). Install the newer JobDesk; the file was not changed."
        )
    applied = []
    migrator = SchemaMigrator.from_database(db)
    for number, step in STEPS:
        if number <= current or (target is not None and number > target):
            continue
        if before_step is not None:
            before_step(current, number)
        with migrator.migration_context():
            step(db, migrator)
            _check_foreign_keys(db, number)
            _set_version(db, number)
        current = number
        applied.append(number)
    return applied
