"""Cost of keeping an open window in step with other processes, on the 100,000-application
benchmark database: one idle poll, one poll after this process's own write, one catch-up
after another connection wrote (1 and 1,000 rows), and what the journal triggers add to a
write.

Run: PYTHONPATH=. python tests/bench/bench_sync.py [APPLICATIONS]
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from jobdesk.db import journal
from jobdesk.db.database import DATABASE_FILE_NAME, open_database
from jobdesk.services.container import Services
from jobdesk.services.external_changes import ExternalChanges
from tests.bench.largedb import build


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"median {statistics.median(values) * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        build(Path(tmp), applications=n, companies=n // 20, contacts=n // 5)
        print(f"built {n:,} applications with the journal triggers in "
              f"{time.perf_counter() - started:.1f} s")
        db = open_database(path=Path(tmp) / DATABASE_FILE_NAME)
        services = Services.build(db)
        fetched: list[int] = []
        # what the table model does with a change-set: fetch the changed rows by id
        services.bus.subscribe(lambda c: fetched.append(len(services.applications.get_many(c.ids)))
                               if c.entity.value == "application" else None)
        watcher = ExternalChanges(services.store, services.bus)
        rows = db.execute_sql(f"SELECT count(*) FROM {journal.TABLE}").fetchone()[0]
        print(f"journal rows after the build: {rows:,}")

        idle = []
        for _ in range(2000):
            t0 = time.perf_counter()
            watcher.poll()
            idle.append(time.perf_counter() - t0)
        print(f"idle poll (nothing changed): {ms(idle)}")

        own = []
        for i in range(200):
            services.applications.set_field(1 + i, "notes", f"own {i}")
            t0 = time.perf_counter()
            assert watcher.poll() == []
            own.append(time.perf_counter() - t0)
        print(f"poll after an own write: {ms(own)}")

        other = sqlite3.connect(Path(tmp) / DATABASE_FILE_NAME, isolation_level=None,
                                timeout=5)
        one, many = [], []
        for i in range(100):
            other.execute("UPDATE application SET notes = ? WHERE id = ?", (f"o{i}", 500 + i))
            t0 = time.perf_counter()
            changes = watcher.poll()
            one.append(time.perf_counter() - t0)
            assert changes and changes[0].ids == {500 + i}
        print(f"catch-up after another process changed 1 application: {ms(one)}")
        for i in range(10):
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE application SET stage = 'applied' WHERE id BETWEEN ? AND ?",
                          (1000 * i + 1, 1000 * i + 1000))
            other.execute("COMMIT")
            t0 = time.perf_counter()
            watcher.poll()
            many.append(time.perf_counter() - t0)
        print(f"catch-up after another process changed 1,000 applications: {ms(many)}")
        other.close()

        with_triggers = []
        for i in range(300):
            t0 = time.perf_counter()
            services.applications.set_field(2000 + i, "notes", f"t {i}")
            with_triggers.append(time.perf_counter() - t0)
        names = [r[0] for r in db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()]
        for name in names:
            db.execute_sql(f'DROP TRIGGER "{name}"')
        without = []
        for i in range(300):
            t0 = time.perf_counter()
            services.applications.set_field(3000 + i, "notes", f"t {i}")
            without.append(time.perf_counter() - t0)
        print(f"service edit with the journal trigger: {ms(with_triggers)}")
        print(f"service edit without it:              {ms(without)}")
        db.close()


if __name__ == "__main__":
    main()
