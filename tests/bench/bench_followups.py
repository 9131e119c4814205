"""Follow-up engine benchmark: all proposals for 100,000 applications and 300,000 log entries
(plus 20,000 interview and offer events). Target: under 200 ms.

The same records are written to a real SQLite file and read back the way the Today view
reads them (``LiveSnapshot``: applications, events and companies as rows, the log as the
digest the database computes with one GROUP BY); the cycle collector is frozen after loading,
as the app does once its window is shown. Printed:

- the database's digest of the 300,000 log entries (paid at start-up; an edit re-reads the
  digest of the applications it touched),
- all proposals from the loaded records, as each Today refresh computes them (taking the
  snapshot included): the figure the target is about,
- the whole of ``jobdesk today`` after opening the database (load + digest + proposals),
- the rules fed with raw log rows, with the digest gathered in Python, for comparison.

    python tests/bench/bench_followups.py
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from jobdesk.db import schema as t
from jobdesk.db.database import DATABASE_FILE_NAME, open_database
from jobdesk.domain.enums import (
    CompanyStatus,
    Direction,
    EventKind,
    InteractionKind,
    Source,
    Stage,
)
from jobdesk.domain.followups import Snapshot, propose
from jobdesk.domain.rows import (
    ApplicationRow,
    CompanyRow,
    EventRow,
    InteractionRow,
)
from jobdesk.services.companies import name_key
from jobdesk.services.container import Services
from jobdesk.services.followups import FollowUpService, LiveSnapshot

TODAY = date(2026, 11, 23)


def build(n_apps=100_000, n_log=300_000, n_events=20_000, seed=3) -> Snapshot:
    rng = random.Random(seed)
    base = datetime(2026, 6, 1, tzinfo=UTC)
    stages = list(Stage)
    companies = [CompanyRow(i, f"Company {i}", "", "", "", "",
                            CompanyStatus.TARGET if i % 9 == 0 else CompanyStatus.ACTIVE,
                            base, base) for i in range(1, 5001)]
    apps = []
    for i in range(1, n_apps + 1):
        updated = base + timedelta(days=rng.randint(0, 170))
        promised = (TODAY + timedelta(days=rng.randint(-30, 10))) if i % 3 == 0 else None
        apps.append(ApplicationRow(i, rng.randint(1, 5000), "Company", "Analyst", "",
                                   Source.JOB_BOARD, None, rng.choice(stages),
                                   updated.date(), promised, "", "", updated, updated,
                                   base if i % 50 == 0 else None))
    kinds, directions = list(InteractionKind), [Direction.INCOMING, Direction.OUTGOING]
    log = [InteractionRow(i, rng.randint(1, n_apps), None, None, rng.choice(kinds),
                          rng.choice(directions), base + timedelta(minutes=rng.randint(0, 250_000)),
                          "", "", base) for i in range(1, n_log + 1)]
    events = []
    for i in range(1, n_events + 1):
        start = base + timedelta(hours=rng.randint(0, 4300))
        events.append(EventRow(i, rng.randint(1, n_apps),
                               EventKind.OFFER_DEADLINE if i % 40 == 0 else EventKind.INTERVIEW,
                               "", start, start + timedelta(hours=1), "UTC", False, "", "", "",
                               f"{i}@bench", (), start, start))
    return Snapshot(applications=apps, interactions=log, events=events, companies=companies)


def write(snapshot: Snapshot, data_dir: Path) -> None:
    """The same records in a real database file (bulk inserts, one transaction)."""
    db = open_database(path=data_dir / DATABASE_FILE_NAME)
    tables = [
        (t.Company, [{"id": c.id, "name": c.name, "name_key": name_key(c.name),
                      "match_key": name_key(c.name), "status": c.status.value,
                      "created_at": c.created_at, "updated_at": c.updated_at}
                     for c in snapshot.companies]),
        (t.Application, [{"id": a.id, "company": a.company_id, "job_title": a.job_title,
                          "stage": a.stage.value, "source": a.source.value,
                          "applied_on": a.applied_on, "response_promised_on":
                          a.response_promised_on, "created_at": a.created_at,
                          "updated_at": a.updated_at, "archived_at": a.archived_at}
                         for a in snapshot.applications]),
        (t.Interaction, [{"id": i.id, "application": i.application_id, "kind": i.kind.value,
                          "direction": i.direction.value, "occurred_at": i.occurred_at,
                          "summary": "Note about the process", "created_at": i.created_at}
                         for i in snapshot.interactions]),
        (t.Event, [{"id": e.id, "application": e.application_id, "kind": e.kind.value,
                    "title": "Interview", "starts_at": e.starts_at, "ends_at": e.ends_at,
                    "timezone": e.timezone, "uid": e.uid, "created_at": e.created_at,
                    "updated_at": e.updated_at} for e in snapshot.events]),
    ]
    with db.atomic():
        for table, rows in tables:
            for i in range(0, len(rows), 2000):
                table.insert_many(rows[i:i + 2000]).execute()
    db.close()


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def line(label: str, times: list[float], extra: str = "") -> None:
    print(f"{label}: median {statistics.median(times) * 1000:.0f} ms, best "
          f"{min(times) * 1000:.0f} ms over {len(times)} runs{extra}")


def main() -> None:
    loop = time.perf_counter()
    for _ in range(10_000_000):
        pass
    loop = time.perf_counter() - loop
    print(f"machine: load {os.getloadavg()[0]:.2f}, a bare 10-million-step Python loop "
          f"takes {loop:.2f} s")
    t0 = time.perf_counter()
    records = build()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        write(records, data_dir)
        print(f"built and wrote 100,000 applications, 300,000 log entries, 20,000 events in "
              f"{time.perf_counter() - t0:.1f} s")
        del records
        gc.collect()

        services = Services.build(open_database(path=data_dir / DATABASE_FILE_NAME))
        engine = FollowUpService(services, tz=UTC)
        times, _ = timed(services.interactions.log_digest, 5)
        line("log digest by the database (GROUP BY over 300,000 entries)", times)
        live = LiveSnapshot(services)
        gc.freeze()  # as the app does after start-up
        times, proposals = timed(lambda: propose(live.snapshot(), TODAY), 9)
        line("ALL PROPOSALS from the loaded records", times,
             f" ({len(proposals):,} proposals); target < 200 ms")
        snapshot = live.snapshot()
        times, _ = timed(lambda: engine.health(TODAY, snapshot), 5)
        line("pipeline health and courtesy ledger", times)
        times, _ = timed(lambda: engine.proposals(TODAY), 3)
        line("`jobdesk today` after opening the database (load, digest, proposals)", times)
        gc.unfreeze()

        raw = services.interactions.list()
        snapshot = Snapshot(applications=snapshot.applications, events=snapshot.events,
                            companies=snapshot.companies, interactions=raw)
        times, slow = timed(lambda: propose(snapshot, TODAY), 3)
        line("for comparison, the digest gathered in Python from 300,000 rows + rules", times)
        assert len(slow) == len(proposals)
        services.store.db.close()


if __name__ == "__main__":
    main()
