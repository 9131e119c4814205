"""Attach a 50 MB file through the window's document store and measure:

- the longest stall of the GUI event loop (a QTimer ticks every 5 ms during the attach),
- the attach throughput in MB/s, against a plain file copy of the same file.

Run: PYTHONPATH=. python tests/bench/bench_documents.py
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = 50 * 1024 * 1024


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from jobdesk.db.database import DATABASE_FILE_NAME, open_database
    from jobdesk.services.container import Services
    from jobdesk.services.demo import load_demo
    from jobdesk.ui.main_window import MainWindow
    from jobdesk.ui.settings import UiSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    root = Path(tempfile.mkdtemp(prefix="jobdesk-bench-"))
    rounds = 3
    try:
        data = root / "data"
        data.mkdir()
        sources = []
        for i in range(rounds):  # different content each round: every attach stores anew
            source = root / f"portfolio-{i}.pdf"
            with open(source, "wb") as fh:
                for _ in range(SIZE // (1 << 20)):
                    fh.write(os.urandom(1 << 20))
                fh.flush()
                os.fsync(fh.fileno())  # no dirty pages left for a later fsync to pay for
            sources.append(source)
        db = open_database(path=data / DATABASE_FILE_NAME)
        services = Services.build(db, data_dir=data)
        load_demo(services)
        window = MainWindow(services, UiSettings.in_dir(data))
        window.show()
        app.processEvents()
        app_ids = [a.id for a in services.applications.list()[:rounds]]

        plain_s, attach_s, stalls = [], [], []
        for source, app_id in zip(sources, app_ids, strict=True):
            # a plain copy of the same file to the same disk, fsynced like the store does
            target = root / "plain.bin"
            start = time.perf_counter()
            shutil.copyfile(source, target)
            with open(target, "rb+") as fh:
                os.fsync(fh.fileno())
            plain_s.append(time.perf_counter() - start)
            target.unlink()

            gaps: list[float] = []
            ends: list[float] = []
            last = [0.0]

            def tick(gaps=gaps, last=last, ends=ends) -> None:
                now = time.perf_counter()
                gaps.append(now - last[0])
                ends.append(now)
                last[0] = now

            timer = QTimer(interval=5)
            timer.timeout.connect(tick)
            loop = QEventLoop()
            window.document_store.sig_batch_finished.connect(loop.quit)
            timer.start()
            last[0] = start = time.perf_counter()
            window._on_files_dropped(app_id, [str(source)])  # what a drop on the row does
            loop.exec()
            attach_s.append(time.perf_counter() - start)
            timer.stop()
            window.document_store.sig_batch_finished.disconnect(loop.quit)
            report = window.last_document_report
            assert report is not None and not report.failed, report
            assert report.done[0][1].linked and report.done[0][1].stored_new_version
            app.processEvents()  # the coalesced view refresh after the write
            stalls.append(max(gaps))
            worst = gaps.index(max(gaps))
            if os.environ.get("BENCH_VERBOSE"):
                print(f"  round: {attach_s[-1] * 1000:.0f} ms; longest stall "
                      f"{max(gaps) * 1000:.1f} ms ending at {(ends[worst] - start) * 1000:.0f} ms")

        mb = SIZE / 1e6
        attach = [mb / t for t in attach_s]
        plain = [mb / t for t in plain_s]
        stall_ms = max(stalls) * 1000
        print(f"attach 50 MB (hash + copy + fsync + rows), {rounds} rounds: "
              + ", ".join(f"{x:.0f}" for x in attach) + " MB/s")
        print("plain copy of the same files (+ fsync):          "
              + ", ".join(f"{x:.0f}" for x in plain) + " MB/s")
        print(f"attach / plain copy, median: {sorted(attach)[1] / sorted(plain)[1] * 100:.0f}%")
        print(f"GUI event loop: longest stall {stall_ms:.1f} ms (5 ms timer, limit 50 ms): "
              f"{'OK' if stall_ms < 50 else 'TOO SLOW'}")
        window.close()
        db.close()
        return 0 if stall_ms < 50 else 1
    finally:
        for path in (root / "data" / "documents").glob("*"):
            path.chmod(0o600)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
