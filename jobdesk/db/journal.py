"""The change journal: what every connection wrote, so an open window learns about the writes
of another process (``jobdesk attach`` in a terminal, a second computer on a shared file).

SQLite triggers append one small row per changed record to ``change_journal`` inside the
writing transaction itself, whoever writes (JobDesk, a headless command, even the ``sqlite3``
shell): there is no window where a committed change is missing from the journal. A reader
polls ``PRAGMA data_version`` (it changes only when *another* connection committed), and only
then reads the journal rows after the last id it saw: a primary-key range read, independent of
the size of the tables.

A row names the entity (``Entity`` values), the record id, whether rows appeared or
disappeared (insert, delete, archive, restore) and, for an update, the columns whose value
changed (comma-separated, ``updated_at`` left out), so the change-sets rebuilt from it look
like the ones the services publish. Link tables are journalled as the record they describe
(an interviewer as its event, a contact a log entry names as that entry, a sent document as
its application's ``documents`` and its document). The triggers are generated from the
columns the tables have when they are installed: a schema step that adds columns or rebuilds
a table calls ``install_triggers`` again (it replaces them).

SQLite only: on other engines there is no journal and ``Journal.available`` is False.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

TABLE = "change_journal"
KEEP_DAYS = 1.0  # older rows are pruned at start: a window polls every few seconds

# table -> (entity, has archived_at); the record tables
_RECORDS: dict[str, tuple[str, bool]] = {
    "company": ("company", True),
    "contact": ("contact", True),
    "application": ("application", True),
    "interaction": ("interaction", True),
    "event": ("event", True),
    "document": ("document", True),
    "note_template": ("template", True),
    "outbox_message": ("outbox", False),
    "action_decision": ("action", False),
}
_SKIPPED_COLUMNS = {"id", "updated_at"}


def is_sqlite(db: pw.Database) -> bool:
    return isinstance(db, pw.SqliteDatabase)


def _columns(db: pw.Database, table: str) -> list[str]:
    return [row[1] for row in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()]


def _changed_fields(columns: list[str]) -> str:
    parts = [f"CASE WHEN OLD.\"{c}\" IS NOT NEW.\"{c}\" THEN '{c},' ELSE '' END"
             for c in columns if c not in _SKIPPED_COLUMNS]
    return "rtrim(" + " || ".join(parts) + ", ',')" if parts else "''"


def _insert(entity: str, row_id: str, structural: str, fields: str) -> str:
    return (f"INSERT INTO {TABLE} (entity, row_id, structural, fields) "
            f"VALUES ('{entity}', {row_id}, {structural}, {fields});")


def _trigger_sql(db: pw.Database) -> dict[str, str]:
    """name -> CREATE TRIGGER statement, for the tables the database has."""
    tables = set(db.get_tables())
    out: dict[str, str] = {}

    def add(table: str, event: str, body: str) -> None:
        name = f"{TABLE}_{table}_{event.lower()}"
        out[name] = (f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" '
                     f"FOR EACH ROW BEGIN {body} END")

    for table, (entity, archivable) in _RECORDS.items():
        if table not in tables:
            continue
        add(table, "INSERT", _insert(entity, "NEW.id", "1", "''"))
        add(table, "DELETE", _insert(entity, "OLD.id", "1", "''"))
        structural = ("CASE WHEN OLD.archived_at IS NOT NEW.archived_at THEN 1 ELSE 0 END"
                      if archivable else "0")
        add(table, "UPDATE", _insert(entity, "NEW.id", structural,
                                     _changed_fields(_columns(db, table))))
    if "setting" in tables:  # the key is what subscribers look at
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            add("setting", event, _insert("setting", f"{ref}.id", "0", f"{ref}.key"))
    if "event_interviewer" in tables:
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            add("event_interviewer", event,
                _insert("event", f"{ref}.event_id", "0", "'interviewers'"))
    if "interaction_contact" in tables:  # whom a log entry names
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            add("interaction_contact", event,
                _insert("interaction", f"{ref}.interaction_id", "0", "'contacts'"))
    if "document_version" in tables:
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            add("document_version", event,
                _insert("document", f"{ref}.document_id", "0", "'versions'"))
    if "application_document" in tables:
        for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            document = f"(SELECT document_id FROM document_version WHERE id = {ref}.version_id)"
            add("application_document", event,
                _insert("application", f"{ref}.application_id", "0", "'documents'")
                + " " + _insert("document", f"coalesce({document}, 0)", "0", "'uses'"))
    return out


def install_triggers(db: pw.Database) -> None:
    """Create the journal table (if missing) and (re)create its triggers. SQLite only."""
    if not is_sqlite(db):
        return
    db.execute_sql(
        f"CREATE TABLE IF NOT EXISTS {TABLE} ("
        "id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "entity TEXT NOT NULL, row_id INTEGER NOT NULL, "
        "structural INTEGER NOT NULL DEFAULT 0, fields TEXT NOT NULL DEFAULT '', "
        "at REAL NOT NULL DEFAULT (julianday('now')))")
    existing = {r[0] for r in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
        (f"{TABLE}_%",)).fetchall()}
    for name in existing:
        db.execute_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    for sql in _trigger_sql(db).values():
        db.execute_sql(sql)


@dataclass(frozen=True)
class JournalEntry:
    id: int
    entity: str
    row_id: int
    structural: bool
    fields: tuple[str, ...]


class Journal:
    """Reads of the journal on one connection (the GUI thread's)."""

    def __init__(self, db: pw.Database):
        self.db = db
        self.available = is_sqlite(db) and TABLE in db.get_tables()

    def data_version(self) -> int:
        return int(self.db.execute_sql("PRAGMA data_version").fetchone()[0])

    def last_id(self) -> int:
        return int(self.db.execute_sql(f"SELECT coalesce(max(id), 0) FROM {TABLE}")
                   .fetchone()[0])

    def first_id(self) -> int:
        return int(self.db.execute_sql(f"SELECT coalesce(min(id), 0) FROM {TABLE}")
                   .fetchone()[0])

    def after(self, last_id: int, limit: int = 200_000) -> list[JournalEntry]:
        rows = self.db.execute_sql(
            f"SELECT id, entity, row_id, structural, fields FROM {TABLE} "
            "WHERE id > ? ORDER BY id LIMIT ?", (last_id, limit)).fetchall()
        return [JournalEntry(id_, entity, row_id, bool(structural),
                             tuple(f for f in (fields or "").split(",") if f))
                for id_, entity, row_id, structural, fields in rows]

    def all_ids(self, entity: str) -> list[int]:
        """Every id of a record table (the catch-up after the journal was pruned)."""
        table = next((t for t, (e, _a) in _RECORDS.items() if e == entity), None)
        if table is None:
            return []
        return [r[0] for r in self.db.execute_sql(f'SELECT id FROM "{table}"').fetchall()]

    def prune(self, keep_days: float = KEEP_DAYS) -> int:
        """Delete rows older than ``keep_days`` (one short write transaction)."""
        with self.db.atomic():
            cursor = self.db.execute_sql(
                f"DELETE FROM {TABLE} WHERE at < julianday('now') - ?", (keep_days,))
        return cursor.rowcount
