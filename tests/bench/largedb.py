"""Build a large, realistic database quickly for benchmarks (bulk inserts, one transaction)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from jobdesk.db import schema as t
from jobdesk.db.database import DATABASE_FILE_NAME, open_database
from jobdesk.domain.enums import Direction, InteractionKind, Source, Stage
from jobdesk.domain.text import company_key
from jobdesk.services.companies import name_key

WORDS = ["North", "Bright", "Kestrel", "Aurora", "Fjord", "Helix", "Mosaic", "Pine", "Quarry",
         "River", "Solstice", "Tide", "Umbra", "Verdant", "Wayfarer", "Xylo", "Yarrow", "Zenith",
         "Atlas", "Beacon", "Cobalt", "Dovetail", "Ember", "Foxglove", "Granite", "Zürich"]
KINDS = ["Analytics", "Logistics", "Health", "Energy", "Payments", "Labs", "Learning", "Software",
         "Media", "Robotics", "Security", "Foods", "Maps", "Cloud", "Retail", "Games", "Bank"]
TITLES = ["Data Analyst", "Senior Data Analyst", "Analytics Engineer", "Data Engineer",
          "Product Analyst", "BI Developer", "Data Scientist", "Machine Learning Engineer",
          "Lead Data Analyst", "Staff Engineer", "Backend Developer", "Product Manager"]


def build(data_dir: Path, applications: int = 100_000, companies: int = 5_000,
          contacts: int = 20_000, interactions: int = 0, seed: int = 1) -> Path:
    rng = random.Random(seed)
    data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(path=data_dir / DATABASE_FILE_NAME)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    stages = [s.value for s in Stage]
    sources = [s.value for s in Source]
    with db.atomic():
        rows = []
        names = set()
        while len(rows) < companies:
            name = f"{rng.choice(WORDS)} {rng.choice(KINDS)} {len(rows)}"
            if name in names:
                continue
            names.add(name)
            rows.append({"name": name, "name_key": name_key(name), "match_key": company_key(name),
                         "status": "active", "created_at": now, "updated_at": now})
        for i in range(0, len(rows), 1000):
            t.Company.insert_many(rows[i:i + 1000]).execute()
        rows = [{"company": rng.randint(1, companies), "name": f"Person {i}",
                 "email": f"person{i}@example.com", "relationship": "recruiter",
                 "created_at": now, "updated_at": now} for i in range(contacts)]
        for i in range(0, len(rows), 1000):
            t.Contact.insert_many(rows[i:i + 1000]).execute()
        batch = []
        for i in range(applications):
            applied = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
            batch.append({
                "company": rng.randint(1, companies), "job_title": rng.choice(TITLES),
                "stage": rng.choice(stages), "source": rng.choice(sources),
                "applied_on": applied, "salary_range": "EUR 60-70k" if i % 3 else "",
                "notes": "Referred by a former colleague" if i % 17 == 0 else "",
                "posting_url": f"https://jobs.example/{i}",
                "created_at": now, "updated_at": now})
            if len(batch) == 1000:
                t.Application.insert_many(batch).execute()
                batch = []
        if batch:
            t.Application.insert_many(batch).execute()
        batch = []
        kinds = [InteractionKind.EMAIL.value, InteractionKind.CALL.value,
                 InteractionKind.FOLLOW_UP.value, InteractionKind.INTERVIEW.value]
        for i in range(interactions):
            app_id = rng.randint(1, applications)
            when = now - timedelta(minutes=rng.randint(0, 400_000))
            batch.append({"application": app_id, "kind": rng.choice(kinds),
                          "direction": rng.choice([Direction.INCOMING.value,
                                                   Direction.OUTGOING.value]),
                          "occurred_at": when, "summary": f"Note {i} about the process",
                          "body": "", "created_at": when})
            if len(batch) == 1000:
                t.Interaction.insert_many(batch).execute()
                batch = []
        if batch:
            t.Interaction.insert_many(batch).execute()
    db.close()
    return data_dir
