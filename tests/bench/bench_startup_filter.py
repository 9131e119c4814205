"""Foundation benchmark on 100,000 applications (5,000 companies, 20,000 contacts).

Prints: time from process start to the window shown (median of 3 runs of
``jobdesk --smoke-test``), time to filter the Applications view by a typed string (per
keystroke, through the real search field), and peak memory of the app process.

    python tests/bench/bench_startup_filter.py
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.largedb import build

N_APPLICATIONS = 100_000


def startup_runs(data_dir: Path, runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        started = time.time()
        out = subprocess.run([sys.executable, "-m", "jobdesk", "--data-dir", str(data_dir),
                              "--smoke-test"], capture_output=True, text=True, env=env,
                             check=True).stdout
        shown = float(re.search(r"epoch=([0-9.]+)", out).group(1))
        times.append(shown - started)
    return times


def filter_timings(data_dir: Path, text: str) -> tuple[list[float], int, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from jobdesk.db.database import DATABASE_FILE_NAME, open_database
    from jobdesk.domain.changes import Entity
    from jobdesk.services.container import Services
    from jobdesk.ui.main_window import MainWindow
    from jobdesk.ui.settings import UiSettings

    app = QApplication.instance() or QApplication([])
    services = Services.build(open_database(path=data_dir / DATABASE_FILE_NAME))
    window = MainWindow(services, UiSettings.in_dir(data_dir))
    window.show()
    app.processEvents()
    # sort orders are built in idle moments after loading (a user does not type within the
    # first second); wait for that so the keystrokes measure the filter, not the idle work
    t0 = time.perf_counter()
    while not all(m.sorts_prepared() for m in window.models.values()):
        app.processEvents()
    print(f"sort orders built in idle time after the window showed: "
          f"{time.perf_counter() - t0:.2f} s")
    window.tabs.setCurrentWidget(window.views[Entity.APPLICATION])
    app.processEvents()
    view = window.views[Entity.APPLICATION]
    timings = []
    for ch in text:
        t0 = time.perf_counter()
        QTest.keyClick(view.search, ch)
        app.processEvents()  # the view repaints the filtered rows
        timings.append(time.perf_counter() - t0)
    shown = view.model.rowCount()
    t0 = time.perf_counter()
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    app.processEvents()
    sort_time = time.perf_counter() - t0
    window.close()
    return timings, shown, sort_time


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        t0 = time.perf_counter()
        build(data_dir, applications=N_APPLICATIONS)
        print(f"built {N_APPLICATIONS:,} applications in {time.perf_counter() - t0:.1f} s")
        starts = startup_runs(data_dir)
        child_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"process start -> window shown: median {statistics.median(starts):.2f} s "
              f"(runs: {', '.join(f'{s:.2f}' for s in starts)})")
        print(f"peak memory of the app process (window on 100k applications): "
              f"{child_peak_mb:.0f} MB")
        timings, shown, sort_time = filter_timings(data_dir, "analyst")
        print("filter, per keystroke of 'analyst' (ms): "
              + ", ".join(f"{t * 1000:.0f}" for t in timings)
              + f"; worst {max(timings) * 1000:.0f} ms; {shown:,} rows match")
        print(f"sort 100k by company (first sort, keys built): {sort_time * 1000:.0f} ms")
        print(f"peak memory of this process (window + filtering): "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
