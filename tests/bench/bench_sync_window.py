"""The open window catching up with another process, on the 100,000-application benchmark
database: the time from the poll to every view brought up to date (table rows, search keys,
stage counts, Today, calendar, documents), for one `jobdesk attach` and for one application
edited elsewhere.

Run: QT_QPA_PLATFORM=offscreen PYTHONPATH=. python tests/bench/bench_sync_window.py [N]
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from jobdesk.db.database import DATABASE_FILE_NAME, open_database
    from jobdesk.domain.changes import Entity
    from jobdesk.services.container import Services
    from jobdesk.services.documents import store_and_attach
    from jobdesk.ui.main_window import MainWindow
    from jobdesk.ui.settings import UiSettings
    from tests.bench.largedb import build

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        build(data, applications=n, companies=n // 20, contacts=n // 5)
        services = Services.build(open_database(path=data / DATABASE_FILE_NAME))
        window = MainWindow(services, UiSettings.in_dir(data))
        window.show()
        app.processEvents()
        window.tabs.setCurrentWidget(window.views[Entity.APPLICATION])
        window.views[Entity.APPLICATION].table.selectRow(0)
        app.processEvents()
        poller = window.external_changes
        poller.timer.stop()
        other_path = data / DATABASE_FILE_NAME

        def timed(write) -> float:
            write()
            t0 = time.perf_counter()
            poller.poll()
            app.processEvents()  # the views' queued refreshes
            return time.perf_counter() - t0

        other = sqlite3.connect(other_path, isolation_level=None, timeout=5)
        edits = [timed(lambda i=i: other.execute(
            "UPDATE application SET stage = 'screening', notes = ? WHERE id = ?",
            (f"x{i}", 100 + i))) for i in range(20)]
        other.close()
        app_id = window.views[Entity.APPLICATION].selected_ids()[0]

        # what `jobdesk attach` writes, through the services on a second connection (a
        # second database object; the tables are bound back to the window's afterwards)
        f = data / "cv.pdf"
        t_attach = []
        for k in range(5):
            def attach(k=k):
                from jobdesk.db.schema import database_proxy
                db2 = open_database(path=other_path)
                s2 = Services.build(db2, data_dir=data)
                f.write_bytes(b"%PDF cv " + str(k).encode())
                store_and_attach(s2.documents, [f], app_id)
                db2.close()
                database_proxy.initialize(services.store.db)
            t_attach.append(timed(attach))
        shown = len(window.documents_panel.attached())
        print(f"{n:,} applications; documents panel shows {shown} attached")
        print(f"window catch-up after another process edited 1 application: median "
              f"{statistics.median(edits) * 1000:.1f} ms, max {max(edits) * 1000:.1f} ms")
        print(f"window catch-up after another process attached a document: median "
              f"{statistics.median(t_attach) * 1000:.1f} ms, max {max(t_attach) * 1000:.1f} ms")
        window.close()


if __name__ == "__main__":
    main()
