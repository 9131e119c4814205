"""Regenerate ``jobdesk-schema-1.sqlite3``: a database as JobDesk schema 1 left it.

The schema comes from the real step 1 (``migrations.migrate(db, target=1)`` on a database opened
the way JobDesk opens it, so WAL and foreign keys are on). Rows are written with plain SQL and
fixed timestamps, so the file is the same on every run with the same SQLite. The migration
tests copy it to a temporary folder before opening it; never open the committed file directly.

Run from anywhere:  python tests/data/make_schema1_fixture.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jobdesk.db import migrations  # noqa: E402
from jobdesk.db.database import sqlite_database  # noqa: E402

FIXTURE = Path(__file__).with_name("jobdesk-schema-1.sqlite3")

T0 = "2025-01-06 09:00:00"
T1 = "2025-02-03 14:30:00"
T2 = "2025-02-10 08:15:00"

# id, name, name_key, match_key, website, industry, location, notes, status, archived_at
COMPANIES = [
    (1, "Acme Inc.", "acme inc.", "acme", "https://acme.example", "Tools", "Berlin",
     "Makes everything", "active", None),
    (2, "Zürich Dätä AG", "zurich data ag", "zurichdata", "", "Data", "Zürich", "", "target",
     None),
    (3, "Globex Ltd", "globex ltd", "globex", "https://globex.example", "", "", "", "paused",
     T2),
    (4, "Initech", "initech", "initech", "", "Software", "Austin", "line one\nline two",
     "moved_on", None),
]
# id, company_id, name, title, email, phone, profile_url, relationship, notes, archived_at
CONTACTS = [
    (1, 1, "Maria López", "Recruiter", "maria@acme.example", "+49 30 1234567", "", "recruiter",
     "", None),
    (2, 1, "Jonas Becker", "Engineering Manager", "jonas@acme.example", "", "",
     "hiring_manager", "", None),
    (3, 2, "Aisha Rahman", "Data Lead", "aisha@zurich.example", "", "https://p.example/aisha",
     "interviewer", "", None),
    (4, None, "Lukas Novak", "Former colleague", "lukas@mail.example", "", "", "referral",
     "knows everyone", None),
    (5, 3, "Sofia Rossi", "", "", "", "", "other", "", T2),
]
# id, company_id, job_title, posting_url, source, referral_contact_id, stage, applied_on,
# response_promised_on, salary_range, job_description, notes, archived_at
APPLICATIONS = [
    (1, 1, "Data Analyst", "https://acme.example/jobs/1", "job_board", None, "applied",
     "2025-01-10", "2025-01-24", "EUR 60-70k", "Analyse data.", "", None),
    (2, 1, "Analytics Engineer", "", "referral", 4, "interviewing", "2025-01-12", None, "",
     "Build models.", "ask about on-call", None),
    (3, 2, "Data Engineer", "https://zurich.example/careers/7", "company_site", None,
     "rejected", "2024-12-01", None, "CHF 110k", "", "", None),
    (4, 3, "BI Developer", "", "recruiter", 5, "no_response", "2024-11-20", None, "", "", "",
     T2),
    (5, 4, "Product Analyst", "", "networking", 4, "interested", None, None, "", "", "", None),
    (6, 2, "Senior Data Analyst", "", "other", 3, "offer", "2025-01-02", "2025-02-14", "", "",
     "", None),
]
# id, application_id, company_id, contact_id, kind, direction, occurred_at, summary, body,
# archived_at
INTERACTIONS = [
    (1, 1, 1, None, "email", "out", "2025-01-10 10:00:00", "Applied", "Sent resume.", None),
    (2, 1, 1, 1, "call", "in", "2025-01-15 14:00:00", "Recruiter screen", "", None),
    (3, 2, 1, 2, "interview", "in", "2025-01-20 11:00:00", "Interview", "Went well.", None),
    (4, 2, 1, 2, "thank_you", "out", "2025-01-20 18:00:00", "Thank-you note", "", None),
    (5, 3, 2, None, "rejection", "in", "2024-12-20 16:00:00", "Rejection", "", None),
    (6, None, 2, 3, "meeting", "in", "2024-11-02 12:00:00", "Coffee chat", "", None),
    (7, None, None, 4, "note", "internal", "2024-10-01 09:00:00", "Ask Lukas for intros", "",
     None),
    (8, 4, 3, 5, "follow_up", "out", "2024-12-05 09:00:00", "Check-in #1", "", T2),
    (9, 6, 2, 3, "offer", "in", "2025-02-03 15:00:00", "Offer call", "Verbal offer.", None),
]


def build(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite_database(path)
    db.connect()
    try:
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1  # as JobDesk opens it
        assert migrations.migrate(db, target=1) == [1]
        with db.atomic():
            for row in COMPANIES:
                db.execute_sql(
                    "INSERT INTO company (id, name, name_key, match_key, website, industry, "
                    "location, notes, status, created_at, updated_at, archived_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*row[:9], T0, T1, row[9]))
            for row in CONTACTS:
                db.execute_sql(
                    "INSERT INTO contact (id, company_id, name, title, email, phone, "
                    "profile_url, relationship, notes, created_at, updated_at, archived_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*row[:9], T0, T1, row[9]))
            for row in APPLICATIONS:
                db.execute_sql(
                    "INSERT INTO application (id, company_id, job_title, posting_url, source, "
                    "referral_contact_id, stage, applied_on, response_promised_on, "
                    "salary_range, job_description, notes, created_at, updated_at, archived_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*row[:12], T0, T1, row[12]))
            for row in INTERACTIONS:
                db.execute_sql(
                    "INSERT INTO interaction (id, application_id, company_id, contact_id, kind, "
                    "direction, occurred_at, summary, body, created_at, archived_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*row[:9], T0, row[9]))
        problems = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        assert not problems, problems
        assert migrations.schema_version(db) == 1
    finally:
        db.close()  # the last connection checkpoints and removes the -wal file


if __name__ == "__main__":
    build(FIXTURE)
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size} bytes)")
