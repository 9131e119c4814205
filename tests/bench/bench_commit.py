"""Cost per commit in WAL mode with synchronous=FULL (what JobDesk uses) versus NORMAL.

Run: PYTHONPATH=. python tests/bench/bench_commit.py [N]
Prints the median and 95th percentile per commit, for a bare single-row UPDATE + commit and
for a full service edit (validation, one transaction, change-set), on a real file in a temp
folder (the same disk as the data folder would be: set TMPDIR to measure another one).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from jobdesk.db.database import DATABASE_FILE_NAME, SQLITE_PRAGMAS, open_database
from jobdesk.services.container import Services


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def measure(synchronous: int, n: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        SQLITE_PRAGMAS["synchronous"] = synchronous
        db = open_database(path=Path(tmp) / DATABASE_FILE_NAME)
        mode = db.execute_sql("PRAGMA synchronous").fetchone()[0]
        assert mode == synchronous, mode
        services = Services.build(db)
        company = services.companies.create(name="Bench")
        raw, service = [], []
        for i in range(n):
            start = time.perf_counter()
            with db.atomic():
                db.execute_sql("UPDATE company SET notes = ? WHERE id = ?", (str(i), company.id))
            raw.append(time.perf_counter() - start)
        for i in range(n):
            start = time.perf_counter()
            services.companies.set_field(company.id, "notes", f"note {i}")
            service.append(time.perf_counter() - start)
        db.close()
        return raw, service


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    original = SQLITE_PRAGMAS["synchronous"]
    print(f"WAL, {n} commits each, temp dir {tempfile.gettempdir()}")
    print(f"{'synchronous':<12} {'what':<26} {'median ms':>10} {'p95 ms':>8}")
    try:
        for name, level in (("FULL", 2), ("NORMAL", 1)):
            raw, service = measure(level, n)
            for what, values in (("UPDATE + commit", raw), ("service edit (set_field)", service)):
                print(f"{name:<12} {what:<26} {statistics.median(values) * 1000:>10.3f} "
                      f"{percentile(values, 0.95) * 1000:>8.3f}")
    finally:
        SQLITE_PRAGMAS["synchronous"] = original


if __name__ == "__main__":
    main()
