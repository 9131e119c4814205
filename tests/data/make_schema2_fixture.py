"""Regenerate ``jobdesk-schema-2.sqlite3``: a database as JobDesk schema 2 left it.

The same companies, contacts, applications and log entries as the schema-1 fixture
(``make_schema1_fixture.py``), built by the real steps 1 and 2 (``migrate(db, target=2)``),
plus a row or two in every table step 2 added: events with interviewers, a document with a
version sent with an application, a note template, an outbox message, an action decision and
a setting. Plain SQL with fixed timestamps, so the file is the same on every run with the same
SQLite. Tests copy it before opening it; never open the committed file directly.

Run from anywhere:  python tests/data/make_schema2_fixture.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import make_schema1_fixture as v1  # noqa: E402

from jobdesk.db import migrations  # noqa: E402
from jobdesk.db.database import sqlite_database  # noqa: E402

FIXTURE = HERE / "jobdesk-schema-2.sqlite3"

# id, application_id, kind, title, starts_at, ends_at, timezone, all_day, uid, sequence
EVENTS = [
    (1, 2, "interview", "Technical interview", "2025-01-20 10:00:00", "2025-01-20 11:00:00",
     "Europe/Berlin", 0, "evt-1@jobdesk.app", 0),
    (2, 6, "offer_deadline", "", "2025-02-14 00:00:00", None, "Europe/Zurich", 1,
     "evt-2@jobdesk.app", 1),
]
EVENT_INTERVIEWERS = [(1, 1, 2), (2, 1, 1)]  # id, event_id, contact_id
STEP_2_ROWS = [
    ("INSERT INTO document (id, label, kind, notes, created_at) VALUES "
     "(1, 'Resume - data roles', 'resume', '', ?)", (v1.T0,)),
    ("INSERT INTO document_version (id, document_id, version, sha256, original_name, "
     "mime_type, size, added_at) VALUES (1, 1, 1, ?, 'resume.pdf', 'application/pdf', 1234, ?)",
     ("0" * 64, v1.T0)),
    ("INSERT INTO application_document (id, application_id, version_id, sent_at, note) "
     "VALUES (1, 1, 1, ?, '')", (v1.T0,)),
    ("INSERT INTO note_template (id, key, name, interaction_kind, subject, body, builtin, "
     "created_at, updated_at) VALUES (1, 'my-note', 'My note', 'email', 'Hi', 'Hello', 0, ?, ?)",
     (v1.T0, v1.T1)),
    ("INSERT INTO outbox_message (id, application_id, contact_id, template_key, recipient, "
     "subject, body, status, error, interaction_id, created_at) VALUES "
     "(1, 2, 2, 'thank_you', 'jonas@acme.example', 'Thank you', 'Thanks!', 'sent', '', 4, ?)",
     (v1.T1,)),
    ("INSERT INTO action_decision (id, action_key, application_id, state, until, reason, "
     "decided_at) VALUES (1, 'review:1', 1, 'snoozed', '2025-02-20', '', ?)", (v1.T2,)),
    ("INSERT INTO setting (id, key, value) VALUES (1, 'me.name', '\"Alex Candidate\"')", ()),
]


def build(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite_database(path)
    db.connect()
    try:
        assert migrations.migrate(db, target=2) == [1, 2]
        with db.atomic():
            for row in v1.COMPANIES:
                db.execute_sql(
                    "INSERT INTO company (id, name, name_key, match_key, website, industry, "
                    "location, notes, status, created_at, updated_at, archived_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*row[:9], v1.T0, v1.T1, row[9]))
            for row in v1.CONTACTS:
                db.execute_sql(
                    "INSERT INTO contact (id, company_id, name, title, email, phone, "
                    "profile_url, relationship, notes, created_at, updated_at, archived_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*row[:9], v1.T0, v1.T1, row[9]))
            for row in v1.APPLICATIONS:
                db.execute_sql(
                    "INSERT INTO application (id, company_id, job_title, posting_url, source, "
                    "referral_contact_id, stage, applied_on, response_promised_on, "
                    "salary_range, job_description, notes, created_at, updated_at, "
                    "archived_at, stage_changed_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*row[:12], v1.T0, v1.T1, row[12], v1.T1))
            for row in v1.INTERACTIONS:
                db.execute_sql(
                    "INSERT INTO interaction (id, application_id, company_id, contact_id, kind, "
                    "direction, occurred_at, summary, body, created_at, archived_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*row[:9], v1.T0, row[9]))
            for row in EVENTS:
                db.execute_sql(
                    "INSERT INTO event (id, application_id, kind, title, starts_at, ends_at, "
                    "timezone, all_day, location, notes, questions, uid, sequence, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '', '', ?, ?, ?, ?)",
                    (*row, v1.T0, v1.T1))
            for row in EVENT_INTERVIEWERS:
                db.execute_sql("INSERT INTO event_interviewer (id, event_id, contact_id) "
                               "VALUES (?, ?, ?)", row)
            for sql, params in STEP_2_ROWS:
                db.execute_sql(sql, params)
        problems = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        assert not problems, problems
        assert migrations.schema_version(db) == 2
    finally:
        db.close()  # the last connection checkpoints and removes the -wal file


if __name__ == "__main__":
    build(FIXTURE)
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size} bytes)")
