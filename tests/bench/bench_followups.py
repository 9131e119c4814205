"""Follow-up engine benchmark: all proposals for 100,000 applications and 300,000 log entries
(plus 20,000 interview events). Target: under 200 ms.

    python tests/bench/bench_followups.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

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


def main() -> None:
    t0 = time.perf_counter()
    snapshot = build()
    print(f"built 100,000 applications, 300,000 log entries, 20,000 events in "
          f"{time.perf_counter() - t0:.1f} s")
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        proposals = propose(snapshot, TODAY)
        runs.append(time.perf_counter() - t0)
    print(f"all proposals: median {statistics.median(runs) * 1000:.0f} ms, best "
          f"{min(runs) * 1000:.0f} ms over {len(runs)} runs ({len(proposals):,} proposals); "
          "target < 200 ms")


if __name__ == "__main__":
    main()
