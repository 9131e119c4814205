"""Calendar month view with 5,000 events: time to repaint and to switch months.

Run: PYTHONPATH=. python tests/bench/bench_calendar.py
Prints the median and worst of repeated measurements; the target is under 30 ms each.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTableView

from jobdesk.db.database import open_database
from jobdesk.domain.enums import EventKind
from jobdesk.services.calendar import CalendarService
from jobdesk.services.container import Services
from jobdesk.ui.calendar_pane import CalendarPane

EVENTS = 5_000
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def fill(services: Services) -> None:
    rng = random.Random(3)
    kinds = list(EventKind)
    with services.bus.hold(), services.store.transaction():
        apps = []
        for n in range(200):
            company = services.companies.create(name=f"Company {n}")
            apps.append(services.applications.create(
                company_id=company.id, job_title=f"Analyst {n}", stage="interviewing",
                response_promised_on=(NOW + timedelta(days=rng.randint(-60, 300))).date()))
        for n in range(EVENTS):
            start = NOW + timedelta(days=rng.randint(-180, 365), hours=rng.randint(0, 10))
            services.events.create(application_id=apps[n % len(apps)].id,
                                   kind=kinds[n % len(kinds)], starts_at=start,
                                   ends_at=start + timedelta(hours=1), timezone="Europe/Berlin")


def measure(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def count_paint_cells(calendar) -> list[int]:
    """Count ``calendar.paintCell`` calls from here on (Qt calls the instance's own
    paintCell, if it has one)."""
    calls = [0]
    paint_cell = calendar.paintCell

    def counted(painter, rect, day):
        calls[0] += 1
        paint_cell(painter, rect, day)

    calendar.paintCell = counted
    return calls


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="bench-cal-"))
    db = open_database(path=folder / "bench.sqlite3")
    services = Services.build(db, clock=lambda: NOW)
    services.calendar = CalendarService(services.store, services.bus, services.events,
                                        services.applications, services.contacts,
                                        clock=lambda: NOW, zone="Europe/Berlin")
    t0 = time.perf_counter()
    fill(services)
    print(f"filled {EVENTS:,} events in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    pane = CalendarPane(services)
    pane.resize(1200, 760)
    pane.show()
    app.processEvents()
    print(f"pane built (index of {EVENTS:,} events + 200 promises) in "
          f"{(time.perf_counter() - t0) * 1000:.0f} ms")
    cal = pane.calendar
    paint_calls = count_paint_cells(cal)
    grid = cal.findChild(QTableView).viewport()  # the month grid that paintCell draws

    before = paint_calls[0]
    repaint = measure(grid.repaint, 50)
    assert paint_calls[0] - before >= 50 * 42, "the grid did not repaint"
    page_only = []
    months = [(2026, m) for m in range(1, 13)] * 4

    def switch():
        year, month = months.pop()
        t0 = time.perf_counter()
        cal.setCurrentPage(year, month)  # marks for the page come from the in-memory index
        page_only.append((time.perf_counter() - t0) * 1000)
        grid.repaint()  # the switch is done when the new month is on screen

    switching = measure(switch, 48)
    marked = len(cal.marks)
    for name, values in (("repaint month view", repaint), ("switch month + repaint", switching),
                         ("  of which the page switch", page_only)):
        print(f"{name}: median {statistics.median(values):.1f} ms, "
              f"worst {max(values):.1f} ms over {len(values)} runs (target < 30 ms)")
    print(f"marked days on the last page: {marked}; paintCell calls: {paint_calls[0]:,}")
    pane.detach()
    db.close()
    ok = max(statistics.median(repaint), statistics.median(switching)) < 30
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
