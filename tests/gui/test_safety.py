"""The window's safety features: Back up now, the backups dialog and restore, the damaged
database offer, crash reports, a read-only database, and one instance per data folder."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from jobdesk.domain.changes import Entity
from jobdesk.services.backups import BackupService, RotationPolicy
from jobdesk.services.demo import load_demo
from jobdesk.ui.backups_dialog import DamagedDatabaseDialog
from jobdesk.ui.crash import NO_DATA_LOST, CrashHandler
from jobdesk.ui.instance import InstanceGuard
from jobdesk.ui.main_window import MainWindow
from jobdesk.ui.safety import SafetyController


@pytest.fixture
def controller(qtbot, data_dir, window_factory):
    make_window = window_factory
    ctl = SafetyController(data_dir, make_window)
    services = ctl.open()
    load_demo(services)
    window = make_window(services)
    ctl.attach(window)
    window.show()
    yield ctl
    if ctl.services is not None and not ctl.services.store.db.is_closed():
        ctl.services.store.db.close()


def test_back_up_now_from_the_file_menu(qtbot, controller):
    window = controller.window
    action = window.findChild(type(controller.backup_action), "backup_now_action")
    assert action in window.file_menu.actions()
    with qtbot.waitSignal(controller.sig_backup_done, timeout=10000) as blocker:
        action.trigger()
    info = blocker.args[0]
    assert info.reason == "manual"
    assert BackupService.summarize(info.path).counts["application"] == 80
    assert "Backed up and verified" in window.statusBar().currentMessage()


def test_backups_dialog_lists_counts_and_restore_reopens_the_window(qtbot, qtmodeltester,
                                                                   controller):
    services = controller.services
    logged = services.store.count(Entity.INTERACTION)
    with qtbot.waitSignal(controller.sig_backup_done, timeout=10000):
        controller.back_up_now()
    services.companies.create(name="Added after the backup")
    dialog = controller.show_backups()
    qtmodeltester.check(dialog.model)
    model = dialog.model
    # the start-up backup of today stays beside the one made by hand (newest first)
    assert model.rowCount() == 2
    reasons = [model.index(r, 1).data() for r in range(2)]
    assert reasons[0] == "on request" and reasons[1] != "on request"
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[1] == "on request" and row[3:] == ["25", "60", "80", str(logged)]
    assert dialog.restore_button.isEnabled()

    old_window = controller.window
    with qtbot.waitSignal(controller.sig_window_replaced, timeout=10000) as blocker:
        dialog.restore_button.click()
    new_window = blocker.args[0]
    assert new_window is not old_window and new_window.isVisible()
    assert "Restored the backup" in new_window.statusBar().currentMessage()
    names = {c.name for c in controller.services.companies.list()}
    assert "Added after the backup" not in names and len(names) == 25
    reasons = sorted(b.reason for b in controller.backups.list())
    assert "before-restore" in reasons  # the state before the restore is kept


def test_rotation_settings_in_the_dialog_are_stored(qtbot, controller):
    dialog = controller.show_backups()
    dialog.daily.setValue(3)
    assert controller.backups.policy() == RotationPolicy(3, 4, 6)
    dialog.daily.setValue(0)
    dialog.weekly.setValue(0)
    dialog.monthly.setValue(0)
    assert "at least one" in dialog.policy_error.text()
    assert controller.backups.policy() == RotationPolicy(0, 0, 6)  # the last valid one


def test_damaged_database_dialog_offers_the_newest_good_backup(qtbot, controller):
    info = controller.backups.create()
    summary = BackupService.summarize(info.path)
    dialog = DamagedDatabaseDialog("jobdesk.sqlite3 is truncated.", info, summary)
    qtbot.addWidget(dialog)
    text = dialog.label.text()
    assert "truncated" in text and "80 applications" in text and "damaged-" in text
    with qtbot.waitSignal(dialog.accepted):
        dialog.restore_button.click()
    none = DamagedDatabaseDialog("broken", None, None)
    qtbot.addWidget(none)
    assert none.restore_button is None and "no good backup" in none.label.text()


def test_unhandled_exception_is_logged_and_shown_and_the_app_carries_on(qtbot, tmp_path):
    log_file = tmp_path / "crash.log"
    handler_ = logging.FileHandler(log_file)
    logging.getLogger().addHandler(handler_)
    crash = CrashHandler(log_file)
    crash.install()
    try:
        try:
            raise ValueError("boom in a slot")
        except ValueError:
            sys.excepthook(*sys.exc_info())
        dialog = crash.dialog
        assert dialog is not None and dialog.isVisible() and not dialog.isModal()
        assert "ValueError: boom in a slot" in dialog.text.toPlainText()
        assert NO_DATA_LOST in dialog.note.text()
        dialog.copy_report()
        from PySide6.QtGui import QGuiApplication

        assert "boom in a slot" in QGuiApplication.clipboard().text()

        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: "ZeroDivisionError" in dialog.text.toPlainText())
    finally:
        crash.uninstall()
        logging.getLogger().removeHandler(handler_)
        handler_.close()
        if crash.dialog:
            crash.dialog.close()
    logged = log_file.read_text()
    assert "boom in a slot" in logged and "ZeroDivisionError" in logged
    assert sys.excepthook is not crash.handle


def test_read_only_database_edit_is_reported_and_not_shown_as_saved(qtbot, services,
                                                                    ui_settings):
    window = MainWindow(services, ui_settings)
    qtbot.addWidget(window)
    window.show()
    services.store.db.execute_sql("PRAGMA query_only = 1")
    window._on_load_demo()
    box = window.findChild(QMessageBox, "error_message")
    assert box is not None and box.isVisible()
    assert "read-only" in box.text() and "not saved" in box.text()
    assert window.models[next(iter(window.models))].total_count() == 0
    assert services.is_empty()
    box.close()
    services.store.db.execute_sql("PRAGMA query_only = 0")


# ---- one instance per data folder ------------------------------------------------------

def _env() -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("JOBDESK_DATA_DIR", None)
    return env


def test_second_launch_hands_its_files_to_the_first_and_exits(qtbot, tmp_path):
    data = tmp_path / "data"
    log = data / "logs" / "jobdesk.log"
    first = subprocess.Popen([sys.executable, "-m", "jobdesk", "--data-dir", str(data)],
                             env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(lambda: log.exists() and "window shown" in log.read_text(),
                        timeout=30000)
        a, b = tmp_path / "cv.pdf", tmp_path / "letter.txt"
        a.write_text("x")
        b.write_text("y")
        second = subprocess.run(
            [sys.executable, "-m", "jobdesk", "--data-dir", str(data), str(a), str(b)],
            env=_env(), capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "already runs" in second.stderr
        qtbot.waitUntil(lambda: f"open: {a}, {b}" in log.read_text(), timeout=10000)
        smoke = subprocess.run(
            [sys.executable, "-m", "jobdesk", "--data-dir", str(data), "--smoke-test"],
            env=_env(), capture_output=True, text=True, timeout=60)
        assert smoke.returncode == 2 and "smoke test refused" in smoke.stderr
        assert first.poll() is None  # the first one is still running
    finally:
        first.kill()
        first.wait(timeout=30)


def test_a_lock_left_by_a_killed_run_is_recovered(qtbot, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    code = ("import sys, time\nfrom PySide6.QtCore import QCoreApplication\n"
            "from jobdesk.ui.instance import InstanceGuard\napp = QCoreApplication([])\n"
            "g = InstanceGuard(sys.argv[1]); assert g.try_lock(); g.listen()\n"
            "print('locked', flush=True); time.sleep(600)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(data)], env=_env(),
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    guard = InstanceGuard(data)
    assert not guard.try_lock()  # held by a live process
    assert str(holder.pid) in guard.holder_text()
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert Path(data / "jobdesk.lock").exists()
    assert guard.try_lock()  # stale: its process is gone
    assert guard.listen()  # the killed run's socket is replaced too
    guard.release()
