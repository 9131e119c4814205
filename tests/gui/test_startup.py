"""Start-up: what the first window does not use is not imported, the daily backup and the
database check run after the window is up."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from jobdesk.db.database import DATABASE_FILE_NAME
from jobdesk.domain.changes import Entity
from jobdesk.services.demo import load_demo
from jobdesk.ui.safety import SafetyController

LAZY_MODULES = ("icalendar", "jinja2", "keyring", "smtplib", "ssl", "email.message",
                "dateutil.rrule")


def test_the_first_window_on_an_empty_database_imports_no_mail_calendar_or_templates(tmp_path):
    """... and the cycle collector is paused while the window is built, on again after."""
    script = textwrap.dedent(f"""
        import gc, json, sys
        import jobdesk.app
        import jobdesk.ui.main_window as main_window
        collecting = []
        build = main_window.MainWindow.__init__
        def recording(self, *args, **kwargs):
            collecting.append(gc.isenabled())
            build(self, *args, **kwargs)
        main_window.MainWindow.__init__ = recording
        code = jobdesk.app.main(["--data-dir", {str(tmp_path / "data")!r}, "--smoke-test"])
        print(json.dumps({{"code": code,
                           "loaded": [m for m in {LAZY_MODULES!r} if m in sys.modules],
                           "collecting": collecting + [gc.isenabled()],
                           "frozen": gc.get_freeze_count() > 0}}))
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("JOBDESK_DATA_DIR", None)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"code": 0, "loaded": [], "collecting": [False, True], "frozen": True}


# ---- the checks and the daily backup run after the window is up -----------------------------

@pytest.fixture
def start(qtbot, data_dir, window_factory):
    """A SafetyController over the demo data in ``data_dir`` (one manual backup, no daily one),
    and a function that opens it the way the window's start does."""
    make_window = window_factory
    windows = window_factory.windows
    ctl = SafetyController(data_dir, make_window)
    services = ctl.open()
    load_demo(services)
    services.store.db.close()
    for info in ctl.backups.list():  # the first open made a daily one: start as if none were
        info.path.unlink()

    def open_window():
        services = ctl.open(defer_checks=True)
        window = make_window(services)
        ctl.attach(window)
        window.show()
        return window

    yield ctl, open_window, windows
    if ctl.services is not None and not ctl.services.store.db.is_closed():
        ctl.services.store.db.close()


def test_the_daily_backup_is_made_after_the_window_is_shown(qtbot, start):
    ctl, open_window, _ = start
    window = open_window()
    assert ctl.backups.list() == []  # the window is up and nothing was copied yet
    with qtbot.waitSignal(ctl.sig_start_checks_done, timeout=20000) as blocker:
        assert ctl.start_checks() is not None
    result = blocker.args[0]
    assert result.problems == [] and result.backup is not None
    assert [b.reason for b in ctl.backups.list()] == ["daily"]
    assert "Daily backup made and verified" in window.statusBar().currentMessage()
    assert ctl.start_checks() is None  # once per start


def _damage_a_page_the_window_never_reads(db_file: Path) -> None:
    """A table JobDesk never reads, with one of its leaf pages overwritten: the file opens and
    the window loads, but ``PRAGMA quick_check`` fails."""
    conn = sqlite3.connect(db_file)
    conn.execute("CREATE TABLE ballast (id INTEGER PRIMARY KEY, text TEXT)")
    conn.executemany("INSERT INTO ballast (text) VALUES (?)", [("x" * 500,)] * 200)
    conn.commit()
    root, = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ballast'").fetchone()
    page_size, = conn.execute("PRAGMA page_size").fetchone()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    with open(db_file, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        header = fh.read(12)
        assert header[0] == 0x05  # an interior table page: its children are leaves
        leaf = int.from_bytes(header[8:12], "big")  # the right-most child
        fh.seek((leaf - 1) * page_size)
        fh.write(b"\xff" * 64)


def test_a_check_failing_after_start_stops_writing_and_offers_the_restore(qtbot, start,
                                                                         data_dir):
    ctl, open_window, windows = start
    db_file = data_dir / DATABASE_FILE_NAME
    backup = ctl.backups.create()  # a good backup from before the damage
    _damage_a_page_the_window_never_reads(db_file)

    window = open_window()  # the damage is not in what the window reads: it opens
    view = window.views[Entity.APPLICATION]
    with qtbot.waitSignal(ctl.sig_start_checks_done, timeout=20000) as blocker:
        ctl.start_checks()
    assert blocker.args[0].problems and blocker.args[0].backup is None  # no backup of it
    dialog = ctl.damaged_dialog
    assert dialog is not None and dialog.isVisible()
    assert "after it opened" in dialog.label.text() and "stopped saving" in dialog.label.text()
    assert "The database is damaged" in window.statusBar().currentMessage()

    # an edit typed now is refused with a clear message and not written
    window.tabs.setCurrentWidget(view)
    index = view.model.index(0, 1)  # the job title of the first row
    app_id = next(a.id for a in window.services.applications.list()
                  if a.job_title == index.data())
    before = index.data()
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "Typed after the damage")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "stopped saving" in window.statusBar().currentMessage())
    assert "not saved" in window.statusBar().currentMessage()
    assert window.services.applications.get(app_id).job_title == before
    assert view.model.index(view.model.row_of(app_id), 1).data() == before

    # the offer restores the good backup and opens a new window on it; the damaged file stays
    with qtbot.waitSignal(ctl.sig_window_replaced):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert list(data_dir.glob(f"{DATABASE_FILE_NAME}.damaged-*"))
    new_window = windows[-1]
    assert new_window is not window and new_window.isVisible()
    restored = new_window.services
    restored.applications.update(app_id, job_title="Saved after the restore")
    assert restored.applications.get(app_id).job_title == "Saved after the restore"
    assert backup.path.exists()
